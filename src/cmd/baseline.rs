//! `hush baseline create|update|audit`: the commands. The file format, matching and locking are in
//! [`crate::filter::baseline`]; the interactive audit is in [`audit`]. [`apply`] is what the baseline
//! does to every scan.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, bail};

use super::{Fatal, build_scanner, load_config, threads};
use crate::cli::{BaselineArgs, BaselineCmd, CommonArgs};
use crate::exit::Exit;
use crate::filter::baseline::matching::rule_ids;
use crate::filter::baseline::{
    self as format, Baseline, FILE_NAME, Observed, Rebase, WriteLock, find, in_dir, now_utc,
    observe,
};
use crate::finding::Finding;
use crate::rule::RuleSet;
use crate::scan::{Scanner, Stats};
use crate::source::fs;

pub use crate::filter::baseline::Applied;

mod audit;
mod history;
mod staged;

pub fn run(cmd: BaselineCmd) -> Result<Exit> {
    match cmd {
        BaselineCmd::Create {
            path,
            force,
            history,
            opts,
        } => create(&path, force, history, &opts),
        BaselineCmd::Update {
            path,
            check,
            history,
            prune,
            staged,
            opts,
        } => update(
            &path,
            Update {
                check,
                history,
                prune,
                staged,
            },
            &opts,
        ),
        BaselineCmd::Audit {
            report: true,
            json,
            opts,
            ..
        } => audit::audit_report(&opts.baseline_args(), json),
        BaselineCmd::Audit { opts, all, .. } => audit::audit(
            &opts.baseline_args(),
            all,
            &mut std::io::stdin().lock(),
            &mut std::io::stdout().lock(),
        ),
    }
}

// ---- the baseline in force -----------------------------------------------------------------------

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

/// Applies the baseline in force to `findings`, whose paths are relative to `root` (the scanned
/// directory, or a repository's work tree for `git` and `staged`): see [`format::apply`]. A baseline
/// that cannot be read is an error (exit 2), never "no baseline". With no finding, the baseline is
/// only checked to be well-formed JSON ([`Baseline::check`]): most pre-commit checks find nothing,
/// and reading a 10,000-entry baseline cost as much as the rest of the check.
///
/// Renames are followed (see [`crate::filter::baseline::matching`]): whether an entry's file still
/// exists is asked of what the command read: the disk for `scan`, the index for `staged`, HEAD's tree
/// for `git`.
pub fn apply(
    common: &CommonArgs,
    root: &Path,
    scanned: super::Scanned,
    rules: &RuleSet,
    findings: &mut Vec<Finding>,
) -> Result<Option<Applied>> {
    let Some(path) = in_force(common, root)? else {
        return Ok(None);
    };
    if findings.is_empty() {
        Baseline::check(&path).map_err(|e| Fatal(e.0))?;
        return Ok(Some(Applied {
            path,
            hidden: 0,
            known_real: 0,
        }));
    }
    let baseline = load(&path)?;
    let exists = existing_files(scanned, root);
    Ok(Some(format::apply(
        &baseline, &path, root, rules, findings, &*exists,
    )?))
}

/// Whether a file, relative to `root`, exists in what the command read. When the index or HEAD cannot
/// be read, every file is taken to exist: no rename is followed.
fn existing_files(scanned: super::Scanned, root: &Path) -> Box<dyn Fn(&str) -> bool> {
    use super::Scanned;
    let root = root.to_path_buf();
    match scanned {
        Scanned::Files => Box::new(move |rel| on_disk(&root, rel)),
        Scanned::Index | Scanned::History { .. } => {
            let index = scanned == Scanned::Index;
            // Read only if a finding has a rename candidate to ask about.
            let paths = std::cell::OnceCell::new();
            Box::new(move |rel| {
                paths
                    .get_or_init(|| git_paths(&root, index))
                    .as_ref()
                    // Paths are lossless text (`source::path`): compared as the bytes they stand for.
                    .is_none_or(|set| set.contains(&crate::source::path::bytes(rel)))
            })
        }
    }
}

/// Every path in the index (`index`) or in HEAD's tree of the repository holding `root`.
fn git_paths(root: &Path, index: bool) -> Option<std::collections::HashSet<Vec<u8>>> {
    let repo = git2::Repository::discover(root).ok()?;
    let mut set = std::collections::HashSet::new();
    if index {
        for e in repo.index().ok()?.iter() {
            set.insert(e.path);
        }
    } else {
        let tree = repo.head().ok()?.peel_to_tree().ok()?;
        tree.walk(git2::TreeWalkMode::PreOrder, |dir, entry| {
            let mut p = dir.as_bytes().to_vec();
            p.extend_from_slice(entry.name_bytes());
            set.insert(p);
            git2::TreeWalkResult::Ok
        })
        .ok()?;
    }
    Some(set)
}

/// Whether an entry's file (relative to the baseline's directory `dir`) is gone from the disk.
fn gone_from_disk(dir: &Path) -> impl Fn(&str) -> bool + '_ {
    move |filename| !on_disk(dir, crate::filter::baseline::matching::outer_file(filename))
}

/// Whether `rel` (lossless text, see [`crate::source::path`]) names something in `dir` on disk.
fn on_disk(dir: &Path, rel: &str) -> bool {
    #[cfg(unix)]
    let rel = {
        use std::os::unix::ffi::OsStrExt;
        std::ffi::OsStr::from_bytes(&crate::source::path::bytes(rel)).to_os_string()
    };
    std::fs::symlink_metadata(dir.join(rel)).is_ok()
}

fn load(path: &Path) -> Result<Baseline> {
    Baseline::load(path).map_err(|e| Fatal(e.0).into())
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
    let lock = lock(path)?;
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

/// The [`WriteLock`] for the baseline at `path`; a note where the file system cannot lock.
fn lock(path: &Path) -> Result<Option<WriteLock>> {
    let lock = WriteLock::acquire(path)
        .with_context(|| format!("cannot lock {} for writing", path.display()))?;
    if lock.is_none() {
        eprintln!(
            "hush: note: the file system holding {} cannot lock files: a hush baseline run at \
             the same time could overwrite this one's change",
            path.display()
        );
    }
    Ok(lock)
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
    let mut scanner = build_scanner(&common, &cfg, cfg_path.as_deref(), opts.max_file_size)?;
    let stats = Stats::default();
    let roots = vec![path.to_path_buf()];
    scanner.allowlist.set_root(&fs::paths_root(&roots));
    let tree = fs::Tree {
        roots: roots.clone(),
        opts: fs::WalkOptions {
            no_ignore: opts.no_ignore,
            threads: threads(&common),
            skip_names: crate::settings::OWN_FILES,
        },
        stdin_name: None,
    };
    let result = crate::scan::run(&scanner, &tree, &stats).map_err(Fatal)?;
    let mut diagnostics = result.diagnostics;
    diagnostics.sort_by(|a, b| a.path.cmp(&b.path));
    super::print_diagnostics(&diagnostics, opts.verbose, &fs::paths_root(&roots));
    let errors = diagnostics.iter().filter(|d| d.error).count();
    if errors > 0 {
        bail!(Fatal(format!(
            "{} could not be read; the baseline was not written",
            crate::report::plural(errors as u64, "path", "paths")
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
                rebase.dir().display()
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

fn create(path: &Path, force: bool, with_history: bool, opts: &BaselineArgs) -> Result<Exit> {
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
    let tree = if with_history {
        let tree = history::work_tree(dir_of(&target));
        Some(tree.ok_or_else(|| history::not_in_repository(path))?)
    } else {
        None
    };
    let started = Instant::now();
    let (mut scanner, findings, root) = scan(path, opts)?;
    let mut observed = observed(&findings, &root, &target)?;
    if let Some(tree) = &tree {
        // History's paths are relative to the work tree.
        scanner.allowlist.set_root(tree);
        let threads = threads(&opts.common());
        observed.extend(history::observed(
            &scanner,
            tree,
            &target,
            &|_| true,
            threads,
            opts.verbose,
        )?);
    }
    let ids = rule_ids(&scanner.rules);
    let (baseline, _) =
        Baseline::new(now_utc()).refresh(&observed, &|_| true, &|t| ids.contains(t));
    {
        // Checked again under the lock: of two `create` runs at once, the second refuses.
        let _lock = lock(&target)?;
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

/// What `update` was asked to do besides rescanning the working tree.
struct Update {
    /// Change nothing; exit 1 if out of date.
    check: bool,
    /// Rescan the history too, and drop what neither holds.
    history: bool,
    /// Drop what the working tree does not hold, whatever the history holds.
    prune: bool,
    /// Only add what the staged changes add.
    staged: bool,
}

fn update(path: &Path, how: Update, opts: &BaselineArgs) -> Result<Exit> {
    let found = match &opts.baseline {
        Some(p) => Some(p.clone()).filter(|p| p.exists()),
        None => find(dir_of(path)),
    };
    let target = if let Some(found) = found {
        found
    } else {
        // Nothing to update: the same as `create` (which is where it goes: `--baseline FILE`, or
        // PATH's directory).
        let target = opts
            .baseline
            .clone()
            .unwrap_or_else(|| in_dir(dir_of(path)));
        if how.check {
            println!(
                "{} does not exist. Run `hush baseline update` (or `create`) and commit it.",
                target.display()
            );
            return Ok(Exit::Findings);
        }
        eprintln!(
            "hush: note: no {FILE_NAME} found{}: creating it",
            if opts.baseline.is_some() {
                String::new()
            } else {
                format!(
                    " in {} or up to its repository root",
                    dir_of(path).display()
                )
            }
        );
        if !how.staged {
            return create(path, false, how.history, opts);
        }
        create_empty(&target)?;
        target
    };
    // Read it first: a malformed baseline stops the command before any work, and is left untouched.
    let old = load(&target)?;
    if how.staged {
        let (scanner, observed) = staged::observed_in(dir_of(path), &target, opts)?;
        let ids = rule_ids(&scanner.rules);
        let is_rule = |t: &str| ids.contains(t);
        // As `hush staged` sees it: a file is gone when the index no longer holds it.
        let tree = history::work_tree(dir_of(&target));
        let tree = tree.as_deref().unwrap_or(dir_of(&target));
        let in_index = existing_files(super::Scanned::Index, tree);
        let rebase = Rebase::new(tree, &target)?;
        let gone = |f: &str| {
            let file = crate::filter::baseline::matching::outer_file(f);
            rebase.to_root(file).is_some_and(|r| !in_index(&r))
        };
        return refresh(
            &target,
            &old,
            &observed,
            &|_| false,
            &|_| 0,
            &is_rule,
            &gone,
            how.check,
        );
    }
    let tree = history::work_tree(dir_of(&target));
    if how.history && tree.is_none() {
        bail!(history::not_in_repository(path));
    }
    let (mut scanner, findings, root) = scan(path, opts)?;
    let mut observed = observed(&findings, &root, &target)?;
    // Entries for files outside the rescanned path are kept as they are.
    let rebase = Rebase::new(Path::new("."), &target)?;
    let Some(scope) = rebase.path(&std::fs::canonicalize(path)?.to_string_lossy()) else {
        bail!(Fatal(format!(
            "{} is outside the baseline's directory ({})",
            path.display(),
            rebase.dir().display()
        )));
    };
    let in_scope = |f: &str| {
        scope.is_empty()
            || f == scope
            || f.strip_prefix(scope.as_str())
                .is_some_and(|r| r.starts_with('/'))
    };
    if let (true, Some(tree)) = (how.history, &tree) {
        scanner.allowlist.set_root(tree);
        let threads = threads(&opts.common());
        observed.extend(history::observed(
            &scanner,
            tree,
            &target,
            &in_scope,
            threads,
            opts.verbose,
        )?);
    }
    // An entry the working tree no longer holds may still be needed: in a repository, `hush git`
    // reports a secret that only the history holds (rotated in place, or its file deleted). Unless the
    // history was scanned too (it then decides) or `--prune` asks, such entries are kept.
    let keep_unseen = tree.is_some() && !how.history && !how.prune;
    let droppable = |f: &str| in_scope(f) && !keep_unseen;
    let ids = rule_ids(&scanner.rules);
    let is_rule = |t: &str| ids.contains(t);
    // Entries kept only because of `keep_unseen`: what refreshing with the scope would drop.
    let unseen = |b: &Baseline| {
        if keep_unseen {
            b.refresh(&observed, &in_scope, &is_rule).1.dropped
        } else {
            0
        }
    };
    // The working tree is what `update` rescans: an entry's file is gone when it is not on disk.
    let gone = gone_from_disk(dir_of(&target));
    refresh(
        &target, &old, &observed, &droppable, &unseen, &is_rule, &gone, how.check,
    )
}

/// The end of every `update`: `observed` applied to the baseline at `target` (`old` is how it was read
/// before scanning), dropping the entries `droppable` allows that no longer cover a finding; with
/// `check`, only said. `unseen` counts the entries kept although the working tree no longer holds them.
#[allow(clippy::too_many_arguments)]
fn refresh(
    target: &Path,
    old: &Baseline,
    observed: &[Observed],
    droppable: &dyn Fn(&str) -> bool,
    unseen: &dyn Fn(&Baseline) -> usize,
    is_rule: &dyn Fn(&str) -> bool,
    gone: &dyn Fn(&str) -> bool,
    check: bool,
) -> Result<Exit> {
    let shown = target.display();
    if check {
        let (next, change) = old.refresh_following(observed, droppable, is_rule, gone);
        note_unseen(unseen(old));
        // A renamed file's entries still cover it (every scan follows the rename): not out of date.
        if change.is_current() {
            println!(
                "{shown} is up to date ({}).",
                count_entries(next.entries.len())
            );
            note_renamed(change.renamed);
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
    let (now, (change, unseen)) = modify(target, |b| {
        let unseen = unseen(b);
        let (next, change) = b.refresh_following(observed, droppable, is_rule, gone);
        *b = next;
        Ok((change.writes(), (change, unseen)))
    })?;
    if !change.writes() {
        println!(
            "{shown} is up to date ({}).",
            count_entries(now.entries.len())
        );
    } else {
        let moved = if change.renamed > 0 {
            format!(", {} moved to renamed files", change.renamed)
        } else {
            String::new()
        };
        println!(
            "Updated {shown}: {} added{moved}, {} dropped, {} kept.",
            change.added, change.dropped, change.kept
        );
    }
    if change.retyped > 0 {
        println!(
            "{} given {} hush rule id (`hush_rule`) and a detect-secrets type, so that both tools \
             read {}.",
            count_entries(change.retyped),
            plural(change.retyped, "its", "their"),
            plural(change.retyped, "it", "them"),
        );
    }
    note_unseen(unseen);
    Ok(Exit::Clean)
}

/// Says how many entries follow a renamed file, which `update` would move.
fn note_renamed(n: usize) {
    if n > 0 {
        eprintln!(
            "hush: note: {} {} renamed files; `hush baseline update` moves {} to the new paths, \
             audit labels kept",
            count_entries(n),
            plural(n, "follows", "follow"),
            plural(n, "it", "them"),
        );
    }
}

/// Writes a baseline with no entries at `target`, unless another run wrote one meanwhile.
fn create_empty(target: &Path) -> Result<()> {
    let _lock = lock(target)?;
    if !target.exists() {
        Baseline::new(now_utc())
            .save(target)
            .with_context(|| format!("cannot write {}", target.display()))?;
    }
    Ok(())
}

/// Says how many entries a repository's `update` kept although the working tree no longer holds them.
fn note_unseen(n: usize) {
    if n > 0 {
        eprintln!(
            "hush: note: {} not found in the working tree {} kept, as the history may still hold \
             {}: `hush baseline update --history` drops those it does not, `--prune` drops them all",
            count_entries(n),
            plural(n, "was", "were"),
            plural(n, "it", "them"),
        );
    }
}

fn count_entries(n: usize) -> String {
    format!("{n} {}", plural(n, "entry", "entries"))
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}
