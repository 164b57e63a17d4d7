//! `hush image`: container images built by hand (tars and JSON, no daemon), as `docker save`
//! writes them and as an OCI image layout. Every layer is scanned in order, whiteouts and opaque
//! directories say which files are only in their layer, the config is scanned, a corrupt manifest
//! is an error, and a bomb of a layer is bounded.

mod common;

use common::*;
use serde_json::{Value, json as j};
use std::io::Write;
use std::path::Path;

/// A layer: a tar of (name, content) files; a name ending in `/` is a directory.
fn layer(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    for (name, data) in files {
        let mut h = tar::Header::new_gnu();
        if let Some(dir) = name.strip_suffix('/') {
            h.set_entry_type(tar::EntryType::Directory);
            h.set_mode(0o755);
            h.set_size(0);
            b.append_data(&mut h, dir, &[][..]).unwrap();
        } else {
            h.set_entry_type(tar::EntryType::Regular);
            h.set_mode(0o644);
            h.set_size(data.len() as u64);
            b.append_data(&mut h, name, *data).unwrap();
        }
    }
    b.into_inner().unwrap()
}

/// An archive of (name, content) members: the image file itself.
fn tar_of(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    for (name, data) in files {
        let mut h = tar::Header::new_gnu();
        h.set_mode(0o644);
        h.set_size(data.len() as u64);
        b.append_data(&mut h, name, data.as_slice()).unwrap();
    }
    b.into_inner().unwrap()
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// A stand-in digest: 64 hex digits from the content (hush does not verify digests).
fn hex(data: &[u8]) -> String {
    let h = sha1_smol::Sha1::from(data).digest().to_string();
    format!("{h}{}", &h[..24])
}

fn config(env: &[&str], layers: &[Vec<u8>]) -> Vec<u8> {
    let diff_ids: Vec<String> = layers
        .iter()
        .map(|l| format!("sha256:{}", hex(l)))
        .collect();
    serde_json::to_vec(&j!({
        "architecture": "amd64", "os": "linux",
        "config": { "Env": env, "Labels": { "maintainer": "ops" } },
        "rootfs": { "type": "layers", "diff_ids": diff_ids },
        "history": [ { "created_by": "/bin/sh -c #(nop) ADD file:abc in / " } ]
    }))
    .unwrap()
}

/// A `docker save` tarball: `manifest.json`, the config and `<id>/layer.tar` per layer (stored as
/// given: gzip'd or not).
fn docker_save(layers: &[Vec<u8>], env: &[&str]) -> Vec<u8> {
    let cfg = config(env, layers);
    let cfg_name = format!("{}.json", hex(&cfg));
    let mut members = vec![(cfg_name.clone(), cfg)];
    let mut names = Vec::new();
    for l in layers {
        let name = format!("{}/layer.tar", &hex(l)[..40]);
        names.push(name.clone());
        members.push((name, l.clone()));
    }
    let manifest = j!([{ "Config": cfg_name, "RepoTags": ["app:1"], "Layers": names }]);
    members.insert(
        0,
        (
            "manifest.json".into(),
            serde_json::to_vec(&manifest).unwrap(),
        ),
    );
    tar_of(&members)
}

/// An OCI image layout: (path, content) of its files.
fn oci_layout(layers: &[Vec<u8>], env: &[&str]) -> Vec<(String, Vec<u8>)> {
    let mut files = vec![(
        "oci-layout".to_string(),
        br#"{"imageLayoutVersion": "1.0.0"}"#.to_vec(),
    )];
    let mut blob = |data: Vec<u8>| {
        let h = hex(&data);
        let size = data.len();
        files.push((format!("blobs/sha256/{h}"), data));
        (format!("sha256:{h}"), size)
    };
    let cfg = config(env, layers);
    let (cfg_digest, cfg_size) = blob(cfg);
    let descs: Vec<Value> = layers
        .iter()
        .map(|l| {
            let media = if l.starts_with(&[0x1f, 0x8b]) {
                "application/vnd.oci.image.layer.v1.tar+gzip"
            } else {
                "application/vnd.oci.image.layer.v1.tar"
            };
            let (d, s) = blob(l.clone());
            j!({ "mediaType": media, "digest": d, "size": s })
        })
        .collect();
    let manifest = j!({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": { "mediaType": "application/vnd.oci.image.config.v1+json",
                    "digest": cfg_digest, "size": cfg_size },
        "layers": descs
    });
    let (m_digest, m_size) = blob(serde_json::to_vec(&manifest).unwrap());
    let index = j!({
        "schemaVersion": 2,
        "manifests": [ { "mediaType": "application/vnd.oci.image.manifest.v1+json",
                         "digest": m_digest, "size": m_size } ]
    });
    files.push(("index.json".into(), serde_json::to_vec(&index).unwrap()));
    files
}

fn image(dir: &Path, target: &str, extra: &[&str]) -> (i32, Value, String) {
    let mut args = vec![
        "image",
        target,
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

/// `path!/inner:line [note]` of each finding, with the layer digests left out.
fn places(doc: &Value) -> Vec<String> {
    let mut v: Vec<String> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let inner = f["inner"].as_str().unwrap_or("");
            let inner = match inner.find(" (sha256:") {
                Some(at) => {
                    let close = inner[at..].find(')').unwrap() + at + 1;
                    format!("{}{}", &inner[..at], &inner[close..])
                }
                None => inner.to_string(),
            };
            format!(
                "{}!/{inner}:{} [{}]",
                f["path"].as_str().unwrap(),
                f["line"],
                f["note"].as_str().unwrap_or("")
            )
        })
        .collect();
    v.sort();
    v
}

fn env_file(token: &str) -> Vec<u8> {
    format!("GITHUB_TOKEN={token}\n").into_bytes()
}

const KEPT: &str = "in the image";
const DELETED_2: &str =
    "only in layer 1: deleted or replaced in layer 2, not in the image's final filesystem";

#[test]
fn docker_save_layers_in_order_with_a_whiteout_and_a_gzipped_layer() {
    let l1 = layer(&[
        ("etc/", b""),
        ("etc/app.conf", &env_file(GH_TOKEN)),
        ("srv/keep.conf", &env_file(GH_TOKEN_2)),
    ]);
    // Layer 2 deletes etc/app.conf and adds a file of its own; it is stored gzip'd.
    let l2 = gzip(&layer(&[
        ("etc/.wh.app.conf", b""),
        (
            "opt/slack.txt",
            format!("token: {SLACK_TOKEN}\n").as_bytes(),
        ),
    ]));
    let dir = tempfile::tempdir().unwrap();
    write_tree(dir.path(), &[("app.tar", &docker_save(&[l1, l2], &[]))]);
    let (code, doc, err) = image(dir.path(), "app.tar", &[]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        places(&doc),
        [
            format!("app.tar!/layer 1!/etc/app.conf:1 [{DELETED_2}]"),
            format!("app.tar!/layer 1!/srv/keep.conf:1 [{KEPT}]"),
            format!("app.tar!/layer 2!/opt/slack.txt:1 [{KEPT}]"),
        ]
    );
    // The layer's digest is the config's diff_id, shortened.
    let inner = doc["findings"][0]["inner"].as_str().unwrap();
    assert!(
        inner.starts_with("layer 1 (sha256:") && inner.contains(")!/etc/app.conf"),
        "{inner}"
    );
    assert_eq!(doc["stats"]["errors"], 0);
    assert_eq!(doc["stats"]["skipped_archive_limit"], 0);
    // The human report names the chain too.
    let (code, out, _) = run_in(
        dir.path(),
        &["image", "app.tar", "--no-config", "--no-baseline"],
    );
    assert_eq!(code, 1);
    assert!(out.contains("app.tar!/layer 1 (sha256:"), "{out}");
    assert!(out.contains("only in layer 1"), "{out}");
}

#[test]
fn an_opaque_directory_hides_what_the_layers_below_held_there() {
    let l1 = layer(&[
        ("srv/old/key.conf", &env_file(GH_TOKEN)),
        ("srv/other/key.conf", &env_file(GH_TOKEN_2)),
    ]);
    let l2 = layer(&[
        ("srv/old/", b""),
        ("srv/old/.wh..wh..opq", b""),
        ("srv/old/new.txt", b"nothing here\n"),
    ]);
    let dir = tempfile::tempdir().unwrap();
    write_tree(dir.path(), &[("app.tar", &docker_save(&[l1, l2], &[]))]);
    let (code, doc, err) = image(dir.path(), "app.tar", &[]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        places(&doc),
        [
            format!("app.tar!/layer 1!/srv/old/key.conf:1 [{DELETED_2}]"),
            format!("app.tar!/layer 1!/srv/other/key.conf:1 [{KEPT}]"),
        ]
    );
}

#[test]
fn a_file_replaced_in_a_later_layer_is_only_in_its_own() {
    let l1 = layer(&[("app/settings.conf", &env_file(GH_TOKEN))]);
    let l2 = layer(&[("app/settings.conf", b"GITHUB_TOKEN=from-the-environment\n")]);
    let dir = tempfile::tempdir().unwrap();
    write_tree(dir.path(), &[("app.tar", &docker_save(&[l1, l2], &[]))]);
    let (_, doc, _) = image(dir.path(), "app.tar", &[]);
    assert_eq!(
        places(&doc),
        [format!(
            "app.tar!/layer 1!/app/settings.conf:1 [{DELETED_2}]"
        )]
    );
}

#[test]
fn a_secret_in_the_config_env_is_found() {
    let l1 = layer(&[("bin/tool", b"#!/bin/sh\n")]);
    let env = format!("GITHUB_TOKEN={GH_TOKEN}");
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[("app.tar", &docker_save(&[l1], &["PATH=/usr/bin", &env]))],
    );
    let (code, doc, err) = image(dir.path(), "app.tar", &[]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        places(&doc),
        ["app.tar!/config:1 [in the image config]".to_string()]
    );
    assert_eq!(doc["findings"][0]["rule_id"], "github-pat-classic");
}

#[test]
fn an_oci_layout_directory_and_the_same_layout_packed_in_a_tar() {
    let l1 = layer(&[("etc/app.conf", &env_file(GH_TOKEN))]);
    let l2 = gzip(&layer(&[
        ("etc/.wh.app.conf", b""),
        ("root/.npmrc.txt", &env_file(GH_TOKEN_2)),
    ]));
    let files = oci_layout(&[l1, l2], &[]);
    let dir = tempfile::tempdir().unwrap();
    let refs: Vec<(String, &[u8])> = files
        .iter()
        .map(|(n, d)| (format!("layout/{n}"), d.as_slice()))
        .collect();
    let refs: Vec<(&str, &[u8])> = refs.iter().map(|(n, d)| (n.as_str(), *d)).collect();
    write_tree(dir.path(), &refs);
    let packed = tar_of(&files);
    write_tree(
        dir.path(),
        &[("oci.tar", &packed), ("oci.tar.gz", &gzip(&packed))],
    );
    for target in ["layout", "oci.tar", "oci.tar.gz"] {
        let (code, doc, err) = image(dir.path(), target, &[]);
        assert_eq!(code, 1, "{target}: {err}");
        assert_eq!(
            places(&doc),
            [
                format!("{target}!/layer 1!/etc/app.conf:1 [{DELETED_2}]"),
                format!("{target}!/layer 2!/root/.npmrc.txt:1 [{KEPT}]"),
            ],
            "{target}"
        );
        // OCI layers are named by their descriptors' digests.
        let inner = doc["findings"][1]["inner"].as_str().unwrap();
        assert!(inner.starts_with("layer 2 (sha256:"), "{inner}");
    }
}

#[test]
fn a_gzipped_docker_save_is_read_whole() {
    let l1 = layer(&[("etc/app.conf", &env_file(GH_TOKEN))]);
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[("app.tar.gz", &gzip(&docker_save(&[l1], &[])))],
    );
    let (code, doc, err) = image(dir.path(), "app.tar.gz", &[]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        places(&doc),
        [format!("app.tar.gz!/layer 1!/etc/app.conf:1 [{KEPT}]")]
    );
}

#[test]
fn a_clean_image_exits_0_and_a_baseline_entry_hides_a_known_finding() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let clean = layer(&[("etc/motd", b"welcome\n")]);
    write_tree(d, &[("clean.tar", &docker_save(&[clean], &[]))]);
    let (code, doc, err) = image(d, "clean.tar", &[]);
    assert_eq!(code, 0, "{err}");
    assert!(doc["stats"]["files"].as_u64().unwrap() >= 2, "{doc}");

    let l1 = layer(&[("etc/app.conf", &env_file(GH_TOKEN))]);
    write_tree(d, &[("app.tar", &docker_save(&[l1], &[]))]);
    let (_, doc, _) = image(d, "app.tar", &[]);
    let location = format!("app.tar!/{}", doc["findings"][0]["inner"].as_str().unwrap());
    // A baseline written for a tree holding the same secret, then filed under the image's chain.
    write_tree(d, &[("t/app.conf", &env_file(GH_TOKEN))]);
    let (code, _, err) = run_in(d, &["baseline", "create", "t", "--no-config"]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(d.join("t/.secrets.baseline")).unwrap();
    let text = text.replace("\"app.conf\"", &serde_json::to_string(&location).unwrap());
    std::fs::write(d.join("image.baseline"), text).unwrap();
    let (code, out, err) = run_in(
        d,
        &[
            "image",
            "app.tar",
            "--no-config",
            "--baseline",
            "image.baseline",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{out} {err}");
    // Without it, SARIF names the chain in the location's logical name and the finding fails.
    let (code, out, _) = run_in(
        d,
        &[
            "image",
            "app.tar",
            "--no-config",
            "--no-baseline",
            "--format",
            "sarif",
        ],
    );
    assert_eq!(code, 1);
    assert!(out.contains("etc/app.conf"), "{out}");
}

#[test]
fn a_corrupt_or_incomplete_image_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let bad = tar_of(&[("manifest.json".into(), b"[{\"Config\": ".to_vec())]);
    let wrong = tar_of(&[("manifest.json".into(), b"{\"Config\": 1}".to_vec())]);
    let none = tar_of(&[("readme.txt".into(), b"hello".to_vec())]);
    let l1 = layer(&[("etc/app.conf", &env_file(GH_TOKEN))]);
    let mut missing = docker_save(&[l1], &[]);
    // The same image with its layer's member renamed: the manifest names a layer that is not there.
    let at = memchr::memmem::find(&missing, b"/layer.tar").unwrap();
    missing[at + 1] = b'L';
    write_tree(
        d,
        &[
            ("bad.tar", &bad),
            ("wrong.tar", &wrong),
            ("none.tar", &none),
            ("missing.tar", &missing),
            ("text.txt", b"not an image"),
        ],
    );
    for (target, says) in [
        ("bad.tar", "bad.tar: manifest.json: not valid JSON"),
        (
            "wrong.tar",
            "wrong.tar: manifest.json: not a docker-save manifest",
        ),
        ("none.tar", "none.tar: not a container image"),
        ("text.txt", "text.txt: not a container image"),
        ("missing.tar", "named in the manifest, but not in the image"),
        ("nothing.tar", "nothing.tar: no such file or directory"),
    ] {
        let (code, out, err) = run_in(d, &["image", target, "--no-config", "--format", "json"]);
        assert_eq!(code, 2, "{target}: {out} {err}");
        assert!(err.contains(says), "{target}: {err}");
    }
}

#[test]
fn a_layer_bomb_is_bounded_and_the_other_layers_are_still_scanned() {
    // 8 MiB of zeros gzip to a few KiB: far past 200 times.
    let zeros = vec![0u8; 8 << 20];
    let bomb = gzip(&layer(&[
        ("zeros.bin", &zeros),
        ("etc/late.conf", &env_file(GH_TOKEN_2)),
    ]));
    let l2 = layer(&[("etc/app.conf", &env_file(GH_TOKEN))]);
    let dir = tempfile::tempdir().unwrap();
    write_tree(dir.path(), &[("app.tar", &docker_save(&[bomb, l2], &[]))]);
    let (code, doc, err) = image(dir.path(), "app.tar", &["-v"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        places(&doc),
        [format!("app.tar!/layer 2!/etc/app.conf:1 [{KEPT}]")]
    );
    assert_eq!(doc["stats"]["skipped_archive_limit"], 1, "{err}");
    assert!(err.contains("more than 200x its compressed size"), "{err}");
}

#[test]
fn a_file_over_the_size_limit_is_skipped_as_large() {
    let big = vec![b'a'; 4096];
    let l1 = layer(&[("data/big.txt", &big)]);
    let dir = tempfile::tempdir().unwrap();
    write_tree(dir.path(), &[("app.tar", &docker_save(&[l1], &[]))]);
    let (_, doc, _) = image(dir.path(), "app.tar", &["--max-file-size", "1k"]);
    assert_eq!(doc["stats"]["skipped_large"], 1, "{doc}");
}

#[test]
fn github_annotations_name_the_layer_and_the_file() {
    let l1 = layer(&[("etc/app.conf", &env_file(GH_TOKEN))]);
    let l2 = layer(&[("etc/.wh.app.conf", b"")]);
    let dir = tempfile::tempdir().unwrap();
    write_tree(dir.path(), &[("app.tar", &docker_save(&[l1, l2], &[]))]);
    let (code, out, err) = run_in(
        dir.path(),
        &[
            "image",
            "app.tar",
            "--no-config",
            "--no-baseline",
            "--format",
            "github",
        ],
    );
    assert_eq!(code, 1, "{err}");
    let line = out.lines().find(|l| l.starts_with("::error ")).unwrap();
    assert!(line.contains("file=app.tar,"), "{line}");
    assert!(line.contains("inside app.tar!/layer 1 (sha256:"), "{line}");
    assert!(
        line.contains(")!/etc/app.conf, line 1 (only in layer 1"),
        "{line}"
    );
}

#[test]
fn an_archive_inside_a_layer_is_opened_and_its_chain_continues_the_layers() {
    let mut jar = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    jar.start_file(
        "config/app.properties",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    jar.write_all(&env_file(GH_TOKEN)).unwrap();
    let jar = jar.finish().unwrap().into_inner();
    let l1 = layer(&[("app/lib/app.jar", &jar)]);
    let dir = tempfile::tempdir().unwrap();
    write_tree(dir.path(), &[("app.tar", &docker_save(&[l1], &[]))]);
    let (code, doc, err) = image(dir.path(), "app.tar", &[]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        places(&doc),
        [format!(
            "app.tar!/layer 1!/app/lib/app.jar!/config/app.properties:1 [{KEPT}]"
        )]
    );
}
