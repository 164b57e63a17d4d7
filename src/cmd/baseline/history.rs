//! `--history` for `create` and `update`: what the repository's history holds, as `hush git` finds it.
//! Entries are keyed by path and secret hash like every other: never by commit, so one entry covers
//! the secret in every commit that holds it at that path.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

use crate::cmd::Fatal;
use crate::filter::baseline::{Observed, Rebase, observe};
use crate::finding::Finding;
use crate::scan::{Scanner, Stats};
use crate::source::git::{self, HistoryOptions};

/// The work tree of the git repository holding `dir`, if it is in one (a bare repository has none).
pub(super) fn work_tree(dir: &Path) -> Option<PathBuf> {
    let repo = git2::Repository::discover(dir).ok()?;
    repo.workdir().map(Path::to_path_buf)
}

/// The error for `--history` outside a repository.
pub(super) fn not_in_repository(path: &Path) -> Fatal {
    Fatal(format!(
        "--history: {} is not in a git repository (with a work tree)",
        path.display()
    ))
}

/// Every finding in the history of the repository whose work tree is `tree` (all refs, as `hush git`
/// with no range), paths relative to `tree`. An object that could not be read stops the command
/// (exit 2): a baseline written from part of the history would drop entries that are still needed.
/// This is the only call of the history scanner in the baseline commands.
fn scan(scanner: &Scanner, tree: &Path, threads: usize, verbose: bool) -> Result<Vec<Finding>> {
    scanner.rules.prepare_fast_keywords();
    let opts = HistoryOptions {
        range: None,
        threads,
        shard: None,
    };
    let stats = Stats::default();
    let history = git::History::open(tree, &opts).map_err(Fatal)?;
    let result = crate::scan::run(scanner, &history, &stats).map_err(Fatal)?;
    let mut diagnostics = result.diagnostics;
    diagnostics.sort_by(|a, b| a.path.cmp(&b.path).then(a.message.cmp(&b.message)));
    crate::cmd::print_diagnostics(&diagnostics, verbose, tree);
    let errors = diagnostics.iter().filter(|d| d.error).count();
    if errors > 0 {
        bail!(Fatal(format!(
            "{} of the history could not be read; the baseline was not written",
            crate::report::plural(errors as u64, "object", "objects")
        )));
    }
    if history.shallow {
        eprintln!(
            "hush: note: this is a shallow clone: only the history it holds was recorded \
             (`git fetch --unshallow` for all of it)"
        );
    }
    Ok(result.findings)
}

/// The history's findings as keys of the baseline at `baseline`, those for files in `in_scope` only
/// (files outside the baseline's directory are not its business).
pub(super) fn observed(
    scanner: &Scanner,
    tree: &Path,
    baseline: &Path,
    in_scope: &dyn Fn(&str) -> bool,
    threads: usize,
    verbose: bool,
) -> Result<Vec<Observed>> {
    let findings = scan(scanner, tree, threads, verbose)?;
    let rebase = Rebase::new(tree, baseline)?;
    Ok(findings
        .iter()
        .filter_map(|f| rebase.path(&f.path).map(|rel| observe(f, rel)))
        .filter(|o| in_scope(&o.path))
        .collect())
}
