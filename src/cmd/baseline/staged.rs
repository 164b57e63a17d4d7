//! `update --staged`: exactly what the staged changes add, as `hush staged` finds it (before the
//! baseline), so that accepting it lets the commit through.

use std::path::Path;

use anyhow::{Result, bail};

use super::observed;
use crate::cli::BaselineArgs;
use crate::cmd::{Fatal, build_scanner, load_config};
use crate::filter::baseline::Observed;
use crate::scan::{Scanner, Stats};
use crate::source::staged;

/// The scanner `hush staged` would use in the repository holding `dir` (its config is the work tree's),
/// and what it finds in the staged changes, as keys of the baseline at `baseline`. This is the only
/// call of the staged scanner in the baseline commands.
pub(super) fn observed_in(
    dir: &Path,
    baseline: &Path,
    opts: &BaselineArgs,
) -> Result<(Scanner, Vec<Observed>)> {
    let repo = staged::discover(dir).map_err(Fatal)?;
    let root = repo.workdir().unwrap_or(repo.path()).to_path_buf();
    let diff = staged::StagedDiff::start(&root);
    let common = opts.common();
    let (cfg, cfg_path) = load_config(&common, &root)?;
    let mut scanner = build_scanner(&common, &cfg, cfg_path.as_deref(), opts.max_file_size)?;
    scanner.allowlist.set_root(&root);
    let stats = Stats::default();
    let source = staged::Staged::new(repo, diff).map_err(Fatal)?;
    let result = crate::scan::run(&scanner, &source, &stats).map_err(Fatal)?;
    crate::cmd::print_diagnostics(&result.diagnostics, opts.verbose, &root);
    let errors = result.diagnostics.iter().filter(|d| d.error).count();
    if errors > 0 {
        bail!(Fatal(format!(
            "{} could not be read; the baseline was not written",
            crate::report::plural(errors as u64, "staged file", "staged files")
        )));
    }
    let observed = observed(&result.findings, &root, baseline)?;
    Ok((scanner, observed))
}
