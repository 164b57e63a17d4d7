//! The working tree: a parallel walk (ignore's walker, respecting `.gitignore` and `.hushignore`),
//! each walker thread scanning the files it visits with its own [`Detector`].

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use ignore::{WalkBuilder, WalkState};

use super::Diagnostic;
use crate::detect::Detector;
use crate::finding::Finding;
use crate::scan::{BlobOutcome, Scanner, Stats};

/// How to walk.
#[derive(Clone, Debug)]
pub struct WalkOptions {
    /// Do not honour `.gitignore`, `.ignore` and `.hushignore`.
    pub no_ignore: bool,
    pub threads: usize,
}

/// What a walk produced. Findings are unsorted.
#[derive(Default)]
pub struct WalkResult {
    pub findings: Vec<Finding>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Scans every file under `roots`. A root that does not exist is the caller's to reject first.
pub fn scan(scanner: &Scanner, roots: &[PathBuf], opts: &WalkOptions, stats: &Stats) -> WalkResult {
    let result = Mutex::new(WalkResult::default());
    let single_dir = roots.len() == 1 && roots[0].is_dir();
    for root in roots {
        let mut builder = WalkBuilder::new(root);
        builder
            .hidden(false)
            .parents(true)
            .git_ignore(!opts.no_ignore)
            .git_exclude(!opts.no_ignore)
            .git_global(false)
            .ignore(!opts.no_ignore)
            .require_git(false)
            .follow_links(false)
            .threads(opts.threads)
            .filter_entry(|e| e.file_name() != ".git");
        if !opts.no_ignore {
            builder.add_custom_ignore_filename(".hushignore");
        }
        let walker = builder.build_parallel();
        walker.run(|| {
            let mut detector = Detector::new(scanner.rules.clone());
            let result = &result;
            Box::new(move |entry| {
                let entry = match entry {
                    Ok(e) => e,
                    Err(err) => {
                        stats.add(&stats.errors, 1);
                        push_diag(result, walk_error_path(&err), err.to_string(), true);
                        return WalkState::Continue;
                    }
                };
                let Some(ft) = entry.file_type() else {
                    return WalkState::Continue;
                };
                // An explicit file argument that is a symlink is followed; inside a tree, symlinks are
                // not (they may point outside the scanned root, or loop).
                let explicit = entry.depth() == 0;
                if ft.is_dir() {
                    return WalkState::Continue;
                }
                if !ft.is_file() {
                    if explicit {
                        // Named on the command line: say what became of it. A link that loops or
                        // dangles cannot be read (an error); a FIFO or device is skipped (a note).
                        match std::fs::metadata(entry.path()) {
                            Ok(m) if m.is_file() => {}
                            Ok(m) => {
                                stats.add(&stats.skipped_other, 1);
                                let msg = if m.is_dir() {
                                    "skipped: a symbolic link to a directory (name the directory \
                                     itself to scan it)"
                                        .to_string()
                                } else {
                                    let kind = crate::content::kind_name(&m.file_type());
                                    format!("skipped: not a regular file ({kind})")
                                };
                                push_diag(result, entry.path().display().to_string(), msg, false);
                                return WalkState::Continue;
                            }
                            Err(e) => {
                                stats.add(&stats.errors, 1);
                                let msg = format!("cannot read: {e}");
                                push_diag(result, entry.path().display().to_string(), msg, true);
                                return WalkState::Continue;
                            }
                        }
                    } else {
                        stats.add(&stats.skipped_other, 1);
                        return WalkState::Continue;
                    }
                }
                // hush's own config holds the examples of the user's rules: not secrets.
                if !explicit && entry.file_name() == crate::config::FILE_NAME {
                    return WalkState::Continue;
                }
                // Nor the baseline: it holds only hashes, and a baseline that could find itself would
                // change each time it is written.
                if !explicit && entry.file_name() == crate::filter::baseline::FILE_NAME {
                    return WalkState::Continue;
                }
                let rel = relative(root, entry.path(), single_dir);
                scan_file(scanner, &mut detector, entry.path(), &rel, stats, result);
                WalkState::Continue
            })
        });
    }
    result.into_inner().unwrap_or_else(|p| p.into_inner())
}

fn push_diag(result: &Mutex<WalkResult>, path: String, message: String, error: bool) {
    let mut r = result.lock().unwrap_or_else(|p| p.into_inner());
    r.diagnostics.push(Diagnostic {
        path,
        message,
        error,
    });
}

fn walk_error_path(err: &ignore::Error) -> String {
    match err {
        ignore::Error::WithPath { path, .. } => path.display().to_string(),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_error_path(err)
        }
        _ => String::new(),
    }
}

fn scan_file(
    scanner: &Scanner,
    detector: &mut Detector,
    path: &Path,
    rel: &str,
    stats: &Stats,
    result: &Mutex<WalkResult>,
) {
    use crate::content::Loaded;
    let content = match crate::content::read_file(path, scanner.max_file_size) {
        Ok(Loaded::Bytes(b)) => b,
        Ok(Loaded::TooLarge(len)) => {
            stats.add(&stats.skipped_large, 1);
            let msg = format!(
                "skipped: {} bytes is over the size limit of {} bytes",
                len, scanner.max_file_size
            );
            stats.progress.item(0);
            push_diag(result, rel.to_string(), msg, false);
            return;
        }
        Ok(Loaded::NotRegular(kind)) => {
            // It was a regular file when the walk saw it.
            stats.add(&stats.skipped_other, 1);
            let msg = format!("skipped: not a regular file ({kind})");
            stats.progress.item(0);
            push_diag(result, rel.to_string(), msg, false);
            return;
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            // Deleted between the walk and the read: nothing is left to hold a secret.
            stats.add(&stats.skipped_other, 1);
            let msg = "skipped: removed during the scan".to_string();
            stats.progress.item(0);
            push_diag(result, rel.to_string(), msg, false);
            return;
        }
        Err(e) => {
            stats.add(&stats.errors, 1);
            stats.progress.item(0);
            push_diag(result, rel.to_string(), format!("cannot read: {e}"), true);
            return;
        }
    };
    let mut found = Vec::new();
    let outcome = scanner.scan_blob(detector, rel, &content, &mut found);
    stats.add(
        &stats.encoded_not_scanned,
        detector.take_encoded_not_scanned(),
    );
    match outcome {
        BlobOutcome::Scanned => {
            stats.add(&stats.files, 1);
            stats.add(&stats.bytes, content.len() as u64);
        }
        BlobOutcome::Binary => stats.add(&stats.skipped_binary, 1),
    }
    stats.progress.item(content.len() as u64);
    if !found.is_empty() {
        let mut r = result.lock().unwrap_or_else(|p| p.into_inner());
        r.findings.extend(found);
    }
}

/// The directory that the reported paths of a scan of `roots` are relative to: the one directory
/// scanned, or else the current directory (paths are then as given).
pub fn paths_root(roots: &[PathBuf]) -> PathBuf {
    if roots.len() == 1 && roots[0].is_dir() {
        roots[0].clone()
    } else {
        PathBuf::from(".")
    }
}

/// The path as reported: relative to the root when one directory is scanned, otherwise the path as
/// given; always with `/` separators and no leading `./`.
pub fn relative(root: &Path, path: &Path, single_dir: bool) -> String {
    let shown = if single_dir {
        path.strip_prefix(root).unwrap_or(path)
    } else {
        path
    };
    let s = shown.to_string_lossy().replace('\\', "/");
    let s = s.trim_start_matches("./");
    if s.is_empty() {
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    } else {
        s.to_string()
    }
}
