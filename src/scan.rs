//! The one place that turns a blob into findings: filename rules, content sniffing, detection, then
//! the filters (pragmas, allowlists, confidence). Every source (files, git history, the index) calls
//! [`Scanner::scan_blob`].

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::Serialize;

use crate::content::{self, Kind};
use crate::detect::{Detector, LineIndex, Match};
use crate::filter::allowlist::Allowlist;
use crate::filter::pragma;
use crate::finding::{Confidence, Finding, Secret, sha1_hex};
use crate::rule::RuleSet;

/// Everything a scan needs that does not change from blob to blob.
#[derive(Debug)]
pub struct Scanner {
    pub rules: Arc<RuleSet>,
    pub allowlist: Allowlist,
    pub min_confidence: Confidence,
    /// Ignore inline pragmas (a CI gate that refuses inline ignores).
    pub ignore_pragmas: bool,
    /// Skip files larger than this.
    pub max_file_size: u64,
    /// Levels of encoding (base64, percent, escapes) to decode and scan; 0 turns decoding off.
    pub decode_depth: u8,
}

/// Counters shared by the threads of one scan.
#[derive(Debug, Default)]
pub struct Stats {
    pub files: AtomicU64,
    pub blobs: AtomicU64,
    pub bytes: AtomicU64,
    pub skipped_binary: AtomicU64,
    pub skipped_large: AtomicU64,
    pub skipped_other: AtomicU64,
    pub errors: AtomicU64,
    /// Progress shown while the scan runs (hidden unless the command asked for a bar). Sources
    /// call `progress.item(bytes)` once per file or blob, from any thread.
    pub progress: crate::progress::Progress,
}

/// The counters as reported in `stats`.
#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
pub struct StatsSnapshot {
    pub files: u64,
    pub blobs: u64,
    pub bytes: u64,
    pub elapsed_ms: u64,
    pub skipped_binary: u64,
    pub skipped_large: u64,
    pub skipped_other: u64,
    pub errors: u64,
}

impl Stats {
    pub fn add(&self, field: &AtomicU64, n: u64) {
        field.fetch_add(n, Ordering::Relaxed);
    }

    pub fn snapshot(&self, elapsed_ms: u64) -> StatsSnapshot {
        let g = |a: &AtomicU64| a.load(Ordering::Relaxed);
        StatsSnapshot {
            files: g(&self.files),
            blobs: g(&self.blobs),
            bytes: g(&self.bytes),
            elapsed_ms,
            skipped_binary: g(&self.skipped_binary),
            skipped_large: g(&self.skipped_large),
            skipped_other: g(&self.skipped_other),
            errors: g(&self.errors),
        }
    }
}

/// What happened to one blob.
#[derive(Debug, PartialEq, Eq)]
pub enum BlobOutcome {
    Scanned,
    Binary,
}

impl Scanner {
    /// Findings in one blob at `path` (relative, `/`-separated): its blocked-filename findings, then
    /// those in its content.
    pub fn scan_blob(
        &self,
        detector: &mut Detector,
        path: &str,
        bytes: &[u8],
        out: &mut Vec<Finding>,
    ) -> BlobOutcome {
        self.filename_findings(path, bytes, out);
        self.content_findings(detector, path, bytes, out)
    }

    /// Findings in the content of one blob, without the blocked-filename check. `path` sets the
    /// findings' path, the path hints of the generic rules and the path allowlist.
    pub fn content_findings(
        &self,
        detector: &mut Detector,
        path: &str,
        bytes: &[u8],
        out: &mut Vec<Finding>,
    ) -> BlobOutcome {
        let transcoded;
        let text: &[u8] = match content::sniff(bytes) {
            Kind::Text => bytes,
            Kind::Utf16Le => {
                transcoded = content::utf16_to_utf8(bytes, true);
                &transcoded
            }
            Kind::Utf16Be => {
                transcoded = content::utf16_to_utf8(bytes, false);
                &transcoded
            }
            Kind::Binary => return BlobOutcome::Binary,
        };
        detector.decode_depth = self.decode_depth;
        let matches = detector.scan(text, crate::detect::hints_for_path(path));
        if !matches.is_empty() {
            self.to_findings(&detector.rules().clone(), path, text, matches, out);
        }
        BlobOutcome::Scanned
    }

    fn to_findings(
        &self,
        rules: &RuleSet,
        path: &str,
        text: &[u8],
        matches: Vec<Match>,
        out: &mut Vec<Finding>,
    ) {
        if self.allowlist.allows_path(path) {
            return;
        }
        let mut index = LineIndex::new(text);
        let spans: Vec<std::ops::Range<usize>> = matches.iter().map(|m| m.secret.clone()).collect();
        for m in matches {
            if m.confidence < self.min_confidence {
                continue;
            }
            let secret = match &m.decoded {
                Some(d) => &d.secret[..],
                None => &text[m.secret.clone()],
            };
            if self.allowlist.allows_value(secret)
                || m.aws_account
                    .as_deref()
                    .is_some_and(|a| self.allowlist.allows_aws_account(a))
            {
                continue;
            }
            let (line, column, line_range) = index.locate(m.secret.start);
            let line_bytes = &text[line_range.clone()];
            if !self.ignore_pragmas
                && pragma::allows(line_bytes, pragma::previous_line(text, line_range.start))
            {
                continue;
            }
            let (end_line, end_column, _) = index.locate(m.secret.end);
            let rule = rules.get(m.rule);
            let secret = Secret::new(secret);
            out.push(Finding {
                rule_id: rule.id().to_string(),
                rule_name: rule.name().to_string(),
                path: path.to_string(),
                line: Some(line),
                column: Some(column),
                end_line: Some(end_line),
                end_column: Some(end_column),
                context: Some(redacted_context(text, line_range, m.secret.start, &spans)),
                secret,
                confidence: m.confidence,
                validated: m.validated,
                note: m.note,
                decoded: m.decoded.map(|d| d.how),
                commit: None,
                known_real: false,
            });
        }
    }

    /// Blocked file names are findings of their own, reported once per file with no line.
    pub fn filename_findings(&self, path: &str, bytes: &[u8], out: &mut Vec<Finding>) {
        let rules = &self.rules;
        if rules.filename_rules.is_empty() || self.allowlist.allows_path(path) {
            return;
        }
        let hits = rules.filenames.matches(path);
        if hits.is_empty() {
            return;
        }
        let excluded = rules.filename_excludes.matches(path);
        let mut done: Vec<u32> = Vec::new();
        for h in hits {
            let idx = rules.filename_rules[h];
            if done.contains(&idx)
                || excluded
                    .iter()
                    .any(|&e| rules.filename_exclude_rules[e] == idx)
            {
                continue;
            }
            done.push(idx);
            let rule = rules.get(idx);
            if let Some(re) = rule.content_regex() {
                if !re.is_match(bytes) {
                    continue;
                }
            }
            if rule.confidence < self.min_confidence {
                continue;
            }
            out.push(Finding {
                rule_id: rule.id().to_string(),
                rule_name: rule.name().to_string(),
                path: path.to_string(),
                line: None,
                column: None,
                end_line: None,
                end_column: None,
                // The path is the "secret": the baseline accepts such a file by its path.
                secret: Secret::new(path.as_bytes()),
                confidence: rule.confidence,
                validated: None,
                note: None,
                decoded: None,
                context: None,
                commit: None,
                known_real: false,
            });
        }
    }
}

/// The secret's line, at most 60 characters each side of the secret at `at`, with every secret on
/// it (`spans`, in offset order) replaced by its redacted form.
fn redacted_context(
    text: &[u8],
    line: std::ops::Range<usize>,
    at: usize,
    spans: &[std::ops::Range<usize>],
) -> String {
    let mut pieces: Vec<String> = Vec::new();
    let mut pos = line.start;
    let mut focus = 0;
    for s in spans
        .iter()
        .filter(|s| s.start < line.end && s.end > line.start)
    {
        let start = s.start.max(pos);
        pieces.push(String::from_utf8_lossy(&text[pos..start]).into_owned());
        if s.start == at {
            focus = pieces.len();
        }
        pieces.push(Secret::new(&text[s.clone()]).redacted());
        pos = s.end.max(pos);
    }
    pieces.push(String::from_utf8_lossy(&text[pos.min(line.end)..line.end]).into_owned());
    let before: String = pieces[..focus].concat();
    let after: String = pieces[focus + 1..].concat();
    let b: Vec<char> = before.chars().collect();
    let skip = b.len().saturating_sub(60);
    let mut out = String::new();
    if skip > 0 {
        out.push('…');
    }
    out.extend(&b[skip..]);
    out.push_str(&pieces[focus]);
    out.extend(after.chars().take(60));
    if after.chars().count() > 60 {
        out.push('…');
    }
    out.trim().to_string()
}

/// The hash of a path, used where a blocked file has no secret of its own.
pub fn path_hash(path: &str) -> String {
    sha1_hex(path.as_bytes())
}
