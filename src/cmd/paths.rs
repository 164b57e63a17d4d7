//! How reports print paths. Findings arrive relative to the scan's root (the scanned directory, or the
//! repository's work tree); the baseline matches them there. Then, for printing:
//! - for people (human output, and every message on stderr): relative to the current directory, so
//!   that a path can be pasted into the shell, as ripgrep prints them (`../src/x` from a
//!   subdirectory; absolute when the only thing in common is the file system root);
//! - for code-scanning tools (`sarif`, `github`, `gitlab`): relative to the root of the git repository
//!   holding the scan, which is what GitHub and GitLab resolve them against; outside a repository, as
//!   `json` has them;
//! - `json` and `jsonl`: relative to the scanned root, unchanged (the contract: a tool reading them
//!   gets the same paths wherever the command was run from).

use std::path::{Component, Path, PathBuf};

use crate::filter::lexical;
use crate::report::Format;

/// A mapping of paths relative to one directory (`root`) to paths relative to another (`base`).
pub struct Shown {
    /// The root seen from the base, with a trailing `/` (empty: the same directory).
    prefix: String,
    root: PathBuf,
    base: PathBuf,
}

impl Shown {
    /// `None` when either directory cannot be resolved (paths are then printed as they are).
    pub fn new(root: &Path, base: &Path) -> Option<Shown> {
        let canon = |p: &Path| {
            let p = if p.as_os_str().is_empty() {
                Path::new(".")
            } else {
                p
            };
            std::fs::canonicalize(p).ok()
        };
        let (root, base) = (canon(root)?, canon(base)?);
        let rel = relative(&base, &root);
        let prefix = if rel == "." {
            String::new()
        } else {
            format!("{rel}/")
        };
        Some(Shown { prefix, root, base })
    }

    /// Relative to the current directory.
    pub fn for_people(root: &Path) -> Option<Shown> {
        Shown::new(root, &std::env::current_dir().ok()?)
    }

    /// As `format` prints paths (see the module's documentation); `None`: unchanged.
    pub fn for_format(format: Format, root: &Path) -> Option<Shown> {
        match format {
            Format::Human => Shown::for_people(root),
            Format::Sarif | Format::Github | Format::Gitlab => {
                let repo = git2::Repository::discover(root).ok()?;
                Shown::new(root, repo.workdir()?)
            }
            _ => None,
        }
    }

    /// `path` (relative to the root, or absolute) relative to the base.
    pub fn path(&self, path: &str) -> String {
        // Under the base: the root's path, then the file's. Otherwise the shortest way there
        // (`../real.py`, not `../../tests/unit/real.py`).
        let under = !self.prefix.starts_with("../") && !self.prefix.starts_with('/');
        let clean = !path.starts_with('/') && !path.split('/').any(|c| c == "." || c == "..");
        if under && clean {
            return format!("{}{path}", self.prefix);
        }
        relative(&self.base, &lexical(&self.root.join(path)))
    }
}

/// `target` relative to `base` (both absolute, without `.` or `..`), `/`-separated: `.` for the same
/// directory, `../` steps up as needed; absolute when they share nothing but the file system root.
fn relative(base: &Path, target: &Path) -> String {
    let b: Vec<Component> = base.components().collect();
    let t: Vec<Component> = target.components().collect();
    let common = b.iter().zip(&t).take_while(|(x, y)| x == y).count();
    if common <= 1 && b.len() > 1 {
        return target.to_string_lossy().replace('\\', "/");
    }
    let mut parts: Vec<String> = vec!["..".to_string(); b.len() - common];
    parts.extend(
        t[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        let r = |a: &str, b: &str| relative(Path::new(a), Path::new(b));
        assert_eq!(r("/r", "/r"), ".");
        assert_eq!(r("/r", "/r/tests/x"), "tests/x");
        assert_eq!(r("/r/tests", "/r/src/x"), "../src/x");
        assert_eq!(r("/r/a/b", "/r"), "../..");
        assert_eq!(r("/home/u", "/dev/stdin"), "/dev/stdin");
    }
}
