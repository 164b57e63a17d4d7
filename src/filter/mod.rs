//! Filters drop what the user has accepted: inline pragmas, config allowlists, baseline entries.

pub mod allowlist;
pub mod baseline;
pub mod pragma;

use std::path::{Component, Path, PathBuf};

/// `p` with `.` and `..` removed without touching the file system (paths of files that may not
/// exist, or that a symbolic link would lead elsewhere): how allowlist globs, baseline entries and
/// printed paths are anchored to a directory.
pub(crate) fn lexical(p: &Path) -> PathBuf {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexical_paths() {
        assert_eq!(lexical(Path::new("/a/b/../c/./d")), PathBuf::from("/a/c/d"));
    }
}
