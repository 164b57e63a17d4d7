//! `hush staged`: the pre-commit check.
#![allow(clippy::print_stderr)]

use std::time::Instant;

use anyhow::Result;

use super::{Fatal, build_scanner, finish_findings, load_config};
use crate::cli::StagedCmd;
use crate::exit::Exit;
use crate::finding::Finding;
use crate::report::Format;
use crate::scan::Stats;
use crate::source::staged;

pub fn run(cmd: StagedCmd) -> Result<Exit> {
    let start = Instant::now();
    let cwd = std::env::current_dir()?;
    let repo = staged::discover(&cwd).map_err(Fatal)?;
    let root = repo.workdir().unwrap_or(repo.path()).to_path_buf();
    // git lists the staged changes while the rules load.
    let diff = staged::StagedDiff::start(&root);
    let (cfg, cfg_path) = load_config(&cmd.common, &root)?;
    let mut scanner = build_scanner(&cmd.common, &cfg, cfg_path.as_deref(), None)?;
    scanner.allowlist.set_root(&root);
    let stats = Stats::default();
    let source = staged::Staged::new(repo, diff).map_err(Fatal)?;
    let result = crate::scan::run(&scanner, &source, &stats).map_err(Fatal)?;
    let snapshot = stats.snapshot(start.elapsed().as_millis() as u64);
    let (exit, findings) = finish_findings(
        &cmd.common,
        &scanner,
        result.findings,
        &result.diagnostics,
        snapshot,
        "staged files",
        &root,
        super::Scanned::Index,
    )?;
    // After the baseline: known findings do not block the commit.
    if exit == Exit::Findings && cmd.common.format == Format::Human {
        eprintln!("{}", block_message(&findings, !cmd.common.ignore_pragmas));
    }
    Ok(exit)
}

/// What a refused commit is told: only the ways out that work for what blocked it. A pragma needs a
/// line (a blocked file name has none) and counts for nothing under `--ignore-pragmas`.
fn block_message(findings: &[Finding], pragmas: bool) -> String {
    let blocking = || findings.iter().filter(|f| !f.known_real);
    let with_line = blocking().any(|f| f.line.is_some());
    let file_names = blocking().any(|f| f.line.is_none());
    let mut ways = Vec::new();
    if with_line {
        ways.push(
            "remove the secret from the file, `git add` it again, and rotate it if it was ever pushed"
                .to_string(),
        );
    }
    if file_names {
        ways.push(
            "unstage a blocked file (`git rm --cached FILE`, and list it in .gitignore), and rotate \
             what it holds if it was ever pushed"
                .to_string(),
        );
    }
    if with_line && pragmas {
        ways.push(
            "if it is not a secret, allow it inline: a `hush:allow` comment on its line".into(),
        );
    }
    ways.push(
        "or accept it as known: `hush baseline update --staged`, then `git add .secrets.baseline`"
            .into(),
    );
    let count = ["", "One way", "Two ways", "Three ways", "Four ways"][ways.len()];
    let mut msg =
        format!("\nhush: commit blocked: the staged changes add the secrets above. {count} out:");
    for (i, w) in ways.iter().enumerate() {
        let end = if i + 1 == ways.len() { "." } else { ";" };
        msg.push_str(&format!("\n  {}. {w}{end}", i + 1));
    }
    msg
}
