//! Many `hush baseline` writers on one `.secrets.baseline` at once: every writer's additions and every
//! audit label must survive, and every writer must say only what it really did.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Child, Stdio};

use common::tokens::{Rng, github};
use common::*;

const BASELINE: &str = ".secrets.baseline";
/// Concurrent `update` runs, one per directory `d0`..`d7`.
const WRITERS: usize = 8;
/// Secrets per directory.
const PER_DIR: usize = 3;
/// Each scenario is repeated: one lucky interleaving proves little.
const TRIALS: u64 = 3;

/// `dir/keys.py` holding `PER_DIR` fresh GitHub tokens.
fn write_keys(root: &Path, dir: &str, rng: &mut Rng) {
    let text: String = (0..PER_DIR)
        .map(|i| format!("TOKEN_{i} = \"{}\"\n", github(rng, "ghp_")))
        .collect();
    write_tree(root, &[(&format!("{dir}/keys.py"), text.as_bytes())]);
}

fn spawn(d: &Path, args: &[&str]) -> Child {
    hush()
        .args(args)
        .current_dir(d)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Waits for `child`; returns (exit code, stdout, stderr).
fn finish(child: Child) -> (i32, String, String) {
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// (file, is_secret) of every entry, sorted.
fn entries(d: &Path) -> Vec<(String, Option<bool>)> {
    let doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(d.join(BASELINE)).unwrap()).unwrap();
    let mut v = Vec::new();
    for (file, list) in doc["results"].as_object().unwrap() {
        for e in list.as_array().unwrap() {
            v.push((file.clone(), e["is_secret"].as_bool()));
        }
    }
    v.sort();
    v
}

fn count(v: &[(String, Option<bool>)], file: &str, label: Option<bool>) -> usize {
    v.iter().filter(|(f, l)| f == file && *l == label).count()
}

/// Starts the eight updates at once; each must exit 0 and report its own three additions.
fn spawn_updates(d: &Path) -> Vec<Child> {
    (0..WRITERS)
        .map(|n| spawn(d, &["baseline", "update", &format!("d{n}"), "--no-config"]))
        .collect()
}

fn check_updates(children: Vec<Child>, trial: u64) {
    for (n, child) in children.into_iter().enumerate() {
        let (code, out, err) = finish(child);
        assert_eq!(code, 0, "trial {trial}, writer d{n}: {out}{err}");
        assert!(
            out.contains(&format!("{PER_DIR} added, 0 dropped")),
            "trial {trial}, writer d{n}: {out}"
        );
    }
}

#[test]
fn concurrent_updates_each_keep_their_additions() {
    for trial in 0..TRIALS {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        new_repo(d);
        let (code, out, err) = run_in(d, &["baseline", "create", "--no-config"]);
        assert_eq!(code, 0, "{out}{err}");
        let mut rng = Rng::new(trial + 1);
        for n in 0..WRITERS {
            write_keys(d, &format!("d{n}"), &mut rng);
        }
        check_updates(spawn_updates(d), trial);
        let got = entries(d);
        assert_eq!(got.len(), WRITERS * PER_DIR, "trial {trial}: {got:?}");
        for n in 0..WRITERS {
            assert_eq!(
                count(&got, &format!("d{n}/keys.py"), None),
                PER_DIR,
                "trial {trial}: {got:?}"
            );
        }
        no_leftovers(d);
    }
}

#[test]
fn an_audit_racing_updates_keeps_its_labels_and_their_entries() {
    for trial in 0..TRIALS {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        new_repo(d);
        let mut rng = Rng::new(100 + trial);
        // `a/` sorts before every `dN/`: the audit's first three questions are about its entries,
        // whichever updates landed before it read the file.
        write_keys(d, "a", &mut rng);
        let (code, out, err) = run_in(d, &["baseline", "create", "--no-config"]);
        assert_eq!(code, 0, "{out}{err}");
        for n in 0..WRITERS {
            write_keys(d, &format!("d{n}"), &mut rng);
        }
        let mut audit = spawn(d, &["baseline", "audit", "--no-config"]);
        let updates = spawn_updates(d);
        audit
            .stdin
            .take()
            .unwrap()
            .write_all(b"f\nf\nf\nq\n")
            .unwrap();
        let (code, out, err) = finish(audit);
        assert_eq!(code, 0, "trial {trial}, audit: {out}{err}");
        assert!(
            out.contains("Labelled 0 real and 3 false positive"),
            "trial {trial}: {out}"
        );
        check_updates(updates, trial);
        let got = entries(d);
        assert_eq!(
            count(&got, "a/keys.py", Some(false)),
            PER_DIR,
            "trial {trial}: the audit's labels were lost: {got:?}"
        );
        assert_eq!(got.len(), (WRITERS + 1) * PER_DIR, "trial {trial}: {got:?}");
        for n in 0..WRITERS {
            assert_eq!(
                count(&got, &format!("d{n}/keys.py"), None),
                PER_DIR,
                "trial {trial}: {got:?}"
            );
        }
        no_leftovers(d);
    }
}

/// No temporary file is left beside the baseline.
fn no_leftovers(d: &Path) {
    let left: Vec<String> = std::fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}
