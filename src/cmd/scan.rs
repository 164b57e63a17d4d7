//! `hush scan [PATH]...`: files on disk, and standard input (`-`).
#![allow(clippy::print_stderr)]

use std::io::IsTerminal;
use std::path::Path;
use std::time::Instant;

use anyhow::{Result, bail};

use super::{Fatal, build_scanner, finish, load_config, progress_for, threads};
use crate::cli::ScanCmd;
use crate::exit::Exit;
use crate::scan::Stats;
use crate::source::{fs, stream};

pub fn run(cmd: ScanCmd) -> Result<Exit> {
    let start = Instant::now();
    let stdin = cmd.paths.iter().any(|p| fs::is_stdin(p));
    for p in cmd.paths.iter().filter(|p| !fs::is_stdin(p)) {
        // symlink_metadata: a broken symlink given explicitly is reported, not silently skipped.
        if std::fs::symlink_metadata(p).is_err() {
            bail!(Fatal(format!("{}: no such file or directory", p.display())));
        }
    }
    let stdin_name = match &cmd.stdin_name {
        Some(name) if !stdin => bail!(Fatal(format!(
            "--stdin-name {name:?}: name standard input `-` among the paths to scan"
        ))),
        Some(name) if name.is_empty() => bail!(Fatal("--stdin-name must not be empty".into())),
        Some(name) => name.clone(),
        None => stream::STDIN_NAME.to_string(),
    };
    if stdin && !cmd.common.quiet && std::io::stdin().is_terminal() {
        eprintln!("hush: reading standard input (end it with Ctrl-D)");
    }
    // Standard input's config is the current directory's.
    let first = cmd.paths.iter().find(|p| !fs::is_stdin(p));
    let (cfg, cfg_path) = load_config(&cmd.common, first.map_or(Path::new("."), |p| p))?;
    let mut scanner = build_scanner(&cmd.common, &cfg, cfg_path.as_deref(), None)?;
    let root = fs::paths_root(&cmd.paths);
    scanner.allowlist.set_root(&root);
    // A tree or a large file repays the keyword DFA's build time; one small file does not.
    let large = cmd
        .paths
        .iter()
        .any(|p| std::fs::metadata(p).is_ok_and(|m| m.is_dir() || m.len() > 1 << 20));
    if large {
        scanner.rules.prepare_fast_keywords();
    }
    let stats = Stats {
        progress: progress_for(&cmd.common, "files"),
        ..Stats::default()
    };
    let tree = fs::Tree {
        roots: cmd.paths.clone(),
        opts: fs::WalkOptions {
            no_ignore: cmd.no_ignore,
            threads: threads(&cmd.common),
            skip_names: crate::settings::OWN_FILES,
        },
        stdin_name: Some(stdin_name),
    };
    let out = crate::scan::run(&scanner, &tree, &stats).map_err(Fatal)?;
    stats.progress.finish();
    let snapshot = stats.snapshot(start.elapsed().as_millis() as u64);
    finish(
        &cmd.common,
        &scanner,
        out.findings,
        &out.diagnostics,
        snapshot,
        "files",
        &root,
        super::Scanned::Files,
    )
}
