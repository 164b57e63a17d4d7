//! Values that look like secrets but are placeholders, templates or lookups.

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;

/// True for values nobody would deploy: documentation examples, template variables, masks, runs of
/// one character. Applies to every rule unless it sets `placeholder_filter = false`.
pub fn is_placeholder(v: &[u8]) -> bool {
    static SEARCH: OnceLock<AhoCorasick> = OnceLock::new();
    const MARKERS: &[&[u8]] = &[
        b"example",
        b"xxxx",
        b"****",
        b"....",
        b"<your",
        b"your_",
        b"your-",
        b"yourapi",
        b"placeholder",
        b"changeme",
        // WordPress's wp-config-sample.php: `password_here`, `put your unique phrase here`.
        b"_here",
        b"phrase here",
        b"change_me",
        b"redacted",
        b"dummy",
        b"fake",
        b"insert",
        b"replace",
        b"sample",
        b"${",
        b"{{",
        b"}}",
        b"%(",
        b"$(",
        b"abcdefgh",
        b"12345678",
        b"0000000",
    ];
    if holds_any(v, &SEARCH, MARKERS) {
        return true;
    }
    if v.first() == Some(&b'<') && v.last() == Some(&b'>') {
        return true;
    }
    if v == AZURITE_ACCOUNT_KEY {
        return true;
    }
    // Runs of one character over a third of the value.
    longest_run(v) * 3 > v.len() && v.len() >= 6
}

/// The storage emulator's (Azurite, and the older Azure Storage Emulator) account key, the same for
/// every installation and published by Microsoft:
/// https://learn.microsoft.com/en-us/azure/storage/common/storage-use-azurite#http-connection-strings
const AZURITE_ACCOUNT_KEY: &[u8] =
    b"Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

/// For the generic rules: values that are harmless by design. Test-mode API keys (Stripe's `sk_test_`
/// cannot move money, https://docs.stripe.com/keys#test-live-modes; its own rule, off by default,
/// reports them), and values already encrypted for a key that is not in the file: SOPS `ENC[...]`,
/// ansible-vault, and a SealedSecret's `encryptedData` (base64 of a blob that starts with the length
/// of the RSA-wrapped session key, 512 bytes for the controller's default 4096-bit key, so `AgA...`, and
/// is hundreds of characters long; https://github.com/bitnami-labs/sealed-secrets/blob/main/docs/developer/crypto.md).
pub fn is_harmless_by_design(v: &[u8]) -> bool {
    const PREFIXES: &[&[u8]] = &[
        b"sk_test_",
        b"pk_test_",
        b"rk_test_",
        b"ENC[AES256_GCM,",
        b"ENC[",
        b"$ANSIBLE_VAULT;",
        b"!vault",
    ];
    if PREFIXES.iter().any(|p| v.starts_with(p)) {
        return true;
    }
    v.len() >= 150
        && v.starts_with(b"AgA")
        && v.iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
}

/// For the generic rules: the text before a `name=` is the path of an image URL, so the name is a query
/// parameter of a badge (`badge.svg?token=...`: Codecov's graph token, documented as safe to share,
/// https://docs.codecov.com/docs/graphs), not an assignment.
pub fn is_badge_query(before: &[u8]) -> bool {
    if !matches!(before.last(), Some(b'?' | b'&')) {
        return false;
    }
    let start = before
        .iter()
        .rposition(|b| b.is_ascii_whitespace() || matches!(b, b'(' | b'"' | b'\'' | b'['))
        .map_or(0, |p| p + 1);
    static SEARCH: OnceLock<AhoCorasick> = OnceLock::new();
    holds_any(
        &before[start..],
        &SEARCH,
        &[b".svg?", b".png?", b"/badge?", b"/graph?"],
    )
}

/// Whether `v` holds any of `markers` (lower-case), ASCII-case-insensitively, as a search of the
/// lower-cased value for each would say: one automaton per list, built on first use. (A
/// `memmem::find` per marker builds a searcher per call: the 27 placeholder markers cost about 4 µs
/// per regex match, a tenth of a working-tree scan.)
fn holds_any(v: &[u8], search: &OnceLock<AhoCorasick>, markers: &[&[u8]]) -> bool {
    search
        .get_or_init(|| {
            debug_assert!(
                markers
                    .iter()
                    .all(|m| !m.iter().any(u8::is_ascii_uppercase))
            );
            AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(markers)
                .expect("a short list of short literals")
        })
        .is_match(v)
}

fn longest_run(v: &[u8]) -> usize {
    let mut best = 0;
    let mut run = 0;
    let mut prev = None;
    for &b in v {
        if Some(b) == prev {
            run += 1;
        } else {
            run = 1;
            prev = Some(b);
        }
        best = best.max(run);
    }
    best
}

/// The generic rule's extra filters: values that are code, not data.
pub fn is_code_like(v: &[u8]) -> bool {
    static SEARCH: OnceLock<AhoCorasick> = OnceLock::new();
    const LOOKUPS: &[&[u8]] = &[
        b"process.env",
        b"os.environ",
        b"getenv",
        b"env[",
        b"env.",
        b"env(",
        b"secrets.",
        b"vault(",
        b"config.",
        b"settings.",
        b"self.",
        b"this.",
        b"params.",
        b"request.",
        b"args.",
        b"options.",
        b"opts.",
        b"ctx.",
        b"null",
        b"none",
        b"true",
        b"false",
        b"undefined",
        b"function",
        b"lambda",
        b"return",
        b"->",
        b"::",
        b"=>",
        b"http://",
        b"https://",
        b"file://",
    ];
    if holds_any(v, &SEARCH, LOOKUPS) {
        return true;
    }
    if v.first() == Some(&b'$') || v.first() == Some(&b'%') || v.first() == Some(&b'@') {
        return true;
    }
    if v.starts_with(b"/") || v.starts_with(b"./") || v.starts_with(b"~/") || v.starts_with(b"../")
    {
        return true;
    }
    // Identifiers and dotted paths: letters, `_`, `.`, `-` with no digits are names, not secrets.
    let has_digit = v.iter().any(u8::is_ascii_digit);
    if !has_digit {
        return true;
    }
    // snake_case or kebab-case words with a digit here and there (`token_v2`, `api-key-1`).
    let seps = v
        .iter()
        .filter(|&&b| b == b'_' || b == b'-' || b == b'.')
        .count();
    let digits = v.iter().filter(|b| b.is_ascii_digit()).count();
    if seps >= 2 && digits * 4 < v.len() && words_only(v) {
        return true;
    }
    false
}

/// For the generic rules: false for names that are about a secret rather than holding one
/// (`token_length`, `password_hash`, `maxTokens`, `public_key`, `test_password`). The name is split into
/// words at `_`, `-`, `.`, `:` and lower-to-upper case changes, and each word is compared whole.
pub fn is_secret_name(name: &[u8]) -> bool {
    const ABOUT: &[&str] = &[
        "hash",
        "hashed",
        "digest",
        "checksum",
        "sha",
        "sha1",
        "sha256",
        "sha512",
        "md5",
        "fingerprint",
        "format",
        "pattern",
        "regex",
        "regexp",
        "placeholder",
        "label",
        "hint",
        "field",
        "length",
        "len",
        "size",
        "count",
        "min",
        "max",
        "type",
        "name",
        "path",
        "file",
        "dir",
        "url",
        "uri",
        "endpoint",
        "header",
        "prefix",
        "suffix",
        "policy",
        "ttl",
        "timeout",
        "mode",
        "version",
        "example",
        "sample",
        "test",
        "tests",
        "mock",
        "fake",
        "dummy",
        "public",
        "publishable",
        "param",
        "params",
        "class",
        "display",
        "enabled",
        "required",
        "reset",
        "confirm",
        "confirmation",
        "strength",
        "rule",
        "rules",
        "index",
        "limit",
        "column",
        "cache",
        "tokens",
        "ref",
        "kind",
        "usage",
        "input",
        "error",
        "message",
        "provider",
        "manager",
        "id",
        "ids",
        "reveal",
        "visible",
        "char",
        "chars",
        "env",
        "var",
        "arn",
        "policy",
        "store",
        "storage",
        "location",
        "expires",
        "expiry",
        "expiration",
        "lifetime",
        "validity",
        "valid",
        "type",
        "key_id",
        "filter",
        "mask",
        "masked",
        "encrypted",
        // Pagination, idempotency and protocol tokens: opaque, but not credentials.
        "next",
        "page",
        "pagination",
        "continuation",
        "idempotency",
        "request",
        "sequence",
        "forward",
        "backward",
        "change",
        "sync",
        "cursor",
        "marker",
        "csrf",
        "xsrf",
        "clienttoken",
        "update",
        "verification",
        // Protocol tokens and metadata that share a secret-like word (AWS `LockToken`,
        // `LifecycleActionToken`, KMS `GrantToken`, IAM `PasswordLastUsed`, `credential_source`).
        "lock",
        "lifecycle",
        "grant",
        "last",
        "used",
        "source",
        "verifier",
    ];
    const ABOUT_PREFIX: &[&str] = &["tokeniz", "validat", "expir", "generat"];
    let mut words: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for &b in name {
        let c = b as char;
        if matches!(c, '_' | '-' | '.' | ':') {
            if !cur.is_empty() {
                words.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && prev_lower && !cur.is_empty() {
            words.push(std::mem::take(&mut cur));
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        cur.push(c.to_ascii_lowercase());
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    !words
        .iter()
        .any(|w| ABOUT.contains(&w.as_str()) || ABOUT_PREFIX.iter().any(|p| w.starts_with(p)))
}

/// For the generic rules in test, fixture, example and documentation paths: only a password-like name
/// (`password`, `passwd`, `passphrase`, `pwd`, `*_pass`) is still reported there (at low confidence): a
/// literal password committed with a test is still a password, while tokens and keys in examples are
/// nearly always made up.
pub fn is_password_name(name: &[u8]) -> bool {
    let lower = name.to_ascii_lowercase();
    ["passw", "passphrase", "pwd"]
        .iter()
        .any(|m| memchr::memmem::find(&lower, m.as_bytes()).is_some())
        || lower == b"pass"
        || [&b"_pass"[..], b".pass", b"-pass"]
            .iter()
            .any(|s| lower.ends_with(s))
}

/// Unquoted values that are names in code: `SOME_CONSTANT_1`, `module.Type.attr2`.
pub fn is_unquoted_identifier(v: &[u8]) -> bool {
    let ident = |w: &[u8]| {
        !w.is_empty()
            && (w[0].is_ascii_alphabetic() || w[0] == b'_')
            && w.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'_')
    };
    let parts: Vec<&[u8]> = v.split(|&b| b == b'.').collect();
    if parts.len() >= 2 && parts.iter().all(|p| ident(p)) {
        return true;
    }
    let screaming = v
        .iter()
        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || *b == b'_');
    screaming && v.contains(&b'_') && ident(v)
}

/// True if every separator-delimited part is a lowercase word or a short number.
fn words_only(v: &[u8]) -> bool {
    v.split(|&b| b == b'_' || b == b'-' || b == b'.').all(|w| {
        let digits = w.iter().filter(|b| b.is_ascii_digit()).count();
        w.iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            && (digits <= 2 || digits == w.len() && w.len() <= 3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders() {
        for v in [
            "AKIAIOSFODNN7EXAMPLE",
            "xxxxxxxxxxxxxxxxxxxx",
            "<YOUR_API_KEY>",
            "${API_KEY}",
            "{{ .Values.token }}",
            "changeme",
            "aaaaaaaaaaaaaaaabbbb",
            "your_token_here",
            "password_here",
            "put your unique phrase here",
        ] {
            assert!(is_placeholder(v.as_bytes()), "{v}");
        }
        for v in ["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", "Zq8s9f0Lk2mQ"] {
            assert!(!is_placeholder(v.as_bytes()), "{v}");
        }
    }

    #[test]
    fn harmless_by_design() {
        let sealed = format!("AgA{}", "B3xK9mQ2".repeat(40));
        for v in [
            "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
            "ENC[AES256_GCM,data:Tr7o=,iv:1=,tag:2=,type:str]",
            "$ANSIBLE_VAULT;1.1;AES256",
            sealed.as_str(),
        ] {
            assert!(is_harmless_by_design(v.as_bytes()), "{v}");
        }
        for v in [
            "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
            "Ag7xK9mQ2Lp4Rb8V",
            "Zq8s9f0Lk2mQ",
        ] {
            assert!(!is_harmless_by_design(v.as_bytes()), "{v}");
        }
        assert!(is_placeholder(AZURITE_ACCOUNT_KEY));
    }

    #[test]
    fn password_names() {
        for n in ["PASSWD", "db_pass", "adminPassword", "pwd", "passphrase"] {
            assert!(is_password_name(n.as_bytes()), "{n}");
        }
        for n in [
            "LockToken",
            "api_key",
            "passenger",
            "bypass",
            "client_secret",
        ] {
            assert!(!is_password_name(n.as_bytes()), "{n}");
        }
    }

    #[test]
    fn badge_queries() {
        assert!(is_badge_query(
            b"[cov]: https://codecov.io/gh/o/r/graph/badge.svg?"
        ));
        assert!(!is_badge_query(b"https://api.example.com/v1/items?"));
        assert!(!is_badge_query(b"export "));
    }

    #[test]
    fn secret_names() {
        for n in [
            "password",
            "DB_PASSWORD",
            "admin_password",
            "spring.datasource.password",
            "apiKey",
            "clientSecret",
        ] {
            assert!(is_secret_name(n.as_bytes()), "{n}");
        }
        for n in [
            "password_hash",
            "maxTokens",
            "token_length",
            "public_key",
            "test_password",
            "tokenizer",
            "secretId",
            "LockToken",
            "PasswordLastUsed",
            "credential_source",
        ] {
            assert!(!is_secret_name(n.as_bytes()), "{n}");
        }
    }

    #[test]
    fn code_like_values() {
        for v in [
            "process.env.TOKEN",
            "os.environ",
            "self.token",
            "get_password",
            "$API_TOKEN",
            "/etc/secret/path1",
            "access_token_v2_name",
        ] {
            assert!(is_code_like(v.as_bytes()), "{v}");
        }
        for v in ["s3cr3tP4ssw0rd!", "Zq8s9f0Lk2mQ7tR", "a1b2c3d4e5f6a7b8"] {
            assert!(!is_code_like(v.as_bytes()), "{v}");
        }
    }
}
