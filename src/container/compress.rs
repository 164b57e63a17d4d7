//! Compressed streams: gzip (flate2 on zlib-rs), bzip2 (libbz2-rs-sys), xz (lzma-rust2) and zstd
//! (ruzstd), all pure Rust. A stream adds no name of its own when it holds an archive (`a.tar.gz`
//! holds `a.tar`'s entries); when it holds a file, the file takes the stream's name less its
//! extension (`notes.txt.gz` holds `notes.txt`).

use std::io::Read;

use super::{Kind, Walker, join};

/// Memory an xz stream may ask for its dictionary, in KiB: enough for `xz -9` (64 MiB), not for a
/// hostile header claiming gigabytes.
const XZ_MEMORY_KIB: u32 = 128 * 1024;

pub(super) fn walk(
    w: &mut Walker<'_, '_>,
    kind: Kind,
    chain: &str,
    name: &str,
    bytes: &[u8],
    depth: u32,
) -> Result<(), String> {
    let reader = decoder(kind, bytes)?;
    let base = name.rsplit('/').next().unwrap_or(name);
    let stem = strip_extension(base);
    let inner = join(chain, stem);
    if !w.count_entry(&inner) {
        return Ok(());
    }
    let Some(data) = w.read(&inner, reader, bytes.len() as u64, false) else {
        return Ok(());
    };
    // An archive inside: its entries are named under the stream's own chain.
    if let Some(k) = super::detect(&data) {
        if matches!(k, Kind::Zip | Kind::Tar) {
            w.entries -= 1;
            if depth >= w.limits.depth {
                w.child(&inner, stem, &data, depth);
                return Ok(());
            }
            if let Err(e) = w.open(k, chain, stem, &data, depth + 1) {
                let why = format!("{e} (its bytes are scanned as they are)");
                w.not_scanned(&inner, super::Why::Unreadable(why));
                (w.visit)(super::Item::File {
                    inner: &inner,
                    bytes: &data,
                });
            }
            return Ok(());
        }
    }
    if data.len() as u64 > w.limits.entry {
        let why = format!("inflates past the size limit of {} bytes", w.limits.entry);
        w.not_scanned(&inner, super::Why::Limit(why));
        return Ok(());
    }
    w.child(&inner, stem, &data, depth);
    Ok(())
}

/// A streaming decoder of the compressed stream `r` (of `kind`: gzip, bzip2, xz or zstd); an
/// archive kind is an error. Nothing is inflated until it is read.
pub(crate) fn decoder<'a>(kind: Kind, r: impl Read + 'a) -> Result<Box<dyn Read + 'a>, String> {
    Ok(match kind {
        Kind::Gzip => Box::new(flate2::read::MultiGzDecoder::new(r)),
        Kind::Bzip2 => Box::new(bzip2::read::MultiBzDecoder::new(r)),
        Kind::Xz => Box::new(lzma_rust2::XzReader::new_mem_limit(r, true, XZ_MEMORY_KIB)),
        Kind::Zstd => Box::new(
            ruzstd::decoding::StreamingDecoder::new(r)
                .map_err(|e| format!("not a readable zstd stream: {e}"))?,
        ),
        Kind::Zip | Kind::Tar => return Err(format!("{kind:?} is an archive, not a stream")),
    })
}

/// `a.tar.gz` -> `a.tar`, `a.tgz` -> `a.tar`, `notes.txt.gz` -> `notes.txt`; a name without a
/// compression extension is kept.
fn strip_extension(name: &str) -> &str {
    for ext in [
        ".gz", ".bz2", ".xz", ".zst", ".tgz", ".tbz2", ".txz", ".tzst",
    ] {
        if let Some(stem) = name.strip_suffix(ext) {
            if !stem.is_empty() {
                return stem;
            }
        }
    }
    name
}
