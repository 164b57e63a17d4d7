//! Loading the embedded rule pack and user rules, and validating them.

use super::{NearDef, Rule, RuleDef, RuleSet, Text};

use std::borrow::Cow;

// `static BUILTIN: &[(&str, RuleDef)]`, the pack in order (file name, then position in the file),
// without the examples, every text borrowed: copying a rule allocates nothing (parsing the same pack
// as JSON took a fifth of a one-file scan's start-up, and owned copies of its strings a sixth).
include!(concat!(env!("OUT_DIR"), "/rules.rs"));

/// Every built-in rule definition, with the file it came from (examples are in
/// [`builtin_examples`]).
pub fn builtin_defs() -> Vec<(Text, RuleDef)> {
    BUILTIN
        .iter()
        .map(|(source, d)| (Text::Borrowed(source), d.clone()))
        .collect()
}

static BUILTIN_EXAMPLES: &str = include_str!(concat!(env!("OUT_DIR"), "/examples.json"));

/// The built-in rules' positive and negative examples, by rule id. They are kept apart from the
/// rules (build.rs), so that a scan's start-up does not parse them.
pub fn builtin_examples() -> std::collections::HashMap<String, (super::List, super::List)> {
    let list: Vec<(String, super::List, super::List)> =
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
            "rule {}: keyword_context must be assignment, quoted, space, line_end or userinfo",
            def.id
        ));
    }
    Ok(())
}

/// Mistakes that let a user's rule load but keep it from ever firing, as warnings (the rule still
/// loads: the caller prints them). Two are caught:
/// - a control character in the regex or a keyword: `"\b"` in a double-quoted TOML string is a
///   backspace, not a word boundary (a literal string, `'\b'`, keeps the backslash);
/// - a keyword that neither occurs in the regex's text nor in one of the rule's examples that the
///   regex matches: hush runs a rule only where one of its keywords is found, so a keyword that no
///   match can hold (`acme-key` for a regex `acmekey_...`) never selects it.
pub fn lint(def: &RuleDef) -> Vec<String> {
    let mut out = Vec::new();
    let control = |s: &str| {
        s.chars()
            .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    };
    let shown = |c: char| match c {
        '\u{8}' => "a backspace (\"\\b\" in a double-quoted TOML string: write '\\b' or \"\\\\b\")"
            .to_string(),
        '\u{c}' => "a form feed (\"\\f\" in a double-quoted TOML string)".to_string(),
        c => format!("the control character U+{:04X}", c as u32),
    };
    for (what, s) in def
        .regex
        .iter()
        .map(|r| ("regex", r.as_ref()))
        .chain(def.keywords.iter().map(|k| ("keyword", k.as_ref())))
    {
        if control(s) {
            let c = s
                .chars()
                .find(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
                .unwrap_or('\0');
            out.push(format!(
                "its {what} holds {}, so it can never match what you meant",
                shown(c)
            ));
        }
    }
    let Some(src) = def.regex.as_deref() else {
        return out;
    };
    let Ok(re) = super::compile(src) else {
        return out; // the load reports it
    };
    // The regex's text with escapes undone (`acme\-key` is `acme-key`), lowercased like keywords.
    let literal: String = {
        let mut t = String::new();
        let mut esc = false;
        for c in src.chars() {
            if esc || c != '\\' {
                t.push(c.to_ascii_lowercase());
                esc = false;
            } else {
                esc = true;
            }
        }
        t
    };
    for k in def.keywords.iter() {
        let kl = k.to_ascii_lowercase();
        if kl.is_empty() || literal.contains(&kl) {
            continue;
        }
        let in_example = def
            .examples
            .iter()
            .any(|ex| ex.to_ascii_lowercase().contains(&kl) && re.is_match(ex.as_bytes()));
        if !in_example {
            out.push(format!(
                "keyword {k:?} occurs neither in its regex nor in an example the regex matches: \
                 hush runs a rule only where one of its keywords is found, so it may never fire \
                 (add an example that holds the keyword; `hush rules check` runs them)"
            ));
        }
    }
    out
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
    let default = sel.extra.is_empty() && sel.disabled.is_empty() && sel.enabled.is_empty();
    if default && !sel.all {
        // The pack was checked when it was built (ids, duplicates: build.rs and `rules check`);
        // its keyword index too.
        let rules = BUILTIN
            .iter()
            .filter(|(_, d)| d.enabled)
            .map(|(source, d)| Rule::new(d.clone(), Text::Borrowed(source)))
            .collect::<Result<Vec<_>, _>>()?;
        return RuleSet::build_default(rules);
    }
    let mut rules: Vec<Rule> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let builtin = builtin_defs();
    for id in sel.disabled.iter().chain(&sel.enabled) {
        let mut defs = builtin
            .iter()
            .map(|(_, d)| d)
            .chain(sel.extra.iter().map(|(_, d)| d));
        let known = defs.any(|d| &d.id == id);
        if !known {
            let ids = builtin
                .iter()
                .map(|(_, d)| d)
                .chain(sel.extra.iter().map(|(_, d)| d))
                .map(|d| d.id.as_ref());
            return Err(format!(
                "config names unknown rule id {id:?}{}",
                did_you_mean(id, ids)
            ));
        }
    }
    let extra = sel
        .extra
        .iter()
        .map(|(s, d)| (Text::Owned(s.clone()), d.clone()));
    for (source, def) in builtin.into_iter().chain(extra) {
        validate(&def)?;
        if !seen.insert(def.id.clone()) {
            return Err(format!("duplicate rule id {:?} (in {source})", def.id));
        }
        let wanted = if sel.disabled.iter().any(|d| *d == def.id) {
            false
        } else {
            sel.all || def.enabled || sel.enabled.iter().any(|d| *d == def.id)
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

    /// A user rule as `.hush.toml` spells it: `regex` is the TOML value as written, quotes included.
    fn user_rule(keywords: &[&str], regex: &str, examples: &[&str]) -> RuleDef {
        let toml = format!(
            "id = \"acme-key\"\nname = \"Acme\"\nkeywords = {keywords:?}\nregex = {regex}\nexamples = {examples:?}\n"
        );
        toml::from_str(&toml).unwrap()
    }

    #[test]
    fn a_backspace_in_a_regex_is_a_warning() {
        // `\b` in a double-quoted TOML string: a backspace.
        let def = user_rule(&["acmekey_"], r#""\b(acmekey_[a-z0-9]{24})\b""#, &[]);
        let w = lint(&def);
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(
            w[0].contains("backspace") && w[0].contains("'\\b'"),
            "{w:?}"
        );
        // In a literal string it is a word boundary.
        let def = user_rule(&["acmekey_"], r"'\b(acmekey_[a-z0-9]{24})\b'", &[]);
        assert!(lint(&def).is_empty(), "{:?}", lint(&def));
    }

    #[test]
    fn a_keyword_no_match_can_hold_is_a_warning() {
        let def = user_rule(&["acme-key"], r"'\b(acmekey_[a-z0-9]{24})\b'", &[]);
        let w = lint(&def);
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].contains("\"acme-key\""), "{w:?}");
        // Case does not matter (keywords match either case), nor an escape in the regex.
        let def = user_rule(&["ACME-KEY"], r"'(acme\-key_[a-z0-9]{24})'", &[]);
        assert!(lint(&def).is_empty());
        // A keyword that selects the lines around a match: its example says it works.
        let def = user_rule(
            &["acme"],
            r"'\b([a-f0-9]{32})\b'",
            &["acme_token = 0123456789abcdef0123456789abcdef"],
        );
        assert!(lint(&def).is_empty(), "{:?}", lint(&def));
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
