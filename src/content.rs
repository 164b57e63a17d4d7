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
