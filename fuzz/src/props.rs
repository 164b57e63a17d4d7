//! Properties that hush's engine must keep on any input, shared by the cargo-fuzz targets (nightly,
//! `fuzz/fuzz_targets/*.rs`) and by `tests/fuzz_regressions.rs` (stable), which replays the kept corpus
//! and every crash input through the same checks.
//!
//! Each `check_*` function takes the raw fuzz input and panics, with a message that never holds a
//! secret's bytes, when a property fails. They depend only on `hush` and crates `hush` itself depends
//! on, so that the test suite can include this file with `#[path]`.
//!
//! The properties (fuzz/README.md says more):
//! - every finding's span lies inside the scanned text, and its line/column (and end line/column)
//!   agree with the bytes, recomputed here from scratch;
//! - scanning the same input twice, or with a fresh detector, gives the same findings;
//! - splitting the text at a line boundary and scanning both halves finds the same secrets as the
//!   whole, with one documented exception (see [`check_split`]);
//! - no report format prints a secret of 8 or more characters unless `--show-secrets` is given, and
//!   with it the JSON report carries the exact secret;
//! - offline validators agree with an independent computation on tokens built to be valid.
#![allow(dead_code)]

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use base64::Engine as _;
use clap::ValueEnum as _;
use hush::config::Config;
use hush::content::{self, Kind};
use hush::detect::validate::{self, Validator};
use hush::detect::{Detector, Match, hints_for_path};
use hush::filter::allowlist::Allowlist;
use hush::finding::{Confidence, Finding, Validation};
use hush::report::{self, Format, Report};
use hush::rule::RuleSet;
use hush::rule::load::{Selection, load};
use hush::scan::{Scanner, StatsSnapshot};

/// Paths the detector target scans its input under (chosen by the input's first byte): plain text,
/// code (quoted literals only), a test path (generic rules off), blocked file names.
pub const PATHS: &[&str] = &[
    "notes.txt",
    "config/app.env",
    "src/settings.py",
    "tests/fixture.json",
    "deploy/.npmrc",
    "keys/id_rsa",
    "infra/main.tf",
    "web/app.js",
];

/// A scanner over the built-in rule set, built once per process.
pub fn builtin() -> &'static Scanner {
    static SCANNER: OnceLock<Scanner> = OnceLock::new();
    SCANNER.get_or_init(|| {
        let rules = load(&Selection::default()).expect("built-in rules load");
        scanner(Arc::new(rules))
    })
}

fn scanner(rules: Arc<RuleSet>) -> Scanner {
    Scanner {
        rules,
        allowlist: Allowlist::default(),
        min_confidence: Confidence::Low,
        ignore_pragmas: false,
        max_file_size: u64::MAX,
        decode_depth: hush::detect::DEFAULT_DECODE_DEPTH,
    }
}

// ---- the detector over arbitrary bytes -------------------------------------------------------------

/// The `detect` target: input byte 0 picks the path, byte 1 the line boundary to split at, the rest is
/// the blob.
pub fn check_detect(data: &[u8]) {
    let (path, split, blob) = match data {
        [p, s, rest @ ..] => (PATHS[*p as usize % PATHS.len()], *s as usize, rest),
        _ => (PATHS[0], 0, data),
    };
    check_blob(builtin(), path, blob, Some(split));
}

/// Every property of one blob scanned under `path` with `scanner`. `split` picks the line boundary for
/// the split property (skipped when `None`).
pub fn check_blob(scanner: &Scanner, path: &str, blob: &[u8], split: Option<usize>) {
    let mut detector = Detector::new(scanner.rules.clone());
    let mut first = Vec::new();
    scanner.scan_blob(&mut detector, path, blob, &mut first);

    // The text the findings refer to: the blob, or its UTF-8 transcoding (UTF-16/32, Windows-1252),
    // or for a binary its printable runs at their own offsets. Only media formats are not scanned.
    let kind = content::sniff(blob);
    let text: Vec<u8> = content::decode(blob, &kind).unwrap_or_else(|| blob.to_vec());
    let binary = matches!(kind, Kind::Media(_));
    for f in &first {
        match f.line {
            None => {
                // A blocked file name: the "secret" is the path.
                assert_eq!(f.secret.expose(), path.as_bytes(), "{}", f.rule_id);
                assert!(f.column.is_none() && f.end_line.is_none() && f.context.is_none());
            }
            Some(_) => {
                assert!(!binary, "content finding {} in a media file", f.rule_id);
                check_location(&text, f);
            }
        }
    }

    // Same input, same detector: same findings. A fresh detector: same findings.
    let mut again = Vec::new();
    scanner.scan_blob(&mut detector, path, blob, &mut again);
    assert_eq!(keys(&first), keys(&again), "second scan differs");
    let mut fresh = Vec::new();
    scanner.scan_blob(
        &mut Detector::new(scanner.rules.clone()),
        path,
        blob,
        &mut fresh,
    );
    assert_eq!(keys(&first), keys(&fresh), "fresh detector differs");

    // The detector's raw matches: inside the text, never empty.
    if !binary {
        let matches = detector.scan(&text, hints_for_path(path));
        for m in &matches {
            assert!(
                m.secret.start < m.secret.end && m.secret.end <= text.len(),
                "match of rule {} at {:?} outside a text of {} bytes",
                m.rule,
                m.secret,
                text.len()
            );
        }
    }

    check_reports(scanner, &first);
    if let Some(split) = split {
        check_split(scanner, path, blob, split);
    }
}

/// A comparable summary of a finding (the secret as its hash, so that a failed assertion prints no
/// secret).
type Key = (
    String,
    String,
    Option<u32>,
    Option<u32>,
    Option<u32>,
    Option<u32>,
    String,
    Confidence,
);

fn keys(fs: &[Finding]) -> Vec<Key> {
    fs.iter()
        .map(|f| {
            (
                f.rule_id.clone(),
                f.path.clone(),
                f.line,
                f.column,
                f.end_line,
                f.end_column,
                f.secret_sha1(),
                f.confidence,
            )
        })
        .collect()
}

/// The 1-based (line, column) of byte `offset`, computed naively: newlines before it, and the
/// characters (bytes that are not UTF-8 continuation bytes) between its line's start and it.
pub fn line_col(text: &[u8], offset: usize) -> (u32, u32) {
    let before = &text[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let col = before[start..]
        .iter()
        .filter(|&&b| b & 0xC0 != 0x80)
        .count()
        + 1;
    (line as u32, col as u32)
}

/// The first byte offset whose line/column is (`line`, `col`).
fn offset_of(text: &[u8], line: u32, col: u32) -> Option<usize> {
    (0..=text.len()).find(|&o| line_col(text, o) == (line, col))
}

/// The finding's secret is in the text at a place whose line/column is the finding's, and its end
/// line/column are those of the byte after it. A secret found in decoded text is reported at the
/// encoded bytes it came from: those must be a non-empty span of the text.
fn check_location(text: &[u8], f: &Finding) {
    let secret = f.secret.expose();
    let (line, col) = (
        f.line.unwrap(),
        f.column.expect("a line finding has a column"),
    );
    assert!(!secret.is_empty(), "{}: empty secret", f.rule_id);
    if f.decoded.is_some() {
        let start = offset_of(text, line, col);
        let end = offset_of(text, f.end_line.unwrap(), f.end_column.unwrap());
        assert!(
            matches!((start, end), (Some(s), Some(e)) if s < e),
            "{} at {line}:{col}: decoded secret's source span is not in the text",
            f.rule_id
        );
        return;
    }
    let at = memchr::memmem::find_iter(text, secret).find(|&o| line_col(text, o) == (line, col));
    let Some(at) = at else {
        panic!(
            "{} at {line}:{col}: the secret (sha1 {}) is not in the text at that position",
            f.rule_id,
            f.secret_sha1()
        );
    };
    let end = at + secret.len();
    assert!(end <= text.len());
    let (el, ec) = line_col(text, end);
    assert_eq!(
        (f.end_line, f.end_column),
        (Some(el), Some(ec)),
        "{} at {line}:{col}: wrong end position",
        f.rule_id
    );
}

/// Rules whose matches depend on more than their own line: multi-line rules (their window reaches
/// 64 KiB past the keyword) and rules that need a partner pattern nearby.
pub fn reads_beyond_line(rules: &RuleSet, m: &Match) -> bool {
    let def = &rules.get(m.rule).def;
    def.multiline || def.near.is_some()
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// The split property. The text is cut after its `(n mod (lines+1))`-th newline into A and B;
/// the detector's matches in A, and in B shifted by A's length, must equal its matches in the whole,
/// except matches *tainted* by context beyond their line: a match of a multi-line or `near` rule, and
/// any match that overlaps a tainted one (overlap resolution lets such a match shadow or reveal its
/// neighbours). Line-local rules never match across a newline, so no untainted match straddles the
/// cut. Decoding is off for this property: an encoded block continues across wrapped lines and its
/// decoded text is scanned in windows reaching 4 KiB of decoded bytes, so a cut inside a block
/// rightly changes what its decoded text holds. Pragmas are not part of this property (a `hush:allow-next-line` on A's last line governs B's
/// first); checked at the detector, below the pragma filter. Skipped unless the whole and both
/// halves are plain text (a NUL byte in the first 8 KiB of one half makes it binary; a BOM makes
/// only the first half UTF-16).
pub fn check_split(scanner: &Scanner, path: &str, blob: &[u8], n: usize) {
    let newlines: Vec<usize> = memchr::memchr_iter(b'\n', blob).collect();
    let k = match n % (newlines.len() + 1) {
        0 => 0,
        i => newlines[i - 1] + 1,
    };
    let (a, b) = blob.split_at(k);
    if [blob, a, b].iter().any(|p| content::sniff(p) != Kind::Text) {
        return;
    }
    let rules = &scanner.rules;
    let hints = hints_for_path(path);
    let mut d = Detector::new(rules.clone());
    d.decode_depth = 0;
    let whole = d.scan(blob, hints);
    let mut halves = d.scan(a, hints);
    halves.extend(d.scan(b, hints).into_iter().map(|mut m| {
        m.secret = m.secret.start + k..m.secret.end + k;
        m
    }));
    let mut tainted: Vec<Range<usize>> = whole
        .iter()
        .chain(&halves)
        .filter(|m| reads_beyond_line(rules, m))
        .map(|m| m.secret.clone())
        .collect();
    loop {
        let before = tainted.len();
        for m in whole.iter().chain(&halves) {
            if !tainted.contains(&m.secret) && tainted.iter().any(|t| overlaps(t, &m.secret)) {
                tainted.push(m.secret.clone());
            }
        }
        if tainted.len() == before {
            break;
        }
    }
    let clean = |ms: &[Match]| -> Vec<(u32, Range<usize>, Confidence, Option<Validation>)> {
        let mut v: Vec<_> = ms
            .iter()
            .filter(|m| !tainted.contains(&m.secret))
            .map(|m| (m.rule, m.secret.clone(), m.confidence, m.validated))
            .collect();
        v.sort_by_key(|(r, s, ..)| (s.start, s.end, *r));
        v
    };
    let (w, h) = (clean(&whole), clean(&halves));
    for m in &w {
        assert!(
            m.1.end <= k || m.1.start >= k,
            "rule {} matched across the line boundary at {k}",
            m.0
        );
    }
    assert_eq!(w, h, "split at byte {k} changes the findings");
}

// ---- reports never print the secret ----------------------------------------------------------------

/// Renders every report format over `findings`, with and without `--show-secrets`. Without it, no
/// secret of 8+ characters appears (raw or JSON-escaped) unless it is also in the report's other text
/// (rule names, paths, notes: a report of the same findings with every secret and context blanked).
pub fn check_reports(scanner: &Scanner, findings: &[Finding]) {
    let mut sorted = findings.to_vec();
    sorted.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let mut skeleton = sorted.clone();
    for f in &mut skeleton {
        f.secret = hush::finding::Secret::new(b"\x01");
        f.context = None;
    }
    let stats = StatsSnapshot::default();
    for &format in Format::value_variants() {
        let render = |fs: &[Finding], show: bool| -> Vec<u8> {
            let rep = Report {
                findings: fs,
                stats: &stats,
                diagnostics: &[],
                rules: &scanner.rules,
                show_secrets: show,
                color: false,
                quiet: false,
                verbose: false,
                unit: "files",
                started: std::time::SystemTime::UNIX_EPOCH,
                commit: None,
                pragmas: true,
            };
            let mut out = Vec::new();
            report::write(format, &rep, &mut out).expect("report renders");
            out
        };
        let out = render(&sorted, false);
        let base = render(&skeleton, false);
        for f in &sorted {
            let secret = f.secret.expose();
            let shown = String::from_utf8_lossy(secret);
            if shown.chars().count() < 8 {
                continue;
            }
            let escaped = serde_json::to_string(&shown).unwrap();
            let escaped = &escaped.as_bytes()[1..escaped.len() - 1];
            for needle in [secret, escaped] {
                if contains(&out, needle) && !contains(&base, needle) {
                    panic!(
                        "{format:?} report prints the secret of {} (sha1 {})",
                        f.rule_id,
                        f.secret_sha1()
                    );
                }
            }
            if let Some(ctx) = &f.context {
                assert!(
                    !contains(ctx.as_bytes(), secret),
                    "context of {} holds the secret (sha1 {})",
                    f.rule_id,
                    f.secret_sha1()
                );
            }
            let debug = format!("{f:?}");
            let mut blank = f.clone();
            blank.secret = hush::finding::Secret::new(b"\x01");
            blank.context = None;
            let base_debug = format!("{blank:?}");
            for needle in [secret, escaped] {
                assert!(
                    !contains(debug.as_bytes(), needle) || contains(base_debug.as_bytes(), needle),
                    "Debug of a finding of {} holds the secret",
                    f.rule_id
                );
            }
        }
        if format == Format::Json {
            let shown: serde_json::Value =
                serde_json::from_slice(&render(&sorted, true)).expect("JSON report parses");
            for (f, j) in sorted.iter().zip(shown["findings"].as_array().unwrap()) {
                assert_eq!(
                    j["secret"].as_str().map(str::as_bytes),
                    Some(String::from_utf8_lossy(f.secret.expose()).as_bytes()),
                    "--show-secrets JSON lacks the secret of {}",
                    f.rule_id
                );
            }
        }
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && memchr::memmem::find(hay, needle).is_some()
}

// ---- offline validators ----------------------------------------------------------------------------

const BASE62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// `n` in base 62, left-padded with `0` to 6 digits (encoding, where the validator decodes).
fn base62_6(mut n: u64) -> Vec<u8> {
    let mut out = vec![b'0'; 6];
    for slot in out.iter_mut().rev() {
        *slot = BASE62[(n % 62) as usize];
        n /= 62;
    }
    out
}

fn outcome_invariants(o: &validate::Outcome) {
    match o.validation {
        Some(Validation::Failed) => assert_eq!(o.confidence, Some(Confidence::Low)),
        Some(Validation::Checksum) => assert_eq!(o.confidence, Some(Confidence::High)),
        Some(Validation::Structure) => assert!(o.confidence.is_some()),
        None => {}
    }
    if let Some(note) = &o.note {
        assert!(note.len() <= 200, "note too long: {} bytes", note.len());
    }
    if let Some(account) = &o.aws_account {
        assert!(
            account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()),
            "AWS account {account:?} is not 12 digits"
        );
    }
}

fn cx(now_unix: i64) -> validate::Context<'static> {
    validate::Context {
        now_unix,
        ..validate::Context::default()
    }
}

/// `validate_github`: on any bytes, the verdict is "checksum" exactly when the last 6 characters are
/// the base62 CRC32 of the body between the last `_` and them. A token built from the input with its
/// correct checksum always validates; one with a changed check digit never does.
pub fn check_github(data: &[u8]) {
    let o = Validator::GithubCrc32.check(data, &cx(0));
    outcome_invariants(&o);
    let expect = data
        .iter()
        .rposition(|&b| b == b'_')
        .map(|us| &data[us + 1..])
        .filter(|body| body.len() >= 7)
        .is_some_and(|body| {
            let (entropy, check) = body.split_at(body.len() - 6);
            base62_6(crc32fast::hash(entropy) as u64) == check
        });
    assert_eq!(
        o.validation == Some(Validation::Checksum),
        expect,
        "verdict"
    );

    let body: Vec<u8> = data
        .iter()
        .map(|b| BASE62[*b as usize % 62])
        .take(30)
        .collect();
    if body.is_empty() {
        return;
    }
    let mut token = b"ghp_".to_vec();
    token.extend_from_slice(&body);
    token.extend(base62_6(crc32fast::hash(&body) as u64));
    assert_eq!(github_verdict(&token), Some(Validation::Checksum));
    let last = token.len() - 1;
    token[last] = if token[last] == b'0' { b'1' } else { b'0' };
    assert_eq!(github_verdict(&token), Some(Validation::Failed));
}

fn github_verdict(t: &[u8]) -> Option<Validation> {
    Validator::GithubCrc32.check(t, &cx(0)).validation
}

/// `validate_jwt`: no panic and sane outcomes on any bytes; and a token built from the input (an
/// `alg` string and an `exp`, both from the input bytes) is a "structure" with that alg in its note,
/// expired exactly when `exp` is before now.
pub fn check_jwt(data: &[u8]) {
    for now in [0, i64::MIN, i64::MAX] {
        outcome_invariants(&Validator::Jwt.check(data, &cx(now)));
    }
    let (alg_len, rest) = match data {
        [n, rest @ ..] => ((*n % 24) as usize, rest),
        [] => return,
    };
    let alg: String = String::from_utf8_lossy(&rest[..alg_len.min(rest.len())]).into_owned();
    let exp = rest
        .get(alg_len..alg_len + 8)
        .map(|b| i64::from_le_bytes(b.try_into().unwrap()));
    let header = serde_json::json!({ "alg": alg, "typ": "JWT" });
    let payload = match exp {
        Some(e) => serde_json::json!({ "sub": "fuzz", "exp": e }),
        None => serde_json::json!({ "sub": "fuzz" }),
    };
    let b64 = |v: &serde_json::Value| {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(serde_json::to_vec(v).unwrap())
    };
    let token = format!("{}.{}.c2lnbmF0dXJl", b64(&header), b64(&payload));
    let now = 1_700_000_000;
    let o = Validator::Jwt.check(token.as_bytes(), &cx(now));
    outcome_invariants(&o);
    assert_eq!(
        o.validation,
        Some(Validation::Structure),
        "built JWT rejected"
    );
    let note = o.note.unwrap();
    let shown: String = alg
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .take(16)
        .collect();
    assert!(note.starts_with(&format!("alg={shown}")), "note {note:?}");
    assert_eq!(
        note.contains("expired"),
        exp.is_some_and(|e| e < now),
        "note {note:?}"
    );
}

/// `validate_pem`: no panic and sane outcomes on any bytes, and on a PEM block built from the input
/// (its bytes as the body, 64-column base64, LF or CRLF, under a key label chosen by the input): the
/// validator parses the key, so random bodies rightly fail; what is checked is that nothing panics and
/// the outcome is coherent.
pub fn check_pem(data: &[u8]) {
    outcome_invariants(&Validator::Pem.check(data, &cx(0)));
    let (flags, body) = match data {
        [f, rest @ ..] => (*f, rest),
        [] => return,
    };
    const LABELS: &[&str] = &[
        "PRIVATE KEY",
        "ENCRYPTED PRIVATE KEY",
        "RSA PRIVATE KEY",
        "EC PRIVATE KEY",
        "DSA PRIVATE KEY",
        "OPENSSH PRIVATE KEY",
    ];
    let label = LABELS[(flags >> 2) as usize % LABELS.len()];
    let nl = if flags & 2 == 2 { "\r\n" } else { "\n" };
    let b64 = base64::engine::general_purpose::STANDARD.encode(body);
    let mut block = format!("-----BEGIN {label}-----{nl}");
    for chunk in b64.as_bytes().chunks(64) {
        block.push_str(std::str::from_utf8(chunk).unwrap());
        block.push_str(nl);
    }
    block.push_str(&format!("-----END {label}-----"));
    let o = Validator::Pem.check(block.as_bytes(), &cx(0));
    outcome_invariants(&o);
}

/// `validate`: every offline validator (byte 0 picks it) on any secret, with any text before it and
/// any partner (bytes 1 and 2 give their lengths): no panic, coherent outcomes (a failure is low
/// confidence, a checksum high, an AWS account twelve digits), the same outcome twice.
pub fn check_validators(data: &[u8]) {
    const ALL: &[Validator] = &[
        Validator::GithubCrc32,
        Validator::Jwt,
        Validator::Pem,
        Validator::Gitlab,
        Validator::Grafana,
        Validator::Pypi,
        Validator::OnePassword,
        Validator::AwsKeyId,
        Validator::AwsSecretKey,
    ];
    let [which, before_len, partner_len, rest @ ..] = data else {
        return;
    };
    let v = ALL[*which as usize % ALL.len()];
    let (before, rest) = rest.split_at((*before_len as usize % 65).min(rest.len()));
    let (partner, secret) = rest.split_at((*partner_len as usize).min(rest.len()));
    let context = validate::Context {
        now_unix: 1_700_000_000,
        before,
        partner: (partner_len % 2 == 1).then_some(partner),
    };
    let o = v.check(secret, &context);
    outcome_invariants(&o);
    assert_eq!(o, v.check(secret, &context), "{v:?}: not deterministic");
}

// ---- the decoders ----------------------------------------------------------------------------------

/// `decode`: on any text, every candidate lies inside it (at or after `from`, byte 0 of the input);
/// decoding one gives at most `MAX_DECODED` bytes, and every decoded byte maps back to a non-empty
/// range of encoded bytes inside the candidate, in order.
pub fn check_decode(data: &[u8]) {
    use hush::detect::decode;
    let (from, text) = match data {
        [f, rest @ ..] => ((*f as usize).min(rest.len()), rest),
        [] => return,
    };
    let mut cands = Vec::new();
    decode::candidates(text, from, &mut cands);
    for c in &cands {
        assert!(
            c.span.start >= from && c.span.start < c.span.end && c.span.end <= text.len(),
            "candidate {:?} outside {from}..{}",
            c.span,
            text.len()
        );
        let Some(d) = decode::decode(text, c) else {
            continue;
        };
        assert!(d.bytes.len() <= decode::MAX_DECODED);
        assert_eq!(
            d.bytes.len(),
            d.src.len(),
            "one source range per decoded byte"
        );
        let mut last_start = 0;
        for &(s, e) in &d.src {
            let (s, e) = (s as usize, e as usize);
            assert!(
                c.span.start <= s && s < e && e <= c.span.end,
                "{:?}: decoded byte from {s}..{e}, outside the candidate {:?}",
                c.encoding,
                c.span
            );
            assert!(
                s >= last_start,
                "{:?}: source ranges out of order",
                c.encoding
            );
            last_start = s;
        }
        if !d.bytes.is_empty() {
            let all = d.source_of(0..d.bytes.len());
            assert!(c.span.start <= all.start && all.end <= c.span.end);
        }
    }
}

// ---- the config and rule-file readers --------------------------------------------------------------

/// `config`: `Config::parse` on any text returns Ok or Err, never panics; an accepted config builds
/// its rule set and allowlists or reports an error; a rule set that builds scans its own rules'
/// examples with every detector property intact.
pub fn check_config(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(cfg) = Config::parse(text) else {
        return;
    };
    if let Some(c) = &cfg.min_confidence {
        assert!(Confidence::parse(c).is_some(), "parse accepted {c:?}");
    }
    let _ = Allowlist::new(&cfg.allowlist);
    let sel = Selection {
        extra: cfg
            .rules
            .iter()
            .map(|r| (".hush.toml".to_string(), r.clone()))
            .collect(),
        disabled: cfg.disabled_rules.clone(),
        enabled: cfg.enabled_rules.clone(),
        all: false,
    };
    user_rules(sel);
}

/// `rules`: a rule file (TOML `[[rules]]`) on any text: parsed, validated and compiled with the
/// built-in pack, or rejected with an error naming the rule; never a panic, then as for `config`.
pub fn check_rules(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(file) = toml::from_str::<hush::rule::def::RuleFile>(text) else {
        return;
    };
    let sel = Selection {
        extra: file
            .rules
            .iter()
            .map(|r| ("fuzz.toml".to_string(), r.clone()))
            .collect(),
        ..Selection::default()
    };
    user_rules(sel);
}

fn user_rules(mut sel: Selection) {
    static BUILTIN_IDS: OnceLock<Vec<String>> = OnceLock::new();
    let builtin_ids = BUILTIN_IDS.get_or_init(|| {
        hush::rule::load::builtin_defs()
            .into_iter()
            .map(|(_, d)| d.id.into_owned())
            .collect()
    });
    let user: Vec<hush::rule::RuleDef> = sel.extra.iter().map(|(_, d)| d.clone()).collect();
    // Scan with the user's rules alone: the built-in ones are the `detect` target's, and compiling
    // their regexes again for every input would leave little time for the user's. Disabled rules are
    // still validated and checked for duplicate ids by `load`, so the reader is tested whole.
    sel.disabled.extend(
        builtin_ids
            .iter()
            .filter(|id| !user.iter().any(|u| u.id == **id))
            .cloned(),
    );
    let Ok(rules) = load(&sel) else {
        return;
    };
    let scanner = scanner(Arc::new(rules));
    for def in &user {
        let Some(idx) = scanner.rules.find(&def.id) else {
            continue; // disabled
        };
        let rule = scanner.rules.get(idx);
        // Compiled at load: these must not panic now.
        if rule.def.regex.is_some() {
            let _ = rule.regex();
            let _ = rule.secret_group();
        }
        let _ = rule.near();
        let _ = rule.content_regex();
        for (i, ex) in def
            .examples
            .iter()
            .chain(def.negative_examples.iter())
            .enumerate()
        {
            if ex.len() > 4096 {
                continue;
            }
            check_blob(&scanner, PATHS[i % PATHS.len()], ex.as_bytes(), Some(i));
        }
    }
}

// ---- the baseline reader ---------------------------------------------------------------------------

/// `baseline`: `Baseline::parse` on any bytes returns or errs, never panics. An accepted baseline is in
/// normal form (entries sorted, one per identity); writing it and reading it back gives the same
/// baseline and the same bytes; refreshing it with exactly its own entries observed adds and drops
/// nothing (it gives the entries without `hush_rule` their rule, and a second refresh changes nothing),
/// and with nothing observed drops every entry in scope and keeps the others.
pub fn check_baseline(data: &[u8]) {
    use hush::filter::baseline::{Baseline, Observed};
    let Ok(b) = Baseline::parse(data) else {
        return;
    };
    for pair in b.entries.windows(2) {
        // An entry is told apart by its rule (`hush_rule`), else its type.
        let id = |e: &hush::filter::baseline::Entry| e.hush_rule.clone().unwrap_or(e.kind.clone());
        let key = |e: &hush::filter::baseline::Entry| {
            (
                e.filename.clone(),
                e.line_number.unwrap_or(0),
                e.hashed_secret.clone(),
                id(e),
            )
        };
        assert!(key(&pair[0]) <= key(&pair[1]), "entries out of order");
        assert!(
            (&pair[0].filename, &pair[0].hashed_secret, id(&pair[0]))
                != (&pair[1].filename, &pair[1].hashed_secret, id(&pair[1])),
            "two entries of one identity"
        );
    }
    let bytes = b.to_bytes();
    let again = Baseline::parse(&bytes).expect("a written baseline reads back");
    assert_eq!(again, b, "write then read changes the baseline");
    assert_eq!(again.to_bytes(), bytes, "writing is not stable");

    let own: Vec<Observed> = b
        .entries
        .iter()
        .map(|e| Observed {
            path: e.filename.clone(),
            hash: e.hashed_secret.clone(),
            rule: e.hush_rule.clone().unwrap_or(e.kind.clone()),
            line: e.line_number,
            kind: "Secret Keyword",
        })
        .collect();
    let (same, change) = b.refresh(&own, &|_| true, &|_| true);
    assert!(
        change.is_empty(),
        "refresh with its own entries: {change:?}"
    );
    let untyped = b.entries.iter().filter(|e| e.hush_rule.is_none()).count();
    assert_eq!(change.retyped, untyped, "{change:?}");
    let labels = |b: &Baseline| -> Vec<_> {
        b.entries
            .iter()
            .map(|e| {
                (
                    e.filename.clone(),
                    e.hashed_secret.clone(),
                    e.is_secret,
                    e.line_number,
                )
            })
            .collect()
    };
    assert_eq!(
        labels(&same),
        labels(&b),
        "refresh with its own entries lost one"
    );
    if untyped == 0 {
        assert_eq!(same, b, "refresh with its own entries changes the baseline");
    }
    let (again, change) = same.refresh(&own, &|_| true, &|_| true);
    assert!(!change.writes(), "a second refresh: {change:?}");
    assert_eq!(again, same, "a second refresh changes the baseline");

    let in_scope = |f: &str| f.len() % 2 == 0;
    let (next, change) = b.refresh(&[], &in_scope, &|_| true);
    assert_eq!(change.added, 0);
    assert!(next.entries.iter().all(|e| !in_scope(&e.filename)));
    assert_eq!(
        change.dropped,
        b.entries.iter().filter(|e| in_scope(&e.filename)).count()
    );
    assert_eq!(next.version, b.version);
    assert_eq!(next.generated_at, b.generated_at);
}

// ---- the pack reader over an arbitrary index and pack ----------------------------------------------

/// The `pack` target: a 4-byte little-endian length, that many bytes of pack index, then the pack.
/// Every object the index names is wanted. Properties: no panic and no allocation past the limits
/// (libFuzzer's memory limit catches one), no blob delivered twice or over the size limit, and the
/// same blobs with the same contents on a second run (the walk is parallel; its result must not
/// depend on the threads' timing).
pub fn check_pack(data: &[u8]) {
    use std::collections::HashMap;
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicU64, Ordering};

    const MAX: u64 = 1 << 16;
    let Some((len, rest)) = data.split_first_chunk::<4>() else {
        return;
    };
    let (idx, pack) = rest.split_at((u32::from_le_bytes(*len) as usize).min(rest.len()));
    static RUN: AtomicU64 = AtomicU64::new(0);
    let dir = std::env::temp_dir().join(format!(
        "hush-fuzz-pack-{}-{}",
        std::process::id(),
        RUN.fetch_add(1, Ordering::Relaxed)
    ));
    let pack_dir = dir.join("pack");
    std::fs::create_dir_all(&pack_dir).expect("temp dir");
    std::fs::write(pack_dir.join("pack-fuzz.idx"), idx).expect("write idx");
    std::fs::write(pack_dir.join("pack-fuzz.pack"), pack).expect("write pack");

    let count = idx
        .get(8 + 255 * 4..8 + 256 * 4)
        .map_or(0, |b| u32::from_be_bytes(b.try_into().unwrap()) as usize);
    let mut wanted: HashMap<git2::Oid, u32> = HashMap::new();
    for name in idx
        .get(8 + 1024..)
        .unwrap_or(&[])
        .chunks_exact(20)
        .take(count.min(1 << 12))
    {
        let n = wanted.len() as u32;
        wanted
            .entry(git2::Oid::from_bytes(name).unwrap())
            .or_insert(n);
    }
    let run = || {
        let got: Mutex<HashMap<u32, Vec<u8>>> = Mutex::new(HashMap::new());
        let delivery = hush::source::pack::read_blobs(&dir, &wanted, MAX, &|i, bytes| {
            assert!(
                bytes.len() as u64 <= MAX,
                "blob over the size limit delivered"
            );
            let again = got.lock().unwrap().insert(i, bytes.to_vec());
            assert!(again.is_none(), "blob delivered twice");
        });
        let got = got.into_inner().unwrap();
        for i in 0..wanted.len() as u32 {
            assert_eq!(delivery.was_delivered(i), got.contains_key(&i));
        }
        got
    };
    let first = run();
    let second = run();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(first == second, "two runs delivered different blobs");
}

/// Bounds small enough that a fuzz input can meet each of them (chosen by the input's first byte).
fn container_limits(pick: u8) -> hush::container::Limits {
    let mut l = hush::container::Limits::for_size_limit(1 << 16);
    match pick % 4 {
        0 => {}
        1 => l.entries = 3,
        2 => l.depth = 1,
        _ => {
            l.total = 1 << 12;
            l.entry = 1 << 10;
        }
    }
    l
}

/// The `container` target: byte 0 picks the bounds, the rest is a blob. Archives and compressed
/// streams (`container::walk`) and image layers (`container::layer::walk_layer`) read it, in memory:
/// no panic; no more files than the entry bound; no file larger than the input or the total bound
/// (a tar entry is a slice of its archive; anything inflated is counted against the total); a
/// layer's paths normalized (not empty, no leading `/` or `./`, no trailing `/`) and its files within
/// the entry bound; and the same items, in the same order, on a second walk.
pub fn check_container(data: &[u8]) {
    use hush::container::layer::{self, Budget, Change};
    use hush::container::{self, Item};
    let Some((&pick, blob)) = data.split_first() else {
        return;
    };
    let limits = container_limits(pick);
    if let Some(kind) = container::detect(blob) {
        let walk = || {
            let mut items = Vec::new();
            let r = container::walk("top.bin", kind, blob, &limits, &mut |item| match item {
                Item::File { inner, bytes } => {
                    assert!(
                        bytes.len() as u64 <= (blob.len() as u64).max(limits.total),
                        "a file larger than its archive and the total bound"
                    );
                    items.push(format!("file {inner} {}", hush::finding::sha1_hex(bytes)));
                }
                Item::NotScanned { inner, why } => items.push(format!("skip {inner} {why:?}")),
            });
            (r.is_ok(), items)
        };
        let first = walk();
        let files = first.1.iter().filter(|i| i.starts_with("file ")).count();
        assert!(
            files as u64 <= limits.entries,
            "more files than the entry bound"
        );
        assert!(first == walk(), "two walks gave different items");
    }
    let walk = || {
        let budget = Budget::default();
        let mut items = Vec::new();
        let r = layer::walk_layer(blob, blob.len() as u64, &limits, &budget, &mut |c| {
            let path = match &c {
                Change::File { path, .. }
                | Change::Large { path, .. }
                | Change::Other { path, .. }
                | Change::Whiteout { path } => path,
                Change::Opaque { dir } => dir,
                Change::NotScanned { .. } => "",
            };
            if !matches!(c, Change::NotScanned { .. } | Change::Opaque { .. }) {
                assert!(!path.is_empty(), "an empty path in a layer");
            }
            assert!(
                !path.starts_with('/') && !path.starts_with("./") && !path.ends_with('/'),
                "a layer path not normalized"
            );
            if let Change::File { bytes, .. } = &c {
                assert!(
                    bytes.len() as u64 <= limits.entry,
                    "a layer file over the entry bound"
                );
            }
            items.push(match c {
                Change::File { path, bytes } => {
                    format!("file {path} {}", hush::finding::sha1_hex(bytes))
                }
                other => format!("{other:?}"),
            });
        });
        (r, items)
    };
    assert!(
        walk() == walk(),
        "two walks of a layer gave different changes"
    );
}

/// Records what a source offers: each blob's origins and content (or size), and every event.
#[derive(Default)]
struct Recorder {
    blobs: std::sync::Mutex<Vec<(String, String)>>,
    events: std::sync::Mutex<Vec<String>>,
}

impl hush::source::Sink for Recorder {
    type Worker = ();
    fn worker(&self) {}
    fn size_limit(&self) -> u64 {
        1 << 12
    }
    fn planned(&self, _blobs: u64, _paths: u64) {}
    fn blob(&self, _worker: &mut (), blob: &dyn hush::source::Blob) {
        use hush::source::Loaded;
        let origins = blob.origins();
        assert_eq!(origins.len(), 1, "an image blob with other than one origin");
        let what = match blob.read(self.size_limit()) {
            Ok(Loaded::Bytes(b)) => {
                assert!(
                    b.len() as u64 <= self.size_limit(),
                    "a blob over the size limit"
                );
                assert_eq!(
                    blob.size(),
                    Some(b.len() as u64),
                    "a blob's size is not its length"
                );
                hush::finding::sha1_hex(&b)
            }
            Ok(Loaded::TooLarge(n)) => {
                assert!(n > self.size_limit(), "too large, but not over the limit");
                format!("large {n}")
            }
            other => panic!("an image blob read as {other:?}"),
        };
        self.blobs
            .lock()
            .unwrap()
            .push((origins[0].path.clone(), what));
    }
    fn skipped(&self, path: &str, why: hush::source::Skip) {
        self.events
            .lock()
            .unwrap()
            .push(format!("skipped {path} {why:?}"));
    }
    fn error(&self, path: &str, message: String) {
        self.events
            .lock()
            .unwrap()
            .push(format!("error {path} {message}"));
    }
    fn not_scanned(&self, path: &str, why: hush::container::Why) {
        self.events
            .lock()
            .unwrap()
            .push(format!("not scanned {path} {why:?}"));
    }
}

/// The `image` target: the input is an image file (a `docker save` or OCI layout tar, possibly
/// compressed as a whole), read by the image source with two threads. No panic; every blob is at
/// `IMAGE!/…`, within the size limit or offered unread as too large, and [`Image::place`] splits its
/// location into a chain below the image and a state; the same blobs and events on a second run.
///
/// [`Image::place`]: hush::source::image::Image::place
pub fn check_image(data: &[u8]) {
    use hush::source::Source;
    use hush::source::image::Image;
    use std::sync::atomic::{AtomicU64, Ordering};
    static RUN: AtomicU64 = AtomicU64::new(0);
    let file = std::env::temp_dir().join(format!(
        "hush-fuzz-image-{}-{}.tar",
        std::process::id(),
        RUN.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::write(&file, data).expect("write the image");
    let run = || {
        let image = Image::new(file.clone(), "img.tar".into(), 2);
        let rec = Recorder::default();
        let result = image.enumerate(&rec);
        let mut blobs = rec.blobs.into_inner().unwrap();
        for (origin, _) in &blobs {
            assert!(origin.starts_with("img.tar!/"), "a blob outside the image");
            let placed = image.place(origin).expect("every offered blob is placed");
            assert_eq!(format!("img.tar!/{}", placed.inner), *origin);
            assert!(!placed.state.is_empty());
        }
        blobs.sort();
        let mut events = rec.events.into_inner().unwrap();
        events.sort();
        (result, blobs, events)
    };
    let first = run();
    let second = run();
    let _ = std::fs::remove_file(&file);
    assert!(first == second, "two runs of an image gave different blobs");
}
