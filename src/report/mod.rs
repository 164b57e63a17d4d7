//! Reports: findings to bytes, one module per format. Findings arrive sorted; every format writes the
//! same findings in the same order, so output is identical from run to run.
//!
//! Secrets: only `human`, `json` and `jsonl` print whole secrets, and only with `--show-secrets`.
//! `sarif`, `github`, `gitlab`, `junit` and `csv` never do: they are made to be uploaded to shared
//! dashboards, CI logs and test reports, or passed around as spreadsheets, where a secret would be
//! leaked again.
//!
//! `rule_page` is not a findings report: it writes the rule catalogue as Markdown (docs/rules.md).

pub mod csv;
pub mod escape;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod rule_page;
pub mod sarif;

use std::io::{self, Write};
use std::time::SystemTime;

use crate::diagnostic::Diagnostic;
use crate::finding::{Finding, Validation};
use crate::rule::{Rule, RuleSet};
use crate::scan::StatsSnapshot;

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Text for people, grouped by file, with a summary.
    Human,
    /// One JSON document (`version`, `findings`, `stats`).
    Json,
    /// One JSON finding per line.
    Jsonl,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF tools.
    Sarif,
    /// GitHub Actions workflow commands: one `::error` annotation per finding.
    Github,
    /// GitLab secret-detection report (`gl-secret-detection-report.json`).
    Gitlab,
    /// JUnit XML: each finding a failed test case (Jenkins, GitLab, Azure DevOps test reports).
    Junit,
    /// CSV (RFC 4180): one row per finding, the JSON fields as columns, for spreadsheets.
    Csv,
}

impl Format {
    /// Whether `--show-secrets` can make this format print whole secrets.
    pub fn may_show_secrets(self) -> bool {
        matches!(self, Format::Human | Format::Json | Format::Jsonl)
    }
}

/// What a report is made of.
pub struct Report<'a> {
    pub findings: &'a [Finding],
    pub stats: &'a StatsSnapshot,
    pub diagnostics: &'a [Diagnostic],
    pub rules: &'a RuleSet,
    /// Print whole secrets (`--show-secrets`; honoured by human, json and jsonl only).
    pub show_secrets: bool,
    pub color: bool,
    /// `-q`: findings only, no summary.
    pub quiet: bool,
    /// `-v`: skipped files are listed on stderr (so the summary need not point there).
    pub verbose: bool,
    /// What was scanned, for the summary line ("files", "blobs", "staged files").
    pub unit: &'a str,
    /// When the scan started (GitLab's `scan.start_time`); it ended `stats.elapsed_ms` later.
    pub started: SystemTime,
    /// The commit the scanned files belong to, when known (GitLab CI's `CI_COMMIT_SHA`), for reports
    /// that require a commit on every finding.
    pub commit: Option<String>,
    /// Whether inline `hush:allow` pragmas count in this run (not under `--ignore-pragmas`): only
    /// then may a report offer one as a way to accept a finding.
    pub pragmas: bool,
}

/// How a report says a finding can be accepted: only ways that work for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Accept {
    /// A pragma on its line, or the baseline.
    InlineOrBaseline,
    /// The baseline only: a blocked file name (no line to comment), or `--ignore-pragmas`.
    Baseline,
    /// A history finding: a commit cannot take a pragma; `update --history` records it.
    History,
}

impl Accept {
    /// The way that works for findings of `rule` in report `r`.
    pub fn for_rule(r: &Report, rule: &Rule) -> Accept {
        if r.findings.iter().any(|f| f.commit.is_some()) {
            Accept::History
        } else if r.pragmas && !rule.is_filename_rule() {
            Accept::InlineOrBaseline
        } else {
            Accept::Baseline
        }
    }

    /// One sentence, starting "To accept a finding".
    pub fn sentence(self) -> &'static str {
        match self {
            Accept::InlineOrBaseline => {
                "To accept a finding, add `hush:allow` in a comment on its line, or record it with `hush baseline update`."
            }
            Accept::Baseline => "To accept a finding, record it with `hush baseline update`.",
            Accept::History => {
                "To accept a finding (rotated, or not a secret), record it with `hush baseline update --history`, which keys it by path and hash, never by commit."
            }
        }
    }
}

pub fn write(format: Format, report: &Report, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Human => human::write(report, out),
        Format::Json => json::write(report, out, false),
        Format::Jsonl => json::write(report, out, true),
        Format::Sarif => sarif::write(report, out),
        Format::Github => github::write(report, out),
        Format::Gitlab => gitlab::write(report, out),
        Format::Junit => junit::write(report, out),
        Format::Csv => csv::write(report, out),
    }
}

/// What a report says of a finding beside its rule: confidence, the offline check, and the encoding
/// it was found through ("high confidence, checksum verified, found in base64-encoded text").
pub(crate) fn facts(f: &Finding) -> Vec<String> {
    let mut facts = vec![format!("{} confidence", f.confidence.as_str())];
    match f.validated {
        Some(Validation::Checksum) => facts.push("checksum verified".into()),
        Some(Validation::Structure) => facts.push("structure verified".into()),
        Some(Validation::Failed) => facts.push("offline check failed".into()),
        None => {}
    }
    if let Some(d) = &f.decoded {
        facts.push(format!("found in {}-encoded text", escape::text(d)));
    }
    facts
}

/// `n` and the noun that agrees with it: "1 file", "2 files".
pub fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The singular of a unit of scanning ("files", "blobs", "staged files"), for a count of one.
/// How many files (or blobs) were read: what the source offered, less what was set aside or
/// could not be read.
pub fn scanned(r: &Report) -> u64 {
    let s = r.stats;
    let offered = if r.unit == "blobs" { s.blobs } else { s.files };
    offered.saturating_sub(s.skipped_binary + s.skipped_large + s.skipped_lfs + s.unreadable)
}

pub fn unit_count(n: u64, unit: &str) -> String {
    plural(n, unit.strip_suffix('s').unwrap_or(unit), unit)
}

/// A rule explained for people: what the secret is, how to revoke and rotate it, where to read
/// more. Shared by the formats that carry rule documentation (SARIF help, GitLab description).
pub struct RuleText {
    /// One line: the rule's name.
    pub short: String,
    /// A sentence or two: what was found and why it matters.
    pub full: String,
    /// How to revoke and rotate (the rule's `remediation`), or general advice.
    pub remediation: String,
    pub help_text: String,
    pub help_markdown: String,
}

pub fn describe_rule(rule: &Rule, accept: Accept) -> RuleText {
    let def = &rule.def;
    let full = if rule.is_filename_rule() {
        format!(
            "{}: a file whose name marks it as holding credentials ({}). Such a file should never be committed; anyone who can read the repository, or any clone of it, can read what it holds.",
            def.name,
            def.filenames.join(", ")
        )
    } else if def.generic {
        format!(
            "{}: a high-entropy value assigned to a secret-like name (password, secret, token, api_key...). Anyone who can read the repository, or any clone of it, can use it.",
            def.name
        )
    } else {
        format!(
            "{}: a credential in its provider's documented format. Anyone who can read the repository, or any clone of it, can use it until it is revoked.",
            def.name
        )
    };
    let remediation = if def.remediation.trim().is_empty() {
        "Revoke the credential where it was issued, issue a new one, store it outside the code (an environment variable or a secret manager), and check the provider's logs for use.".to_string()
    } else {
        def.remediation.trim().to_string()
    };
    let after = "After rotating, remove the value from the code. Removing it is not enough on its own: it stays in the git history and in every clone, so treat it as exposed.";
    let mut help_text = format!("{full}\n\nHow to revoke and rotate: {remediation}\n\n{after}");
    let mut help_markdown = format!(
        "**{}**\n\n{full}\n\n### Revoke and rotate\n\n{remediation}\n\n{after}",
        def.name
    );
    if !def.references.is_empty() {
        help_text.push_str("\n\nDocumentation:");
        help_markdown.push_str("\n\n### Documentation\n");
        for r in def.references.iter() {
            help_text.push_str(&format!("\n- {r}"));
            help_markdown.push_str(&format!("\n- <{r}>"));
        }
    }
    help_text.push_str(&format!(
        "\n\nRule {} ({} confidence). {}",
        def.id,
        rule.confidence.as_str(),
        accept.sentence()
    ));
    help_markdown.push_str(&format!(
        "\n\nRule `{}` ({} confidence). {}",
        def.id,
        rule.confidence.as_str(),
        accept.sentence()
    ));
    RuleText {
        short: def.name.to_string(),
        full,
        remediation,
        help_text,
        help_markdown,
    }
}

/// A report path as a URI reference: relative paths stay relative (GitHub resolves them against
/// the checkout), absolute ones become `file:` URIs; characters outside the unreserved set are
/// percent-encoded (RFC 3986).
pub fn uri_path(path: &str) -> String {
    let mut out = String::new();
    let (prefix, rest) = if let Some(rest) = path.strip_prefix('/') {
        ("file:///", rest)
    } else if path.len() > 2 && path.as_bytes()[1] == b':' && path.as_bytes()[2] == b'/' {
        // A Windows drive path, already with `/` separators.
        ("file:///", path)
    } else {
        ("", path)
    };
    out.push_str(prefix);
    for b in rest.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            b':' if !prefix.is_empty() => out.push(':'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Seconds since the Unix epoch to `YYYY-MM-DDTHH:MM:SS` (UTC), the form GitLab's schema requires.
pub fn utc_timestamp(t: SystemTime) -> String {
    let secs = t
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs()) as i64;
    crate::time::iso8601(secs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri_path("src/a b.py"), "src/a%20b.py");
        assert_eq!(uri_path("deploy/.env"), "deploy/.env");
        assert_eq!(uri_path("/tmp/x#1"), "file:///tmp/x%231");
        assert_eq!(uri_path("C:/w/k.pem"), "file:///C:/w/k.pem");
        assert_eq!(uri_path("é"), "%C3%A9");
        assert_eq!(uri_path("a:b"), "a%3Ab");
    }

    #[test]
    fn timestamps_are_utc_without_zone() {
        let t = |s: u64| SystemTime::UNIX_EPOCH + Duration::from_secs(s);
        assert_eq!(utc_timestamp(t(0)), "1970-01-01T00:00:00");
        assert_eq!(utc_timestamp(t(951_782_400)), "2000-02-29T00:00:00");
        assert_eq!(utc_timestamp(t(1_700_000_000)), "2023-11-14T22:13:20");
        assert_eq!(utc_timestamp(t(4_102_444_799)), "2099-12-31T23:59:59");
    }
}
