//! Git history: every blob reachable from the refs (or introduced by a revision range). Commits are
//! walked oldest first and each is diffed against all of its parents, so the first time a (path, blob)
//! pair appears is the commit that introduced it (a merge introduces only what no parent had). Each
//! distinct blob is then offered once, in parallel, with every (path, commit) that holds it as its
//! origins.
//!
//! Memory holds blob ids and paths, never contents: each worker reads one blob at a time.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use git2::{ObjectType, Oid, Repository, Sort, Tree};
use rayon::prelude::*;

use super::gitmeta::{commit_meta, path_string};
use super::{Blob, CommitMeta, Loaded, Origin, Sink, Source};

/// What to scan.
#[derive(Clone, Debug, Default)]
pub struct HistoryOptions {
    /// `A..B`: only commits reachable from B and not from A. `None`: every ref.
    pub range: Option<String>,
    pub threads: usize,
    /// `(i, n)`: offer only the blobs of shard `i` of `n` (by blob id); the commits are walked whole,
    /// so every origin and attribution is the one an unsharded walk finds.
    pub shard: Option<(u32, u32)>,
}

/// Whether the blob `oid` belongs to shard `i` of `n`: its first four bytes as a number, modulo `n`
/// (blob ids are hashes, so shards get an even share of blobs).
pub fn in_shard(oid: &[u8], (i, n): (u32, u32)) -> bool {
    let mut b = [0u8; 4];
    b.copy_from_slice(&oid[..4]);
    u32::from_be_bytes(b) % n.max(1) == i
}

/// A repository's history, walked: its commits, and each distinct blob with the places that held it.
/// Enumerating it reads the blobs.
pub struct History {
    repo: Mutex<Repository>,
    repo_path: PathBuf,
    objects_dir: PathBuf,
    pool: rayon::ThreadPool,
    threads: usize,
    commits: Vec<Oid>,
    /// Distinct blobs in order of first appearance, their index, and where each appeared.
    order: Vec<Oid>,
    index: HashMap<Oid, u32>,
    places: Vec<Vec<Origin>>,
    /// Commits whose trees could not be read.
    tree_errors: Vec<(Oid, String)>,
    pub shallow: bool,
    pub submodules: usize,
}

/// Opens the repository at `path` or above it (a work tree, any directory inside one, or a bare
/// repository), as git does, with a clear error when there is none.
pub fn open(path: &Path) -> Result<Repository, String> {
    Repository::discover(path)
        .map_err(|e| format!("{}: not a git repository ({})", path.display(), e.message()))
}

impl History {
    /// Walks the history of the repository at `path`: the commits, and what each introduced.
    pub fn open(path: &Path, opts: &HistoryOptions) -> Result<History, String> {
        configure_libgit2();
        let repo = open(path)?;
        let shallow = repo.is_shallow();
        let walk = walk_commits(&repo, opts.range.as_deref())?;
        let (commits, base_blobs) = (walk.commits, walk.base_blobs);
        let threads = opts.threads.max(1);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .map_err(|e| e.to_string())?;
        let repo_path = repo.path().to_path_buf();

        // What each commit introduced, diffed in parallel over runs of consecutive commits (so that
        // each run's TreeCache still finds the parent's trees), then merged in commit order.
        let run = (commits.len() / (threads * 8)).clamp(1, 512);
        let runs: Vec<Introductions> = pool.install(|| {
            commits
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
        let mut places: Vec<Vec<Origin>> = Vec::new();
        let mut tree_errors = Vec::new();
        let mut submodules = 0;
        for r in runs {
            submodules += r.submodules;
            tree_errors.extend(r.errors);
            for (c, p, blob) in r.changes {
                let i = *index.entry(blob).or_insert_with(|| {
                    order.push(blob);
                    places.push(Vec::new());
                    (order.len() - 1) as u32
                });
                let path = path_string(&p);
                let entry = &mut places[i as usize];
                if !entry.iter().any(|o| o.path == path) {
                    entry.push(Origin {
                        path,
                        commit: Some(c),
                    });
                }
            }
        }
        if let Some(shard) = opts.shard {
            let (mut kept_order, mut kept_places) = (Vec::new(), Vec::new());
            for (oid, p) in order.into_iter().zip(places) {
                if in_shard(oid.as_bytes(), shard) {
                    kept_order.push(oid);
                    kept_places.push(p);
                }
            }
            (order, places) = (kept_order, kept_places);
            index = order
                .iter()
                .enumerate()
                .map(|(i, o)| (*o, i as u32))
                .collect();
        }
        Ok(History {
            objects_dir: repo.commondir().join("objects"),
            repo: Mutex::new(repo),
            repo_path,
            pool,
            threads,
            commits,
            order,
            index,
            places,
            tree_errors,
            shallow,
            submodules,
        })
    }

    /// How many commits the walk selected.
    pub fn commits(&self) -> usize {
        self.commits.len()
    }

    /// The position in the walk (oldest first) of each of these commits that it holds: the order
    /// in which the shards of one history (`HistoryOptions::shard`) are attributed alike.
    pub fn commit_positions(&self, wanted: &HashSet<String>) -> HashMap<String, usize> {
        self.commits
            .iter()
            .enumerate()
            .filter_map(|(i, c)| {
                let s = c.to_string();
                wanted.contains(&s).then_some((s, i))
            })
            .collect()
    }

    /// The repository's work tree, if it has one.
    pub fn workdir(&self) -> Option<PathBuf> {
        lock(&self.repo).workdir().map(Path::to_path_buf)
    }
}

/// libgit2's process-wide settings for reading a whole history.
fn configure_libgit2() {
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
}

impl Source for History {
    fn enumerate<S: Sink>(&self, sink: &S) -> Result<(), String> {
        for (oid, message) in &self.tree_errors {
            sink.error(
                &format!("commit {oid}"),
                format!("could not read its trees: {message}"),
            );
        }
        let paths: HashSet<&str> = self
            .places
            .iter()
            .flat_map(|p| p.iter().map(|o| o.path.as_str()))
            .collect();
        sink.planned(self.order.len() as u64, paths.len() as u64);
        drop(paths);
        // Most blobs come straight out of the pack files, each object inflated once
        // (source/pack.rs); the rest (loose objects, alternates, anything over the size limit or
        // unreadable there) are read through libgit2, one Repository per worker thread.
        let threads = self.threads;
        let workers: Vec<Mutex<S::Worker>> =
            (0..threads).map(|_| Mutex::new(sink.worker())).collect();
        self.pool.install(|| {
            let delivery = super::pack::read_blobs(
                &self.objects_dir,
                &self.index,
                sink.size_limit(),
                &|i, bytes| {
                    // One worker per pool thread. Its lock is never contended nor re-entered:
                    // scanning a blob starts no rayon work, so a thread cannot take up another
                    // blob while it holds its worker.
                    let t = rayon::current_thread_index().unwrap_or(0) % threads;
                    let blob = InMemory {
                        origins: &self.places[i as usize],
                        bytes,
                    };
                    sink.blob(&mut lock(&workers[t]), &blob);
                },
            );
            let rest: Vec<u32> = (0..self.order.len() as u32)
                .filter(|&i| !delivery.was_delivered(i))
                .collect();
            rest.par_iter().for_each_init(
                || (Repository::open(&self.repo_path), sink.worker()),
                |(repo, worker), &i| {
                    let (oid, origins) = (self.order[i as usize], &self.places[i as usize]);
                    match repo {
                        Ok(repo) => {
                            let size = repo
                                .odb()
                                .and_then(|odb| odb.read_header(oid))
                                .ok()
                                .map(|h| h.0 as u64);
                            sink.blob(
                                worker,
                                &Object {
                                    repo,
                                    oid,
                                    origins,
                                    size,
                                },
                            );
                        }
                        Err(e) => sink.error(
                            &origins[0].path,
                            format!("blob {oid} could not be read: {}", e.message()),
                        ),
                    }
                },
            );
        });
        Ok(())
    }

    fn commit(&self, index: u32, in_head: bool) -> Option<Arc<CommitMeta>> {
        let id = *self.commits.get(index as usize)?;
        let repo = lock(&self.repo);
        Some(match repo.find_commit(id) {
            Ok(commit) => commit_meta(&commit, in_head),
            Err(_) => Arc::new(CommitMeta {
                commit: id.to_string(),
                author: String::new(),
                email: String::new(),
                date: String::new(),
                in_head,
            }),
        })
    }

    fn head_content(&self, path: &str) -> Option<Vec<u8>> {
        let repo = lock(&self.repo);
        let tree = repo.head().ok()?.peel_to_tree().ok()?;
        let bytes = super::path::bytes(path);
        #[cfg(unix)]
        let p: &Path = {
            use std::os::unix::ffi::OsStrExt;
            Path::new(std::ffi::OsStr::from_bytes(&bytes))
        };
        #[cfg(not(unix))]
        let p: &Path = Path::new(path);
        let entry = tree.get_path(p).ok()?;
        let blob = repo.find_blob(entry.id()).ok()?;
        Some(blob.content().to_vec())
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// A blob the pack reader has already inflated.
struct InMemory<'a> {
    origins: &'a [Origin],
    bytes: &'a [u8],
}

impl Blob for InMemory<'_> {
    fn origins(&self) -> &[Origin] {
        self.origins
    }

    fn size(&self) -> Option<u64> {
        Some(self.bytes.len() as u64)
    }

    fn read(&self, _limit: u64) -> Result<Loaded<'_>, String> {
        Ok(Loaded::Bytes(Cow::Borrowed(self.bytes)))
    }
}

/// A blob read through libgit2, sized by its object header (libgit2 would otherwise load a blob
/// whole, however large, to learn its size).
struct Object<'a> {
    repo: &'a Repository,
    oid: Oid,
    origins: &'a [Origin],
    size: Option<u64>,
}

impl Blob for Object<'_> {
    fn origins(&self) -> &[Origin] {
        self.origins
    }

    fn size(&self) -> Option<u64> {
        self.size
    }

    fn read(&self, limit: u64) -> Result<Loaded<'_>, String> {
        let blob = self
            .repo
            .find_blob(self.oid)
            .map_err(|e| format!("blob {} could not be read: {}", self.oid, e.message()))?;
        if blob.size() as u64 > limit {
            return Ok(Loaded::TooLarge(blob.size() as u64));
        }
        Ok(Loaded::Bytes(Cow::Owned(blob.content().to_vec())))
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
            // A ref to an object the repository does not hold is corruption, never "nothing to
            // scan": an empty result there would pass an audit of a broken clone as clean. (A tag
            // of a tree or a blob is fine: it leads to no commit.)
            let missing = |r: &git2::Reference| -> String {
                let name = String::from_utf8_lossy(r.name_bytes()).into_owned();
                format!(
                    "cannot walk history: {name} points to an object the repository does not hold (a corrupt or incomplete clone?)"
                )
            };
            let mut pushed = false;
            if let Ok(refs) = repo.references() {
                for r in refs.flatten() {
                    match r.peel_to_commit() {
                        Ok(c) => {
                            walk.push(c.id()).map_err(err)?;
                            pushed = true;
                        }
                        Err(_) if r.peel(ObjectType::Any).is_err() => return Err(missing(&r)),
                        Err(_) => {}
                    }
                }
            }
            if let Ok(head) = repo.head() {
                match head.peel_to_commit() {
                    Ok(c) => {
                        walk.push(c.id()).map_err(err)?;
                        pushed = true;
                    }
                    Err(_) if head.peel(ObjectType::Any).is_err() => return Err(missing(&head)),
                    Err(_) => {}
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
///
/// A directory that the previous commit did not change is on the old side too when a later commit
/// changes it: in a linear history that old side is the version last read on the new side at the
/// same path, which `latest` keeps (one tree per directory, so about one checkout's trees). Without
/// it a third of the tree reads of the benchmark history were second reads of the same tree.
struct TreeCache<'r> {
    repo: &'r Repository,
    prev: HashMap<Oid, Tree<'r>>,
    cur: HashMap<Oid, Tree<'r>>,
    /// The tree last read on the new side at each path (`dir/sub/`, the root at ``), and the
    /// number of entries they hold together (bounded by [`LATEST_ENTRIES`]).
    latest: HashMap<Vec<u8>, Tree<'r>>,
    latest_entries: usize,
    /// The tree of each commit of the run so far: the parent of the next commit is usually one,
    /// and then is not read again.
    commit_trees: HashMap<Oid, Oid>,
    /// Trees read from the object store.
    reads: usize,
}

/// Entries held in [`TreeCache::latest`] at most (some megabytes); past it the map starts over.
const LATEST_ENTRIES: usize = 1 << 18;

impl<'r> TreeCache<'r> {
    fn new(repo: &'r Repository) -> Self {
        TreeCache {
            repo,
            prev: HashMap::new(),
            cur: HashMap::new(),
            latest: HashMap::new(),
            latest_entries: 0,
            commit_trees: HashMap::new(),
            reads: 0,
        }
    }

    /// The tree at `path` with id `id`, if this cache holds it.
    fn cached(&self, path: &[u8], id: Oid) -> Option<Tree<'r>> {
        self.prev
            .get(&id)
            .or_else(|| self.cur.get(&id))
            .or_else(|| self.latest.get(path).filter(|t| t.id() == id))
            .cloned()
    }

    fn read(&mut self, id: Oid) -> Result<Tree<'r>, git2::Error> {
        self.reads += 1;
        self.repo.find_tree(id)
    }

    /// The tree at `path` on the new side of the current diff (kept for the next diffs).
    fn new_side(&mut self, path: &[u8], id: Oid) -> Result<Tree<'r>, git2::Error> {
        let tree = match self.cached(path, id) {
            Some(t) => t,
            None => self.read(id)?,
        };
        self.cur.insert(id, tree.clone());
        let added = tree.len();
        let replaced = match self.latest.get_mut(path) {
            Some(t) => std::mem::replace(t, tree.clone()).len(),
            None => {
                if self.latest_entries + added > LATEST_ENTRIES {
                    self.latest.clear();
                    self.latest_entries = 0;
                }
                self.latest.insert(path.to_vec(), tree.clone());
                0
            }
        };
        self.latest_entries = self.latest_entries + added - replaced;
        Ok(tree)
    }

    /// The tree at `path` on the old side of the current diff.
    fn old_side(&mut self, path: &[u8], id: Oid) -> Result<Tree<'r>, git2::Error> {
        match self.cached(path, id) {
            Some(t) => Ok(t),
            None => self.read(id),
        }
    }

    /// The tree of commit `id`, `None` if the repository does not hold the commit (a shallow
    /// clone's boundary).
    fn commit_tree(&self, id: Oid) -> Option<Oid> {
        match self.commit_trees.get(&id) {
            Some(t) => Some(*t),
            None => self.repo.find_commit(id).ok().map(|c| c.tree_id()),
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
    let commit = trees.repo.find_commit(oid)?;
    trees.commit_trees.insert(oid, commit.tree_id());
    // A missing parent (shallow clone) has nothing to compare with: with no parent left, this commit
    // is a root and all of its tree is new here.
    let parent_trees: Vec<Oid> = commit
        .parent_ids()
        .filter_map(|p| trees.commit_tree(p))
        .collect();
    let parents: Vec<Tree<'r>> = parent_trees
        .into_iter()
        .filter_map(|t| trees.old_side(b"", t).ok())
        .collect();
    let tree = trees.new_side(b"", commit.tree_id())?;
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
                prefix.push(b'/');
                // The old sides first: the new side replaces what the cache holds at this path.
                let old_subs: Vec<Tree<'r>> = old
                    .iter()
                    .filter_map(|o| o.get_name_bytes(name))
                    .filter(|b| b.kind() == Some(ObjectType::Tree))
                    .filter_map(|b| trees.old_side(prefix, b.id()).ok())
                    .collect();
                let sub = trees.new_side(prefix, id)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Commits `files` (path, content) on top of `parent`, in a fresh tree.
    fn commit(repo: &Repository, files: &[(&str, &str)], parent: Option<Oid>) -> Oid {
        let mut index = git2::Index::new().unwrap();
        for (path, content) in files {
            let blob = repo.blob(content.as_bytes()).unwrap();
            let mut e = git2::IndexEntry {
                ctime: git2::IndexTime::new(0, 0),
                mtime: git2::IndexTime::new(0, 0),
                dev: 0,
                ino: 0,
                mode: 0o100644,
                uid: 0,
                gid: 0,
                file_size: 0,
                id: blob,
                flags: 0,
                flags_extended: 0,
                path: path.as_bytes().to_vec(),
            };
            e.flags = path.len() as u16;
            index.add(&e).unwrap();
        }
        let tree = repo.find_tree(index.write_tree_to(repo).unwrap()).unwrap();
        let sig = git2::Signature::new("t", "t@example.com", &git2::Time::new(0, 0)).unwrap();
        let parents: Vec<git2::Commit> = parent
            .map(|p| repo.find_commit(p).unwrap())
            .into_iter()
            .collect();
        let parents: Vec<&git2::Commit> = parents.iter().collect();
        repo.commit(None, &sig, &sig, "m", &tree, &parents).unwrap()
    }

    #[test]
    fn each_tree_of_a_linear_history_is_read_once() {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init_bare(dir.path()).unwrap();
        // a/ changes in the first and the last commit only: its old side in the last one is the
        // version the first commit read, two commits earlier.
        let c1 = commit(&repo, &[("a/x", "1"), ("b/y", "1")], None);
        let c2 = commit(&repo, &[("a/x", "1"), ("b/y", "2")], Some(c1));
        let c3 = commit(&repo, &[("a/x", "1"), ("b/y", "3")], Some(c2));
        let c4 = commit(&repo, &[("a/x", "2"), ("b/y", "3")], Some(c3));
        let mut trees = TreeCache::new(&repo);
        let mut seen = Vec::new();
        for c in [c1, c2, c3, c4] {
            introduced_by(&mut trees, c, &mut |p, _| {
                seen.push(String::from_utf8_lossy(p).into_owned())
            })
            .unwrap();
        }
        assert_eq!(seen, ["a/x", "b/y", "b/y", "b/y", "a/x"]);
        // Four root trees, two versions of a/, three of b/.
        assert_eq!(trees.reads, 9);
    }
}
