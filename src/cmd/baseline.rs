//! `hush baseline create|update|audit`, and [`apply`]: what the baseline does to every scan.
//!
//! Paths: a baseline's file names are relative to the directory that holds it (as detect-secrets writes
//! them when run from the repository root). Findings arrive relative to the scanned root; [`Rebase`]
//! maps one to the other, so `hush scan src` and `hush scan .` use the same entries.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::{BufRead, Write};
use std::path::{Component, Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use serde::Serialize;

use super::{Fatal, build_scanner, load_config, threads};
use crate::cli::{BaselineArgs, BaselineCmd, CommonArgs, ConfidenceArg};
use crate::config::AllowlistConfig;
use crate::content::{self, Kind};
use crate::detect::Detector;
use crate::exit::Exit;
use crate::filter::baseline::{Baseline, Entry, FILE_NAME, Label, Observed, now_utc};
use crate::finding::{Finding, sha1_hex};
use crate::rule::RuleSet;
use crate::scan::{Scanner, Stats};
use crate::source::fs;

pub fn run(cmd: BaselineCmd) -> Result<Exit> {
    match cmd {
        BaselineCmd::Create { path, force, opts } => create(&path, force, &opts),
        BaselineCmd::Update { path, check, opts } => update(&path, check, &opts),
        BaselineCmd::Audit {
            report: true,
            json,
            opts,
        } => audit_report(&opts, json),
        BaselineCmd::Audit { opts, .. } => audit(
            &opts,
            &mut std::io::stdin().lock(),
            &mut std::io::stdout().lock(),
        ),
    }
}

// ---- the baseline in force -----------------------------------------------------------------------

/// `.secrets.baseline` in `start` or one of its parents up to the repository root (the first directory
/// holding `.git`). Outside a repository only `start` itself is looked at, so that a stray file in a
/// parent directory is never picked up.
pub fn find(start: &Path) -> Option<PathBuf> {
    let dir = if start.is_file() {
        start.parent().filter(|p| !p.as_os_str().is_empty())?
    } else {
        start
    };
    let here = in_dir(dir);
    if here.is_file() {
        return Some(here);
    }
    let canonical = std::fs::canonicalize(dir).ok()?;
    if !canonical.ancestors().any(|d| d.join(".git").exists()) || canonical.join(".git").exists() {
        return None;
    }
    for d in canonical.ancestors().skip(1) {
        let candidate = d.join(FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        if d.join(".git").exists() {
            break;
        }
    }
    None
}

/// `dir/.secrets.baseline`, shown without a leading `./`.
fn in_dir(dir: &Path) -> PathBuf {
    if dir == Path::new(".") {
        PathBuf::from(FILE_NAME)
    } else {
        dir.join(FILE_NAME)
    }
}

/// The baseline a scan whose findings are relative to `root` uses: `--baseline FILE`, else
/// [`find`]`(root)`; none with `--no-baseline`.
pub fn in_force(common: &CommonArgs, root: &Path) -> Result<Option<PathBuf>> {
    if common.no_baseline {
        return Ok(None);
    }
    if let Some(p) = &common.baseline {
        if !p.is_file() {
            bail!(Fatal(format!("baseline {} does not exist", p.display())));
        }
        return Ok(Some(p.clone()));
    }
    Ok(find(root))
}

/// What applying a baseline did.
#[derive(Debug)]
pub struct Applied {
    pub path: PathBuf,
    /// Findings dropped: known, unlabelled or labelled false positive.
    pub hidden: usize,
    /// Findings kept and marked [`Finding::known_real`].
    pub known_real: usize,
}

/// Applies the baseline in force to `findings`, whose paths are relative to `root` (the scanned
/// directory, or a repository's work tree for `git` and `staged`). Findings an entry covers are dropped,
/// except those labelled real, which stay (marked `known_real`: they must be rotated) but do not fail
/// the run. A baseline that cannot be read is an error (exit 2), never "no baseline".
pub fn apply(
    common: &CommonArgs,
    root: &Path,
    rules: &RuleSet,
    findings: &mut Vec<Finding>,
) -> Result<Option<Applied>> {
    let Some(path) = in_force(common, root)? else {
        return Ok(None);
    };
    let baseline = load(&path)?;
    let rebase = Rebase::new(root, &path)?;
    let ids = rule_ids(rules);
    let is_rule = |t: &str| ids.contains(t);
    let lookup = baseline.lookup();
    let (mut hidden, mut known_real) = (0, 0);
    findings.retain_mut(|f| {
        let Some(rel) = rebase.path(&f.path) else {
            return true;
        };
        let o = observe(f, rel);
        match lookup.label(&o.path, &o.hash, &o.rule, &is_rule) {
            None => true,
            Some(Label::Real) => {
                f.known_real = true;
                known_real += 1;
                true
            }
            Some(_) => {
                hidden += 1;
                false
            }
        }
    });
    Ok(Some(Applied {
        path,
        hidden,
        known_real,
    }))
}

fn load(path: &Path) -> Result<Baseline> {
    Baseline::load(path).map_err(|e| Fatal(e.0).into())
}

/// Exclusive access to a baseline for one read-modify-write, across processes.
///
/// What is locked: the directory holding the baseline, not the file. Every write replaces the file
/// (a temporary file renamed over it), so a lock on the file's inode would guard a file that is no
/// longer there: a second writer waiting on the old inode would get the lock once the first had
/// renamed, and go on to overwrite what it had not read. The directory survives every rename, and
/// locking it leaves nothing behind in the repository. Where a directory cannot be opened as a file
/// (Windows), a sidecar `.secrets.baseline.lock` beside the baseline is locked instead; it is never
/// renamed or removed, for the same reason.
///
/// The lock is held only while the baseline is re-read, changed and written (milliseconds): never
/// while scanning, nor while `audit` waits for an answer.
struct WriteLock {
    _file: Option<std::fs::File>,
}

impl WriteLock {
    /// Blocks until no other hush holds the lock for `baseline`. `Ok(None)` where the file system
    /// cannot lock at all (some network file systems): the caller then writes unguarded, as before.
    fn acquire(baseline: &Path) -> std::io::Result<Option<WriteLock>> {
        let file = lock_target(baseline)?;
        match file.lock() {
            Ok(()) => Ok(Some(WriteLock { _file: Some(file) })),
            Err(e) if lock_unsupported(&e) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// The directory holding `baseline`, opened for locking.
#[cfg(unix)]
fn lock_target(baseline: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(parent_dir(baseline))
}

#[cfg(not(unix))]
fn lock_target(baseline: &Path) -> std::io::Result<std::fs::File> {
    sidecar(baseline)
}

/// `baseline` + `.lock`, created if missing.
#[cfg_attr(unix, allow(dead_code))]
fn sidecar(baseline: &Path) -> std::io::Result<std::fs::File> {
    let mut name = baseline.as_os_str().to_owned();
    name.push(".lock");
    std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(PathBuf::from(name))
}

fn lock_unsupported(e: &std::io::Error) -> bool {
    // ENOLCK: the file system (NFS without a lock manager) keeps no locks.
    const ENOLCK: i32 = 37;
    e.kind() == std::io::ErrorKind::Unsupported
        || (cfg!(target_os = "linux") && e.raw_os_error() == Some(ENOLCK))
}

fn parent_dir(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// One read-modify-write of the baseline at `path`, under its [`WriteLock`]: the file is read again
/// (so that what other runs wrote since this one first read it is the starting point), `change` edits
/// it and says whether to write, and the result is written atomically. Returns the baseline as it
/// now is on disk, with `change`'s answer.
fn modify<T>(
    path: &Path,
    change: impl FnOnce(&mut Baseline) -> Result<(bool, T)>,
) -> Result<(Baseline, T)> {
    let shown = path.display();
    let lock =
        WriteLock::acquire(path).with_context(|| format!("cannot lock {shown} for writing"))?;
    if lock.is_none() {
        eprintln!(
            "hush: note: the file system holding {shown} cannot lock files: a hush baseline run at \
             the same time could overwrite this one's change"
        );
    }
    let mut baseline = load(path)?;
    let (write, answer) = change(&mut baseline)?;
    if write {
        baseline
            .save(path)
            .with_context(|| format!("cannot write {shown}"))?;
    }
    drop(lock);
    Ok((baseline, answer))
}

fn rule_ids(rules: &RuleSet) -> HashSet<&str> {
    rules.rules.iter().map(|r| r.id()).collect()
}

/// A finding as the baseline keys it, with its path already relative to the baseline. A blocked file
/// name has no secret of its own: its path is hashed instead, so the file is accepted by its path.
fn observe(f: &Finding, path: String) -> Observed {
    let hash = if f.line.is_none() {
        sha1_hex(path.as_bytes())
    } else {
        f.secret_sha1()
    };
    Observed {
        path,
        hash,
        rule: f.rule_id.clone(),
        line: f.line,
    }
}

/// Maps paths relative to a scanned root to paths relative to the baseline's directory.
pub struct Rebase {
    root: PathBuf,
    dir: PathBuf,
}

impl Rebase {
    pub fn new(root: &Path, baseline: &Path) -> Result<Rebase> {
        let canon = |p: &Path| {
            let p = if p.as_os_str().is_empty() {
                Path::new(".")
            } else {
                p
            };
            std::fs::canonicalize(p).with_context(|| format!("cannot resolve {}", p.display()))
        };
        Ok(Rebase {
            root: canon(root)?,
            dir: canon(baseline.parent().unwrap_or(Path::new(".")))?,
        })
    }

    /// `rel` (relative to the root, or absolute) relative to the baseline's directory, `/`-separated;
    /// `None` if it lies outside it. The empty string is the directory itself.
    pub fn path(&self, rel: &str) -> Option<String> {
        let abs = lexical(&self.root.join(rel));
        let inside = abs.strip_prefix(&self.dir).ok()?;
        Some(inside.to_string_lossy().replace('\\', "/"))
    }
}

/// `.` and `..` removed without touching the file system.
fn lexical(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

// ---- create and update ---------------------------------------------------------------------------

/// Scans `path` as `hush scan` would. A file that could not be read stops the command (exit 2): a
/// baseline written from a partial scan would drop entries that are still valid.
fn scan(path: &Path, opts: &BaselineArgs) -> Result<(Scanner, Vec<Finding>, PathBuf)> {
    let common = opts.common();
    if std::fs::symlink_metadata(path).is_err() {
        bail!(Fatal(format!(
            "{}: no such file or directory",
            path.display()
        )));
    }
    let (cfg, cfg_path) = load_config(&common, path)?;
    let scanner = build_scanner(&common, &cfg, cfg_path.as_deref(), opts.max_file_size)?;
    let stats = Stats::default();
    let roots = vec![path.to_path_buf()];
    let walk = fs::WalkOptions {
        no_ignore: opts.no_ignore,
        threads: threads(&common),
    };
    let result = fs::scan(&scanner, &roots, &walk, &stats);
    let mut diagnostics = result.diagnostics;
    diagnostics.sort_by(|a, b| a.path.cmp(&b.path));
    for d in diagnostics.iter().filter(|d| d.error || opts.verbose) {
        let kind = if d.error { "error" } else { "note" };
        eprintln!("hush: {kind}: {}: {}", d.path, d.message);
    }
    let errors = diagnostics.iter().filter(|d| d.error).count();
    if errors > 0 {
        bail!(Fatal(format!(
            "{errors} file(s) could not be read; the baseline was not written"
        )));
    }
    Ok((scanner, result.findings, fs::paths_root(&roots)))
}

/// The findings as baseline keys, relative to the baseline at `baseline`.
fn observed(findings: &[Finding], root: &Path, baseline: &Path) -> Result<Vec<Observed>> {
    let rebase = Rebase::new(root, baseline)?;
    let mut out = Vec::with_capacity(findings.len());
    for f in findings {
        let Some(rel) = rebase.path(&f.path) else {
            bail!(Fatal(format!(
                "{} is outside the baseline's directory ({}): its file names must be relative to it",
                f.path,
                rebase.dir.display()
            )));
        };
        out.push(observe(f, rel));
    }
    Ok(out)
}

fn dir_of(path: &Path) -> &Path {
    if path.is_dir() {
        path
    } else {
        path.parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
    }
}

fn create(path: &Path, force: bool, opts: &BaselineArgs) -> Result<Exit> {
    let target = match &opts.baseline {
        Some(p) => p.clone(),
        None => in_dir(dir_of(path)),
    };
    let exists = || {
        Fatal(format!(
            "{} already exists: run `hush baseline update` to refresh it (keeping its audit \
             labels), or `hush baseline create --force` to replace it",
            target.display()
        ))
    };
    if target.exists() && !force {
        bail!(exists());
    }
    let started = Instant::now();
    let (scanner, findings, root) = scan(path, opts)?;
    let observed = observed(&findings, &root, &target)?;
    let ids = rule_ids(&scanner.rules);
    let (baseline, _) =
        Baseline::new(now_utc()).refresh(&observed, &|_| true, &|t| ids.contains(t));
    {
        // Checked again under the lock: of two `create` runs at once, the second refuses.
        let _lock = WriteLock::acquire(&target)
            .with_context(|| format!("cannot lock {} for writing", target.display()))?;
        if target.exists() && !force {
            bail!(exists());
        }
        baseline
            .save(&target)
            .with_context(|| format!("cannot write {}", target.display()))?;
    }
    let files: BTreeSet<&str> = baseline
        .entries
        .iter()
        .map(|e| e.filename.as_str())
        .collect();
    println!(
        "Created {}: {} {} in {} {} ({:.2} s). Commit it; audit it with `hush baseline audit`.",
        target.display(),
        baseline.entries.len(),
        plural(baseline.entries.len(), "entry", "entries"),
        files.len(),
        plural(files.len(), "file", "files"),
        started.elapsed().as_secs_f64()
    );
    Ok(Exit::Clean)
}

fn update(path: &Path, check: bool, opts: &BaselineArgs) -> Result<Exit> {
    let target = match &opts.baseline {
        Some(p) if p.is_file() => p.clone(),
        Some(p) => bail!(Fatal(format!("baseline {} does not exist", p.display()))),
        None => find(dir_of(path)).ok_or_else(|| {
            Fatal(format!(
                "no {FILE_NAME} found in {} or up to its repository root: create one with \
                 `hush baseline create`",
                dir_of(path).display()
            ))
        })?,
    };
    // Read it first: a malformed baseline stops the command before any work, and is left untouched.
    let old = load(&target)?;
    let (scanner, findings, root) = scan(path, opts)?;
    let observed = observed(&findings, &root, &target)?;
    // Entries for files outside the rescanned path are kept as they are.
    let rebase = Rebase::new(Path::new("."), &target)?;
    let Some(scope) = rebase.path(&std::fs::canonicalize(path)?.to_string_lossy()) else {
        bail!(Fatal(format!(
            "{} is outside the baseline's directory ({})",
            path.display(),
            rebase.dir.display()
        )));
    };
    let in_scope = |f: &str| {
        scope.is_empty()
            || f == scope
            || f.strip_prefix(scope.as_str())
                .is_some_and(|r| r.starts_with('/'))
    };
    let ids = rule_ids(&scanner.rules);
    let is_rule = |t: &str| ids.contains(t);
    let shown = target.display();
    if check {
        let (next, change) = old.refresh(&observed, &in_scope, &is_rule);
        if change.is_empty() {
            println!(
                "{shown} is up to date ({}).",
                count_entries(next.entries.len())
            );
            return Ok(Exit::Clean);
        }
        println!(
            "{shown} is out of date: {} to add, {} to drop. Run `hush baseline update` and commit it.",
            change.added, change.dropped
        );
        return Ok(Exit::Findings);
    }
    // The scan's findings are applied to the baseline as it is now, not as it was read before the
    // scan: entries and labels other runs wrote meanwhile stay.
    let (now, change) = modify(&target, |b| {
        let (next, change) = b.refresh(&observed, &in_scope, &is_rule);
        *b = next;
        Ok((!change.is_empty(), change))
    })?;
    if change.is_empty() {
        println!(
            "{shown} is up to date ({}).",
            count_entries(now.entries.len())
        );
    } else {
        println!(
            "Updated {shown}: {} added, {} dropped, {} kept.",
            change.added, change.dropped, change.kept
        );
    }
    Ok(Exit::Clean)
}

fn count_entries(n: usize) -> String {
    format!("{n} {}", plural(n, "entry", "entries"))
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

// ---- audit ---------------------------------------------------------------------------------------

fn audit_target(opts: &BaselineArgs) -> Result<PathBuf> {
    match &opts.baseline {
        Some(p) if p.is_file() => Ok(p.clone()),
        Some(p) => bail!(Fatal(format!("baseline {} does not exist", p.display()))),
        None => find(Path::new(".")).ok_or_else(|| {
            Fatal(format!(
                "no {FILE_NAME} here or up to the repository root: create one with \
                 `hush baseline create`"
            ))
            .into()
        }),
    }
}

#[derive(Serialize)]
struct ReportEntry<'a> {
    filename: &'a str,
    line_number: Option<u32>,
    #[serde(rename = "type")]
    kind: &'a str,
    hashed_secret: &'a str,
    label: &'static str,
}

#[derive(Serialize)]
struct ReportCounts {
    entries: usize,
    real: usize,
    false_positive: usize,
    unlabelled: usize,
}

#[derive(Serialize)]
struct AuditReport<'a> {
    baseline: String,
    counts: ReportCounts,
    entries: Vec<ReportEntry<'a>>,
}

/// `audit --report`: counts and the entries, no prompts.
fn audit_report(opts: &BaselineArgs, json: bool) -> Result<Exit> {
    let target = audit_target(opts)?;
    let b = load(&target)?;
    let (real, false_positive, unlabelled) = b.counts();
    let report = AuditReport {
        baseline: target.display().to_string(),
        counts: ReportCounts {
            entries: b.entries.len(),
            real,
            false_positive,
            unlabelled,
        },
        entries: b
            .entries
            .iter()
            .map(|e| ReportEntry {
                filename: &e.filename,
                line_number: e.line_number,
                kind: &e.kind,
                hashed_secret: &e.hashed_secret,
                label: e.label().as_str(),
            })
            .collect(),
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if json {
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
    } else {
        writeln!(
            out,
            "{}: {} {}: {real} real, {false_positive} false positive, {unlabelled} unlabelled",
            report.baseline,
            b.entries.len(),
            plural(b.entries.len(), "entry", "entries"),
        )?;
        for e in &b.entries {
            let at = match e.line_number {
                Some(n) => format!("{}:{n}", e.filename),
                None => e.filename.clone(),
            };
            writeln!(out, "  {:<15} {at}  {}", e.label().as_str(), e.kind)?;
        }
        if real > 0 {
            writeln!(
                out,
                "Entries labelled real are still reported by every scan until the secret is removed: \
                 revoke and rotate them (`hush rules explain RULE`)."
            )?;
        }
    }
    out.flush()?;
    Ok(Exit::Clean)
}

/// A file as audit shows it: its text and every finding in it (for redacting the context).
struct FileView {
    text: Vec<u8>,
    findings: Vec<Finding>,
}

/// Lines shown above and below the secret.
const CONTEXT_LINES: u32 = 2;
/// Longest context line shown, in characters.
const CONTEXT_WIDTH: usize = 160;

/// The interactive review: each unlabelled entry with its redacted context, then a question. Answers
/// are read a line at a time from `input` (a terminal, or a pipe in tests); each label is saved at
/// once, atomically, so quitting or an interruption loses nothing already answered.
fn audit(opts: &BaselineArgs, input: &mut dyn BufRead, out: &mut dyn Write) -> Result<Exit> {
    let target = audit_target(opts)?;
    // Read without the lock, which is taken only to save each answer: the file may change while
    // the user thinks (another update, another audit), and each answer is merged into it as it is then.
    let baseline = load(&target)?;
    let mut latest = None;
    let dir = std::fs::canonicalize(dir_of(&target))?;
    // The context is redacted by what a scan finds in it: find every secret the rules recognise,
    // whatever would keep it out of a report (confidence, pragmas, the config's allowlists and
    // disabled rules), so that no secret near the one under review is shown in full.
    let mut common = opts.common();
    common.min_confidence = Some(ConfidenceArg::Low);
    common.ignore_pragmas = true;
    let (mut cfg, cfg_path) = load_config(&common, &dir)?;
    cfg.allowlist = AllowlistConfig::default();
    cfg.disabled_rules.clear();
    let scanner = build_scanner(&common, &cfg, cfg_path.as_deref(), opts.max_file_size)?;
    let ids = rule_ids(&scanner.rules);
    let is_rule = |t: &str| ids.contains(t);
    let mut detector = Detector::new(scanner.rules.clone());
    let mut views: HashMap<String, Option<FileView>> = HashMap::new();

    let todo: Vec<usize> = (0..baseline.entries.len())
        .filter(|&i| baseline.entries[i].label() == Label::Unlabelled)
        .collect();
    let shown = target.display();
    if todo.is_empty() {
        let (real, fp, _) = baseline.counts();
        writeln!(
            out,
            "{shown}: every entry is labelled ({real} real, {fp} false positive). \
             `hush baseline audit --report` lists them."
        )?;
        return Ok(Exit::Clean);
    }
    writeln!(
        out,
        "{shown}: {} unlabelled {}. Answer r (a real secret: it must be rotated), f (a false \
         positive), s (skip) or q (quit). Each answer is saved at once.",
        todo.len(),
        plural(todo.len(), "entry", "entries")
    )?;
    let (mut real, mut false_positive, mut skipped) = (0, 0, 0);
    'entries: for (n, &i) in todo.iter().enumerate() {
        let entry = baseline.entries[i].clone();
        let view = views
            .entry(entry.filename.clone())
            .or_insert_with(|| read_view(&scanner, &mut detector, &dir, &entry.filename));
        writeln!(out)?;
        show_entry(
            out,
            &scanner.rules,
            &entry,
            view.as_ref(),
            &is_rule,
            n + 1,
            todo.len(),
        )?;
        let label = loop {
            write!(
                out,
                "Is this a real secret? [r]eal / [f]alse positive / [s]kip / [q]uit: "
            )?;
            out.flush()?;
            let mut line = String::new();
            if input.read_line(&mut line)? == 0 {
                writeln!(out)?;
                break 'entries;
            }
            match line.trim().to_ascii_lowercase().as_str() {
                "r" | "real" => break Some(Label::Real),
                "f" | "fp" | "false" | "false positive" => break Some(Label::FalsePositive),
                "s" | "skip" => break None,
                "q" | "quit" => break 'entries,
                _ => writeln!(out, "Please answer r, f, s or q.")?,
            }
        };
        match label {
            Some(l) => {
                let (now, saved) = modify(&target, |b| {
                    let same = b.entries.iter_mut().find(|e| {
                        (&e.filename, &e.hashed_secret, &e.kind)
                            == (&entry.filename, &entry.hashed_secret, &entry.kind)
                    });
                    Ok(match same {
                        Some(e) => {
                            e.is_secret = l.is_secret();
                            (true, true)
                        }
                        None => (false, false),
                    })
                })?;
                latest = Some(now);
                if !saved {
                    writeln!(
                        out,
                        "      This entry is no longer in {shown} (a `hush baseline update` dropped \
                         it meanwhile): the answer was not saved."
                    )?;
                    skipped += 1;
                } else if l == Label::Real {
                    real += 1;
                } else {
                    false_positive += 1;
                }
            }
            None => skipped += 1,
        }
    }
    let left = latest
        .as_ref()
        .unwrap_or(&baseline)
        .entries
        .iter()
        .filter(|e| e.label() == Label::Unlabelled)
        .count();
    writeln!(
        out,
        "Labelled {real} real and {false_positive} false positive, skipped {skipped}; \
         {left} unlabelled left in {shown}."
    )?;
    if real > 0 {
        writeln!(
            out,
            "Secrets labelled real stay in every report until removed: revoke and rotate them."
        )?;
    }
    Ok(Exit::Clean)
}

fn read_view(
    scanner: &Scanner,
    detector: &mut Detector,
    dir: &Path,
    filename: &str,
) -> Option<FileView> {
    let bytes = std::fs::read(dir.join(filename)).ok()?;
    let mut findings = Vec::new();
    scanner.scan_blob(detector, filename, &bytes, &mut findings);
    let text = match content::sniff(&bytes) {
        Kind::Text => bytes,
        Kind::Utf16Le => content::utf16_to_utf8(&bytes, true),
        Kind::Utf16Be => content::utf16_to_utf8(&bytes, false),
        Kind::Binary => Vec::new(),
    };
    Some(FileView { text, findings })
}

fn show_entry(
    out: &mut dyn Write,
    rules: &RuleSet,
    e: &Entry,
    view: Option<&FileView>,
    is_rule: &dyn Fn(&str) -> bool,
    n: usize,
    total: usize,
) -> std::io::Result<()> {
    let what = match rules.find(&e.kind) {
        Some(idx) => format!("{} ({})", rules.get(idx).name(), e.kind),
        None => format!("{} (detect-secrets type)", e.kind),
    };
    // The finding this entry stands for, where the secret is now.
    let found = view.and_then(|v| {
        v.findings
            .iter()
            .filter(|f| {
                observe(f, f.path.clone()).hash == e.hashed_secret
                    && (f.rule_id == e.kind || !is_rule(&e.kind))
            })
            .min_by_key(|f| f.line)
    });
    let at = match (found.and_then(|f| f.line), e.line_number) {
        (Some(l), _) | (None, Some(l)) => format!("{}:{l}", e.filename),
        _ => e.filename.clone(),
    };
    writeln!(out, "[{n}/{total}] {at}  {what}")?;
    match (found, view) {
        (Some(f), _) if f.line.is_none() => writeln!(
            out,
            "      The file name itself is the finding; its content is not shown."
        ),
        (Some(f), Some(v)) => {
            let line = f.line.unwrap_or(1);
            writeln!(out, "      secret: {}", f.secret.redacted())?;
            for (ln, text) in context(v, line) {
                let mark = if ln == line { ">" } else { " " };
                writeln!(out, "  {mark} {ln:>5} | {text}")?;
            }
            Ok(())
        }
        (_, None) => writeln!(
            out,
            "      {} no longer exists (`hush baseline update` drops its entries).",
            e.filename
        ),
        _ => writeln!(
            out,
            "      hush does not find this secret in the file now (it may have been removed, or it \
             is one only detect-secrets reports), so no context is shown."
        ),
    }
}

/// The lines around `line` (1-based), each with every finding on it replaced by its redacted form.
fn context(v: &FileView, line: u32) -> Vec<(u32, String)> {
    let lines: Vec<&[u8]> = v.text.split(|&b| b == b'\n').collect();
    let first = line.saturating_sub(CONTEXT_LINES).max(1);
    let last = (line + CONTEXT_LINES).min(lines.len() as u32);
    (first..=last)
        .map(|ln| (ln, redact_line(lines[ln as usize - 1], ln, &v.findings)))
        .collect()
}

fn redact_line(bytes: &[u8], ln: u32, findings: &[Finding]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let chars: Vec<char> = text.trim_end_matches('\r').chars().collect();
    let mut spans: Vec<(usize, usize, String)> = Vec::new();
    for f in findings {
        let (Some(l), Some(c), Some(el), Some(ec)) = (f.line, f.column, f.end_line, f.end_column)
        else {
            continue;
        };
        if ln < l || ln > el {
            continue;
        }
        let start = if ln == l { c as usize - 1 } else { 0 }.min(chars.len());
        let end = if ln == el {
            ec as usize - 1
        } else {
            chars.len()
        }
        .clamp(start, chars.len());
        let shown = if ln == l {
            f.secret.redacted()
        } else {
            "…".to_string()
        };
        spans.push((start, end, shown));
    }
    spans.sort();
    let mut out = String::new();
    let mut pos = 0;
    for (start, end, shown) in spans {
        if start < pos {
            // Overlaps one already hidden: hide the rest of it too.
            pos = pos.max(end);
            continue;
        }
        out.extend(&chars[pos..start]);
        out.push_str(&shown);
        pos = end;
    }
    out.extend(&chars[pos..]);
    if out.chars().count() > CONTEXT_WIDTH {
        let cut: String = out.chars().take(CONTEXT_WIDTH).collect();
        return format!("{cut}…");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lock outlives the rename every save does: a second writer cannot get it meanwhile.
    #[test]
    fn the_write_lock_survives_the_atomic_rename() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        Baseline::new(now_utc()).save(&path).unwrap();
        let held = WriteLock::acquire(&path)
            .unwrap()
            .expect("this file system locks");
        Baseline::new("2001-01-01T00:00:00Z".into())
            .save(&path)
            .unwrap();
        let other = lock_target(&path).unwrap();
        assert!(matches!(
            other.try_lock(),
            Err(std::fs::TryLockError::WouldBlock)
        ));
        drop(held);
        other.try_lock().unwrap();
    }

    /// The sidecar file (where a directory cannot be locked) excludes a second holder too.
    #[test]
    fn the_sidecar_lock_excludes_a_second_holder() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let first = sidecar(&path).unwrap();
        first.lock().unwrap();
        let second = sidecar(&path).unwrap();
        assert!(matches!(
            second.try_lock(),
            Err(std::fs::TryLockError::WouldBlock)
        ));
        assert!(dir.path().join(".secrets.baseline.lock").is_file());
        drop(first);
        second.try_lock().unwrap();
    }

    #[test]
    fn lexical_paths() {
        assert_eq!(lexical(Path::new("/a/b/../c/./d")), PathBuf::from("/a/c/d"));
    }

    #[test]
    fn redacts_every_finding_on_a_context_line() {
        let secret = "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";
        let f = |line, col: u32, len: u32| Finding {
            rule_id: "r".into(),
            rule_name: "R".into(),
            path: "a".into(),
            line: Some(line),
            column: Some(col),
            end_line: Some(line),
            end_column: Some(col + len),
            secret: crate::finding::Secret::new(secret.as_bytes()),
            confidence: crate::finding::Confidence::High,
            validated: None,
            note: None,
            decoded: None,
            context: None,
            commit: None,
            known_real: false,
        };
        let line = format!("a = \"{secret}\"; b = \"{secret}\"");
        let shown = redact_line(line.as_bytes(), 1, &[f(1, 6, 40), f(1, 54, 40)]);
        assert_eq!(
            shown,
            format!("a = \"{0}\"; b = \"{0}\"", crate::finding::redact(secret))
        );
        assert!(!shown.contains(secret));
    }
}
