//! Which `.secrets.baseline` a scan uses when none is named.

use std::path::{Path, PathBuf};

use super::FILE_NAME;

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
pub fn in_dir(dir: &Path) -> PathBuf {
    if dir == Path::new(".") {
        PathBuf::from(FILE_NAME)
    } else {
        dir.join(FILE_NAME)
    }
}
