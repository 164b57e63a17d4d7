//! Loading a file's bytes (read into memory, never blocking on a special file); sniffing what they
//! are (UTF-8, UTF-16/32 with or without a byte-order mark, Windows-1252, binary, a media format);
//! transcoding to UTF-8, and reducing a binary to its printable runs, so that secrets in any of
//! them are found too.

use std::fs::OpenOptions;
use std::io::{self, Read};
use std::path::Path;

/// How much of the start of a file is sniffed for NUL bytes and encodings.
const SNIFF: usize = 8192;

/// What kind of bytes a blob holds, and so how it is scanned.
#[derive(Debug, PartialEq, Eq)]
pub enum Kind {
    /// UTF-8 (or ASCII): scanned as it is.
    Text,
    /// UTF-16 or UTF-32, with or without a byte-order mark: transcoded to UTF-8 first.
    Utf16Le,
    Utf16Be,
    Utf32Le,
    Utf32Be,
    /// Not UTF-8 and no NUL byte: read as Windows-1252 (a superset of Latin-1's printable range).
    Latin1,
    /// Other binary content: its printable runs are scanned ([`printable_runs`]).
    Binary,
    /// A media or font format known to hold nothing worth scanning (by its signature): skipped.
    Media(&'static str),
}

/// The kind of `bytes`: a byte-order mark first, then known media signatures, then NUL patterns in
/// the first 8 KiB (UTF-32 and UTF-16 without a mark, then binary), then UTF-8 validity.
pub fn sniff(bytes: &[u8]) -> Kind {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return Kind::Text;
    }
    if bytes.starts_with(&[0xFF, 0xFE, 0, 0]) {
        return Kind::Utf32Le;
    }
    if bytes.starts_with(&[0, 0, 0xFE, 0xFF]) {
        return Kind::Utf32Be;
    }
    if bytes.starts_with(&[0xFF, 0xFE]) {
        return Kind::Utf16Le;
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        return Kind::Utf16Be;
    }
    if let Some(name) = media(bytes) {
        return Kind::Media(name);
    }
    let head = &bytes[..bytes.len().min(SNIFF)];
    if memchr::memchr(0, head).is_none() {
        return match std::str::from_utf8(bytes) {
            Ok(_) => Kind::Text,
            // Cut short inside a character (a read capped at the limit): still UTF-8.
            Err(e) if e.error_len().is_none() => Kind::Text,
            Err(_) => Kind::Latin1,
        };
    }
    if let Some(kind) = wide_text(head) {
        return kind;
    }
    Kind::Binary
}

/// Signatures of formats that hold pixels, sound, video or glyphs, and no text worth scanning.
/// The magic numbers are the formats' own: PNG (https://www.w3.org/TR/png-3/#3PNGsignature), JPEG
/// SOI marker, GIF87a/89a, RIFF/WEBP, ID3v2 and MPEG audio frame sync, ISO BMFF `ftyp` (MP4), OggS,
/// WOFF/WOFF2 (https://www.w3.org/TR/WOFF2/#woff20Header), sfnt versions of TrueType and OpenType
/// (https://learn.microsoft.com/en-us/typography/opentype/spec/otff#organization-of-an-opentype-font).
pub fn media(b: &[u8]) -> Option<&'static str> {
    let at = |i: usize, sig: &[u8]| b.get(i..i + sig.len()) == Some(sig);
    // PNG's signature is 8 bytes; its first 4 (0x89 is no text's first byte) are enough.
    if at(0, b"\x89PNG") {
        Some("a PNG image")
    } else if at(0, &[0xFF, 0xD8, 0xFF]) {
        Some("a JPEG image")
    } else if at(0, b"GIF87a") || at(0, b"GIF89a") {
        Some("a GIF image")
    } else if at(0, b"RIFF") && at(8, b"WEBP") {
        Some("a WebP image")
    } else if at(0, b"ID3") || (b.len() > 2 && b[0] == 0xFF && matches!(b[1], 0xFB | 0xF3 | 0xF2)) {
        Some("MP3 audio")
    } else if at(4, b"ftyp") {
        Some("an MP4 (ISO media) file")
    } else if at(0, b"OggS") {
        Some("an Ogg file")
    } else if at(0, b"wOFF") || at(0, b"wOF2") {
        Some("a WOFF font")
    } else if (at(0, &[0, 1, 0, 0]) || at(0, b"OTTO") || at(0, b"true")) && at(4, &[0]) {
        Some("a TrueType/OpenType font")
    } else {
        None
    }
}

/// UTF-32 or UTF-16 without a byte-order mark, told by where the NUL bytes fall: in text of mostly
/// Latin characters every UTF-32 unit has two high zero bytes and most UTF-16 units one. The units
/// must also look like text (no NUL characters, few control characters), so that an array of small
/// integers in a binary is not read as text.
fn wide_text(head: &[u8]) -> Option<Kind> {
    let texty = |c: u32| c >= 0x20 || c == 9 || c == 10 || c == 13;
    let units32 = head.len() / 4;
    if units32 >= 2 {
        for le in [true, false] {
            let cps = head.chunks_exact(4).map(|c| {
                if le {
                    u32::from_le_bytes([c[0], c[1], c[2], c[3]])
                } else {
                    u32::from_be_bytes([c[0], c[1], c[2], c[3]])
                }
            });
            let (mut ok, mut good) = (true, 0usize);
            for c in cps {
                if c == 0 || c > 0x10FFFF {
                    ok = false;
                    break;
                }
                good += usize::from(texty(c));
            }
            if ok && good * 10 >= units32 * 9 {
                return Some(if le { Kind::Utf32Le } else { Kind::Utf32Be });
            }
        }
    }
    let units = head.len() / 2;
    if units >= 2 {
        let (mut zero_lo, mut zero_hi, mut good) = (0usize, 0usize, 0usize);
        for c in head.chunks_exact(2) {
            if c[0] == 0 && c[1] == 0 {
                return None;
            }
            zero_lo += usize::from(c[0] == 0);
            zero_hi += usize::from(c[1] == 0);
            let le = u32::from(u16::from_le_bytes([c[0], c[1]]));
            let be = u32::from(u16::from_be_bytes([c[0], c[1]]));
            good += usize::from(if zero_hi >= zero_lo {
                texty(le)
            } else {
                texty(be)
            });
        }
        if good * 10 < units * 9 {
            return None;
        }
        if zero_hi * 10 >= units * 7 && zero_lo * 10 <= units {
            return Some(Kind::Utf16Le);
        }
        if zero_lo * 10 >= units * 7 && zero_hi * 10 <= units {
            return Some(Kind::Utf16Be);
        }
    }
    None
}

/// The UTF-8 text to scan for content of this kind (`None` for [`Kind::Text`], scanned as it is,
/// and for media, not scanned). Offsets in the result are those of the decoded text, so lines and
/// columns are reported in it.
pub fn decode(bytes: &[u8], kind: &Kind) -> Option<Vec<u8>> {
    match kind {
        Kind::Text | Kind::Media(_) => None,
        Kind::Utf16Le => Some(utf16_to_utf8(bytes, true)),
        Kind::Utf16Be => Some(utf16_to_utf8(bytes, false)),
        Kind::Utf32Le => Some(utf32_to_utf8(bytes, true)),
        Kind::Utf32Be => Some(utf32_to_utf8(bytes, false)),
        Kind::Latin1 => Some(windows_1252_to_utf8(bytes)),
        Kind::Binary => Some(printable_runs(bytes)),
    }
}

/// The fewest printable characters a run of a binary needs to be scanned (as `strings` does, with
/// a longer minimum: no credential is shorter).
pub const MIN_RUN: usize = 8;

/// A binary, reduced to what `strings` would show, at the same offsets: runs of at least
/// [`MIN_RUN`] printable ASCII bytes (and tabs) are kept where they are; runs of as many UTF-16LE
/// characters (printable ASCII, each followed by a zero byte, as Windows binaries store strings)
/// are written as ASCII at the start of their span; newlines stay; every other byte becomes NUL,
/// which no rule matches across. The rules then run on the result as on text, and a finding's line
/// and column count the binary's own newlines.
pub fn printable_runs(bytes: &[u8]) -> Vec<u8> {
    // Written to run without a hard-to-predict branch per byte: in a binary, printable and other
    // bytes alternate at random, and a branch on each cost 40% of a scan of a build directory.
    let n = bytes.len();
    let mut out = vec![0u8; n];
    // ASCII runs: a byte is kept once its run is long enough; the first bytes of a run are filled in
    // when it gets there.
    let mut run = 0usize;
    for (i, &b) in bytes.iter().enumerate() {
        // Arithmetic, not a branch: the compiler keeps it branch-free.
        run = (run + 1) * usize::from(PRINTABLE[usize::from(b)]);
        if run == MIN_RUN {
            let s = i + 1 - MIN_RUN;
            out[s..i].copy_from_slice(&bytes[s..i]);
        }
        out[i] = if run >= MIN_RUN || b == b'\n' { b } else { 0 };
    }
    // UTF-16LE runs, at either alignment: each character is written at `start + its index`.
    for align in 0..2 {
        let mut run = 0usize;
        let mut k = align;
        while k + 1 < n {
            let ok = PRINTABLE[usize::from(bytes[k])] & (bytes[k + 1] == 0);
            run = (run + 1) * usize::from(ok);
            if run >= MIN_RUN {
                let start = k + 2 - 2 * run;
                if run == MIN_RUN {
                    for c in 0..MIN_RUN {
                        out[start + c] = bytes[start + 2 * c];
                    }
                } else {
                    out[start + run - 1] = bytes[k];
                }
            }
            k += 2;
        }
    }
    out
}

/// Printable ASCII and the tab: what a run of [`printable_runs`] is made of.
static PRINTABLE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0x20;
    while b < 0x7F {
        t[b] = true;
        b += 1;
    }
    t[b'\t' as usize] = true;
    t
};

/// Windows-1252 to UTF-8: the bytes 0x80-0x9F by the WHATWG index
/// (https://encoding.spec.whatwg.org/index-windows-1252.txt; its five unassigned bytes map to the
/// C1 controls of the same value, as the WHATWG decoder does), every other byte to the code point of
/// the same value (Latin-1).
pub fn windows_1252_to_utf8(bytes: &[u8]) -> Vec<u8> {
    const HIGH: [u16; 32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
        0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ];
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 8);
    for &b in bytes {
        let c = match b {
            0x80..=0x9F => u32::from(HIGH[usize::from(b - 0x80)]),
            _ => u32::from(b),
        };
        out.push(char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER));
    }
    out.into_bytes()
}

/// A Git LFS pointer file: a reference to content kept in LFS storage, not content of its own. Only
/// what the spec allows counts, so that a file that merely starts like a pointer is still scanned:
/// the version line, then `ext-N-name sha256:<64 hex>` lines, `oid sha256:<64 hex>` and `size
/// <digits>`, in that (alphabetical) order, each ending in a newline, under 1024 bytes in all.
/// See: https://github.com/git-lfs/git-lfs/blob/main/docs/spec.md
pub fn is_lfs_pointer(bytes: &[u8]) -> bool {
    const VERSION: &[u8] = b"version https://git-lfs.github.com/spec/v1\n";
    if bytes.len() >= 1024 || !bytes.starts_with(VERSION) || !bytes.ends_with(b"\n") {
        return false;
    }
    let is_hash = |v: &[u8]| {
        v.strip_prefix(b"sha256:").is_some_and(|h| {
            h.len() == 64 && h.iter().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        })
    };
    let lines = bytes[VERSION.len()..bytes.len() - 1].split(|&b| b == b'\n');
    // 0: extensions may come; 1: after the oid; 2: after the size (nothing more).
    let mut stage = 0;
    for line in lines {
        let Some(space) = line.iter().position(|&b| b == b' ') else {
            return false;
        };
        let (key, value) = (&line[..space], &line[space + 1..]);
        match (stage, key) {
            (0, b"oid") if is_hash(value) => stage = 1,
            (1, b"size")
                if !value.is_empty()
                    && value.len() <= 20
                    && value.iter().all(u8::is_ascii_digit) =>
            {
                stage = 2
            }
            (0, k) if is_extension(k) && is_hash(value) => {}
            _ => return false,
        }
    }
    stage == 2
}

/// `ext-<digit>-<name>`: a pointer extension's key.
fn is_extension(key: &[u8]) -> bool {
    key.strip_prefix(b"ext-").is_some_and(|rest| {
        rest.len() > 2
            && rest[0].is_ascii_digit()
            && rest[1] == b'-'
            && rest[2..]
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_')
    })
}

/// UTF-16 to UTF-8, without its byte-order mark if it has one (lossy: unpaired surrogates become
/// U+FFFD).
pub fn utf16_to_utf8(bytes: &[u8], little_endian: bool) -> Vec<u8> {
    let bom: &[u8] = if little_endian {
        &[0xFF, 0xFE]
    } else {
        &[0xFE, 0xFF]
    };
    let body = bytes.strip_prefix(bom).unwrap_or(bytes);
    let units = body.chunks_exact(2).map(|c| {
        if little_endian {
            u16::from_le_bytes([c[0], c[1]])
        } else {
            u16::from_be_bytes([c[0], c[1]])
        }
    });
    char::decode_utf16(units)
        .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect::<String>()
        .into_bytes()
}

/// UTF-32 to UTF-8, without its byte-order mark if it has one (lossy: invalid code points become
/// U+FFFD).
pub fn utf32_to_utf8(bytes: &[u8], little_endian: bool) -> Vec<u8> {
    let bom: &[u8] = if little_endian {
        &[0xFF, 0xFE, 0, 0]
    } else {
        &[0, 0, 0xFE, 0xFF]
    };
    let body = bytes.strip_prefix(bom).unwrap_or(bytes);
    body.chunks_exact(4)
        .map(|c| {
            let v = if little_endian {
                u32::from_le_bytes([c[0], c[1], c[2], c[3]])
            } else {
                u32::from_be_bytes([c[0], c[1], c[2], c[3]])
            };
            char::from_u32(v).unwrap_or(char::REPLACEMENT_CHARACTER)
        })
        .collect::<String>()
        .into_bytes()
}

/// What reading one file gave.
#[derive(Debug, PartialEq, Eq)]
pub enum Loaded {
    /// The whole file.
    Bytes(Vec<u8>),
    /// Larger than the limit (by its size when seen, or because it grew while read): not kept.
    TooLarge(u64),
    /// Not a regular file (a FIFO, a device, a socket, a directory): never opened, or, if it became
    /// one after the walk saw it, never read.
    NotRegular(&'static str),
}

/// Reads the regular file at `path` whole, if it is at most `limit` bytes.
///
/// Safe on anything a hostile tree can hold. A special file is identified by `stat` before any
/// `open` (opening a device can have effects; opening a FIFO blocks until a writer comes); the open
/// itself is non-blocking and followed by an `fstat`, so a file swapped for a FIFO in between is
/// caught without blocking. The read is capped at `limit + 1` bytes, so a file that grows while read
/// never costs more memory than the limit. Files are read, not memory-mapped: a mapped file that
/// another process truncates kills the reader with SIGBUS, and a scanner of working trees (editors
/// and builds write as it reads) must survive that.
pub fn read_file(path: &Path, limit: u64) -> io::Result<Loaded> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Ok(Loaded::NotRegular(kind_name(&meta.file_type())));
    }
    if meta.len() > limit {
        return Ok(Loaded::TooLarge(meta.len()));
    }
    read_listed_file(path, limit)
}

/// [`read_file`] for a path that a directory listing has just given as a regular file (its type
/// came with the entry): the `stat` before the `open` is left out, since it would ask again what
/// the listing said (a walk of a tree paid three `stat`s per file). The open is still non-blocking
/// and followed by an `fstat`, so a file swapped for something else since the listing is caught.
pub fn read_listed_file(path: &Path, limit: u64) -> io::Result<Loaded> {
    let mut opts = OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NONBLOCK);
    }
    let file = opts.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Ok(Loaded::NotRegular(kind_name(&meta.file_type())));
    }
    if meta.len() > limit {
        return Ok(Loaded::TooLarge(meta.len()));
    }
    let mut buf = Vec::with_capacity(meta.len().min(limit) as usize + 1);
    file.take(limit.saturating_add(1)).read_to_end(&mut buf)?;
    if buf.len() as u64 > limit {
        return Ok(Loaded::TooLarge(buf.len() as u64));
    }
    Ok(Loaded::Bytes(buf))
}

/// A short name for a file type that is not a regular file.
pub fn kind_name(ft: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "a FIFO";
        }
        if ft.is_char_device() || ft.is_block_device() {
            return "a device";
        }
        if ft.is_socket() {
            return "a socket";
        }
    }
    if ft.is_dir() {
        "a directory"
    } else if ft.is_symlink() {
        "a symbolic link"
    } else {
        "a special file"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_kinds() {
        assert_eq!(sniff(b"hello"), Kind::Text);
        assert_eq!(sniff(b"he\0llo, this is binary\x01\x02\x03"), Kind::Binary);
        assert_eq!(sniff(&[0xFF, 0xFE, b'a', 0]), Kind::Utf16Le);
        let le = [0xFF, 0xFE, b'h', 0, b'i', 0];
        assert_eq!(utf16_to_utf8(&le, true), b"hi");
    }

    #[test]
    fn wide_text_needs_text_not_just_zeros() {
        let le: Vec<u8> = "token = x\n".bytes().flat_map(|b| [b, 0]).collect();
        assert_eq!(sniff(&le), Kind::Utf16Le);
        let be: Vec<u8> = "token = x\n".bytes().flat_map(|b| [0, 0, 0, b]).collect();
        assert_eq!(sniff(&be), Kind::Utf32Be);
        // Small integers (a table in a binary) have the same zeros, but are not characters.
        let ints: Vec<u8> = (1u32..40).flat_map(|i| i.to_le_bytes()).collect();
        assert_eq!(sniff(&ints), Kind::Binary);
        let shorts: Vec<u8> = (1u16..40).flat_map(|i| i.to_le_bytes()).collect();
        assert_eq!(sniff(&shorts), Kind::Binary);
    }

    #[test]
    fn printable_runs_keep_offsets_and_drop_short_runs() {
        let mut bin = b"ab\0longer run\x01\n".to_vec();
        bin.extend("wide str".bytes().flat_map(|b| [b, 0]));
        let runs = printable_runs(&bin);
        assert_eq!(runs.len(), bin.len());
        assert_eq!(&runs[..3], b"\0\0\0");
        assert_eq!(&runs[3..14], b"longer run\0");
        assert_eq!(runs[14], b'\n');
        assert_eq!(&runs[15..23], b"wide str");
        assert!(runs[23..].iter().all(|&b| b == 0));
    }

    #[test]
    fn windows_1252_maps_its_high_bytes() {
        assert_eq!(
            windows_1252_to_utf8(b"\x80 \xa3\xe9\x9f"),
            "€ £éŸ".as_bytes()
        );
        assert_eq!(sniff(b"caf\xe9\n"), Kind::Latin1);
        assert_eq!(sniff("café".as_bytes()), Kind::Text);
        // A read cut inside a character is still UTF-8.
        assert_eq!(sniff(&"café".as_bytes()[..4]), Kind::Text);
    }

    #[test]
    fn lfs_pointers_are_only_what_the_spec_allows() {
        let oid = "4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393";
        let pointer =
            format!("version https://git-lfs.github.com/spec/v1\noid sha256:{oid}\nsize 12345\n");
        assert!(is_lfs_pointer(pointer.as_bytes()));
        let ext = format!(
            "version https://git-lfs.github.com/spec/v1\next-0-foo sha256:{oid}\noid sha256:{oid}\nsize 1\n"
        );
        assert!(is_lfs_pointer(ext.as_bytes()));
        // Anything more, less or out of place is content to scan.
        for bad in [
            format!("{pointer}token = ghp_x\n"),
            "version https://git-lfs.github.com/spec/v1\ntoken = ghp_x\n".to_string(),
            pointer.trim_end().to_string(),
            pointer.replace("size 12345", "size 12a45"),
            pointer.replace(oid, &oid[1..]),
            pointer.replace(oid, &oid.to_uppercase()),
            format!("version https://git-lfs.github.com/spec/v1\nsize 1\noid sha256:{oid}\n"),
            format!("version https://git-lfs.github.com/spec/v1\noid sha256:{oid}\n"),
        ] {
            assert!(!is_lfs_pointer(bad.as_bytes()), "{bad:?}");
        }
    }

    #[test]
    fn reads_regular_files_within_the_limit_only() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        std::fs::write(&p, b"hello").unwrap();
        assert_eq!(read_file(&p, 5).unwrap(), Loaded::Bytes(b"hello".to_vec()));
        assert_eq!(read_file(&p, 4).unwrap(), Loaded::TooLarge(5));
        assert_eq!(
            read_file(dir.path(), 5).unwrap(),
            Loaded::NotRegular("a directory")
        );
        assert_eq!(
            read_file(&dir.path().join("gone"), 5).unwrap_err().kind(),
            io::ErrorKind::NotFound
        );
    }

    #[cfg(unix)]
    #[test]
    fn never_blocks_on_a_fifo_or_opens_a_device() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()));
        // No writer: an ordinary open would block here forever.
        assert_eq!(read_file(&fifo, 100).unwrap(), Loaded::NotRegular("a FIFO"));
        let zero = Path::new("/dev/zero");
        assert_eq!(
            read_file(zero, 100).unwrap(),
            Loaded::NotRegular("a device")
        );
        // A listed file swapped for a FIFO after the listing: caught by the `fstat` after the
        // non-blocking open, without blocking.
        assert_eq!(
            read_listed_file(&fifo, 100).unwrap(),
            Loaded::NotRegular("a FIFO")
        );
    }

    /// Without the `stat` before the open, the size limit still holds before any read.
    #[test]
    fn a_listed_file_is_sized_by_its_open_descriptor() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        std::fs::write(&p, b"hello").unwrap();
        assert_eq!(
            read_listed_file(&p, 5).unwrap(),
            Loaded::Bytes(b"hello".to_vec())
        );
        assert_eq!(read_listed_file(&p, 4).unwrap(), Loaded::TooLarge(5));
        assert_eq!(
            read_listed_file(&dir.path().join("gone"), 5)
                .unwrap_err()
                .kind(),
            io::ErrorKind::NotFound
        );
    }
}
