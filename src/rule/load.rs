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

/// ` (did you mean "a" or "b"?)` for an unknown rule id, naming the nearest known ids, or nothing
/// when none is near.
pub fn did_you_mean<'a>(id: &str, known: impl Iterator<Item = &'a str>) -> String {
    let near = nearest_ids(id, known);
    match near.as_slice() {
        [] => String::new(),
        [one] => format!(" (did you mean {one:?}?)"),
        [one, two, ..] => format!(" (did you mean {one:?} or {two:?}?)"),
    }
}

/// The known ids nearest to `id`, best first (at most two): an id whose words' initials spell it
/// (`jwt` for `json-web-token`), then ids a few edits away, then ids it begins, then ids holding it
/// as a whole word.
pub fn nearest_ids<'a>(id: &str, known: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let id = id.trim().to_ascii_lowercase();
    let mut scored: Vec<(usize, &'a str)> = known
        .filter_map(|k| {
            let initials: String = k.split('-').filter_map(|w| w.chars().next()).collect();
            if initials == id && id.len() > 1 {
                return Some((0, k));
            }
            let d = edit_distance(&id, k);
            if d <= (id.len() / 3).max(2) {
                return Some((1 + d, k));
            }
            if id.len() >= 3 && k.starts_with(&format!("{id}-")) {
                return Some((50 + k.len(), k));
            }
            if id.len() >= 3 && k.split('-').any(|w| w == id) {
                return Some((100 + k.len(), k));
            }
            None
        })
        .collect();
    scored.sort();
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(2).map(|(_, k)| k).collect()
}

/// Levenshtein distance, by characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// Builds the rule set: the built-in pack plus user rules, minus disabled ones.
pub fn load(sel: &Selection) -> Result<RuleSet, String> {
    let mut rules: Vec<Rule> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let builtin = builtin_defs();
    for id in sel.disabled.iter().chain(&sel.enabled) {
        let known = builtin.iter().chain(&sel.extra).any(|(_, d)| &d.id == id);
        if !known {
            let ids = builtin.iter().chain(&sel.extra).map(|(_, d)| d.id.as_str());
            return Err(format!(
                "config names unknown rule id {id:?}{}",
                did_you_mean(id, ids)
            ));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_ids_get_the_nearest_known_ones() {
        let ids = [
            "json-web-token",
            "jwt-signing-secret",
            "github-pat-classic",
            "aws-access-key-id",
        ];
        assert_eq!(nearest_ids("jwt", ids.into_iter())[0], "json-web-token");
        assert!(nearest_ids("jwt", ids.into_iter()).contains(&"jwt-signing-secret"));
        assert_eq!(
            nearest_ids("github-pat-clasic", ids.into_iter()),
            ["github-pat-classic"]
        );
        assert_eq!(
            nearest_ids("aws-acces-key", ids.into_iter()),
            ["aws-access-key-id"]
        );
        assert!(nearest_ids("zzzz", ids.into_iter()).is_empty());
        assert_eq!(did_you_mean("zzzz", ids.into_iter()), "");
        assert_eq!(
            did_you_mean("github-pat", ids.into_iter()),
            " (did you mean \"github-pat-classic\"?)"
        );
    }

    #[test]
    fn a_config_naming_an_unknown_rule_says_which_one_was_meant() {
        let sel = Selection {
            disabled: vec!["jwt".into()],
            ..Selection::default()
        };
        let Err(err) = load(&sel) else {
            panic!("an unknown id was accepted")
        };
        assert!(
            err.contains("\"jwt\"") && err.contains("did you mean \"json-web-token\""),
            "{err}"
        );
    }
}
