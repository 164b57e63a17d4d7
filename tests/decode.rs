//! Secrets inside encoded text, end to end: found through base64, percent-encoding and backslash
//! escapes, reported at the encoded bytes with what decoding found them, and no noise from encoded
//! data that is not text.

mod common;

use common::tokens::{Rng, b64, bytes, github};
use common::*;

fn findings(dir: &std::path::Path, extra: &[&str]) -> Vec<serde_json::Value> {
    let mut args = vec!["scan", ".", "--format", "json"];
    args.extend_from_slice(extra);
    let (code, out, err) = run_in(dir, &args);
    assert!(code == 0 || code == 1, "exit {code}: {err}");
    json(&out)["findings"].as_array().unwrap().clone()
}

fn sha1(s: &str) -> String {
    sha1_smol::Sha1::from(s).digest().to_string()
}

#[test]
fn base64_in_a_kubernetes_secret_is_reported_at_the_encoded_text() {
    let mut rng = Rng::new(11);
    let token = github(&mut rng, "ghp_");
    let encoded = b64(&token);
    let dir = tempfile::tempdir().unwrap();
    let yaml = format!(
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: ci\ndata:\n  GITHUB_TOKEN: {encoded}\n"
    );
    write_tree(dir.path(), &[("deploy/secret.yaml", yaml.as_bytes())]);
    let f = findings(dir.path(), &[]);
    assert_eq!(f.len(), 1, "{f:#?}");
    let f = &f[0];
    assert_eq!(f["rule_id"], "github-pat-classic");
    assert_eq!(f["decoded"], "base64");
    assert_eq!(f["validated"], "checksum");
    assert_eq!(f["confidence"], "high");
    // At the encoded text: line 6, from the start of the base64 value.
    assert_eq!(f["line"], 6);
    assert_eq!(f["column"], 17);
    // The hash is the decoded secret's, so the baseline matches it wherever it appears.
    assert_eq!(f["secret_sha1"].as_str().unwrap(), sha1(&token));
    // The report never shows the encoded secret either.
    let (_, human, _) = run_in(dir.path(), &["scan", ".", "--color", "never"]);
    assert!(human.contains("base64-decoded"), "{human}");
    assert!(!human.contains(&encoded), "{human}");
    assert!(!human.contains(&token), "{human}");
    // Every machine-readable format says so too, and none shows the secret in either form.
    let (_, sarif, _) = run_in(dir.path(), &["scan", ".", "--format", "sarif"]);
    let sarif = json(&sarif);
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(result["properties"]["decoded"], "base64", "{result:#}");
    assert!(
        result["message"]["text"]
            .as_str()
            .unwrap()
            .contains("found in base64-encoded text")
    );
    for format in ["sarif", "github", "gitlab"] {
        let (_, out, _) = run_in(dir.path(), &["scan", ".", "--format", format]);
        assert!(
            out.contains("found in base64-encoded text"),
            "{format}: {out}"
        );
        assert!(
            !out.contains(&encoded) && !out.contains(&token),
            "{format}: {out}"
        );
    }
    let (_, shown, _) = run_in(
        dir.path(),
        &["scan", ".", "--format", "json", "--show-secrets"],
    );
    assert_eq!(json(&shown)["findings"][0]["secret"], token.as_str());
}

#[test]
fn basic_auth_url_encoding_escapes_and_nesting() {
    let mut rng = Rng::new(12);
    let (t1, t2, t3, t4) = (
        github(&mut rng, "ghp_"),
        github(&mut rng, "ghp_"),
        github(&mut rng, "gho_"),
        github(&mut rng, "ghp_"),
    );
    let basic = format!(
        "curl -H \"Authorization: Basic {}\" https://api.example.com\n",
        b64(format!("ci:{t1}"))
    );
    let url = "callback=https://app.example.com/cb?db=mongodb%3A%2F%2Fadmin%3AVt7qLw2ZpX9sRk4m%40cluster0.example.net%2Fapp\n";
    let escaped: String = t2.chars().map(|c| format!("\\u{:04x}", c as u32)).collect();
    let json_doc = format!("{{\"token\": \"{escaped}\"}}\n");
    let inner = b64(format!("export GITHUB_TOKEN={t3}\n"));
    let nested = format!(
        "steps:\n  - run: {}\n",
        b64(format!("echo {inner} | base64 -d > env.sh\n"))
    );
    let dotenv_blob = format!(
        "config: {}\n",
        b64(format!(
            "DATABASE_HOST=db.internal\nDATABASE_PASSWORD=Vt7qLw2ZpX9sRk4mNc8Hb3\nGH_TOKEN={t4}\n"
        ))
    );
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            ("basic.sh", basic.as_bytes()),
            ("links.txt", url.as_bytes()),
            ("settings.json", json_doc.as_bytes()),
            ("ci.yaml", nested.as_bytes()),
            ("values.yaml", dotenv_blob.as_bytes()),
        ],
    );
    let mut got: Vec<String> = findings(dir.path(), &[])
        .iter()
        .map(|f| {
            format!(
                "{} {} {} {}",
                f["path"].as_str().unwrap(),
                f["rule_id"].as_str().unwrap(),
                f["decoded"].as_str().unwrap_or("-"),
                f["secret_sha1"].as_str().unwrap()
            )
        })
        .collect();
    got.sort();
    let mut want = vec![
        format!("basic.sh github-pat-classic base64 {}", sha1(&t1)),
        format!("ci.yaml github-oauth-token base64/base64 {}", sha1(&t3)),
        format!(
            "links.txt mongodb-connection-url url {}",
            sha1("Vt7qLw2ZpX9sRk4m")
        ),
        format!("settings.json github-pat-classic escapes {}", sha1(&t2)),
        format!(
            "values.yaml generic-secret-assignment base64 {}",
            sha1("Vt7qLw2ZpX9sRk4mNc8Hb3")
        ),
        format!("values.yaml github-pat-classic base64 {}", sha1(&t4)),
    ];
    want.sort();
    assert_eq!(got, want);
}

#[test]
fn decode_depth_is_configurable() {
    let mut rng = Rng::new(13);
    let token = github(&mut rng, "ghp_");
    let once = b64(&token);
    let twice = b64(&once);
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[("values.yaml", format!("a: {once}\nb: {twice}\n").as_bytes())],
    );
    let lines = |cfg: Option<&str>| -> Vec<u64> {
        let mut args: Vec<&str> = vec![];
        if let Some(c) = cfg {
            std::fs::write(dir.path().join("hush.toml"), c).unwrap();
            args = vec!["--config", "hush.toml"];
        }
        findings(dir.path(), &args)
            .iter()
            .map(|f| f["line"].as_u64().unwrap())
            .collect()
    };
    assert_eq!(lines(None), vec![1, 2]);
    assert_eq!(lines(Some("decode_depth = 1\n")), vec![1]);
    assert_eq!(lines(Some("decode_depth = 0\n")), Vec::<u64>::new());
    std::fs::write(dir.path().join("hush.toml"), "decode_depth = 7\n").unwrap();
    let (code, _, err) = run_in(dir.path(), &["scan", ".", "--config", "hush.toml"]);
    assert_eq!(code, 2);
    assert!(err.contains("decode_depth"), "{err}");
}

#[test]
fn encoded_data_that_is_not_text_stays_quiet() {
    let mut rng = Rng::new(14);
    let binary_b64 = b64(bytes(&mut rng, 3000));
    let dir = tempfile::tempdir().unwrap();
    let lock = format!(
        "{{\"packages\": {{\"node_modules/a\": {{\"integrity\": \"sha512-{}\"}}}}}}\n",
        &binary_b64[..88]
    );
    let css = format!(
        ".x {{ background: url(data:image/png;base64,iVBORw0KGgo{}); }}\n",
        &binary_b64[..600]
    );
    let js = format!(
        "var a=\"\\u00e9t\\u00e9\",b=\"{}\",c=/https?:\\/\\/x/;\n",
        &binary_b64[..200]
    );
    let text = format!(
        "greeting: {}\nq: https://example.com/?q=secret%20santa%20gifts\n",
        b64("Hello, world! This is ordinary text, not a credential.")
    );
    write_tree(
        dir.path(),
        &[
            ("package-lock.json", lock.as_bytes()),
            ("site.css", css.as_bytes()),
            ("app.min.js", js.as_bytes()),
            ("notes.yaml", text.as_bytes()),
        ],
    );
    assert_eq!(findings(dir.path(), &[]), Vec::<serde_json::Value>::new());
}

#[test]
fn a_huge_encoded_line_is_scanned_and_bounded() {
    // 12 MB of base64 of binary data on one line, then a token: the binary run is dropped after its
    // first bytes, and the token is still found.
    let mut rng = Rng::new(15);
    let token = github(&mut rng, "ghp_");
    let line = format!("blob: {} token={token}\n", b64(bytes(&mut rng, 9_000_000)));
    assert!(line.len() > 12_000_000);
    let dir = tempfile::tempdir().unwrap();
    write_tree(dir.path(), &[("dump.txt", line.as_bytes())]);
    let f = findings(dir.path(), &[]);
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0]["rule_id"], "github-pat-classic");
    assert!(f[0].get("decoded").is_none());
}

#[test]
fn a_secret_after_ten_thousand_harmless_encoded_chunks_on_one_line_is_found() {
    // Each harmless chunk decodes to text and is scanned with its line's context: they used to
    // spend the blob's whole decoding budget, first come, and the encoded token after them went
    // unscanned with exit 0.
    let mut rng = Rng::new(16);
    let token = github(&mut rng, "ghp_");
    let chunks: Vec<String> = (0..10_000)
        .map(|i| b64(format!("harmless chunk {i:05}")))
        .collect();
    let line = format!("data: {} {}\n", chunks.join(" "), b64(&token));
    let dir = tempfile::tempdir().unwrap();
    write_tree(dir.path(), &[("dump.txt", line.as_bytes())]);
    let (code, out, err) = run_in(dir.path(), &["scan", ".", "--format", "json"]);
    assert_eq!(code, 1, "{err}");
    let doc = json(&out);
    let f = doc["findings"].as_array().unwrap();
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0]["rule_id"], "github-pat-classic");
    assert_eq!(f[0]["decoded"], "base64");
    assert_eq!(doc["stats"]["encoded_not_scanned"], 0, "{:#}", doc["stats"]);
    assert!(!err.contains("not scanned"), "{err}");
}

#[test]
fn encoded_text_over_its_regions_budget_is_counted_and_reported_not_hidden() {
    // 1.5 MB of short harmless base64 chunks on one line: each is scanned with 512 bytes of its
    // line, 20 times its size, more than the blob's budget (16 MB and its size). Then, past 100 KB
    // of plain text, an encoded token: the chunks spend their own regions' shares, not its.
    let mut rng = Rng::new(17);
    let token = github(&mut rng, "ghp_");
    let mut text = String::from("data: ");
    let mut i = 0u64;
    while text.len() < 1_500_000 {
        text.push_str(&b64(format!("harmless {i:09}")));
        text.push(' ');
        i += 1;
    }
    text.push('\n');
    while text.len() < 1_600_000 {
        text.push_str("Plain prose, nothing encoded here at all.\n");
    }
    text.push_str(&format!("token: {}\n", b64(&token)));
    let dir = tempfile::tempdir().unwrap();
    write_tree(dir.path(), &[("dump.txt", text.as_bytes())]);
    let (code, out, err) = run_in(dir.path(), &["scan", ".", "--format", "json"]);
    assert_eq!(code, 1, "{err}");
    let doc = json(&out);
    let f = doc["findings"].as_array().unwrap();
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0]["rule_id"], "github-pat-classic");
    let skipped = doc["stats"]["encoded_not_scanned"].as_u64().unwrap();
    assert!(skipped > 1000 && skipped < i, "{skipped} of {i}");
    // The human report says so on stderr, with the count.
    let (code, _, err) = run_in(dir.path(), &["scan", ".", "--color", "never"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(&format!("{skipped} encoded strings were not scanned")),
        "{err}"
    );
}
