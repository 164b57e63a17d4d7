//! Containers: archives (zip and its kinds, tar) and compressed streams (gzip, bzip2, xz, zstd),
//! opened in memory only, so that what they hold is scanned like any other content.
//!
//! Nothing here touches the disk: an entry's name is a label, never a path (`../x` and `/etc/x`
//! are inert text), symbolic and hard links inside an archive are not followed, and every entry is
//! read into memory under bounds that a bomb cannot get past: the total inflated bytes per
//! top-level blob, the size of one entry, the number of entries, the depth of nesting, and the
//! ratio of inflated to compressed size. What a bound stops is reported with the bound it met.
//!
//! A container is recognised by its magic bytes, never by its name: a `.jar`, `.whl`, `.docx`,
//! `.apk` or `.nupkg` is a zip, a `.tgz` a gzip holding a tar.

mod compress;
pub mod layer;
mod tar;
mod zip;

/// The bounds of one top-level blob's expansion.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Inflated bytes in all, across every level.
    pub total: u64,
    /// The largest entry read (the scan's size limit).
    pub entry: u64,
    /// Entries in all, across every level.
    pub entries: u64,
    /// Containers inside containers: 1 opens the top level only.
    pub depth: u32,
    /// Inflated bytes per compressed byte, for entries that inflate past [`RATIO_FLOOR`].
    pub ratio: u64,
}

/// Below this size an entry may compress as well as it likes (a file of one repeated byte is
/// legitimate and small).
pub const RATIO_FLOOR: u64 = 1 << 20;

impl Limits {
    /// The default bounds for a scan whose size limit is `max_file_size`.
    pub fn for_size_limit(max_file_size: u64) -> Limits {
        Limits {
            total: max_file_size.saturating_mul(4).max(RATIO_FLOOR),
            entry: max_file_size,
            entries: 100_000,
            depth: 5,
            ratio: 200,
        }
    }
}

/// The kinds of container, by magic bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Zip,
    Tar,
    Gzip,
    Bzip2,
    Xz,
    Zstd,
}

/// The container `bytes` hold, if any. Magic numbers: zip local file header `PK\3\4` and empty
/// archive `PK\5\6` (APPNOTE 4.3.7, 4.3.16); POSIX/GNU tar `ustar` at offset 257; gzip `1f 8b`
/// (RFC 1952 2.3.1); bzip2 `BZh1`-`BZh9`; xz `fd 37 7a 58 5a 00` (xz file format 2.1.1.1); zstd
/// frame `28 b5 2f fd` (RFC 8878 3.1.1).
pub fn detect(b: &[u8]) -> Option<Kind> {
    if b.starts_with(b"PK\x03\x04") || b.starts_with(b"PK\x05\x06") {
        Some(Kind::Zip)
    } else if b.starts_with(&[0x1F, 0x8B]) {
        Some(Kind::Gzip)
    } else if b.len() > 3 && b.starts_with(b"BZh") && (b'1'..=b'9').contains(&b[3]) {
        Some(Kind::Bzip2)
    } else if b.starts_with(&[0xFD, b'7', b'z', b'X', b'Z', 0]) {
        Some(Kind::Xz)
    } else if b.starts_with(&[0x28, 0xB5, 0x2F, 0xFD]) {
        Some(Kind::Zstd)
    } else if b.get(257..262) == Some(b"ustar") {
        Some(Kind::Tar)
    } else {
        None
    }
}

/// A streaming decoder of a compressed stream (`kind` gzip, bzip2, xz or zstd), for a reader too
/// large to hold in memory (an image's layer). Bounds are the caller's.
pub fn decompress<'a>(
    kind: Kind,
    r: impl std::io::Read + 'a,
) -> Result<Box<dyn std::io::Read + 'a>, String> {
    compress::decoder(kind, r)
}

/// Why part of a container was not scanned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Why {
    /// A bound was met (a bomb, or just a very large archive): what is left is not scanned.
    Limit(String),
    /// The entry could not be read: encrypted, an unsupported method, corrupt.
    Unreadable(String),
}

/// What a walk finds.
pub enum Item<'a> {
    /// Content to scan, at `inner` (the chain of names below the top-level blob, `!/`-separated).
    File { inner: &'a str, bytes: &'a [u8] },
    /// Something that was not scanned, and why; `inner` is empty for the top-level blob itself.
    NotScanned { inner: &'a str, why: Why },
}

/// Opens the container `bytes` (of `kind`, from [`detect`]) and hands every file in it, at any
/// depth, to `visit`, with what could not be scanned. `name` is the top-level blob's file name, for
/// naming the content of a compressed stream (`notes.txt.gz` holds `notes.txt`). Returns an error
/// when the top level cannot be opened at all (the caller then scans the bytes as they are).
pub fn walk(
    name: &str,
    kind: Kind,
    bytes: &[u8],
    limits: &Limits,
    visit: &mut dyn FnMut(Item<'_>),
) -> Result<(), String> {
    let mut w = Walker {
        limits,
        used: 0,
        entries: 0,
        stopped: false,
        visit,
    };
    w.open(kind, "", name, bytes, 1)
}

/// The state of one walk: the budget spent so far.
struct Walker<'a, 'v> {
    limits: &'a Limits,
    used: u64,
    entries: u64,
    /// Set once the entry count or the total is spent: nothing more is read.
    stopped: bool,
    visit: &'v mut dyn FnMut(Item<'_>),
}

/// `chain` and `name` joined as an archive path: `app.jar!/config/a.properties`.
fn join(chain: &str, name: &str) -> String {
    if chain.is_empty() {
        name.to_string()
    } else {
        format!("{chain}!/{name}")
    }
}

/// An entry name as a lossless label: UTF-8 as it is (backslashes doubled), other bytes as `\xNN`.
pub fn label(raw: &[u8]) -> String {
    let mut out = String::with_capacity(raw.len());
    for chunk in raw.utf8_chunks() {
        for c in chunk.valid().chars() {
            if c == '\\' {
                out.push_str("\\\\");
            } else {
                out.push(c);
            }
        }
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02X}"));
        }
    }
    out
}

impl Walker<'_, '_> {
    fn not_scanned(&mut self, inner: &str, why: Why) {
        (self.visit)(Item::NotScanned { inner, why });
    }

    /// Opens a container at `chain` (`name` is its own file name).
    fn open(
        &mut self,
        kind: Kind,
        chain: &str,
        name: &str,
        bytes: &[u8],
        depth: u32,
    ) -> Result<(), String> {
        match kind {
            Kind::Zip => zip::walk(self, chain, bytes, depth),
            Kind::Tar => tar::walk(self, chain, bytes, depth),
            _ => compress::walk(self, kind, chain, name, bytes, depth),
        }
    }

    /// Counts one entry; false (after saying so, once) when the count is spent.
    fn count_entry(&mut self, chain: &str) -> bool {
        if self.stopped {
            return false;
        }
        self.entries += 1;
        if self.entries > self.limits.entries {
            self.stopped = true;
            let why = format!(
                "more than {} entries in one archive: the rest were not scanned",
                self.limits.entries
            );
            self.not_scanned(chain, Why::Limit(why));
            return false;
        }
        true
    }

    /// Reads one entry from `r` (`compressed` bytes in the archive), under the bounds. `None` (after
    /// saying why) when a bound is met or the read fails.
    fn read(
        &mut self,
        inner: &str,
        mut r: impl std::io::Read,
        compressed: u64,
        cap_entry: bool,
    ) -> Option<Vec<u8>> {
        let l = self.limits;
        let left = l.total.saturating_sub(self.used);
        let by_ratio = compressed.saturating_mul(l.ratio).max(RATIO_FLOOR);
        let entry = if cap_entry { l.entry } else { u64::MAX };
        let cap = left.min(by_ratio).min(entry);
        use std::io::Read;
        let mut buf = Vec::new();
        let got = r.by_ref().take(cap.saturating_add(1)).read_to_end(&mut buf);
        if let Err(e) = got {
            self.not_scanned(inner, Why::Unreadable(format!("cannot be read: {e}")));
            return None;
        }
        if buf.len() as u64 > cap {
            let why = if cap == entry {
                format!("inflates past the size limit of {entry} bytes")
            } else if cap == left {
                self.stopped = true;
                format!(
                    "the archive inflates past {} bytes in all: the rest were not scanned",
                    l.total
                )
            } else {
                format!(
                    "inflates more than {}x its compressed size of {compressed} bytes (a bomb?)",
                    l.ratio
                )
            };
            self.not_scanned(inner, Why::Limit(why));
            return None;
        }
        self.used += buf.len() as u64;
        Some(buf)
    }

    /// An entry's content: opened if it is a container itself (to the depth bound), else handed on.
    fn child(&mut self, inner: &str, name: &str, bytes: &[u8], depth: u32) {
        if let Some(kind) = detect(bytes) {
            if depth >= self.limits.depth {
                let why = format!(
                    "an archive nested more than {} deep: not opened (its bytes are scanned as they are)",
                    self.limits.depth
                );
                self.not_scanned(inner, Why::Limit(why));
            } else {
                match self.open(kind, inner, name, bytes, depth + 1) {
                    Ok(()) => return,
                    Err(e) => {
                        let why = format!("{e} (its bytes are scanned as they are)");
                        self.not_scanned(inner, Why::Unreadable(why));
                    }
                }
            }
        }
        (self.visit)(Item::File { inner, bytes });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_lossless_labels() {
        assert_eq!(label(b"../etc/passwd"), "../etc/passwd");
        assert_eq!(label(b"a\\b\xff"), "a\\\\b\\xFF");
        assert_eq!(join("", "a"), "a");
        assert_eq!(join("x.jar", "a/b"), "x.jar!/a/b");
    }

    fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
        use std::io::Write;
        let mut w = ::zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = ::zip::write::SimpleFileOptions::default();
        for (name, data) in files {
            w.start_file(*name, opts).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    /// (inner, what) of each item: the content's length, or why it was not scanned.
    fn items(bytes: &[u8], limits: &Limits) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let kind = detect(bytes).unwrap();
        walk("top", kind, bytes, limits, &mut |item| match item {
            Item::File { inner, bytes } => out.push((inner.to_string(), bytes.len().to_string())),
            Item::NotScanned { inner, why } => out.push((inner.to_string(), format!("{why:?}"))),
        })
        .unwrap();
        out
    }

    #[test]
    fn the_entry_count_is_bounded_across_levels() {
        let inner = zip_of(&[("c", b"3"), ("d", b"4")]);
        let outer = zip_of(&[("a", b"1"), ("in.zip", &inner), ("b", b"2")]);
        let limits = Limits {
            entries: 3,
            ..Limits::for_size_limit(1 << 20)
        };
        let got = items(&outer, &limits);
        assert_eq!(got.len(), 3, "{got:?}");
        assert_eq!(got[0], ("a".to_string(), "1".to_string()));
        assert_eq!(got[1], ("in.zip!/c".to_string(), "1".to_string()));
        assert_eq!(got[2].0, "in.zip!/d");
        assert!(got[2].1.contains("more than 3 entries"), "{got:?}");
        // Within the bound, everything.
        let got = items(&outer, &Limits::for_size_limit(1 << 20));
        let names: Vec<&str> = got.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["a", "in.zip!/c", "in.zip!/d", "b"]);
    }

    #[test]
    fn detects_by_magic_bytes() {
        assert_eq!(detect(b"PK\x03\x04rest"), Some(Kind::Zip));
        assert_eq!(detect(&[0x1F, 0x8B, 8, 0]), Some(Kind::Gzip));
        assert_eq!(detect(b"BZh9"), Some(Kind::Bzip2));
        assert_eq!(detect(b"BZhx"), None);
        assert_eq!(detect(b"PK is a name"), None);
        let mut tar = vec![0u8; 512];
        tar[257..262].copy_from_slice(b"ustar");
        assert_eq!(detect(&tar), Some(Kind::Tar));
    }
}
