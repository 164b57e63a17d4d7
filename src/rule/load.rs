//! Loading the embedded rule pack and user rules, and validating them.

use super::{Rule, RuleDef, RuleSet};

/// The pack, as `build.rs` embedded it: `[(file name, rule)]`.
static BUILTIN_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/rules.json"));

/// Every built-in rule definition, with the file it came from.
pub fn builtin_defs() -> Vec<(String, RuleDef)> {
    serde_json::from_str(BUILTIN_JSON).expect("build.rs wrote valid rule JSON")
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
