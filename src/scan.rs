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
    /// Encoded strings left unscanned for want of decoding budget (see `detect::Budget`).
    pub encoded_not_scanned: AtomicU64,
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
    pub encoded_not_scanned: u64,
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
            encoded_not_scanned: g(&self.encoded_not_scanned),
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
        // Every secret's text: as written, and as decoded (a decoded secret may also be written out
        // in clear elsewhere on the line).
        let values: Vec<&[u8]> = matches
            .iter()
            .map(|m| &text[m.secret.clone()])
            .chain(
                matches
                    .iter()
                    .filter_map(|m| m.decoded.as_ref().map(|d| d.secret.expose())),
            )
            .collect();
        let secrets = SecretText::new(values);
        let mut pragma_line: Option<(usize, bool)> = None;
        for m in matches {
            if m.confidence < self.min_confidence {
                continue;
            }
            let secret = match &m.decoded {
                Some(d) => d.secret.expose(),
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
            // Once per line, not per finding: a long line with many findings is read once.
            let allowed = match pragma_line {
                Some((start, allowed)) if start == line_range.start => allowed,
                _ => {
                    let allowed = !self.ignore_pragmas
                        && pragma::allows(
                            &text[line_range.clone()],
                            pragma::previous_line(text, line_range.start),
                        );
                    pragma_line = Some((line_range.start, allowed));
                    allowed
                }
            };
            if allowed {
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
                context: Some(redacted_context(
                    text,
                    line_range,
                    m.secret.clone(),
                    &secrets,
                )),
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

/// How many characters of the secret's line a context shows on each side of it.
const CONTEXT_CHARS: usize = 60;

/// Every occurrence, in one blob, of the secrets its matches found: a context redacts each of them,
/// not only the matched spans, so that a second, unmatched copy of a secret on the same line (a
/// keyword-less repeat, or one that lost an overlap) is not printed in clear.
struct SecretText {
    longest: usize,
    /// All distinct secret values, for finding their copies; `None` when there is only one match.
    others: Option<aho_corasick::AhoCorasick>,
}

impl SecretText {
    fn new(mut values: Vec<&[u8]>) -> SecretText {
        values.retain(|v| !v.is_empty());
        values.sort_unstable();
        values.dedup();
        let longest = values.iter().map(|v| v.len()).max().unwrap_or(0);
        let others = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::Standard)
            .build(&values)
            .ok();
        SecretText { longest, others }
    }

    /// The merged ranges of `text[window]` that hold a secret, with `focus` (the finding's own span,
    /// which may reach past the window when it spans lines) among them.
    fn in_window(
        &self,
        text: &[u8],
        window: std::ops::Range<usize>,
        focus: std::ops::Range<usize>,
    ) -> Vec<std::ops::Range<usize>> {
        let mut found: Vec<std::ops::Range<usize>> = match &self.others {
            Some(ac) => ac
                .find_overlapping_iter(&text[window.clone()])
                .map(|m| window.start + m.start()..window.start + m.end())
                .collect(),
            None => Vec::new(),
        };
        found.push(focus);
        found.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
        let mut merged: Vec<std::ops::Range<usize>> = Vec::new();
        for r in found {
            match merged.last_mut() {
                Some(last) if r.start < last.end => last.end = last.end.max(r.end),
                _ => merged.push(r),
            }
        }
        merged
    }
}

/// `i` moved back to the start of the UTF-8 character it falls in.
fn char_start(text: &[u8], mut i: usize) -> usize {
    while i > 0 && i < text.len() && text[i] & 0xC0 == 0x80 {
        i -= 1;
    }
    i
}

/// The secret's line, at most [`CONTEXT_CHARS`] characters each side of the secret at `at`, with
/// every copy of every secret of the blob replaced by its redacted form. The work is bounded by the
/// shown window, not the line: a 10 MB line with many findings costs no more per finding than a short
/// one.
fn redacted_context(
    text: &[u8],
    line: std::ops::Range<usize>,
    at: std::ops::Range<usize>,
    secrets: &SecretText,
) -> String {
    // The bytes that can hold the shown characters (at most 4 bytes each) ...
    let reach = CONTEXT_CHARS * 4;
    let shown = char_start(text, at.start.saturating_sub(reach).max(line.start))
        ..char_start(text, (at.end + reach).min(line.end)).max(at.start);
    // ... and, to find whole any copy of a secret that reaches into them, the longest secret more.
    let search = shown.start.saturating_sub(secrets.longest).max(line.start)
        ..(shown.end + secrets.longest).min(line.end).max(shown.end);
    let spans: Vec<std::ops::Range<usize>> = secrets
        .in_window(text, search, at.clone())
        .into_iter()
        .filter(|s| s.end > shown.start && s.start < shown.end.max(at.end))
        .collect();
    let mut pieces: Vec<String> = Vec::new();
    let mut focus = 0;
    let mut pos = shown.start;
    for s in &spans {
        let start = s.start.max(pos);
        pieces
            .push(String::from_utf8_lossy(&text[pos..start.min(shown.end).max(pos)]).into_owned());
        if s.start <= at.start && at.start < s.end.max(at.start + 1) {
            focus = pieces.len();
        }
        pieces.push(Secret::new(&text[s.clone()]).redacted());
        pos = s.end.max(pos);
    }
    pieces.push(String::from_utf8_lossy(&text[pos.min(shown.end)..shown.end]).into_owned());
    let before: String = pieces[..focus].concat();
    let after: String = pieces[focus + 1..].concat();
    let b: Vec<char> = before.chars().collect();
    let skip = b.len().saturating_sub(CONTEXT_CHARS);
    let mut out = String::new();
    if skip > 0 || shown.start > line.start {
        out.push('…');
    }
    out.extend(&b[skip..]);
    out.push_str(&pieces[focus]);
    out.extend(after.chars().take(CONTEXT_CHARS));
    if after.chars().count() > CONTEXT_CHARS || pos.max(shown.end) < line.end {
        out.push('…');
    }
    out.trim().to_string()
}

/// The hash of a path, used where a blocked file has no secret of its own.
pub fn path_hash(path: &str) -> String {
    sha1_hex(path.as_bytes())
}
