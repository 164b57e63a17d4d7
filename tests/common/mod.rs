//! Helpers for tests that drive the real `hush` binary in temporary directories.
#![allow(dead_code)]

pub mod tokens;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn hush() -> Command {
    Command::new(env!("CARGO_BIN_EXE_hush"))
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Runs hush with `args` in `dir`; returns (exit code, stdout, stderr).
pub fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out: Output = hush()
        .args(args)
        .current_dir(dir)
        .output()
        .expect("hush runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Writes `files` (path, content) under `dir`, creating directories.
pub fn write_tree(dir: &Path, files: &[(&str, &[u8])]) {
    for (p, c) in files {
        let full = dir.join(p);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, c).unwrap();
    }
}

/// Parses `--format json` output.
pub fn json(stdout: &str) -> serde_json::Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{stdout}"))
}

/// (path, line or "-", rule_id) of each finding.
pub fn triples(doc: &serde_json::Value) -> Vec<String> {
    let mut v: Vec<String> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let line = f["line"]
                .as_u64()
                .map_or("-".to_string(), |l| l.to_string());
            format!(
                "{}:{}:{}",
                f["path"].as_str().unwrap(),
                line,
                f["rule_id"].as_str().unwrap()
            )
        })
        .collect();
    v.sort();
    v
}

pub const GH_TOKEN: &str = "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";
pub const GH_TOKEN_2: &str = "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";
