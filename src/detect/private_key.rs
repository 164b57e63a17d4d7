//! Private key blocks, parsed just far enough to say whether they hold a real key of the type their
//! armour claims, which algorithm and size it is, and whether it is encrypted. Nothing here needs the
//! key to be usable: a minimal DER walk (PKCS#1, SEC1, PKCS#8, OpenSSL DSA), the OpenSSH container,
//! and the OpenPGP armour checksum and first packet.
//!
//! Formats, from their public specifications:
//! - PKCS#1 RSAPrivateKey: RFC 8017, appendix A.1.2.
//! - SEC1 ECPrivateKey: RFC 5915, section 3.
//! - PKCS#8 PrivateKeyInfo / OneAsymmetricKey and EncryptedPrivateKeyInfo: RFC 5208, RFC 5958.
//! - Traditional OpenSSL encryption headers (`Proc-Type: 4,ENCRYPTED`, `DEK-Info`): RFC 1421, 4.6.
//! - OpenSSH `openssh-key-v1`: https://github.com/openssh/openssh-portable/blob/master/PROTOCOL.key
//! - OpenPGP armour CRC-24 and secret-key packets: RFC 4880, sections 6.1, 4.2 and 5.5.3.

use base64::Engine as _;

/// What a key block turned out to be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyVerdict {
    /// A key of the claimed type. `description` names algorithm and size; never key material.
    Key {
        description: String,
        encrypted: bool,
    },
    /// Not a key of the claimed type, with the reason.
    NotAKey(&'static str),
}

fn key(description: impl Into<String>, encrypted: bool) -> KeyVerdict {
    KeyVerdict::Key {
        description: description.into(),
        encrypted,
    }
}

/// Parses a whole armoured block: `-----BEGIN <LABEL>-----`, optional headers, the base64 body,
/// `-----END <LABEL>-----`. Blocks embedded in code or JSON (quoted lines, literal `\n`) are accepted.
pub fn inspect(block: &[u8]) -> KeyVerdict {
    let text = String::from_utf8_lossy(block);
    let Some(label) = label(&text) else {
        return KeyVerdict::NotAKey("no BEGIN line");
    };
    let armour = match body(&text) {
        Ok(a) => a,
        Err(why) => return KeyVerdict::NotAKey(why),
    };
    let Ok(der) = base64::engine::general_purpose::STANDARD.decode(armour.base64.as_bytes()) else {
        return KeyVerdict::NotAKey("body is not base64");
    };
    if der.len() < 32 {
        return KeyVerdict::NotAKey("body too short for a key");
    }
    match label.as_str() {
        "RSA PRIVATE KEY" | "EC PRIVATE KEY" | "DSA PRIVATE KEY" if armour.encrypted_header => {
            // The body is ciphertext: all we can check is that it fills whole cipher blocks.
            let cipher = armour.dek_info.unwrap_or_else(|| "unknown cipher".into());
            if der.len() % 8 == 0 {
                key(format!("{} key, encrypted ({cipher})", &label[..3]), true)
            } else {
                KeyVerdict::NotAKey("encrypted body is not a whole number of cipher blocks")
            }
        }
        "RSA PRIVATE KEY" => rsa_pkcs1(&der)
            .map_or(KeyVerdict::NotAKey("not a PKCS#1 RSA key"), |b| {
                key(format!("RSA {b}-bit"), false)
            }),
        "EC PRIVATE KEY" => sec1_ec(&der).map_or(KeyVerdict::NotAKey("not a SEC1 EC key"), |c| {
            key(format!("EC {c}"), false)
        }),
        "DSA PRIVATE KEY" => dsa_openssl(&der).map_or(KeyVerdict::NotAKey("not a DSA key"), |b| {
            key(format!("DSA {b}-bit"), false)
        }),
        "PRIVATE KEY" => {
            pkcs8(&der).map_or(KeyVerdict::NotAKey("not a PKCS#8 key"), |d| key(d, false))
        }
        "ENCRYPTED PRIVATE KEY" => pkcs8_encrypted(&der)
            .map_or(KeyVerdict::NotAKey("not a PKCS#8 encrypted key"), |s| {
                key(format!("PKCS#8, encrypted ({s})"), true)
            }),
        "OPENSSH PRIVATE KEY" => openssh(&der),
        "PGP PRIVATE KEY BLOCK" => pgp(&der, armour.pgp_crc.as_deref()),
        _ => KeyVerdict::NotAKey("unknown key label"),
    }
}

/// The label between `-----BEGIN ` and `-----`.
fn label(text: &str) -> Option<String> {
    let start = text.find("-----BEGIN ")? + 11;
    let end = text[start..].find("-----")? + start;
    Some(text[start..end].trim().to_string())
}

struct Armour {
    base64: String,
    encrypted_header: bool,
    dek_info: Option<String>,
    /// The OpenPGP `=XXXX` checksum line, if any.
    pgp_crc: Option<String>,
}

/// The base64 body of the block, with the facts its headers state.
fn body(text: &str) -> Result<Armour, &'static str> {
    let start = text.find("-----BEGIN ").ok_or("no BEGIN line")?;
    let after = &text[start + 11..];
    let open_end = after.find("-----").ok_or("no BEGIN line")? + 5;
    let rest = &after[open_end..];
    let end = rest.find("-----END").ok_or("no END line")?;
    // Blocks held in source strings use a literal `\n` as line separator.
    let inner = rest[..end].replace("\\r", "").replace("\\n", "\n");
    let mut out = Armour {
        base64: String::new(),
        encrypted_header: false,
        dek_info: None,
        pgp_crc: None,
    };
    for raw in inner.lines() {
        let mut line = raw.trim();
        // `"...." +` (string concatenation in code): the `+` is not part of the body.
        if let Some(l) = line.strip_suffix('+') {
            if l.ends_with([' ', '"', '\'']) {
                line = l.trim_end();
            }
        }
        let line = line
            .trim_matches(|c: char| matches!(c, '"' | '\'' | ',' | ';' | '`'))
            .trim();
        if line.is_empty() {
            continue;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("Proc-Type") && value.contains("ENCRYPTED") {
                out.encrypted_header = true;
            }
            if name.eq_ignore_ascii_case("DEK-Info") {
                let cipher: String = value
                    .split(',')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .chars()
                    .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
                    .take(24)
                    .collect();
                out.dek_info = Some(cipher);
            }
            continue; // headers: Proc-Type, DEK-Info, Version, Comment
        }
        if let Some(crc) = line.strip_prefix('=') {
            if crc.len() == 4 && !out.base64.is_empty() {
                out.pgp_crc = Some(crc.to_string());
                continue;
            }
        }
        if !line
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
        {
            return Err("body has characters that are not base64");
        }
        out.base64.push_str(line);
    }
    if out.base64.is_empty() {
        return Err("empty body");
    }
    Ok(out)
}

// ---- DER

const SEQUENCE: u8 = 0x30;
const INTEGER: u8 = 0x02;
const OCTET_STRING: u8 = 0x04;
const OID: u8 = 0x06;

/// A reader over DER bytes: each call takes one tag-length-value.
struct Der<'a> {
    data: &'a [u8],
}

impl<'a> Der<'a> {
    fn new(data: &'a [u8]) -> Self {
        Der { data }
    }

    fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    fn peek_tag(&self) -> Option<u8> {
        self.data.first().copied()
    }

    /// The next element, if its tag is `tag`.
    fn take(&mut self, tag: u8) -> Option<&'a [u8]> {
        let (&t, rest) = self.data.split_first()?;
        if t != tag {
            return None;
        }
        let (&first, mut rest) = rest.split_first()?;
        let len = if first < 0x80 {
            first as usize
        } else {
            let n = (first & 0x7f) as usize;
            if n == 0 || n > 4 || rest.len() < n {
                return None; // indefinite or absurd lengths are not DER
            }
            let len = rest[..n].iter().fold(0usize, |a, &b| (a << 8) | b as usize);
            rest = &rest[n..];
            len
        };
        if rest.len() < len {
            return None;
        }
        let (value, tail) = rest.split_at(len);
        self.data = tail;
        Some(value)
    }

    /// A non-negative INTEGER's magnitude (leading zero octets dropped).
    fn uint(&mut self) -> Option<&'a [u8]> {
        let v = self.take(INTEGER)?;
        if v.is_empty() || v[0] & 0x80 != 0 {
            return None;
        }
        let first = v.iter().position(|&b| b != 0).unwrap_or(v.len());
        Some(&v[first..])
    }

    fn small_uint(&mut self) -> Option<u64> {
        let v = self.uint()?;
        if v.len() > 8 {
            return None;
        }
        Some(v.iter().fold(0u64, |a, &b| (a << 8) | b as u64))
    }
}

/// Bits in an unsigned big-endian magnitude.
fn bit_len(v: &[u8]) -> usize {
    match v.first() {
        None => 0,
        Some(&b) => (v.len() - 1) * 8 + (8 - b.leading_zeros() as usize),
    }
}

/// The one outer SEQUENCE filling the whole buffer.
fn outer(der: &[u8]) -> Option<Der<'_>> {
    let mut top = Der::new(der);
    let seq = top.take(SEQUENCE)?;
    top.is_empty().then(|| Der::new(seq))
}

/// PKCS#1: version, n, e, d, p, q, dp, dq, qinv. Returns the modulus size in bits.
fn rsa_pkcs1(der: &[u8]) -> Option<usize> {
    let mut s = outer(der)?;
    let version = s.small_uint()?;
    if version > 1 {
        return None;
    }
    let n = s.uint()?;
    for _ in 0..7 {
        s.uint()?;
    }
    (bit_len(n) >= 256).then_some(bit_len(n))
}

/// OpenSSL's DSA layout: version 0, p, q, g, y, x. Returns the size of p in bits.
fn dsa_openssl(der: &[u8]) -> Option<usize> {
    let mut s = outer(der)?;
    if s.small_uint()? != 0 {
        return None;
    }
    let p = s.uint()?;
    for _ in 0..4 {
        s.uint()?;
    }
    (s.is_empty() && bit_len(p) >= 256).then_some(bit_len(p))
}

/// SEC1: version 1, the private key octets, optional [0] curve and [1] public key.
fn sec1_ec(der: &[u8]) -> Option<String> {
    let mut s = outer(der)?;
    if s.small_uint()? != 1 {
        return None;
    }
    let k = s.take(OCTET_STRING)?;
    if k.is_empty() || k.len() > 66 {
        return None;
    }
    let mut curve = format!("{}-bit", k.len() * 8);
    if s.peek_tag() == Some(0xA0) {
        let mut params = Der::new(s.take(0xA0)?);
        if let Some(oid) = params.take(OID) {
            curve = curve_name(oid).map_or(curve, str::to_string);
        }
    }
    Some(curve)
}

/// PKCS#8 PrivateKeyInfo (v1) or OneAsymmetricKey (v2). Returns the algorithm and size.
fn pkcs8(der: &[u8]) -> Option<String> {
    let mut s = outer(der)?;
    if s.small_uint()? > 1 {
        return None;
    }
    let mut alg = Der::new(s.take(SEQUENCE)?);
    let oid = alg.take(OID)?;
    let inner = s.take(OCTET_STRING)?;
    match oid {
        // 1.2.840.113549.1.1.1 rsaEncryption, 1.2.840.113549.1.1.10 RSASSA-PSS
        [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01]
        | [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0A] => {
            rsa_pkcs1(inner).map(|b| format!("RSA {b}-bit"))
        }
        // 1.2.840.10045.2.1 ecPublicKey: the curve is the algorithm's parameter.
        [0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01] => {
            let named = alg.take(OID).and_then(curve_name);
            let fallback = sec1_ec_loose(inner)?;
            Some(format!("EC {}", named.map_or(fallback, str::to_string)))
        }
        // 1.2.840.10040.4.1 DSA: the private key is an INTEGER x.
        [0x2A, 0x86, 0x48, 0xCE, 0x38, 0x04, 0x01] => {
            let mut x = Der::new(inner);
            x.uint()?;
            Some("DSA".to_string())
        }
        // 1.3.101.110-113: X25519, X448, Ed25519, Ed448 (RFC 8410): an OCTET STRING of the key.
        [0x2B, 0x65, n @ 0x6E..=0x71] => {
            let (name, len) = match n {
                0x6E => ("X25519", 32),
                0x6F => ("X448", 56),
                0x70 => ("Ed25519", 32),
                _ => ("Ed448", 57),
            };
            let mut k = Der::new(inner);
            (k.take(OCTET_STRING)?.len() == len).then(|| name.to_string())
        }
        _ => Some("unrecognised algorithm".to_string()),
    }
}

/// An ECPrivateKey inside PKCS#8 (its curve may be absent there); returns a size description.
fn sec1_ec_loose(der: &[u8]) -> Option<String> {
    let mut s = outer(der)?;
    if s.small_uint()? != 1 {
        return None;
    }
    let k = s.take(OCTET_STRING)?;
    (!k.is_empty() && k.len() <= 66).then(|| format!("{}-bit", k.len() * 8))
}

/// EncryptedPrivateKeyInfo: an AlgorithmIdentifier, then the ciphertext. Returns the scheme name.
fn pkcs8_encrypted(der: &[u8]) -> Option<&'static str> {
    let mut s = outer(der)?;
    let mut alg = Der::new(s.take(SEQUENCE)?);
    let oid = alg.take(OID)?;
    let data = s.take(OCTET_STRING)?;
    if data.len() < 16 || !s.is_empty() {
        return None;
    }
    Some(match oid {
        [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x05, 0x0D] => "PBES2",
        [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x05, _] => "PBES1",
        [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x0C, 0x01, _] => "PKCS#12 PBE",
        _ => "unrecognised scheme",
    })
}

fn curve_name(oid: &[u8]) -> Option<&'static str> {
    Some(match oid {
        [0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07] => "P-256",
        [0x2B, 0x81, 0x04, 0x00, 0x22] => "P-384",
        [0x2B, 0x81, 0x04, 0x00, 0x23] => "P-521",
        [0x2B, 0x81, 0x04, 0x00, 0x0A] => "secp256k1",
        _ => return None,
    })
}

// ---- OpenSSH

/// A length-prefixed SSH string.
fn ssh_string<'a>(data: &mut &'a [u8]) -> Option<&'a [u8]> {
    if data.len() < 4 {
        return None;
    }
    let n = u32::from_be_bytes([data[0], data[1], data[2], data[3]]) as usize;
    if data.len() < 4 + n {
        return None;
    }
    let s = &data[4..4 + n];
    *data = &data[4 + n..];
    Some(s)
}

fn openssh(blob: &[u8]) -> KeyVerdict {
    const MAGIC: &[u8] = b"openssh-key-v1\0";
    let Some(mut rest) = blob.strip_prefix(MAGIC) else {
        return KeyVerdict::NotAKey("no openssh-key-v1 magic");
    };
    let parsed = (|| {
        let cipher = ssh_string(&mut rest)?;
        let _kdf = ssh_string(&mut rest)?;
        let _kdf_options = ssh_string(&mut rest)?;
        if rest.len() < 4 {
            return None;
        }
        let nkeys = u32::from_be_bytes([rest[0], rest[1], rest[2], rest[3]]);
        rest = &rest[4..];
        if nkeys == 0 || nkeys > 16 {
            return None;
        }
        let mut public = ssh_string(&mut rest)?;
        let key_type = ssh_string(&mut public)?;
        let private = ssh_string(&mut rest)?;
        Some((cipher, key_type, private))
    })();
    let Some((cipher, key_type, private)) = parsed else {
        return KeyVerdict::NotAKey("truncated OpenSSH key");
    };
    let kind: String = String::from_utf8_lossy(key_type)
        .chars()
        .filter(|c| c.is_ascii_graphic())
        .take(40)
        .collect();
    if cipher == b"none" {
        // Unencrypted: the private section opens with the same random 32-bit value twice.
        if private.len() < 8 || private[..4] != private[4..8] {
            return KeyVerdict::NotAKey("OpenSSH check integers differ");
        }
        key(format!("OpenSSH {kind}"), false)
    } else {
        let cipher: String = String::from_utf8_lossy(cipher)
            .chars()
            .filter(|c| c.is_ascii_graphic())
            .take(24)
            .collect();
        key(format!("OpenSSH {kind}, encrypted ({cipher})"), true)
    }
}

// ---- OpenPGP

/// RFC 4880 6.1: CRC-24 with initial value 0xB704CE and generator 0x1864CFB.
pub fn crc24(data: &[u8]) -> u32 {
    let mut crc: u32 = 0x00B7_04CE;
    for &b in data {
        crc ^= (b as u32) << 16;
        for _ in 0..8 {
            crc <<= 1;
            if crc & 0x0100_0000 != 0 {
                crc ^= 0x0186_4CFB;
            }
        }
    }
    crc & 0x00FF_FFFF
}

fn pgp(data: &[u8], crc_line: Option<&str>) -> KeyVerdict {
    if let Some(line) = crc_line {
        let Ok(crc) = base64::engine::general_purpose::STANDARD.decode(line) else {
            return KeyVerdict::NotAKey("armour checksum is not base64");
        };
        let want = crc.iter().fold(0u32, |a, &b| (a << 8) | b as u32);
        if crc.len() != 3 || want != crc24(data) {
            return KeyVerdict::NotAKey("armour CRC-24 does not match");
        }
    }
    match pgp_secret_key_packet(data) {
        Some((alg, encrypted)) => key(
            format!(
                "OpenPGP secret key ({alg}){}",
                if encrypted { ", encrypted" } else { "" }
            ),
            encrypted,
        ),
        None => KeyVerdict::NotAKey("no OpenPGP secret-key packet"),
    }
}

/// The first packet must be a Secret-Key packet (tag 5). For version 4 keys, skips the public
/// material to read the S2K usage octet (0 = the secret part is stored in the clear).
fn pgp_secret_key_packet(data: &[u8]) -> Option<(&'static str, bool)> {
    let (&hdr, rest) = data.split_first()?;
    if hdr & 0x80 == 0 {
        return None;
    }
    let (tag, body) = if hdr & 0x40 != 0 {
        // New format: one-, two- or five-octet lengths.
        let (&l0, r) = rest.split_first()?;
        let (len, r) = match l0 {
            0..=191 => (l0 as usize, r),
            192..=223 => {
                let (&l1, r) = r.split_first()?;
                ((((l0 as usize) - 192) << 8) + l1 as usize + 192, r)
            }
            255 if r.len() >= 4 => (
                u32::from_be_bytes([r[0], r[1], r[2], r[3]]) as usize,
                &r[4..],
            ),
            _ => return None,
        };
        (hdr & 0x3F, r.get(..len)?)
    } else {
        let n = match hdr & 0x03 {
            0 => 1,
            1 => 2,
            2 => 4,
            _ => return None,
        };
        let len = rest
            .get(..n)?
            .iter()
            .fold(0usize, |a, &b| (a << 8) | b as usize);
        ((hdr >> 2) & 0x0F, rest.get(n..n + len)?)
    };
    if tag != 5 {
        return None;
    }
    let (&version, b) = body.split_first()?;
    if version != 4 {
        // v3, v5 and v6 keys: the packet is there; the usage octet sits elsewhere.
        return matches!(version, 3 | 5 | 6).then_some(("unparsed", true));
    }
    let alg_id = *b.get(4)?;
    let mut p = b.get(5..)?;
    let mpi = |p: &mut &[u8]| -> Option<()> {
        let bits = u16::from_be_bytes([*p.first()?, *p.get(1)?]) as usize;
        let n = bits.div_ceil(8);
        *p = p.get(2 + n..)?;
        Some(())
    };
    let oid = |p: &mut &[u8]| -> Option<()> {
        let n = *p.first()? as usize;
        *p = p.get(1 + n..)?;
        Some(())
    };
    let name = match alg_id {
        1..=3 => {
            mpi(&mut p)?;
            mpi(&mut p)?;
            "RSA"
        }
        16 | 20 => {
            mpi(&mut p)?;
            mpi(&mut p)?;
            mpi(&mut p)?;
            "ElGamal"
        }
        17 => {
            for _ in 0..4 {
                mpi(&mut p)?;
            }
            "DSA"
        }
        19 | 22 => {
            oid(&mut p)?;
            mpi(&mut p)?;
            if alg_id == 19 { "ECDSA" } else { "EdDSA" }
        }
        18 => {
            oid(&mut p)?;
            mpi(&mut p)?;
            oid(&mut p)?; // KDF parameters: a length-prefixed field
            "ECDH"
        }
        _ => return None,
    };
    let usage = *p.first()?;
    Some((name, usage != 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn der_lengths_and_integers() {
        let mut d = Der::new(&[0x02, 0x02, 0x00, 0x80, 0x04, 0x81, 0x01, 0xAA]);
        assert_eq!(d.uint(), Some(&[0x80][..]));
        assert_eq!(d.take(OCTET_STRING), Some(&[0xAA][..]));
        assert!(d.is_empty());
        // A length running past the end, and an indefinite length, are rejected.
        assert_eq!(Der::new(&[0x30, 0x05, 0x00]).take(SEQUENCE), None);
        assert_eq!(Der::new(&[0x30, 0x80, 0x00, 0x00]).take(SEQUENCE), None);
        // A negative INTEGER is not a key component.
        assert_eq!(Der::new(&[0x02, 0x01, 0xFF]).uint(), None);
    }

    #[test]
    fn crc24_matches_the_rfc_definition() {
        // Empty input leaves the initial value.
        assert_eq!(crc24(b""), 0xB704CE);
        // Any change to the data changes the checksum.
        assert_ne!(crc24(b"hush"), crc24(b"hisH"));
    }
}
