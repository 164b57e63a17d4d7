//! GitHub Actions workflow commands: one annotation per finding, which GitHub shows on the pull
//! request's diff and in the run summary.
//!
//! Format and escaping per https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions
//! (`::error file=F,line=L,endLine=E,col=C,endColumn=D,title=T::MESSAGE`): in the message, `%`, CR
//! and LF are percent-encoded; in property values, `:` and `,` are too. Values are redacted; whole
//! secrets never appear here, since annotations are visible to anyone who can read the run.

use std::io::{self, Write};

use super::Report;
use crate::finding::{Confidence, Finding, Validation};

pub fn write(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    for f in r.findings {
        writeln!(out, "{}", annotation(r, f))?;
    }
    Ok(())
}

fn annotation(r: &Report, f: &Finding) -> String {
    let command = match f.confidence {
        Confidence::High => "error",
        Confidence::Medium => "warning",
        Confidence::Low => "notice",
    };
    let mut props = vec![("file", f.path.clone())];
    if let (Some(l), Some(c)) = (f.line, f.column) {
        props.push(("line", l.to_string()));
        props.push(("col", c.to_string()));
        if let (Some(el), Some(ec)) = (f.end_line, f.end_column) {
            props.push(("endLine", el.to_string()));
            props.push(("endColumn", ec.to_string()));
        }
    }
    props.push(("title", format!("hush: {}", f.rule_name)));
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

fn message(r: &Report, f: &Finding) -> String {
    let mut lines = Vec::new();
    if f.line.is_none() {
        lines.push(format!(
            "{} ({} confidence): this file's name marks it as holding credentials; it should not be committed.",
            f.rule_name,
            f.confidence.as_str()
        ));
    } else {
        let mut facts = vec![format!("{} confidence", f.confidence.as_str())];
        match f.validated {
            Some(Validation::Checksum) => facts.push("checksum verified".into()),
            Some(Validation::Structure) => facts.push("structure verified".into()),
            Some(Validation::Failed) => facts.push("offline check failed".into()),
            None => {}
        }
        if let Some(d) = &f.decoded {
            facts.push(format!("found in {d}-encoded text"));
        }
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
    lines.join("\n")
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
