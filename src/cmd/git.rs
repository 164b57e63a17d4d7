//! `hush git [REPO] [--since REV | RANGE]`: history.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Result;

use super::{Fatal, build_scanner, finish, load_config, progress_for, threads};
use crate::cli::GitCmd;
use crate::exit::Exit;
use crate::report::Format;
use crate::scan::Stats;
use crate::source::git::{self, HistoryOptions};
use crate::source::revs::RangeSpec;

pub fn run(cmd: GitCmd) -> Result<Exit> {
    let start = Instant::now();
    let (repo_arg, range) = target(&cmd).map_err(Fatal)?;
    // The repository at or above the directory given (as git finds it); findings' paths are relative
    // to its work tree, and its configuration is looked for there.
    let repo = git::open(&repo_arg).map_err(Fatal)?;
    let work_tree = repo.workdir().map(Path::to_path_buf);
    drop(repo);
    let scan_root = work_tree.clone().unwrap_or_else(|| repo_arg.clone());
    let (cfg, cfg_path) = load_config(&cmd.common, &scan_root)?;
    let mut scanner = build_scanner(&cmd.common, &cfg, cfg_path.as_deref(), None)?;
    scanner.allowlist.set_root(&scan_root);
    scanner.rules.prepare_fast_keywords();
    let opts = HistoryOptions {
        range,
        threads: threads(&cmd.common),
        shard: cmd.shard,
    };
    let stats = Stats {
        progress: progress_for(&cmd.common, "blobs"),
        ..Stats::default()
    };
    let history = git::History::open(&scan_root, &opts).map_err(Fatal)?;
    let result = crate::scan::run(&scanner, &history, &stats);
    stats.progress.finish();
    let mut result = result.map_err(Fatal)?;
    at_head(&scanner, &scan_root, &mut result.findings);
    // Said whatever the format (on stderr): a CI gate that passes having scanned nothing must show it.
    if history.commits() == 0 && !cmd.common.quiet {
        match &opts.range {
            Some(r) => eprintln!(
                "hush: note: the range {} selects no commits: nothing was scanned (the branch adds \
                 nothing to its base)",
                crate::report::escape::text(r)
            ),
            None => eprintln!("hush: note: no commits to scan"),
        }
    }
    if let (Some((i, n)), false) = (cmd.shard, cmd.common.quiet) {
        // Said whatever the format: a clean result here speaks for this share of the blobs only.
        eprintln!(
            "hush: note: shard {i}/{n}: only this shard's share of the blobs was scanned; the \
             other shards' results complete it"
        );
    }
    let quiet = cmd.common.quiet || cmd.common.format != Format::Human;
    if !quiet {
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
    let scanned = super::Scanned::History {
        work_tree: work_tree.is_some(),
    };
    let root = work_tree
        .or_else(|| {
            cmd.common
                .baseline
                .as_ref()
                .map(|b| b.parent().unwrap_or(Path::new("")).to_path_buf())
        })
        .unwrap_or(repo_arg);
    let snapshot = stats.snapshot(start.elapsed().as_millis() as u64);
    finish(
        &cmd.common,
        &scanner,
        result.findings,
        &result.diagnostics,
        snapshot,
        "blobs",
        &root,
        scanned,
    )
}

/// A finding still in HEAD is shown where HEAD has it (line, column, context), not where the
/// introducing commit had it: that is the line to fix now. The commit stays the introducing one.
/// HEAD's version of each such file is scanned again, with the same scanner; a finding it does not
/// find there the same way (inside an archive, decoded, or under a pragma added since) keeps its
/// place.
fn at_head(scanner: &crate::scan::Scanner, root: &Path, findings: &mut [crate::finding::Finding]) {
    let wanted = |f: &crate::finding::Finding| {
        f.commit.as_ref().is_some_and(|c| c.in_head) && f.line.is_some() && f.inner.is_none()
    };
    if !findings.iter().any(wanted) {
        return;
    }
    let Ok(repo) = git::open(root) else { return };
    let Some(tree) = repo.head().ok().and_then(|h| h.peel_to_tree().ok()) else {
        return;
    };
    let mut detector = crate::detect::Detector::new(scanner.rules.clone());
    let mut at: std::collections::HashMap<String, Vec<crate::finding::Finding>> =
        std::collections::HashMap::new();
    for f in findings.iter_mut().filter(|f| wanted(f)) {
        let now = at.entry(f.path.clone()).or_insert_with(|| {
            let mut out = Vec::new();
            let blob = tree
                .get_path(Path::new(&f.path))
                .ok()
                .and_then(|e| e.to_object(&repo).ok())
                .and_then(|o| o.into_blob().ok());
            if let Some(b) = blob.filter(|b| (b.size() as u64) <= scanner.max_file_size) {
                scanner.scan_blob(&mut detector, &f.path, b.content(), &mut out);
            }
            out
        });
        let same = now.iter().find(|h| {
            h.rule_id == f.rule_id
                && h.inner.is_none()
                && h.decoded == f.decoded
                && h.secret.expose() == f.secret.expose()
        });
        if let Some(h) = same {
            f.line = h.line;
            f.column = h.column;
            f.end_line = h.end_line;
            f.end_column = h.end_column;
            f.context = h.context.clone();
        }
    }
}

/// The repository directory and the range to scan, from the arguments: `--since REV` is `REV..HEAD`;
/// a range given first, where the repository goes (`hush git main..HEAD`), is taken as the range of
/// the repository here. An empty revision is an error, never an empty scan.
fn target(cmd: &GitCmd) -> Result<(PathBuf, Option<String>), String> {
    let first = cmd.repo.to_string_lossy().into_owned();
    let (repo, range) = if cmd.repo.exists() {
        (cmd.repo.clone(), cmd.range.clone())
    } else if first.contains("..") && RangeSpec::parse(&first).is_ok() {
        match &cmd.range {
            None => (PathBuf::from("."), Some(first)),
            // `hush git A..B REPO`: the two swapped.
            Some(r) if Path::new(r).is_dir() => (PathBuf::from(r), Some(first)),
            Some(_) => {
                return Err(format!(
                    "{first}: no such directory; the repository comes first: `hush git REPO RANGE`"
                ));
            }
        }
    } else {
        let mut msg = format!("{first}: no such directory");
        if let Some(Err(e)) = first.contains("..").then(|| RangeSpec::parse(&first)) {
            msg.push_str(&format!(" (nor a revision range: {e})"));
        } else if git::open(Path::new(".")).is_ok_and(|r| r.revparse_single(&first).is_ok()) {
            msg.push_str(&format!(
                "; {first:?} is a revision: put the repository first, as in `hush git . {first}`"
            ));
        }
        return Err(msg);
    };
    let range = match (range, &cmd.since) {
        (Some(_), Some(_)) => {
            return Err("give either a range or --since, not both".into());
        }
        (Some(r), None) => RangeSpec::parse(&r)?.display(),
        (None, Some(rev)) => RangeSpec::since(rev)?.display(),
        (None, None) => return Ok((repo, None)),
    };
    Ok((repo, Some(range)))
}
