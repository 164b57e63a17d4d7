//! `hush staged`: the pre-commit check.
#![allow(clippy::print_stderr)]

use std::time::Instant;

use anyhow::Result;

use super::{Fatal, build_scanner, finish, load_config};
use crate::cli::StagedCmd;
use crate::exit::Exit;
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
    let exit = finish(
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
        eprintln!(
            "\nhush: commit blocked: the staged changes add the secrets above. Three ways out:\n  \
             1. remove the secret from the file, `git add` it again, and rotate it if it was ever pushed;\n  \
             2. if it is not a secret, allow it inline: a `hush:allow` comment on its line;\n  \
             3. or accept it as known: `hush baseline update --staged`, then `git add .secrets.baseline`."
        );
    }
    Ok(exit)
}
