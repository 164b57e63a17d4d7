//! `hush git [REPO] [--since REV | RANGE]`: history.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::collections::BTreeSet;
use std::time::Instant;

use anyhow::{Result, bail};

use super::{Fatal, build_scanner, finish, load_config, threads};
use crate::cli::GitCmd;
use crate::exit::Exit;
use crate::report::Format;
use crate::scan::Stats;
use crate::source::git::{self, HistoryOptions};

pub fn run(cmd: GitCmd) -> Result<Exit> {
    let start = Instant::now();
    if !cmd.repo.exists() {
        bail!(Fatal(format!("{}: no such directory", cmd.repo.display())));
    }
    let (cfg, cfg_path) = load_config(&cmd.common, &cmd.repo)?;
    let scanner = build_scanner(&cmd.common, &cfg, cfg_path.as_deref(), None)?;
    let range = match (&cmd.range, &cmd.since) {
        (Some(r), _) => Some(r.clone()),
        (None, Some(rev)) => Some(format!("{rev}..HEAD")),
        (None, None) => None,
    };
    let opts = HistoryOptions {
        range,
        threads: threads(&cmd.common),
    };
    let stats = Stats::default();
    let result = git::scan(&scanner, &cmd.repo, &opts, &stats).map_err(Fatal)?;
    let quiet = cmd.common.quiet || cmd.common.format != Format::Human;
    if !quiet {
        if result.commits == 0 {
            eprintln!("hush: note: no commits to scan");
        }
        if result.shallow {
            eprintln!(
                "hush: note: this is a shallow clone: only the history it holds was scanned \
                 (`git fetch --unshallow` for all of it)"
            );
        }
        if result.submodules > 0 {
            eprintln!(
                "hush: note: {} submodule entries were not followed (scan each submodule's repository on its own)",
                result.submodules
            );
        }
        if result.lfs_pointers > 0 && cmd.common.verbose {
            eprintln!(
                "hush: note: {} Git LFS pointer files skipped (their content lives in LFS storage)",
                result.lfs_pointers
            );
        }
    }
    let in_head: BTreeSet<String> = result
        .findings
        .iter()
        .filter(|f| f.commit.as_ref().is_some_and(|c| c.in_head))
        .map(|f| f.secret_sha1())
        .collect();
    let history_only: BTreeSet<String> = result
        .findings
        .iter()
        .map(|f| f.secret_sha1())
        .filter(|s| !in_head.contains(s))
        .collect();
    let snapshot = stats.snapshot(start.elapsed().as_millis() as u64);
    let exit = finish(
        &cmd.common,
        &scanner,
        result.findings,
        &result.diagnostics,
        snapshot,
        "blobs",
    )?;
    if !quiet && exit != Exit::Clean {
        println!(
            "{} secret(s) still in HEAD: rotate them, then remove them. {} only in history: rotate them \
             (history is forever: every clone has them).",
            in_head.len(),
            history_only.len()
        );
    }
    Ok(exit)
}
