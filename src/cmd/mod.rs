//! Commands: resolve arguments and config into a [`Scanner`], run a source, filter, sort, report.
//! This is the CLI layer: it owns all terminal I/O. One module per verb; what they share is here.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::{IsTerminal, Write};
use std::path::Path;

use anyhow::{Context, Result};

use crate::cli::{Cli, ColorChoice, Command, CommonArgs};
use crate::diagnostic::Diagnostic;
use crate::exit::Exit;
use crate::finding::Finding;
use crate::progress::Progress;
use crate::report::{self, Format, Report};
use crate::scan::Scanner;

pub use crate::settings::DEFAULT_MAX_FILE_SIZE;

pub mod baseline;
pub mod completions;
pub mod git;
pub mod hook;
pub mod image;
pub mod man;
pub mod org;
pub mod panic;
pub mod paths;
pub mod rule_check;
pub mod rules;
pub mod scan;
pub mod staged;

pub fn run(cli: Cli) -> Result<Exit> {
    match cli.command {
        Command::Scan(cmd) => scan::run(cmd),
        Command::Git(cmd) => git::run(cmd),
        Command::Staged(cmd) => staged::run(cmd),
        Command::Image(cmd) => image::run(cmd),
        Command::Baseline(cmd) => baseline::run(cmd),
        Command::Hook(cmd) => hook::run(cmd),
        Command::Rules(cmd) => rules::run(cmd),
        Command::Completions(cmd) => completions::run(cmd),
        Command::Man(cmd) => man::run(cmd),
        Command::Plan(cmd) => org::plan::run(cmd),
        Command::Audit(cmd) => org::audit::run(cmd),
        Command::Merge(cmd) => org::merge::run(cmd),
    }
}

pub use crate::exit::Fatal;
pub use crate::settings::build_scanner;

/// The config in force ([`crate::settings::load_config`]); each of its rules that loads but may
/// never fire gets a warning on stderr (not with `-q`).
pub fn load_config(
    common: &CommonArgs,
    start: &Path,
) -> Result<(crate::config::Config, Option<std::path::PathBuf>)> {
    let (cfg, path) = crate::settings::load_config(common, start)?;
    if !common.quiet {
        warn_rules(&cfg, path.as_deref());
    }
    Ok((cfg, path))
}

/// `hush: warning: CONFIG: rule ID: ...` for each mistake [`crate::rule::load::lint`] finds in the
/// config's own rules. Said once per run, however often the config is loaded.
pub fn warn_rules(cfg: &crate::config::Config, path: Option<&Path>) {
    static SAID: std::sync::Once = std::sync::Once::new();
    let source = path.map_or(".hush.toml".to_string(), |p| p.display().to_string());
    let warnings: Vec<String> = cfg
        .rules
        .iter()
        .flat_map(|def| {
            crate::rule::load::lint(def)
                .into_iter()
                .map(move |w| format!("rule {}: {w}", def.id))
        })
        .collect();
    if warnings.is_empty() {
        return;
    }
    SAID.call_once(|| {
        for w in warnings {
            eprintln!(
                "hush: warning: {}: {}",
                report::escape::text(&source),
                report::escape::text(&w)
            );
        }
    });
}

/// Worker threads: `-j N`, or one per core. `N` is capped at [`max_threads`]: thousands of threads
/// on a small machine only cost time and memory (`-j 5000` on a one-file tree ran past 30 s).
pub fn threads(common: &CommonArgs) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let Some(asked) = common.threads.filter(|&n| n > 0) else {
        return cores;
    };
    let cap = max_threads(cores);
    if asked <= cap {
        return asked;
    }
    // Several commands ask more than once (baseline update scans, then writes): say it once.
    static SAID: std::sync::Once = std::sync::Once::new();
    if !common.quiet {
        SAID.call_once(|| {
            eprintln!(
                "hush: note: -j {asked} capped at {cap} threads ({MAX_THREADS_PER_CORE} per core, \
                 at least {MIN_THREADS_CAP})"
            );
        });
    }
    cap
}

/// The most threads `-j` may ask for, per core.
pub const MAX_THREADS_PER_CORE: usize = 4;
/// The cap never goes below this, so small machines can still overlap slow reads.
pub const MIN_THREADS_CAP: usize = 8;

/// The most worker threads a run may use on `cores` cores.
pub fn max_threads(cores: usize) -> usize {
    cores
        .saturating_mul(MAX_THREADS_PER_CORE)
        .max(MIN_THREADS_CAP)
}

/// Prints the diagnostics (errors always, notes with `-v`) on stderr, sorted, one line each:
/// `hush: error: PATH: MESSAGE`, by path. Paths and messages are escaped ([`report::escape::text`]): a file
/// name can hold a newline or an ESC sequence. Walk errors (an unreadable directory) carry their
/// path as the walk spelled it, root included, and repeat it in their message; they are printed
/// relative to `root` like file errors, with the path once.
pub fn print_diagnostics(diagnostics: &[Diagnostic], verbose: bool, root: &Path) {
    // For people: relative to the current directory (see [`paths`]).
    let people = paths::Shown::for_people(root);
    let mut shown: Vec<(String, String, &str)> = diagnostics
        .iter()
        .filter(|d| d.error || verbose)
        .map(|d| {
            let (path, message) = shown_diagnostic(d, root);
            let path = match &people {
                Some(p) if !path.is_empty() => p.path(&path),
                _ => path,
            };
            (path, message, if d.error { "error" } else { "note" })
        })
        .collect();
    shown.sort();
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    for (path, message, kind) in shown {
        let _ = if path.is_empty() {
            writeln!(err, "hush: {kind}: {}", report::escape::text(&message))
        } else {
            writeln!(
                err,
                "hush: {kind}: {}: {}",
                report::escape::text(&path),
                report::escape::text(&message)
            )
        };
    }
}

/// A diagnostic's path and message as printed (see [`print_diagnostics`]).
fn shown_diagnostic(d: &Diagnostic, root: &Path) -> (String, String) {
    let repeated = format!("{}: ", d.path);
    let Some(rest) = d
        .message
        .strip_prefix(&repeated)
        .filter(|_| !d.path.is_empty())
    else {
        return (d.path.clone(), d.message.clone());
    };
    // A walk error: `PATH: io error`, with PATH as walked from the root.
    let walked = Path::new(&d.path);
    let rel = walked.strip_prefix(root).unwrap_or(walked);
    let rel = rel.to_string_lossy().replace('\\', "/");
    let rel = rel.trim_start_matches("./");
    let path = if rel.is_empty() { d.path.as_str() } else { rel };
    (path.to_string(), format!("cannot read: {rest}"))
}

/// What a scan read: where a baseline entry's file is looked for to tell whether it was renamed away
/// (see [`baseline::apply`]), and whether its paths name files on disk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scanned {
    /// Files on disk (`scan`).
    Files,
    /// The index (`staged`).
    Index,
    /// History (`git`); `work_tree`: the repository has one, and paths name its files.
    History { work_tree: bool },
}

/// Applies the baseline, sorts, reports and decides the exit code. Shared by every scanning command.
/// `root` is the directory the findings' paths are relative to (the scanned directory, or the
/// repository's work tree): the baseline is looked for there and up to the repository root (see
/// [`baseline::apply`]). Findings the baseline labels real are reported but do not fail the run.
/// Paths are then printed as [`paths`] says for the format.
#[allow(clippy::too_many_arguments)]
pub fn finish(
    common: &CommonArgs,
    scanner: &Scanner,
    findings: Vec<Finding>,
    diagnostics: &[Diagnostic],
    stats: crate::scan::StatsSnapshot,
    unit: &str,
    root: &Path,
    scanned: Scanned,
) -> Result<Exit> {
    finish_findings(
        common,
        scanner,
        findings,
        diagnostics,
        stats,
        unit,
        root,
        scanned,
    )
    .map(|(exit, _)| exit)
}

/// [`finish`], also returning the findings reported (after the baseline), for the commands that
/// say more about them (the staged block message).
#[allow(clippy::too_many_arguments)]
pub fn finish_findings(
    common: &CommonArgs,
    scanner: &Scanner,
    mut findings: Vec<Finding>,
    diagnostics: &[Diagnostic],
    stats: crate::scan::StatsSnapshot,
    unit: &str,
    root: &Path,
    scanned: Scanned,
) -> Result<(Exit, Vec<Finding>)> {
    let applied = baseline::apply(common, root, scanned, &scanner.rules, &mut findings)?;
    // A bare repository's paths name no file on disk: printed as they are.
    let on_disk = scanned != Scanned::History { work_tree: false };
    let shown = paths::Shown::for_format(common.format, root).filter(|_| on_disk);
    if let Some(shown) = &shown {
        for f in &mut findings {
            f.path = shown.path(&f.path);
        }
    }
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
    print_diagnostics(&diagnostics, common.verbose, root);
    if let Some(shown) = &shown {
        for d in diagnostics.iter_mut().filter(|d| !d.path.is_empty()) {
            let (path, message) = shown_diagnostic(d, root);
            d.path = shown.path(&path);
            d.message = message;
        }
    }
    // The human summary says what was skipped; other formats get a note on stderr.
    let skipped_notes = diagnostics.iter().filter(|d| !d.error).count();
    if skipped_notes > 0 && !common.verbose && !common.quiet && common.format != Format::Human {
        eprintln!(
            "hush: note: {} skipped (run with -v to list them)",
            report::plural(skipped_notes as u64, "file", "files")
        );
    }
    if let Some(a) = applied.as_ref().filter(|a| a.hidden > 0 && !common.quiet) {
        let known = report::plural(a.hidden as u64, "known finding", "known findings");
        let (verb, pronoun) = if a.hidden == 1 {
            ("it is", "it")
        } else {
            ("they are", "them")
        };
        // Where the baseline is, as the user would type it.
        let file = a.path.file_name().map(Path::new).unwrap_or(&a.path);
        let dir = a.path.parent().unwrap_or(Path::new("."));
        let where_ = paths::Shown::for_people(dir).map_or_else(
            || a.path.display().to_string(),
            |s| s.path(&file.to_string_lossy()),
        );
        eprintln!(
            "hush: note: {known} not shown: {verb} in {} (--no-baseline shows {pronoun})",
            report::escape::text(&where_)
        );
    }
    #[cfg(debug_assertions)]
    panic::test_panic(&findings);
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
        pragmas: !common.ignore_pragmas,
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
    Ok((exit, findings))
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

/// Writes to `--output` ([`crate::atomic::write_output`]: atomically when it is, or will be, a
/// regular file; straight into a device or FIFO), or to stdout.
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
        Some(path) => crate::atomic::write_output(path, |w| write(w)).with_context(|| {
            format!(
                "cannot write {}",
                report::escape::text(&path.display().to_string())
            )
        }),
    }
}
