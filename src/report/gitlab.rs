//! GitLab secret-detection report (`gl-secret-detection-report.json`), the JSON that GitLab's
//! pipeline security tab, merge-request widget and vulnerability report read.
//!
//! Shape: GitLab's security report schemas, version 15.2.1, `dist/secret-detection-report-format.json`
//! (https://gitlab.com/gitlab-org/security-products/security-report-schemas), as documented in
//! https://docs.gitlab.com/ee/development/integrations/secure.html ("Report fields"): a `scan` with
//! `analyzer`, `scanner` (each `id`, `name`, `version`, `vendor.name`), `type`, `status`,
//! `start_time` and `end_time` (`YYYY-MM-DDTHH:MM:SS`); `vulnerabilities` with `id`, `name`,
//! `description`, `severity`, `solution`, `identifiers` (the first is the primary identifier GitLab
//! tracks a vulnerability by), `links` and a `location` with `file`, `start_line` and the `commit`
//! that the schema requires for secret detection.
//!
//! GitLab's own analyzer puts the raw secret in `raw_source_code_extract`; hush leaves that field
//! out, so the report can be kept as a job artifact without leaking the secret again.

use std::io::{self, Write};
use std::time::Duration;

use serde::Serialize;

use super::{Report, describe_rule, utc_timestamp};
use crate::finding::{Confidence, Finding};

pub const SCHEMA_VERSION: &str = "15.2.1";

/// The commit GitLab's own analyzer reports when a scan is not tied to one.
const NO_COMMIT: &str = "0000000";

#[derive(Serialize)]
struct Document<'a> {
    version: &'static str,
    schema: String,
    scan: Scan,
    vulnerabilities: Vec<Vulnerability<'a>>,
}

#[derive(Serialize)]
struct Scan {
    analyzer: Component,
    scanner: Component,
    #[serde(rename = "type")]
    kind: &'static str,
    status: &'static str,
    start_time: String,
    end_time: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    messages: Vec<ScanMessage>,
}

#[derive(Serialize)]
struct Component {
    id: &'static str,
    name: &'static str,
    version: &'static str,
    vendor: Vendor,
}

#[derive(Serialize)]
struct Vendor {
    name: &'static str,
}

#[derive(Serialize)]
struct ScanMessage {
    level: &'static str,
    value: String,
}

#[derive(Serialize)]
struct Vulnerability<'a> {
    id: String,
    category: &'static str,
    name: &'a str,
    description: String,
    severity: &'static str,
    solution: String,
    identifiers: Vec<Identifier>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    links: Vec<Link>,
    location: VulnLocation<'a>,
}

#[derive(Serialize)]
struct Identifier {
    #[serde(rename = "type")]
    kind: &'static str,
    name: String,
    value: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

#[derive(Serialize)]
struct Link {
    url: String,
}

#[derive(Serialize)]
struct VulnLocation<'a> {
    file: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<u32>,
    commit: Commit<'a>,
}

#[derive(Serialize)]
struct Commit<'a> {
    sha: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<&'a str>,
}

const HUSH: Component = Component {
    id: "hush",
    name: "hush",
    version: env!("CARGO_PKG_VERSION"),
    vendor: Vendor { name: "hush" },
};

pub fn write(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut seen: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
    let vulnerabilities = r
        .findings
        .iter()
        .map(|f| {
            let fp = f.fingerprint();
            let n = seen.entry(fp.clone()).or_insert(0);
            *n += 1;
            vulnerability(r, f, &fp, *n)
        })
        .collect();
    let mut messages = Vec::new();
    if r.stats.errors > 0 {
        messages.push(ScanMessage {
            level: "warn",
            value: format!(
                "{} file(s) or object(s) could not be read; the scan is incomplete",
                r.stats.errors
            ),
        });
    }
    let end = r.started + Duration::from_millis(r.stats.elapsed_ms);
    let doc = Document {
        version: SCHEMA_VERSION,
        schema: format!(
            "https://gitlab.com/gitlab-org/security-products/security-report-schemas/-/raw/v{SCHEMA_VERSION}/dist/secret-detection-report-format.json"
        ),
        scan: Scan {
            analyzer: HUSH,
            scanner: HUSH,
            kind: "secret_detection",
            status: if r.stats.errors > 0 {
                "failure"
            } else {
                "success"
            },
            start_time: utc_timestamp(r.started),
            end_time: utc_timestamp(end),
            messages,
        },
        vulnerabilities,
    };
    super::escape::to_json(&mut *out, &doc, true)?;
    out.write_all(b"\n")
}

fn severity(c: Confidence) -> &'static str {
    match c {
        Confidence::High => "Critical",
        Confidence::Medium => "High",
        Confidence::Low => "Medium",
    }
}

fn vulnerability<'a>(
    r: &'a Report,
    f: &'a Finding,
    fingerprint: &str,
    occurrence: u32,
) -> Vulnerability<'a> {
    let rule = r.rules.find(&f.rule_id).map(|i| r.rules.get(i));
    let (mut description, solution, references) = match rule {
        Some(rule) => {
            let d = describe_rule(rule, super::Accept::for_rule(r, rule));
            (d.full, d.remediation, rule.def.references.clone())
        }
        None => (
            format!("{}: a credential found in the scanned files.", f.rule_name),
            "Revoke the credential where it was issued and issue a new one.".to_string(),
            Default::default(),
        ),
    };
    if f.line.is_some() {
        description.push_str(&format!(
            "\n\nValue (redacted): `{}`, {} confidence{}.",
            f.secret.redacted(),
            f.confidence.as_str(),
            match &f.decoded {
                Some(d) => format!(", found in {d}-encoded text"),
                None => String::new(),
            }
        ));
        if let Some(ctx) = &f.context {
            description.push_str(&format!("\n\nLine (redacted): `{}`", ctx.replace('`', "'")));
        }
    }
    if f.inner.is_some() {
        let at = super::github::inside(f);
        description.push_str(&format!(
            "\n\nFound {}.",
            super::escape::text(&at).replace('`', "'")
        ));
    }
    let commit = f.commit.as_deref();
    let sha = commit
        .map(|c| c.commit.as_str())
        .or(r.commit.as_deref())
        .unwrap_or(NO_COMMIT);
    if commit.is_some_and(|c| !c.in_head) {
        description.push_str("\n\nNo longer in HEAD, but still in the repository's history.");
    }
    let web = |u: &str| u.starts_with("https://") || u.starts_with("http://");
    Vulnerability {
        id: uuid_from(&format!("{fingerprint}\0{sha}\0{occurrence}")),
        category: "secret_detection",
        name: &f.rule_name,
        description,
        severity: severity(f.confidence),
        solution,
        identifiers: vec![Identifier {
            kind: "hush_rule_id",
            name: format!("hush rule {}", f.rule_id),
            value: f.rule_id.clone(),
            url: references.iter().find(|u| web(u)).map(|u| u.to_string()),
        }],
        links: references
            .iter()
            .filter(|u| web(u))
            .map(|u| Link { url: u.to_string() })
            .collect(),
        location: VulnLocation {
            file: &f.path,
            // Inside an archive or an image, lines are those of the file inside, not of `file`.
            start_line: f.line.filter(|_| f.inner.is_none()),
            end_line: f.end_line.filter(|_| f.inner.is_none()),
            commit: Commit {
                sha,
                author: commit.map(|c| c.author.as_str()),
                date: commit.map(|c| c.date.as_str()),
            },
        },
    }
}

/// A deterministic UUID (version 5 layout over SHA-1), as GitLab recommends a UUID for `id`.
fn uuid_from(key: &str) -> String {
    let mut b = sha1_smol::Sha1::from(format!("hush-gitlab\0{key}"))
        .digest()
        .bytes();
    b[6] = (b[6] & 0x0f) | 0x50;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b[..16].iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_uuids() {
        let a = uuid_from("x");
        assert_eq!(a, uuid_from("x"));
        assert_ne!(a, uuid_from("y"));
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "5");
        assert!(matches!(&a[19..20], "8" | "9" | "a" | "b"));
    }
}
