//! The file format: detect-secrets' baseline JSON, read, matched against findings and written.
//!
//! An entry is identified by its file and the SHA-1 of its secret (plus the rule that found it), never by
//! its line: moving code, reformatting, or editing other lines changes neither what the baseline hides
//! nor the file itself. `line_number` is kept because detect-secrets uses it, but it records where the
//! secret was when the entry was added; hush never rewrites it for an entry it keeps (that would churn).
//!
//! `type` is always one of detect-secrets' own secret types ("Secret Keyword", "Base64 High Entropy
//! String", "AWS Access Key"...), chosen per finding so that detect-secrets' plugin for that type can
//! find the secret again ([`detect_secrets_type`]): `detect-secrets audit` looks a plugin up for every
//! `type` and fails on a type it does not know (it cannot load a custom plugin while auditing:
//! https://github.com/Yelp/detect-secrets/issues/611). hush's rule id goes in `hush_rule`, a key
//! detect-secrets ignores on reading and leaves out when it rewrites the file; an entry without it
//! matches a finding by file and hash alone, and the next `hush baseline update` puts the rule back.
//! Baselines from older hush versions, with the rule id in `type`, are read as they are and retyped by
//! the next update.
//!
//! Entries written by detect-secrets itself (*foreign* entries) match a finding by file and hash
//! alone too. Everything hush does not own (`plugins_used`, `filters_used`, unknown keys, labels) is
//! kept as read.
//!
//! The file never holds a secret: only SHA-1 hex digests.

use std::collections::HashMap;
use std::fmt;
use std::io::Write;
use std::path::Path;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The file name looked for at the scanned root and up to the repository root.
pub const FILE_NAME: &str = ".secrets.baseline";

/// The format version hush writes: detect-secrets 1.5's. detect-secrets upgrades an older version on
/// load and leaves a newer one alone, so either way it reads the file.
pub const FORMAT_VERSION: &str = "1.5.0";

/// An audit label, from `is_secret`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Label {
    Unlabelled,
    FalsePositive,
    Real,
}

impl Label {
    pub fn from_is_secret(v: Option<bool>) -> Label {
        match v {
            None => Label::Unlabelled,
            Some(false) => Label::FalsePositive,
            Some(true) => Label::Real,
        }
    }

    pub fn is_secret(self) -> Option<bool> {
        match self {
            Label::Unlabelled => None,
            Label::FalsePositive => Some(false),
            Label::Real => Some(true),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Label::Unlabelled => "unlabelled",
            Label::FalsePositive => "false-positive",
            Label::Real => "real",
        }
    }
}

/// One known finding.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// `type`: a detect-secrets secret type (or, in baselines of older hush versions, a rule id).
    pub kind: String,
    /// `hush_rule`: the hush rule that found it (`None`: a detect-secrets entry, or one detect-secrets
    /// rewrote).
    pub hush_rule: Option<String>,
    /// Relative to the baseline's directory, `/`-separated.
    pub filename: String,
    /// Lowercase SHA-1 hex of the secret (of the path, for a blocked file name).
    pub hashed_secret: String,
    pub is_verified: bool,
    /// Where the secret was when the entry was added (`None`: a blocked file name, or a slim baseline).
    pub line_number: Option<u32>,
    /// The audit label.
    pub is_secret: Option<bool>,
    /// Keys hush does not know, kept as read.
    pub extra: Vec<(String, Value)>,
}

impl Entry {
    pub fn label(&self) -> Label {
        Label::from_is_secret(self.is_secret)
    }

    /// The hush rule the entry is for: `hush_rule`, or a `type` that is a rule id (older hush
    /// baselines); `None` for an entry that matches whatever rule finds its secret.
    pub fn rule<'a>(&'a self, is_rule: &dyn Fn(&str) -> bool) -> Option<&'a str> {
        self.hush_rule
            .as_deref()
            .or_else(|| is_rule(&self.kind).then_some(self.kind.as_str()))
    }

    /// What tells two entries of one file and hash apart: the rule, else the type.
    fn key(&self) -> &str {
        self.hush_rule.as_deref().unwrap_or(&self.kind)
    }

    /// The order entries are written in (detect-secrets' order within a file: line, hash, type).
    fn sort_key(&self) -> (&str, u32, &str, &str) {
        (
            &self.filename,
            self.line_number.unwrap_or(0),
            &self.hashed_secret,
            self.key(),
        )
    }

    fn identity(&self) -> (&str, &str, &str) {
        (&self.filename, &self.hashed_secret, self.key())
    }
}

/// A whole baseline file.
#[derive(Clone, Debug, PartialEq)]
pub struct Baseline {
    pub version: String,
    /// detect-secrets' configuration, kept verbatim (`None`: the key was absent).
    pub plugins_used: Option<Vec<Value>>,
    pub filters_used: Option<Vec<Value>>,
    /// Sorted by file, then line, hash and type; one entry per identity.
    pub entries: Vec<Entry>,
    pub generated_at: Option<String>,
    /// Top-level keys hush does not know, kept as read.
    pub extra: Vec<(String, Value)>,
}

/// A baseline that could not be read: the message names the file, and the line and column when the
/// problem is in its content.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct LoadError(pub String);

impl Baseline {
    /// A new, empty baseline. `plugins_used` and `filters_used` hold detect-secrets' default
    /// configuration, so that `detect-secrets scan --baseline FILE` can re-scan with it; hush ignores
    /// both. `generated_at` is the creation time: [`Baseline::refresh`] never changes it, so that two
    /// branches that each add an entry do not also conflict on a timestamp.
    pub fn new(generated_at: String) -> Baseline {
        Baseline {
            version: FORMAT_VERSION.to_string(),
            plugins_used: Some(
                DETECT_SECRETS_PLUGINS
                    .iter()
                    .map(|n| serde_json::json!({ "name": n }))
                    .collect(),
            ),
            filters_used: Some(
                DETECT_SECRETS_FILTERS
                    .iter()
                    .map(|p| serde_json::json!({ "path": p }))
                    .collect(),
            ),
            entries: Vec::new(),
            generated_at: Some(generated_at),
            extra: Vec::new(),
        }
    }

    /// Reads and validates a baseline file. Errors say `FILE:LINE:COLUMN: what is wrong`.
    pub fn load(path: &Path) -> Result<Baseline, LoadError> {
        let bytes = std::fs::read(path)
            .map_err(|e| LoadError(format!("cannot read baseline {}: {e}", path.display())))?;
        Baseline::parse(&bytes).map_err(|e| {
            LoadError(format!(
                "invalid baseline {}:{}:{}: {}",
                path.display(),
                e.line(),
                e.column(),
                message_without_position(&e)
            ))
        })
    }

    /// Checks, without reading its entries, that the file at `path` is well-formed JSON holding an
    /// object: what a scan with no finding needs of the baseline in force. A file that is not
    /// (truncated, left with merge-conflict markers) is still an error, with the same message as
    /// [`Baseline::load`]'s, so that a CI gate never passes on a broken baseline; the entries'
    /// shape is checked by `load`, when a finding needs them. A fifth of the time a full read of a
    /// 10,000-entry baseline takes.
    pub fn check(path: &Path) -> Result<(), LoadError> {
        let bytes = std::fs::read(path)
            .map_err(|e| LoadError(format!("cannot read baseline {}: {e}", path.display())))?;
        Baseline::check_bytes(&bytes).map_err(|e| {
            LoadError(format!(
                "invalid baseline {}:{}:{}: {}",
                path.display(),
                e.line(),
                e.column(),
                message_without_position(&e)
            ))
        })
    }

    fn check_bytes(bytes: &[u8]) -> Result<(), serde_json::Error> {
        struct Object;
        impl<'de> Deserialize<'de> for Object {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Object, D::Error> {
                d.deserialize_map(ObjectVisitor)
            }
        }
        struct ObjectVisitor;
        impl<'de> Visitor<'de> for ObjectVisitor {
            type Value = Object;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a baseline object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Object, A::Error> {
                while map
                    .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(Object)
            }
        }
        serde_json::from_slice::<Object>(bytes).map(|_| ())
    }

    /// Parses baseline JSON.
    pub fn parse(bytes: &[u8]) -> Result<Baseline, serde_json::Error> {
        let mut b: Baseline = serde_json::from_slice(bytes)?;
        b.normalise();
        Ok(b)
    }

    /// Sorts the entries and merges duplicates (same file, hash and type), keeping the first one's
    /// fields and a label from any of them.
    fn normalise(&mut self) {
        self.entries.sort_by(|a, b| {
            a.identity()
                .cmp(&b.identity())
                .then(a.line_number.cmp(&b.line_number))
        });
        let mut out: Vec<Entry> = Vec::with_capacity(self.entries.len());
        for e in self.entries.drain(..) {
            match out.last_mut() {
                Some(prev) if prev.identity() == e.identity() => {
                    if prev.is_secret.is_none() {
                        prev.is_secret = e.is_secret;
                    }
                    prev.is_verified |= e.is_verified;
                }
                _ => out.push(e),
            }
        }
        out.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.entries = out;
    }

    /// The file's bytes: detect-secrets' layout (two-space indent, keys in its order), one trailing
    /// newline. The same baseline always gives the same bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut ser = serde_json::Serializer::pretty(&mut out);
        self.serialize(&mut ser)
            .expect("a baseline always serialises");
        out.push(b'\n');
        out
    }

    /// Writes the file atomically (a temporary file beside it, then a rename).
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        let bytes = self.to_bytes();
        crate::atomic::write_with(path, |w: &mut dyn Write| w.write_all(&bytes))
    }

    /// An index for matching findings against the entries.
    pub fn lookup(&self) -> Lookup<'_> {
        let mut map: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
        let mut by_hash: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, e) in self.entries.iter().enumerate() {
            map.entry((&e.filename, &e.hashed_secret))
                .or_default()
                .push(i);
            by_hash.entry(&e.hashed_secret).or_default().push(i);
        }
        Lookup {
            baseline: self,
            map,
            by_hash,
        }
    }

    /// The baseline after a rescan of `scope` found `observed`: entries in scope that no longer cover a
    /// finding are dropped, findings no entry covers are added, and every kept entry stays as it was
    /// (label, line number and all), except that one without `hush_rule` gets it back (and, from an
    /// older hush, a detect-secrets `type`): see [`Change::retyped`]. Everything else (header, entries
    /// out of scope) is unchanged.
    pub fn refresh(
        &self,
        observed: &[Observed],
        in_scope: &dyn Fn(&str) -> bool,
        is_rule: &dyn Fn(&str) -> bool,
    ) -> (Baseline, Change) {
        self.refresh_following(observed, in_scope, is_rule, &|_| false)
    }

    /// [`Baseline::refresh`], following renames: a finding no entry covers, whose rule and secret hash
    /// match an entry whose file is `gone` (no longer exists in what was scanned), gets a copy of that
    /// entry at its new path (type, label, verification and unknown keys kept; the line is the new
    /// one), counted in [`Change::renamed`], not in `added`. The entry at the old path is then dropped
    /// (as renamed, not counted in `dropped`) if `in_scope` allows, and kept otherwise (the history
    /// may still hold the secret there).
    pub fn refresh_following(
        &self,
        observed: &[Observed],
        in_scope: &dyn Fn(&str) -> bool,
        is_rule: &dyn Fn(&str) -> bool,
        gone: &dyn Fn(&str) -> bool,
    ) -> (Baseline, Change) {
        let lookup = self.lookup();
        let mut covers: Vec<Vec<&Observed>> = vec![Vec::new(); self.entries.len()];
        let mut moved = vec![false; self.entries.len()];
        let mut new_entries: Vec<Entry> = Vec::new();
        let mut renamed: Vec<Entry> = Vec::new();
        let mut seen: std::collections::HashSet<(&str, &str, &str)> = Default::default();
        for o in observed {
            let covering = lookup.covering(&o.path, &o.hash, &o.rule, is_rule);
            if covering.is_empty() {
                let from = o.line.and_then(|_| {
                    lookup
                        .same_secret(&o.hash, &o.rule, is_rule)
                        .into_iter()
                        .filter(|&i| gone(&self.entries[i].filename))
                        // The strongest label wins, as when a finding is matched.
                        .max_by_key(|&i| (self.entries[i].label(), std::cmp::Reverse(i)))
                });
                if let Some(i) = from {
                    moved[i] = true;
                    if seen.insert((&o.path, &o.hash, &o.rule)) {
                        let old = &self.entries[i];
                        renamed.push(Entry {
                            filename: o.path.clone(),
                            line_number: o.line,
                            ..old.clone()
                        });
                    }
                    continue;
                }
                if seen.insert((&o.path, &o.hash, &o.rule)) {
                    new_entries.push(Entry {
                        kind: o.kind.to_string(),
                        hush_rule: Some(o.rule.clone()),
                        filename: o.path.clone(),
                        hashed_secret: o.hash.clone(),
                        is_verified: false,
                        line_number: o.line,
                        is_secret: None,
                        extra: Vec::new(),
                    });
                }
            } else {
                for i in covering {
                    covers[i].push(o);
                }
            }
        }
        // Several findings of one identity: the entry records the first line it was seen on.
        new_entries.sort_by(|a, b| {
            a.identity()
                .cmp(&b.identity())
                .then(a.line_number.cmp(&b.line_number))
        });
        new_entries.dedup_by(|a, b| a.identity() == b.identity());
        renamed.sort_by(|a, b| {
            a.identity()
                .cmp(&b.identity())
                .then(a.line_number.cmp(&b.line_number))
        });
        renamed.dedup_by(|a, b| a.identity() == b.identity());
        let mut change = Change {
            added: new_entries.len(),
            renamed: renamed.len(),
            ..Change::default()
        };
        let mut entries =
            Vec::with_capacity(self.entries.len() + new_entries.len() + renamed.len());
        for ((e, covers), moved) in self.entries.iter().zip(covers).zip(moved) {
            if covers.is_empty() && in_scope(&e.filename) {
                if moved {
                    // Followed to its new path (counted in `renamed`).
                    continue;
                }
                change.dropped += 1;
                continue;
            }
            change.kept += 1;
            let mut e = e.clone();
            if e.hush_rule.is_none() {
                if is_rule(&e.kind) {
                    // An older hush's entry: the rule id moves to `hush_rule`, `type` becomes
                    // detect-secrets' (from the finding it covers; without one, a keyword).
                    let kind = covers.first().map_or(FALLBACK_TYPE, |o| o.kind);
                    e.hush_rule = Some(std::mem::replace(&mut e.kind, kind.to_string()));
                    change.retyped += 1;
                } else if let Some(first) = covers.first() {
                    // An entry detect-secrets wrote or rewrote: it gets the rule back when every
                    // finding it covers is of one rule.
                    if covers.iter().all(|o| o.rule == first.rule) {
                        e.hush_rule = Some(first.rule.clone());
                        change.retyped += 1;
                    }
                }
            }
            entries.push(e);
        }
        entries.extend(new_entries);
        entries.extend(renamed);
        let mut next = self.clone();
        next.entries = entries;
        // An entry given its rule back may now duplicate another: merged, labels kept.
        let before = next.entries.len();
        next.normalise();
        change.kept -= before - next.entries.len();
        (next, change)
    }

    /// Entry counts by label: (real, false positive, unlabelled).
    pub fn counts(&self) -> (usize, usize, usize) {
        let n = |l: Label| self.entries.iter().filter(|e| e.label() == l).count();
        (
            n(Label::Real),
            n(Label::FalsePositive),
            n(Label::Unlabelled),
        )
    }
}

/// A finding as the baseline sees it: its file (relative to the baseline's directory), the hash of its
/// secret, its rule and its first line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Observed {
    pub path: String,
    pub hash: String,
    pub rule: String,
    pub line: Option<u32>,
    /// The detect-secrets type a new entry gets ([`detect_secrets_type`]).
    pub kind: &'static str,
}

/// What [`Baseline::refresh`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Change {
    pub added: usize,
    pub dropped: usize,
    pub kept: usize,
    /// Entries written at a file's new path, following a rename ([`Baseline::refresh_following`]).
    pub renamed: usize,
    /// Kept entries given their `hush_rule` back (after detect-secrets rewrote the file), or moved
    /// from an older hush's format (rule id in `type`) to a detect-secrets type. Not a change of what
    /// the baseline accepts: `update --check` does not fail on it, `update` writes it.
    pub retyped: usize,
}

impl Change {
    /// No entry added, dropped or moved to a renamed file.
    pub fn is_empty(&self) -> bool {
        self.added == 0 && self.dropped == 0 && self.renamed == 0
    }

    /// Nothing a scan would report differently: only renamed files followed (or nothing at all).
    pub fn is_current(&self) -> bool {
        self.added == 0 && self.dropped == 0
    }

    /// Whether the file changes.
    pub fn writes(&self) -> bool {
        !self.is_empty() || self.retyped > 0
    }
}

/// The type of an entry whose secret is unknown (an older hush's entry no finding covers now).
const FALLBACK_TYPE: &str = "Secret Keyword";

/// The detect-secrets secret type an entry for a finding of `rule` gets, chosen so that the plugin
/// detect-secrets 1.5 runs for that type can find the same secret again (`detect-secrets audit` shows
/// an entry by re-finding its secret on its line with the type's plugin, and its hash must match):
/// - AWS access key ids: `AWS Access Key` (AWSKeyDetector matches the whole 20-character id);
/// - JSON web tokens: `JSON Web Token` (JwtTokenDetector matches the whole token);
/// - private keys: `Private Key` (detect-secrets hashes only the `BEGIN` line, so it never re-finds
///   hush's whole key; the type still names what it is);
/// - otherwise by the secret's characters: hex digits, `Hex High Entropy String`; letters, digits and
///   `+/=_-`, `Base64 High Entropy String` (both plugins match such a run as a whole, quoted or not,
///   when auditing); anything else, `Secret Keyword` (KeywordDetector takes the value assigned to a
///   password-like name, as a whole);
/// - a blocked file name (no secret, no line): `Secret Keyword`.
///
/// Types: https://github.com/Yelp/detect-secrets#currently-supported-plugins (each plugin's
/// `secret_type`).
pub fn detect_secrets_type(rule: &str, secret: Option<&[u8]>) -> &'static str {
    let Some(secret) = secret.filter(|s| !s.is_empty()) else {
        return FALLBACK_TYPE;
    };
    if rule == "aws-access-key-id" {
        return "AWS Access Key";
    }
    if rule == "json-web-token" {
        return "JSON Web Token";
    }
    if rule.contains("private-key") {
        return "Private Key";
    }
    if secret.iter().all(u8::is_ascii_hexdigit) {
        return "Hex High Entropy String";
    }
    if secret
        .iter()
        .all(|&b| b.is_ascii_alphanumeric() || b"+/=_-".contains(&b))
    {
        return "Base64 High Entropy String";
    }
    FALLBACK_TYPE
}

/// Entries indexed by (file, hash).
pub struct Lookup<'a> {
    baseline: &'a Baseline,
    map: HashMap<(&'a str, &'a str), Vec<usize>>,
    by_hash: HashMap<&'a str, Vec<usize>>,
}

impl<'a> Lookup<'a> {
    /// Indices of the entries that cover a finding of `rule` with secret hash `hash` in `path`: same file
    /// and hash, and either the same rule or no rule at all (a detect-secrets entry).
    pub fn covering(
        &self,
        path: &str,
        hash: &str,
        rule: &str,
        is_rule: &dyn Fn(&str) -> bool,
    ) -> Vec<usize> {
        self.map.get(&(path, hash)).map_or_else(Vec::new, |v| {
            v.iter()
                .copied()
                .filter(|&i| {
                    self.baseline.entries[i]
                        .rule(is_rule)
                        .is_none_or(|r| r == rule)
                })
                .collect()
        })
    }

    /// Indices of the entries of any file that hold the secret with hash `hash`, of `rule` or of a type
    /// that is not a hush rule: the candidates a renamed file's finding may follow.
    pub fn same_secret(
        &self,
        hash: &str,
        rule: &str,
        is_rule: &dyn Fn(&str) -> bool,
    ) -> Vec<usize> {
        self.by_hash.get(hash).map_or_else(Vec::new, |v| {
            v.iter()
                .copied()
                .filter(|&i| {
                    let kind = &self.baseline.entries[i].kind;
                    kind == rule || !is_rule(kind)
                })
                .collect()
        })
    }

    /// The strongest label among the covering entries (real beats false positive beats none), or `None`
    /// if no entry covers the finding.
    pub fn label(
        &self,
        path: &str,
        hash: &str,
        rule: &str,
        is_rule: &dyn Fn(&str) -> bool,
    ) -> Option<Label> {
        self.covering(path, hash, rule, is_rule)
            .into_iter()
            .map(|i| self.baseline.entries[i].label())
            .max()
    }
}

/// detect-secrets' default plugins (the class names `detect-secrets scan --list-all-plugins` prints
/// for 1.5), written into new baselines so that detect-secrets can re-scan with its defaults.
/// See: https://github.com/Yelp/detect-secrets#currently-supported-plugins
const DETECT_SECRETS_PLUGINS: &[&str] = &[
    "ArtifactoryDetector",
    "AWSKeyDetector",
    "AzureStorageKeyDetector",
    "Base64HighEntropyString",
    "BasicAuthDetector",
    "CloudantDetector",
    "DiscordBotTokenDetector",
    "GitHubTokenDetector",
    "GitLabTokenDetector",
    "HexHighEntropyString",
    "IbmCloudIamDetector",
    "IbmCosHmacDetector",
    "IPPublicDetector",
    "JwtTokenDetector",
    "KeywordDetector",
    "MailchimpDetector",
    "NpmDetector",
    "OpenAIDetector",
    "PrivateKeyDetector",
    "PypiTokenDetector",
    "SendGridDetector",
    "SlackDetector",
    "SoftlayerDetector",
    "SquareOAuthDetector",
    "StripeDetector",
    "TelegramBotTokenDetector",
    "TwilioKeyDetector",
];

/// detect-secrets' default heuristic filters (import paths of its filter functions, 1.5).
/// See: https://github.com/Yelp/detect-secrets/blob/master/docs/filters.md
const DETECT_SECRETS_FILTERS: &[&str] = &[
    "detect_secrets.filters.allowlist.is_line_allowlisted",
    "detect_secrets.filters.heuristic.is_indirect_reference",
    "detect_secrets.filters.heuristic.is_likely_id_string",
    "detect_secrets.filters.heuristic.is_lock_file",
    "detect_secrets.filters.heuristic.is_not_alphanumeric_string",
    "detect_secrets.filters.heuristic.is_potential_uuid",
    "detect_secrets.filters.heuristic.is_prefixed_with_dollar_sign",
    "detect_secrets.filters.heuristic.is_sequential_string",
    "detect_secrets.filters.heuristic.is_swagger_file",
    "detect_secrets.filters.heuristic.is_templated_secret",
];

/// serde_json's message without its " at line L column C" suffix (the caller puts the position first),
/// and with any string value it quotes redacted: a value of the wrong type could be a secret pasted
/// into the wrong field.
fn message_without_position(e: &serde_json::Error) -> String {
    let s = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let s = s.strip_suffix(&suffix).unwrap_or(&s);
    for prefix in ["invalid type: string \"", "invalid value: string \""] {
        if let (Some(rest), Some(end)) = (s.strip_prefix(prefix), s.rfind("\", expected")) {
            if end >= prefix.len() {
                let value = &rest[..end - prefix.len()];
                return format!("{prefix}{}{}", crate::finding::redact(value), &s[end..]);
            }
        }
    }
    s.to_string()
}

/// True for the versions hush reads: detect-secrets' format 1.x (`"1.5.0"`).
fn supported_version(v: &str) -> bool {
    let mut parts = v.split('.');
    parts.next() == Some("1")
        && parts.clone().count() >= 1
        && parts.all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

fn is_sha1_hex(s: &str) -> bool {
    s.len() == 40 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The current time as detect-secrets writes it (`2024-05-01T12:00:00Z`, UTC). `SOURCE_DATE_EPOCH`,
/// when set, replaces the clock (reproducible output).
pub fn now_utc() -> String {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    format_utc(secs)
}

/// Seconds since the Unix epoch as `YYYY-MM-DDTHH:MM:SSZ`.
fn format_utc(secs: i64) -> String {
    format!("{}Z", crate::time::iso8601(secs))
}

// ---- reading -------------------------------------------------------------------------------------
// Hand-written visitors rather than derived structs: they keep unknown keys in order, check the
// values hush relies on where they are read (so that serde_json's error carries the line and column
// of the problem), and check each entry's `filename` against the key it is filed under.

impl<'de> Deserialize<'de> for Baseline {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Baseline, D::Error> {
        d.deserialize_map(BaselineVisitor)
    }
}

struct BaselineVisitor;

impl<'de> Visitor<'de> for BaselineVisitor {
    type Value = Baseline;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a baseline object (detect-secrets format)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Baseline, A::Error> {
        let mut version: Option<String> = None;
        let mut plugins_used = None;
        let mut filters_used = None;
        let mut entries: Option<Vec<Entry>> = None;
        let mut generated_at = None;
        let mut extra: Vec<(String, Value)> = Vec::new();
        let mut seen: Vec<String> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if seen.contains(&key) {
                return Err(de::Error::custom(format_args!("duplicate key `{key}`")));
            }
            seen.push(key.clone());
            match key.as_str() {
                "version" => {
                    let v: String = map.next_value()?;
                    if !supported_version(&v) {
                        let hint = if v.starts_with("0.") {
                            "; upgrade this older file with detect-secrets 1.x \
                             (`detect-secrets scan --baseline FILE`)"
                        } else {
                            ""
                        };
                        // Quote the value only if it looks like a version (never echo a secret).
                        let shown = if v.len() <= 16
                            && v.bytes().all(|b| b.is_ascii_digit() || b == b'.')
                        {
                            format!(" {v:?}")
                        } else {
                            String::new()
                        };
                        return Err(de::Error::custom(format_args!(
                            "unsupported version{shown}: hush reads detect-secrets' baseline \
                             format 1.x{hint}"
                        )));
                    }
                    version = Some(v);
                }
                "plugins_used" => plugins_used = Some(map.next_value::<Vec<Value>>()?),
                "filters_used" => filters_used = Some(map.next_value::<Vec<Value>>()?),
                "results" => entries = Some(map.next_value_seed(ResultsSeed)?),
                "generated_at" => generated_at = map.next_value::<Option<String>>()?,
                _ => {
                    let v: Value = map.next_value()?;
                    extra.push((key, v));
                }
            }
        }
        Ok(Baseline {
            version: version.ok_or_else(|| de::Error::missing_field("version"))?,
            plugins_used,
            filters_used,
            entries: entries.ok_or_else(|| de::Error::missing_field("results"))?,
            generated_at,
            extra,
        })
    }
}

/// `results`: file name -> list of entries.
struct ResultsSeed;

impl<'de> DeserializeSeed<'de> for ResultsSeed {
    type Value = Vec<Entry>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Vec<Entry>, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ResultsSeed {
    type Value = Vec<Entry>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("`results`: an object of file name -> list of entries")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vec<Entry>, A::Error> {
        let mut out = Vec::new();
        while let Some(file) = map.next_key::<String>()? {
            map.next_value_seed(EntryListSeed {
                file: &file,
                out: &mut out,
            })?;
        }
        Ok(out)
    }
}

struct EntryListSeed<'a> {
    file: &'a str,
    out: &'a mut Vec<Entry>,
}

impl<'de> DeserializeSeed<'de> for EntryListSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for EntryListSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "a list of entries for {:?}", self.file)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(e) = seq.next_element_seed(EntrySeed { file: self.file })? {
            self.out.push(e);
        }
        Ok(())
    }
}

struct EntrySeed<'a> {
    file: &'a str,
}

impl<'de> DeserializeSeed<'de> for EntrySeed<'_> {
    type Value = Entry;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Entry, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for EntrySeed<'_> {
    type Value = Entry;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an entry object (type, filename, hashed_secret, is_verified, line_number)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entry, A::Error> {
        let mut kind: Option<String> = None;
        let mut hashed: Option<String> = None;
        let mut is_verified = false;
        let mut line_number = None;
        let mut is_secret = None;
        let mut hush_rule = None;
        let mut extra: Vec<(String, Value)> = Vec::new();
        let mut seen: Vec<String> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if seen.contains(&key) {
                return Err(de::Error::custom(format_args!("duplicate key `{key}`")));
            }
            seen.push(key.clone());
            match key.as_str() {
                "type" => kind = Some(map.next_value()?),
                "filename" => {
                    let f: String = map.next_value()?;
                    if f != self.file {
                        return Err(de::Error::custom(format_args!(
                            "entry filename {f:?} differs from the file it is listed under ({:?})",
                            self.file
                        )));
                    }
                }
                "hashed_secret" => {
                    let h: String = map.next_value()?;
                    if !is_sha1_hex(&h) {
                        // Never echo the value: it could be a secret pasted in by mistake.
                        return Err(de::Error::custom(
                            "hashed_secret must be a SHA-1 hex digest (40 hex digits)",
                        ));
                    }
                    hashed = Some(h.to_ascii_lowercase());
                }
                "is_verified" => is_verified = map.next_value()?,
                // detect-secrets omits 0 ("no line"); null is read the same way.
                "line_number" => {
                    line_number = map.next_value::<Option<u32>>()?.filter(|&n| n > 0);
                }
                "is_secret" => is_secret = map.next_value()?,
                "hush_rule" => hush_rule = Some(map.next_value::<String>()?),
                _ => {
                    let v: Value = map.next_value()?;
                    extra.push((key, v));
                }
            }
        }
        Ok(Entry {
            kind: kind.ok_or_else(|| de::Error::missing_field("type"))?,
            filename: self.file.to_string(),
            hashed_secret: hashed.ok_or_else(|| de::Error::missing_field("hashed_secret"))?,
            is_verified,
            line_number,
            is_secret,
            hush_rule,
            extra,
        })
    }
}

// ---- writing -------------------------------------------------------------------------------------

impl Serialize for Baseline {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("version", &self.version)?;
        if let Some(p) = &self.plugins_used {
            m.serialize_entry("plugins_used", p)?;
        }
        if let Some(f) = &self.filters_used {
            m.serialize_entry("filters_used", f)?;
        }
        m.serialize_entry("results", &Results(&self.entries))?;
        for (k, v) in &self.extra {
            m.serialize_entry(k, v)?;
        }
        if let Some(g) = &self.generated_at {
            m.serialize_entry("generated_at", g)?;
        }
        m.end()
    }
}

/// Sorted entries, grouped by file.
struct Results<'a>(&'a [Entry]);

impl Serialize for Results<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        for group in self.0.chunk_by(|a, b| a.filename == b.filename) {
            m.serialize_entry(&group[0].filename, group)?;
        }
        m.end()
    }
}

impl Serialize for Entry {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("type", &self.kind)?;
        m.serialize_entry("filename", &self.filename)?;
        m.serialize_entry("hashed_secret", &self.hashed_secret)?;
        m.serialize_entry("is_verified", &self.is_verified)?;
        if let Some(n) = self.line_number {
            m.serialize_entry("line_number", &n)?;
        }
        if let Some(v) = self.is_secret {
            m.serialize_entry("is_secret", &v)?;
        }
        if let Some(r) = &self.hush_rule {
            m.serialize_entry("hush_rule", r)?;
        }
        for (k, v) in &self.extra {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn check_accepts_objects_and_rejects_broken_json() {
        assert!(
            Baseline::check_bytes(b" {\"results\": {\"a\": [{\"x\": 1}]}, \"v\": 2}\n").is_ok()
        );
        assert!(Baseline::check_bytes(b"{}").is_ok());
        for bad in [
            "",
            "{\"results\": {",
            "[]",
            "{\"results\": {}} trailing",
            "<<<<<<< HEAD\n{}\n=======\n{}\n>>>>>>> other\n",
        ] {
            assert!(Baseline::check_bytes(bad.as_bytes()).is_err(), "{bad:?}");
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        std::fs::write(&path, "{\"results\": {\n").unwrap();
        let err = Baseline::check(&path).unwrap_err().0;
        assert!(
            err.starts_with("invalid baseline ") && err.contains(":2:"),
            "{err}"
        );
        assert!(Baseline::check(&dir.path().join("none")).is_err());
    }
    use super::*;

    const H1: &str = "1111111111111111111111111111111111111111";
    const H2: &str = "2222222222222222222222222222222222222222";

    fn obs(path: &str, hash: &str, rule: &str, line: u32) -> Observed {
        Observed {
            path: path.into(),
            hash: hash.into(),
            rule: rule.into(),
            line: Some(line),
            kind: "Base64 High Entropy String",
        }
    }

    fn is_rule(t: &str) -> bool {
        t.starts_with("hush-")
    }

    #[test]
    fn formats_utc_times() {
        assert_eq!(format_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(format_utc(1_714_564_800 + 3_723), "2024-05-01T13:02:03Z");
        assert_eq!(format_utc(4_102_444_799), "2099-12-31T23:59:59Z");
    }

    #[test]
    fn versions() {
        assert!(supported_version("1.5.0"));
        assert!(supported_version("1.0"));
        assert!(!supported_version("1"));
        assert!(!supported_version("0.14.3"));
        assert!(!supported_version("2.0.0"));
        assert!(!supported_version("1.x"));
    }

    #[test]
    fn refresh_keeps_entries_by_identity_not_line() {
        let b = Baseline::new("2024-01-01T00:00:00Z".into());
        let (b, c) = b.refresh(&[obs("a.py", H1, "hush-x", 3)], &|_| true, &is_rule);
        assert_eq!((c.added, c.dropped, c.kept), (1, 0, 0));
        assert_eq!(b.entries[0].line_number, Some(3));
        // The secret moved to line 9: nothing changes, the stored line stays.
        let (b2, c) = b.refresh(&[obs("a.py", H1, "hush-x", 9)], &|_| true, &is_rule);
        assert!(c.is_empty());
        assert_eq!(b2, b);
        // A different secret on line 3 is new, and the old one is gone.
        let (b3, c) = b.refresh(&[obs("a.py", H2, "hush-x", 3)], &|_| true, &is_rule);
        assert_eq!((c.added, c.dropped, c.kept), (1, 1, 0));
        assert_eq!(b3.entries[0].hashed_secret, H2);
        // Out of scope: kept even though not observed.
        let (b4, c) = b.refresh(&[], &|f| f != "a.py", &is_rule);
        assert!(c.is_empty());
        assert_eq!(b4, b);
    }

    #[test]
    fn new_entries_get_a_detect_secrets_type_and_their_rule() {
        let b = Baseline::new("t".into());
        let (b, _) = b.refresh(&[obs("a.py", H1, "hush-x", 3)], &|_| true, &is_rule);
        let e = &b.entries[0];
        assert_eq!(
            (e.kind.as_str(), e.hush_rule.as_deref()),
            ("Base64 High Entropy String", Some("hush-x"))
        );
        let out = String::from_utf8(b.to_bytes()).unwrap();
        assert!(
            out.contains("\"type\": \"Base64 High Entropy String\""),
            "{out}"
        );
        assert!(out.contains("\"hush_rule\": \"hush-x\""), "{out}");
        assert_eq!(Baseline::parse(out.as_bytes()).unwrap(), b);
        // Refreshed again: nothing to do.
        let (b2, c) = b.refresh(&[obs("a.py", H1, "hush-x", 3)], &|_| true, &is_rule);
        assert!(!c.writes());
        assert_eq!(b2, b);
    }

    #[test]
    fn older_and_rewritten_entries_are_retyped_labels_kept() {
        let entry = |kind: &str, hash: &str| Entry {
            kind: kind.into(),
            hush_rule: None,
            filename: "a.py".into(),
            hashed_secret: hash.into(),
            is_verified: false,
            line_number: Some(2),
            is_secret: Some(true),
            extra: vec![],
        };
        let mut b = Baseline::new("t".into());
        // An older hush wrote the rule id as the type; detect-secrets rewrote another (no hush_rule).
        b.entries = vec![entry("hush-x", H1), entry("Secret Keyword", H2)];
        let seen = [obs("a.py", H1, "hush-x", 2), obs("a.py", H2, "hush-y", 2)];
        let (next, c) = b.refresh(&seen, &|_| true, &is_rule);
        assert_eq!((c.added, c.dropped, c.kept, c.retyped), (0, 0, 2, 2));
        assert!(c.is_empty() && c.writes());
        let got: Vec<(&str, Option<&str>, Option<bool>)> = next
            .entries
            .iter()
            .map(|e| (e.kind.as_str(), e.hush_rule.as_deref(), e.is_secret))
            .collect();
        assert_eq!(
            got,
            [
                ("Base64 High Entropy String", Some("hush-x"), Some(true)),
                ("Secret Keyword", Some("hush-y"), Some(true)),
            ]
        );
        // Out of scope and unseen: retyped all the same, to a keyword.
        let (next, c) = b.refresh(&[], &|_| false, &is_rule);
        assert_eq!((c.kept, c.retyped), (2, 1));
        assert_eq!(next.entries[0].kind, "Secret Keyword");
        assert_eq!(next.entries[0].hush_rule.as_deref(), Some("hush-x"));
    }

    #[test]
    fn detect_secrets_types_by_rule_and_characters() {
        let t = |rule: &str, s: &str| detect_secrets_type(rule, Some(s.as_bytes()));
        assert_eq!(
            t("aws-access-key-id", "AKIAZ5XQ7PLMR4TVB2NW"),
            "AWS Access Key"
        );
        assert_eq!(
            t("json-web-token", "eyJhbGciOiJIUzI1NiJ9.e30.x"),
            "JSON Web Token"
        );
        assert_eq!(t("rsa-private-key", "-----BEGIN"), "Private Key");
        assert_eq!(t("x", "0123abcdef"), "Hex High Entropy String");
        assert_eq!(t("x", "ghp_Ab-c+d/e="), "Base64 High Entropy String");
        assert_eq!(t("x", "Sup3r!S3cret"), "Secret Keyword");
        assert_eq!(detect_secrets_type("file-dotenv", None), "Secret Keyword");
    }

    #[test]
    fn foreign_types_match_by_file_and_hash() {
        let mut b = Baseline::new("t".into());
        b.entries.push(Entry {
            kind: "Secret Keyword".into(),
            hush_rule: None,
            filename: "a.py".into(),
            hashed_secret: H1.into(),
            is_verified: false,
            line_number: Some(2),
            is_secret: Some(false),
            extra: vec![],
        });
        let l = b.lookup();
        assert_eq!(
            l.label("a.py", H1, "hush-generic", &is_rule),
            Some(Label::FalsePositive)
        );
        assert_eq!(l.label("b.py", H1, "hush-generic", &is_rule), None);
        // A hush-typed entry matches only its own rule.
        b.entries[0].kind = "hush-other".into();
        let l = b.lookup();
        assert_eq!(l.label("a.py", H1, "hush-generic", &is_rule), None);
    }

    #[test]
    fn round_trips_and_keeps_unknown_keys() {
        let text = r#"{
  "version": "1.4.0",
  "plugins_used": [{"name": "KeywordDetector", "keyword_exclude": ""}],
  "custom": {"z": 1, "a": 2},
  "results": {
    "b.py": [{"type": "T", "filename": "b.py", "hashed_secret": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "is_verified": false, "line_number": 4, "note": "x"}],
    "a.py": [
      {"type": "T", "hashed_secret": "2222222222222222222222222222222222222222", "line_number": 9, "is_secret": true},
      {"type": "T", "hashed_secret": "1111111111111111111111111111111111111111", "line_number": 9}
    ]
  },
  "generated_at": "2020-01-01T00:00:00Z"
}"#;
        let b = Baseline::parse(text.as_bytes()).unwrap();
        assert_eq!(b.filters_used, None);
        let files: Vec<(&str, &str)> = b
            .entries
            .iter()
            .map(|e| (e.filename.as_str(), &e.hashed_secret[..1]))
            .collect();
        assert_eq!(files, [("a.py", "1"), ("a.py", "2"), ("b.py", "a")]);
        let out = String::from_utf8(b.to_bytes()).unwrap();
        assert!(
            out.contains("\"name\": \"KeywordDetector\",\n      \"keyword_exclude\""),
            "{out}"
        );
        assert!(out.contains("\"z\": 1,\n    \"a\": 2"), "{out}");
        assert!(out.contains("\"note\": \"x\""), "{out}");
        assert!(
            out.ends_with("\"generated_at\": \"2020-01-01T00:00:00Z\"\n}\n"),
            "{out}"
        );
        let again = Baseline::parse(out.as_bytes()).unwrap();
        assert_eq!(again, b);
        assert_eq!(again.to_bytes(), out.as_bytes());
    }

    #[test]
    fn errors_point_at_the_problem() {
        let pos = |t: &str| {
            let e = Baseline::parse(t.as_bytes()).unwrap_err();
            (e.line(), e.column(), message_without_position(&e))
        };
        let (l, c, m) = pos(
            "{\"version\": \"1.5.0\",\n \"results\": {\"a\": [{\"type\": \"T\", \"hashed_secret\": \"1111111111111111111111111111111111111111\", \"is_secret\": \"yes\"}]}}",
        );
        assert_eq!(l, 2);
        assert!(c > 80, "{c}");
        assert!(m.contains("expected a boolean"), "{m}");
        let (l, _, m) = pos("{\n\"version\": \"3.0\", \"results\": {}}");
        assert_eq!(l, 2);
        assert!(m.contains("unsupported version"), "{m}");
        let secret = "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";
        let (_, _, m) = pos(&format!(
            "{{\"version\": \"1.5.0\", \"results\": {{\"a\": [{{\"type\": \"T\", \"hashed_secret\": \"1111111111111111111111111111111111111111\", \"line_number\": \"{secret}\"}}]}}}}"
        ));
        assert_eq!(m, "invalid type: string \"ghp_Xf…fO\", expected u32");
        let (_, _, m) = pos(&format!("{{\"version\": \"{secret}\", \"results\": {{}}}}"));
        assert!(
            m.starts_with("unsupported version: ") && !m.contains("ghp_"),
            "{m}"
        );
        let (_, _, m) = pos("{\"version\": \"1.5.0\"}");
        assert!(m.contains("missing field `results`"), "{m}");
        let (_, _, m) = pos(
            "{\"version\": \"1.5.0\", \"results\": {\"a\": [{\"type\": \"T\", \"hashed_secret\": \"hunter2\"}]}}",
        );
        assert!(m.contains("SHA-1") && !m.contains("hunter2"), "{m}");
        let (_, _, m) = pos(
            "{\"version\": \"1.5.0\", \"results\": {\"a\": [{\"type\": \"T\", \"filename\": \"b\", \"hashed_secret\": \"1111111111111111111111111111111111111111\"}]}}",
        );
        assert!(m.contains("differs"), "{m}");
        let (l, c, _) = pos("{\"version\": \"1.5.0\",\n  \"results\": {,}}");
        assert_eq!((l, c), (2, 15));
    }
}
