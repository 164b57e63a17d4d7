//! CSV: one row per finding, for spreadsheets and ad-hoc tooling (`--format csv`).
//!
//! RFC 4180 (https://www.rfc-editor.org/rfc/rfc4180): a header row, then one record per finding,
//! each line ended by CRLF; a field holding a comma, a double quote, CR or LF is enclosed in double
//! quotes, and a double quote inside it is doubled. The columns are the JSON report's fields, in
//! its order (docs/architecture.md), with empty cells where JSON has `null` or no field.
//!
//! Spreadsheets run a cell that begins with `=`, `+`, `-` or `@` (and some, after a tab or a carriage
//! return) as a formula: a file named `=HYPERLINK(...)` would become a link, or worse, in whoever
//! opens the report ("CSV injection", https://owasp.org/www-community/attacks/CSV_Injection). Such
//! a cell, even after leading spaces, gets a `'` in front, which spreadsheets show as text and hide;
//! the value is otherwise unchanged.
//!
//! A report is also printed to terminals: what came from the scanned tree goes through
//! [`escape::text`] first (a newline in a file name shows as `\n`), so a record is always one line.
//! Whole secrets never appear here, not even with `--show-secrets`: spreadsheets get mailed around.

use std::io::{self, Write};

use super::{Report, escape};
use crate::finding::{Finding, Validation};

/// The columns, in order: the JSON report's field names.
pub const COLUMNS: [&str; 21] = [
    "rule_id",
    "rule_name",
    "path",
    "inner",
    "line",
    "column",
    "end_line",
    "end_column",
    "redacted",
    "secret_sha1",
    "fingerprint",
    "confidence",
    "validated",
    "note",
    "decoded",
    "commit",
    "author",
    "email",
    "date",
    "in_head",
    "baseline",
];

pub fn write(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    record(out, COLUMNS.iter().map(|c| c.to_string()))?;
    for f in r.findings {
        record(out, row(f))?;
    }
    Ok(())
}

fn row(f: &Finding) -> Vec<String> {
    let num = |n: Option<u32>| n.map(|n| n.to_string()).unwrap_or_default();
    let text = |s: Option<&str>| s.map(|s| escape::text(s).into_owned()).unwrap_or_default();
    let c = f.commit.as_deref();
    let redacted = if f.line.is_none() {
        f.location().into_owned()
    } else {
        f.secret.redacted()
    };
    vec![
        text(Some(&f.rule_id)),
        text(Some(&f.rule_name)),
        text(Some(&f.path)),
        text(f.inner.as_deref()),
        num(f.line),
        num(f.column),
        num(f.end_line),
        num(f.end_column),
        text(Some(&redacted)),
        f.secret_sha1(),
        f.fingerprint(),
        f.confidence.as_str().to_string(),
        match f.validated {
            Some(Validation::Checksum) => "checksum",
            Some(Validation::Structure) => "structure",
            Some(Validation::Failed) => "failed",
            None => "",
        }
        .to_string(),
        text(f.note.as_deref()),
        text(f.decoded.as_deref()),
        text(c.map(|c| c.commit.as_str())),
        text(c.map(|c| c.author.as_str())),
        text(c.map(|c| c.email.as_str())),
        text(c.map(|c| c.date.as_str())),
        c.map(|c| c.in_head.to_string()).unwrap_or_default(),
        if f.known_real { "real" } else { "" }.to_string(),
    ]
}

fn record(out: &mut dyn Write, cells: impl IntoIterator<Item = String>) -> io::Result<()> {
    let cells: Vec<String> = cells.into_iter().map(|c| cell(&c)).collect();
    out.write_all(cells.join(",").as_bytes())?;
    out.write_all(b"\r\n")
}

/// One field: defused ([`defuse`]), then quoted if RFC 4180 requires it.
pub fn cell(value: &str) -> String {
    let value = defuse(value);
    if value.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// `value` with a `'` in front when a spreadsheet would read it as a formula: its first character,
/// after any spaces, is `=`, `+`, `-`, `@`, a tab or a carriage return.
pub fn defuse(value: &str) -> String {
    let first = value.trim_start_matches(' ').chars().next();
    if matches!(first, Some('=' | '+' | '-' | '@' | '\t' | '\r')) {
        format!("'{value}")
    } else {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_as_rfc_4180_says() {
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell(""), "");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("a\r\nb"), "\"a\r\nb\"");
    }

    #[test]
    fn cells_a_spreadsheet_would_run_are_defused() {
        for formula in [
            "=HYPERLINK(\"http://x\")",
            "+1",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "  =1+1",
        ] {
            assert_eq!(defuse(formula), format!("'{formula}"), "{formula:?}");
        }
        for text in ["a=b", "src/x.py", "ghp_Ab…kQ", "1", " x"] {
            assert_eq!(defuse(text), text);
        }
        // Defused, then quoted: the quote mark is inside the quotes.
        assert_eq!(cell("=1,2"), "\"'=1,2\"");
    }
}
