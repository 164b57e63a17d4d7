//! The pack reader (src/source/pack.rs) against git itself: every blob it delivers must be the blob
//! `git cat-file` prints, whatever the delta layout, and what it cannot read it must leave undelivered.

mod common;

use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;

use common::*;
use git2::Oid;

/// A history in which the same files change a little in every commit, so that a repack stores most
/// versions as deltas, several levels deep.
fn evolving_history(d: &Path) {
    new_repo(d);
    let mut log = String::new();
    let mut config = String::new();
    let commits = 40;
    for i in 0..commits {
        log.push_str(&format!(
            "line {i}: the quick brown fox jumps over the lazy dog {i}\n"
        ));
        config = format!(
            "[server]\nport = {}\nname = \"node-{i}\"\n{config}",
            8000 + i
        );
        let noise: Vec<u8> = (0..3000u32).map(|k| (k * 31 + i) as u8).collect();
        commit(
            d,
            &[
                ("app/log.txt", log.as_bytes()),
                ("conf/app.toml", config.as_bytes()),
                ("data/blob.bin", &noise),
                ("empty", b""),
            ],
            &format!("commit {i}"),
        );
    }
}

/// Every blob reachable from any ref, with its content as git prints it.
fn blobs_by_git(d: &Path) -> HashMap<Oid, Vec<u8>> {
    let listing = git(d, &["rev-list", "--objects", "--all"]);
    let mut out = HashMap::new();
    for line in listing.lines() {
        let id = line.split(' ').next().unwrap();
        if git(d, &["cat-file", "-t", id]).trim() == "blob" {
            let content = std::process::Command::new("git")
                .args(["cat-file", "blob", id])
                .current_dir(d)
                .output()
                .unwrap()
                .stdout;
            out.insert(Oid::from_str(id).unwrap(), content);
        }
    }
    out
}

/// Runs the pack reader over `d` for `wanted`, on two threads; returns what it delivered.
fn read_packed(d: &Path, wanted: &[Oid], max_size: u64) -> HashMap<Oid, Vec<u8>> {
    let index: HashMap<Oid, u32> = wanted
        .iter()
        .enumerate()
        .map(|(i, o)| (*o, i as u32))
        .collect();
    let got: Mutex<HashMap<Oid, Vec<u8>>> = Mutex::new(HashMap::new());
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .unwrap();
    let delivery = pool.install(|| {
        hush::source::pack::read_blobs(&d.join(".git/objects"), &index, max_size, &|i, bytes| {
            let prev = got
                .lock()
                .unwrap()
                .insert(wanted[i as usize], bytes.to_vec());
            assert!(
                prev.is_none(),
                "blob {} delivered twice",
                wanted[i as usize]
            );
        })
    });
    let got = got.into_inner().unwrap();
    for (i, oid) in wanted.iter().enumerate() {
        assert_eq!(
            delivery.was_delivered(i as u32),
            got.contains_key(oid),
            "delivery flags agree with the callback for {oid}"
        );
    }
    got
}

/// How many objects of the pack git stored as deltas (from `git verify-pack -v`).
fn deltified(d: &Path) -> usize {
    // Lines of deltified objects have two more columns: depth and base id.
    delta_bases(d).len()
}

/// Each deltified object's base, from `git verify-pack -v`.
fn delta_bases(d: &Path) -> HashMap<Oid, Oid> {
    let out = git(d, &["verify-pack", "-v", pack_index(d).to_str().unwrap()]);
    out.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>())
        .filter(|c| c.len() == 7)
        .map(|c| (Oid::from_str(c[0]).unwrap(), Oid::from_str(c[6]).unwrap()))
        .collect()
}

fn pack_index(d: &Path) -> std::path::PathBuf {
    std::fs::read_dir(d.join(".git/objects/pack"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "idx"))
        .expect("a pack index")
}

fn check_every_blob(d: &Path) {
    let truth = blobs_by_git(d);
    let wanted: Vec<Oid> = truth.keys().copied().collect();
    let got = read_packed(d, &wanted, u64::MAX);
    assert_eq!(got.len(), truth.len(), "every packed blob is delivered");
    for (oid, content) in &truth {
        assert!(got[oid] == *content, "blob {oid} differs from git's");
    }
}

#[test]
fn every_blob_of_a_deltified_pack_is_read_as_git_reads_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    evolving_history(d);
    git(
        d,
        &[
            "repack",
            "-a",
            "-d",
            "-f",
            "-q",
            "--depth=50",
            "--window=50",
        ],
    );
    let deltas = deltified(d);
    assert!(deltas > 50, "the repack made deltas ({deltas})");
    check_every_blob(d);
}

#[test]
fn deltas_whose_base_is_named_by_id_are_read_too() {
    // Packs written without delta base offsets name each base by its object id (REF_DELTA).
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    evolving_history(d);
    git(
        d,
        &[
            "-c",
            "repack.useDeltaBaseOffset=false",
            "repack",
            "-a",
            "-d",
            "-f",
            "-q",
        ],
    );
    assert!(deltified(d) > 50);
    check_every_blob(d);
}

#[test]
fn loose_objects_and_blobs_over_the_limit_are_left_to_the_caller() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    evolving_history(d);
    git(d, &["repack", "-a", "-d", "-f", "-q"]);
    let loose = commit(d, &[("new.txt", b"written after the repack\n")], "loose");
    let loose_blob =
        Oid::from_str(git(d, &["rev-parse", &format!("{loose}:new.txt")]).trim()).unwrap();
    let truth = blobs_by_git(d);
    let wanted: Vec<Oid> = truth.keys().copied().collect();
    let limit = 1000;
    let got = read_packed(d, &wanted, limit);
    assert!(
        !got.contains_key(&loose_blob),
        "a loose object is not in a pack"
    );
    // A blob is left undelivered when it or a base in its delta chain is over the limit.
    let bases = delta_bases(d);
    let over_limit_chain = |oid: &Oid| {
        let mut cur = Some(*oid);
        while let Some(o) = cur {
            if truth.get(&o).is_none_or(|c| c.len() as u64 > limit) {
                return true;
            }
            cur = bases.get(&o).copied();
        }
        false
    };
    for (oid, content) in &truth {
        match got.get(oid) {
            Some(bytes) => {
                assert_eq!(bytes, content);
                assert!(bytes.len() as u64 <= limit);
            }
            None => assert!(
                *oid == loose_blob || over_limit_chain(oid),
                "blob {oid} of {} bytes was not delivered",
                content.len()
            ),
        }
    }
    let expected: Vec<&Oid> = truth
        .keys()
        .filter(|o| **o != loose_blob && !over_limit_chain(o))
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(
        got.len(),
        expected.len(),
        "every blob whose chain fits is delivered"
    );
}

#[test]
fn a_corrupt_pack_entry_is_not_delivered_and_the_scan_reports_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    evolving_history(d);
    commit(
        d,
        &[("secret.py", format!("TOKEN = '{GH_TOKEN}'\n").as_bytes())],
        "a secret",
    );
    git(d, &["repack", "-a", "-d", "-f", "-q"]);
    let truth = blobs_by_git(d);
    // The largest blob stored whole: flip a byte in the middle of its compressed data.
    let idx = pack_index(d);
    let pack = idx.with_extension("pack");
    let listing = git(d, &["verify-pack", "-v", idx.to_str().unwrap()]);
    let (victim, offset, in_pack) = listing
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>())
        .filter(|c| c.len() == 5 && c[1] == "blob")
        .map(|c| {
            (
                c[0].to_string(),
                c[4].parse::<u64>().unwrap(),
                c[3].parse::<u64>().unwrap(),
            )
        })
        .max_by_key(|c| c.2)
        .unwrap();
    let mut bytes = std::fs::read(&pack).unwrap();
    let at = (offset + in_pack / 2) as usize;
    bytes[at] ^= 0x55;
    let mut perms = std::fs::metadata(&pack).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&pack, perms).unwrap();
    std::fs::write(&pack, bytes).unwrap();

    let victim = Oid::from_str(&victim).unwrap();
    let wanted: Vec<Oid> = truth.keys().copied().collect();
    let got = read_packed(d, &wanted, u64::MAX);
    assert!(
        !got.contains_key(&victim),
        "the corrupt blob is not delivered"
    );
    for (oid, bytes) in &got {
        assert_eq!(bytes, &truth[oid], "what is delivered is intact");
    }
    assert!(got.len() > truth.len() / 2, "the rest is still read");

    // The whole scan: the corrupt blob is reported (exit 2), the secret elsewhere is still found.
    let (code, out, err) = run_in(d, &["git", ".", "--format", "json"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(&victim.to_string()),
        "the unreadable blob is named: {err}"
    );
    let doc = json(&out);
    assert!(
        doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["path"] == "secret.py"),
        "{doc:#}"
    );
}

#[test]
fn a_few_blobs_of_a_big_pack_are_left_to_libgit2() {
    // A short revision range in a big repository: planning the whole pack would cost more than
    // reading the few blobs one by one, so the pack reader declines.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    evolving_history(d);
    git(d, &["repack", "-a", "-d", "-f", "-q"]);
    let truth = blobs_by_git(d);
    let one: Vec<Oid> = truth.keys().take(1).copied().collect();
    assert!(read_packed(d, &one, u64::MAX).is_empty());
    // All of them: read.
    let all: Vec<Oid> = truth.keys().copied().collect();
    assert_eq!(read_packed(d, &all, u64::MAX).len(), all.len());
}
