//! `hush git` revision ranges as a CI gate uses them: empty revisions, `A...B`, a range given first,
//! and merges (a branch that merges its base is not blamed for the base's secrets).

mod common;

use common::*;

/// (exit code, each finding as "path@commit" sorted, stderr) of `hush git ARGS --format json`.
fn scan(dir: &std::path::Path, args: &[&str]) -> (i32, Vec<String>, String) {
    let mut all = vec!["git"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let (code, out, err) = run_in(dir, &all);
    if code == 2 {
        return (code, Vec::new(), err);
    }
    let doc = json(&out);
    let mut found: Vec<String> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{}@{}",
                f["path"].as_str().unwrap(),
                f["commit"].as_str().unwrap()
            )
        })
        .collect();
    found.sort();
    (code, found, err)
}

fn at(path: &str, commit: &str) -> String {
    format!("{path}@{commit}")
}

fn gh(name: &str) -> String {
    format!("{name} = '{GH_TOKEN}'\n")
}

fn slack(name: &str) -> String {
    format!("{name} = '{SLACK_TOKEN}'\n")
}

#[test]
fn an_empty_revision_is_an_error_never_an_empty_scan() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    new_repo(d);
    commit(d, &[("a.py", gh("a").as_bytes())], "secret");
    commit(d, &[("b.py", b"x = 1\n")], "clean");
    // An unset CI variable: `--since "$BASE"` with BASE empty.
    for args in [
        &[".", "--since", ""][..],
        &["--since", ""],
        &[".", "--since", "  "],
        &[".", "..HEAD"],
        &[".", "main.."],
        &[".", " ..HEAD"],
        &[".", "..."],
        &[".", "...HEAD"],
        &[".", "--since", "main..HEAD"],
    ] {
        let (code, _, err) = scan(d, args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(
            err.contains("empty") || err.contains("one revision"),
            "{args:?}: {err}"
        );
    }
    // An up-to-date branch is clean, and says that it scanned nothing (whatever the format).
    let (code, found, err) = scan(d, &[".", "HEAD..HEAD"]);
    assert_eq!((code, found.len()), (0, 0), "{err}");
    assert!(err.contains("selects no commits"), "{err}");
    let (code, _, err) = scan(d, &[".", "--since", "HEAD"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("nothing was scanned"), "{err}");
    // An unknown revision stays an error.
    let (code, _, err) = scan(d, &[".", "main..no-such-branch"]);
    assert_eq!(code, 2);
    assert!(err.contains("no-such-branch"), "{err}");
}

#[test]
fn a_branch_that_merges_its_base_is_not_blamed_for_the_bases_secrets() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    new_repo(d);
    commit(d, &[("readme.txt", b"hello\n")], "init");
    git(d, &["checkout", "-q", "-b", "pr"]);
    let p1 = commit(d, &[("p.py", slack("p").as_bytes())], "pr's own secret");
    git(d, &["checkout", "-q", "main"]);
    let m1 = commit(d, &[("s.py", gh("s").as_bytes())], "main's secret");
    git(d, &["checkout", "-q", "pr"]);
    git(d, &["merge", "-q", "--no-edit", "main"]);
    // The branch moves the base's file: the blob is still the base's.
    git(d, &["mv", "s.py", "moved.py"]);
    let rename = commit(d, &[], "rename");
    let expected = vec![at("p.py", &p1)];
    for args in [
        &[".", "--since", "main"][..],
        &[".", "main..pr"],
        &[".", "main...pr"],
        &[".", "main...HEAD"],
    ] {
        let (code, found, err) = scan(d, args);
        assert_eq!((code, &found), (1, &expected), "{args:?}: {err}");
    }
    // The whole history blames each secret on the commit that wrote it.
    let (_, found, _) = scan(d, &["."]);
    assert_eq!(
        found,
        [at("moved.py", &rename), at("p.py", &p1), at("s.py", &m1)],
        "the merge brings nothing new (a new path is a new place, in the whole history)"
    );

    // The other direction: main merges the branch, and main's own commits are checked.
    git(d, &["checkout", "-q", "main"]);
    let m2 = commit(d, &[("m.py", gh("m").as_bytes())], "main's second secret");
    git(d, &["merge", "-q", "--no-ff", "--no-edit", "pr"]);
    let (code, found, err) = scan(d, &[".", "pr..main"]);
    assert_eq!((code, found), (1, vec![at("m.py", &m2)]), "{err}");
}

#[test]
fn an_octopus_merge_introduces_only_what_none_of_its_parents_had() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    new_repo(d);
    commit(d, &[("readme.txt", b"hello\n")], "init");
    let mut tips = Vec::new();
    for (b, file, content) in [
        ("b1", "a1.py", gh("a1")),
        ("b2", "b2.py", slack("b2")),
        ("b3", "b3.txt", "nothing\n".to_string()),
    ] {
        git(d, &["checkout", "-q", "-b", b, "main"]);
        tips.push(commit(d, &[(file, content.as_bytes())], b));
    }
    git(d, &["checkout", "-q", "main"]);
    commit(d, &[("main.txt", b"main\n")], "main moves on");
    git(d, &["merge", "-q", "--no-edit", "b1", "b2", "b3"]);
    assert_eq!(
        git(d, &["rev-list", "--parents", "-n1", "HEAD"])
            .split(' ')
            .count(),
        5
    );
    let (code, found, err) = scan(d, &[".", "--since", "b2"]);
    assert_eq!((code, found), (1, vec![at("a1.py", &tips[0])]), "{err}");
    let (_, found, _) = scan(d, &["."]);
    assert_eq!(found, [at("a1.py", &tips[0]), at("b2.py", &tips[1])]);
}

#[test]
fn criss_cross_merges_symmetric_ranges_and_an_evil_merge() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    new_repo(d);
    commit(d, &[("readme.txt", b"hello\n")], "init");
    git(d, &["checkout", "-q", "-b", "x"]);
    let x1 = commit(d, &[("s.py", gh("s").as_bytes())], "x1");
    git(d, &["checkout", "-q", "-b", "y", "main"]);
    let y1 = commit(d, &[("y.py", slack("y").as_bytes())], "y1");
    git(d, &["merge", "-q", "--no-edit", &x1]);
    let y2 = git(d, &["rev-parse", "HEAD"]);
    git(d, &["checkout", "-q", "x"]);
    git(d, &["merge", "-q", "--no-edit", &y1]);
    // x and y now have two merge bases, x1 and y1: x adds nothing y does not have.
    let bases = git(d, &["merge-base", "--all", "x", "y"]);
    assert_eq!(bases.lines().count(), 2, "{bases}");
    for args in [&[".", "--since", "y"][..], &[".", "y..x"], &[".", "y...x"]] {
        let (code, found, err) = scan(d, args);
        assert_eq!((code, found.len()), (0, 0), "{args:?}: {found:?} {err}");
    }
    // Merging y into x again, with a secret the merge itself adds.
    git(d, &["merge", "-q", "--no-commit", "--no-ff", "y"]);
    let evil = commit(
        d,
        &[("e.py", format!("e = '{GH_TOKEN_2}'\n").as_bytes())],
        "merge y",
    );
    assert_eq!(
        git(d, &["rev-list", "--parents", "-n1", "HEAD"]),
        format!("{evil} {} {y2}", git(d, &["rev-parse", "HEAD^1"]))
    );
    let (code, found, err) = scan(d, &[".", "--since", "y"]);
    assert_eq!((code, found), (1, vec![at("e.py", &evil)]), "{err}");
    let (code, found, err) = scan(d, &[".", "y...x"]);
    assert_eq!((code, found), (1, vec![at("e.py", &evil)]), "{err}");
    let (_, found, _) = scan(d, &["."]);
    assert_eq!(found, [at("e.py", &evil), at("s.py", &x1), at("y.py", &y1)]);
}

#[test]
fn a_range_given_where_the_repository_goes() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    new_repo(d);
    commit(d, &[("a.py", gh("a").as_bytes())], "old secret");
    git(d, &["checkout", "-q", "-b", "pr"]);
    let p1 = commit(d, &[("p.py", slack("p").as_bytes())], "new secret");
    for args in [&["main..pr"][..], &["main...pr"], &["main..pr", "."]] {
        let (code, found, err) = scan(d, args);
        assert_eq!((code, found), (1, vec![at("p.py", &p1)]), "{args:?}: {err}");
    }
    // A single revision there is not taken for one (it could be a mistyped directory), but said.
    let (code, _, err) = scan(d, &["main"]);
    assert_eq!(code, 2);
    assert!(err.contains("put the repository first"), "{err}");
    let (code, _, err) = scan(d, &["no-such-dir"]);
    assert_eq!(code, 2);
    assert!(err.contains("no such directory"), "{err}");
}
