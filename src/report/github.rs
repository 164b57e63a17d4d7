//! GitHub Actions workflow commands: one annotation per finding, which GitHub shows on the pull
//! request's diff and in the run summary.
//!
//! Format and escaping per https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions
//! (`::error file=F,line=L,endLine=E,col=C,endColumn=D,title=T::MESSAGE`): in the message, `%`, CR
//! and LF are percent-encoded; in property values, `:` and `,` are too. Values are redacted; whole
//! secrets never appear here, since annotations are visible to anyone who can read the run.
//!
//! The runner decodes only those escapes, and the log viewer interprets ANSI sequences, so what came
//! from the scanned tree (paths, lines, authors, rule names) is first made visible by
//! [`escape::text`]: a newline in a file name shows as `\n`, not as a forged annotation.
//!
//! GitHub shows only 10 annotations of each kind per step (and 50 per job:
//! https://github.com/actions/toolkit/blob/main/docs/problem-matchers.md, "Limitations"), so one
//! `::notice` first says how many were found in all, even when some annotations are not shown.

use std::io::{self, Write};

use super::{Report, escape, plural, unit_count};
use crate::finding::{Confidence, Finding};

pub fn write(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    if !r.quiet {
        writeln!(
            out,
            "::notice title=hush summary::{}",
            escape_data(&summary(r))
        )?;
    }
    for f in r.findings {
        writeln!(out, "{}", annotation(r, f))?;
    }
    Ok(())
}

/// One line: how many secrets of which confidence, what was scanned, and whether it was all read.
fn summary(r: &Report) -> String {
    let s = r.stats;
    let n = r.findings.len();
    let count = |c: Confidence| r.findings.iter().filter(|f| f.confidence == c).count();
    let mut parts = Vec::new();
    if s.errors > 0 {
        parts.push(format!(
            "scan incomplete: {} (see the log)",
            plural(s.errors, "error", "errors")
        ));
    }
    if n == 0 {
        parts.push(if s.errors > 0 {
            "no secrets found in what was read".to_string()
        } else {
            "no secrets found".to_string()
        });
    } else {
        let files: std::collections::BTreeSet<&str> =
            r.findings.iter().map(|f| f.path.as_str()).collect();
        parts.push(format!(
            "{} found in {} ({} high, {} medium, {} low confidence)",
            plural(n as u64, "secret", "secrets"),
            plural(files.len() as u64, "file", "files"),
            count(Confidence::High),
            count(Confidence::Medium),
            count(Confidence::Low),
        ));
    }
    parts.push(format!("scanned {}", unit_count(super::scanned(r), r.unit)));
    if n > 10 {
        parts.push(
            "GitHub shows at most 10 annotations of each kind per step: every finding is in this log"
                .to_string(),
        );
    }
    parts.join("; ")
}

fn annotation(r: &Report, f: &Finding) -> String {
    let command = match f.confidence {
        Confidence::High => "error",
        Confidence::Medium => "warning",
        Confidence::Low => "notice",
    };
    let mut props = vec![("file", escape::text(&f.path).into_owned())];
    // Inside an archive or an image, the line and column are those of the file inside: the
    // annotation goes on the outer file as a whole, and the message says where.
    let lines_apply = f.inner.is_none();
    if let (Some(l), Some(c), true) = (f.line, f.column, lines_apply) {
        props.push(("line", l.to_string()));
        props.push(("col", c.to_string()));
        if let (Some(el), Some(ec)) = (f.end_line, f.end_column) {
            props.push(("endLine", el.to_string()));
            props.push(("endColumn", ec.to_string()));
        }
    }
    props.push(("title", format!("hush: {}", escape::text(&f.rule_name))));
    let props: Vec<String> = props
        .into_iter()
        .map(|(k, v)| format!("{k}={}", escape_property(&v)))
        .collect();
    format!(
        "::{command} {}::{}",
        props.join(","),
        escape_data(&message(r, f))
    )
}

/// The message: several lines, each built from escaped pieces, so the only line breaks are ours.
fn message(r: &Report, f: &Finding) -> String {
    let lines: Vec<String> = message_lines(r, f)
        .iter()
        .map(|l| escape::text(l).into_owned())
        .collect();
    lines.join("\n")
}

fn message_lines(r: &Report, f: &Finding) -> Vec<String> {
    let mut lines = Vec::new();
    if f.line.is_none() {
        lines.push(format!(
            "{} ({} confidence): this file's name marks it as holding credentials; it should not be committed.",
            f.rule_name,
            f.confidence.as_str()
        ));
    } else {
        let facts = super::facts(f);
        lines.push(format!(
            "{} {} ({})",
            f.rule_name,
            f.secret.redacted(),
            facts.join(", ")
        ));
        if let Some(ctx) = &f.context {
            lines.push(ctx.clone());
        }
    }
    if f.inner.is_some() {
        lines.push(inside(f));
    }
    if let Some(c) = &f.commit {
        let short: String = c.commit.chars().take(12).collect();
        lines.push(format!(
            "commit {short} by {} on {}{}",
            c.author,
            c.date,
            if c.in_head { "" } else { " (only in history)" }
        ));
    }
    if let Some(idx) = r.rules.find(&f.rule_id) {
        let rem = r.rules.get(idx).def.remediation.trim();
        if !rem.is_empty() {
            lines.push(format!("To fix: {rem}"));
        }
    }
    lines
}

/// For a finding inside an archive or an image: the whole chain (`outer!/inner`), the line in the
/// innermost file, and what the source says of it (an image: whether it is still in the image).
pub(super) fn inside(f: &Finding) -> String {
    let mut s = format!("inside {}", f.location());
    if let Some(l) = f.line {
        s.push_str(&format!(", line {l}"));
    }
    if let Some(n) = &f.note {
        s.push_str(&format!(" ({n})"));
    }
    s
}

/// The message part of a workflow command.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value of a workflow command.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_the_runner() {
        assert_eq!(escape_data("50% a\r\nb"), "50%25 a%0D%0Ab");
        assert_eq!(escape_data("a:b,c"), "a:b,c");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
