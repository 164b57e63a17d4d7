//! Synthetic tokens with valid (or deliberately broken) checksums, built independently of hush's
//! validators, for end-to-end tests. None is a real credential.
#![allow(dead_code)]

use base64::Engine as _;

const BASE62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const BASE36: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
const BASE32: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// A small deterministic generator (xorshift), so tests need no extra crate.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn pick(&mut self, alphabet: &[u8], n: usize) -> String {
        (0..n)
            .map(|_| alphabet[(self.next() % alphabet.len() as u64) as usize] as char)
            .collect()
    }
}

fn radix(mut n: u64, digits: &[u8], width: usize) -> String {
    let mut out = Vec::new();
    while n > 0 {
        out.push(digits[(n % digits.len() as u64) as usize]);
        n /= digits.len() as u64;
    }
    while out.len() < width {
        out.push(b'0');
    }
    out.reverse();
    String::from_utf8(out).unwrap()
}

/// `ghp_` (or another GitHub/npm prefix): 30 base62 characters and their base62 CRC32.
pub fn github(rng: &mut Rng, prefix: &str) -> String {
    let body = rng.pick(BASE62, 30);
    let crc = crc32fast::hash(body.as_bytes()) as u64;
    format!("{prefix}{body}{}", radix(crc, BASE62, 6))
}

/// A GitLab routable token: base64url payload, version, base36 length, base36 CRC32 of it all.
pub fn gitlab_routable(rng: &mut Rng, prefix: &str) -> String {
    let mut payload: Vec<u8> = (0..16).map(|_| rng.next() as u8).collect();
    let routing = b"c:1\no:9z\nu:3k7";
    payload.extend_from_slice(routing);
    payload.push(routing.len() as u8);
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&payload);
    let body = format!("{prefix}{b64}.01.{}", radix(b64.len() as u64, BASE36, 2));
    let crc = crc32fast::hash(body.as_bytes()) as u64;
    format!("{body}{}", radix(crc, BASE36, 7))
}

/// A new-format AWS access key id that encodes `account`.
pub fn aws_key_id(rng: &mut Rng, prefix: &str, account: u64) -> String {
    let bits: u128 =
        (1u128 << 79) | ((account as u128) << 39) | (rng.next() as u128 & ((1 << 39) - 1));
    let mut s = prefix.to_string();
    for i in (0..16).rev() {
        s.push(BASE32[((bits >> (i * 5)) & 31) as usize] as char);
    }
    s
}

/// Forty base64 characters, like an AWS secret access key.
pub fn aws_secret(rng: &mut Rng) -> String {
    rng.pick(
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
        40,
    )
}

/// The token with the character at `i` replaced by a different one of the same kind.
pub fn corrupt(token: &str, i: usize) -> String {
    let mut b = token.as_bytes().to_vec();
    b[i] = match b[i] {
        b'a'..=b'y' | b'A'..=b'Y' | b'0'..=b'8' => b[i] + 1,
        b'z' => b'a',
        b'Z' => b'A',
        _ => b'0',
    };
    String::from_utf8(b).unwrap()
}

pub fn b64(s: impl AsRef<[u8]>) -> String {
    base64::engine::general_purpose::STANDARD.encode(s)
}

/// `n` random bytes.
pub fn bytes(rng: &mut Rng, n: usize) -> Vec<u8> {
    (0..n).map(|_| rng.next() as u8).collect()
}
