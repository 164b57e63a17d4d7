//! Findings: what the pipeline reports, and the types that keep a secret from leaking.

use std::fmt;
use std::sync::Arc;

use serde::Serialize;

/// How sure hush is that a finding is a live credential, before any network check (hush makes none).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    Low,
    Medium,
    High,
}

impl Confidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }

    pub fn parse(s: &str) -> Option<Confidence> {
        match s {
            "low" => Some(Confidence::Low),
            "medium" => Some(Confidence::Medium),
            "high" => Some(Confidence::High),
            _ => None,
        }
    }
}

/// What an offline check said about the secret.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Validation {
    /// The token's built-in checksum is correct.
    Checksum,
    /// The token's structure decoded as expected (a JWT's header, a PEM body).
    Structure,
    /// The check ran and failed: likely not a real token.
    Failed,
}

/// Secret bytes. `Debug` and `Display` print only a redacted form, so that neither a stray `{:?}` nor a
/// panic message can leak one; [`Secret::expose`] is the one way to the bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Box<[u8]>, Option<Box<(String, String)>>);

impl Secret {
    pub fn new(bytes: &[u8]) -> Secret {
        Secret(bytes.into(), None)
    }

    /// A secret known only by its SHA-1 and redacted form, as stored results hold it (`hush merge`
    /// rebuilds findings from them): [`Secret::expose`] is empty, the hash and the redacted text are
    /// the ones given.
    pub fn hashed(sha1: &str, redacted: &str) -> Secret {
        Secret(
            Box::default(),
            Some(Box::new((sha1.to_string(), redacted.to_string()))),
        )
    }

    /// The secret itself: only for hashing and for `--show-secrets`.
    pub fn expose(&self) -> &[u8] {
        &self.0
    }

    /// The secret with most of it hidden: up to 6 leading and 2 trailing characters for long secrets,
    /// fewer for short ones, so that at least two thirds of it is never shown.
    pub fn redacted(&self) -> String {
        match &self.1 {
            Some(k) => k.1.clone(),
            None => redact(&String::from_utf8_lossy(&self.0)),
        }
    }

    pub fn sha1_hex(&self) -> String {
        match &self.1 {
            Some(k) => k.0.clone(),
            None => sha1_hex(&self.0),
        }
    }
}

/// See [`Secret::redacted`].
pub fn redact(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let n = chars.len();
    let (head, tail) = match n {
        0..=7 => (0, 0),
        8..=11 => (1, 0),
        12..=19 => (3, 0),
        20..=31 => (4, 2),
        _ => (6, 2),
    };
    let mut out: String = chars[..head].iter().collect();
    out.push('…');
    out.extend(&chars[n - tail..]);
    out
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({})", self.redacted())
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

pub fn sha1_hex(bytes: &[u8]) -> String {
    sha1_smol::Sha1::from(bytes).digest().to_string()
}

/// Where a commit introduced a blob (git sources only).
pub use crate::source::CommitMeta;

/// One reported secret.
#[derive(Clone, Debug)]
pub struct Finding {
    pub rule_id: String,
    pub rule_name: String,
    /// Relative to the scanned root, `/`-separated. For a finding inside an archive, the file on
    /// disk (or in history) that holds the archive.
    pub path: String,
    /// Inside an archive: the chain of entry names below `path`, `!/`-separated
    /// (`lib/inner.jar!/config/app.properties`); lines and columns are those of the innermost file.
    pub inner: Option<String>,
    /// 1-based; `None` for a blocked-filename finding.
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub end_line: Option<u32>,
    pub end_column: Option<u32>,
    pub secret: Secret,
    pub confidence: Confidence,
    pub validated: Option<Validation>,
    /// Extra facts from offline checks (a JWT's `alg`), never secret material.
    pub note: Option<String>,
    /// How the secret was decoded when it was found inside encoded text (`base64`, `url`,
    /// `escapes`, or a chain such as `base64/url`); the location is that of the encoded text.
    pub decoded: Option<String>,
    /// The line holding the finding with the secret redacted, for reports that show context.
    pub context: Option<String>,
    pub commit: Option<Arc<CommitMeta>>,
    /// Matched a baseline entry labelled real (`is_secret: true`): still reported, because it must be
    /// rotated, but known, so it does not fail the run on its own.
    pub known_real: bool,
}

impl Finding {
    pub fn secret_sha1(&self) -> String {
        self.secret.sha1_hex()
    }

    /// Where the finding is, as reports show it and the baseline keys it: the path, and inside an
    /// archive the chain below it (`dist/app.jar!/config/app.properties`).
    pub fn location(&self) -> std::borrow::Cow<'_, str> {
        match &self.inner {
            Some(inner) => format!("{}!/{inner}", self.path).into(),
            None => self.path.as_str().into(),
        }
    }

    /// A stable identity: rule, location and the secret's hash. No line number, so moving code
    /// keeps it.
    pub fn fingerprint(&self) -> String {
        let mut h = sha1_smol::Sha1::new();
        h.update(self.rule_id.as_bytes());
        h.update(b"\0");
        h.update(self.location().as_bytes());
        h.update(b"\0");
        h.update(self.secret_sha1().as_bytes());
        h.digest().to_string()
    }

    /// The order reports use: path, archive entry, line, column, rule.
    pub fn sort_key(&self) -> (&str, &str, u32, u32, &str) {
        (
            &self.path,
            self.inner.as_deref().unwrap_or(""),
            self.line.unwrap_or(0),
            self.column.unwrap_or(0),
            &self.rule_id,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_hides_most_of_the_secret() {
        let s = Secret::new(b"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");
        assert_eq!(s.redacted(), "ghp_Xf…fO");
        assert_eq!(format!("{s:?}"), "Secret(ghp_Xf…fO)");
        assert_eq!(redact("hunter22"), "h…");
        assert_eq!(redact("abc"), "…");
        for len in 0..80 {
            let secret: String = (0..len).map(|i| (b'a' + (i % 26) as u8) as char).collect();
            let shown = redact(&secret).replace('…', "");
            assert!(
                shown.chars().count() * 3 <= len.max(1) as usize,
                "{len}: {shown}"
            );
        }
    }
}
