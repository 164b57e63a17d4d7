//! Detection: bytes in, matches out.
//!
//! One pass of the keyword automaton finds which rules could match and where. Each selected rule's
//! regex then runs only on windows around its keyword hits (the hit's line, at most [`REACH`] bytes
//! each way), so a rule whose keyword never occurs costs nothing and a rule whose keyword occurs once
//! in a 10 MB file scans one line of it.
//!
//! Then encoded text (base64, percent-encoding, backslash escapes; see [`decode`]) is decoded, up to
//! [`Detector::decode_depth`] levels deep, and scanned with the same rules. A secret found that way
//! is reported at the encoded bytes it came from, with the decoded secret and how it was decoded.

pub mod decode;
pub mod entropy;
pub mod placeholder;
pub mod private_key;
pub mod validate;

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use crate::finding::{Confidence, Validation};
use crate::rule::keywords::ContextCheck;
use crate::rule::{Rule, RuleIdx, RuleSet};
use decode::Decoded;

/// How far a window reaches from a keyword hit, on the same line.
pub const REACH: usize = 4096;
/// How far a multi-line rule's window reaches past its keyword hit.
pub const MULTILINE_REACH: usize = 64 * 1024;

/// Bytes walked for keywords at a time: what a blob's keyword hits can hold at once is a segment's
/// (a few MB at the densest: 2 hits per 4 bytes of `AKIAAKIA...`, 16 bytes each).
pub const SEGMENT: usize = 256 << 10;

/// How deep decoding goes by default: base64 inside base64, or a URL inside base64, is found; a
/// third level is not looked for.
pub const DEFAULT_DECODE_DEPTH: u8 = 2;
/// Decoded text scanned per blob, with its context, is at most this plus the blob's own size (each
/// level counts), so decoding at most doubles the work on any input, however many candidates it has.
/// The budget is earned region by region ([`DECODE_REGION`]), so that encoded text early in a blob
/// cannot spend what later text is owed.
pub const DECODE_BUDGET: usize = 16 << 20;
/// The blob's regions, for the decoding budget.
pub const DECODE_REGION: usize = 64 << 10;
/// How much of the encoded text's line, each side of it, is scanned with the decoded text, so that
/// a decoded value keeps its name (`password: <base64>`).
const DECODE_CONTEXT: usize = 256;

/// A confirmed match: offsets into the scanned bytes, and the verdict of the offline checks.
#[derive(Clone, Debug, PartialEq)]
pub struct Match {
    pub rule: RuleIdx,
    /// The secret's bytes within the blob; for a decoded secret, the encoded bytes it came from.
    pub secret: Range<usize>,
    pub confidence: Confidence,
    pub validated: Option<Validation>,
    pub note: Option<String>,
    /// The AWS account the credential belongs to, when a validator could tell.
    pub aws_account: Option<String>,
    /// Set when the secret was found in decoded text.
    pub decoded: Option<Box<DecodedSecret>>,
}

/// A secret found in decoded text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodedSecret {
    /// The encodings undone, outermost first, joined by `/` (`base64`, `base64/url`).
    pub how: String,
    /// The decoded secret (a [`Secret`](crate::finding::Secret), so that `Debug` of a match redacts).
    pub secret: crate::finding::Secret,
}

/// Scans blobs with a rule set. Cheap to create; keeps scratch buffers between blobs, so use one per
/// thread.
pub struct Detector {
    rules: Arc<RuleSet>,
    /// The keyword hits of the segment being settled, and those it leaves for the next one.
    hits: Vec<Hit>,
    carry: Vec<Hit>,
    /// The rules whose windows go on into the next segment, by rule.
    open: Vec<RuleState>,
    /// [`SEGMENT`], smaller in tests.
    segment: usize,
    now_unix: i64,
    /// Levels of encoding to undo (0 = no decoding).
    pub decode_depth: u8,
    /// Encoded strings that decoded to text but were not scanned (the decoding budget of their
    /// region was spent), since [`Detector::take_encoded_not_scanned`] last read them.
    encoded_not_scanned: u64,
}

impl Detector {
    pub fn new(rules: Arc<RuleSet>) -> Detector {
        let now_unix = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        Detector {
            rules,
            hits: Vec::new(),
            carry: Vec::new(),
            open: Vec::new(),
            segment: SEGMENT,
            now_unix,
            decode_depth: DEFAULT_DECODE_DEPTH,
            encoded_not_scanned: 0,
        }
    }

    pub fn rules(&self) -> &Arc<RuleSet> {
        &self.rules
    }

    /// How many encoded strings [`Detector::scan`] left unscanned, for want of decoding budget,
    /// since this was last called (a source adds it to the scan's `stats` after each blob).
    pub fn take_encoded_not_scanned(&mut self) -> u64 {
        std::mem::take(&mut self.encoded_not_scanned)
    }

    /// Every match of every rule in `content`, overlapping matches resolved (a specific rule beats the
    /// generic one; then a match in the text as written beats one in decoded text; then higher
    /// confidence; then the longer secret), in offset order. Encoded strings left unscanned for want
    /// of decoding budget are counted (see [`Detector::take_encoded_not_scanned`]).
    pub fn scan(&mut self, content: &[u8], hints: Hints) -> Vec<Match> {
        let mut found = self.confirm(content, hints);
        if self.decode_depth > 0 {
            let mut budget = Budget::new(content.len());
            let decoded_hints = Hints {
                code: false,
                ..hints
            };
            let depth = self.decode_depth;
            found.extend(self.scan_decoded(
                content,
                0..content.len(),
                decoded_hints,
                depth,
                &mut budget,
                None,
            ));
        }
        resolve_overlaps(&self.rules, found)
    }

    /// Every match of every rule in `content`, before overlaps are resolved.
    ///
    /// The keyword walk goes one [`SEGMENT`] at a time, and each segment's hits are turned into
    /// windows before the next is walked, so that what is held is a segment's hits and one open
    /// window per rule, however many hits the blob has (100 MB of `AKIA` is 50 million hits). The
    /// windows, and so the matches, are the same as those of one walk over the whole blob: each
    /// rule's hits are still taken in order of (start, end).
    fn confirm(&mut self, content: &[u8], hints: Hints) -> Vec<Match> {
        let rules = Arc::clone(&self.rules);
        let warm = rules.keywords.max_pattern_len();
        let mut found: Vec<Match> = Vec::new();
        self.hits.clear();
        self.open.clear();
        let mut from = 0;
        loop {
            let to = (from + self.segment).min(content.len());
            // The walk starts `warm` bytes early, for its state to be the true one at `from`, and
            // keeps the hits that end in this segment.
            let lo = from.saturating_sub(warm);
            let hits = &mut self.hits;
            rules.keywords.for_each(&content[lo..to], |p, start, end| {
                if lo + end > from {
                    for &r in rules.keyword_rules.of(p) {
                        hits.push(Hit::new(r, lo + start, lo + end));
                    }
                }
            });
            let last = to == content.len();
            if !self.hits.is_empty() {
                // A later segment's hits end after `to`, so start after `to - warm`: the hits that
                // start by then are in their final order; the others wait for the next segment.
                let settled = if last {
                    usize::MAX
                } else {
                    to.saturating_sub(warm)
                };
                self.settle(&rules, content, hints, settled, last, &mut found);
            }
            if last {
                break;
            }
            from = to;
        }
        // Windows still open at the end (rules with no hit in the last segment).
        for st in self.open.drain(..) {
            if let Some(w) = st.window {
                let rule = rules.get(st.rule);
                Confirm::new(&rules, rule, st.rule, content, self.now_unix, hints)
                    .run(w, &mut found);
            }
        }
        found
    }

    /// Takes the hits that start at or before `settled` (all of them when `last`) through their
    /// rule's keyword context into its windows, and confirms the windows they close; keeps the
    /// other hits in `self.hits` for the next segment.
    fn settle(
        &mut self,
        rules: &RuleSet,
        content: &[u8],
        hints: Hints,
        settled: usize,
        last: bool,
        found: &mut Vec<Match>,
    ) {
        self.hits.sort_unstable();
        self.carry.clear();
        let hits = &self.hits;
        let mut i = 0;
        while i < hits.len() {
            let rule_idx = hits[i].rule();
            let mut j = i;
            while j < hits.len() && hits[j].rule() == rule_idx {
                j += 1;
            }
            let rule = rules.get(rule_idx);
            let at = self.open.binary_search_by_key(&rule_idx, |s| s.rule);
            let mut st = match at {
                Ok(k) => self.open.remove(k),
                Err(_) => RuleState {
                    rule: rule_idx,
                    check: ContextCheck::new(rule.keyword_context),
                    window: None,
                },
            };
            let mut cx = Confirm::new(rules, rule, rule_idx, content, self.now_unix, hints);
            for (k, hit) in hits[i..j].iter().enumerate() {
                let (start, end) = hit.span();
                if start > settled {
                    self.carry.extend_from_slice(&hits[i + k..j]);
                    break;
                }
                if !st.check.accepts(content, end) {
                    continue;
                }
                if let Some(done) = grow(&mut st.window, content, start, end, rule.def.multiline) {
                    cx.run(done, found);
                }
            }
            if last {
                if let Some(w) = st.window.take() {
                    cx.run(w, found);
                }
            } else {
                let k = at.unwrap_or_else(|k| k);
                self.open.insert(k, st);
            }
            i = j;
        }
        std::mem::swap(&mut self.hits, &mut self.carry);
    }

    /// Matches in the decoded forms of the encoded candidates that start in `text[starts]`, with
    /// spans in `text`'s offsets. Each candidate is scanned together with the rest of its line in
    /// `text` (at most [`DECODE_CONTEXT`] bytes each side), and only matches that touch the decoded
    /// bytes are kept: the rest was seen when `text` itself was scanned.
    ///
    /// At the top (`limit` is `None`) candidates are taken in offset order, each within what the
    /// budget allows by the end of its region; a nested level spends what its top-level candidate
    /// was allowed (`limit`). A candidate that decodes to text but finds the budget spent is
    /// counted in `encoded_not_scanned`.
    fn scan_decoded(
        &mut self,
        text: &[u8],
        starts: Range<usize>,
        hints: Hints,
        depth: u8,
        budget: &mut Budget,
        limit: Option<usize>,
    ) -> Vec<Match> {
        let mut search = decode::Candidates::new(starts.start);
        let mut cands = Vec::new();
        let mut found = Vec::new();
        // At the top, one region at a time, in offset order (and so no more than a region's
        // candidates held at once); below it, all at once.
        let step = if limit.is_none() {
            DECODE_REGION
        } else {
            usize::MAX
        };
        let mut until = starts.start;
        while until < starts.end {
            until = until.saturating_add(step).min(starts.end);
            search.next_batch(text, until, &mut cands);
            // Below the top, a candidate that starts after the decoded bytes is in the text around
            // them, which the level above decodes itself: its matches here would not touch them.
            cands.retain(|c| c.span.start < starts.end);
            if limit.is_none() {
                cands.sort_by_key(|c| c.span.start);
            }
            for c in cands.drain(..) {
                let Some(decoded) = decode::decode(text, &c) else {
                    continue;
                };
                let limit = limit.unwrap_or_else(|| budget.limit(c.span.start));
                if budget.spent >= limit {
                    self.encoded_not_scanned += 1;
                    continue;
                }
                let line_start = memchr::memrchr(b'\n', &text[..c.span.start]).map_or(0, |p| p + 1);
                let pre = line_start.max(c.span.start.saturating_sub(DECODE_CONTEXT))..c.span.start;
                let line_end = memchr::memchr(b'\n', &text[c.span.end..])
                    .map_or(text.len(), |p| c.span.end + p);
                let post = c.span.end..line_end.min(c.span.end + DECODE_CONTEXT);
                let mut view = Decoded::default();
                for i in pre.clone() {
                    view.bytes.push(text[i]);
                    view.src.push((i as u32, i as u32 + 1));
                }
                let inner = view.bytes.len()..view.bytes.len() + decoded.bytes.len();
                view.bytes.extend_from_slice(&decoded.bytes);
                view.src.extend_from_slice(&decoded.src);
                for i in post {
                    view.bytes.push(text[i]);
                    view.src.push((i as u32, i as u32 + 1));
                }
                budget.spent += view.bytes.len();
                let mut here = self.confirm(&view.bytes, hints);
                if depth > 1 {
                    here.extend(self.scan_decoded(
                        &view.bytes,
                        inner.clone(),
                        hints,
                        depth - 1,
                        budget,
                        Some(limit),
                    ));
                }
                let name = c.encoding.name();
                // A token whose own format is encoded (Intercom's base64 `tok:...`) belongs to its
                // provider's rule: the generic rule does not get a second look at its decoded form.
                let owned = self.rules.holds_specific_keyword(&text[c.span.clone()]);
                for mut m in here {
                    if m.secret.end <= inner.start || m.secret.start >= inner.end {
                        continue; // entirely in the surrounding text: already scanned as written
                    }
                    if owned && m.decoded.is_none() && self.rules.get(m.rule).def.generic {
                        continue;
                    }
                    m.decoded = Some(Box::new(match m.decoded.take() {
                        Some(d) => DecodedSecret {
                            how: format!("{name}/{}", d.how),
                            secret: d.secret,
                        },
                        None => DecodedSecret {
                            how: name.to_string(),
                            secret: crate::finding::Secret::new(&view.bytes[m.secret.clone()]),
                        },
                    }));
                    m.secret = view.source_of(m.secret.clone());
                    found.push(m);
                }
            }
        }
        found
    }
}

/// A blob's decoding budget, [`DECODE_BUDGET`] plus its size, earned in proportion to its length as
/// the candidates are taken in offset order: by the end of each [`DECODE_REGION`] the regions up to
/// it have earned their share. Any region may spend what earlier ones left over, never what later
/// ones are owed, so that harmless encoded text, however much of it, cannot use up the budget of a
/// secret further on.
struct Budget {
    total: usize,
    len: usize,
    spent: usize,
}

impl Budget {
    fn new(len: usize) -> Budget {
        Budget {
            total: DECODE_BUDGET + len,
            len,
            spent: 0,
        }
    }

    /// The most that may have been spent when a candidate at `offset` is scanned: the share of the
    /// regions up to and including its own.
    fn limit(&self, offset: usize) -> usize {
        let end = ((offset / DECODE_REGION + 1) * DECODE_REGION).min(self.len);
        if end >= self.len {
            return self.total;
        }
        (self.total as u128 * end as u128 / self.len as u128) as usize
    }
}

/// A rule's keyword hit: the rule, the keyword's start and end, packed into one integer whose order
/// is that of (rule, start, end), so that a segment's hits sort as plain integers (sorting tuples
/// was 6% of a working-tree scan). Offsets are below 2^48 (256 TiB).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Hit(u128);

impl Hit {
    fn new(rule: RuleIdx, start: usize, end: usize) -> Hit {
        debug_assert!(start <= end && (end as u64) < 1 << 48);
        Hit((u128::from(rule) << 96) | ((start as u128) << 48) | end as u128)
    }

    fn rule(self) -> RuleIdx {
        (self.0 >> 96) as RuleIdx
    }

    fn span(self) -> (usize, usize) {
        let mask = (1u128 << 48) - 1;
        (((self.0 >> 48) & mask) as usize, (self.0 & mask) as usize)
    }
}

/// A rule's keyword hits, taken in order of (start, end), become merged windows: each hit's line,
/// at most [`REACH`] bytes each way (a multi-line rule's reaches [`MULTILINE_REACH`] bytes on). Adds
/// one hit to the open window `open`, and returns the window it closes, if any.
fn grow(
    open: &mut Option<Range<usize>>,
    content: &[u8],
    start: usize,
    end: usize,
    multiline: bool,
) -> Option<Range<usize>> {
    if let Some(last) = open {
        if end <= last.end {
            return None; // inside the open window already
        }
    }
    let lo = start.saturating_sub(REACH);
    let wstart = match memchr::memrchr(b'\n', &content[lo..start]) {
        Some(p) => lo + p + 1,
        None => lo,
    };
    let wend = if multiline {
        (end + MULTILINE_REACH).min(content.len())
    } else {
        let hi = (end + REACH).min(content.len());
        match memchr::memchr(b'\n', &content[end..hi]) {
            Some(p) => end + p,
            None => hi,
        }
    };
    match open {
        Some(last) if wstart <= last.end => {
            last.end = last.end.max(wend);
            None
        }
        _ => open.replace(wstart..wend),
    }
}

/// One rule's part of a keyword walk that goes on in the next segment: its keyword context (whose
/// verdicts it caches) and its open window.
struct RuleState {
    rule: RuleIdx,
    check: ContextCheck,
    window: Option<Range<usize>>,
}

/// What the blob's path says about it, for the generic rules.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Hints {
    /// Source code in a language where a literal value is quoted (`.rs`, `.py`, `.js` ...).
    pub code: bool,
    /// A test, fixture, example or documentation path, where generic values are seldom real.
    pub test_like: bool,
}

/// One rule's confirmation over windows of one blob.
struct Confirm<'a> {
    rules: &'a RuleSet,
    rule: &'a Rule,
    rule_idx: RuleIdx,
    content: &'a [u8],
    now_unix: i64,
    hints: Hints,
    /// Capture positions, reused from window to window (a `Captures` per window was an allocation
    /// per regex run, and most runs find nothing).
    locs: regex::bytes::CaptureLocations,
    /// The groups named `name` and `quote`, if the regex has them.
    name: Option<usize>,
    quote: Option<usize>,
}

impl<'a> Confirm<'a> {
    fn new(
        rules: &'a RuleSet,
        rule: &'a Rule,
        rule_idx: RuleIdx,
        content: &'a [u8],
        now_unix: i64,
        hints: Hints,
    ) -> Confirm<'a> {
        let re = rule.regex();
        let group = |want: &str| re.capture_names().position(|n| n == Some(want));
        Confirm {
            rules,
            rule,
            rule_idx,
            content,
            now_unix,
            hints,
            locs: re.capture_locations(),
            name: group("name"),
            quote: group("quote"),
        }
    }

    /// Runs the rule's regex over one window and keeps the matches that pass its checks.
    fn run(&mut self, window: Range<usize>, found: &mut Vec<Match>) {
        let Confirm {
            rules,
            rule,
            rule_idx,
            content,
            now_unix,
            hints,
            ref mut locs,
            name: name_group,
            quote: quote_group,
        } = *self;
        let re = rule.regex();
        let group = rule.secret_group();
        let base = window.start;
        let hay = &content[window];
        // `captures_iter`, with one set of capture positions for every match: the same matches (an
        // empty match where the previous one ended is skipped, as the iterator does).
        let mut at = 0;
        let mut last_end = None;
        while at <= hay.len() {
            let Some(m) = re.captures_read_at(locs, hay, at) else {
                break;
            };
            if m.is_empty() && last_end == Some(m.end()) {
                at = m.end() + 1;
                continue;
            }
            at = if m.is_empty() { m.end() + 1 } else { m.end() };
            last_end = Some(m.end());
            let range = |i: Option<usize>| i.and_then(|i| locs.get(i)).map(|(s, e)| s..e);
            let Some(g) = range(Some(group)) else {
                continue;
            };
            if g.is_empty() {
                continue;
            }
            let secret = &hay[g.clone()];
            let span = base + g.start..base + g.end;
            if rule.def.placeholder_filter && placeholder::is_placeholder(secret) {
                continue;
            }
            if let Some(min) = rule.def.min_entropy {
                if entropy::shannon(secret) < min {
                    continue;
                }
            }
            if rule.def.generic {
                if let Some(name) = range(name_group) {
                    let name_text = &hay[name.clone()];
                    if !placeholder::is_secret_name(name_text) {
                        continue;
                    }
                    // `Type::Name`, `AWS::Service::ApiKey`, `alias/secret`: a path, not an assignment.
                    if name.start > 0 && matches!(hay[name.start - 1], b':' | b'/') {
                        continue;
                    }
                    if placeholder::is_badge_query(&hay[..name.start]) {
                        continue;
                    }
                    if hints.test_like && !placeholder::is_password_name(name_text) {
                        continue;
                    }
                }
                if !generic_value_ok(rules, secret) {
                    continue;
                }
                let quoted = range(quote_group).is_some_and(|q| !q.is_empty());
                let next = content.get(span.end).copied();
                if !quoted && (hints.code || placeholder::is_unquoted_identifier(secret)) {
                    continue;
                }
                // `name = call(...)`: the value is a function, not data.
                if next == Some(b'(') {
                    continue;
                }
            }
            let mut partner: Option<&[u8]> = None;
            if let Some(near) = rule.near() {
                let within = rule.def.near.as_ref().map_or(0, |n| n.within);
                let lo = span.start.saturating_sub(within);
                let hi = (span.end + within).min(content.len());
                // The partner must be somewhere other than the secret itself; the nearest one is
                // the secret's (a credentials CSV has one pair per line).
                let distance = |m: &regex::bytes::Match| {
                    if lo + m.end() <= span.start {
                        Some(span.start - (lo + m.end()))
                    } else if lo + m.start() >= span.end {
                        Some(lo + m.start() - span.end)
                    } else {
                        None
                    }
                };
                let Some(p) = near
                    .find_iter(&content[lo..hi])
                    .filter_map(|m| distance(&m).map(|d| (d, m)))
                    .min_by_key(|(d, _)| *d)
                    .map(|(_, m)| m)
                else {
                    continue;
                };
                partner = Some(&content[lo + p.start()..lo + p.end()]);
            }
            let mut m = Match {
                rule: rule_idx,
                secret: span,
                // A generic value in a test, fixture, example or doc path is seldom real: reported at
                // low confidence, not hidden (a real password committed in a test still leaks).
                confidence: if rule.def.generic && hints.test_like {
                    Confidence::Low
                } else {
                    rule.confidence
                },
                validated: None,
                note: None,
                aws_account: None,
                decoded: None,
            };
            if let Some(v) = rule.validator {
                let before = &hay[g.start.saturating_sub(64)..g.start];
                let before = match memchr::memrchr(b'\n', before) {
                    Some(p) => &before[p + 1..],
                    None => before,
                };
                let out = v.check(
                    secret,
                    &validate::Context {
                        now_unix,
                        before,
                        partner,
                    },
                );
                m.validated = out.validation;
                // A check can lower a rule's confidence (a failed checksum, an encrypted key, an
                // expired JWT) but never raise it above what the rule's author set.
                if let Some(c) = out.confidence {
                    m.confidence = m.confidence.min(c);
                }
                m.note = out.note;
                m.aws_account = out.aws_account;
            }
            found.push(m);
        }
    }
}

/// The generic rule's value checks: no code, no lookups, and no value that a specific rule owns.
fn generic_value_ok(rules: &RuleSet, v: &[u8]) -> bool {
    if placeholder::is_code_like(v) || placeholder::is_harmless_by_design(v) {
        return false;
    }
    // A value holding a provider's prefix is that provider's to judge: a near miss of its format is
    // not reported twice under a vaguer name.
    !rules.holds_specific_keyword(v)
}

type Priority = (bool, bool, Confidence, usize, std::cmp::Reverse<RuleIdx>);

fn priority(rules: &RuleSet, m: &Match) -> Priority {
    (
        !rules.get(m.rule).def.generic,
        m.decoded.is_none(),
        m.confidence,
        m.secret.len(),
        std::cmp::Reverse(m.rule),
    )
}

/// Keeps the best of each group of overlapping matches; returns them in offset order.
fn resolve_overlaps(rules: &RuleSet, mut found: Vec<Match>) -> Vec<Match> {
    if found.len() < 2 {
        return found;
    }
    found.sort_by_key(|m| std::cmp::Reverse(priority(rules, m)));
    let mut taken: BTreeMap<usize, usize> = BTreeMap::new(); // start -> end
    let mut kept = Vec::with_capacity(found.len());
    for m in found {
        let overlaps = taken
            .range(..m.secret.end)
            .next_back()
            .is_some_and(|(_, &end)| end > m.secret.start);
        if !overlaps {
            taken.insert(m.secret.start, m.secret.end);
            kept.push(m);
        }
    }
    kept.sort_by_key(|m| (m.secret.start, m.rule));
    kept
}

/// Maps byte offsets to 1-based (line, column) positions, columns counted in characters. Feed it
/// offsets in increasing order: it counts each byte once, so locating every finding of a blob costs
/// one pass over it, however long its lines (a smaller offset starts over from the top).
pub struct LineIndex<'a> {
    content: &'a [u8],
    pos: usize,
    line: u32,
    line_start: usize,
    /// The column of `pos`.
    col: u32,
    /// The end of the current line, once known.
    line_end: Option<usize>,
}

/// Characters in `bytes`: the bytes that are not UTF-8 continuation bytes.
fn chars(bytes: &[u8]) -> u32 {
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count() as u32
}

impl<'a> LineIndex<'a> {
    pub fn new(content: &'a [u8]) -> Self {
        LineIndex {
            content,
            pos: 0,
            line: 1,
            line_start: 0,
            col: 1,
            line_end: None,
        }
    }

    /// The line and column of `offset`, and the byte range of its line (without the newline).
    pub fn locate(&mut self, offset: usize) -> (u32, u32, Range<usize>) {
        if offset < self.pos {
            *self = LineIndex::new(self.content);
        }
        let offset = offset.min(self.content.len());
        let seg = &self.content[self.pos..offset];
        match memchr::memrchr(b'\n', seg) {
            Some(last) => {
                self.line += memchr::memchr_iter(b'\n', seg).count() as u32;
                self.line_start = self.pos + last + 1;
                self.col = 1 + chars(&self.content[self.line_start..offset]);
                self.line_end = None;
            }
            None => self.col += chars(seg),
        }
        self.pos = offset;
        let line_end = *self.line_end.get_or_insert_with(|| {
            memchr::memchr(b'\n', &self.content[offset..])
                .map_or(self.content.len(), |p| offset + p)
        });
        (self.line, self.col, self.line_start..line_end)
    }
}

/// Path-based hints: the extension says whether values are quoted literals; directory and file names say
/// whether the file is a test, fixture, example or document.
pub fn hints_for_path(path: &str) -> Hints {
    const CODE: &[&str] = &[
        "rs", "py", "pyi", "js", "mjs", "cjs", "jsx", "ts", "tsx", "go", "java", "kt", "kts",
        "scala", "c", "h", "cc", "cpp", "hpp", "cxx", "cs", "swift", "m", "mm", "rb", "php",
        "dart", "lua", "groovy", "zig", "hs", "ml", "ex", "exs", "erl", "clj", "vue", "svelte",
    ];
    const TEST_DIRS: &[&str] = &[
        "test",
        "tests",
        "testing",
        "__tests__",
        "testdata",
        "test_data",
        "spec",
        "specs",
        "fixture",
        "fixtures",
        "example",
        "examples",
        "sample",
        "samples",
        "docs",
        "doc",
        "mock",
        "mocks",
        "demo",
        "demos",
    ];
    let lower = path.to_ascii_lowercase();
    let mut parts: Vec<&str> = lower.split('/').collect();
    let file = parts.pop().unwrap_or("");
    let ext = file.rsplit_once('.').map_or("", |(_, e)| e);
    let stem = file.split('.').next().unwrap_or("");
    let test_like = parts.iter().any(|p| TEST_DIRS.contains(p))
        || stem.starts_with("test_")
        || stem.ends_with("_test")
        || stem.ends_with("_tests")
        || stem == "test"
        || stem == "tests"
        || file.contains("example")
        || file.contains("sample")
        || file.contains("mock")
        || file.contains(".test.")
        || file.contains(".spec.")
        || matches!(ext, "md" | "rst" | "adoc");
    Hints {
        code: CODE.contains(&ext),
        test_like,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> Arc<RuleSet> {
        Arc::new(crate::rule::load::load(&crate::rule::load::Selection::default()).unwrap())
    }

    /// Matches in a stable order (rules' matches are interleaved differently by segments).
    fn sorted(mut m: Vec<Match>) -> Vec<Match> {
        m.sort_by_key(|m| (m.secret.start, m.secret.end, m.rule));
        m
    }

    #[test]
    fn a_walk_in_segments_finds_what_one_walk_finds() {
        // Keywords of every context kind, multi-line rules, secrets and near misses, lines long and
        // short, in a pseudo-random order, so that segments end everywhere: inside keywords,
        // between a hit and its window's end, inside windows that go on for several segments.
        let pieces: &[&str] = &[
            "AKIA",
            "aws_access_key_id = AKIATRMXBZ5UJYDURFTR\n",
            "deploy-bot,AKIAW3DVOA43VAAQSCXO,IA33NbEI3p85cRbGIEV45gO+V/RrwlIM5dcJjWpw\n",
            "aws_secret_access_key = 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\n",
            "token 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 ",
            "db_password = \"Zq8vL3nW9xR2pT\"\n",
            "self.token.clone() ",
            "password hunter2 ",
            "secretsecret",
            " ",
            "\n",
            "xyz",
            "-----BEGIN",
        ];
        let mut text = String::new();
        let mut x: u64 = 7;
        while text.len() < 60_000 {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            text.push_str(pieces[(x >> 33) as usize % pieces.len()]);
        }
        let text = text.as_bytes();
        let rules = rules();
        let mut one = Detector::new(rules.clone());
        let want = sorted(one.confirm(text, Hints::default()));
        let kinds: std::collections::BTreeSet<RuleIdx> = want.iter().map(|m| m.rule).collect();
        assert!(
            want.len() > 100 && kinds.len() >= 4,
            "{} {kinds:?}",
            want.len()
        );
        for segment in [1, 7, 64, 1000, 4097, 20_000] {
            let mut d = Detector::new(rules.clone());
            d.segment = segment;
            assert_eq!(sorted(d.confirm(text, Hints::default())), want, "{segment}");
            assert!(d.hits.is_empty() && d.open.is_empty(), "{segment}");
            assert_eq!(
                d.scan(text, Hints::default()),
                one.scan(text, Hints::default()),
                "{segment}"
            );
        }
    }

    #[test]
    fn the_decoding_budget_is_earned_region_by_region() {
        let small = Budget::new(1000);
        assert_eq!(small.limit(0), DECODE_BUDGET + 1000);
        let len = 10 * DECODE_REGION + 5;
        let b = Budget::new(len);
        let limits: Vec<usize> = (0..=10).map(|r| b.limit(r * DECODE_REGION)).collect();
        assert!(limits.windows(2).all(|w| w[0] < w[1]), "{limits:?}");
        assert_eq!(b.limit(len - 1), DECODE_BUDGET + len);
        // Each region earns its share: a tenth here (the eleventh region is 5 bytes).
        let share = (DECODE_BUDGET + len) / 10;
        assert!(limits[0].abs_diff(share) < share / 100, "{limits:?}");
    }

    #[test]
    fn path_hints() {
        assert!(hints_for_path("src/main.rs").code);
        assert!(!hints_for_path("config/app.yaml").code);
        for p in [
            "tests/a.py",
            "pkg/fixtures/x.json",
            "docs/setup.md",
            "a/test_db.py",
            "b/app.spec.ts",
            "x/.env.example",
        ] {
            assert!(hints_for_path(p).test_like, "{p}");
        }
        for p in [
            "src/app.py",
            "deploy/.env",
            "notebooks/a.ipynb",
            "contest/app.py",
        ] {
            assert!(!hints_for_path(p).test_like, "{p}");
        }
    }
}
