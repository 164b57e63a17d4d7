//! Commands: resolve arguments and config into a [`Scanner`], run a source, filter, sort, report.
//! This is the CLI layer: it owns all terminal I/O. One module per verb; what they share is here.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result, bail};

use crate::cli::{Cli, ColorChoice, Command, CommonArgs, ConfidenceArg};
use crate::config::{self, Config};
use crate::exit::Exit;
use crate::filter::allowlist::Allowlist;
use crate::finding::{Confidence, Finding};
use crate::progress::Progress;
use crate::report::{self, Format, Report};
use crate::rule::load::{Selection, load};
use crate::scan::Scanner;
use crate::source::Diagnostic;

/// Default size limit for one file.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 100 << 20;

pub mod baseline;
pub mod git;
pub mod hook;
pub mod panic;
pub mod rules;
pub mod scan;
pub mod staged;

pub fn run(cli: Cli) -> Result<Exit> {
    match cli.command {
        Command::Scan(cmd) => scan::run(cmd),
        Command::Git(cmd) => git::run(cmd),
        Command::Staged(cmd) => staged::run(cmd),
        Command::Baseline(cmd) => baseline::run(cmd),
        Command::Hook(cmd) => hook::run(cmd),
        Command::Rules(cmd) => rules::run(cmd),
    }
}

/// An error that must stop the run before scanning: exit 2 with this message.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Fatal(pub String);

/// The config in force for a scan rooted at `start`.
pub fn load_config(common: &CommonArgs, start: &Path) -> Result<(Config, Option<PathBuf>)> {
    if common.no_config {
        return Ok((Config::default(), None));
    }
    let path = match &common.config {
        Some(p) => {
            if !p.is_file() {
                bail!(Fatal(format!("config file {} does not exist", p.display())));
            }
            Some(p.clone())
        }
        None => config::discover(start),
    };
    match path {
        Some(p) => {
            let cfg = Config::load(&p).map_err(Fatal)?;
            Ok((cfg, Some(p)))
        }
        None => Ok((Config::default(), None)),
    }
}

/// Builds the scanner from arguments and config.
pub fn build_scanner(
    common: &CommonArgs,
    cfg: &Config,
    cfg_path: Option<&Path>,
    max_file_size: Option<u64>,
) -> Result<Scanner> {
    let source = cfg_path.map_or(".hush.toml".to_string(), |p| p.display().to_string());
    let sel = Selection {
        extra: cfg
            .rules
            .iter()
            .map(|r| (source.clone(), r.clone()))
            .collect(),
        disabled: cfg.disabled_rules.clone(),
        enabled: cfg.enabled_rules.clone(),
        all: false,
    };
    let rules = load(&sel).map_err(|e| Fatal(format!("{source}: {e}")))?;
    let allowlist = Allowlist::new(&cfg.allowlist).map_err(|e| Fatal(format!("{source}: {e}")))?;
    let min_confidence = match common.min_confidence {
        Some(ConfidenceArg::Low) => Confidence::Low,
        Some(ConfidenceArg::Medium) => Confidence::Medium,
        Some(ConfidenceArg::High) => Confidence::High,
        None => cfg
            .min_confidence
            .as_deref()
            .and_then(Confidence::parse)
            .unwrap_or(Confidence::Low),
    };
    Ok(Scanner {
        rules: Arc::new(rules),
        allowlist,
        min_confidence,
        ignore_pragmas: common.ignore_pragmas,
        max_file_size: max_file_size
            .or(cfg.max_file_size)
            .unwrap_or(DEFAULT_MAX_FILE_SIZE),
        decode_depth: cfg
            .decode_depth
            .unwrap_or(crate::detect::DEFAULT_DECODE_DEPTH),
    })
}

pub fn threads(common: &CommonArgs) -> usize {
    common
        .threads
        .filter(|&n| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// Applies the baseline, sorts, reports and decides the exit code. Shared by every scanning command.
/// `root` is the directory the findings' paths are relative to (the scanned directory, or the
/// repository's work tree): the baseline is looked for there and up to the repository root (see
/// [`baseline::apply`]). Findings the baseline labels real are reported but do not fail the run.
pub fn finish(
    common: &CommonArgs,
    scanner: &Scanner,
    mut findings: Vec<Finding>,
    diagnostics: &[Diagnostic],
    stats: crate::scan::StatsSnapshot,
    unit: &str,
    root: &Path,
) -> Result<Exit> {
    let applied = baseline::apply(common, root, &scanner.rules, &mut findings)?;
    // Ties (the same place in two commits' versions of a file) break on the commit and the secret,
    // so that reports are identical from run to run whatever order the threads finished in.
    findings.sort_by(|a, b| {
        a.sort_key()
            .cmp(&b.sort_key())
            .then_with(|| commit_of(a).cmp(&commit_of(b)))
            .then_with(|| a.secret.expose().cmp(b.secret.expose()))
    });
    let mut diagnostics = diagnostics.to_vec();
    diagnostics.sort_by(|a, b| a.path.cmp(&b.path).then(a.message.cmp(&b.message)));
    let errors = diagnostics.iter().any(|d| d.error);
    for d in &diagnostics {
        if d.error || common.verbose {
            let kind = if d.error { "error" } else { "note" };
            eprintln!("hush: {kind}: {}: {}", d.path, d.message);
        }
    }
    // The human summary says what was skipped; other formats get a note on stderr.
    let skipped_notes = diagnostics.iter().filter(|d| !d.error).count();
    if skipped_notes > 0 && !common.verbose && !common.quiet && common.format != Format::Human {
        eprintln!("hush: note: {skipped_notes} file(s) skipped (run with -v to list them)");
    }
    if let Some(a) = applied.as_ref().filter(|a| a.hidden > 0 && !common.quiet) {
        eprintln!(
            "hush: note: {} known finding(s) not shown: they are in {} (--no-baseline shows them)",
            a.hidden,
            a.path.display()
        );
    }
    if stats.encoded_not_scanned > 0 && !common.quiet {
        let n = stats.encoded_not_scanned;
        let (what, were) = if n == 1 {
            ("string", "was")
        } else {
            ("strings", "were")
        };
        eprintln!(
            "hush: note: {n} encoded {what} {were} not scanned: the decoding budget of their part of \
             the file was spent, and a secret inside them would be missed"
        );
    }
    let color = match common.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            common.output.is_none()
                && std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let started = std::time::SystemTime::now()
        .checked_sub(std::time::Duration::from_millis(stats.elapsed_ms))
        .unwrap_or_else(std::time::SystemTime::now);
    let rep = Report {
        findings: &findings,
        stats: &stats,
        diagnostics: &diagnostics,
        rules: &scanner.rules,
        show_secrets: common.show_secrets && common.format.may_show_secrets(),
        color,
        quiet: common.quiet,
        verbose: common.verbose,
        unit,
        started,
        // GitLab CI checks out the pipeline's commit: the files scanned are that commit's.
        commit: std::env::var("CI_COMMIT_SHA")
            .ok()
            .filter(|s| !s.is_empty()),
    };
    let quiet_clean = common.quiet && findings.is_empty() && common.format == Format::Human;
    if !quiet_clean {
        emit(common, |w| report::write(common.format, &rep, w))?;
    }
    let mut exit = if findings.iter().all(|f| f.known_real) {
        Exit::Clean
    } else {
        Exit::Findings
    };
    if errors {
        exit = exit.merge(Exit::Error);
    }
    Ok(exit)
}

fn commit_of(f: &Finding) -> Option<&str> {
    f.commit.as_deref().map(|c| c.commit.as_str())
}

/// The progress bar for a scan: shown only for human output, without `-q`, when stderr is a
/// terminal and the run is not in CI (CI logs and machine formats never get one).
pub fn progress_for(common: &CommonArgs, unit: &'static str) -> Progress {
    let env_set = |k: &str| std::env::var_os(k).is_some_and(|v| !v.is_empty());
    let show = common.format == Format::Human
        && !common.quiet
        && std::io::stderr().is_terminal()
        && !env_set("CI")
        && std::env::var_os("TERM").is_none_or(|t| t != "dumb");
    if show {
        Progress::stderr(unit)
    } else {
        Progress::hidden()
    }
}

/// Writes to `--output` atomically (a temporary file beside it, then a rename), or to stdout.
pub fn emit(
    common: &CommonArgs,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    match &common.output {
        None => {
            let stdout = std::io::stdout();
            let mut lock = std::io::BufWriter::new(stdout.lock());
            let written = write(&mut lock).and_then(|()| lock.flush());
            match written {
                // The reader went away (`hush scan | head`): not an error, and the exit code
                // still says what the scan found.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                    // Dropping the buffer would try to flush it again; forget what is left.
                    let _ = lock.into_parts();
                    Ok(())
                }
                other => Ok(other?),
            }
        }
        Some(path) => crate::atomic::write_with(path, |w| write(w))
            .with_context(|| format!("cannot write {}", path.display())),
    }
}
