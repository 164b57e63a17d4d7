//! A config's own rules (issue 17, low): mistakes that keep one from ever firing are warned about at
//! load, and `hush rules list|explain|check` see the rules of the `.hush.toml` in force. Unknown rule
//! ids, in the config or on the command line, get the nearest known ones (issue 17.11).

mod common;

use common::*;

/// `\b` in a double-quoted TOML string (a backspace), and a keyword the regex cannot match.
const BROKEN: &str = r#"
[[rules]]
id = "acme-internal-key"
name = "Acme internal API key"
keywords = ["acmekey_"]
regex = "\b(acmekey_[a-z0-9]{24})\b"

[[rules]]
id = "acme-other-key"
name = "Acme other key"
keywords = ["acme-other"]
regex = '\b(acmeother_[a-z0-9]{24})\b'
"#;

const GOOD: &str = r#"
disabled_rules = ["json-web-token"]
[[rules]]
id = "acme-internal-key"
name = "Acme internal API key"
keywords = ["acmekey_"]
regex = '\b(acmekey_[a-z0-9]{24})\b'
examples = ["k = acmekey_z9y8x7w6v5u4t3s2r1q0p9o8"]
negative_examples = ["k = acmekey_short"]
references = ["https://wiki.acme.example/keys"]
remediation = "Rotate it in the Acme console."
"#;

#[test]
fn rules_that_can_never_fire_are_warned_about_at_load() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            (".hush.toml", BROKEN.as_bytes()),
            ("a.py", b"k = acmekey_z9y8x7w6v5u4t3s2r1q0p9o8\n"),
        ],
    );
    let (code, _, err) = run_in(dir.path(), &["scan", ".", "--no-baseline"]);
    assert_eq!(code, 0, "the broken rule fires after all? {err}");
    assert!(
        err.contains("rule acme-internal-key") && err.contains("backspace"),
        "{err}"
    );
    assert!(
        err.contains("rule acme-other-key") && err.contains("\"acme-other\""),
        "{err}"
    );
    // -q: findings and errors only.
    let (_, _, err) = run_in(dir.path(), &["scan", ".", "-q", "--no-baseline"]);
    assert!(!err.contains("warning"), "{err}");
    // A config without those mistakes loads silently.
    std::fs::write(dir.path().join(".hush.toml"), GOOD).unwrap();
    let (code, _, err) = run_in(dir.path(), &["scan", ".", "--no-baseline"]);
    assert_eq!(code, 1, "{err}");
    assert!(!err.contains("warning"), "{err}");
}

#[test]
fn the_rules_commands_see_the_config_rules() {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q"]);
    write_tree(dir.path(), &[(".hush.toml", GOOD.as_bytes())]);
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    let sub = dir.path().join("sub");

    let (code, out, err) = run_in(&sub, &["rules", "list"]);
    assert_eq!(code, 0, "{err}");
    let line = out
        .lines()
        .find(|l| l.starts_with("acme-internal-key "))
        .unwrap_or_else(|| panic!("the config's rule is not listed:\n{out}"));
    assert!(line.contains(".hush.toml"), "{line}");
    let jwt = out
        .lines()
        .find(|l| l.starts_with("json-web-token "))
        .unwrap();
    assert!(jwt.contains("disabled"), "{jwt}");
    let (_, out, _) = run_in(&sub, &["rules", "list", "--no-config"]);
    assert!(!out.contains("acme-internal-key"), "{out}");

    let (code, out, err) = run_in(&sub, &["rules", "explain", "acme-internal-key"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Acme internal API key") && out.contains(".hush.toml"),
        "{out}"
    );

    let (code, out, err) = run_in(&sub, &["rules", "check", "--file", ".hush.toml"]);
    assert_eq!(code, 0, "{out}{err}");
    // A config rule whose example it does not find is a problem `rules check` reports.
    let bad = GOOD.replace("acmekey_z9y8x7w6v5u4t3s2r1q0p9o8", "acmekey_TOOSHORT");
    std::fs::write(dir.path().join(".hush.toml"), bad).unwrap();
    let (code, out, _) = run_in(&sub, &["rules", "check"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("acme-internal-key"), "{out}");
}

#[test]
fn unknown_rule_ids_get_the_nearest_one() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[(".hush.toml", b"disabled_rules = [\"jwt\"]\n")],
    );
    let (code, _, err) = run_in(dir.path(), &["scan", "."]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("did you mean \"json-web-token\""), "{err}");
    let (code, _, err) = run_in(
        dir.path(),
        &["rules", "explain", "github-pat-clasic", "--no-config"],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("did you mean \"github-pat-classic\""), "{err}");
}
