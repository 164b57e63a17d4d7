//! The keyword pass: every occurrence of every keyword in a blob, in one walk of an Aho-Corasick
//! automaton.
//!
//! The automata report every keyword that ends at each byte (standard, overlapping semantics), so a
//! keyword inside another one (`secret` in `client_secret`) is reported too, and the pass never
//! restarts. A walk of a DFA is bound by the latency of one table load per byte, each depending on the
//! previous one; so a blob of some size is cut into [`LANES`] slices walked together, each lane an
//! independent chain of loads that the CPU overlaps with the others. A lane after the first starts
//! `max_pattern_len` bytes before its slice, long enough for its state to be the true one (an
//! Aho-Corasick state depends only on the last `max_pattern_len` bytes read), and reports only the
//! keywords ending inside its slice, so that each occurrence is reported once.

use std::sync::OnceLock;

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::{Anchored, MatchKind, dfa, nfa::contiguous};

use super::{List, Text};

/// Slices walked together (the loop in [`walk`] is written out for four). Measured on the generated
/// tree (253 MB, AMD EPYC): one lane 366 MB/s, two 550-630, three 650, four 830-850 (960-1090 with
/// the loop written out), six 600, eight 580 (the lanes' states no longer fit in registers).
const LANES: usize = 4;
/// Blobs shorter than this are walked in one lane: the lanes' warm-up would not pay.
const MIN_LANE_BYTES: usize = 256;

/// The default rule set's keyword DFA, built by `build.rs` from the rule pack with the same settings
/// as [`Keywords::prepare_dfa`], and copied into a flat table: no start-up cost, and a scan of any
/// size walks a DFA from its first byte. Each table entry is the index of a state's row, so a
/// step is one load: `TABLE[state + CLASSES[byte]]`; the states holding matches come first.
mod embedded {
    include!(concat!(env!("OUT_DIR"), "/keywords.rs"));
    include!(concat!(env!("OUT_DIR"), "/keywords_table.rs"));
}

/// The keyword automata of a rule set. Pattern ids are the same in all of them.
#[derive(Debug)]
pub struct Keywords {
    /// The patterns are exactly the built-in pack's (`builtin_index::PATTERNS`): walks use the
    /// embedded table.
    embedded: bool,
    /// A contiguous NFA: cheap to build (about 1 ms for the built-in pack), for small scans of a
    /// rule set whose keywords differ from the built-in pack's (user rules, disabled rules). Built
    /// in [`Keywords::new`] then, on first use otherwise.
    nfa: OnceLock<contiguous::NFA>,
    /// The same patterns as a DFA: fewer instructions per byte, but a few milliseconds to build, more
    /// than a pre-commit check of one file should pay. [`Keywords::prepare_dfa`] builds it on another
    /// thread; walks switch to it once it is ready.
    dfa: OnceLock<dfa::DFA>,
    patterns: List,
}

fn build_nfa(patterns: &[Text]) -> Result<contiguous::NFA, String> {
    // No prefilter: the walk never uses one, and with one the start states count as special.
    contiguous::Builder::new()
        .prefilter(false)
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::Standard)
        .build(patterns.iter().map(|p| p.as_bytes()))
        .map_err(|e| format!("keyword automaton: {e}"))
}

impl Keywords {
    /// Automata over `patterns` (lower-case), matched ASCII-case-insensitively: the embedded table
    /// when `patterns` are the built-in pack's, otherwise built now.
    pub fn new(patterns: Vec<String>) -> Result<Keywords, String> {
        let builtin = super::builtin_index::PATTERNS;
        if patterns.len() == builtin.len() && patterns.iter().zip(builtin).all(|(a, b)| a == b) {
            return Ok(Keywords::builtin());
        }
        Keywords::built(patterns)
    }

    /// The built-in pack's keywords, walked with the embedded table: nothing to build.
    pub fn builtin() -> Keywords {
        Keywords {
            embedded: true,
            nfa: OnceLock::new(),
            dfa: OnceLock::new(),
            patterns: List::Borrowed(super::builtin_index::PATTERNS),
        }
    }

    /// Automata built now from `patterns`, never the embedded table (for tests and benchmarks).
    pub fn built(patterns: Vec<String>) -> Result<Keywords, String> {
        let patterns: List = patterns.into_iter().map(Text::Owned).collect();
        let nfa = build_nfa(&patterns)?;
        Ok(Keywords {
            embedded: false,
            nfa: OnceLock::from(nfa),
            dfa: OnceLock::new(),
            patterns,
        })
    }

    /// The keywords, lower-case; a hit's pattern id indexes this list.
    pub fn patterns(&self) -> &[Text] {
        &self.patterns
    }

    /// Whether walks use the table `build.rs` embedded.
    pub fn is_embedded(&self) -> bool {
        self.embedded
    }

    fn nfa(&self) -> &contiguous::NFA {
        self.nfa.get_or_init(|| {
            build_nfa(&self.patterns).expect("the embedded table was built from these patterns")
        })
    }

    /// Builds the DFA now (on the calling thread), unless it is built already or the embedded
    /// table serves.
    pub fn prepare_dfa(&self) {
        if self.embedded || self.dfa.get().is_some() {
            return;
        }
        let built = dfa::Builder::new()
            .prefilter(false)
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(self.patterns.iter().map(|p| p.as_bytes()));
        if let Ok(d) = built {
            let _ = self.dfa.set(d);
        }
    }

    /// The length of the longest keyword: a walk that starts this many bytes before an offset is in
    /// the true state there.
    pub fn max_pattern_len(&self) -> usize {
        if self.embedded {
            embedded::MAX_PATTERN_LEN
        } else {
            self.nfa().max_pattern_len()
        }
    }

    /// Calls `hit(pattern, start, end)` for every occurrence of every keyword in `hay`, in no
    /// particular order: with the embedded table, else the DFA if it is built, else the NFA.
    // Kept out of line: inlined into `Detector::confirm` (which a change elsewhere in the crate
    // decided, through codegen-unit partitioning), the walk ran 6% more instructions and the
    // working-tree benchmark 12% slower.
    #[inline(never)]
    pub fn for_each(&self, hay: &[u8], hit: impl FnMut(usize, usize, usize)) {
        if self.embedded {
            return walk(&Table, hay, hit);
        }
        match self.dfa.get() {
            Some(d) => walk(&Aho(d), hay, hit),
            None => walk(&Aho(self.nfa()), hay, hit),
        }
    }

    /// The same with the NFA, whatever else is built (for benchmarks and tests).
    pub fn for_each_nfa(&self, hay: &[u8], hit: impl FnMut(usize, usize, usize)) {
        walk(&Aho(self.nfa()), hay, hit)
    }
}

/// What a walk needs of an automaton.
trait Step {
    type Id: Copy;
    fn start(&self) -> Option<Self::Id>;
    fn warm(&self) -> usize;
    fn next(&self, sid: Self::Id, b: u8) -> Self::Id;
    /// True for every state that holds a match (and maybe others): tested at every byte.
    fn special(&self, sid: Self::Id) -> bool;
    /// Every keyword of the state `sid`, entered on the byte before `end`.
    fn report(&self, sid: Self::Id, end: usize, hit: &mut impl FnMut(usize, usize, usize));
}

/// An `aho-corasick` automaton.
struct Aho<'a, A>(&'a A);

impl<A: Automaton> Step for Aho<'_, A> {
    type Id = StateID;
    fn start(&self) -> Option<StateID> {
        self.0.start_state(Anchored::No).ok()
    }
    fn warm(&self) -> usize {
        self.0.max_pattern_len()
    }
    #[inline(always)]
    fn next(&self, sid: StateID, b: u8) -> StateID {
        self.0.next_state(Anchored::No, sid, b)
    }
    #[inline(always)]
    fn special(&self, sid: StateID) -> bool {
        self.0.is_special(sid)
    }
    // Kept out of the walk's loop, whose lanes' states must stay in registers.
    #[inline(never)]
    fn report(&self, sid: StateID, end: usize, hit: &mut impl FnMut(usize, usize, usize)) {
        let aut = self.0;
        if !aut.is_match(sid) {
            return;
        }
        for i in 0..aut.match_len(sid) {
            let p = aut.match_pattern(sid, i);
            hit(p.as_usize(), end - aut.pattern_len(p), end);
        }
    }
}

/// The embedded DFA table.
struct Table;

impl Step for Table {
    type Id = u32;
    fn start(&self) -> Option<u32> {
        Some(embedded::START)
    }
    fn warm(&self) -> usize {
        embedded::MAX_PATTERN_LEN
    }
    #[inline(always)]
    fn next(&self, sid: u32, b: u8) -> u32 {
        // The mask keeps the index in bounds without a check (the table's length is a power of two);
        // a state's row is whole, so it never changes the index.
        embedded::TABLE
            [(sid as usize + embedded::CLASSES[b as usize] as usize) & embedded::TABLE_MASK]
    }
    #[inline(always)]
    fn special(&self, sid: u32) -> bool {
        sid < embedded::MATCH_LIMIT
    }
    #[inline(never)]
    fn report(&self, sid: u32, end: usize, hit: &mut impl FnMut(usize, usize, usize)) {
        if sid >= embedded::MATCH_LIMIT {
            return;
        }
        let state = sid as usize / embedded::STRIDE;
        let from = embedded::MATCH_FROM[state] as usize;
        let to = embedded::MATCH_FROM[state + 1] as usize;
        for &p in &embedded::MATCH_PATTERNS[from..to] {
            let len = embedded::PATTERN_LENS[p as usize] as usize;
            hit(p as usize, end - len, end);
        }
    }
}

fn walk<A: Step>(aut: &A, hay: &[u8], mut hit: impl FnMut(usize, usize, usize)) {
    let Some(start) = aut.start() else {
        return;
    };
    let warm = aut.warm();
    let part = hay.len() / LANES;
    if part < MIN_LANE_BYTES.max(warm) {
        let mut sid = start;
        for (i, &b) in hay.iter().enumerate() {
            sid = aut.next(sid, b);
            if aut.special(sid) {
                aut.report(sid, i + 1, &mut hit);
            }
        }
        return;
    }
    // Lane k reports the keywords ending in (from[k], end[k]]; it starts `warm` bytes earlier.
    let from: [usize; LANES] = std::array::from_fn(|k| k * part);
    let begin: [usize; LANES] = std::array::from_fn(|k| from[k].saturating_sub(warm));
    let end: [usize; LANES] = std::array::from_fn(|k| {
        if k == LANES - 1 {
            hay.len()
        } else {
            from[k] + part
        }
    });
    // The lanes walk `together` bytes in step (the first lane is the shortest: no warm-up); then each
    // finishes alone. Zipped slices, not indices: no bounds check in the loop.
    let together = end[0] - begin[0];
    let lane = |k: usize| &hay[begin[k]..begin[k] + together];
    let mut sid = [start; LANES];
    let bytes = lane(0).iter().zip(lane(1)).zip(lane(2)).zip(lane(3));
    for (i, (((&b0, &b1), &b2), &b3)) in bytes.enumerate() {
        sid[0] = aut.next(sid[0], b0);
        sid[1] = aut.next(sid[1], b1);
        sid[2] = aut.next(sid[2], b2);
        sid[3] = aut.next(sid[3], b3);
        if aut.special(sid[0]) | aut.special(sid[1]) | aut.special(sid[2]) | aut.special(sid[3]) {
            for k in 0..LANES {
                let at = begin[k] + i + 1;
                if at > from[k] {
                    aut.report(sid[k], at, &mut hit);
                }
            }
        }
    }
    for k in 0..LANES {
        let mut s = sid[k];
        for (i, &b) in hay[begin[k] + together..end[k]].iter().enumerate() {
            s = aut.next(s, b);
            if aut.special(s) {
                aut.report(s, begin[k] + together + i + 1, &mut hit);
            }
        }
    }
}

/// What must follow a keyword occurrence for it to select a rule (`keyword_context` in a rule).
/// Each shape is what every match of the rule's regex has right after the keyword, so that an
/// occurrence without it cannot be part of a match: a name assigned a value (`token` in
/// `api_token = ...`, not in `self.token.clone()`), a quoted name, or a space.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeywordContext {
    /// Any occurrence selects the rule.
    Any,
    /// `assignment`: more name characters (`[A-Za-z0-9_.-]`), an optional quote, optional
    /// whitespace, then `=`, `:`, `+` (`+=`) or `>` (`<password>...`).
    Assignment,
    /// `quoted`: more name characters (`[A-Za-z0-9_.:-]`), then a quote (`key="DbPassword"`).
    Quoted,
    /// `space`: a space or a tab right after the keyword (`password hunter2` in a `.netrc`).
    Space,
    /// `line_end`: more name characters, an optional quote, spaces or tabs, then the end of the line
    /// (`- name: DB_PASSWORD` with its value on the next line).
    LineEnd,
    /// `userinfo`: an `@` before any whitespace, `/`, quote, `<` or `>` (`://user:pass@host`: a URL
    /// whose authority holds a password). Bytes no part of a user or password may hold.
    Userinfo,
}

impl KeywordContext {
    pub fn from_name(name: Option<&str>) -> Option<KeywordContext> {
        Some(match name {
            None => KeywordContext::Any,
            Some("assignment") => KeywordContext::Assignment,
            Some("quoted") => KeywordContext::Quoted,
            Some("space") => KeywordContext::Space,
            Some("line_end") => KeywordContext::LineEnd,
            Some("userinfo") => KeywordContext::Userinfo,
            Some(_) => return None,
        })
    }
}

/// Checks the context of a rule's keyword occurrences, given in increasing order of start. The
/// name-character run after an occurrence is scanned once, however many occurrences it holds (a
/// long identifier or base64 run with many keywords in it costs its length, not that times the
/// keywords).
#[derive(Debug)]
pub struct ContextCheck {
    ctx: KeywordContext,
    /// The last run scanned: occurrences ending in `from..=to` end inside it, and share its verdict.
    run: Option<(usize, usize, bool)>,
}

impl ContextCheck {
    pub fn new(ctx: KeywordContext) -> ContextCheck {
        ContextCheck { ctx, run: None }
    }

    /// Whether the keyword occurrence ending at `end` in `content` may be part of a match.
    pub fn accepts(&mut self, content: &[u8], end: usize) -> bool {
        let name_char = match self.ctx {
            KeywordContext::Any => return true,
            KeywordContext::Space => return matches!(content.get(end), Some(b' ' | b'\t')),
            KeywordContext::Userinfo => {
                // No cache: the bytes scanned hold no `/`, so no other `://` ends among them.
                let rest = &content[end.min(content.len())..];
                let stop = rest
                    .iter()
                    .position(|&b| {
                        b.is_ascii_whitespace()
                            || b == 0x0b
                            || matches!(b, b'/' | b'"' | b'\'' | b'<' | b'>')
                    })
                    .unwrap_or(rest.len());
                return memchr::memchr(b'@', &rest[..stop]).is_some();
            }
            KeywordContext::Assignment | KeywordContext::LineEnd => is_name_char,
            KeywordContext::Quoted => is_quoted_name_char,
        };
        if let Some((from, to, verdict)) = self.run {
            if (from..=to).contains(&end) {
                return verdict;
            }
        }
        let mut i = end;
        while i < content.len() && name_char(content[i]) {
            i += 1;
        }
        let run_end = i;
        let quote = |i: usize| matches!(content.get(i), Some(b'"' | b'\''));
        let verdict = match self.ctx {
            KeywordContext::Quoted => quote(i),
            KeywordContext::LineEnd => {
                if quote(i) {
                    i += 1;
                }
                while i < content.len() && matches!(content[i], b' ' | b'\t') {
                    i += 1;
                }
                if content.get(i) == Some(&b'\r') {
                    i += 1;
                }
                content.get(i) == Some(&b'\n')
            }
            _ => {
                if quote(i) {
                    i += 1;
                }
                // The regex's `\s` (ASCII): space, \t, \n, \v, \f, \r.
                while i < content.len() && matches!(content[i], b' ' | b'\t'..=b'\r') {
                    i += 1;
                }
                matches!(content.get(i), Some(b'=' | b':' | b'+' | b'>'))
            }
        };
        self.run = Some((end, run_end, verdict));
        verdict
    }
}

fn is_name_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-')
}

fn is_quoted_name_char(b: u8) -> bool {
    is_name_char(b) || b == b':'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contexts_accept_what_their_regexes_need() {
        use KeywordContext::*;
        // (context, text, keyword, accepted)
        let cases = [
            (Assignment, "DB_PASSWORD=x", "PASSWORD", true),
            (Assignment, "password: x", "password", true),
            (Assignment, "\"api_token\": \"x\"", "token", true),
            (Assignment, "token => 'x'", "token", true),
            (Assignment, "my_token_value  += x", "token", true),
            (Assignment, "<password>x</password>", "password", true),
            (Assignment, "token\n\t= x", "token", true),
            (Assignment, "self.token.clone()", "token", false),
            (Assignment, "tokenizer(x)", "token", false),
            (Assignment, "token", "token", false),
            (Assignment, "token \"\"= x", "token", false),
            (Quoted, "key=\"PaymentApiToken\" value", "Token", true),
            (Quoted, "key=\"Db:Password:Main' value", "Password", true),
            (Quoted, "apiToken = x", "Token", false),
            (Space, "password hunter2", "password", true),
            (Space, "password\thunter2", "password", true),
            (Space, "password=hunter2", "password", false),
            (Space, "password", "password", false),
            (
                LineEnd,
                "  - name: DB_PASSWORD\n    value: x",
                "PASSWORD",
                true,
            ),
            (LineEnd, "- name: 'api_token_v2' \r\n", "token", true),
            (LineEnd, "- name: DB_PASSWORD # note\n", "PASSWORD", false),
            (LineEnd, "- name: DB_PASSWORD", "PASSWORD", false),
            (LineEnd, "self.token.clone()\n", "token", false),
            (
                Userinfo,
                "https://bob:hunter22@db.example.com/x",
                "://",
                true,
            ),
            (Userinfo, "https://example.com/a@b", "://", false),
            (
                Userinfo,
                "see https://example.com and mail me@x.org",
                "://",
                false,
            ),
            (Userinfo, "\"https://example.com\" <a@b>", "://", false),
            (Userinfo, "https://", "://", false),
            (Any, "self.token.clone()", "token", true),
        ];
        for (ctx, text, kw, want) in cases {
            let end = text.find(kw).unwrap() + kw.len();
            let got = ContextCheck::new(ctx).accepts(text.as_bytes(), end);
            assert_eq!(got, want, "{ctx:?} {text:?}");
        }
        // Occurrences in one run share its verdict; a later run is checked anew.
        let text = b"tokentokentoken = 1; token.x";
        let mut c = ContextCheck::new(Assignment);
        assert!(c.accepts(text, 5) && c.accepts(text, 10) && c.accepts(text, 15));
        assert!(!c.accepts(text, 26));
    }

    /// Every (pattern, start, end) by brute force, sorted.
    fn naive(patterns: &[&str], hay: &[u8]) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        for (p, pat) in patterns.iter().enumerate() {
            let pat = pat.as_bytes();
            for s in 0..hay.len() {
                if hay[s..].len() >= pat.len() && hay[s..s + pat.len()].eq_ignore_ascii_case(pat) {
                    out.push((p, s, s + pat.len()));
                }
            }
        }
        out.sort_unstable();
        out
    }

    fn found(k: &Keywords, hay: &[u8], nfa: bool) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        let push = |p, s, e| out.push((p, s, e));
        if nfa {
            k.for_each_nfa(hay, push);
        } else {
            k.for_each(hay, push);
        }
        out.sort_unstable();
        out
    }

    #[test]
    fn the_embedded_table_finds_what_a_built_automaton_finds() {
        let rules = crate::rule::load::load(&Default::default()).unwrap();
        let k = &rules.keywords;
        assert!(
            k.is_embedded(),
            "build.rs's pattern list drifted from RuleSet::build's"
        );
        let built = Keywords::built(k.patterns.iter().map(|p| p.to_string()).collect()).unwrap();
        assert_eq!(k.max_pattern_len(), built.max_pattern_len());
        // Every keyword, in both cases, glued to its neighbours and separated by noise, so that
        // keywords overlap, nest and cross the lanes' boundaries.
        let mut hay = Vec::new();
        for (i, p) in k.patterns.iter().enumerate() {
            let p = if i % 2 == 0 {
                p.to_ascii_uppercase()
            } else {
                p.to_string()
            };
            hay.extend_from_slice(p.as_bytes());
            hay.extend_from_slice(match i % 5 {
                0 => b" = \"x\"\n".as_slice(),
                1 => b"",
                2 => b"_\xff\x00",
                3 => &p.as_bytes()[..p.len() / 2],
                _ => b"-",
            });
        }
        let n = hay.len();
        for len in [0, 3, 255, 1000, 4096, 4099, n / 2 + 1, n] {
            let h = &hay[..len];
            let want = found(&built, h, true);
            assert_eq!(found(k, h, false), want, "{len} bytes");
        }
        assert!(found(k, &hay, false).len() > k.patterns.len());
    }

    #[test]
    fn every_occurrence_once_across_lane_boundaries() {
        let patterns = ["token", "secret", "client_secret", "ab", "abab", "x"];
        let k = Keywords::new(patterns.iter().map(|s| s.to_string()).collect()).unwrap();
        // Occurrences at every offset around the lane boundaries, overlapping ones included.
        let mut hay = Vec::new();
        let mut i = 0u32;
        while hay.len() < 9000 {
            hay.extend_from_slice(match i % 7 {
                0 => b"CLIENT_SECRET=".as_slice(),
                1 => b"abababa ",
                2 => b"tok",
                3 => b"en; ",
                4 => b"-",
                5 => b"Token",
                _ => b"yx",
            });
            i = i.wrapping_mul(31).wrapping_add(17);
        }
        for len in [
            0,
            1,
            5,
            255,
            1023,
            1024,
            1025,
            1100,
            4095,
            4096,
            4097,
            8191,
            hay.len(),
        ] {
            let h = &hay[..len];
            let want = naive(&patterns, h);
            assert_eq!(found(&k, h, true), want, "nfa, {len} bytes");
            k.prepare_dfa();
            assert_eq!(found(&k, h, false), want, "dfa, {len} bytes");
        }
    }
}
