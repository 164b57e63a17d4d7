//! Content in other encodings, and binaries: nothing is skipped unseen. A token hidden behind one
//! NUL byte, in UTF-16 or UTF-32 without a byte-order mark, in Windows-1252 text, or among the
//! printable runs of a binary is found, with its line and column in the decoded text; only media
//! formats known to hold nothing worth scanning are set aside, and counted.

mod common;

use common::*;
use std::path::Path;

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

/// (path, line, column, rule) of each finding.
fn located(doc: &serde_json::Value) -> Vec<(String, u64, u64, String)> {
    let mut v: Vec<_> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap_or(0),
                f["column"].as_u64().unwrap_or(0),
                f["rule_id"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    v.sort();
    v
}

fn one(path: &str, line: u64, column: u64) -> Vec<(String, u64, u64, String)> {
    vec![(path.into(), line, column, "github-pat-classic".into())]
}

fn utf16(text: &str, le: bool) -> Vec<u8> {
    text.encode_utf16()
        .flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() })
        .collect()
}

fn utf32(text: &str, le: bool) -> Vec<u8> {
    text.chars()
        .flat_map(|c| {
            let c = c as u32;
            if le { c.to_le_bytes() } else { c.to_be_bytes() }
        })
        .collect()
}

#[test]
fn one_nul_byte_does_not_hide_a_token() {
    let dir = tempfile::tempdir().unwrap();
    let mut evasion = format!("token = \"{GH_TOKEN}\"\n").into_bytes();
    evasion.push(0);
    write_tree(dir.path(), &[("settings.py", &evasion)]);
    let (code, doc, _) = scan(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(located(&doc), one("settings.py", 1, 10));
    assert_eq!(doc["stats"]["skipped_binary"], 0);
}

#[test]
fn utf16_and_utf32_with_or_without_a_byte_order_mark() {
    let text = format!("# config\ntoken = \"{GH_TOKEN}\"\n");
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for le in [true, false] {
        let e = if le { "le" } else { "be" };
        files.push((format!("u16{e}.txt"), utf16(&text, le)));
        files.push((format!("u32{e}.txt"), utf32(&text, le)));
        files.push((
            format!("u16{e}-bom.txt"),
            utf16(&format!("\u{FEFF}{text}"), le),
        ));
        files.push((
            format!("u32{e}-bom.txt"),
            utf32(&format!("\u{FEFF}{text}"), le),
        ));
    }
    let dir = tempfile::tempdir().unwrap();
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(p, c)| (p.as_str(), c.as_slice()))
        .collect();
    write_tree(dir.path(), &refs);
    let (code, doc, _) = scan(dir.path(), &[]);
    assert_eq!(code, 1);
    let mut want: Vec<_> = files.iter().flat_map(|(p, _)| one(p, 2, 10)).collect();
    want.sort();
    assert_eq!(located(&doc), want);
}

#[test]
fn windows_1252_text_is_transcoded_so_columns_count_characters() {
    // 0xA3 is a pound sign in Latin-1: one character, before the token on its line.
    let mut text = b"# \xe9t\xe9\nprice = \xa3 5; token = \"".to_vec();
    text.extend_from_slice(GH_TOKEN.as_bytes());
    text.extend_from_slice(b"\" \x80\n");
    let dir = tempfile::tempdir().unwrap();
    write_tree(dir.path(), &[("legacy.ini", &text)]);
    let (code, doc, _) = scan(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(located(&doc), one("legacy.ini", 2, 23));
    let (_, out, _) = run_in(
        dir.path(),
        &["scan", ".", "--no-baseline", "--color", "never"],
    );
    assert!(
        out.contains("price = £ 5; token = \"ghp_Xf…fO\" €"),
        "{out}"
    );
}

#[test]
fn binaries_are_scanned_as_their_printable_runs() {
    // An executable-like blob: a header, a newline, an ASCII string, a UTF-16LE string (as Windows
    // binaries store them), separated by binary noise. Lines count the binary's own newlines.
    let mut bin = b"\x7fELF\x02\x01\x01\0\0\0\0\0\x03\0>\0".to_vec();
    bin.extend_from_slice(&[0xC3, 0x90, 0x0A, 0xFF, 0x00]);
    bin.extend_from_slice(format!("token={GH_TOKEN}").as_bytes());
    bin.extend_from_slice(&[0, 0x90, 0x0A, 1, 2, 3, 0x0A]);
    bin.extend_from_slice(&utf16(&format!("secret_token={GH_TOKEN_2}"), true));
    bin.extend_from_slice(&[0, 0, 0xE8, 0x01]);
    // A short run next to a token prefix is not glued to it.
    bin.extend_from_slice(b"ghp_\0abc");
    let dir = tempfile::tempdir().unwrap();
    write_tree(dir.path(), &[("bin/tool", &bin)]);
    let (code, doc, _) = scan(dir.path(), &[]);
    assert_eq!(code, 1);
    let found = located(&doc);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].1, 2, "{found:?}"); // after the first newline
    assert_eq!(found[1].1, 4, "{found:?}");
    let secrets: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["redacted"].as_str().unwrap())
        .collect();
    assert!(
        secrets.contains(&"ghp_Xf…fO") && secrets.contains(&"ghp_tt…XC"),
        "{secrets:?}"
    );
    // The context shows no NUL bytes.
    let (_, out, _) = run_in(
        dir.path(),
        &["scan", ".", "--no-baseline", "--color", "never"],
    );
    assert!(!out.contains('\0'), "{out:?}");
    assert!(!out.contains(GH_TOKEN) && !out.contains(GH_TOKEN_2));
}

#[test]
fn media_formats_are_skipped_by_signature_and_counted() {
    let token = format!("token = \"{GH_TOKEN}\"\n");
    let with = |head: &[u8]| {
        let mut v = head.to_vec();
        v.extend_from_slice(&[0, 0, 0, 13]);
        v.extend_from_slice(token.as_bytes());
        v
    };
    let files = [
        ("a.png", with(b"\x89PNG\r\n\x1a\n")),
        ("b.jpg", with(&[0xFF, 0xD8, 0xFF, 0xE0])),
        ("c.gif", with(b"GIF89a")),
        ("d.webp", with(b"RIFF\x10\0\0\0WEBPVP8 ")),
        ("e.mp3", with(b"ID3\x04\0")),
        ("f.mp4", with(b"\0\0\0\x18ftypisom")),
        ("g.ogg", with(b"OggS\0\x02")),
        ("h.woff2", with(b"wOF2\0\x01\0\0")),
        ("i.ttf", with(&[0, 1, 0, 0, 0, 0x10])),
        ("j.otf", with(b"OTTO\0\x0b")),
    ];
    let dir = tempfile::tempdir().unwrap();
    let refs: Vec<(&str, &[u8])> = files.iter().map(|(p, c)| (*p, c.as_slice())).collect();
    write_tree(dir.path(), &refs);
    let (code, doc, err) = scan(dir.path(), &["-v"]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(doc["stats"]["skipped_binary"], files.len());
    assert!(
        err.contains("a.png") && err.contains("a PNG image"),
        "{err}"
    );
    // The same token after a signature no format has is found.
    write_tree(dir.path(), &[("k.dat", &with(b"\x01\x02\x03\x04"))]);
    let (code, doc, _) = scan(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(located(&doc), one("k.dat", 1, 18));
}
