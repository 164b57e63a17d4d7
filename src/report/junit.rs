//! JUnit XML: each finding a failed test case, for the test-report views of CI systems (Jenkins'
//! JUnit plugin, GitLab's `artifacts:reports:junit`, Azure DevOps' `PublishTestResults@2`).
//!
//! The shape is the common denominator those readers accept: `<testsuites>` holding one
//! `<testsuite name="hush">`, whose `<testcase>`s carry `classname`, `name`, `file`, `line` and
//! `time`, and a `<failure message type>` (or `<error>`, `<skipped>`) child. The counts on
//! `<testsuites>` and `<testsuite>` (`tests`, `failures`, `errors`, `skipped`) are those of the cases.
//!
//! - A finding is a failed case: `classname` `hush.RULE-ID` (Jenkins splits a class name at its
//!   last dot into package and class, so paths, which hold dots, are not put there), `name` its
//!   location (`path:line:column`), `file` and `line` for the readers that link to the code. The
//!   failure's message says what was found, redacted; its text adds the line (redacted), the commit,
//!   and how to revoke and rotate.
//! - A finding the baseline labels real does not fail the run (exit code 0): it is a skipped case
//!   whose message says it still has to be rotated.
//! - A file or object that could not be read is an errored case (exit code 2: the scan is
//!   incomplete).
//! - With no finding and no error, one passing case says so, so that the report is never empty.
//!
//! Whole secrets never appear here, not even with `--show-secrets`: test reports are published to
//! everyone who can see the pipeline. What came from the scanned tree (paths, lines, authors) is
//! shown to people in those views, so it first goes through [`escape::text`] (no control or
//! bidirectional character survives: XML 1.0 cannot even carry most C0 controls), then XML escaping.

use std::io::{self, Write};

use super::{Report, escape, utc_timestamp};
use crate::finding::Finding;

pub fn write(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    let cases = cases(r);
    let count = |k: Kind| cases.iter().filter(|c| c.kind == k).count();
    let (failures, errors, skipped) = (
        count(Kind::Failure),
        count(Kind::Error),
        count(Kind::Skipped),
    );
    let time = seconds(r.stats.elapsed_ms);
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="hush" tests="{}" failures="{failures}" errors="{errors}" skipped="{skipped}" time="{time}">"#,
        cases.len()
    )?;
    writeln!(
        out,
        r#"  <testsuite name="hush" tests="{}" failures="{failures}" errors="{errors}" skipped="{skipped}" time="{time}" timestamp="{}">"#,
        cases.len(),
        utc_timestamp(r.started)
    )?;
    write_properties(r, out)?;
    for c in &cases {
        write_case(c, out)?;
    }
    writeln!(out, "  </testsuite>")?;
    writeln!(out, "</testsuites>")
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Passed,
    Failure,
    Error,
    Skipped,
}

/// One `<testcase>`, its strings as they will be shown (before XML escaping).
struct Case {
    kind: Kind,
    classname: String,
    name: String,
    file: Option<String>,
    line: Option<u32>,
    /// The `message` attribute (one line) and the `type` of a failure or error.
    message: String,
    kind_type: String,
    /// The element's text: several lines.
    text: String,
}

fn cases(r: &Report) -> Vec<Case> {
    let mut cases: Vec<Case> = r.findings.iter().map(|f| finding_case(r, f)).collect();
    for d in r.diagnostics.iter().filter(|d| d.error) {
        let path = if d.path.is_empty() {
            "(scan)".to_string()
        } else {
            escape::text(&d.path).into_owned()
        };
        cases.push(Case {
            kind: Kind::Error,
            classname: "hush.scan".into(),
            name: path,
            file: None,
            line: None,
            message: format!("not scanned: {}", escape::text(&d.message)),
            kind_type: "unreadable".into(),
            text: "This file or object could not be read, so the scan is incomplete (exit code 2)."
                .into(),
        });
    }
    if cases.is_empty() {
        cases.push(Case {
            kind: Kind::Passed,
            classname: "hush.scan".into(),
            name: format!(
                "no secrets found in {}",
                super::unit_count(super::scanned(r), r.unit)
            ),
            file: None,
            line: None,
            message: String::new(),
            kind_type: String::new(),
            text: String::new(),
        });
    }
    cases
}

fn finding_case(r: &Report, f: &Finding) -> Case {
    let location = escape::text(&f.location()).into_owned();
    let name = match (f.line, f.column) {
        (Some(l), Some(c)) => format!("{location}:{l}:{c}"),
        _ => location,
    };
    let rule_name = escape::text(&f.rule_name).into_owned();
    let facts = super::facts(f);
    let message = if f.line.is_none() {
        format!(
            "{rule_name}: this file's name marks it as holding credentials ({})",
            facts.join(", ")
        )
    } else {
        format!(
            "{rule_name} found: {} ({})",
            escape::text(&f.secret.redacted()),
            facts.join(", ")
        )
    };
    let mut text = vec![format!("{name}: {message}")];
    if let Some(ctx) = &f.context {
        text.push(format!("    {}", escape::text(ctx)));
    }
    if let Some(note) = &f.note {
        text.push(format!("Note: {}", escape::text(note)));
    }
    if let Some(c) = &f.commit {
        let short: String = c.commit.chars().take(12).collect();
        text.push(format!(
            "Commit {} by {} <{}> on {}{}",
            escape::text(&short),
            escape::text(&c.author),
            escape::text(&c.email),
            escape::text(&c.date),
            if c.in_head { "" } else { " (only in history)" }
        ));
    }
    if let Some(idx) = r.rules.find(&f.rule_id) {
        let rem = r.rules.get(idx).def.remediation.trim();
        if !rem.is_empty() {
            text.push(format!("To fix: {}", escape::text(rem)));
        }
    }
    text.push(format!(
        "Rule {}. To accept it: `hush:allow` in a comment on its line, or `hush baseline update`.",
        escape::text(&f.rule_id)
    ));
    let (kind, message) = if f.known_real {
        (
            Kind::Skipped,
            format!("known: labelled real in the baseline, still to be rotated. {message}"),
        )
    } else {
        (Kind::Failure, message)
    };
    Case {
        kind,
        classname: format!("hush.{}", escape::text(&f.rule_id)),
        name,
        file: Some(escape::text(&f.location()).into_owned()),
        line: f.line,
        message,
        kind_type: escape::text(&f.rule_id).into_owned(),
        text: text.join("\n"),
    }
}

fn write_case(c: &Case, out: &mut dyn Write) -> io::Result<()> {
    write!(
        out,
        r#"    <testcase classname="{}" name="{}""#,
        xml(&c.classname),
        xml(&c.name)
    )?;
    if let Some(file) = &c.file {
        write!(out, r#" file="{}""#, xml(file))?;
    }
    if let Some(line) = c.line {
        write!(out, r#" line="{line}""#)?;
    }
    write!(out, r#" time="0""#)?;
    let element = match c.kind {
        Kind::Passed => return writeln!(out, "/>"),
        Kind::Failure => "failure",
        Kind::Error => "error",
        Kind::Skipped => "skipped",
    };
    writeln!(out, ">")?;
    if c.kind == Kind::Skipped {
        // JUnit's `<skipped>` has a message only.
        writeln!(out, r#"      <skipped message="{}"/>"#, xml(&c.message))?;
    } else {
        writeln!(
            out,
            r#"      <{element} message="{}" type="{}">{}</{element}>"#,
            xml(&c.message),
            xml(&c.kind_type),
            xml(&c.text).replace("&#10;", "\n")
        )?;
    }
    writeln!(out, "    </testcase>")
}

/// The counters, as `<properties>` (Jenkins and GitLab ignore them; they are for people reading the
/// file, and for tools that collect them).
fn write_properties(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    let stats = serde_json::to_value(r.stats).map_err(io::Error::other)?;
    let Some(stats) = stats.as_object() else {
        return Ok(());
    };
    writeln!(out, "    <properties>")?;
    for (k, v) in stats {
        writeln!(
            out,
            r#"      <property name="hush.stats.{}" value="{}"/>"#,
            xml(k),
            xml(&v.to_string())
        )?;
    }
    writeln!(out, "    </properties>")
}

fn seconds(ms: u64) -> String {
    format!("{}.{:03}", ms / 1000, ms % 1000)
}

/// XML character data and attribute values: the five predefined entities, and the characters XML 1.0
/// does not allow (controls are already escaped by [`escape::text`]; U+FFFE and U+FFFF remain),
/// shown as escapes. Newlines (ours, between lines of a failure's text) are kept in text; in an
/// attribute a parser would fold them to spaces, so they are written as `&#10;`.
pub fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\u{fffe}' | '\u{ffff}' => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c if escape::is_unsafe(c) => out.push_str(&escape::text(&c.to_string())),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escapes_markup_and_what_xml_cannot_carry() {
        assert_eq!(
            xml(r#"<a href="x">&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;"
        );
        assert_eq!(xml("a\nb"), "a&#10;b");
        assert_eq!(xml("\x1b[2J\u{ffff}"), "\\x1b[2J\\u{ffff}");
        assert_eq!(seconds(1234), "1.234");
        assert_eq!(seconds(5), "0.005");
    }
}
