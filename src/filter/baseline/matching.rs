//! What a baseline does to a scan's findings, and the keys it records them by.
//!
//! Paths: a baseline's file names are relative to the directory that holds it (as detect-secrets writes
//! them when run from the repository root). Findings arrive relative to the scanned root; [`Rebase`]
//! maps one to the other, so `hush scan src` and `hush scan .` use the same entries.
//!
//! Renames: a finding no entry covers is still known when an entry of the same rule and secret hash
//! names a file that no longer exists in what the command reads (the working tree for `scan`, the
//! index for `staged`, HEAD's tree for `git`): a `git mv` of a baselined file changes nothing for any
//! command, and `baseline update` moves the entry to the new path, label and all
//! ([`super::Baseline::refresh_following`]). A blocked file name is keyed by its path: a rename is a new
//! finding.

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};

use super::format::detect_secrets_type;
use super::{Baseline, Label, Observed};
use crate::filter::lexical;
use crate::finding::{Finding, sha1_hex};
use crate::rule::RuleSet;

/// What applying a baseline did.
#[derive(Debug)]
pub struct Applied {
    pub path: PathBuf,
    /// Findings dropped: known, unlabelled or labelled false positive.
    pub hidden: usize,
    /// Findings kept and marked [`Finding::known_real`].
    pub known_real: usize,
}

/// Applies `baseline` (read from `path`) to `findings`, whose paths are relative to `root` (the scanned
/// directory, or a repository's work tree for `git` and `staged`). Findings an entry covers are
/// dropped, except those labelled real, which stay (marked `known_real`: they must be rotated) but do
/// not fail the run. `exists` says whether a file (relative to `root`) is still in what the command
/// read: an entry whose file is not covers its secret wherever it moved (see the module's
/// documentation).
pub fn apply(
    baseline: &Baseline,
    path: &Path,
    root: &Path,
    rules: &RuleSet,
    findings: &mut Vec<Finding>,
    exists: &dyn Fn(&str) -> bool,
) -> io::Result<Applied> {
    let rebase = Rebase::new(root, path)?;
    let ids = rule_ids(rules);
    let is_rule = |t: &str| ids.contains(t);
    let lookup = baseline.lookup();
    // Whether each entry's file is gone, asked once per entry.
    let mut gone: Vec<Option<bool>> = vec![None; baseline.entries.len()];
    let mut entry_gone = |i: usize| {
        *gone[i].get_or_insert_with(|| {
            let file = outer_file(&baseline.entries[i].filename);
            rebase.to_root(file).is_some_and(|rel| !exists(&rel))
        })
    };
    let (mut hidden, mut known_real) = (0, 0);
    findings.retain_mut(|f| {
        let Some(rel) = rebase.path(&f.path) else {
            return true;
        };
        let o = observe(f, rel);
        let label = lookup
            .label(&o.path, &o.hash, &o.rule, &is_rule)
            .or_else(|| {
                // A blocked file name is keyed by its path: a renamed one is new.
                o.line?;
                lookup
                    .same_secret(&o.hash, &o.rule, &is_rule)
                    .into_iter()
                    .filter(|&i| entry_gone(i))
                    .map(|i| baseline.entries[i].label())
                    .max()
            });
        match label {
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
    Ok(Applied {
        path: path.to_path_buf(),
        hidden,
        known_real,
    })
}

/// The ids of `rules`: an entry whose type is not one of them is a detect-secrets (foreign) entry.
pub fn rule_ids(rules: &RuleSet) -> HashSet<&str> {
    rules.rules.iter().map(|r| r.id()).collect()
}

/// A finding as the baseline keys it, with its path already relative to the baseline. A blocked file
/// name has no secret of its own: its path is hashed instead, so the file is accepted by its path.
pub fn observe(f: &Finding, path: String) -> Observed {
    // Inside an archive, the chain is the key: `dist/app.jar!/config/app.properties`.
    let path = match &f.inner {
        Some(inner) => format!("{path}!/{inner}"),
        None => path,
    };
    let (hash, secret) = if f.line.is_none() {
        (sha1_hex(path.as_bytes()), None)
    } else {
        (f.secret_sha1(), Some(f.secret.expose()))
    };
    Observed {
        kind: detect_secrets_type(&f.rule_id, secret),
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
    pub fn new(root: &Path, baseline: &Path) -> io::Result<Rebase> {
        let canon = |p: &Path| {
            let p = if p.as_os_str().is_empty() {
                Path::new(".")
            } else {
                p
            };
            std::fs::canonicalize(p).map_err(|e| {
                io::Error::new(e.kind(), format!("cannot resolve {}: {e}", p.display()))
            })
        };
        Ok(Rebase {
            root: canon(root)?,
            dir: canon(baseline.parent().unwrap_or(Path::new(".")))?,
        })
    }

    /// `filename` (relative to the baseline's directory) relative to the root; `None` if it lies
    /// outside it.
    pub fn to_root(&self, filename: &str) -> Option<String> {
        let abs = lexical(&self.dir.join(filename));
        let inside = abs.strip_prefix(&self.root).ok()?;
        Some(slashes(inside))
    }

    /// The baseline's directory, canonical.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// `rel` (relative to the root, or absolute) relative to the baseline's directory, `/`-separated;
    /// `None` if it lies outside it. The empty string is the directory itself.
    pub fn path(&self, rel: &str) -> Option<String> {
        let abs = lexical(&self.root.join(rel));
        let inside = abs.strip_prefix(&self.dir).ok()?;
        Some(slashes(inside))
    }
}

/// The file an entry names: for an entry inside an archive (`dist/app.jar!/config/app.properties`),
/// the archive.
pub fn outer_file(filename: &str) -> &str {
    filename
        .split_once("!/")
        .map_or(filename, |(outer, _)| outer)
}

/// `path` as text with `/` separators. Only Windows separators are replaced: on Unix a backslash in
/// the text is the escape of a lossless path (`bad\\xff.py`, see `source::path`), not a separator.
fn slashes(path: &Path) -> String {
    let text = path.to_string_lossy();
    if cfg!(windows) {
        text.replace('\\', "/")
    } else {
        text.into_owned()
    }
}
