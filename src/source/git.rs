//! Git history: every blob reachable from the refs (or introduced by a revision range). Commits are
//! walked oldest first and each is diffed against all of its parents, so the first time a (path, blob)
//! pair appears is the commit that introduced it (a merge introduces only what no parent had). Each
//! distinct blob is then read and scanned once, in parallel, and its findings fan out to every path
//! that holds it.
//!
//! Memory holds blob ids and paths, never contents: each worker reads one blob at a time.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::{Arc, Mutex};

use git2::{ObjectType, Oid, Repository, Sort, Tree};
use rayon::prelude::*;

use super::Diagnostic;
use super::gitmeta::{commit_meta, is_lfs_pointer, path_string};
use crate::detect::{Detector, hints_for_path};
use crate::finding::{CommitMeta, Finding};
use crate::scan::{BlobOutcome, Scanner, Stats};

/// What to scan.
#[derive(Clone, Debug, Default)]
pub struct HistoryOptions {
    /// `A..B`: only commits reachable from B and not from A. `None`: every ref.
    pub range: Option<String>,
    pub threads: usize,
}

/// What a history scan found, and what it could not read.
#[derive(Default)]
pub struct HistoryResult {
    pub findings: Vec<Finding>,
    pub diagnostics: Vec<Diagnostic>,
    pub commits: usize,
    pub shallow: bool,
    pub submodules: usize,
    pub lfs_pointers: u64,
}

/// Where a blob appeared: the paths that held it, each with the first commit that put it there.
struct BlobPlaces {
    places: Vec<(String, u32)>,
}

/// Opens the repository at `path` or above it (a work tree, any directory inside one, or a bare
/// repository), as git does, with a clear error when there is none.
pub fn open(path: &Path) -> Result<Repository, String> {
    Repository::discover(path)
        .map_err(|e| format!("{}: not a git repository ({})", path.display(), e.message()))
}

/// Scans the history of the repository at `path`.
pub fn scan(
    scanner: &Scanner,
    path: &Path,
    opts: &HistoryOptions,
    stats: &Stats,
) -> Result<HistoryResult, String> {
    // libgit2 re-hashes every object it reads unless told not to; hush reads content, it does not
    // verify the repository (measured in shared/notes/git-read.md: 1.8x on the read phase).
    git2::opts::strict_hash_verification(false);
    // No object cache: blobs come out of the packs once each (source/pack.rs), and the tree diff
    // keeps the trees it will reread itself (TreeCache). libgit2's cache held up to 256 MiB by default,
    // and capped small it spent 11% of the walk evicting. Pack windows are small and capped, so that
    // the part of the pack libgit2 maps (for trees, and for blobs the pack reader leaves) does not
    // count in the resident set whole: 717 MB peak on a 1 GB history in
    // benches/runs/2026-11-22-0153.md, mostly the mapped pack. Too tight a limit thrashes once two
    // threads walk trees: 32 MiB windows under a 64 MiB limit spent 4 s of system time mapping and
    // unmapping on the 20,000-commit benchmark history; 16 MiB under 128 MiB spent 0.4 s, for a
    // peak of 106 MB.
    git2::opts::enable_caching(false);
    #[allow(unsafe_code)]
    // SAFETY: these set process-wide libgit2 options; they are called here, before this scan starts
    // any thread that uses libgit2, and hush runs one history scan per process.
    unsafe {
        let _ = git2::opts::set_mwindow_size(16 << 20);
        let _ = git2::opts::set_mwindow_mapped_limit(128 << 20);
    }
    let repo = open(path)?;
    let mut result = HistoryResult {
        shallow: repo.is_shallow(),
        ..HistoryResult::default()
    };
    let walk = walk_commits(&repo, opts.range.as_deref())?;
    let (commit_ids, base_blobs) = (walk.commits, walk.base_blobs);
    result.commits = commit_ids.len();

    let threads = opts.threads.max(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| e.to_string())?;
    let repo_path = repo.path().to_path_buf();

    // What each commit introduced, diffed in parallel over runs of consecutive commits (so that each
    // run's TreeCache still finds the parent's trees), then merged in commit order.
    let run = (commit_ids.len() / (threads * 8)).clamp(1, 512);
    let runs: Vec<Introductions> = pool.install(|| {
        commit_ids
            .par_chunks(run)
            .enumerate()
            .map_init(
                || Repository::open(&repo_path),
                |repo, (k, ids)| match repo {
                    Ok(repo) => introductions(repo, ids, (k * run) as u32, &base_blobs),
                    Err(e) => Introductions::failed(ids, e),
                },
            )
            .collect()
    });

    // Introductions: blob -> places, in order of first appearance (oldest commit first).
    let mut index: HashMap<Oid, u32> = HashMap::new();
    let mut order: Vec<Oid> = Vec::new();
    let mut blobs: Vec<BlobPlaces> = Vec::new();
    for r in runs {
        result.submodules += r.submodules;
        for (oid, message) in r.errors {
            stats.add(&stats.errors, 1);
            result.diagnostics.push(Diagnostic {
                path: format!("commit {oid}"),
                message: format!("could not read its trees: {message}"),
                error: true,
            });
        }
        for (c, p, blob) in r.changes {
            let i = *index.entry(blob).or_insert_with(|| {
                order.push(blob);
                blobs.push(BlobPlaces { places: Vec::new() });
                (order.len() - 1) as u32
            });
            let entry = &mut blobs[i as usize];
            if !entry.places.iter().any(|(q, _)| q.as_bytes() == p) {
                entry.places.push((path_string(&p), c));
            }
        }
    }

    stats.progress.set_total("blobs", order.len() as u64);
    let found: Mutex<Vec<(u32, Finding)>> = Mutex::new(Vec::new());
    let diags: Mutex<Vec<Diagnostic>> = Mutex::new(Vec::new());
    let lfs = std::sync::atomic::AtomicU64::new(0);
    let blob_scan = BlobScan {
        scanner,
        stats,
        found: &found,
        diags: &diags,
        lfs: &lfs,
    };
    // Most blobs come straight out of the pack files, each object inflated once (source/pack.rs);
    // the rest (loose objects, alternates, anything over the size limit or unreadable there) are
    // read through libgit2, one Repository per worker thread.
    let detectors: Vec<Mutex<Detector>> = (0..threads)
        .map(|_| Mutex::new(Detector::new(scanner.rules.clone())))
        .collect();
    let objects_dir = repo.commondir().join("objects");
    pool.install(|| {
        let delivery =
            super::pack::read_blobs(&objects_dir, &index, scanner.max_file_size, &|i, bytes| {
                // One detector per pool thread. Its lock is never contended nor re-entered:
                // scanning a blob starts no rayon work, so a thread cannot take up another blob
                // while it holds its detector.
                let t = rayon::current_thread_index().unwrap_or(0) % threads;
                let mut detector = lock(&detectors[t]);
                blob_scan.scan(
                    &mut detector,
                    order[i as usize],
                    &blobs[i as usize].places,
                    bytes,
                );
            });
        let rest: Vec<u32> = (0..order.len() as u32)
            .filter(|&i| !delivery.was_delivered(i))
            .collect();
        rest.par_iter().for_each_init(
            || {
                (
                    Repository::open(&repo_path),
                    Detector::new(scanner.rules.clone()),
                )
            },
            |(repo, detector), &i| {
                let (oid, places) = (order[i as usize], &blobs[i as usize].places);
                match repo {
                    Ok(repo) => blob_scan.read_and_scan(repo, detector, oid, places),
                    Err(e) => blob_scan.unreadable(oid, places, e),
                }
            },
        );
    });
    result.lfs_pointers = lfs.into_inner();
    result
        .diagnostics
        .extend(diags.into_inner().unwrap_or_else(|p| p.into_inner()));
    let found = found.into_inner().unwrap_or_else(|p| p.into_inner());
    stats.add(
        &stats.files,
        blobs
            .iter()
            .flat_map(|b| b.places.iter().map(|(p, _)| p.as_str()))
            .collect::<HashSet<_>>()
            .len() as u64,
    );
    result.findings = attribute(&repo, &commit_ids, found);
    Ok(result)
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// What each worker needs to turn a blob into findings, and where the results go.
struct BlobScan<'a> {
    scanner: &'a Scanner,
    stats: &'a Stats,
    found: &'a Mutex<Vec<(u32, Finding)>>,
    diags: &'a Mutex<Vec<Diagnostic>>,
    lfs: &'a std::sync::atomic::AtomicU64,
}

impl BlobScan<'_> {
    /// Reads a blob through libgit2 (a blob over the size limit is never inflated: its size is in the
    /// object header, and libgit2 would otherwise load it whole, however large) and scans it.
    fn read_and_scan(
        &self,
        repo: &Repository,
        detector: &mut Detector,
        oid: Oid,
        places: &[(String, u32)],
    ) {
        let (scanner, stats) = (self.scanner, self.stats);
        let size = repo.odb().and_then(|odb| odb.read_header(oid)).map(|h| h.0);
        if let Ok(size) = size.map(|s| s as u64) {
            if size > scanner.max_file_size {
                stats.add(&stats.blobs, 1);
                stats.add(&stats.skipped_large, 1);
                self.skipped_large(oid, places, size);
                // Blocked file names still count (those whose rule needs no content).
                let mut out: Vec<(u32, Finding)> = Vec::new();
                for (p, c) in places {
                    let mut f = Vec::new();
                    scanner.filename_findings(p, b"", &mut f);
                    out.extend(f.into_iter().map(|f| (*c, f)));
                }
                if !out.is_empty() {
                    lock(self.found).extend(out);
                }
                return;
            }
        }
        match repo.find_blob(oid) {
            Ok(blob) => self.scan(detector, oid, places, blob.content()),
            Err(e) => self.unreadable(oid, places, &e),
        }
    }

    /// A blob that could not be read: an error (exit 2), and the scan goes on.
    fn unreadable(&self, oid: Oid, places: &[(String, u32)], e: &git2::Error) {
        self.stats.add(&self.stats.errors, 1);
        self.stats.progress.item(0);
        lock(self.diags).push(Diagnostic {
            path: places[0].0.clone(),
            message: format!("blob {oid} could not be read: {}", e.message()),
            error: true,
        });
    }

    fn skipped_large(&self, oid: Oid, places: &[(String, u32)], size: u64) {
        lock(self.diags).push(Diagnostic {
            path: places[0].0.clone(),
            message: format!(
                "skipped blob {oid}: {size} bytes is over the size limit of {} bytes",
                self.scanner.max_file_size
            ),
            error: false,
        });
    }

    /// Scans one blob's content once and fans its findings out to every path that held it.
    fn scan(&self, detector: &mut Detector, oid: Oid, places: &[(String, u32)], bytes: &[u8]) {
        let (scanner, stats) = (self.scanner, self.stats);
        stats.progress.item(bytes.len() as u64);
        stats.add(&stats.blobs, 1);
        stats.add(&stats.bytes, bytes.len() as u64);
        let mut out: Vec<(u32, Finding)> = Vec::new();
        for (p, c) in places {
            let mut f = Vec::new();
            scanner.filename_findings(p, bytes, &mut f);
            out.extend(f.into_iter().map(|f| (*c, f)));
        }
        if is_lfs_pointer(bytes) {
            self.lfs.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        } else if bytes.len() as u64 > scanner.max_file_size {
            stats.add(&stats.skipped_large, 1);
            self.skipped_large(oid, places, bytes.len() as u64);
        } else {
            // Scan once, under the path whose hints are least likely to silence a rule.
            let rep = places
                .iter()
                .find(|(p, _)| !hints_for_path(p).test_like)
                .unwrap_or(&places[0]);
            let mut content = Vec::new();
            match scanner.content_findings(detector, &rep.0, bytes, &mut content) {
                BlobOutcome::Binary => stats.add(&stats.skipped_binary, 1),
                BlobOutcome::Scanned => {}
            }
            for (p, c) in places {
                if scanner.allowlist.allows_path(p) {
                    continue;
                }
                for f in &content {
                    let mut f = f.clone();
                    f.path = p.clone();
                    out.push((*c, f));
                }
            }
        }
        if !out.is_empty() {
            lock(self.found).extend(out);
        }
    }
}

/// The commits to diff (oldest first), and for a range the blobs its base side already holds.
pub(crate) struct Walk {
    pub commits: Vec<Oid>,
    /// Blobs in the trees of the commits a range leaves out and touches (its hidden tips and the
    /// parents of its commits outside it): none of them is introduced by the range. Empty for a
    /// full-history scan.
    pub base_blobs: HashSet<Oid>,
}

/// The commits to diff, oldest first.
fn walk_commits(repo: &Repository, range: Option<&str>) -> Result<Walk, String> {
    let err = |e: git2::Error| format!("cannot walk history: {}", e.message());
    let mut walk = repo.revwalk().map_err(err)?;
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE)
        .map_err(err)?;
    let mut hidden = Vec::new();
    match range {
        Some(spec) => {
            let sel = super::revs::RangeSpec::parse(spec)?.resolve(repo)?;
            walk.push(sel.include).map_err(err)?;
            for h in &sel.hide {
                walk.hide(*h).map_err(err)?;
            }
            hidden = sel.hide;
        }
        None => {
            // Every ref that leads to a commit: branches, tags, remote-tracking refs, the stash, and
            // HEAD itself (a detached HEAD is no ref).
            let mut pushed = false;
            if let Ok(refs) = repo.references() {
                for r in refs.flatten() {
                    if let Ok(c) = r.peel_to_commit() {
                        walk.push(c.id()).map_err(err)?;
                        pushed = true;
                    }
                }
            }
            if let Ok(head) = repo.head() {
                if let Ok(c) = head.peel_to_commit() {
                    walk.push(c.id()).map_err(err)?;
                    pushed = true;
                }
            }
            if !pushed {
                return Ok(Walk {
                    commits: Vec::new(),
                    base_blobs: HashSet::new(),
                }); // an empty repository
            }
            for parent in grafted_away_parents(repo) {
                walk.push(parent).map_err(err)?;
            }
        }
    }
    let mut commits = Vec::new();
    for oid in walk {
        commits.push(oid.map_err(err)?);
    }
    let mut base_blobs = HashSet::new();
    if range.is_some() {
        // The base side the range touches: its hidden tips, and every parent of a commit in the range
        // that is not in it (the base a merge brought in). A parent missing from a shallow clone is
        // left out.
        let inside: HashSet<Oid> = commits.iter().copied().collect();
        let mut seen: HashSet<Oid> = hidden.iter().copied().collect();
        for c in &commits {
            let commit = repo.find_commit(*c).map_err(err)?;
            for p in commit.parent_ids() {
                if !inside.contains(&p) && !seen.contains(&p) && repo.find_commit(p).is_ok() {
                    seen.insert(p);
                    hidden.push(p);
                }
            }
        }
        base_blobs = super::revs::blobs_of(repo, &hidden)?;
    }
    Ok(Walk {
        commits,
        base_blobs,
    })
}

/// The real parents of the commits that `.git/info/grafts` rewrites. libgit2 applies grafts when it
/// reads a commit, so a graft that cuts a commit's parents off hides all the history behind it from
/// the walk, although every object is still in the repository (and in every clone made before).
/// Pushing those parents as extra starting points scans that history too. The parents are read from
/// the raw commit objects, which grafts do not change; a parent that is not in the repository (a
/// shallow clone's boundary) is left out.
fn grafted_away_parents(repo: &Repository) -> Vec<Oid> {
    let Ok(grafts) = std::fs::read_to_string(repo.path().join("info/grafts")) else {
        return Vec::new();
    };
    let Ok(odb) = repo.odb() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for line in grafts.lines() {
        let Some(Ok(grafted)) = line.split_whitespace().next().map(Oid::from_str) else {
            continue;
        };
        let Ok(raw) = odb.read(grafted) else { continue };
        // The header: "tree <id>", "parent <id>"..., up to the first blank line.
        for header in raw
            .data()
            .split(|&b| b == b'\n')
            .take_while(|l| !l.is_empty())
        {
            let Some(id) = header.strip_prefix(b"parent ") else {
                continue;
            };
            let id = std::str::from_utf8(id)
                .ok()
                .and_then(|s| Oid::from_str(s).ok());
            if let Some(id) = id.filter(|id| odb.exists(*id)) {
                out.push(id);
            }
        }
    }
    out
}

/// The trees the previous commit's diff read as new: in a mostly linear history they are the old
/// side of the next commit's diff, so each tree is read from the object store once. libgit2's own
/// object cache would do the same, but a cache big enough for a long history holds hundreds of
/// megabytes, and a small one spends its time evicting (11% of a history scan's profile).
struct TreeCache<'r> {
    repo: &'r Repository,
    prev: HashMap<Oid, Tree<'r>>,
    cur: HashMap<Oid, Tree<'r>>,
}

impl<'r> TreeCache<'r> {
    fn new(repo: &'r Repository) -> Self {
        TreeCache {
            repo,
            prev: HashMap::new(),
            cur: HashMap::new(),
        }
    }

    /// A tree on the new side of the current diff (kept for the next commit's diff).
    fn new_side(&mut self, id: Oid) -> Result<Tree<'r>, git2::Error> {
        let tree = match self.prev.get(&id) {
            Some(t) => t.clone(),
            None => self.repo.find_tree(id)?,
        };
        self.cur.insert(id, tree.clone());
        Ok(tree)
    }

    /// A tree on the old side of the current diff.
    fn old_side(&self, id: Oid) -> Result<Tree<'r>, git2::Error> {
        match self.prev.get(&id).or_else(|| self.cur.get(&id)) {
            Some(t) => Ok(t.clone()),
            None => self.repo.find_tree(id),
        }
    }

    /// Called after each commit: what this commit read becomes what the next one may reuse.
    fn next_commit(&mut self) {
        std::mem::swap(&mut self.prev, &mut self.cur);
        self.cur.clear();
    }
}

/// The (commit, path, blob) changes of a run of consecutive commits, in order.
struct Introductions {
    changes: Vec<(u32, Vec<u8>, Oid)>,
    errors: Vec<(Oid, String)>,
    submodules: usize,
}

impl Introductions {
    fn failed(ids: &[Oid], e: &git2::Error) -> Introductions {
        Introductions {
            changes: Vec::new(),
            errors: ids.iter().map(|o| (*o, e.message().to_string())).collect(),
            submodules: 0,
        }
    }
}

/// Diffs each commit of `ids` (the first of which is commit number `first`) against its parents,
/// leaving out the blobs of `base` (a range's base side).
fn introductions(repo: &Repository, ids: &[Oid], first: u32, base: &HashSet<Oid>) -> Introductions {
    let mut out = Introductions {
        changes: Vec::new(),
        errors: Vec::new(),
        submodules: 0,
    };
    let mut trees = TreeCache::new(repo);
    for (k, oid) in ids.iter().enumerate() {
        let c = first + k as u32;
        let changes = &mut out.changes;
        match introduced_by(&mut trees, *oid, &mut |p, blob| {
            if !base.contains(&blob) {
                changes.push((c, p.to_vec(), blob))
            }
        }) {
            Ok(subs) => out.submodules += subs,
            Err(e) => out.errors.push((*oid, e.message().to_string())),
        }
    }
    out
}

/// Calls `f(path, blob)` for every blob the commit introduced: those at a path where none of its
/// parents has that blob (all of its tree, for a root commit or a shallow boundary). A merge
/// introduces only what it adds itself (a conflict resolution, an evil merge), never what it brings
/// from one parent to another: that blob was introduced by a commit on the side it came from.
/// Returns the number of submodule entries seen (not followed).
fn introduced_by<'r>(
    trees: &mut TreeCache<'r>,
    oid: Oid,
    f: &mut dyn FnMut(&[u8], Oid),
) -> Result<usize, git2::Error> {
    let repo = trees.repo;
    let commit = repo.find_commit(oid)?;
    // A missing parent (shallow clone) has nothing to compare with: with no parent left, this commit
    // is a root and all of its tree is new here.
    let parents: Vec<Tree<'r>> = commit
        .parent_ids()
        .filter_map(|p| repo.find_commit(p).ok())
        .filter_map(|p| trees.old_side(p.tree_id()).ok())
        .collect();
    let tree = trees.new_side(commit.tree_id())?;
    let mut subs = 0;
    let mut prefix = Vec::new();
    let res = diff_trees(trees, &parents, &tree, &mut prefix, &mut subs, f);
    trees.next_commit();
    res.map(|()| subs)
}

/// A hand-written tree diff: entries of `new` whose id differs from the same name in every tree of
/// `old` (none: all of `new`). Subtrees whose id one of `old` shares are skipped whole
/// (shared/notes/git-read.md: 9x faster than libgit2's tree diff).
fn diff_trees<'r>(
    trees: &mut TreeCache<'r>,
    old: &[Tree<'r>],
    new: &Tree<'r>,
    prefix: &mut Vec<u8>,
    subs: &mut usize,
    f: &mut dyn FnMut(&[u8], Oid),
) -> Result<(), git2::Error> {
    for entry in new.iter() {
        let name = entry.name_bytes();
        let id = entry.id();
        if old
            .iter()
            .any(|o| o.get_name_bytes(name).is_some_and(|b| b.id() == id))
        {
            continue;
        }
        let len = prefix.len();
        prefix.extend_from_slice(name);
        match entry.kind() {
            Some(ObjectType::Tree) => {
                let sub = trees.new_side(id)?;
                let old_subs: Vec<Tree<'r>> = old
                    .iter()
                    .filter_map(|o| o.get_name_bytes(name))
                    .filter(|b| b.kind() == Some(ObjectType::Tree))
                    .filter_map(|b| trees.old_side(b.id()).ok())
                    .collect();
                prefix.push(b'/');
                diff_trees(trees, &old_subs, &sub, prefix, subs, f)?;
            }
            Some(ObjectType::Blob) => f(prefix, id),
            Some(ObjectType::Commit) => *subs += 1,
            _ => {}
        }
        prefix.truncate(len);
    }
    Ok(())
}

/// Keeps one finding per (path, rule, secret): the one from the earliest commit, which introduced it.
/// Then fills in each finding's commit and whether the secret is still in HEAD.
fn attribute(repo: &Repository, commits: &[Oid], mut found: Vec<(u32, Finding)>) -> Vec<Finding> {
    found.sort_by(|(ca, a), (cb, b)| {
        (a.path.as_str(), a.rule_id.as_str(), a.secret.expose(), ca).cmp(&(
            b.path.as_str(),
            b.rule_id.as_str(),
            b.secret.expose(),
            cb,
        ))
    });
    found.dedup_by(|(_, b), (_, a)| {
        a.path == b.path && a.rule_id == b.rule_id && a.secret.expose() == b.secret.expose()
    });
    let head_tree = repo.head().ok().and_then(|h| h.peel_to_tree().ok());
    let mut head_blobs: HashMap<String, Option<Vec<u8>>> = HashMap::new();
    let mut metas: HashMap<(u32, bool), Arc<CommitMeta>> = HashMap::new();
    let mut out = Vec::with_capacity(found.len());
    for (c, mut f) in found {
        let head_content = head_blobs.entry(f.path.clone()).or_insert_with(|| {
            let tree = head_tree.as_ref()?;
            let entry = tree.get_path(Path::new(&f.path)).ok()?;
            let blob = repo.find_blob(entry.id()).ok()?;
            Some(blob.content().to_vec())
        });
        let in_head = match (head_content, f.line) {
            (Some(content), Some(_)) => memchr::memmem::find(content, f.secret.expose()).is_some(),
            (Some(_), None) => true, // a blocked file name still present
            (None, _) => false,
        };
        let meta = metas.entry((c, in_head)).or_insert_with(|| {
            let commit = repo.find_commit(commits[c as usize]).ok();
            match commit {
                Some(commit) => commit_meta(&commit, in_head),
                None => Arc::new(CommitMeta {
                    commit: commits[c as usize].to_string(),
                    author: String::new(),
                    email: String::new(),
                    date: String::new(),
                    in_head,
                }),
            }
        });
        f.commit = Some(meta.clone());
        out.push(f);
    }
    out
}
