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
    let out = PathBuf::from(env::var("OUT_DIR").unwrap()).join("rules.json");
    fs::write(out, serde_json::to_string(&pack).unwrap()).unwrap();
}
