//! Archives, compressed streams and documents are opened in memory and what they hold is scanned;
//! every bound against bombs (ratio, total, depth) reports what it left unscanned; entry names are
//! labels, never paths; `hush scan`, `hush git` and `hush staged` open them alike; a finding inside
//! names its chain in reports and the baseline.

mod common;

use common::*;
use std::io::{Cursor, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use zip::CompressionMethod;
use zip::write::SimpleFileOptions;

fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    zip_with(files, CompressionMethod::Deflated)
}

fn zip_with(files: &[(&str, &[u8])], method: CompressionMethod) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(method);
    for (name, data) in files {
        w.start_file(*name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// A tar written header by header, so that names the `tar` crate would refuse (`../x`, `/x`) and
/// links can be planted.
fn tar_of(entries: &[(&str, &[u8], tar::EntryType, &str)]) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    for (name, data, kind, link) in entries {
        let mut h = tar::Header::new_ustar();
        h.as_old_mut().name[..name.len()].copy_from_slice(name.as_bytes());
        h.as_old_mut().linkname[..link.len()].copy_from_slice(link.as_bytes());
        h.set_entry_type(*kind);
        h.set_mode(0o644);
        h.set_size(data.len() as u64);
        h.set_cksum();
        b.append(&h, *data).unwrap();
    }
    b.into_inner().unwrap()
}

fn tar_files(files: &[(&str, &[u8])]) -> Vec<u8> {
    let e: Vec<_> = files
        .iter()
        .map(|(n, d)| (*n, *d, tar::EntryType::Regular, ""))
        .collect();
    tar_of(&e)
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn bzip2(data: &[u8]) -> Vec<u8> {
    let mut e = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// Compressed by a command-line tool (`xz`, `zstd`), as a release pipeline would.
fn piped(tool: &str, data: &[u8]) -> Vec<u8> {
    let mut child = Command::new(tool)
        .args(["-c", "-q"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{tool}: {e}"));
    let mut stdin = child.stdin.take().unwrap();
    let data = data.to_vec();
    let feeder = std::thread::spawn(move || stdin.write_all(&data).unwrap());
    let out = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    assert!(out.status.success(), "{tool}");
    out.stdout
}

fn props() -> Vec<u8> {
    format!("# app\ngithub.token={GH_TOKEN}\n").into_bytes()
}

fn scan(dir: &Path, extra: &[&str]) -> (i32, serde_json::Value, String) {
    let mut args = vec![
        "scan",
        ".",
        "--format",
        "json",
        "--no-baseline",
        "--no-config",
    ];
    args.extend(extra);
    let (code, out, err) = run_in(dir, &args);
    assert!(code != 2, "{err}");
    (code, json(&out), err)
}

/// `path!/inner:line` of each finding.
fn chains(doc: &serde_json::Value) -> Vec<String> {
    let mut v: Vec<String> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let inner = f["inner"]
                .as_str()
                .map_or(String::new(), |i| format!("!/{i}"));
            let line = f["line"].as_u64().map_or("-".into(), |l| l.to_string());
            format!("{}{inner}:{line}", f["path"].as_str().unwrap())
        })
        .collect();
    v.sort();
    v
}

#[test]
fn every_container_kind_is_opened_by_its_magic_bytes() {
    let p = props();
    let tar = tar_files(&[("config/app.properties", &p)]);
    let npm = tar_files(&[("package/.npmrc.txt", &p)]);
    let jar = zip_of(&[
        ("META-INF/MANIFEST.MF", b"Manifest-Version: 1.0\n"),
        ("config/app.properties", &p),
    ]);
    let war = zip_of(&[("WEB-INF/lib/app.jar", &jar)]);
    let docx = zip_of(&[(
        "word/document.xml",
        format!("<w:document><w:t>token: {GH_TOKEN}</w:t></w:document>").as_bytes(),
    )]);
    let ipynb = format!(
        "{{\"cells\": [{{\"cell_type\": \"code\", \"source\": [\"token = '{GH_TOKEN}'\\n\"]}}]}}"
    );
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("dist/app.jar", jar.clone()),
        ("dist/app.war", war),
        // A zip by its bytes, whatever its name.
        (
            "dist/pkg-1.0-py3-none-any.whl",
            zip_of(&[("pkg/settings.py", &p)]),
        ),
        ("dist/Pkg.1.0.nupkg", zip_of(&[("content/app.config", &p)])),
        ("dist/blob.bin", jar),
        ("docs/report.docx", docx),
        ("nb/analysis.ipynb", ipynb.into_bytes()),
        ("dist/app.tar", tar.clone()),
        ("dist/app.tgz", gzip(&tar)),
        ("dist/pkg-1.0.0.tgz", gzip(&npm)),
        ("dist/app.tar.bz2", bzip2(&tar)),
        ("dist/app.tar.xz", piped("xz", &tar)),
        ("dist/app.tar.zst", piped("zstd", &tar)),
        ("logs/app.properties.gz", gzip(&p)),
    ];
    let dir = tempfile::tempdir().unwrap();
    let refs: Vec<(&str, &[u8])> = files.iter().map(|(n, c)| (*n, c.as_slice())).collect();
    write_tree(dir.path(), &refs);
    let (code, doc, err) = scan(dir.path(), &[]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        chains(&doc),
        [
            "dist/Pkg.1.0.nupkg!/content/app.config:2",
            "dist/app.jar!/config/app.properties:2",
            "dist/app.tar!/config/app.properties:2",
            "dist/app.tar.bz2!/config/app.properties:2",
            "dist/app.tar.xz!/config/app.properties:2",
            "dist/app.tar.zst!/config/app.properties:2",
            "dist/app.tgz!/config/app.properties:2",
            "dist/app.war!/WEB-INF/lib/app.jar!/config/app.properties:2",
            "dist/blob.bin!/config/app.properties:2",
            "dist/pkg-1.0-py3-none-any.whl!/pkg/settings.py:2",
            "dist/pkg-1.0.0.tgz!/package/.npmrc.txt:2",
            "docs/report.docx!/word/document.xml:1",
            "logs/app.properties.gz!/app.properties:2",
            "nb/analysis.ipynb:1",
        ]
    );
    assert_eq!(doc["stats"]["skipped_archive_limit"], 0);
    assert_eq!(doc["stats"]["errors"], 0);
}

#[test]
fn a_zip_bomb_stops_at_the_ratio_and_the_rest_is_still_scanned() {
    // 8 MiB of zeros deflate to a few KiB: far past 200x.
    let zeros = vec![0u8; 8 << 20];
    let p = props();
    let bomb = zip_of(&[("zeros.bin", &zeros), ("after/app.properties", &p)]);
    assert!(bomb.len() < 100_000);
    let dir = tempfile::tempdir().unwrap();
    write_tree(dir.path(), &[("bomb.zip", &bomb)]);
    let (code, doc, err) = scan(dir.path(), &["-v"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(chains(&doc), ["bomb.zip!/after/app.properties:2"]);
    assert_eq!(doc["stats"]["skipped_archive_limit"], 1);
    assert!(
        err.contains("bomb.zip!/zeros.bin") && err.contains("inflates more than 200x"),
        "{err}"
    );
}

#[test]
fn the_total_inflated_size_is_bounded_per_top_level_blob() {
    // With a 1 MB size limit an archive may inflate 4 MB in all; ten 600 kB entries pass it.
    // (Mostly one letter, with a pseudo-random hex digit every 32 bytes: it compresses well, so the
    // archive is under the size limit, but less than 200x, under the ratio bound.)
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let chunk: Vec<u8> = (0..600_000)
        .map(|i| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            if i % 32 == 0 {
                b"0123456789abcdef"[(x & 15) as usize]
            } else {
                b'a'
            }
        })
        .collect();
    let p = props();
    let mut files: Vec<(String, &[u8])> = (0..10)
        .map(|i| (format!("part{i}.txt"), chunk.as_slice()))
        .collect();
    files.push(("z/app.properties".into(), &p));
    let refs: Vec<(&str, &[u8])> = files.iter().map(|(n, c)| (n.as_str(), *c)).collect();
    let tgz = gzip(&tar_files(&refs));
    let dir = tempfile::tempdir().unwrap();
    write_tree(dir.path(), &[("big.tgz", &tgz)]);
    let (code, doc, err) = scan(dir.path(), &["-v", "--max-file-size", "1M"]);
    // The tar inflated from the gzip is itself over the total: nothing inside is scanned, and
    // that is said.
    assert_eq!(code, 0, "{err}");
    assert_eq!(doc["stats"]["skipped_archive_limit"], 1);
    assert!(
        err.contains("big.tgz!/big:") && err.contains("in all"),
        "{err}"
    );
    // The same entries in a zip: each is read until the total is spent, then the rest is not.
    let zip = zip_of(&refs);
    write_tree(dir.path(), &[("big.tgz", b""), ("big.zip", &zip)]);
    let (code, doc, err) = scan(dir.path(), &["-v", "--max-file-size", "1M"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(doc["stats"]["archive_entries"], 6, "{err}");
    assert_eq!(doc["stats"]["skipped_archive_limit"], 1);
    assert!(
        err.contains("big.zip!/part6.txt") && err.contains("the rest were not scanned"),
        "{err}"
    );
}

#[test]
fn nesting_is_bounded_and_the_unopened_level_is_reported() {
    let p = props();
    // Stored, not deflated: past the depth bound the unopened zip's bytes are still scanned as
    // they are, so the token inside is found there.
    let stored = |name: &str, data: &[u8]| zip_with(&[(name, data)], CompressionMethod::Stored);
    let mut inner = stored("app.properties", &p);
    for i in (0..4).rev() {
        inner = stored(&format!("l{i}.zip"), &inner);
    }
    // Four levels under the top: within the bound of five.
    let dir = tempfile::tempdir().unwrap();
    write_tree(dir.path(), &[("deep.zip", &inner)]);
    let (code, doc, _) = scan(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(
        chains(&doc),
        ["deep.zip!/l0.zip!/l1.zip!/l2.zip!/l3.zip!/app.properties:2"]
    );
    // Two more above: the sixth level (l2.zip) is not opened, and that is said.
    let deeper = stored("m.zip", &stored("n.zip", &inner));
    write_tree(dir.path(), &[("deep.zip", &deeper)]);
    let (code, doc, err) = scan(dir.path(), &["-v"]);
    assert_eq!(doc["stats"]["skipped_archive_limit"], 1, "{err}");
    assert!(
        err.contains("deep.zip!/m.zip!/n.zip!/l0.zip!/l1.zip!/l2.zip: not scanned: an archive nested more than 5 deep"),
        "{err}"
    );
    // Its bytes are scanned as they are: the stored token is found, in the unopened zip.
    assert_eq!(code, 1);
    let found = chains(&doc);
    assert_eq!(found.len(), 1);
    assert!(
        found[0].starts_with("deep.zip!/m.zip!/n.zip!/l0.zip!/l1.zip!/l2.zip:"),
        "{found:?}"
    );
}

#[test]
fn entry_names_are_labels_and_links_are_not_followed() {
    let p = props();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    std::fs::create_dir(&root).unwrap();
    let tar = tar_of(&[
        (
            "../../escape/app.properties",
            &p,
            tar::EntryType::Regular,
            "",
        ),
        ("/etc/hush-test.properties", &p, tar::EntryType::Regular, ""),
        (
            "link-to-passwd",
            b"",
            tar::EntryType::Symlink,
            "/etc/passwd",
        ),
        (
            "hard",
            b"",
            tar::EntryType::Link,
            "../../escape/app.properties",
        ),
        ("dir/", b"", tar::EntryType::Directory, ""),
    ]);
    write_tree(&root, &[("evil.tar", &tar)]);
    let (code, doc, err) = scan(&root, &[]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        chains(&doc),
        [
            "evil.tar!/../../escape/app.properties:2",
            "evil.tar!//etc/hush-test.properties:2",
        ]
    );
    assert_eq!(doc["stats"]["archive_entries"], 2);
    // Nothing was written anywhere: the scan left the directories as they were.
    assert!(!dir.path().join("escape").exists());
    assert!(!Path::new("/etc/hush-test.properties").exists());
    let names: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["evil.tar"]);
}

#[test]
fn a_file_that_only_looks_like_an_archive_is_scanned_as_it_is() {
    let mut fake = b"PK\x03\x04 not really a zip\n".to_vec();
    fake.extend_from_slice(&props());
    let dir = tempfile::tempdir().unwrap();
    write_tree(dir.path(), &[("fake.zip", &fake)]);
    let (code, doc, err) = scan(dir.path(), &["-v"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(chains(&doc), ["fake.zip:3"]);
    assert!(
        err.contains("fake.zip") && err.contains("scanned as it is"),
        "{err}"
    );
}

#[test]
fn scan_git_and_staged_open_an_archive_alike() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    new_repo(d);
    let jar = zip_of(&[("config/app.properties", &props())]);
    write_tree(d, &[("dist/app.jar", &jar), ("copy/app.jar", &jar)]);
    git(d, &["add", "-A"]);
    let want = [
        "copy/app.jar!/config/app.properties:2",
        "dist/app.jar!/config/app.properties:2",
    ];
    let report = |args: &[&str]| {
        let mut all = args.to_vec();
        all.extend(["--format", "json", "--no-baseline", "--no-config"]);
        let (code, out, err) = run_in(d, &all);
        assert_eq!(code, 1, "{args:?}: {err}");
        let doc = json(&out);
        if args[0] == "git" {
            // The jar at HEAD still holds the secret (inside it, deflated).
            for f in doc["findings"].as_array().unwrap() {
                assert_eq!(f["in_head"], true, "{f}");
            }
        }
        (chains(&doc), doc["stats"].clone())
    };
    let staged = report(&["staged"]);
    let tree = report(&["scan", "."]);
    git(d, &["commit", "-q", "-m", "jar"]);
    let history = report(&["git", "."]);
    for (name, (found, stats)) in [("scan", &tree), ("staged", &staged), ("git", &history)] {
        assert_eq!(found, &want, "{name}");
        assert_eq!(
            stats["archive_entries"],
            1 + u64::from(name != "git"),
            "{name}: {stats}"
        );
    }
    // Human and SARIF output name the chain.
    let (_, out, _) = run_in(d, &["scan", ".", "--no-baseline", "--color", "never"]);
    assert!(
        out.contains("dist/app.jar!/config/app.properties:2:14"),
        "{out}"
    );
    let (_, out, _) = run_in(d, &["scan", ".", "--no-baseline", "--format", "sarif"]);
    let sarif = json(&out);
    let uri = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        uri.starts_with("copy/app.jar") && uri.ends_with("config/app.properties"),
        "{uri}"
    );
}

#[test]
fn the_baseline_keys_a_finding_inside_an_archive_on_its_chain() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let jar = zip_of(&[("config/app.properties", &props())]);
    write_tree(d, &[("dist/app.jar", &jar)]);
    let (code, _, err) = run_in(d, &["baseline", "create", "--no-config"]);
    assert_eq!(code, 0, "{err}");
    let baseline = std::fs::read_to_string(d.join(".secrets.baseline")).unwrap();
    assert!(
        baseline.contains("\"dist/app.jar!/config/app.properties\""),
        "{baseline}"
    );
    let (code, out, err) = run_in(d, &["scan", ".", "--no-config", "--format", "json"]);
    assert_eq!(code, 0, "{out} {err}");
    // The same secret in another entry of the same jar is new.
    let jar = zip_of(&[
        ("config/app.properties", &props()),
        ("config/other.properties", &props()),
    ]);
    write_tree(d, &[("dist/app.jar", &jar)]);
    let (code, out, _) = run_in(d, &["scan", ".", "--no-config", "--format", "json"]);
    assert_eq!(code, 1);
    assert_eq!(
        chains(&json(&out)),
        ["dist/app.jar!/config/other.properties:2"]
    );
}

#[test]
fn github_and_gitlab_name_the_chain_and_keep_the_outer_file() {
    let dir = tempfile::tempdir().unwrap();
    let jar = zip_of(&[("config/app.properties", &props())]);
    write_tree(dir.path(), &[("dist/app.jar", &jar)]);
    let args = |f| vec!["scan", ".", "--no-config", "--no-baseline", "--format", f];
    let (code, out, err) = run_in(dir.path(), &args("github"));
    assert_eq!(code, 1, "{err}");
    let line = out
        .lines()
        .find(|l| l.starts_with("::error "))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(line.contains("file=dist/app.jar,"), "{line}");
    // The line is that of the file inside, not of the jar: not an annotation property.
    assert!(!line.contains("line="), "{line}");
    assert!(
        line.contains("inside dist/app.jar!/config/app.properties, line 2"),
        "{line}"
    );
    let (code, out, _) = run_in(dir.path(), &args("gitlab"));
    assert_eq!(code, 1);
    let doc = json(&out);
    let v = &doc["vulnerabilities"][0];
    assert_eq!(v["location"]["file"], "dist/app.jar", "{v}");
    assert!(v["location"].get("start_line").is_none(), "{v}");
    let d = v["description"].as_str().unwrap();
    assert!(
        d.contains("inside dist/app.jar!/config/app.properties, line 2"),
        "{d}"
    );
    assert!(!d.contains(GH_TOKEN));
}

#[test]
fn notebooks_outputs_and_office_documents_are_scanned() {
    // A notebook's outputs hold what a cell printed: a token echoed there is as leaked as one typed
    // in the source (nbformat 4: `outputs[].text` of a stream output).
    let ipynb = format!(
        "{{\n \"cells\": [\n  {{\n   \"cell_type\": \"code\",\n   \"source\": [\"print(load())\"],\n   \
         \"outputs\": [\n    {{\n     \"name\": \"stdout\",\n     \"output_type\": \"stream\",\n     \
         \"text\": [\"loaded {GH_TOKEN}\\n\"]\n    }}\n   ]\n  }}\n ],\n \"nbformat\": 4\n}}\n"
    );
    let text = |s: &str| s.replace("TOKEN", GH_TOKEN).into_bytes();
    // Office Open XML: a zip of parts (ECMA-376 Part 2): a workbook's strings in
    // xl/sharedStrings.xml, a slide's text in ppt/slides/slideN.xml.
    let xlsx = zip_of(&[
        ("[Content_Types].xml", b"<Types/>"),
        (
            "xl/sharedStrings.xml",
            &text("<sst><si><t>api token</t></si><si><t>TOKEN</t></si></sst>"),
        ),
    ]);
    let pptx = zip_of(&[
        ("[Content_Types].xml", b"<Types/>"),
        (
            "ppt/slides/slide1.xml",
            &text("<p:sld><a:t>deploy token: TOKEN</a:t></p:sld>"),
        ),
    ]);
    // OpenDocument: a zip whose first entry is `mimetype`, stored; the text in content.xml.
    let odt = zip_with(
        &[
            ("mimetype", b"application/vnd.oasis.opendocument.text"),
            (
                "content.xml",
                &text("<office:text><text:p>token TOKEN</text:p></office:text>"),
            ),
        ],
        CompressionMethod::Stored,
    );
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            ("nb/run.ipynb", ipynb.as_bytes()),
            ("docs/budget.xlsx", &xlsx),
            ("docs/deck.pptx", &pptx),
            ("docs/notes.odt", &odt),
        ],
    );
    let (code, doc, err) = scan(dir.path(), &[]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        chains(&doc),
        [
            "docs/budget.xlsx!/xl/sharedStrings.xml:1",
            "docs/deck.pptx!/ppt/slides/slide1.xml:1",
            "docs/notes.odt!/content.xml:1",
            "nb/run.ipynb:10",
        ]
    );
}
