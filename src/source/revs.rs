//! Revision ranges for `hush git`: what a CI gate names (`--since REV`, `A..B`, `A...B`), checked
//! before anything is scanned, and resolved to the commits to walk and the base side to leave out.
//!
//! A range whose side is empty (`..HEAD`, `main..`, `--since ""`) is an error, never an empty scan: an
//! unset CI variable would otherwise make the gate pass having looked at nothing.

use std::collections::HashSet;

use git2::{ObjectType, Oid, Repository};

/// A revision range as given on the command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum RangeSpec {
    /// One revision: everything reachable from it.
    Single(String),
    /// `A..B`: reachable from B and not from A.
    Range(String, String),
    /// `A...B`: what B adds since its merge base(s) with A (what a pull request's diff shows).
    Symmetric(String, String),
}

impl RangeSpec {
    /// Parses and checks a range: each side must name something.
    pub(crate) fn parse(spec: &str) -> Result<RangeSpec, String> {
        let side = |s: &str, which: &str| -> Result<String, String> {
            if s.trim().is_empty() {
                Err(format!(
                    "invalid revision range {spec:?}: its {which} side is empty (an unset variable?); \
                     name both revisions, as in `main..HEAD`"
                ))
            } else {
                Ok(s.to_string())
            }
        };
        if spec.trim().is_empty() {
            return Err(
                "an empty revision selects nothing (an unset variable?); name a revision, \
                        as in `--since origin/main`"
                    .into(),
            );
        }
        if let Some((a, b)) = spec.split_once("...") {
            if b.contains("..") {
                return Err(format!("invalid revision range {spec:?}"));
            }
            return Ok(RangeSpec::Symmetric(side(a, "left")?, side(b, "right")?));
        }
        if let Some((a, b)) = spec.split_once("..") {
            if b.contains("..") {
                return Err(format!("invalid revision range {spec:?}"));
            }
            return Ok(RangeSpec::Range(side(a, "left")?, side(b, "right")?));
        }
        Ok(RangeSpec::Single(spec.to_string()))
    }

    /// The range `REV..HEAD` that `--since REV` stands for.
    pub(crate) fn since(rev: &str) -> Result<RangeSpec, String> {
        if rev.trim().is_empty() {
            return Err(
                "--since needs a revision, and it is empty (an unset variable?): nothing would be \
                 scanned; name the base, as in `--since origin/main`"
                    .into(),
            );
        }
        if rev.contains("..") {
            return Err(format!(
                "--since takes one revision, not a range ({rev:?}): give a range without --since, \
                 as in `hush git . A..B`"
            ));
        }
        Ok(RangeSpec::Range(rev.to_string(), "HEAD".to_string()))
    }

    /// How it is written on the command line.
    pub(crate) fn display(&self) -> String {
        match self {
            RangeSpec::Single(r) => r.clone(),
            RangeSpec::Range(a, b) => format!("{a}..{b}"),
            RangeSpec::Symmetric(a, b) => format!("{a}...{b}"),
        }
    }

    /// The commits to start the walk from, and those whose history is left out.
    pub(crate) fn resolve(&self, repo: &Repository) -> Result<Selection, String> {
        let commit = |rev: &str| -> Result<Oid, String> {
            repo.revparse_single(rev)
                .and_then(|o| o.peel_to_commit())
                .map(|c| c.id())
                .map_err(|e| match self {
                    RangeSpec::Single(_) => format!("invalid revision {rev:?}: {}", e.message()),
                    _ => format!(
                        "invalid revision {rev:?} in the range {:?}: {}",
                        self.display(),
                        e.message()
                    ),
                })
        };
        Ok(match self {
            RangeSpec::Single(r) => Selection {
                include: commit(r)?,
                hide: Vec::new(),
            },
            RangeSpec::Range(a, b) => {
                let hide = vec![commit(a)?];
                Selection {
                    include: commit(b)?,
                    hide,
                }
            }
            RangeSpec::Symmetric(a, b) => {
                let (a_id, b_id) = (commit(a)?, commit(b)?);
                // Every merge base, not just one: in a criss-cross history each of them is shared
                // with the base side.
                let bases = repo.merge_bases(a_id, b_id).map_err(|e| {
                    format!(
                        "{a}...{b}: no merge base ({}); the two have no common history",
                        e.message()
                    )
                })?;
                Selection {
                    include: b_id,
                    hide: bases.iter().copied().collect(),
                }
            }
        })
    }
}

/// What a range walks: from `include`, leaving out everything reachable from `hide`.
pub(crate) struct Selection {
    pub include: Oid,
    pub hide: Vec<Oid>,
}

/// Every blob in the trees of `commits` (the base side of a range). A blob already there is not
/// introduced by the range, wherever it turns up in it (a merge of the base, a rename, a copy). Each
/// distinct tree is read once, so sibling commits cost little more than one.
pub(crate) fn blobs_of(repo: &Repository, commits: &[Oid]) -> Result<HashSet<Oid>, String> {
    let err = |e: git2::Error| format!("cannot read the range's base side: {}", e.message());
    let mut blobs = HashSet::new();
    let mut seen = HashSet::new();
    let mut stack = Vec::new();
    for c in commits {
        let commit = repo.find_commit(*c).map_err(err)?;
        stack.push(commit.tree_id());
    }
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        let tree = repo.find_tree(id).map_err(err)?;
        for entry in tree.iter() {
            match entry.kind() {
                Some(ObjectType::Tree) => stack.push(entry.id()),
                Some(ObjectType::Blob) => {
                    blobs.insert(entry.id());
                }
                _ => {}
            }
        }
    }
    Ok(blobs)
}

#[cfg(test)]
mod tests {
    use super::RangeSpec::{self, *};

    #[test]
    fn parses_ranges_and_refuses_empty_sides() {
        let p = |s: &str| RangeSpec::parse(s);
        assert_eq!(p("main"), Ok(Single("main".into())));
        assert_eq!(p("a..b"), Ok(Range("a".into(), "b".into())));
        assert_eq!(p("a...b"), Ok(Symmetric("a".into(), "b".into())));
        for bad in [
            "", "  ", "..HEAD", "main..", " .. ", "...", "a...", "...b", "a..b..c",
        ] {
            assert!(p(bad).is_err(), "{bad:?}");
        }
        assert!(RangeSpec::since("").is_err());
        assert!(RangeSpec::since(" \t").is_err());
        assert!(RangeSpec::since("a..b").is_err());
        assert_eq!(
            RangeSpec::since("main"),
            Ok(Range("main".into(), "HEAD".into()))
        );
    }
}
