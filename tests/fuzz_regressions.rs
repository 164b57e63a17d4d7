//! Replays the fuzz corpus and every crash input (fuzz/corpus/<target>/*, fuzz/artifacts/<target>/*)
//! through the same property checks the cargo-fuzz targets run, on stable Rust: a bug the fuzzer once
//! found stays found. Fuzzing itself is `cargo +nightly fuzz run <target>` (fuzz/README.md).

#[path = "../fuzz/src/props.rs"]
mod props;

use std::path::Path;

/// Runs `check` on every file of the target's corpus and artifacts directories; returns how many.
fn replay(target: &str, check: fn(&[u8])) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut n = 0;
    for dir in ["corpus", "artifacts"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir).join(target)) else {
            continue;
        };
        let mut files: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        files.sort();
        for path in files {
            if !path.is_file() {
                continue;
            }
            let data = std::fs::read(&path).unwrap();
            let name = path.display().to_string();
            let outcome = std::panic::catch_unwind(|| check(&data));
            assert!(outcome.is_ok(), "property failed on {name}");
            n += 1;
        }
    }
    n
}

macro_rules! replay_test {
    ($name:ident, $target:literal, $check:path, $min:literal) => {
        #[test]
        fn $name() {
            let n = replay($target, $check);
            assert!(
                n >= $min,
                "fuzz/corpus/{} holds {n} inputs; the kept corpus is missing",
                $target
            );
        }
    };
}

replay_test!(detect_corpus, "detect", props::check_detect, 10);
replay_test!(
    validate_github_corpus,
    "validate_github",
    props::check_github,
    10
);
replay_test!(validate_jwt_corpus, "validate_jwt", props::check_jwt, 10);
replay_test!(validate_pem_corpus, "validate_pem", props::check_pem, 10);
replay_test!(config_corpus, "config", props::check_config, 10);
replay_test!(rules_corpus, "rules", props::check_rules, 10);
replay_test!(baseline_corpus, "baseline", props::check_baseline, 10);
replay_test!(validate_corpus, "validate", props::check_validators, 10);
replay_test!(pack_corpus, "pack", props::check_pack, 4);
replay_test!(decode_corpus, "decode", props::check_decode, 10);
replay_test!(container_corpus, "container", props::check_container, 10);
replay_test!(image_corpus, "image", props::check_image, 6);
