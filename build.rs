//! Parses every `rules/*.toml` at build time and embeds the pack as JSON, so that the binary needs no
//! rule file at run time and start-up pays no TOML parsing.

#[path = "src/rule/def.rs"]
#[allow(dead_code)]
mod def;

use std::{env, fs, path::PathBuf};

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
    let examples: Vec<(String, Vec<String>, Vec<String>)> = pack
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
    fs::write(
        out.join("rules.json"),
        serde_json::to_string(&pack).unwrap(),
    )
    .unwrap();
    fs::write(
        out.join("examples.json"),
        serde_json::to_string(&examples).unwrap(),
    )
    .unwrap();
}
