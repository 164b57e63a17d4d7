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
use crate::report::{self, Format, Report};
use crate::rule::load::{Selection, load};
use crate::scan::Scanner;
use crate::source::Diagnostic;

/// Default size limit for one file.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 100 << 20;

pub mod baseline;
pub mod git;
pub mod hook;
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

/// Sorts, reports and decides the exit code. Shared by every scanning command.
pub fn finish(
    common: &CommonArgs,
    scanner: &Scanner,
    mut findings: Vec<Finding>,
    diagnostics: &[Diagnostic],
    stats: crate::scan::StatsSnapshot,
    unit: &str,
) -> Result<Exit> {
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let mut diagnostics = diagnostics.to_vec();
    diagnostics.sort_by(|a, b| a.path.cmp(&b.path));
    let errors = diagnostics.iter().any(|d| d.error);
    for d in &diagnostics {
        if d.error || common.verbose {
            let kind = if d.error { "error" } else { "note" };
            eprintln!("hush: {kind}: {}: {}", d.path, d.message);
        }
    }
    let skipped_notes = diagnostics.iter().filter(|d| !d.error).count();
    if skipped_notes > 0 && !common.verbose && !common.quiet {
        eprintln!("hush: note: {skipped_notes} file(s) skipped (run with -v to list them)");
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
    let rep = Report {
        findings: &findings,
        stats: &stats,
        diagnostics: &diagnostics,
        rules: &scanner.rules,
        show_secrets: common.show_secrets,
        color,
        unit,
    };
    let quiet_clean = common.quiet && findings.is_empty() && common.format == Format::Human;
    if !quiet_clean {
        emit(common, |w| report::write(common.format, &rep, w))?;
    }
    let mut exit = if findings.is_empty() {
        Exit::Clean
    } else {
        Exit::Findings
    };
    if errors {
        exit = exit.merge(Exit::Error);
    }
    Ok(exit)
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
            write(&mut lock)?;
            lock.flush()?;
            Ok(())
        }
        Some(path) => crate::atomic::write_with(path, |w| write(w))
            .with_context(|| format!("cannot write {}", path.display())),
    }
}
