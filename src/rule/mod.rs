//! Rules and the compiled rule set.
//!
//! A [`RuleSet`] holds every enabled rule, one keyword automaton over all their keywords, and a glob set
//! of blocked file names. Regexes compile lazily, on the first blob whose keywords select the rule, so
//! that a scan of one small file pays only for the rules it could match.

pub mod def;
pub mod keywords;
pub mod load;
pub mod validator;

use std::borrow::Cow;
use std::sync::OnceLock;

use regex::bytes::Regex;

pub use def::{List, NearDef, RuleDef, Text};
pub use keywords::{KeywordContext, Keywords};
pub use validator::Validator;

/// The default rule set's keyword index, computed by `build.rs` (see its `default_index`): the
/// default selection's start-up builds no hash map, allocates no keyword.
mod builtin_index {
    use std::borrow::Cow;
    include!(concat!(env!("OUT_DIR"), "/default_index.rs"));
}

use crate::finding::Confidence;

/// Index of a rule in its [`RuleSet`].
pub type RuleIdx = u32;

/// A rule ready for matching. Regexes compile on first use; user rules are compiled eagerly at load
/// time so that a bad regex is reported before any scanning.
#[derive(Debug)]
pub struct Rule {
    pub def: RuleDef,
    /// Name of the rule file the rule came from (`github.toml`, or the config path).
    pub source: Text,
    pub confidence: Confidence,
    pub validator: Option<Validator>,
    /// Where a keyword occurrence selects this rule.
    pub keyword_context: KeywordContext,
    regex: OnceLock<Regex>,
    near: OnceLock<Option<Regex>>,
    content: OnceLock<Option<Regex>>,
    /// Index of the capture group that holds the secret.
    secret_group: OnceLock<usize>,
}

impl Rule {
    pub fn id(&self) -> &str {
        &self.def.id
    }

    pub fn name(&self) -> &str {
        &self.def.name
    }

    pub fn is_filename_rule(&self) -> bool {
        !self.def.filenames.is_empty()
    }

    /// The confirming regex. Panics only if a rule that passed [`load::validate`] fails to compile,
    /// which the rule tests rule out for the built-in pack.
    pub fn regex(&self) -> &Regex {
        self.regex.get_or_init(|| {
            let src = self.def.regex.as_deref().unwrap_or("");
            compile(src).unwrap_or_else(|e| panic!("rule {}: regex: {e}", self.def.id))
        })
    }

    pub fn secret_group(&self) -> usize {
        *self.secret_group.get_or_init(|| {
            let re = self.regex();
            re.capture_names()
                .position(|n| n == Some("secret"))
                .unwrap_or(1)
        })
    }

    pub fn near(&self) -> Option<&Regex> {
        self.near
            .get_or_init(|| {
                self.def.near.as_ref().map(|n| {
                    compile(&n.regex).unwrap_or_else(|e| panic!("rule {}: near: {e}", self.def.id))
                })
            })
            .as_ref()
    }

    pub fn content_regex(&self) -> Option<&Regex> {
        self.content
            .get_or_init(|| {
                self.def.content_regex.as_ref().map(|r| {
                    compile(r)
                        .unwrap_or_else(|e| panic!("rule {}: content_regex: {e}", self.def.id))
                })
            })
            .as_ref()
    }

    /// Compile every regex now; returns the first error with the rule id.
    pub fn compile_all(&self) -> Result<(), String> {
        let check = |what: &str, src: &Option<Text>| -> Result<(), String> {
            match src {
                Some(s) => compile(s)
                    .map(|_| ())
                    .map_err(|e| format!("rule {}: {what} does not compile: {e}", self.def.id)),
                None => Ok(()),
            }
        };
        check("regex", &self.def.regex)?;
        check("content_regex", &self.def.content_regex)?;
        check(
            "near.regex",
            &self.def.near.as_ref().map(|n| n.regex.clone()),
        )?;
        if let Some(src) = &self.def.regex {
            let re = compile(src).expect("checked above");
            let named = re.capture_names().any(|n| n == Some("secret"));
            if !named && re.captures_len() < 2 {
                return Err(format!(
                    "rule {}: regex has no capture group for the secret",
                    self.def.id
                ));
            }
        }
        Ok(())
    }
}

/// Size limits keep a hostile user regex from exhausting memory.
/// Unicode is off: secrets are ASCII, and ASCII `\w`, `\b` and `\s` give automata a fraction of the
/// size, which compile faster and keep the lazy DFA (Unicode word boundaries make it give up on
/// non-ASCII haystacks). A rule may still write `(?u)` where it needs Unicode.
pub(crate) fn compile(src: &str) -> Result<Regex, regex::Error> {
    regex::bytes::RegexBuilder::new(src)
        .unicode(false)
        .size_limit(16 << 20)
        .dfa_size_limit(8 << 20)
        .build()
}

/// Which keyword patterns belong to a specific (non-generic) rule and are at least three bytes long:
/// a generic candidate holding one is that rule's to judge. Searched with the rule set's own keyword
/// automaton (for the built-in pack, the embedded table), so nothing is built for it: a second
/// automaton over the same keywords took 5 ms to build on a one-file scan's first generic match.
#[derive(Debug, PartialEq, Eq)]
pub struct SpecificKeywords {
    flags: Vec<bool>,
}

impl SpecificKeywords {
    fn new(keywords: &Keywords, keyword_rules: &KeywordRules, rules: &[Rule]) -> SpecificKeywords {
        let flags = keywords
            .patterns()
            .iter()
            .enumerate()
            .map(|(p, pattern)| {
                pattern.len() >= 3
                    && keyword_rules
                        .of(p)
                        .iter()
                        .any(|&r| !rules[r as usize].def.generic)
            })
            .collect();
        SpecificKeywords { flags }
    }
}

/// Every enabled rule, with the automaton that selects them.
#[derive(Debug)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
    /// Keyword automata over the content rules' keywords (see [`keywords`]).
    pub keywords: Keywords,
    /// Keyword pattern index -> the rules that listed it.
    pub keyword_rules: KeywordRules,
    /// Keywords of the specific (non-generic) rules, for the generic rule's deferral check.
    specific_keywords: SpecificKeywords,
    /// Blocked filename globs, and for each glob the rule it belongs to.
    pub filenames: FileGlobs,
    pub filename_rules: Vec<RuleIdx>,
    pub filename_excludes: FileGlobs,
    pub filename_exclude_rules: Vec<RuleIdx>,
}

impl RuleSet {
    pub fn get(&self, idx: RuleIdx) -> &Rule {
        &self.rules[idx as usize]
    }

    /// Whether a specific (non-generic) rule's keyword of three bytes or more occurs in `hay`, ASCII
    /// case-insensitively.
    pub fn holds_specific_keyword(&self, hay: &[u8]) -> bool {
        let flags = &self.specific_keywords.flags;
        let mut found = false;
        self.keywords.for_each(hay, |p, _, _| found |= flags[p]);
        found
    }

    pub fn find(&self, id: &str) -> Option<RuleIdx> {
        self.rules
            .iter()
            .position(|r| r.def.id == id)
            .map(|i| i as RuleIdx)
    }

    /// Builds the keyword DFA on a background thread, for scans large enough to profit from it.
    pub fn prepare_fast_keywords(self: &std::sync::Arc<Self>) {
        let me = std::sync::Arc::clone(self);
        std::thread::spawn(move || me.keywords.prepare_dfa());
    }

    /// The rule set of `rules`, indexing their keywords.
    pub(crate) fn build(rules: Vec<Rule>) -> Result<RuleSet, String> {
        let mut patterns: Vec<String> = Vec::new();
        let mut keyword_rules: Vec<Vec<RuleIdx>> = Vec::new();
        // A map beside the list: the pack has over 1,000 keywords, and start-up counts.
        let mut pattern_index: std::collections::HashMap<String, usize> = Default::default();
        for (i, rule) in rules.iter().enumerate() {
            if rule.is_filename_rule() {
                continue;
            }
            for kw in rule.def.keywords.iter() {
                let lower = kw.to_ascii_lowercase();
                match pattern_index.get(&lower) {
                    Some(&p) => keyword_rules[p].push(i as RuleIdx),
                    None => {
                        pattern_index.insert(lower.clone(), patterns.len());
                        patterns.push(lower);
                        keyword_rules.push(vec![i as RuleIdx]);
                    }
                }
            }
        }
        let keyword_rules = KeywordRules::from_lists(&keyword_rules);
        RuleSet::with_index(rules, Keywords::new(patterns)?, keyword_rules)
    }

    /// The default selection's rule set (the built-in pack's enabled rules, in pack order), with the
    /// keyword index `build.rs` computed for it: what [`RuleSet::build`] would compute, without
    /// its hashing and allocations (a fifth of a one-file scan's start-up).
    pub(crate) fn build_default(rules: Vec<Rule>) -> Result<RuleSet, String> {
        let keyword_rules = KeywordRules {
            rules: Cow::Borrowed(builtin_index::KEYWORD_RULES),
            from: Cow::Borrowed(builtin_index::KEYWORD_RULES_FROM),
        };
        RuleSet::with_index(rules, Keywords::builtin(), keyword_rules)
    }

    fn with_index(
        rules: Vec<Rule>,
        keywords: Keywords,
        keyword_rules: KeywordRules,
    ) -> Result<RuleSet, String> {
        let mut fn_globs = globset::GlobSetBuilder::new();
        let mut fn_rules = Vec::new();
        let mut ex_globs = globset::GlobSetBuilder::new();
        let mut ex_rules = Vec::new();
        for (i, rule) in rules.iter().enumerate() {
            let idx = i as RuleIdx;
            if !rule.is_filename_rule() {
                continue;
            }
            for g in rule.def.filenames.iter() {
                fn_globs.add(filename_glob(g).map_err(|e| format!("rule {}: {e}", rule.id()))?);
                fn_rules.push(idx);
            }
            for g in rule.def.exclude_filenames.iter() {
                ex_globs.add(filename_glob(g).map_err(|e| format!("rule {}: {e}", rule.id()))?);
                ex_rules.push(idx);
            }
        }
        Ok(RuleSet {
            specific_keywords: SpecificKeywords::new(&keywords, &keyword_rules, &rules),
            keywords,
            keyword_rules,
            filenames: FileGlobs::build(fn_globs)?,
            filename_rules: fn_rules,
            filename_excludes: FileGlobs::build(ex_globs)?,
            filename_exclude_rules: ex_rules,
            rules,
        })
    }
}

/// For each keyword pattern, the rules that list it: pattern `p`'s are
/// `rules[from[p]..from[p + 1]]`, one flat list that the built-in pack's index borrows from the
/// binary.
#[derive(Debug, PartialEq, Eq)]
pub struct KeywordRules {
    rules: Cow<'static, [RuleIdx]>,
    from: Cow<'static, [u32]>,
}

impl KeywordRules {
    fn from_lists(lists: &[Vec<RuleIdx>]) -> KeywordRules {
        let mut rules = Vec::new();
        let mut from = vec![0u32];
        for list in lists {
            rules.extend_from_slice(list);
            from.push(rules.len() as u32);
        }
        KeywordRules {
            rules: Cow::Owned(rules),
            from: Cow::Owned(from),
        }
    }

    /// The rules that list keyword pattern `p`.
    pub fn of(&self, p: usize) -> &[RuleIdx] {
        &self.rules[self.from[p] as usize..self.from[p + 1] as usize]
    }
}

/// Blocked-file-name globs, matched ASCII-case-insensitively (globset's `case_insensitive` is
/// ASCII-only: its regexes are `(?-u)(?i)`). A glob with no class or escape is lower-cased and
/// matched against the lower-cased path: the same answers, but globset then files most of them
/// under its literal, extension and suffix strategies, where 40 case-insensitive globs all went
/// into one regex set whose compilation was a third of a one-file scan's start-up.
#[derive(Debug)]
pub struct FileGlobs {
    set: globset::GlobSet,
}

impl FileGlobs {
    fn build(b: globset::GlobSetBuilder) -> Result<FileGlobs, String> {
        Ok(FileGlobs {
            set: b.build().map_err(|e| e.to_string())?,
        })
    }

    /// The indexes of the globs that match `path`.
    pub fn matches(&self, path: &str) -> Vec<usize> {
        if self.set.is_empty() {
            return Vec::new();
        }
        self.set.matches(path.to_ascii_lowercase())
    }
}

/// A glob without a `/` matches the file name in any directory, as in `.gitignore`.
fn filename_glob(g: &str) -> Result<globset::Glob, globset::Error> {
    let pat = if g.contains('/') {
        g.to_string()
    } else {
        format!("**/{g}")
    };
    // Lower-casing `[A-Z]` or `\A` would change what they mean: those keep globset's own
    // case-insensitive matching (of the lower-cased path, which it matches the same).
    let plain = !pat.contains(['[', '\\']);
    let pat = if plain { pat.to_ascii_lowercase() } else { pat };
    globset::GlobBuilder::new(&pat)
        .literal_separator(true)
        .case_insensitive(!plain)
        .build()
}

impl Rule {
    pub(crate) fn new(def: RuleDef, source: Text) -> Result<Rule, String> {
        let confidence = match def.confidence.as_deref() {
            None | Some("medium") => Confidence::Medium,
            Some("high") => Confidence::High,
            Some("low") => Confidence::Low,
            Some(other) => {
                return Err(format!(
                    "rule {}: confidence must be high, medium or low, not {other:?}",
                    def.id
                ));
            }
        };
        let validator = match &def.validator {
            None => None,
            Some(v) => Some(
                Validator::from_name(v)
                    .ok_or_else(|| format!("rule {}: unknown validator {v:?}", def.id))?,
            ),
        };
        let keyword_context = KeywordContext::from_name(def.keyword_context.as_deref())
            .ok_or_else(|| {
                format!(
                    "rule {}: keyword_context must be assignment, quoted, space, line_end or userinfo, not {:?}",
                    def.id,
                    def.keyword_context.as_deref().unwrap_or("")
                )
            })?;
        Ok(Rule {
            def,
            source,
            confidence,
            validator,
            keyword_context,
            regex: OnceLock::new(),
            near: OnceLock::new(),
            content: OnceLock::new(),
            secret_group: OnceLock::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn globs(list: &[&str]) -> FileGlobs {
        let mut b = globset::GlobSetBuilder::new();
        for g in list {
            b.add(filename_glob(g).unwrap());
        }
        FileGlobs::build(b).unwrap()
    }

    /// build.rs computes the default selection's keyword index the way `RuleSet::build` does; if the
    /// two drift, keywords select the wrong rules.
    #[test]
    fn the_default_index_is_what_build_computes() {
        let fast = load::load(&load::Selection::default()).unwrap();
        let rules: Vec<Rule> = fast
            .rules
            .iter()
            .map(|r| Rule::new(r.def.clone(), r.source.clone()).unwrap())
            .collect();
        let slow = RuleSet::build(rules).unwrap();
        assert!(slow.keywords.is_embedded() && fast.keywords.is_embedded());
        assert_eq!(fast.keywords.patterns(), slow.keywords.patterns());
        assert_eq!(fast.keyword_rules, slow.keyword_rules);
        assert_eq!(fast.specific_keywords, slow.specific_keywords);
        assert_eq!(fast.filename_rules, slow.filename_rules);
        // The slow path of `load` (taken when a config turns a rule off) keeps the same rules.
        let off = load::builtin_defs()
            .into_iter()
            .find(|(_, d)| !d.enabled)
            .expect("a rule that is off by default");
        let sel = load::Selection {
            disabled: vec![off.1.id.to_string()],
            ..Default::default()
        };
        let ids = |rs: &RuleSet| {
            rs.rules
                .iter()
                .map(|r| r.def.id.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(&load::load(&sel).unwrap()), ids(&fast));
    }

    #[test]
    fn file_globs_match_ascii_case_insensitively() {
        let g = globs(&[
            ".env.*",
            "credentials*.json",
            "*.PEM",
            "id_rsa",
            "config/Secrets.yml",
            "[A-C]x.key",
        ]);
        let cases: &[(&str, &[usize])] = &[
            ("app/.ENV.Local", &[0]),
            ("a/Credentials-PROD.Json", &[1]),
            ("deep/dir/server.pem", &[2]),
            ("x/ID_RSA", &[3]),
            ("CONFIG/secrets.YML", &[4]),
            ("sub/config/secrets.yml", &[]),
            ("bx.key", &[5]),
            ("Dx.KEY", &[]),
            ("id_rsa.pub", &[]),
            ("ré/ID_RSA", &[3]),
        ];
        for (path, want) in cases {
            assert_eq!(g.matches(path), *want, "{path}");
        }
        assert!(globs(&[]).matches("x").is_empty());
    }
}
