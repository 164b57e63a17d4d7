//! Loading a file's bytes: read into memory, or map it above a size threshold; sniff binary content;
//! transcode UTF-16 to UTF-8 so that its secrets are found too.

use std::fs::File;
use std::io::Read;
use std::ops::Deref;
use std::path::Path;

/// Files at least this large are memory-mapped instead of read.
pub const MMAP_THRESHOLD: u64 = 4 << 20;

/// How much of the start of a file is sniffed for NUL bytes.
const SNIFF: usize = 8192;

/// A blob's bytes, owned or mapped.
pub enum Content {
    Owned(Vec<u8>),
    Mapped(memmap2::Mmap),
}

impl Deref for Content {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Content::Owned(v) => v,
            Content::Mapped(m) => m,
        }
    }
}

/// What kind of bytes a blob holds.
#[derive(Debug, PartialEq, Eq)]
pub enum Kind {
    Text,
    Utf16Le,
    Utf16Be,
    Binary,
}

/// Text, UTF-16 (by its byte-order mark) or binary (a NUL byte in the first 8 KiB).
pub fn sniff(bytes: &[u8]) -> Kind {
    if bytes.starts_with(&[0xFF, 0xFE]) {
        return Kind::Utf16Le;
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        return Kind::Utf16Be;
    }
    let head = &bytes[..bytes.len().min(SNIFF)];
    if memchr::memchr(0, head).is_some() {
        Kind::Binary
    } else {
        Kind::Text
    }
}

/// UTF-16 with a BOM to UTF-8 (lossy: unpaired surrogates become U+FFFD).
pub fn utf16_to_utf8(bytes: &[u8], little_endian: bool) -> Vec<u8> {
    let units = bytes[2..].chunks_exact(2).map(|c| {
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

/// Reads a file: small files into `buf`'s fresh copy, large ones mapped.
pub fn load(path: &Path, len: u64) -> std::io::Result<Content> {
    let mut file = File::open(path)?;
    if len >= MMAP_THRESHOLD {
        // SAFETY: the map is read-only and dropped after the scan. Another process truncating the file
        // while it is mapped could fault; hush scans source trees, where this is accepted practice (as
        // in ripgrep), and only maps files above MMAP_THRESHOLD, where reading would cost a copy.
        #[allow(unsafe_code)]
        let map = unsafe { memmap2::Mmap::map(&file)? };
        return Ok(Content::Mapped(map));
    }
    let mut buf = Vec::with_capacity(len as usize + 1);
    file.read_to_end(&mut buf)?;
    Ok(Content::Owned(buf))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_kinds() {
        assert_eq!(sniff(b"hello"), Kind::Text);
        assert_eq!(sniff(b"he\0llo"), Kind::Binary);
        assert_eq!(sniff(&[0xFF, 0xFE, b'a', 0]), Kind::Utf16Le);
        let le = [0xFF, 0xFE, b'h', 0, b'i', 0];
        assert_eq!(utf16_to_utf8(&le, true), b"hi");
    }
}
