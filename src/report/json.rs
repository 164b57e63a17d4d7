//! `json` (one document) and `jsonl` (one finding per line), with the fields of docs/architecture.md.

use std::io::{self, Write};

use serde::Serialize;

use super::Report;
use crate::finding::{Confidence, Finding, Validation};
use crate::scan::StatsSnapshot;

/// One finding as serialised. Field names are a contract (docs/architecture.md): add, never rename.
#[derive(Serialize)]
pub struct JsonFinding<'a> {
    pub rule_id: &'a str,
    pub rule_name: &'a str,
    pub path: &'a str,
    /// Inside an archive: the entry (a chain of names, `!/`-separated) that holds the finding.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inner: Option<&'a str>,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub end_line: Option<u32>,
    pub end_column: Option<u32>,
    pub redacted: String,
    pub secret_sha1: String,
    pub fingerprint: String,
    pub confidence: Confidence,
    pub validated: Option<Validation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<&'a str>,
    /// How the secret was decoded (`base64`, `url`, `escapes`, `base64/url` ...), when it was found
    /// inside encoded text; `line`/`column` then point at the encoded text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decoded: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commit: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_head: Option<bool>,
    /// `"real"` for a finding the baseline knows and labels real (it must still be rotated); absent for
    /// new findings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<&'static str>,
    /// Only with `--show-secrets`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
}

impl<'a> JsonFinding<'a> {
    pub fn new(f: &'a Finding, show_secrets: bool) -> Self {
        let c = f.commit.as_deref();
        JsonFinding {
            rule_id: &f.rule_id,
            rule_name: &f.rule_name,
            path: &f.path,
            inner: f.inner.as_deref(),
            line: f.line,
            column: f.column,
            end_line: f.end_line,
            end_column: f.end_column,
            redacted: if f.line.is_none() {
                f.location().into_owned()
            } else {
                f.secret.redacted()
            },
            secret_sha1: f.secret_sha1(),
            fingerprint: f.fingerprint(),
            confidence: f.confidence,
            validated: f.validated,
            note: f.note.as_deref(),
            decoded: f.decoded.as_deref(),
            commit: c.map(|c| c.commit.as_str()),
            author: c.map(|c| c.author.as_str()),
            email: c.map(|c| c.email.as_str()),
            date: c.map(|c| c.date.as_str()),
            in_head: c.map(|c| c.in_head),
            baseline: f.known_real.then_some("real"),
            secret: show_secrets.then(|| String::from_utf8_lossy(f.secret.expose()).into_owned()),
        }
    }
}

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    findings: Vec<JsonFinding<'a>>,
    stats: &'a StatsSnapshot,
}

pub fn write(r: &Report, out: &mut dyn Write, lines: bool) -> io::Result<()> {
    if lines {
        for f in r.findings {
            super::escape::to_json(&mut *out, &JsonFinding::new(f, r.show_secrets), false)?;
            out.write_all(b"\n")?;
        }
        return Ok(());
    }
    let doc = Document {
        version: 1,
        findings: r
            .findings
            .iter()
            .map(|f| JsonFinding::new(f, r.show_secrets))
            .collect(),
        stats: r.stats,
    };
    super::escape::to_json(&mut *out, &doc, true)?;
    out.write_all(b"\n")
}
