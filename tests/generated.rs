//! What is generated from hush's own definitions stays in step with them: shell completions and man
//! pages (from the clap definitions that parse the command line), and docs/rules.md (from the rule
//! pack). The committed files are compared with what the binary writes now; a stale one fails with
//! the one command that regenerates it.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use clap::{CommandFactory, ValueEnum};
use common::*;

/// The command that rewrites docs/man/ (the old pages first: a page of a removed subcommand goes).
const REGENERATE_MAN: &str = "rm -f docs/man/*.1 && cargo run -- man --dir docs/man";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// hush's subcommands, as the clap definitions declare them.
fn subcommands() -> Vec<String> {
    hush::cli::Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect()
}

fn formats() -> Vec<String> {
    hush::report::Format::value_variants()
        .iter()
        .map(|f| f.to_possible_value().unwrap().get_name().to_string())
        .collect()
}

fn stdout_of(args: &[&str]) -> String {
    let out = hush().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

// ---- completions ------------------------------------------------------------------------------------

/// Loads `hush completions bash` in bash, shows the registration (`complete -p hush`), then asks the
/// completion function what it offers after `hush `, after `hush scan --format ` and after
/// `hush completions `, one line each.
const BASH_PROBE: &str = r#"
set -e
source <("$HUSH" completions bash)
complete -p hush
offer() { COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=()
  _hush hush "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"; echo "${COMPREPLY[*]}"; }
offer hush ""
offer hush scan --format ""
offer hush completions ""
"#;

#[test]
fn bash_completions_load_and_offer_every_subcommand_and_format() {
    let out = Command::new("bash")
        .args(["-c", BASH_PROBE])
        .env("HUSH", env!("CARGO_BIN_EXE_hush"))
        .output()
        .expect("bash runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("complete ") && lines[0].ends_with(" hush"),
        "registered: {text}"
    );
    let offered = |i: usize| -> Vec<&str> { lines[i].split(' ').collect() };
    for sub in subcommands() {
        assert!(offered(1).contains(&sub.as_str()), "{sub}: {text}");
    }
    let mut got: Vec<&str> = offered(2);
    got.sort();
    let mut want = formats();
    want.sort();
    assert_eq!(got, want, "--format completes to the formats");
    for shell in ["bash", "zsh", "fish", "powershell"] {
        assert!(offered(3).contains(&shell), "{shell}: {text}");
    }
}

/// `shell` if it is installed; otherwise `None` and a note, except in CI (`CI` set), where
/// `.ci/run` installs it and its absence fails.
fn installed(shell: &str) -> Option<&str> {
    if Command::new(shell).arg("--version").output().is_ok() {
        return Some(shell);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{shell} is required in CI (.ci/run installs it)"
    );
    eprintln!("SKIPPED: {shell} is not installed");
    None
}

/// fish, through its own completion engine (`complete -C`): what it offers after `hush ` and after
/// `hush scan --format `.
#[test]
fn fish_completions_offer_every_subcommand_and_format() {
    let Some(fish) = installed("fish") else {
        return;
    };
    let offered = |line: &str| -> Vec<String> {
        let script = format!(
            "source ({:?} completions fish | psub); complete -C {line:?}",
            env!("CARGO_BIN_EXE_hush")
        );
        let out = Command::new(fish).args(["-c", &script]).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| l.split('\t').next().unwrap().to_string())
            .collect()
    };
    let subs = offered("hush ");
    for sub in subcommands() {
        assert!(subs.contains(&sub), "{sub}: {subs:?}");
    }
    let mut got = offered("hush scan --format ");
    got.sort();
    let mut want = formats();
    want.sort();
    assert_eq!(got, want);
}

/// Every shell's script names every subcommand; where the shell is installed, it also parses.
#[test]
fn every_shell_gets_a_script_that_names_every_subcommand() {
    let syntax_check: BTreeMap<&str, &[&str]> = [
        ("bash", &["-n"][..]),
        ("zsh", &["-n"][..]),
        ("fish", &["--no-execute"][..]),
    ]
    .into();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = stdout_of(&["completions", shell]);
        for sub in subcommands() {
            assert!(script.contains(&sub), "{shell} script lacks {sub}");
        }
        // (clap_complete's PowerShell and Elvish scripts complete names, not option values.)
        if ["bash", "zsh", "fish"].contains(&shell) {
            assert!(script.contains("junit"), "{shell}: the formats are offered");
        }
        let Some(args) = syntax_check.get(shell) else {
            continue;
        };
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("hush.completion");
        std::fs::write(&file, &script).unwrap();
        let Some(shell) = installed(shell) else {
            continue;
        };
        let o = Command::new(shell).args(*args).arg(&file).output().unwrap();
        assert!(
            o.status.success(),
            "{shell} cannot parse its script: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    let out = hush().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "an unknown shell is an error");
}

// ---- man pages --------------------------------------------------------------------------------------

fn pages_in(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "1"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect()
}

#[test]
fn committed_man_pages_are_the_generated_ones() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = run_in(dir.path(), &["man", "--dir", dir.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let generated = pages_in(dir.path());
    let committed = pages_in(&root().join("docs/man"));
    let names = |m: &BTreeMap<String, String>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        names(&committed),
        names(&generated),
        "docs/man/ is stale: regenerate it with `{REGENERATE_MAN}`"
    );
    for (name, roff) in &generated {
        assert!(
            committed[name] == *roff,
            "docs/man/{name} is stale: regenerate it with `{REGENERATE_MAN}`"
        );
    }
    // One page per subcommand, nested ones included, each named in its parent's page.
    for sub in subcommands() {
        let page = format!("hush-{sub}.1");
        assert!(generated.contains_key(&page), "{page}");
        assert!(
            generated["hush.1"].contains(&format!("hush\\-{sub}(1)")),
            "hush.1 names {page}"
        );
    }
    assert!(generated.contains_key("hush-baseline-create.1"));
    // The options and their values come from the same definitions.
    assert!(generated["hush-scan.1"].contains("\\-\\-format"));
    assert!(generated["hush-scan.1"].contains("junit"));
    // `hush man` prints the main page.
    assert_eq!(stdout_of(&["man"]), generated["hush.1"]);
}

#[test]
fn man_into_a_missing_directory_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = run_in(dir.path(), &["man", "--dir", "nowhere"]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot write nowhere/hush.1"), "{err}");
}

// ---- docs/rules.md ----------------------------------------------------------------------------------

#[test]
fn docs_rules_md_is_generated_from_the_rule_pack() {
    let generated = stdout_of(&["rules", "list", "--format", "markdown"]);
    let committed = std::fs::read_to_string(root().join("docs/rules.md")).unwrap_or_default();
    let regenerate = hush::report::rule_page::REGENERATE;
    assert!(
        committed == generated,
        "docs/rules.md is stale (the rule pack changed): regenerate it with `{regenerate}`"
    );
    // Every rule has its row, with its name, confidence and documentation.
    let rules: serde_json::Value =
        serde_json::from_str(&stdout_of(&["rules", "list", "--json"])).expect("rules list --json");
    let rules = rules.as_array().unwrap();
    assert!(rules.len() > 100);
    for r in rules {
        let id = r["id"].as_str().unwrap();
        let row = generated
            .lines()
            .find(|l| l.starts_with(&format!("| `{id}` |")))
            .unwrap_or_else(|| panic!("no row for {id}"));
        if let Some(url) = r["references"].as_array().and_then(|a| a.first()) {
            assert!(row.contains(url.as_str().unwrap()), "{row}");
        }
        if let Some(c) = r["confidence"].as_str() {
            assert!(row.contains(&format!(" | {c} | ")), "{row}");
        }
    }
    // A validator is described, never left out.
    let row = generated
        .lines()
        .find(|l| l.starts_with("| `github-pat-classic` |"))
        .unwrap();
    assert!(row.contains("CRC32 checksum"), "{row}");
}
