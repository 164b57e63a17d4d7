//! The organisation audit's contract: `hush plan` -> `hush audit` shards (run in parallel, the index
//! in an environment variable) -> `hush merge`, on about twenty generated repositories with planted
//! secrets; and `hush git --shard I/N`.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::tokens::{Rng, github};
use common::*;

/// One commit of a generated history: (path, content) pairs.
type Commit = Vec<(String, Vec<u8>)>;

/// Writes a bare repository at `dir` from `commits` with `git fast-import` (dates one day apart).
fn fast_import(dir: &Path, commits: &[Commit]) {
    git_in(
        dir.parent().unwrap(),
        &["init", "-q", "--bare", "-b", "main", path_str(dir)],
    );
    let mut stream = Vec::new();
    for (i, files) in commits.iter().enumerate() {
        let when = 1_704_164_645 + i as u64 * 86_400;
        let msg = format!("commit {i}\n");
        write!(
            stream,
            "commit refs/heads/main\nmark :{}\nauthor Alice Example <alice@example.org> {when} +0000\n\
             committer Alice Example <alice@example.org> {when} +0000\ndata {}\n{msg}",
            i + 1,
            msg.len()
        )
        .unwrap();
        if i > 0 {
            writeln!(stream, "from :{i}").unwrap();
        }
        for (path, content) in files {
            write!(stream, "M 644 inline {path}\ndata {}\n", content.len()).unwrap();
            stream.extend_from_slice(content);
            stream.push(b'\n');
        }
        stream.push(b'\n');
    }
    let mut child = Command::new("git")
        .args(["fast-import", "--quiet"])
        .current_dir(dir)
        .env("GIT_DIR", dir)
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&stream).unwrap();
    assert!(child.wait().unwrap().success());
}

fn git_in(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn path_str(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Twenty repositories of different sizes under `root`: every one holds a secret of its own, every
/// third one the token shared by several, some of them a secret edited in a later commit.
fn org(root: &Path) -> Vec<PathBuf> {
    let mut rng = Rng::new(16);
    let mut repos = Vec::new();
    for r in 0..20 {
        let dir = root.join(format!("repo-{r:02}.git"));
        let own = github(&mut rng, "ghp_");
        let mut commits: Vec<Commit> = Vec::new();
        commits.push(vec![(
            "README.md".into(),
            format!("# repo {r}\n").into_bytes(),
        )]);
        commits.push(vec![(
            "config/settings.py".into(),
            format!("TOKEN = '{own}'\n").into_bytes(),
        )]);
        if r % 3 == 0 {
            commits.push(vec![(
                "deploy/ci.env".into(),
                format!("GH_TOKEN={GH_TOKEN}\n").into_bytes(),
            )]);
        }
        if r % 4 == 1 {
            // The same secret in a second version of the same file: attributed to the first.
            commits.push(vec![(
                "config/settings.py".into(),
                format!("DEBUG = True\nTOKEN = '{own}'\n").into_bytes(),
            )]);
        }
        // Filler of a size that differs per repository (so that balancing has something to do).
        let filler: Vec<u8> = (0..(r * 7919 % 40_000 + 2_000))
            .map(|i| b"abcdefgh ijklmnop\n"[(i * 7 + r) % 18])
            .collect();
        commits.push(vec![("docs/notes.txt".into(), filler)]);
        fast_import(&dir, &commits);
        repos.push(dir);
    }
    repos
}

fn hush_ok(args: &[&str], cwd: &Path) -> (i32, String, String) {
    let out = hush().args(args).current_dir(cwd).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn plan(cwd: &Path, repos: &[PathBuf], shards: u32, extra: &[&str]) -> PathBuf {
    let file = cwd.join(format!("targets-{shards}.txt"));
    let text: String = repos.iter().map(|r| format!("{}\n", r.display())).collect();
    std::fs::write(&file, text).unwrap();
    let out = cwd.join(format!("plan-{shards}{}.jsonl", extra.join("")));
    let shards_s = shards.to_string();
    let mut args = vec![
        "plan",
        "--targets-file",
        path_str(&file),
        "--shards",
        &shards_s,
        "--output",
        path_str(&out),
    ];
    args.extend_from_slice(extra);
    let (code, _, err) = hush_ok(&args, cwd);
    assert_eq!(code, 0, "{err}");
    out
}

/// Runs every shard of `plan` at once, each with its index in HUSH_TEST_INDEX; returns exit codes.
fn audit_parallel(cwd: &Path, plan: &Path, shards: u32, out: &Path) -> Vec<i32> {
    let children: Vec<_> = (0..shards)
        .map(|i| {
            hush()
                .args(["audit", "--plan", path_str(plan), "--shards-from-env"])
                .args(["HUSH_TEST_INDEX", "--out", path_str(out), "-j", "1"])
                .env("HUSH_TEST_INDEX", i.to_string())
                .current_dir(cwd)
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    children
        .into_iter()
        .map(|c| {
            let o = c.wait_with_output().unwrap();
            o.status.code().unwrap_or(-1)
        })
        .collect()
}

fn merge(cwd: &Path, dir: &Path, format: &str) -> (i32, Vec<u8>, String) {
    let out = hush()
        .args(["merge", path_str(dir), "--format", format])
        .current_dir(cwd)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn four_parallel_shards_merge_to_exactly_the_single_process_audit() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let repos = org(root);
    // One process, one shard.
    let p1 = plan(root, &repos, 1, &[]);
    let single = root.join("single");
    let (code, _, err) = hush_ok(
        &[
            "audit",
            "--plan",
            path_str(&p1),
            "--shard",
            "0",
            "--out",
            path_str(&single),
        ],
        root,
    );
    assert_eq!(code, 0, "findings alone do not fail a batch shard: {err}");
    // Four processes at once, the index in an environment variable.
    let p4 = plan(root, &repos, 4, &[]);
    let sharded = root.join("sharded");
    assert_eq!(audit_parallel(root, &p4, 4, &sharded), vec![0, 0, 0, 0]);

    for format in ["json", "sarif", "human"] {
        let (c1, a, e1) = merge(root, &single, format);
        let (c4, b, e4) = merge(root, &sharded, format);
        assert_eq!((c1, c4), (1, 1), "{e1}\n{e4}");
        assert_eq!(
            String::from_utf8_lossy(&a),
            String::from_utf8_lossy(&b),
            "{format}: the merged shards differ from one process's audit"
        );
    }
    let (_, a, err) = merge(root, &single, "json");
    let doc: serde_json::Value = serde_json::from_slice(&a).unwrap();
    let f = doc["findings"].as_array().unwrap();
    // 20 secrets of their own, and the shared token in repositories 0, 3, ..., 18 (7 of them),
    // found there by two rules (the token's own, and the generic `KEY=value` one).
    assert_eq!(f.len(), 20 + 7 * 2, "{f:#?}");
    let paths: BTreeSet<&str> = f.iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert!(
        paths.contains("repo-00/deploy/ci.env") && paths.contains("repo-19/config/settings.py")
    );
    // The edited file is attributed to the commit that introduced the secret (commit 1, day 2).
    let edited = f
        .iter()
        .find(|f| f["path"] == "repo-01/config/settings.py")
        .unwrap();
    assert_eq!(edited["date"], "2024-01-03T03:04:05+00:00");
    assert_eq!(edited["line"], 1);
    // The same secret, grouped across repositories.
    assert!(
        err.contains("appears in 7 repositories, first in repo-00 (deploy/ci.env"),
        "{err}"
    );
    let summary = root.join("summary.json");
    let out = hush()
        .args([
            "merge",
            path_str(&sharded),
            "--summary",
            path_str(&summary),
            "-q",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let s: serde_json::Value = serde_json::from_slice(&std::fs::read(&summary).unwrap()).unwrap();
    assert_eq!(s["done"], 20);
    assert_eq!(s["shared_secrets"][0]["repositories"], 7);
    assert_eq!(s["shared_secrets"][0]["first"]["repository"], "repo-00");
    assert_eq!(s["failed"].as_array().unwrap().len(), 0);
    // Per repository: JSON lines, one SARIF run, and the record written last.
    let r0 = sharded.join("repo-00");
    let done: serde_json::Value =
        serde_json::from_slice(&std::fs::read(r0.join(".done")).unwrap()).unwrap();
    assert_eq!(done["status"], "done");
    assert_eq!(done["findings"], 3);
    assert!(done["rules_digest"].as_str().unwrap().len() == 40);
    let sarif: serde_json::Value =
        serde_json::from_slice(&std::fs::read(r0.join("results.sarif")).unwrap()).unwrap();
    assert_eq!(sarif["runs"].as_array().unwrap().len(), 1);
    assert_eq!(
        std::fs::read_to_string(r0.join("findings.jsonl"))
            .unwrap()
            .lines()
            .count(),
        3
    );
}

#[test]
fn a_shard_killed_mid_target_and_run_again_merges_to_the_same_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let mut repos = org(root);
    // A larger repository in the middle of the shard, so that the kill lands inside a target.
    let big = root.join("big.git");
    let mut rng = Rng::new(7);
    let commits: Vec<Commit> = (0..40)
        .map(|c| {
            (0..50)
                .map(|f| {
                    let body: String = (0..200)
                        .map(|_| format!("v{} = {}\n", rng.next() % 1000, rng.next()))
                        .collect();
                    (
                        format!("src/m{f}.py"),
                        format!("# {c}\n{body}").into_bytes(),
                    )
                })
                .collect()
        })
        .collect();
    fast_import(&big, &commits);
    repos.insert(3, big);
    let p = plan(root, &repos, 1, &[]);
    let reference = root.join("reference");
    let (code, _, err) = hush_ok(
        &[
            "audit",
            "--plan",
            path_str(&p),
            "--shard",
            "0",
            "--out",
            path_str(&reference),
        ],
        root,
    );
    assert_eq!(code, 0, "{err}");
    let (_, want, _) = merge(root, &reference, "json");

    let out = root.join("killed");
    let mut child = hush()
        .args(["audit", "--plan", path_str(&p), "--shard", "0", "-j", "1"])
        .args(["--out", path_str(&out)])
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kill it once some targets are done, while the others are not.
    let started = std::time::Instant::now();
    loop {
        let done = count_done(&out);
        if done >= 3 || started.elapsed().as_secs() > 120 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let before = count_done(&out);
    assert!(before < repos.len(), "the shard finished before the kill");
    // Merging now names what is missing, and fails.
    let (code, _, err) = merge(root, &out, "json");
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("missing"), "{err}");

    let (code, _, err) = hush_ok(
        &[
            "audit",
            "--plan",
            path_str(&p),
            "--shard",
            "0",
            "--out",
            path_str(&out),
        ],
        root,
    );
    assert_eq!(code, 0, "{err}");
    assert!(err.contains(&format!("{before} already done")), "{err}");
    let (code, got, _) = merge(root, &out, "json");
    assert_eq!(code, 1);
    assert_eq!(
        String::from_utf8_lossy(&got),
        String::from_utf8_lossy(&want)
    );
    let doc: serde_json::Value = serde_json::from_slice(&got).unwrap();
    let keys: Vec<String> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| format!("{}|{}|{}", f["path"], f["rule_id"], f["secret_sha1"]))
        .collect();
    let unique: BTreeSet<&String> = keys.iter().collect();
    assert_eq!(unique.len(), keys.len(), "duplicates after the rerun");
    // Merging is idempotent, and a shard's results written twice (a retry's copy) change nothing.
    let (_, again, _) = merge(root, &out, "json");
    assert_eq!(again, got);
    let copy = out.join("retry-copy");
    std::fs::create_dir_all(&copy).unwrap();
    for e in std::fs::read_dir(&out).unwrap().flatten() {
        if e.path().join(".done").is_file() {
            copy_dir(&e.path(), &copy.join(e.file_name()));
        }
    }
    let (_, twice, _) = merge(root, &out, "json");
    assert_eq!(twice, got);
}

fn overwrite_files(dir: &Path) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            overwrite_files(&p);
        } else {
            std::fs::remove_file(&p).unwrap();
            std::fs::write(&p, b"garbage").unwrap();
        }
    }
}

fn count_done(out: &Path) -> usize {
    std::fs::read_dir(out)
        .map(|d| {
            d.flatten()
                .filter(|e| e.path().join(".done").is_file())
                .count()
        })
        .unwrap_or(0)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

#[test]
fn a_corrupt_repository_fails_for_good_and_the_merge_names_it() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let mut repos = org(root);
    repos.truncate(4);
    // Its objects overwritten (fast-import leaves so few loose): nothing can be read.
    let bad = root.join("broken.git");
    fast_import(&bad, &[vec![("a.txt".into(), b"hello\n".to_vec())]]);
    overwrite_files(&bad.join("objects"));
    repos.push(bad);
    let p = plan(root, &repos, 1, &[]);
    let out = root.join("out");
    let (code, _, err) = hush_ok(
        &[
            "audit",
            "--plan",
            path_str(&p),
            "--shard",
            "0",
            "--out",
            path_str(&out),
        ],
        root,
    );
    assert_eq!(
        code, 65,
        "a corrupt repository is a permanent failure: {err}"
    );
    assert!(err.contains("broken") && err.contains("permanent"), "{err}");
    let failed: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("broken/.failed")).unwrap()).unwrap();
    assert_eq!(failed["kind"], "permanent");
    // The others are done; the merge reports their findings, names the failure, and exits 2.
    let summary = root.join("summary.json");
    let o = hush()
        .args([
            "merge",
            path_str(&out),
            "--format",
            "json",
            "--summary",
            path_str(&summary),
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("broken") && err.contains("failed, permanent"),
        "{err}"
    );
    let s: serde_json::Value = serde_json::from_slice(&std::fs::read(&summary).unwrap()).unwrap();
    assert_eq!(s["failed"][0]["id"], "broken");
    assert_eq!(s["done"], 4);
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(doc["findings"].as_array().unwrap().len() >= 4);
    // `hush audit status` lists it as failed, the others done.
    let (code, status, _) = hush_ok(
        &[
            "audit",
            "status",
            "--plan",
            path_str(&p),
            "--out",
            path_str(&out),
        ],
        root,
    );
    assert_eq!(code, 0);
    assert!(status.contains("4 done, 1 failed, 0 pending"), "{status}");
}

#[test]
fn network_failures_ask_for_a_retry_and_urls_are_cloned_by_git() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let mut repos = org(root);
    repos.truncate(1);
    let url = format!("file://{}", repos[0].display());
    let targets = root.join("t.txt");
    // A URL git clones (offline: the file transport), and one nothing answers on.
    std::fs::write(
        &targets,
        format!("{url} main\nhttp://127.0.0.1:9/nothing.git\n"),
    )
    .unwrap();
    let p = root.join("plan.jsonl");
    let (code, _, err) = hush_ok(
        &["plan", "-f", path_str(&targets), "-o", path_str(&p)],
        root,
    );
    assert_eq!(code, 0, "{err}");
    let out = root.join("out");
    let (code, _, err) = hush_ok(
        &[
            "audit",
            "--plan",
            path_str(&p),
            "--shard",
            "0",
            "--out",
            path_str(&out),
        ],
        root,
    );
    assert_eq!(code, 75, "{err}");
    let (_, status, _) = hush_ok(
        &[
            "audit",
            "status",
            "--plan",
            path_str(&p),
            "--out",
            path_str(&out),
        ],
        root,
    );
    assert!(status.contains("1 done, 1 failed, 0 pending"), "{status}");
    assert!(status.contains("retry"), "{status}");
    // The clone was removed once scanned.
    assert!(!out.join(".clones/repo-00.git").exists());
}

#[test]
fn shards_are_balanced_by_size() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let repos = org(root);
    let p = plan(root, &repos, 4, &[]);
    let text = std::fs::read_to_string(&p).unwrap();
    let mut lines = text.lines();
    let header: serde_json::Value = serde_json::from_str(lines.next().unwrap()).unwrap();
    assert_eq!(header["shards"], 4);
    assert_eq!(header["rules_digest"].as_str().unwrap().len(), 40);
    let mut load: BTreeMap<u64, u64> = BTreeMap::new();
    let mut largest = 0;
    for l in lines {
        let t: serde_json::Value = serde_json::from_str(l).unwrap();
        let size = t["size"]
            .as_u64()
            .expect("a local repository's size is known");
        largest = largest.max(size);
        *load.entry(t["shard"].as_u64().unwrap()).or_default() += size;
    }
    assert_eq!(load.len(), 4, "every shard gets work: {load:?}");
    let (min, max) = (*load.values().min().unwrap(), *load.values().max().unwrap());
    // Largest first to the least loaded: no shard exceeds another by more than one target.
    assert!(max - min <= largest, "{load:?} (largest target {largest})");
    assert!(max - min < max / 4, "spread too wide: {load:?}");
}

/// One history's findings as `hush git --format json` reports them.
fn git_findings(repo: &Path, shard: Option<&str>) -> (Vec<serde_json::Value>, u64) {
    let mut args = vec!["git", path_str(repo), "--format", "json", "--no-config"];
    if let Some(s) = shard {
        args.extend(["--shard", s]);
    }
    let (code, out, err) = hush_ok(&args, repo);
    assert!(code == 0 || code == 1, "{err}");
    let doc = json(&out);
    (
        doc["findings"].as_array().unwrap().clone(),
        doc["stats"]["blobs"].as_u64().unwrap(),
    )
}

#[test]
fn git_shards_by_blob_id_merge_to_the_unsharded_result_attribution_included() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let repo = root.join("mono.git");
    let mut rng = Rng::new(3);
    let tokens: Vec<String> = (0..12).map(|_| github(&mut rng, "ghp_")).collect();
    // Each secret is introduced once, then its file is edited several times (new blobs, same
    // secret): every shard holding a later version finds it too, and must yield to the first.
    let mut commits: Vec<Commit> = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        commits.push(vec![(
            format!("svc{}/key.env", i % 5),
            format!("K{i}={t}\n").into_bytes(),
        )]);
        for e in 0..3 {
            commits.push(vec![(
                format!("svc{}/key.env", i % 5),
                format!("# edit {e}\nK{i}={t}\n").into_bytes(),
            )]);
        }
    }
    fast_import(&repo, &commits);
    let (whole, blobs) = git_findings(&repo, None);
    assert!(whole.len() >= 12);
    let mut union: Vec<serde_json::Value> = Vec::new();
    let mut shard_blobs = 0;
    for i in 0..4 {
        let (f, b) = git_findings(&repo, Some(&format!("{i}/4")));
        assert!(b < blobs, "shard {i} read {b} of {blobs} blobs");
        shard_blobs += b;
        union.extend(f);
    }
    assert_eq!(shard_blobs, blobs, "each blob is read by exactly one shard");
    // A shard says that it is one; a shard that does not exist is an error, never an empty scan.
    let (_, _, err) = hush_ok(
        &["git", path_str(&repo), "--shard", "1/4", "--format", "json"],
        root,
    );
    assert!(err.contains("shard 1/4: only this shard's share"), "{err}");
    let (code, _, err) = hush_ok(&["git", path_str(&repo), "--shard", "4/4"], root);
    assert_eq!(code, 2, "{err}");
    // Joined: for each (path, rule, secret) the finding of the earliest commit (dates rise here).
    union.sort_by(|a, b| {
        let k = |f: &serde_json::Value| {
            (
                f["path"].to_string(),
                f["rule_id"].to_string(),
                f["secret_sha1"].to_string(),
                f["date"].to_string(),
            )
        };
        k(a).cmp(&k(b))
    });
    union.dedup_by(|b, a| {
        (&a["path"], &a["rule_id"], &a["secret_sha1"])
            == (&b["path"], &b["rule_id"], &b["secret_sha1"])
    });
    let key = |f: &serde_json::Value| {
        format!(
            "{}|{}|{}|{}|{}",
            f["path"], f["line"], f["column"], f["rule_id"], f["commit"]
        )
    };
    let mut union_sorted: Vec<String> = union.iter().map(|f| f.to_string()).collect();
    let mut whole_sorted: Vec<String> = whole.iter().map(|f| f.to_string()).collect();
    union_sorted.sort();
    whole_sorted.sort();
    assert_eq!(
        union_sorted,
        whole_sorted,
        "{:?}",
        union.iter().map(key).collect::<Vec<_>>()
    );

    // The same through a plan that splits the repository into parts, merged by `hush merge`.
    let whole_plan = plan(root, std::slice::from_ref(&repo), 2, &[]);
    let split_plan = plan(
        root,
        std::slice::from_ref(&repo),
        2,
        &["--split-above", "1"],
    );
    let text = std::fs::read_to_string(&split_plan).unwrap();
    assert!(
        text.contains("\"part\":[0,") && text.contains("mono~1of"),
        "{text}"
    );
    let (a, b) = (root.join("whole"), root.join("split"));
    audit_parallel(root, &whole_plan, 2, &a);
    assert_eq!(audit_parallel(root, &split_plan, 2, &b), vec![0, 0]);
    let (_, x, _) = merge(root, &a, "json");
    let (_, y, _) = merge(root, &b, "json");
    let fx = json(&String::from_utf8_lossy(&x))["findings"].clone();
    let fy = json(&String::from_utf8_lossy(&y))["findings"].clone();
    assert_eq!(fx, fy);
    assert_eq!(fx.as_array().unwrap().len(), whole.len());
}

#[test]
fn a_plan_for_another_rule_digest_is_refused_and_results_of_one_are_not_reused() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let mut repos = org(root);
    repos.truncate(2);
    let p = plan(root, &repos, 1, &[]);
    let out = root.join("out");
    let run = |plan: &Path| {
        hush_ok(
            &[
                "audit",
                "--plan",
                path_str(plan),
                "--shard",
                "0",
                "--out",
                path_str(&out),
            ],
            root,
        )
    };
    assert_eq!(run(&p).0, 0);
    // The same targets with another setting: another digest, so nothing is skipped.
    let p2 = plan(root, &repos, 1, &["--min-confidence", "high"]);
    let (code, _, err) = run(&p2);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("2 done, 0 already done"), "{err}");
    // A plan whose digest this hush does not compute is refused before any work.
    let text = std::fs::read_to_string(&p).unwrap();
    let forged = root.join("forged.jsonl");
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut h: serde_json::Value = serde_json::from_str(&lines[0]).unwrap();
    h["rules_digest"] = "0".repeat(40).into();
    lines[0] = h.to_string();
    std::fs::write(&forged, lines.join("\n")).unwrap();
    let (code, _, err) = run(&forged);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("digest"), "{err}");
    // And an index the plan does not have.
    let (code, _, err) = hush_ok(
        &[
            "audit",
            "--plan",
            path_str(&p),
            "--shard",
            "1",
            "--out",
            path_str(&out),
        ],
        root,
    );
    assert_eq!(code, 2, "{err}");
}

/// Runs a validator if it is installed (`.ci/run` installs both); `None` when it is absent.
fn validator(program: &str, args: &[&str]) -> Option<(bool, String)> {
    let out = Command::new(program)
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    Some((out.status.success(), text))
}

#[test]
fn deployment_files_validate_offline_and_key_on_the_audit_exit_codes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let audit = std::fs::read_to_string(root.join("deploy/k8s/20-audit.yaml")).unwrap();
    for (action, code) in [("FailJob", 2), ("FailIndex", 65), ("Count", 75)] {
        let rule = format!(
            "- action: {action}\n        onExitCodes: {{ containerName: hush, operator: In, values: [{code}] }}"
        );
        assert!(audit.contains(&rule), "20-audit.yaml lacks: {rule}");
    }
    assert!(audit.contains("completionMode: Indexed") && audit.contains("JOB_COMPLETION_INDEX"));
    let workflow = std::fs::read_to_string(root.join("deploy/github/org-audit.yml")).unwrap();
    assert!(workflow.contains("--shards-from-env HUSH_SHARD") && workflow.contains("-ne 75"));

    let manifests: Vec<String> = std::fs::read_dir(root.join("deploy/k8s"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    assert!(manifests.len() >= 4);
    let mut args = vec!["--strict", "--quiet", "-k", "1.33.0"];
    args.extend(manifests.iter().map(String::as_str));
    match validator("kubernetes-validate", &args) {
        Some((ok, text)) => assert!(ok, "kubernetes-validate: {text}"),
        None => eprintln!(
            "SKIPPED: kubernetes-validate is not installed (pip install kubernetes-validate; .ci/run does)"
        ),
    }
    let args = [
        "--builtin-schema",
        "vendor.github-workflows",
        "deploy/github/org-audit.yml",
    ];
    match validator("check-jsonschema", &args) {
        Some((ok, text)) => assert!(ok, "check-jsonschema: {text}"),
        None => eprintln!(
            "SKIPPED: check-jsonschema is not installed (pip install check-jsonschema; .ci/run does)"
        ),
    }
}
