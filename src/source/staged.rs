//! The index of a repository, for the pre-commit check: each staged blob (added, modified, renamed,
//! copied or changed in type) relative to HEAD, with the line numbers the change adds. Only findings on
//! added lines can fail a commit: a secret HEAD already has does not block an unrelated edit.
//!
//! The content is the index's, not the working tree's: a file staged and then edited again is checked
//! as it will be committed.

use std::path::{Path, PathBuf};

use git2::{Delta, DiffFindOptions, DiffOptions, Repository};

use super::Diagnostic;
use super::gitmeta::{is_lfs_pointer, path_string};
use crate::detect::Detector;
use crate::finding::Finding;
use crate::scan::{BlobOutcome, Scanner, Stats};

/// What the staged scan found.
#[derive(Default)]
pub struct StagedResult {
    pub findings: Vec<Finding>,
    pub diagnostics: Vec<Diagnostic>,
    /// The staged paths that were checked.
    pub paths: Vec<String>,
    /// The repository's work tree.
    pub root: PathBuf,
}

/// Finds the repository containing `dir`; errors if none, or if it has no work tree.
pub fn discover(dir: &Path) -> Result<Repository, String> {
    let repo = Repository::discover(dir).map_err(|e| {
        format!(
            "{}: not in a git repository ({})",
            dir.display(),
            e.message()
        )
    })?;
    if repo.is_bare() {
        return Err("hush staged needs a work tree; this repository is bare".into());
    }
    Ok(repo)
}

/// Scans what is staged in `repo`'s index against HEAD (or against nothing before the first commit).
pub fn scan(scanner: &Scanner, repo: &Repository, stats: &Stats) -> Result<StagedResult, String> {
    let err = |what: &str, e: git2::Error| format!("cannot read {what}: {}", e.message());
    let index = repo.index().map_err(|e| err("the index", e))?;
    let head_tree = match repo.head() {
        Ok(h) => Some(h.peel_to_tree().map_err(|e| err("HEAD", e))?),
        Err(e)
            if e.code() == git2::ErrorCode::UnbornBranch
                || e.code() == git2::ErrorCode::NotFound =>
        {
            None
        }
        Err(e) => return Err(err("HEAD", e)),
    };
    let mut opts = DiffOptions::new();
    opts.include_typechange(true).ignore_submodules(true);
    let mut diff = repo
        .diff_tree_to_index(head_tree.as_ref(), Some(&index), Some(&mut opts))
        .map_err(|e| err("the staged changes", e))?;
    let mut find = DiffFindOptions::new();
    find.renames(true).copies(false);
    diff.find_similar(Some(&mut find))
        .map_err(|e| err("the staged renames", e))?;

    let mut result = StagedResult {
        root: repo.workdir().unwrap_or(repo.path()).to_path_buf(),
        ..StagedResult::default()
    };
    let mut detector = Detector::new(scanner.rules.clone());
    for delta in diff.deltas() {
        if !matches!(
            delta.status(),
            Delta::Added | Delta::Modified | Delta::Renamed | Delta::Copied | Delta::Typechange
        ) {
            continue;
        }
        let new = delta.new_file();
        if new.mode() == git2::FileMode::Commit {
            continue; // a submodule's commit id: not content
        }
        let Some(path_bytes) = new.path_bytes() else {
            continue;
        };
        let path = path_string(path_bytes);
        let blob = match repo.find_blob(new.id()) {
            Ok(b) => b,
            Err(e) => {
                stats.add(&stats.errors, 1);
                result.diagnostics.push(Diagnostic {
                    path: path.clone(),
                    message: format!("staged blob could not be read: {}", e.message()),
                    error: true,
                });
                continue;
            }
        };
        let bytes = blob.content();
        stats.add(&stats.files, 1);
        stats.add(&stats.blobs, 1);
        stats.add(&stats.bytes, bytes.len() as u64);
        result.paths.push(path.clone());
        scanner.filename_findings(&path, bytes, &mut result.findings);
        if is_lfs_pointer(bytes) {
            continue;
        }
        if bytes.len() as u64 > scanner.max_file_size {
            stats.add(&stats.skipped_large, 1);
            result.diagnostics.push(Diagnostic {
                path: path.clone(),
                message: format!(
                    "skipped: {} bytes is over the size limit of {} bytes",
                    bytes.len(),
                    scanner.max_file_size
                ),
                error: false,
            });
            continue;
        }
        let mut found = Vec::new();
        if scanner.content_findings(&mut detector, &path, bytes, &mut found) == BlobOutcome::Binary
        {
            stats.add(&stats.skipped_binary, 1);
            continue;
        }
        if found.is_empty() {
            continue;
        }
        let old = delta.old_file();
        let added = if old.id().is_zero() || delta.status() == Delta::Typechange {
            None // all lines are new
        } else {
            match repo.find_blob(old.id()) {
                Ok(old_blob) => Some(added_lines(&old_blob, &blob).map_err(|e| err("a diff", e))?),
                Err(_) => None,
            }
        };
        result
            .findings
            .extend(found.into_iter().filter(|f| match (&added, f.line) {
                (None, _) => true,
                (Some(lines), Some(start)) => {
                    let end = f.end_line.unwrap_or(start);
                    lines.iter().any(|&l| l >= start && l <= end)
                }
                (Some(_), None) => true,
            }));
    }
    Ok(result)
}

/// 1-based line numbers, in the new blob, of the lines the change adds.
fn added_lines(old: &git2::Blob, new: &git2::Blob) -> Result<Vec<u32>, git2::Error> {
    let mut lines = Vec::new();
    let mut opts = DiffOptions::new();
    opts.context_lines(0).force_text(true);
    let patch = git2::Patch::from_blobs(old, None, new, None, Some(&mut opts))?;
    for h in 0..patch.num_hunks() {
        for l in 0..patch.num_lines_in_hunk(h)? {
            let line = patch.line_in_hunk(h, l)?;
            if line.origin() == '+' {
                if let Some(n) = line.new_lineno() {
                    lines.push(n);
                }
            }
        }
    }
    Ok(lines)
}
