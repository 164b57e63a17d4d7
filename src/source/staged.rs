//! The index of a repository, for the pre-commit check: each staged blob (added, modified, renamed,
//! copied or changed in type) relative to HEAD, with the line numbers the change adds. Only findings on
//! added lines can fail a commit: a secret HEAD already has does not block an unrelated edit.
//!
//! The content is the index's, not the working tree's: a file staged and then edited again is checked
//! as it will be committed.

use std::borrow::Cow;
use std::path::Path;
use std::process::Command;
use std::sync::Mutex;

use git2::{DiffOptions, Oid, Repository};

use super::gitmeta::path_string;
use super::{Blob, Loaded, Origin, Sink, Source};

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

/// One staged change, as `git diff --cached --raw` reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// `A`dded, `M`odified, `R`enamed, `C`opied or `T`ype-changed.
    pub status: u8,
    pub old_id: Oid,
    pub new_id: Oid,
    pub new_mode: u32,
    pub path: String,
}

/// The staged changes of the work tree at `root`, listed by git itself. git reads the index with its
/// cache-tree and skips unchanged directories, where libgit2's tree-to-index diff reads every tree of
/// HEAD: on a 100,000-file repository, 23 ms of CPU against 220 ms (benches/runs/2026-11-22-0153.md).
/// git also honours `GIT_INDEX_FILE` and the other variables a hook may run under.
///
/// git is started at once and read later ([`StagedDiff::changes`]), so that hush loads its rules while
/// git reads the index: the two are about the same few milliseconds, on two cores.
pub struct StagedDiff {
    child: Option<std::process::Child>,
    error: Option<String>,
}

impl StagedDiff {
    /// Starts `git diff --cached` in `root`, with every setting that would make git run a program
    /// named by the repository's configuration turned off: a repository's config is as untrusted as
    /// its content (a cloned repository, an archive unpacked with its `.git`), and a pre-commit check
    /// must not run its `core.fsmonitor` hook. The listing itself needs none of them.
    pub fn start(root: &Path) -> StagedDiff {
        let child = Command::new("git")
            .arg("-C")
            .arg(root)
            .args([
                // No pager (`core.pager`, `GIT_PAGER`): the output is a pipe, but say it outright.
                "--no-pager",
                // The file-system monitor hook (`core.fsmonitor`), run whenever git reads the index.
                "-c",
                "core.fsmonitor=false",
                "diff",
                "--cached",
                "--raw",
                "-z",
                "-M",
                "--no-abbrev",
                // External diff programs (`diff.external`, `diff.<driver>.command`,
                // `GIT_EXTERNAL_DIFF`) and text conversion filters (`diff.<driver>.textconv`).
                "--no-ext-diff",
                "--no-textconv",
                "--no-color",
                "--ignore-submodules",
                "--diff-filter=AMRCT",
            ])
            // A partial clone fetches a missing object on demand (for rename detection), running
            // whatever transport its remote names (`core.sshCommand`, a remote helper): hush reads
            // what is here. (Honoured since git 2.44; older versions ignore it.)
            .env("GIT_NO_LAZY_FETCH", "1")
            .env_remove("GIT_EXTERNAL_DIFF")
            .env_remove("GIT_PAGER")
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn();
        match child {
            Ok(c) => StagedDiff {
                child: Some(c),
                error: None,
            },
            Err(e) => StagedDiff {
                child: None,
                error: Some(format!("cannot run git to list the staged changes: {e}")),
            },
        }
    }

    /// Waits for git and parses what it listed.
    pub fn changes(mut self) -> Result<Vec<Change>, String> {
        let Some(child) = self.child.take() else {
            return Err(self.error.take().unwrap_or_default());
        };
        let out = child
            .wait_with_output()
            .map_err(|e| format!("cannot read git's list of the staged changes: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "git diff --cached failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
        parse_raw(&out.stdout)
    }
}

impl Drop for StagedDiff {
    /// A run that stops early (a bad config) does not leave git behind.
    fn drop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// Checks that the index file is whole before trusting git's reading of it. git does not verify the
/// index's checksum when it reads it, so a truncated index reads as fewer entries: the staged files
/// vanish and a pre-commit check would pass on changes it never saw. This walks every entry (cheap:
/// no hashing) and, for an index of at most 8 MiB, also checks the SHA-1 trailer. A missing index is
/// fine (nothing staged yet).
/// See: https://git-scm.com/docs/index-format
pub fn check_index(path: &Path) -> Result<(), String> {
    let data = match std::fs::read(path) {
        Ok(d) => d,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(format!("cannot read the index {}: {e}", path.display())),
    };
    let bad = |why: &str| {
        Err(format!(
            "the index {} is corrupt ({why}); `git reset` rebuilds it from HEAD (the work tree is \
             kept; stage your changes again)",
            path.display()
        ))
    };
    const HASH: usize = 20;
    if data.len() < 12 + HASH || &data[..4] != b"DIRC" {
        return bad("no index header");
    }
    let be32 = |at: usize| u32::from_be_bytes([data[at], data[at + 1], data[at + 2], data[at + 3]]);
    let version = be32(4);
    if !(2..=4).contains(&version) {
        return bad("unknown version");
    }
    let end = data.len() - HASH;
    let mut pos = 12;
    // Fixed part of an entry: times, device, inode, mode, ids, size, object id, flags.
    const FIXED: usize = 40 + HASH + 2;
    for _ in 0..be32(8) {
        if pos + FIXED > end {
            return bad("truncated");
        }
        let flags = u16::from_be_bytes([data[pos + FIXED - 2], data[pos + FIXED - 1]]);
        let mut p = pos + FIXED;
        if version >= 3 && flags & 0x4000 != 0 {
            p += 2;
        }
        if version == 4 {
            // A varint (bytes of the previous name to drop), then the rest of the name, NUL-ended.
            loop {
                let Some(&b) = data.get(p).filter(|_| p < end) else {
                    return bad("truncated");
                };
                p += 1;
                if b & 0x80 == 0 {
                    break;
                }
            }
            let Some(nul) = memchr::memchr(0, &data[p.min(end)..end]) else {
                return bad("truncated");
            };
            p += nul + 1;
        } else {
            let Some(nul) = memchr::memchr(0, &data[p.min(end)..end]) else {
                return bad("truncated");
            };
            // Padded with 1 to 8 NULs to a multiple of 8 bytes.
            p = pos + ((p - pos + nul + 8) & !7);
        }
        if p > end {
            return bad("truncated");
        }
        pos = p;
    }
    let trailer = &data[end..];
    if data.len() <= 8 << 20
        && trailer.iter().any(|&b| b != 0)
        && <sha1::Sha1 as sha1::Digest>::digest(&data[..end]).as_slice() != trailer
    {
        return bad("checksum mismatch");
    }
    Ok(())
}

/// Parses `--raw -z` output: `:old_mode new_mode old_id new_id STATUS\0path\0` (two paths for R and C).
fn parse_raw(raw: &[u8]) -> Result<Vec<Change>, String> {
    let bad = || "unexpected output from git diff --cached --raw".to_string();
    let mut fields = raw.split(|&b| b == 0).filter(|f| !f.is_empty());
    let mut changes = Vec::new();
    while let Some(head) = fields.next() {
        let head = std::str::from_utf8(head).map_err(|_| bad())?;
        let mut parts = head.trim_start_matches(':').split(' ');
        let (_, new_mode, old_id, new_id, status) = (
            parts.next().ok_or_else(bad)?,
            parts.next().ok_or_else(bad)?,
            parts.next().ok_or_else(bad)?,
            parts.next().ok_or_else(bad)?,
            parts.next().ok_or_else(bad)?,
        );
        let status = *status.as_bytes().first().ok_or_else(bad)?;
        let mut path = fields.next().ok_or_else(bad)?;
        if matches!(status, b'R' | b'C') {
            path = fields.next().ok_or_else(bad)?;
        }
        changes.push(Change {
            status,
            old_id: Oid::from_str(old_id).map_err(|_| bad())?,
            new_id: Oid::from_str(new_id).map_err(|_| bad())?,
            new_mode: u32::from_str_radix(new_mode, 8).map_err(|_| bad())?,
            path: path_string(path),
        });
    }
    Ok(changes)
}

/// What is staged in a repository's index against HEAD (or against nothing before the first
/// commit): one blob per staged change, whose added lines are the ones that can fail the commit.
pub struct Staged {
    repo: Mutex<Repository>,
    changes: Vec<Change>,
}

impl Staged {
    /// Checks the index and waits for git's list of the staged changes.
    pub fn new(repo: Repository, diff: StagedDiff) -> Result<Staged, String> {
        let index = std::env::var_os("GIT_INDEX_FILE")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| repo.path().join("index"));
        check_index(&index)?;
        let changes = diff.changes()?;
        Ok(Staged {
            repo: Mutex::new(repo),
            changes,
        })
    }
}

impl Source for Staged {
    fn enumerate<S: Sink>(&self, sink: &S) -> Result<(), String> {
        let repo = self.repo.lock().unwrap_or_else(|p| p.into_inner());
        let mut worker = sink.worker();
        for change in &self.changes {
            if change.new_mode == 0o160000 {
                continue; // a submodule's commit id: not content
            }
            let size = repo
                .odb()
                .and_then(|odb| odb.read_header(change.new_id))
                .ok()
                .map(|h| h.0 as u64);
            let blob = StagedBlob {
                repo: &repo,
                change,
                origin: [Origin {
                    path: change.path.clone(),
                    commit: None,
                }],
                size,
            };
            sink.blob(&mut worker, &blob);
        }
        Ok(())
    }
}

/// One staged change's new blob.
struct StagedBlob<'a> {
    repo: &'a Repository,
    change: &'a Change,
    origin: [Origin; 1],
    size: Option<u64>,
}

impl Blob for StagedBlob<'_> {
    fn origins(&self) -> &[Origin] {
        &self.origin
    }

    fn size(&self) -> Option<u64> {
        self.size
    }

    fn read(&self, limit: u64) -> Result<Loaded<'_>, String> {
        let blob = self
            .repo
            .find_blob(self.change.new_id)
            .map_err(|e| format!("staged blob could not be read: {}", e.message()))?;
        if blob.size() as u64 > limit {
            return Ok(Loaded::TooLarge(blob.size() as u64));
        }
        Ok(Loaded::Bytes(Cow::Owned(blob.content().to_vec())))
    }

    fn added_lines(&self) -> Result<Option<Vec<u32>>, String> {
        let c = self.change;
        if c.old_id.is_zero() || c.status == b'T' {
            return Ok(None); // all lines are new
        }
        let err = |e: git2::Error| format!("cannot diff the staged change: {}", e.message());
        let Ok(old) = self.repo.find_blob(c.old_id) else {
            return Ok(None);
        };
        let new = self.repo.find_blob(c.new_id).map_err(err)?;
        added_lines(&old, &new).map(Some).map_err(err)
    }
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

#[cfg(test)]
mod tests {
    use super::parse_raw;

    #[test]
    fn parses_raw_output() {
        let raw = b":000000 100644 0000000000000000000000000000000000000000 45b983be36b73c0788dc9cbcb76cbb80fc7bb057 A\0a\0:100644 100644 45b983be36b73c0788dc9cbcb76cbb80fc7bb057 45b983be36b73c0788dc9cbcb76cbb80fc7bb057 R100\0a\0b c\0";
        let c = parse_raw(raw).unwrap();
        assert_eq!(c.len(), 2);
        assert_eq!(
            (c[0].status, c[0].path.as_str(), c[0].old_id.is_zero()),
            (b'A', "a", true)
        );
        assert_eq!(
            (c[1].status, c[1].path.as_str(), c[1].new_mode),
            (b'R', "b c", 0o100644)
        );
        assert!(parse_raw(b":100644 garbage").is_err());
    }
}
