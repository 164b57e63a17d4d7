//! `hush git [REPO] [--since REV | RANGE]`: history.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::Path;
use std::time::Instant;

use anyhow::{Result, bail};

use super::{Fatal, build_scanner, finish, load_config, progress_for, threads};
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
    scanner.rules.prepare_fast_keywords();
    let range = match (&cmd.range, &cmd.since) {
        (Some(r), _) => Some(r.clone()),
        (None, Some(rev)) => Some(format!("{rev}..HEAD")),
        (None, None) => None,
    };
    let opts = HistoryOptions {
        range,
        threads: threads(&cmd.common),
    };
    let stats = Stats {
        progress: progress_for(&cmd.common, "blobs"),
        ..Stats::default()
    };
    let history = git::History::open(&cmd.repo, &opts).map_err(Fatal)?;
    let result = crate::scan::run(&scanner, &history, &stats);
    stats.progress.finish();
    let result = result.map_err(Fatal)?;
    let quiet = cmd.common.quiet || cmd.common.format != Format::Human;
    if !quiet {
        if history.commits() == 0 {
            eprintln!("hush: note: no commits to scan");
        }
        if history.shallow {
            eprintln!(
                "hush: note: this is a shallow clone: only the history it holds was scanned \
                 (`git fetch --unshallow` for all of it)"
            );
        }
        if history.submodules > 0 {
            eprintln!(
                "hush: note: {} submodule entries were not followed (scan each submodule's repository on its own)",
                history.submodules
            );
        }
    }
    // Findings paths are relative to the work tree; a bare repository has none, and then the paths are
    // taken as relative to an explicit --baseline FILE's directory.
    let root = history
        .workdir()
        .or_else(|| {
            cmd.common
                .baseline
                .as_ref()
                .map(|b| b.parent().unwrap_or(Path::new("")).to_path_buf())
        })
        .unwrap_or_else(|| cmd.repo.clone());
    let snapshot = stats.snapshot(start.elapsed().as_millis() as u64);
    finish(
        &cmd.common,
        &scanner,
        result.findings,
        &result.diagnostics,
        snapshot,
        "blobs",
        &root,
    )
}
