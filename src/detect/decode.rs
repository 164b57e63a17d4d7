//! Finding encoded text worth decoding, and decoding it with a map back to the encoded bytes.
//!
//! Secrets hide in base64 (Kubernetes Secret `data:`, `Authorization: Basic`, Docker `auth`, encoded
//! `.env` files), percent-encoded URLs and backslash escapes (JSON `\u0067`, `\/`, shell `\x41`). The
//! detector decodes candidates from here and scans the result with the same rules.
//!
//! Everything is bounded and cheap on the common path:
//! - candidates come from one byte-class pass (base64 runs of at least [`MIN_BASE64`] characters
//!   with both upper- and lower-case letters) and `memchr` for `%` and `\`;
//! - decoding stops at the first bytes that are not text, so hashes, images, fonts, DER bodies and
//!   minified identifiers cost a few dozen bytes of work each;
//! - each candidate decodes to at most [`MAX_DECODED`] bytes, and percent and escape runs reach at
//!   most [`MAX_REACH`] bytes from the escape that found them.

use std::ops::Range;

/// Shortest base64 run worth decoding: 24 characters are 18 bytes, enough for prefixed tokens,
/// `user:token` pairs and 16-character passwords. (Each step down costs decoding time: 20 would
/// double the candidates in source code.)
pub const MIN_BASE64: usize = 24;
/// Largest output of one decoding.
pub const MAX_DECODED: usize = 1 << 20;
/// How far a percent or escape run extends either side of the escape that found it.
pub const MAX_REACH: usize = 4096;
/// How many bytes are checked before the first verdict on a base64 run.
const FIRST_CHECK: usize = 24;

/// An encoding the detector can undo.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Base64,
    /// Percent-encoding (`%40`), as in URLs and form data.
    Url,
    /// Backslash escapes of JSON, JavaScript, C and shells (`\u0041`, `\x41`, `\/`).
    Escapes,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Base64 => "base64",
            Encoding::Url => "url",
            Encoding::Escapes => "escapes",
        }
    }
}

/// A span of text that may decode to something worth scanning.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub span: Range<usize>,
    pub encoding: Encoding,
}

/// Decoded bytes, and for each byte the range of encoded bytes it came from.
#[derive(Debug, Default)]
pub struct Decoded {
    pub bytes: Vec<u8>,
    pub src: Vec<(u32, u32)>,
}

impl Decoded {
    /// The encoded range that produced decoded bytes `r` (non-empty).
    pub fn source_of(&self, r: Range<usize>) -> Range<usize> {
        self.src[r.start].0 as usize..self.src[r.end - 1].1 as usize
    }

    fn push(&mut self, b: u8, from: usize, to: usize) {
        self.bytes.push(b);
        self.src.push((from as u32, to as u32));
    }
}

// Byte classes for the base64 scan.
const B64: u8 = 1;
const UPPER: u8 = 2;
const LOWER: u8 = 4;

const CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        t[c] = if b.is_ascii_uppercase() {
            B64 | UPPER
        } else if b.is_ascii_lowercase() {
            B64 | LOWER
        } else if b.is_ascii_digit() || matches!(b, b'+' | b'/' | b'-' | b'_') {
            B64
        } else {
            0
        };
        c += 1;
    }
    t
};

/// Every candidate starting at or after `from`, in no particular order.
pub fn candidates(text: &[u8], from: usize, out: &mut Vec<Candidate>) {
    Candidates::new(from).next_batch(text, text.len(), out);
}

/// A search for candidates that goes a stretch of text at a time, so that a blob's candidates need
/// not all be held at once (a file of `%41 %41 ...` has one every 4 bytes): where each kind's search
/// has got to.
#[derive(Debug)]
pub struct Candidates {
    from: usize,
    base64: usize,
    percent: usize,
    escapes: usize,
}

impl Candidates {
    /// A search for the candidates starting at or after `from`.
    pub fn new(from: usize) -> Candidates {
        Candidates {
            from,
            base64: from,
            percent: from,
            escapes: from,
        }
    }

    /// Appends, in no particular order, the next candidates: each kind's search goes on until the
    /// next one it finds would start at or after `until` (a base64 run found just before may start
    /// a little after it). Successive calls find each candidate that one call up to the end would,
    /// once.
    pub fn next_batch(&mut self, text: &[u8], until: usize, out: &mut Vec<Candidate>) {
        if text.len() > u32::MAX as usize {
            return; // offsets are kept as u32
        }
        base64_runs(text, &mut self.base64, until, out);
        escape_runs(
            text,
            self.from,
            &mut self.percent,
            until,
            b'%',
            Encoding::Url,
            out,
        );
        escape_runs(
            text,
            self.from,
            &mut self.escapes,
            until,
            b'\\',
            Encoding::Escapes,
            out,
        );
    }
}

/// Maximal runs of base64 characters (either alphabet) with optional `=` padding. A run that fills a
/// whole wrapped line (a multiple of 4, at least 40 characters) continues on the next line, after
/// any indentation, as `base64` and PEM-style tools wrap their output.
///
/// Searches on from `*at` for runs that start before `until` (a run found to start at or after it is
/// left for the next call: `*at` is left at its start).
fn base64_runs(text: &[u8], at: &mut usize, until: usize, out: &mut Vec<Candidate>) {
    let n = text.len();
    let mut i = *at;
    while i < until {
        let Some(start) = next_long_run(text, i) else {
            i = n;
            break;
        };
        if start >= until {
            i = start;
            break;
        }
        let mut seen = 0u8;
        let mut j = start;
        let end = loop {
            let seg = j;
            while j < n && CLASS[text[j] as usize] & B64 != 0 {
                seen |= CLASS[text[j] as usize];
                j += 1;
            }
            let seg_len = j - seg;
            let mut k = j;
            while k < n && k - j < 2 && text[k] == b'=' {
                k += 1;
            }
            if k == j && seg_len >= 40 && seg_len % 4 == 0 {
                let mut m = k;
                if m < n && text[m] == b'\r' {
                    m += 1;
                }
                if m < n && text[m] == b'\n' {
                    m += 1;
                    while m < n && matches!(text[m], b' ' | b'\t') {
                        m += 1;
                    }
                    if m < n && CLASS[text[m] as usize] & B64 != 0 {
                        j = m;
                        continue;
                    }
                }
            }
            break k;
        };
        if seen & UPPER != 0 && seen & LOWER != 0 {
            out.push(Candidate {
                span: start..end,
                encoding: Encoding::Base64,
            });
        }
        i = end.max(start + 1);
    }
    *at = i;
}

/// Whether `b` is a base64 character (either alphabet), as arithmetic the compiler turns into vector
/// compares (a table lookup per byte would not vectorise).
#[inline(always)]
fn is_b64(b: u8) -> bool {
    b.wrapping_sub(b'0') < 10
        || (b | 0x20).wrapping_sub(b'a') < 26
        || b == b'+'
        || b == b'/'
        || b == b'-'
        || b == b'_'
}

/// One bit per byte of `block` (at most 64 bytes): set where the byte is a base64 character. A
/// whole block is classified into 0/1 bytes first (a loop the compiler vectorises), then each 8 of
/// them are gathered into 8 bits by one multiplication.
#[inline(always)]
fn b64_mask(block: &[u8]) -> u64 {
    match <&[u8; 64]>::try_from(block) {
        Ok(whole) => {
            let mut flags = [0u8; 64];
            for (f, &b) in flags.iter_mut().zip(whole) {
                *f = u8::from(is_b64(b));
            }
            let mut m = 0u64;
            for (k, eight) in flags.chunks_exact(8).enumerate() {
                let w = u64::from_le_bytes(eight.try_into().expect("8 bytes"));
                // Byte j (0 or 1) of `w` lands on bit 56 + j of the product.
                m |= (w.wrapping_mul(0x0102_0408_1020_4080) >> 56) << (8 * k);
            }
            m
        }
        Err(_) => block
            .iter()
            .enumerate()
            .fold(0u64, |m, (k, &b)| m | (u64::from(is_b64(b)) << k)),
    }
}

/// The first `s >= from` such that `text[s..s + MIN_BASE64]` are all base64 characters (so `s` is
/// `from` or the start of a run). A word-at-a-time search: 64 bytes are classified into a bit mask
/// at once, and runs of `MIN_BASE64` set bits are found with shifts, without a branch per byte (a
/// byte-at-a-time search mispredicted on source code, where most bytes are letters); a probe a run
/// would have to cover skips stretches that cannot hold one.
fn next_long_run(text: &[u8], from: usize) -> Option<usize> {
    // Base64 characters just before the current block, counted from `from`.
    let mut carry: usize = 0;
    let mut b = from;
    while b < text.len() {
        if carry == 0 {
            // No run coming in: one probe rules out a run starting in the next MIN_BASE64 bytes
            // (it would cover the probe), as in prose, markup and binaries most probes do.
            match text.get(b + MIN_BASE64 - 1) {
                None => return None,
                Some(&p) if !is_b64(p) => {
                    b += MIN_BASE64;
                    continue;
                }
                Some(_) => {}
            }
        }
        let block = &text[b..(b + 64).min(text.len())];
        let len = block.len() as u32;
        let m = b64_mask(block);
        // A run coming in from the previous block.
        if carry > 0 && carry + m.trailing_ones() as usize >= MIN_BASE64 {
            return Some(b - carry);
        }
        // Runs of MIN_BASE64 (24) set bits starting in this block: s[k] is set when bits k..k + t are.
        let s2 = m & (m >> 1);
        let s4 = s2 & (s2 >> 2);
        let s8 = s4 & (s4 >> 4);
        let s16 = s8 & (s8 >> 8);
        let s24 = s16 & (s8 >> 16);
        if s24 != 0 {
            return Some(b + s24.trailing_zeros() as usize);
        }
        // The run that reaches this block's end, carried into the next.
        let valid = if len == 64 {
            u64::MAX
        } else {
            (1u64 << len) - 1
        };
        let zeros = !m & valid;
        carry = if zeros == 0 {
            carry + len as usize
        } else {
            (len - 1 - (63 - zeros.leading_zeros())) as usize
        };
        b += len as usize;
    }
    None
}

fn is_hex(b: u8) -> bool {
    b.is_ascii_hexdigit()
}

/// Does an escape that changes the text start at `p` (`text[p]` is the escape character)?
fn escape_at(text: &[u8], p: usize, esc: u8) -> bool {
    let at = |i: usize| text.get(p + i).copied().unwrap_or(0);
    if esc == b'%' {
        return is_hex(at(1)) && is_hex(at(2));
    }
    match at(1) {
        b'u' => (2..6).all(|i| is_hex(at(i))),
        b'x' => is_hex(at(2)) && is_hex(at(3)),
        b'/' => true,
        // `\\n`: a line break escaped twice, as in JSON stored inside a JSON string.
        b'\\' => at(2) == b'n',
        _ => false,
    }
}

/// Bytes that end a percent-encoded run: whitespace, quotes and brackets around URLs.
fn ends_url(b: u8) -> bool {
    b <= b' ' || b >= 0x7f || matches!(b, b'"' | b'\'' | b'<' | b'>' | b'`' | b'\\' | b'(' | b')')
}

/// Bytes that end an escaped string: an unescaped quote or a line break.
fn ends_string(b: u8) -> bool {
    matches!(b, b'"' | b'\'' | b'\n' | b'\r')
}

/// Runs around each escape (`%XX`, or `\u`/`\x`/`\/`): for percent-encoding the surrounding
/// URL-like run, for backslash escapes the surrounding string on its line. Searches on from `*at`
/// until the next escape is at or after `until` (where it leaves `*at`); no run reaches back before
/// `from`.
fn escape_runs(
    text: &[u8],
    from: usize,
    at: &mut usize,
    until: usize,
    esc: u8,
    encoding: Encoding,
    out: &mut Vec<Candidate>,
) {
    let n = text.len();
    let mut pos = *at;
    loop {
        let Some(off) = memchr::memchr(esc, &text[pos..]) else {
            pos = n;
            break;
        };
        let p = pos + off;
        if p >= until {
            pos = p;
            break;
        }
        if !escape_at(text, p, esc) {
            pos = p + 1;
            continue;
        }
        let ends: fn(u8) -> bool = if esc == b'%' { ends_url } else { ends_string };
        let floor = p.saturating_sub(MAX_REACH).max(from);
        let mut lo = p;
        loop {
            while lo > floor && !ends(text[lo - 1]) {
                lo -= 1;
            }
            // An escaped quote (`\"`) is inside the string: keep going left past it.
            if esc == b'\\'
                && lo >= floor + 2
                && matches!(text[lo - 1], b'"' | b'\'')
                && text[lo - 2] == b'\\'
            {
                lo -= 2;
                continue;
            }
            break;
        }
        let ceil = (p + MAX_REACH).min(n);
        let mut hi = p;
        while hi < ceil {
            if esc == b'\\' && text[hi] == b'\\' {
                hi += 2; // an escape: the next byte, even a quote, belongs to the string
            } else if ends(text[hi]) {
                break;
            } else {
                hi += 1;
            }
        }
        let hi = hi.min(n);
        out.push(Candidate {
            span: lo..hi,
            encoding,
        });
        pos = hi.max(p + 1);
    }
    *at = pos;
}

/// Control characters other than tab, line feed, form feed and carriage return.
fn is_control(b: u8) -> bool {
    (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)) || b == 0x7f
}

/// Decoded bytes count as text when they hold no control characters and are UTF-8 (a sequence cut
/// at the very end, by the size cap, is allowed).
pub fn is_text(bytes: &[u8]) -> bool {
    if bytes.iter().any(|&b| is_control(b)) {
        return false;
    }
    match std::str::from_utf8(bytes) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none(),
    }
}

/// Decodes one candidate. `None` when it does not decode to text that differs from the input.
pub fn decode(text: &[u8], c: &Candidate) -> Option<Decoded> {
    let out = match c.encoding {
        Encoding::Base64 => base64(text, c.span.clone())?,
        Encoding::Url => percent(text, c.span.clone())?,
        Encoding::Escapes => escapes(text, c.span.clone())?,
    };
    (!out.bytes.is_empty() && is_text(&out.bytes)).then_some(out)
}

fn b64_value(b: u8) -> Option<u32> {
    Some(match b {
        b'A'..=b'Z' => b - b'A',
        b'a'..=b'z' => b - b'a' + 26,
        b'0'..=b'9' => b - b'0' + 52,
        b'+' | b'-' => 62,
        b'/' | b'_' => 63,
        _ => return None,
    } as u32)
}

/// Base64 of either alphabet; whitespace inside (wrapped lines) is skipped. Gives up as soon as the
/// output stops looking like text.
fn base64(text: &[u8], span: Range<usize>) -> Option<Decoded> {
    let mut out = Decoded::default();
    let mut acc: u32 = 0;
    let mut held = 0;
    let mut pos = [0usize; 4];
    let mut checked = 0;
    for i in span {
        let b = text[i];
        if matches!(b, b'\n' | b'\r' | b' ' | b'\t') {
            continue;
        }
        if b == b'=' {
            break;
        }
        acc = (acc << 6) | b64_value(b)?;
        pos[held] = i;
        held += 1;
        if held == 4 {
            // Each output byte is spread over two input characters.
            out.push((acc >> 16) as u8, pos[0], pos[1] + 1);
            out.push((acc >> 8) as u8, pos[1], pos[2] + 1);
            out.push(acc as u8, pos[2], pos[3] + 1);
            held = 0;
            acc = 0;
            if out.bytes.len() >= checked + FIRST_CHECK {
                if out.bytes[checked..].iter().any(|&b| is_control(b)) {
                    return None;
                }
                checked = out.bytes.len();
            }
            if out.bytes.len() >= MAX_DECODED {
                return Some(out);
            }
        }
    }
    match held {
        2 => out.push((acc >> 4) as u8, pos[0], pos[1] + 1),
        3 => {
            out.push((acc >> 10) as u8, pos[0], pos[1] + 1);
            out.push((acc >> 2) as u8, pos[1], pos[2] + 1);
        }
        _ => {}
    }
    Some(out)
}

fn hex_value(b: u8) -> u32 {
    (b as char).to_digit(16).unwrap_or(0)
}

fn percent(text: &[u8], span: Range<usize>) -> Option<Decoded> {
    let mut out = Decoded::default();
    let mut changed = false;
    let mut i = span.start;
    while i < span.end && out.bytes.len() < MAX_DECODED {
        if text[i] == b'%' && i + 3 <= span.end && escape_at(text, i, b'%') {
            let v = hex_value(text[i + 1]) << 4 | hex_value(text[i + 2]);
            out.push(v as u8, i, i + 3);
            changed = true;
            i += 3;
        } else {
            out.push(text[i], i, i + 1);
            i += 1;
        }
    }
    changed.then_some(out)
}

/// Pushes a Unicode scalar as UTF-8, every byte mapped to the escape's whole range.
fn push_char(out: &mut Decoded, c: char, from: usize, to: usize) {
    let mut buf = [0u8; 4];
    for &b in c.encode_utf8(&mut buf).as_bytes() {
        out.push(b, from, to);
    }
}

fn hex_at(text: &[u8], at: usize, digits: usize) -> Option<u32> {
    let s = text.get(at..at + digits)?;
    s.iter()
        .all(|&b| is_hex(b))
        .then(|| s.iter().fold(0, |a, &b| (a << 4) | hex_value(b)))
}

/// JSON, JavaScript, C and shell escapes: `\uXXXX` (with surrogate pairs), `\xHH`, `\/`, `\\`,
/// `\"`, `\'`, `\n`, `\t`, `\r`. Any other backslash is kept as written.
fn escapes(text: &[u8], span: Range<usize>) -> Option<Decoded> {
    let mut out = Decoded::default();
    let mut changed = false;
    let mut i = span.start;
    let end = span.end;
    while i < end && out.bytes.len() < MAX_DECODED {
        if text[i] != b'\\' || i + 1 >= end {
            out.push(text[i], i, i + 1);
            i += 1;
            continue;
        }
        let (decoded, used): (Option<char>, usize) = match text[i + 1] {
            b'u' => match hex_at(text, i + 2, 4) {
                Some(hi @ 0xD800..=0xDBFF) => {
                    let lo = (text.get(i + 6) == Some(&b'\\') && text.get(i + 7) == Some(&b'u'))
                        .then(|| hex_at(text, i + 8, 4))
                        .flatten()
                        .filter(|lo| (0xDC00..=0xDFFF).contains(lo));
                    match lo {
                        Some(lo) => (
                            char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)),
                            12,
                        ),
                        None => (None, 0),
                    }
                }
                Some(v) => (char::from_u32(v), 6),
                None => (None, 0),
            },
            b'x' => match hex_at(text, i + 2, 2) {
                Some(v) => {
                    // A raw byte: may be part of a UTF-8 sequence spelled out byte by byte.
                    out.push(v as u8, i, i + 4);
                    changed = true;
                    i += 4;
                    continue;
                }
                None => (None, 0),
            },
            b'/' => (Some('/'), 2),
            b'\\' => (Some('\\'), 2),
            b'"' => (Some('"'), 2),
            b'\'' => (Some('\''), 2),
            b'n' => (Some('\n'), 2),
            b't' => (Some('\t'), 2),
            b'r' => (Some('\r'), 2),
            _ => (None, 0),
        };
        match decoded {
            Some(c) if used > 0 && i + used <= end => {
                push_char(&mut out, c, i, i + used);
                changed = true;
                i += used;
            }
            _ => {
                out.push(text[i], i, i + 1);
                i += 1;
            }
        }
    }
    changed.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cands(text: &str) -> Vec<(Encoding, String)> {
        let mut out = Vec::new();
        candidates(text.as_bytes(), 0, &mut out);
        out.into_iter()
            .map(|c| (c.encoding, text[c.span].to_string()))
            .collect()
    }

    fn decoded(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        candidates(text.as_bytes(), 0, &mut out);
        out.iter()
            .filter_map(|c| decode(text.as_bytes(), c))
            .map(|d| String::from_utf8(d.bytes).unwrap())
            .collect()
    }

    /// The word-at-a-time search finds the same first long run as a byte-at-a-time one, wherever
    /// runs and block boundaries fall.
    #[test]
    fn long_runs_are_found_as_a_byte_scan_finds_them() {
        let naive = |t: &[u8], from: usize| {
            (from..t.len().saturating_sub(MIN_BASE64 - 1)).find(|&s| {
                t[s..s + MIN_BASE64]
                    .iter()
                    .all(|&b| CLASS[b as usize] & B64 != 0)
            })
        };
        for b in 0..=255u8 {
            assert_eq!(is_b64(b), CLASS[b as usize] & B64 != 0, "{b}");
        }
        let mut x: u64 = 99;
        for round in 0..3000 {
            let len = (round % 300) + 1;
            // Runs of letters of random lengths around 24, broken by a space or a dot.
            let mut t = Vec::with_capacity(len);
            while t.len() < len {
                x = x
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                let run = (x >> 40) as usize % 40;
                t.extend(std::iter::repeat_n(b'a' + (x >> 20) as u8 % 26, run));
                t.push(if x & 1 == 0 { b' ' } else { b'.' });
            }
            t.truncate(len);
            for from in [0, 1, 23, 24, 63, 64, 65, len / 2] {
                let from = from.min(len);
                assert_eq!(
                    next_long_run(&t, from),
                    naive(&t, from),
                    "round {round} from {from}"
                );
            }
        }
    }

    #[test]
    fn base64_runs_need_length_and_mixed_case() {
        let text =
            "a: dXNlcjpwYXNzd29yZDEyMzQ1Ng== b: c2hvcnQ= c: some_snake_case_identifier_here x";
        assert_eq!(
            cands(text),
            vec![(Encoding::Base64, "dXNlcjpwYXNzd29yZDEyMzQ1Ng==".to_string())]
        );
        assert_eq!(decoded(text), vec!["user:password123456"]);
    }

    #[test]
    fn wrapped_base64_is_one_candidate() {
        let plain =
            "DATABASE_URL=postgres://app:Zq8vL3nW9xR2@db.internal:5432/app\nAPI_MODE=live\n";
        let b64 = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, plain);
        let wrapped: Vec<&str> = b64
            .as_bytes()
            .chunks(76)
            .map(|c| std::str::from_utf8(c).unwrap())
            .collect();
        let text = format!("blob: |\n    {}\n", wrapped.join("\n    "));
        assert_eq!(decoded(&text), vec![plain]);
    }

    #[test]
    fn binary_and_hashes_are_rejected() {
        // A lockfile integrity hash, a PNG data URI, a hex digest, a DER certificate line.
        for text in [
            "integrity sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg==",
            "url(data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==)",
            "MIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJ",
        ] {
            assert_eq!(decoded(text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn percent_and_escapes() {
        assert_eq!(
            decoded("redirect=mongodb%3A%2F%2Fadmin%3As3cret%40db.example.com%2Fapp end"),
            vec!["redirect=mongodb://admin:s3cret@db.example.com/app"]
        );
        assert_eq!(
            decoded(r#"{"url": "postgres:\/\/admin:hunter2@db\/app", "k": "\u0067hp_\x41"}"#),
            vec![
                "postgres://admin:hunter2@db/app".to_string(),
                "ghp_A".to_string()
            ]
        );
        // printf formats decode to control characters: not text.
        assert_eq!(decoded(r#"printf("%02x%02x", a, b)"#), Vec::<String>::new());
        // Surrogate pairs.
        assert_eq!(decoded(r#""\ud83d\udd11 key\/""#), vec!["🔑 key/"]);
    }

    #[test]
    fn maps_point_back_to_the_encoded_bytes() {
        let text = "x = \"sk\\u005flive\"";
        let mut c = Vec::new();
        candidates(text.as_bytes(), 0, &mut c);
        let d = decode(text.as_bytes(), &c[0]).unwrap();
        assert_eq!(d.bytes, b"sk_live");
        // "_" came from the six bytes of \u005f.
        assert_eq!(&text[d.source_of(2..3)], "\\u005f");
        assert_eq!(&text[d.source_of(0..7)], "sk\\u005flive");
        // Base64: the bytes of "pass" in "user:pass" map inside the encoded run.
        let text = "auth: dXNlcjpwYXNzd29yZDEyMzQ1Ng==";
        let mut c = Vec::new();
        candidates(text.as_bytes(), 0, &mut c);
        let d = decode(text.as_bytes(), &c[0]).unwrap();
        assert_eq!(d.bytes, b"user:password123456");
        let r = d.source_of(5..19);
        assert!(r.start >= 6 && r.end <= text.len() - 2, "{r:?}");
    }

    #[test]
    fn batches_find_each_candidate_once() {
        let mut text = String::new();
        let mut x: u64 = 3;
        let pieces = [
            "dXNlcjpwYXNzd29yZDEyMzQ1Ng== ",
            "a=%41%42 ",
            "\"\\u0041\\/x\" ",
            "\n",
            "plain ",
            "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZn",
        ];
        while text.len() < 20_000 {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            text.push_str(pieces[(x >> 33) as usize % pieces.len()]);
        }
        let key = |c: &Candidate| (c.span.start, c.span.end, c.encoding.name());
        for from in [0, 17] {
            let mut want = Vec::new();
            candidates(text.as_bytes(), from, &mut want);
            want.sort_by_key(key);
            assert!(want.len() > 300);
            for step in [1, 10, 333, 4096] {
                let mut got = Vec::new();
                let mut search = Candidates::new(from);
                let mut until = from;
                while until < text.len() {
                    until = (until + step).min(text.len());
                    search.next_batch(text.as_bytes(), until, &mut got);
                }
                got.sort_by_key(key);
                assert_eq!(got, want, "from {from}, step {step}");
            }
        }
    }

    #[test]
    fn huge_lines_stay_bounded() {
        // 10 MB of base64 of random-looking bytes: rejected after the first check.
        let junk: String = (0..10_000_000u32)
            .map(|i| b"Ab9+/Zq"[(i.wrapping_mul(2_654_435_761) >> 29) as usize % 7] as char)
            .collect();
        let mut c = Vec::new();
        candidates(junk.as_bytes(), 0, &mut c);
        assert_eq!(c.len(), 1);
        assert!(decode(junk.as_bytes(), &c[0]).is_none());
        // 10 MB of escapes: every run is at most 2 * MAX_REACH long.
        let esc = "\\u0041".repeat(1_700_000);
        let mut c = Vec::new();
        candidates(esc.as_bytes(), 0, &mut c);
        assert!(c.iter().all(|c| c.span.len() <= 2 * MAX_REACH + 8));
    }
}
