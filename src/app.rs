//! Commands: resolve arguments and config into a [`Scanner`], run a source, filter, sort, report.
//! This is the CLI layer: it owns all terminal I/O.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, Result, bail};

use crate::cli::{Cli, ColorChoice, Command, CommonArgs, ConfidenceArg, RulesCmd, ScanCmd};
use crate::config::{self, Config};
use crate::exit::Exit;
use crate::filter::allowlist::Allowlist;
use crate::finding::{Confidence, Finding};
use crate::report::{self, Format, Report};
use crate::rule::load::{Selection, load};
use crate::scan::{Scanner, Stats};
use crate::source::{Diagnostic, fs};

/// Default size limit for one file.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 100 << 20;

pub fn run(cli: Cli) -> Result<Exit> {
    match cli.command {
        Command::Scan(cmd) => scan(cmd),
        Command::Rules(cmd) => rules(cmd),
    }
}

/// An error that must stop the run before scanning: exit 2 with this message.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Fatal(pub String);

/// The config in force for a scan rooted at `start`.
fn load_config(common: &CommonArgs, start: &Path) -> Result<(Config, Option<PathBuf>)> {
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
    })
}

pub fn threads(common: &CommonArgs) -> usize {
    common
        .threads
        .filter(|&n| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

fn scan(cmd: ScanCmd) -> Result<Exit> {
    let start = Instant::now();
    for p in &cmd.paths {
        // symlink_metadata: a broken symlink given explicitly is reported, not silently skipped.
        if std::fs::symlink_metadata(p).is_err() {
            bail!(Fatal(format!("{}: no such file or directory", p.display())));
        }
    }
    let (cfg, cfg_path) = load_config(&cmd.common, &cmd.paths[0])?;
    let scanner = build_scanner(&cmd.common, &cfg, cfg_path.as_deref(), cmd.max_file_size)?;
    let stats = Stats::default();
    let opts = fs::WalkOptions {
        no_ignore: cmd.no_ignore,
        threads: threads(&cmd.common),
    };
    let result = fs::scan(&scanner, &cmd.paths, &opts, &stats);
    let snapshot = stats.snapshot(start.elapsed().as_millis() as u64);
    finish(
        &cmd.common,
        &scanner,
        result.findings,
        &result.diagnostics,
        snapshot,
        "files",
    )
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

fn rules(cmd: RulesCmd) -> Result<Exit> {
    let all = Selection {
        all: true,
        ..Selection::default()
    };
    match cmd {
        RulesCmd::List { json } => {
            let set = load(&all).map_err(Fatal)?;
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            if json {
                let list: Vec<_> = set.rules.iter().map(|r| &r.def).collect();
                serde_json::to_writer_pretty(&mut out, &list)?;
                writeln!(out)?;
            } else {
                for r in &set.rules {
                    let state = if r.def.enabled {
                        ""
                    } else {
                        " (off by default)"
                    };
                    writeln!(
                        out,
                        "{:<40} {:<7} {}{}",
                        r.id(),
                        r.confidence.as_str(),
                        r.name(),
                        state
                    )?;
                }
                writeln!(out, "{} rules", set.rules.len())?;
            }
            out.flush()?;
            Ok(Exit::Clean)
        }
        RulesCmd::Explain { rule_id } => {
            let set = load(&all).map_err(Fatal)?;
            let Some(idx) = set.find(&rule_id) else {
                bail!(Fatal(format!(
                    "no rule with id {rule_id:?} (see `hush rules list`)"
                )));
            };
            let r = set.get(idx);
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            writeln!(out, "{} ({})", r.name(), r.id())?;
            writeln!(out, "  confidence: {}", r.confidence.as_str())?;
            if !r.def.enabled {
                writeln!(
                    out,
                    "  off by default: enable with enabled_rules in .hush.toml"
                )?;
            }
            if r.is_filename_rule() {
                writeln!(out, "  blocked file names: {}", r.def.filenames.join(", "))?;
            } else {
                writeln!(out, "  keywords: {}", r.def.keywords.join(", "))?;
            }
            if let Some(v) = &r.def.validator {
                writeln!(out, "  offline check: {v}")?;
            }
            writeln!(out, "\nWhat to do:\n  {}", r.def.remediation)?;
            if !r.def.references.is_empty() {
                writeln!(out, "\nReferences:")?;
                for u in &r.def.references {
                    writeln!(out, "  {u}")?;
                }
            }
            out.flush()?;
            Ok(Exit::Clean)
        }
        RulesCmd::Check { config, file } => {
            let mut sel = all;
            if let Some(p) = &config {
                let cfg = Config::load(p).map_err(Fatal)?;
                sel.extra = cfg
                    .rules
                    .into_iter()
                    .map(|r| (p.display().to_string(), r))
                    .collect();
            }
            let set = load(&sel).map_err(Fatal)?;
            let total = set.rules.len();
            let problems = crate::rule::check::check(Arc::new(set));
            let wanted = |source: &str| match &file {
                None => true,
                Some(f) => f.ends_with(source) || source.ends_with(f.as_str()),
            };
            let shown: Vec<_> = problems.iter().filter(|p| wanted(&p.source)).collect();
            for p in &shown {
                println!("{}: {}: {}", p.source, p.rule_id, p.message);
            }
            println!("{} rules checked, {} problem(s)", total, shown.len());
            Ok(if shown.is_empty() {
                Exit::Clean
            } else {
                Exit::Findings
            })
        }
    }
}
