//! Parses every `rules/*.toml` at build time and embeds the pack, so that the binary needs no rule
//! file at run time and start-up pays no parsing: the rules as static Rust data (`rules.rs`), and the
//! default rule set's keyword automaton as a DFA table (`keywords.rs`, `keywords_table.rs`; see
//! `src/rule/keywords.rs`). The examples go to JSON of their own.

#[path = "src/rule/def.rs"]
#[allow(dead_code)]
mod def;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::{env, fs, path::PathBuf};

use aho_corasick::automaton::Automaton;
use aho_corasick::{Anchored, MatchKind, dfa};

fn main() {
    println!("cargo:rerun-if-changed=rules");
    let dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap()).join("rules");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("rules/ directory")
        .map(|e| e.expect("rules/ entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    let mut pack: Vec<(String, def::RuleDef)> = Vec::new();
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let file: def::RuleFile =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let stem = path.file_name().unwrap().to_string_lossy().into_owned();
        for rule in file.rules {
            if let Some((other, _)) = pack.iter().find(|(_, r)| r.id == rule.id) {
                panic!("duplicate rule id {} in {} and {}", rule.id, other, stem);
            }
            pack.push((stem.clone(), rule));
        }
    }
    // The examples (a third of the pack's bytes) go to a file of their own: only `hush rules check`
    // and the tests read them, and every scan's start-up would otherwise parse them.
    let examples: Vec<(def::Text, def::List, def::List)> = pack
        .iter_mut()
        .map(|(_, r)| {
            (
                r.id.clone(),
                std::mem::take(&mut r.examples),
                std::mem::take(&mut r.negative_examples),
            )
        })
        .collect();
    let out = PathBuf::from(env::var("OUT_DIR").unwrap());
    fs::write(out.join("rules.rs"), static_rules(&pack)).unwrap();
    let index = default_index(&pack);
    let (table, code) = keyword_dfa(&index.patterns);
    fs::write(out.join("keywords_table.rs"), table).unwrap();
    fs::write(out.join("keywords.rs"), code).unwrap();
    fs::write(out.join("default_index.rs"), index_code(&index)).unwrap();
    fs::write(
        out.join("examples.json"),
        serde_json::to_string(&examples).unwrap(),
    )
    .unwrap();
}

/// The pack as a static array of `(file name, RuleDef)`, in pack order (file name, then position),
/// every text borrowed from the binary (`Cow::Borrowed`), examples left out.
fn static_rules(pack: &[(String, def::RuleDef)]) -> String {
    let text = |s: &str| format!("Cow::Borrowed({s:?})");
    let list = |v: &[def::Text]| {
        let items: Vec<String> = v.iter().map(|s| text(s)).collect();
        format!("Cow::Borrowed(&[{}])", items.join(", "))
    };
    let opt = |v: &Option<def::Text>| match v {
        Some(s) => format!("Some({})", text(s)),
        None => "None".to_string(),
    };
    let mut code = String::from("static BUILTIN: &[(&str, RuleDef)] = &[\n");
    for (source, r) in pack {
        let near = match &r.near {
            Some(n) => format!(
                "Some(NearDef {{ regex: {}, within: {} }})",
                text(&n.regex),
                n.within
            ),
            None => "None".to_string(),
        };
        let min_entropy = match r.min_entropy {
            Some(e) => format!("Some({e:?}_f64)"),
            None => "None".to_string(),
        };
        writeln!(
            code,
            "({source:?}, RuleDef {{ id: {}, name: {}, keywords: {}, \
             keyword_context: {}, regex: {}, filenames: {}, exclude_filenames: {}, \
             content_regex: {}, min_entropy: {min_entropy}, confidence: {}, validator: {}, \
             multiline: {}, enabled: {}, placeholder_filter: {}, generic: {}, near: {near}, \
             references: {}, remediation: {}, examples: Cow::Borrowed(&[]), \
             negative_examples: Cow::Borrowed(&[]) }}),",
            text(&r.id),
            text(&r.name),
            list(&r.keywords),
            opt(&r.keyword_context),
            opt(&r.regex),
            list(&r.filenames),
            list(&r.exclude_filenames),
            opt(&r.content_regex),
            opt(&r.confidence),
            opt(&r.validator),
            r.multiline,
            r.enabled,
            r.placeholder_filter,
            r.generic,
            list(&r.references),
            text(&r.remediation),
        )
        .unwrap();
    }
    code.push_str("];\n");
    code
}

/// The default rule set's keyword index, as `RuleSet::build` computes it: the enabled content rules'
/// keywords, lower-cased, each once, first seen first (`patterns`); for each, the rules that list it
/// (indexes among the enabled rules, filename rules included). `rule::load` uses these for the
/// default selection, and a unit test checks them against `RuleSet::build`.
struct DefaultIndex {
    patterns: Vec<String>,
    keyword_rules: Vec<Vec<u32>>,
}

fn default_index(pack: &[(String, def::RuleDef)]) -> DefaultIndex {
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut out = DefaultIndex {
        patterns: Vec::new(),
        keyword_rules: Vec::new(),
    };
    for (idx, r) in pack
        .iter()
        .map(|(_, r)| r)
        .filter(|r| r.enabled)
        .enumerate()
    {
        if !r.filenames.is_empty() {
            continue;
        }
        for k in r.keywords.iter() {
            let lower = k.to_ascii_lowercase();
            match index.get(&lower) {
                Some(&p) => out.keyword_rules[p].push(idx as u32),
                None => {
                    index.insert(lower.clone(), out.patterns.len());
                    out.patterns.push(lower);
                    out.keyword_rules.push(vec![idx as u32]);
                }
            }
        }
    }
    out
}

/// The index as Rust statics: `PATTERNS`, and the keyword-to-rules lists flattened into
/// `KEYWORD_RULES`, pattern `p`'s being `KEYWORD_RULES[KEYWORD_RULES_FROM[p]..KEYWORD_RULES_FROM[p + 1]]`.
fn index_code(ix: &DefaultIndex) -> String {
    let texts = |v: &[String]| {
        let items: Vec<String> = v.iter().map(|s| format!("Cow::Borrowed({s:?})")).collect();
        format!("&[{}]", items.join(", "))
    };
    let mut flat = Vec::new();
    let mut from = vec![0usize];
    for list in &ix.keyword_rules {
        flat.extend(list.iter().map(|r| r.to_string()));
        from.push(flat.len());
    }
    let from: Vec<String> = from.iter().map(|n| n.to_string()).collect();
    format!(
        "pub(crate) static PATTERNS: &[Cow<'static, str>] = {};\n\
         pub(crate) static KEYWORD_RULES: &[u32] = &[{}];\n\
         pub(crate) static KEYWORD_RULES_FROM: &[u32] = &[{}];\n",
        texts(&ix.patterns),
        flat.join(", "),
        from.join(", ")
    )
}

/// The keyword DFA of `patterns`, as `aho-corasick` builds it for `Keywords` (ASCII case-insensitive,
/// standard semantics), copied into a flat table: every state reachable from the unanchored start,
/// renumbered so that the states holding matches come first, and its transitions per byte class.
/// Each entry is the byte offset of the next state's row (`state * classes * 4`), little-endian.
fn keyword_dfa(patterns: &[String]) -> (String, String) {
    let aut = dfa::Builder::new()
        .prefilter(false)
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::Standard)
        .build(patterns)
        .expect("keyword DFA of the rule pack");
    let start = aut.start_state(Anchored::No).unwrap();
    // Every reachable state, with its 256 transitions.
    let mut index: HashMap<u32, usize> = HashMap::new();
    let mut states = vec![start];
    index.insert(start.as_u32(), 0);
    let mut next: Vec<[usize; 256]> = Vec::new();
    let mut i = 0;
    while i < states.len() {
        let sid = states[i];
        let mut row = [0usize; 256];
        for b in 0..=255u8 {
            let to = aut.next_state(Anchored::No, sid, b);
            assert!(
                !aut.is_dead(to),
                "unanchored keyword DFA reached its dead state"
            );
            let n = *index.entry(to.as_u32()).or_insert_with(|| {
                states.push(to);
                states.len() - 1
            });
            row[b as usize] = n;
        }
        next.push(row);
        i += 1;
    }
    // Byte classes: bytes whose transitions agree in every state.
    let mut class_of = [0u8; 256];
    let mut columns: HashMap<Vec<usize>, u8> = HashMap::new();
    for b in 0..256 {
        let column: Vec<usize> = next.iter().map(|row| row[b]).collect();
        let n = columns.len();
        class_of[b] = *columns
            .entry(column)
            .or_insert_with(|| u8::try_from(n).expect("at most 256 byte classes"));
    }
    let classes = columns.len();
    // Match states first: a walk tests one comparison per byte.
    let mut order: Vec<usize> = (0..states.len()).collect();
    order.sort_by_key(|&s| !aut.is_match(states[s]));
    let mut new_id = vec![0usize; states.len()];
    for (n, &s) in order.iter().enumerate() {
        new_id[s] = n;
    }
    let matching = order.iter().filter(|&&s| aut.is_match(states[s])).count();
    let stride = classes;
    let mut table: Vec<u32> = Vec::with_capacity(states.len() * stride);
    let mut rep = [0usize; 256];
    for b in 0..256 {
        rep[class_of[b] as usize] = b;
    }
    for &s in &order {
        for &b in rep.iter().take(classes) {
            let to = new_id[next[s][b]] * stride;
            table.push(u32::try_from(to).unwrap());
        }
    }
    // Padded to a power of two, so that a walk indexes it with a mask the compiler knows to be in
    // bounds (no check per byte); the padding is never reached.
    table.resize(table.len().next_power_of_two(), 0);
    let mut match_from = vec![0u32];
    let mut match_patterns = Vec::new();
    for &s in order.iter().take(matching) {
        let sid = states[s];
        for k in 0..aut.match_len(sid) {
            match_patterns.push(aut.match_pattern(sid, k).as_u32());
        }
        match_from.push(match_patterns.len() as u32);
    }
    let lens: Vec<u32> = (0..patterns.len())
        .map(|p| patterns[p].len() as u32)
        .collect();
    let list = |v: &[u32]| {
        let items: Vec<String> = v.iter().map(|x| x.to_string()).collect();
        items.join(", ")
    };
    let mut code = String::new();
    writeln!(
        code,
        "pub(crate) static CLASSES: [u8; 256] = {:?};",
        class_of
    )
    .unwrap();
    writeln!(code, "pub(crate) const STRIDE: usize = {stride};").unwrap();
    writeln!(
        code,
        "pub(crate) const START: u32 = {};",
        new_id[0] * stride
    )
    .unwrap();
    writeln!(
        code,
        "pub(crate) const MATCH_LIMIT: u32 = {};",
        matching * stride
    )
    .unwrap();
    writeln!(
        code,
        "pub(crate) const MAX_PATTERN_LEN: usize = {};",
        aut.max_pattern_len()
    )
    .unwrap();
    writeln!(
        code,
        "pub(crate) static MATCH_FROM: &[u32] = &[{}];",
        list(&match_from)
    )
    .unwrap();
    writeln!(
        code,
        "pub(crate) static MATCH_PATTERNS: &[u32] = &[{}];",
        list(&match_patterns)
    )
    .unwrap();
    writeln!(
        code,
        "pub(crate) static PATTERN_LENS: &[u32] = &[{}];",
        list(&lens)
    )
    .unwrap();
    let entries: Vec<String> = table.iter().map(|x| x.to_string()).collect();
    let table_code = format!(
        "pub(crate) static TABLE: [u32; {}] = [{}];\n",
        table.len(),
        entries.join(",")
    );
    writeln!(
        code,
        "pub(crate) const TABLE_MASK: usize = {};",
        table.len() - 1
    )
    .unwrap();
    (table_code, code)
}
