//! Loading the embedded rule pack and user rules, and validating them.

use super::{NearDef, Rule, RuleDef, RuleSet};

/// A built-in rule as `build.rs` embedded it: [`RuleDef`] as static data, without its examples.
/// Turning these into `RuleDef`s costs copies only (parsing the same pack as JSON took a fifth of
/// a one-file scan's start-up).
struct StaticDef {
    source: &'static str,
    id: &'static str,
    name: &'static str,
    keywords: &'static [&'static str],
    keyword_context: Option<&'static str>,
    regex: Option<&'static str>,
    filenames: &'static [&'static str],
    exclude_filenames: &'static [&'static str],
    content_regex: Option<&'static str>,
    min_entropy: Option<f64>,
    confidence: Option<&'static str>,
    validator: Option<&'static str>,
    multiline: bool,
    enabled: bool,
    placeholder_filter: bool,
    generic: bool,
    near: Option<(&'static str, usize)>,
    references: &'static [&'static str],
    remediation: &'static str,
}

// `static BUILTIN: &[StaticDef]`, the pack in order (file name, then position in the file).
include!(concat!(env!("OUT_DIR"), "/rules.rs"));

impl StaticDef {
    fn to_def(&self) -> RuleDef {
        let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect();
        let opt = |v: Option<&str>| v.map(str::to_string);
        RuleDef {
            id: self.id.to_string(),
            name: self.name.to_string(),
            keywords: strings(self.keywords),
            keyword_context: opt(self.keyword_context),
            regex: opt(self.regex),
            filenames: strings(self.filenames),
            exclude_filenames: strings(self.exclude_filenames),
            content_regex: opt(self.content_regex),
            min_entropy: self.min_entropy,
            confidence: opt(self.confidence),
            validator: opt(self.validator),
            multiline: self.multiline,
            enabled: self.enabled,
            placeholder_filter: self.placeholder_filter,
            generic: self.generic,
            near: self.near.map(|(regex, within)| NearDef {
                regex: regex.to_string(),
                within,
            }),
            references: strings(self.references),
            remediation: self.remediation.to_string(),
            examples: Vec::new(),
            negative_examples: Vec::new(),
        }
    }
}

/// Every built-in rule definition, with the file it came from (examples are in
/// [`builtin_examples`]).
pub fn builtin_defs() -> Vec<(String, RuleDef)> {
    BUILTIN
        .iter()
        .map(|d| (d.source.to_string(), d.to_def()))
        .collect()
}

static BUILTIN_EXAMPLES: &str = include_str!(concat!(env!("OUT_DIR"), "/examples.json"));

/// The built-in rules' positive and negative examples, by rule id. They are kept apart from the
/// rules (build.rs), so that a scan's start-up does not parse them.
pub fn builtin_examples() -> std::collections::HashMap<String, (Vec<String>, Vec<String>)> {
    let list: Vec<(String, Vec<String>, Vec<String>)> =
        serde_json::from_str(BUILTIN_EXAMPLES).expect("build.rs wrote valid example JSON");
    list.into_iter().map(|(id, p, n)| (id, (p, n))).collect()
}

/// Which rules to use, beyond the built-in defaults.
#[derive(Debug, Default, Clone)]
pub struct Selection {
    /// User rules (from `.hush.toml`), with their source name.
    pub extra: Vec<(String, RuleDef)>,
    /// Rule ids to turn off.
    pub disabled: Vec<String>,
    /// Rule ids to turn on although off by default (`enabled = false`).
    pub enabled: Vec<String>,
    /// Keep every rule, even those off by default (for `rules check` and the rule tests).
    pub all: bool,
}

/// Checks that an id is kebab-case: lowercase ASCII letters and digits in dash-separated words.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// Static checks of one definition that do not need the regex compiled.
pub fn validate(def: &RuleDef) -> Result<(), String> {
    if !valid_id(&def.id) {
        return Err(format!("rule id {:?} is not kebab-case", def.id));
    }
    let is_file = !def.filenames.is_empty();
    match (&def.regex, is_file) {
        (None, false) => return Err(format!("rule {}: needs a regex or filenames", def.id)),
        (Some(_), true) => {
            return Err(format!("rule {}: has both a regex and filenames", def.id));
        }
        _ => {}
    }
    if !is_file && def.keywords.iter().all(|k| k.is_empty()) {
        return Err(format!("rule {}: needs at least one keyword", def.id));
    }
    if def.keywords.iter().any(|k| k.is_empty()) {
        return Err(format!("rule {}: empty keyword", def.id));
    }
    if super::KeywordContext::from_name(def.keyword_context.as_deref()).is_none() {
        return Err(format!(
            "rule {}: keyword_context must be assignment, quoted or space",
            def.id
        ));
    }
    Ok(())
}

/// Builds the rule set: the built-in pack plus user rules, minus disabled ones.
pub fn load(sel: &Selection) -> Result<RuleSet, String> {
    let mut rules: Vec<Rule> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let builtin = builtin_defs();
    for id in sel.disabled.iter().chain(&sel.enabled) {
        let known = builtin.iter().chain(&sel.extra).any(|(_, d)| &d.id == id);
        if !known {
            return Err(format!("config names unknown rule id {id:?}"));
        }
    }
    for (source, def) in builtin.into_iter().chain(sel.extra.iter().cloned()) {
        validate(&def)?;
        if !seen.insert(def.id.clone()) {
            return Err(format!("duplicate rule id {:?} (in {source})", def.id));
        }
        let wanted = if sel.disabled.contains(&def.id) {
            false
        } else {
            sel.all || def.enabled || sel.enabled.contains(&def.id)
        };
        if !wanted {
            continue;
        }
        let user = sel.extra.iter().any(|(s, _)| *s == source);
        let rule = Rule::new(def, source)?;
        if user {
            // A user's rule is compiled now, so its mistakes stop the run before any scanning.
            rule.compile_all()?;
        }
        rules.push(rule);
    }
    RuleSet::build(rules)
}
