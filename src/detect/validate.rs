//! Offline validators: check a token's own structure or checksum, without any network.
//!
//! A validator never raises a finding above what its check proves: a checksum that fails makes the
//! finding `low`, whatever the rule's confidence; a check that holds leaves the rule's confidence
//! (the detector never lets a validator raise it). Notes carry facts for the reader (a JWT's `alg`,
//! a key's type, an AWS account id), never secret material.

use base64::Engine as _;

use super::private_key::{self, KeyVerdict};
use crate::finding::{Confidence, Validation};

pub use crate::rule::Validator;

/// What a validator is given besides the secret.
#[derive(Clone, Copy, Debug, Default)]
pub struct Context<'a> {
    pub now_unix: i64,
    /// The bytes just before the secret on its line (at most 64), e.g. an instance prefix.
    pub before: &'a [u8],
    /// For a composite rule: the partner its `near` pattern found.
    pub partner: Option<&'a [u8]>,
}

/// What a validator concluded, and a short note for the report (never secret material).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// `None`: the check had nothing to say (a classic-format token without a checksum).
    pub validation: Option<Validation>,
    pub confidence: Option<Confidence>,
    pub note: Option<String>,
    /// The AWS account the credential belongs to, for `[allowlist] aws_accounts`.
    pub aws_account: Option<String>,
}

impl Validator {
    pub fn check(self, secret: &[u8], cx: &Context) -> Outcome {
        match self {
            Validator::GithubCrc32 => github_crc32(secret),
            Validator::Jwt => jwt(secret, cx.now_unix),
            Validator::Pem => pem(secret),
            Validator::Gitlab => gitlab(secret, cx.before),
            Validator::Grafana => grafana(secret),
            Validator::Pypi => pypi(secret),
            Validator::OnePassword => onepassword(secret),
            Validator::AwsKeyId => aws_key_id(secret),
            Validator::AwsSecretKey => aws_secret_key(cx.partner),
            Validator::Bech32 => bech32(secret),
        }
    }
}

const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

fn base62_decode(s: &[u8]) -> Option<u64> {
    s.iter().try_fold(0u64, |acc, &c| {
        let d = BASE62.iter().position(|&a| a == c)? as u64;
        acc.checked_mul(62)?.checked_add(d)
    })
}

fn failed(note: &str) -> Outcome {
    Outcome {
        validation: Some(Validation::Failed),
        confidence: Some(Confidence::Low),
        note: Some(note.to_string()),
        aws_account: None,
    }
}

fn passed(validation: Validation, confidence: Confidence, note: Option<String>) -> Outcome {
    Outcome {
        validation: Some(validation),
        confidence: Some(confidence),
        note,
        aws_account: None,
    }
}

/// The last 6 characters are the base62 CRC32 of the 30 before them (after the `xxx_` prefix).
pub fn github_crc32(token: &[u8]) -> Outcome {
    let Some(us) = token.iter().rposition(|&b| b == b'_') else {
        return failed("no prefix");
    };
    let body = &token[us + 1..];
    if body.len() < 7 {
        return failed("too short for a checksum");
    }
    let (entropy, check) = body.split_at(body.len() - 6);
    if base62_decode(check) == Some(crc32fast::hash(entropy) as u64) {
        passed(Validation::Checksum, Confidence::High, None)
    } else {
        failed("checksum does not match")
    }
}

fn b64url(part: &[u8]) -> Option<Vec<u8>> {
    let trimmed: &[u8] = match part.iter().position(|&b| b == b'=') {
        Some(p) => &part[..p],
        None => part,
    };
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(trimmed)
        .ok()
}

/// Either base64 alphabet, padded or not.
fn b64_any(part: &[u8]) -> Option<Vec<u8>> {
    let url: Vec<u8> = part
        .iter()
        .map(|&b| match b {
            b'+' => b'-',
            b'/' => b'_',
            other => other,
        })
        .collect();
    b64url(&url)
}

/// Header and payload must be base64url JSON objects, and the header must name an `alg`.
/// An `exp` in the past lowers confidence; `alg: none` tokens carry no signature to protect.
pub fn jwt(token: &[u8], now_unix: i64) -> Outcome {
    let mut parts = token.split(|&b| b == b'.');
    let (Some(h), Some(p)) = (parts.next(), parts.next()) else {
        return failed("not three parts");
    };
    let header: Option<serde_json::Value> = b64url(h).and_then(|b| serde_json::from_slice(&b).ok());
    let payload: Option<serde_json::Value> =
        b64url(p).and_then(|b| serde_json::from_slice(&b).ok());
    let (Some(header), Some(payload)) = (header, payload) else {
        return failed("header or payload is not base64url JSON");
    };
    let Some(alg) = header.get("alg").and_then(|a| a.as_str()) else {
        return failed("header has no alg");
    };
    let alg: String = alg
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .take(16)
        .collect();
    let exp = payload.get("exp").and_then(|e| e.as_i64());
    let mut note = format!("alg={alg}");
    let mut confidence = Confidence::Medium;
    if let Some(exp) = exp {
        note.push_str(&format!(", exp={exp}"));
        if exp < now_unix {
            note.push_str(" (expired)");
            confidence = Confidence::Low;
        }
    }
    if alg.eq_ignore_ascii_case("none") {
        confidence = Confidence::Low;
    }
    // Supabase's anon key is a JWT with `role: anon`, meant for browsers (row-level security guards the
    // data): public by design, so low. https://supabase.com/docs/guides/api/api-keys
    if payload.get("role").and_then(|r| r.as_str()) == Some("anon") {
        note.push_str(", role=anon (public key)");
        confidence = Confidence::Low;
    }
    passed(Validation::Structure, confidence, Some(note))
}

/// A private key block: a real key of the claimed type is `high` (`medium` when encrypted, since the
/// passphrase is still needed); a body that does not parse as that type is `low`.
pub fn pem(block: &[u8]) -> Outcome {
    match private_key::inspect(block) {
        KeyVerdict::Key {
            description,
            encrypted,
        } => {
            let (confidence, state) = if encrypted {
                (Confidence::Medium, "")
            } else {
                (Confidence::High, ", unencrypted")
            };
            passed(
                Validation::Structure,
                confidence,
                Some(format!("{description}{state}")),
            )
        }
        KeyVerdict::NotAKey(why) => failed(why),
    }
}

const BASE36: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";

fn base36(mut n: u64, width: usize) -> Vec<u8> {
    let mut out = Vec::new();
    while n > 0 {
        out.push(BASE36[(n % 36) as usize]);
        n /= 36;
    }
    while out.len() < width {
        out.push(b'0');
    }
    out.reverse();
    out
}

/// GitLab routable tokens:
/// `<prefix><base64url payload>.<2-char base36 version>.<2-char base36 payload length><7-char CRC>`
/// (older ones lack the version part). The CRC is `Zlib.crc32` of every character before it, instance
/// prefix included, in base36 padded to 7. Classic tokens (20 random characters) carry no checksum:
/// no verdict.
/// https://gitlab.com/gitlab-org/gitlab/-/blob/master/lib/authn/token_field/generator/routable_token.rb
/// https://handbook.gitlab.com/handbook/engineering/architecture/design-documents/cells/routable_tokens/
pub fn gitlab(token: &[u8], before: &[u8]) -> Outcome {
    if !token.contains(&b'.') {
        return Outcome::default();
    }
    if token.len() < 16 {
        return failed("too short for a routable token");
    }
    let (body, crc) = token.split_at(token.len() - 7);
    let sum = |bytes: &[u8]| base36(crc32fast::hash(bytes) as u64, 7) == crc;
    // A self-managed instance may put its own prefix in front (`acme-glpat-...`): the CRC covers it.
    let mut ok = sum(body);
    if !ok {
        let start = before
            .iter()
            .rposition(|&b| !(b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
            .map_or(0, |p| p + 1);
        let prefix = &before[start..];
        if !prefix.is_empty() && prefix.len() <= 40 {
            ok = sum(&[prefix, body].concat());
        }
    }
    if !ok {
        return failed("checksum does not match");
    }
    match gitlab_payload(body) {
        Some(()) => passed(Validation::Checksum, Confidence::High, None),
        None => failed("checksum matches but the payload is malformed"),
    }
}

/// The length holder (base36) must equal the length of the base64url payload in front of the first
/// `.`, which must decode. (The payload's inner layout has changed between GitLab releases, so it is
/// not relied on.)
fn gitlab_payload(body: &[u8]) -> Option<()> {
    // body = <prefix><payload>.[<version>.]<LL>
    let last_dot = body.iter().rposition(|&b| b == b'.')?;
    let holder = std::str::from_utf8(&body[last_dot + 1..]).ok()?;
    let len = usize::from_str_radix(holder, 36).ok()?;
    let first_dot = body.iter().position(|&b| b == b'.')?;
    let head = &body[..first_dot];
    if head.len() < len || !(27..=300).contains(&len) {
        return None;
    }
    b64url(&head[head.len() - len..]).map(|_| ())
}

/// Grafana service account tokens: `gl` + service id + `_` + 32 random characters + `_` + the hex of
/// the CRC32 (IEEE) of everything before the last `_`, bytes in little-endian order.
/// https://github.com/grafana/grafana/blob/main/pkg/components/satokengen/tokengen.go
pub fn grafana(token: &[u8]) -> Outcome {
    let Some(us) = token.iter().rposition(|&b| b == b'_') else {
        return failed("no checksum part");
    };
    let (key, check) = (&token[..us], &token[us + 1..]);
    let want: String = crc32fast::hash(key)
        .to_le_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    if check == want.as_bytes() {
        passed(Validation::Checksum, Confidence::High, None)
    } else {
        failed("checksum does not match")
    }
}

/// A Bech32 string: human-readable part, `1`, data characters whose last six are a BCH checksum over
/// the part and the data (BIP 173). Case-insensitive, but not mixed-case.
pub fn bech32(s: &[u8]) -> Outcome {
    const CHARSET: &[u8; 32] = b"qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    const GEN: [u32; 5] = [
        0x3b6a_57b2,
        0x2650_8e6d,
        0x1ea1_19fa,
        0x3d42_33dd,
        0x2a14_62b3,
    ];
    if s.iter().any(u8::is_ascii_lowercase) && s.iter().any(u8::is_ascii_uppercase) {
        return failed("mixed case");
    }
    let s = s.to_ascii_lowercase();
    let Some(sep) = s.iter().rposition(|&b| b == b'1') else {
        return failed("no separator");
    };
    let (hrp, data) = (&s[..sep], &s[sep + 1..]);
    if hrp.is_empty() || data.len() < 6 {
        return failed("too short");
    }
    let polymod = |values: &mut dyn Iterator<Item = u8>| {
        let mut chk: u32 = 1;
        for v in values {
            let top = chk >> 25;
            chk = ((chk & 0x01ff_ffff) << 5) ^ u32::from(v);
            for (i, g) in GEN.iter().enumerate() {
                if (top >> i) & 1 == 1 {
                    chk ^= g;
                }
            }
        }
        chk
    };
    let Some(values) = data
        .iter()
        .map(|c| CHARSET.iter().position(|x| x == c).map(|p| p as u8))
        .collect::<Option<Vec<u8>>>()
    else {
        return failed("not Bech32 characters");
    };
    let mut all = hrp
        .iter()
        .map(|c| c >> 5)
        .chain(std::iter::once(0))
        .chain(hrp.iter().map(|c| c & 31))
        .chain(values);
    if polymod(&mut all) == 1 {
        passed(Validation::Checksum, Confidence::High, None)
    } else {
        failed("checksum does not match")
    }
}

/// An unsigned LEB128 varint, as macaroons use.
fn varint(data: &mut &[u8]) -> Option<u64> {
    let mut v: u64 = 0;
    for shift in (0..64).step_by(7) {
        let (&b, rest) = data.split_first()?;
        *data = rest;
        v |= ((b & 0x7f) as u64) << shift;
        if b & 0x80 == 0 {
            return Some(v);
        }
    }
    None
}

/// One field of a version-2 macaroon: (type, content), or type 0 (end of section) with no content.
fn macaroon_field<'a>(data: &mut &'a [u8]) -> Option<(u64, &'a [u8])> {
    let kind = varint(data)?;
    if kind == 0 {
        return Some((0, &[]));
    }
    let len = varint(data)? as usize;
    if data.len() < len {
        return None;
    }
    let (v, rest) = data.split_at(len);
    *data = rest;
    Some((kind, v))
}

/// Parses a version-2 binary macaroon: returns its location and number of caveats.
/// Grammar (libmacaroons doc/format.txt): VERSION(2) [LOCATION] IDENTIFIER EOS
/// { [LOCATION] IDENTIFIER [VID] EOS }* EOS SIGNATURE(32 bytes); field types LOCATION=1,
/// IDENTIFIER=2, VID=4, SIGNATURE=6, EOS=0.
/// https://github.com/rescrv/libmacaroons/blob/master/doc/format.txt
fn macaroon_v2(mut data: &[u8]) -> Option<(String, usize)> {
    let (&version, rest) = data.split_first()?;
    if version != 2 {
        return None;
    }
    data = rest;
    let mut location = String::new();
    let (mut kind, mut value) = macaroon_field(&mut data)?;
    if kind == 1 {
        location = String::from_utf8(value.to_vec()).ok()?;
        (kind, value) = macaroon_field(&mut data)?;
    }
    if kind != 2 || value.is_empty() {
        return None;
    }
    if macaroon_field(&mut data)?.0 != 0 {
        return None;
    }
    let mut caveats = 0;
    loop {
        let (kind, _) = macaroon_field(&mut data)?;
        if kind == 0 {
            break; // end of the caveat list
        }
        let mut kind = kind;
        if kind == 1 {
            kind = macaroon_field(&mut data)?.0;
        }
        if kind != 2 {
            return None;
        }
        let mut next = macaroon_field(&mut data)?.0;
        if next == 4 {
            next = macaroon_field(&mut data)?.0;
        }
        if next != 0 {
            return None;
        }
        caveats += 1;
        if caveats > 1000 {
            return None;
        }
    }
    let (kind, sig) = macaroon_field(&mut data)?;
    (kind == 6 && sig.len() == 32 && data.is_empty()).then_some((location, caveats))
}

/// PyPI API tokens are `pypi-` and a base64url version-2 macaroon whose location is PyPI's host.
/// https://pypi.org/help/#apitoken, https://warehouse.pypa.io/development/token-scanning.html
pub fn pypi(token: &[u8]) -> Outcome {
    let Some(body) = token.strip_prefix(b"pypi-") else {
        return failed("no pypi- prefix");
    };
    let Some(bytes) = b64_any(body) else {
        return failed("not base64");
    };
    match macaroon_v2(&bytes) {
        Some((location, caveats)) if location == "pypi.org" || location == "test.pypi.org" => {
            passed(
                Validation::Structure,
                Confidence::High,
                Some(format!("macaroon for {location}, {caveats} caveat(s)")),
            )
        }
        Some(_) => failed("macaroon is not for pypi.org"),
        None => failed("not a version-2 macaroon"),
    }
}

/// 1Password service account tokens are `ops_` and base64url JSON holding the sign-in address, the
/// service account's email, Secret Key (`A3-...`) and authentication parameters.
/// https://developer.1password.com/docs/service-accounts/security/
pub fn onepassword(token: &[u8]) -> Outcome {
    let Some(body) = token.strip_prefix(b"ops_") else {
        return failed("no ops_ prefix");
    };
    let Some(json) =
        b64_any(body).and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
    else {
        return failed("not base64 JSON");
    };
    let text = |k: &str| json.get(k).and_then(|v| v.as_str());
    let address = text("signInAddress").filter(|a| a.contains('.'));
    let email_ok = text("email").is_some_and(|e| e.contains('@'));
    let key_ok = text("secretKey").is_some_and(|k| k.starts_with("A3-"));
    let auth_ok = json.get("userAuth").is_some_and(|a| a.is_object());
    let keys_ok = json.get("srpX").is_some() || json.get("muk").is_some();
    match address {
        Some(address) if email_ok && key_ok && auth_ok && keys_ok => {
            let host: String = address
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'))
                .take(64)
                .collect();
            passed(
                Validation::Structure,
                Confidence::High,
                Some(format!("sign-in address {host}")),
            )
        }
        _ => failed("JSON lacks the service account fields"),
    }
}

const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// The AWS account id a new-format access key id encodes, or why there is none.
///
/// AWS does not document the layout; it was worked out from thousands of real key ids and checked
/// against `sts:GetAccessKeyInfo`:
/// https://awsteele.com/blog/2020/09/26/aws-access-key-format.html,
/// https://medium.com/@TalBeerySec/a-short-note-on-aws-key-id-f88cc4317489,
/// https://labs.withsecure.com/publications/a-bitwise-analysis-of-aws-access-key-identifiers.html.
/// After the 4-character prefix, the 16 characters are base32 (A-Z, 2-7: 0, 1, 8 and 9 never occur).
/// Their first bit marks the new format (keys created since about 2019); the next 40 bits are the
/// account id.
pub fn aws_account_id(key_id: &[u8]) -> Result<Option<u64>, &'static str> {
    if key_id.len() != 20 {
        return Err("not 20 characters");
    }
    let mut bits: u128 = 0;
    for &c in &key_id[4..] {
        let v = BASE32
            .iter()
            .position(|&a| a == c)
            .ok_or("not base32 (AWS key ids use A-Z and 2-7)")?;
        bits = (bits << 5) | v as u128;
    }
    // 80 bits: [new-format flag][40-bit account][39 other bits]
    if bits >> 79 == 0 {
        return Ok(None); // older format: the account is not encoded
    }
    let account = ((bits >> 39) & ((1u128 << 40) - 1)) as u64;
    Ok((account <= 999_999_999_999).then_some(account))
}

fn account_outcome(key_id: &[u8], of_partner: bool) -> Outcome {
    match aws_account_id(key_id) {
        Err(why) if !of_partner => failed(why),
        Ok(Some(account)) => Outcome {
            validation: None,
            confidence: None,
            note: Some(format!("account {account:012}")),
            aws_account: Some(format!("{account:012}")),
        },
        _ => Outcome::default(),
    }
}

pub fn aws_key_id(secret: &[u8]) -> Outcome {
    account_outcome(secret, false)
}

pub fn aws_secret_key(partner: Option<&[u8]>) -> Outcome {
    match partner {
        Some(p) => account_outcome(p, true),
        None => Outcome::default(),
    }
}

#[cfg(test)]
pub mod tests {
    use super::*;

    /// Encodes an AWS-style key id for `account` (test helper; the inverse of [`aws_account_id`]).
    pub fn aws_key_id_for(prefix: &str, account: u64, tail: u64) -> String {
        let bits: u128 =
            (1u128 << 79) | ((account as u128) << 39) | (tail as u128 & ((1 << 39) - 1));
        let mut s = prefix.to_string();
        for i in (0..16).rev() {
            s.push(BASE32[((bits >> (i * 5)) & 31) as usize] as char);
        }
        s
    }

    #[test]
    fn github_checksum_valid_and_corrupted() {
        let good = b"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";
        assert_eq!(github_crc32(good).validation, Some(Validation::Checksum));
        let mut bad = good.to_vec();
        bad[10] = if bad[10] == b'a' { b'b' } else { b'a' };
        assert_eq!(github_crc32(&bad).validation, Some(Validation::Failed));
        assert_eq!(
            github_crc32(b"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").validation,
            Some(Validation::Checksum)
        );
    }

    #[test]
    fn jwt_structure_and_expiry() {
        // {"alg":"HS256","typ":"JWT"} . {"sub":"1","exp":1000}
        let t = b"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIiwiZXhwIjoxMDAwfQ.c2lnbmF0dXJl";
        let o = jwt(t, 2000);
        assert_eq!(o.validation, Some(Validation::Structure));
        assert_eq!(o.confidence, Some(Confidence::Low));
        assert!(o.note.unwrap().contains("expired"));
        assert_eq!(jwt(t, 500).confidence, Some(Confidence::Medium));
        assert_eq!(
            jwt(b"eyJub3QganNvbg.eyJ4.abc", 0).validation,
            Some(Validation::Failed)
        );
    }

    /// Builds a routable token the way GitLab's generator does (independent of the validator).
    fn routable(prefix: &str, routing: &str, random: &[u8]) -> String {
        let mut payload = routing.as_bytes().to_vec();
        payload.extend_from_slice(random);
        payload.push(random.len() as u8);
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&payload);
        let len = String::from_utf8(base36(b64.len() as u64, 2)).unwrap();
        let body = format!("{prefix}{b64}.01.{len}");
        let crc = String::from_utf8(base36(crc32fast::hash(body.as_bytes()) as u64, 7)).unwrap();
        format!("{body}{crc}")
    }

    #[test]
    fn gitlab_routable_valid_and_corrupted() {
        let t = routable("glpat-", "c:1\no:2s\nu:7b", b"0123456789abcdef");
        let o = gitlab(t.as_bytes(), b"TOKEN=");
        assert_eq!(o.validation, Some(Validation::Checksum), "{o:?}");
        assert_eq!(o.confidence, Some(Confidence::High));
        // One changed character anywhere breaks it.
        for i in [6, 20, t.len() - 1] {
            let mut bad = t.clone().into_bytes();
            bad[i] = if bad[i] == b'a' { b'b' } else { b'a' };
            assert_eq!(gitlab(&bad, b"").validation, Some(Validation::Failed));
        }
        // The pack's own examples were generated independently and must pass.
        for ex in [
            "glpat-DtHdqtpgB1TR9e6yhGdcGGM6MQpvOjEKdTo2dXYyaA8.01.171uu03p9",
            "glrt-t1_zMHNylWssc8SYF_jahnxsmM6MQpvOjEKdDoxCw.01.121xvnt86",
        ] {
            assert_eq!(
                gitlab(ex.as_bytes(), b"").validation,
                Some(Validation::Checksum),
                "{ex}"
            );
        }
        // An instance prefix in front is part of the checksum.
        let prefixed = routable("acme-glpat-", "o:1", b"fedcba9876543210");
        let (pre, tok) = prefixed.split_at(5);
        assert_eq!(
            gitlab(tok.as_bytes(), format!("x = {pre}").as_bytes()).validation,
            Some(Validation::Checksum)
        );
        assert_eq!(
            gitlab(tok.as_bytes(), b"x = ").validation,
            Some(Validation::Failed)
        );
        // Classic tokens have no checksum to check.
        assert_eq!(gitlab(b"glpat-hXJklg2TcF6qjcANF3Pf", b"").validation, None);
    }

    #[test]
    fn bech32_checksum_of_age_identities() {
        let good = b"AGE-SECRET-KEY-13JMPPYQ0NC68LT5GDHR9QAU4A369CNPLEVHT93E7ZJF5EPN7UPTSHPY0YK";
        assert_eq!(bech32(good).validation, Some(Validation::Checksum));
        // One character changed, two swapped, mixed case: all caught.
        let mut bad = good.to_vec();
        bad[40] = if bad[40] == b'Q' { b'P' } else { b'Q' };
        assert_eq!(bech32(&bad).validation, Some(Validation::Failed));
        let mut swapped = good.to_vec();
        swapped.swap(30, 31);
        assert_ne!(swapped, good.to_vec());
        assert_eq!(bech32(&swapped).validation, Some(Validation::Failed));
        let mut mixed = good.to_vec();
        mixed[20] = mixed[20].to_ascii_lowercase();
        assert_eq!(bech32(&mixed).validation, Some(Validation::Failed));
        // BIP 173's own valid test vector.
        assert_eq!(bech32(b"A12UEL5L").validation, Some(Validation::Checksum));
    }

    #[test]
    fn grafana_checksum_valid_and_corrupted() {
        let key = "glsa_Zq3vLm8TnR2xWc5YhB7kPd4sGf9JaE1u";
        let crc: String = crc32fast::hash(key.as_bytes())
            .to_le_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let t = format!("{key}_{crc}");
        assert_eq!(grafana(t.as_bytes()).validation, Some(Validation::Checksum));
        let mut bad = t.clone().into_bytes();
        bad[7] ^= 0x01;
        assert_eq!(grafana(&bad).validation, Some(Validation::Failed));
        // Big-endian hex is not Grafana's order.
        let be = format!("{key}_{:08x}", crc32fast::hash(key.as_bytes()));
        if be != t {
            assert_eq!(grafana(be.as_bytes()).validation, Some(Validation::Failed));
        }
    }

    /// A version-2 macaroon built from the grammar (independent of the parser).
    fn macaroon(location: &str, caveats: &[&str]) -> Vec<u8> {
        let field = |out: &mut Vec<u8>, kind: u8, v: &[u8]| {
            out.push(kind);
            let mut n = v.len();
            loop {
                let b = (n & 0x7f) as u8;
                n >>= 7;
                if n == 0 {
                    out.push(b);
                    break;
                }
                out.push(b | 0x80);
            }
            out.extend_from_slice(v);
        };
        let mut m = vec![2u8];
        field(&mut m, 1, location.as_bytes());
        field(&mut m, 2, b"b1ea5d4e-7d23-4c1f-9a3e-8f7a6b5c4d3e");
        m.push(0);
        for c in caveats {
            field(&mut m, 2, c.as_bytes());
            m.push(0);
        }
        m.push(0);
        field(&mut m, 6, &[7u8; 32]);
        m
    }

    #[test]
    fn pypi_macaroon_valid_and_corrupted() {
        let enc = |m: &[u8]| {
            format!(
                "pypi-{}",
                base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(m)
            )
        };
        let m = macaroon("pypi.org", &["{\"version\": 1, \"permissions\": \"user\"}"]);
        let t = enc(&m);
        assert!(t.starts_with("pypi-AgEIcHlwaS5vcmc"), "{t}");
        let o = pypi(t.as_bytes());
        assert_eq!(o.validation, Some(Validation::Structure), "{o:?}");
        assert_eq!(
            o.note.as_deref(),
            Some("macaroon for pypi.org, 1 caveat(s)")
        );
        // Truncated, a wrong location, a short signature, trailing bytes: all fail.
        assert_eq!(
            pypi(&t.as_bytes()[..t.len() - 8]).validation,
            Some(Validation::Failed)
        );
        assert_eq!(
            pypi(enc(&macaroon("evil.example", &[])).as_bytes()).validation,
            Some(Validation::Failed)
        );
        let mut short_sig = m.clone();
        short_sig.truncate(m.len() - 1);
        assert_eq!(
            pypi(enc(&short_sig).as_bytes()).validation,
            Some(Validation::Failed)
        );
        let mut trailing = m.clone();
        trailing.push(0);
        assert_eq!(
            pypi(enc(&trailing).as_bytes()).validation,
            Some(Validation::Failed)
        );
        // Random bytes after the well-known prefix are not a macaroon.
        assert_eq!(
            pypi(b"pypi-AgEIcHlwaS5vcmcCJULPJl23wd1eVQQ7s61N5pgf3QxoW79MrpoVLh8HM1MAPExN02pmNdH5")
                .validation,
            Some(Validation::Failed)
        );
    }

    #[test]
    fn onepassword_structure_valid_and_corrupted() {
        let json = r#"{"signInAddress":"acme.1password.com","userAuth":{"method":"SRPg-4096","alg":"PBES2g-HS256","iterations":650000,"salt":"c2FsdHNhbHRzYWx0"},"email":"q7w3e9r1t5y2u@1passwordserviceaccounts.com","srpX":"00","muk":{"kty":"oct"},"secretKey":"A3-ABCDEF-GHJKLM-NPQRS-TVWXY-Z2345-67890","deviceUuid":"x"}"#;
        let t = format!(
            "ops_{}",
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json)
        );
        let o = onepassword(t.as_bytes());
        assert_eq!(o.validation, Some(Validation::Structure), "{o:?}");
        assert_eq!(
            o.note.as_deref(),
            Some("sign-in address acme.1password.com")
        );
        let no_key = json.replace("A3-", "B9-");
        let bad = format!(
            "ops_{}",
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(no_key)
        );
        assert_eq!(
            onepassword(bad.as_bytes()).validation,
            Some(Validation::Failed)
        );
        assert_eq!(
            onepassword(&t.as_bytes()[..t.len() / 2]).validation,
            Some(Validation::Failed)
        );
    }

    fn key_file(name: &str) -> Vec<u8> {
        let path = format!(
            "{}/tests/corpus/positives/private-keys/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    #[test]
    fn pem_keys_of_every_kind() {
        for (file, note, confidence) in [
            (
                "rsa-pkcs1.pem",
                "RSA 2048-bit, unencrypted",
                Confidence::High,
            ),
            (
                "rsa-pkcs8.pem",
                "RSA 1024-bit, unencrypted",
                Confidence::High,
            ),
            ("ec-sec1.pem", "EC P-256, unencrypted", Confidence::High),
            ("ec-pkcs8.pem", "EC P-384, unencrypted", Confidence::High),
            (
                "ed25519-pkcs8.pem",
                "Ed25519, unencrypted",
                Confidence::High,
            ),
            ("dsa-pkcs8.pem", "DSA, unencrypted", Confidence::High),
            (
                "dsa-trad.pem",
                "DSA 1024-bit, unencrypted",
                Confidence::High,
            ),
            (
                "rsa-pkcs8-encrypted.pem",
                "PKCS#8, encrypted (PBES2)",
                Confidence::Medium,
            ),
            (
                "rsa-pkcs1-encrypted.pem",
                "RSA key, encrypted (AES-128-CBC)",
                Confidence::Medium,
            ),
            (
                "ssh-ed25519.key",
                "OpenSSH ssh-ed25519, unencrypted",
                Confidence::High,
            ),
            (
                "ssh-ed25519-encrypted.key",
                "OpenSSH ssh-ed25519, encrypted (aes256-ctr)",
                Confidence::Medium,
            ),
            (
                "pgp.asc",
                "OpenPGP secret key (EdDSA), unencrypted",
                Confidence::High,
            ),
            (
                "pgp-rsa-encrypted.asc",
                "OpenPGP secret key (RSA), encrypted",
                Confidence::Medium,
            ),
        ] {
            let o = pem(&key_file(file));
            assert_eq!(o.validation, Some(Validation::Structure), "{file}: {o:?}");
            assert_eq!(o.note.as_deref(), Some(note), "{file}");
            assert_eq!(o.confidence, Some(confidence), "{file}");
        }
    }

    #[test]
    fn pem_corrupted_or_mislabelled_keys_fail() {
        let rsa = String::from_utf8(key_file("rsa-pkcs1.pem")).unwrap();
        // A changed character inside the DER structure's header.
        let corrupted = rsa.replacen("MII", "MIJ", 1);
        assert_eq!(
            pem(corrupted.as_bytes()).validation,
            Some(Validation::Failed)
        );
        // Truncated: half the body gone, END line kept.
        let lines: Vec<&str> = rsa.lines().collect();
        let truncated = [&lines[..lines.len() / 2], &lines[lines.len() - 1..]]
            .concat()
            .join("\n");
        assert_eq!(
            pem(truncated.as_bytes()).validation,
            Some(Validation::Failed)
        );
        // A PKCS#8 body under an RSA label is not what the label claims.
        let p8 = String::from_utf8(key_file("rsa-pkcs8.pem")).unwrap();
        let mislabelled = p8.replace("PRIVATE KEY", "RSA PRIVATE KEY");
        assert_eq!(
            pem(mislabelled.as_bytes()).validation,
            Some(Validation::Failed)
        );
        // Documentation ellipses are not a key.
        let doc =
            "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA...\n-----END RSA PRIVATE KEY-----";
        assert_eq!(pem(doc.as_bytes()).validation, Some(Validation::Failed));
        // A PGP block whose armour checksum does not match.
        let pgp = String::from_utf8(key_file("pgp.asc")).unwrap();
        let crc_line = pgp
            .lines()
            .find(|l| l.starts_with('=') && l.len() == 5)
            .unwrap();
        let flipped = format!(
            "={}",
            if &crc_line[1..] == "AAAA" {
                "AAAB"
            } else {
                "AAAA"
            }
        );
        assert_eq!(
            pem(pgp.replace(crc_line, &flipped).as_bytes()).validation,
            Some(Validation::Failed)
        );
        // An OpenSSH key whose check integers differ has been tampered with.
        let ssh = String::from_utf8(key_file("ssh-ed25519.key")).unwrap();
        let body: String = ssh.lines().filter(|l| !l.starts_with("-----")).collect();
        let mut blob = base64::engine::general_purpose::STANDARD
            .decode(body)
            .unwrap();
        let private_start = find_private_section(&blob);
        blob[private_start] ^= 0xFF;
        let tampered = format!(
            "-----BEGIN OPENSSH PRIVATE KEY-----\n{}\n-----END OPENSSH PRIVATE KEY-----",
            base64::engine::general_purpose::STANDARD.encode(&blob)
        );
        assert_eq!(
            pem(tampered.as_bytes()).validation,
            Some(Validation::Failed)
        );
    }

    /// Offset of the first check integer in an unencrypted openssh-key-v1 blob.
    fn find_private_section(blob: &[u8]) -> usize {
        let mut p = 15; // magic
        let skip_string = |p: &mut usize| {
            let n = u32::from_be_bytes(blob[*p..*p + 4].try_into().unwrap()) as usize;
            *p += 4 + n;
        };
        skip_string(&mut p); // cipher
        skip_string(&mut p); // kdf
        skip_string(&mut p); // kdf options
        p += 4; // number of keys
        skip_string(&mut p); // public key
        p + 4 // past the private section's length
    }

    #[test]
    fn aws_account_from_key_id() {
        // The worked example of the cited posts: ASIAY34FZKBOKMUTVV7A is account 609629065308.
        assert_eq!(
            aws_account_id(b"ASIAY34FZKBOKMUTVV7A"),
            Ok(Some(609_629_065_308))
        );
        // Round trip through an independent encoder.
        for account in [1u64, 123_456_789_012, 999_999_999_999] {
            let id = aws_key_id_for("AKIA", account, 0x1234_5678);
            assert_eq!(aws_account_id(id.as_bytes()), Ok(Some(account)), "{id}");
            let o = aws_key_id(id.as_bytes());
            assert_eq!(o.aws_account, Some(format!("{account:012}")));
            assert_eq!(o.note, Some(format!("account {account:012}")));
            assert_eq!(o.validation, None);
        }
        // Older ids (first bit clear, e.g. AKIAI..., AKIAJ...) encode no account.
        assert_eq!(aws_account_id(b"AKIAIOSFODNN7EXAMPLE"), Ok(None));
        // 0, 1, 8 and 9 never occur in real key ids.
        let o = aws_key_id(b"AKIA0IBYYURL65B4KJ4H");
        assert_eq!(o.validation, Some(Validation::Failed));
        assert_eq!(o.confidence, Some(Confidence::Low));
        // The secret key takes its account from the key id beside it.
        let id = aws_key_id_for("AKIA", 210_987_654_321, 7);
        let o = aws_secret_key(Some(id.as_bytes()));
        assert_eq!(o.aws_account.as_deref(), Some("210987654321"));
        assert_eq!(
            aws_secret_key(Some(b"AKIA0IBYYURL65B4KJ4H")),
            Outcome::default()
        );
    }
}
