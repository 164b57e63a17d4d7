//! Offline validators: checks a token's own structure or checksum, without any network.

use base64::Engine as _;

use crate::finding::{Confidence, Validation};

/// The validators a rule may name in `validator = "..."`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Validator {
    /// Prefix, 30 base62 characters, then the 6-character base62 CRC32 of those 30 (GitHub, npm).
    /// https://github.blog/2021-04-05-behind-githubs-new-authentication-token-formats/
    GithubCrc32,
    /// A JSON Web Token: header and payload decode to JSON objects; the header names an `alg`.
    Jwt,
    /// A PEM private key block whose body is valid base64 (and says whether it is encrypted).
    Pem,
}

/// What a validator concluded, and a short note for the report (never secret material).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub validation: Validation,
    pub confidence: Option<Confidence>,
    pub note: Option<String>,
}

impl Validator {
    pub fn from_name(name: &str) -> Option<Validator> {
        match name {
            "github" | "npm" => Some(Validator::GithubCrc32),
            "jwt" => Some(Validator::Jwt),
            "pem" => Some(Validator::Pem),
            _ => None,
        }
    }

    pub fn check(self, secret: &[u8], now_unix: i64) -> Outcome {
        match self {
            Validator::GithubCrc32 => github_crc32(secret),
            Validator::Jwt => jwt(secret, now_unix),
            Validator::Pem => pem(secret),
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
        validation: Validation::Failed,
        confidence: Some(Confidence::Low),
        note: Some(note.to_string()),
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
    let ok = base62_decode(check) == Some(crc32fast::hash(entropy) as u64);
    if ok {
        Outcome {
            validation: Validation::Checksum,
            confidence: Some(Confidence::High),
            note: None,
        }
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
    Outcome {
        validation: Validation::Structure,
        confidence: Some(confidence),
        note: Some(note),
    }
}

/// A PEM block: the body between the armour lines must be base64 of at least 40 bytes (an Ed25519 PKCS#8 key is 48). Notes whether
/// the key is encrypted (traditional `Proc-Type: 4,ENCRYPTED` or PKCS#8 `ENCRYPTED PRIVATE KEY`).
pub fn pem(block: &[u8]) -> Outcome {
    let text = String::from_utf8_lossy(block);
    let encrypted = text.contains("ENCRYPTED");
    let mut body = String::new();
    for line in text.lines().skip(1) {
        let line = line
            .trim()
            .trim_matches(|c| c == '"' || c == '\'' || c == ',');
        let line = line.trim_end_matches("\\n");
        if line.starts_with("-----END") {
            break;
        }
        if line.contains(':') || line.is_empty() {
            continue; // headers such as Proc-Type, DEK-Info, Comment
        }
        body.push_str(line);
    }
    // Keys embedded in JSON strings use literal `\n` separators on one line.
    if body.is_empty() {
        if let Some(start) = text.find("-----\\n") {
            let rest = &text[start + 7..];
            let end = rest.find("-----END").unwrap_or(rest.len());
            body = rest[..end].replace("\\n", "");
        }
    }
    let body: String = body.chars().filter(|c| !c.is_whitespace()).collect();
    let decoded = base64::engine::general_purpose::STANDARD.decode(body.as_bytes());
    match decoded {
        Ok(bytes) if bytes.len() >= 40 => Outcome {
            validation: Validation::Structure,
            confidence: Some(if encrypted {
                Confidence::Medium
            } else {
                Confidence::High
            }),
            note: Some(
                if encrypted {
                    "encrypted"
                } else {
                    "unencrypted"
                }
                .to_string(),
            ),
        },
        _ => failed("body is not a base64 key"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_checksum_valid_and_corrupted() {
        let good = b"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";
        assert_eq!(github_crc32(good).validation, Validation::Checksum);
        let mut bad = good.to_vec();
        bad[10] = if bad[10] == b'a' { b'b' } else { b'a' };
        assert_eq!(github_crc32(&bad).validation, Validation::Failed);
        assert_eq!(
            github_crc32(b"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").validation,
            Validation::Checksum
        );
    }

    #[test]
    fn jwt_structure_and_expiry() {
        // {"alg":"HS256","typ":"JWT"} . {"sub":"1","exp":1000}
        let t = b"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIiwiZXhwIjoxMDAwfQ.c2lnbmF0dXJl";
        let o = jwt(t, 2000);
        assert_eq!(o.validation, Validation::Structure);
        assert_eq!(o.confidence, Some(Confidence::Low));
        assert!(o.note.unwrap().contains("expired"));
        assert_eq!(jwt(t, 500).confidence, Some(Confidence::Medium));
        assert_eq!(
            jwt(b"eyJub3QganNvbg.eyJ4.abc", 0).validation,
            Validation::Failed
        );
    }
}
