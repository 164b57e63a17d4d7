//! Loading a file's bytes (read into memory, never blocking on a special file); sniffing binary
//! content; transcoding UTF-16 to UTF-8 so that its secrets are found too.

use std::fs::OpenOptions;
use std::io::{self, Read};
use std::path::Path;

/// How much of the start of a file is sniffed for NUL bytes.
const SNIFF: usize = 8192;

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
        assert_eq!(sniff(b"he\0llo"), Kind::Binary);
        assert_eq!(sniff(&[0xFF, 0xFE, b'a', 0]), Kind::Utf16Le);
        let le = [0xFF, 0xFE, b'h', 0, b'i', 0];
        assert_eq!(utf16_to_utf8(&le, true), b"hi");
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
    }
}
