//! The working tree: a parallel walk (ignore's walker, respecting `.gitignore` and `.hushignore`)
//! that offers each regular file, sized by its metadata, to the sink. Each walker thread has a
//! worker of its own.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use ignore::{WalkBuilder, WalkState};

use super::{Blob, Loaded, Origin, Sink, Skip, Source, stream};
use crate::content;

/// How to walk.
#[derive(Clone, Debug)]
pub struct WalkOptions {
    /// Do not honour `.gitignore`, `.ignore` and `.hushignore`.
    pub no_ignore: bool,
    pub threads: usize,
    /// File names left out inside a tree (hush's own files: the config holds the examples of the
    /// user's rules, the baseline only hashes). A file named on the command line is always scanned.
    pub skip_names: &'static [&'static str],
}

/// Files and directories on disk. A root that does not exist is the caller's to reject first.
/// A root named on the command line is scanned whatever it is: a symbolic link to a directory is
/// walked (the walker follows a root), a FIFO or device is read as a stream ([`super::stream`]); one that cannot be (a socket) is
/// an error. Inside a tree, only regular files are opened.
pub struct Tree {
    pub roots: Vec<PathBuf>,
    pub opts: WalkOptions,
    /// `Some(name)`: the root `-` is standard input, and its findings carry `name`.
    pub stdin_name: Option<String>,
}

/// A file found by the walk, sized but not yet read.
struct File<'a> {
    origin: [Origin; 1],
    path: &'a Path,
    size: Option<u64>,
    /// The walk's listing said it is a regular file: read without asking `stat` again.
    listed: bool,
}

impl Blob for File<'_> {
    fn origins(&self) -> &[Origin] {
        &self.origin
    }

    fn size(&self) -> Option<u64> {
        self.size
    }

    fn read(&self, limit: u64) -> Result<Loaded<'_>, String> {
        let read = if self.listed {
            content::read_listed_file(self.path, limit)
        } else {
            content::read_file(self.path, limit)
        };
        match read {
            Ok(content::Loaded::Bytes(b)) => Ok(Loaded::Bytes(Cow::Owned(b))),
            Ok(content::Loaded::TooLarge(n)) => Ok(Loaded::TooLarge(n)),
            Ok(content::Loaded::NotRegular(kind)) => Ok(Loaded::NotRegular(kind)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Loaded::Gone),
            Err(e) => Err(format!("cannot read: {e}")),
        }
    }
}

impl Source for Tree {
    fn enumerate<S: Sink>(&self, sink: &S) -> Result<(), String> {
        let single_dir = self.roots.len() == 1 && self.roots[0].is_dir();
        let mut stdin_read = false;
        for root in &self.roots {
            if let Some(name) = self.stdin_name.as_deref().filter(|_| is_stdin(root)) {
                // Standard input can be read once: `-` twice is one input.
                if !std::mem::replace(&mut stdin_read, true) {
                    sink.blob(&mut sink.worker(), &stream::Stdin::new(name));
                }
                continue;
            }
            walk(root, single_dir, &self.opts, sink);
        }
        Ok(())
    }
}

fn walk<S: Sink>(root: &Path, single_dir: bool, opts: &WalkOptions, sink: &S) {
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
    // A file named on the command line is one entry: walking it on this thread spares the pool's
    // start (two threads, and an idle worker's 1 ms sleep in the walker), which was a third of a
    // one-file scan's wall time.
    if !root.is_dir() {
        let mut worker = sink.worker();
        for entry in builder.build() {
            visit(root, single_dir, opts, sink, &mut worker, entry);
        }
        return;
    }
    builder.build_parallel().run(|| {
        let mut worker = sink.worker();
        Box::new(move |entry| visit(root, single_dir, opts, sink, &mut worker, entry))
    });
}

/// One entry of the walk: offered to the sink, skipped, or reported as an error.
fn visit<S: Sink>(
    root: &Path,
    single_dir: bool,
    opts: &WalkOptions,
    sink: &S,
    worker: &mut S::Worker,
    entry: Result<ignore::DirEntry, ignore::Error>,
) -> WalkState {
    let entry = match entry {
        Ok(e) => e,
        Err(err) => {
            let (path, message) = walk_error(&err);
            let shown = path.map_or_else(String::new, |p| relative(root, &p, single_dir));
            sink.error(&shown, message);
            return WalkState::Continue;
        }
    };
    let Some(ft) = entry.file_type() else {
        return WalkState::Continue;
    };
    if ft.is_dir() {
        return WalkState::Continue;
    }
    // An explicit file argument that is a symlink is followed; inside a tree, symlinks are
    // not (they may point outside the scanned root, or loop), and are listed as skipped.
    let explicit = entry.depth() == 0;
    let rel = relative(root, entry.path(), single_dir);
    // Inside a tree, the listing's file type is trusted and the size comes with the read (its
    // `fstat`): one `stat` per file fewer. A file named on the command line is sized here.
    let mut size = if explicit {
        entry
            .metadata()
            .ok()
            .filter(|m| m.is_file())
            .map(|m| m.len())
    } else {
        None
    };
    if !ft.is_file() {
        if !explicit {
            let kind = if ft.is_symlink() {
                "a symbolic link, not followed"
            } else {
                content::kind_name(&ft)
            };
            sink.skipped(&rel, Skip::NotRegular(kind));
            return WalkState::Continue;
        }
        // Named on the command line: the user asked for it to be read. A FIFO or device is
        // read as a stream; a link that loops or dangles, or a socket, cannot be read (an
        // error, never a skip).
        match std::fs::metadata(entry.path()) {
            Ok(m) if m.is_file() => size = Some(m.len()),
            Ok(m) if m.is_dir() => {
                sink.skipped(&rel, Skip::LinkToDirectory);
                return WalkState::Continue;
            }
            Ok(m) if is_stream(&m.file_type()) => {
                let named = stream::Named {
                    origin: [Origin {
                        path: rel,
                        commit: None,
                    }],
                    path: entry.path(),
                };
                sink.blob(worker, &named);
                return WalkState::Continue;
            }
            Ok(m) => {
                let kind = content::kind_name(&m.file_type());
                sink.error(&rel, format!("cannot read: not a regular file ({kind})"));
                return WalkState::Continue;
            }
            Err(e) => {
                sink.error(&rel, format!("cannot read: {e}"));
                return WalkState::Continue;
            }
        }
    }
    if !explicit && opts.skip_names.iter().any(|n| entry.file_name() == *n) {
        return WalkState::Continue;
    }
    let file = File {
        origin: [Origin {
            path: rel,
            commit: None,
        }],
        path: entry.path(),
        size,
        listed: !explicit,
    };
    sink.blob(worker, &file);
    WalkState::Continue
}

/// Whether `root` names standard input.
pub fn is_stdin(root: &Path) -> bool {
    root.as_os_str() == "-"
}

/// A FIFO or a device: read as a stream when named on the command line.
fn is_stream(ft: &std::fs::FileType) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        ft.is_fifo() || ft.is_char_device() || ft.is_block_device()
    }
    #[cfg(not(unix))]
    {
        let _ = ft;
        false
    }
}

/// The path an error of the walk is about, and what went wrong, without the path repeated.
fn walk_error(err: &ignore::Error) -> (Option<PathBuf>, String) {
    match err {
        ignore::Error::WithPath { path, err } => (Some(path.clone()), walk_error(err).1),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_error(err)
        }
        ignore::Error::Io(e) => (None, format!("cannot read: {e}")),
        other => (None, other.to_string()),
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
/// given; always with `/` separators, no leading `./`, and lossless (see [`super::path::text`]).
pub fn relative(root: &Path, path: &Path, single_dir: bool) -> String {
    let shown = if single_dir {
        path.strip_prefix(root).unwrap_or(path)
    } else {
        path
    };
    let s = super::path::from_os(shown);
    let s = s.trim_start_matches("./");
    if s.is_empty() {
        path.file_name()
            .map(|n| super::path::from_os(Path::new(n)))
            .unwrap_or_default()
    } else {
        s.to_string()
    }
}
