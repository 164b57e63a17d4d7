//! Container image layers: a tar, plain or compressed (gzip, zstd, and the other streams this
//! module reads), read as a stream, so that a layer of gigabytes never sits in memory whole: only
//! one regular file at a time, at most the entry size bound.
//!
//! A layer is a change set (OCI image spec, "Image Layer Filesystem Changeset"): its entries add or
//! replace paths, and its whiteouts delete them from the layers below: `DIR/.wh.NAME` deletes
//! `DIR/NAME` (and all under it), `DIR/.wh..wh..opq` deletes everything the layers below hold under
//! `DIR`. This reader reports them as they come; what they mean across layers is the caller's.
//!
//! The bounds are those of [`Limits`], shared by every layer of one image through a [`Budget`]:
//! inflated bytes in all (`total`), entries in all (`entries`), the size of one file (`entry`: a
//! larger one is reported, unread), and for a compressed layer, its inflated size against its
//! compressed size (`ratio`, above [`RATIO_FLOOR`]). Names are labels, never paths.

use std::io::{BufRead, BufReader, Read};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use super::{Kind, Limits, RATIO_FLOOR, Why, detect, label};

/// What one image has spent of its bounds, across all its layers (read from several threads).
#[derive(Debug, Default)]
pub struct Budget {
    pub inflated: AtomicU64,
    pub entries: AtomicU64,
    /// Set once `total` or `entries` is spent: no layer reads further.
    pub stopped: AtomicBool,
}

/// What a layer holds, entry by entry, in the order of the tar.
#[derive(Debug)]
pub enum Change<'a> {
    /// A regular file and its content.
    File { path: &'a str, bytes: &'a [u8] },
    /// A regular file over the entry size bound: not read.
    Large { path: &'a str, size: u64 },
    /// Any other entry (a directory, a link, a device): it holds no content, but it replaces what
    /// the layers below had at `path` (a directory merges with one below).
    Other { path: &'a str, dir: bool },
    /// `.wh.NAME`: `path` (and anything under it) is deleted from the layers below.
    Whiteout { path: &'a str },
    /// `.wh..wh..opq`: everything under `dir` in the layers below is deleted.
    Opaque { dir: &'a str },
    /// Something not read, and why; `path` is empty for the layer as a whole.
    NotScanned { path: &'a str, why: Why },
}

/// The whiteout file name prefix and the opaque marker (OCI image spec, layer.md, "Whiteouts").
const WHITEOUT: &str = ".wh.";
const OPAQUE: &str = ".wh..wh..opq";

/// A tar entry's name as a path inside the image: `./etc/x`, `/etc/x` and `etc/x/` are `etc/x`.
/// A label only: `..` stays as it is, and nothing ever opens it.
pub fn normalize(name: &str) -> &str {
    let mut s = name;
    loop {
        let before = s.len();
        s = s.trim_start_matches("./").trim_start_matches('/');
        if s.len() == before {
            break;
        }
    }
    let s = s.trim_end_matches('/');
    if s == "." { "" } else { s }
}

/// Reads one layer from `r` (`compressed` bytes long as stored) and hands every change to `visit`.
/// An error is returned when the layer cannot be read at all or stops being readable part way (the
/// scan of this layer is then incomplete); a bound met is a [`Change::NotScanned`] instead.
pub fn walk_layer(
    r: impl Read,
    compressed: u64,
    limits: &Limits,
    budget: &Budget,
    visit: &mut dyn FnMut(Change<'_>),
) -> Result<(), String> {
    let mut r = BufReader::with_capacity(64 * 1024, r);
    let head = r
        .fill_buf()
        .map_err(|e| format!("cannot be read: {e}"))?
        .to_vec();
    let kind = detect(&head);
    let stream: Box<dyn Read + '_> = match kind {
        None | Some(Kind::Tar) => Box::new(r),
        Some(Kind::Zip) => return Err("a zip archive, not a layer (a tar)".into()),
        Some(k) => super::compress::decoder(k, r)?,
    };
    // Inflated bytes this layer may produce: the ratio bound (plain tars have none), and what the
    // image has left of its total.
    let by_ratio = if matches!(kind, None | Some(Kind::Tar)) {
        u64::MAX
    } else {
        compressed.saturating_mul(limits.ratio).max(RATIO_FLOOR)
    };
    let capped = Capped {
        inner: stream,
        read: 0,
        cap: by_ratio,
        total: limits.total,
        over: false,
        budget,
    };
    let mut archive = ::tar::Archive::new(capped);
    let entries = archive
        .entries()
        .map_err(|e| format!("not a readable layer (a tar): {e}"))?;
    let mut seen_any = false;
    for entry in entries {
        let mut entry = match entry {
            Ok(e) => e,
            Err(e) => return stop(e, seen_any, kind, by_ratio, limits, budget, visit),
        };
        // Another layer (or this one) spent the image's bounds.
        if budget.stopped.load(Ordering::Relaxed) {
            let why = "the image's bounds were spent: the rest of this layer was not scanned";
            visit(Change::NotScanned {
                path: "",
                why: Why::Limit(why.into()),
            });
            return Ok(());
        }
        seen_any = true;
        let name = label(&entry.path_bytes());
        let path = normalize(&name);
        if path.is_empty() {
            continue;
        }
        let n = budget.entries.fetch_add(1, Ordering::Relaxed) + 1;
        if n > limits.entries {
            budget.stopped.store(true, Ordering::Relaxed);
            let why = format!(
                "more than {} entries in the image: the rest were not scanned",
                limits.entries
            );
            visit(Change::NotScanned {
                path,
                why: Why::Limit(why),
            });
            return Ok(());
        }
        let (dir, base) = match path.rsplit_once('/') {
            Some((d, b)) => (d, b),
            None => ("", path),
        };
        if base == OPAQUE {
            visit(Change::Opaque { dir });
            continue;
        }
        if let Some(deleted) = base.strip_prefix(WHITEOUT) {
            // Other `.wh..wh.` names are the aufs driver's own bookkeeping, not deletions.
            if !deleted.is_empty() && !base.starts_with(".wh..wh.") {
                let target = if dir.is_empty() {
                    deleted.to_string()
                } else {
                    format!("{dir}/{deleted}")
                };
                visit(Change::Whiteout { path: &target });
            }
            continue;
        }
        let t = entry.header().entry_type();
        if !(t.is_file() || t.is_contiguous() || t.is_gnu_sparse()) {
            visit(Change::Other {
                path,
                dir: t.is_dir(),
            });
            continue;
        }
        let size = entry.size();
        if size > limits.entry {
            visit(Change::Large { path, size });
            continue;
        }
        let mut bytes = Vec::with_capacity(size as usize);
        if let Err(e) = entry.read_to_end(&mut bytes) {
            return stop(e, true, kind, by_ratio, limits, budget, visit);
        }
        visit(Change::File {
            path,
            bytes: &bytes,
        });
    }
    Ok(())
}

/// A layer stopped being readable: a bound met (a note), or a real read error (returned).
fn stop(
    e: std::io::Error,
    seen_any: bool,
    kind: Option<Kind>,
    by_ratio: u64,
    limits: &Limits,
    budget: &Budget,
    visit: &mut dyn FnMut(Change<'_>),
) -> Result<(), String> {
    if e.get_ref().is_some_and(|i| i.is::<OverCap>()) {
        let why = if budget.stopped.load(Ordering::Relaxed) {
            format!(
                "the image inflates past {} bytes in all: the rest was not scanned",
                limits.total
            )
        } else {
            format!(
                "the layer inflates past {by_ratio} bytes, more than {}x its compressed size (a \
                 bomb?): the rest of it was not scanned",
                limits.ratio
            )
        };
        visit(Change::NotScanned {
            path: "",
            why: Why::Limit(why),
        });
        return Ok(());
    }
    let what = match kind {
        Some(k) if k != Kind::Tar => format!("{k:?}-compressed "),
        _ => String::new(),
    };
    if seen_any {
        Err(format!("the rest of the {what}layer cannot be read: {e}"))
    } else {
        Err(format!("not a readable {what}layer (a tar): {e}"))
    }
}

/// The error a [`Capped`] reader returns past its cap.
#[derive(Debug)]
struct OverCap;

impl std::fmt::Display for OverCap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("over the inflation bound")
    }
}

impl std::error::Error for OverCap {}

/// Counts what a layer inflates to, and fails past `cap` (this layer's) or the image's `total`.
struct Capped<'b, R> {
    inner: R,
    read: u64,
    cap: u64,
    total: u64,
    over: bool,
    budget: &'b Budget,
}

impl<R: Read> Read for Capped<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.over {
            return Err(std::io::Error::other(OverCap));
        }
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        let total = self.budget.inflated.fetch_add(n as u64, Ordering::Relaxed) + n as u64;
        if total > self.total {
            // The image's total, which every layer spends: no layer reads further.
            self.budget.stopped.store(true, Ordering::Relaxed);
        }
        if self.read > self.cap || total > self.total {
            self.over = true;
            return Err(std::io::Error::other(OverCap));
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tar_of(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut b = ::tar::Builder::new(Vec::new());
        for (name, data) in files {
            let mut h = ::tar::Header::new_gnu();
            h.set_mode(0o644);
            h.set_size(data.len() as u64);
            b.append_data(&mut h, name, *data).unwrap();
        }
        b.into_inner().unwrap()
    }

    fn walk(layer: &[u8], limits: &Limits, budget: &Budget) -> Vec<String> {
        let mut got = Vec::new();
        walk_layer(layer, layer.len() as u64, limits, budget, &mut |c| {
            got.push(match c {
                Change::File { path, bytes } => format!("{path}={}", bytes.len()),
                Change::NotScanned { why, .. } => format!("{why:?}"),
                other => format!("{other:?}"),
            })
        })
        .unwrap();
        got
    }

    #[test]
    fn the_image_bounds_are_shared_by_its_layers() {
        let limits = Limits {
            total: 1 << 20,
            entry: 1 << 10,
            entries: 3,
            depth: 1,
            ratio: 200,
        };
        let layer = tar_of(&[("a", b"1"), ("b", b"22")]);
        let budget = Budget::default();
        assert_eq!(walk(&layer, &limits, &budget), ["a=1", "b=2"]);
        let second = walk(&layer, &limits, &budget);
        assert_eq!(second[0], "a=1");
        assert!(
            second[1].contains("more than 3 entries in the image"),
            "{second:?}"
        );
        assert!(walk(&layer, &limits, &budget)[0].contains("bounds were spent"));

        // The total: 8 KiB in all (the bytes of the tars, skipped ones too), across layers; a file
        // over the entry bound is not read.
        let limits = Limits {
            total: 8 << 10,
            entries: 100,
            ..limits
        };
        let big = vec![b'x'; 2 << 10];
        let layer = tar_of(&[("a", &[b'x'; 1000]), ("big", &big), ("c", &[b'x'; 1000])]);
        let budget = Budget::default();
        assert_eq!(
            walk(&layer, &limits, &budget),
            ["a=1000", "Large { path: \"big\", size: 2048 }", "c=1000"]
        );
        let second = walk(&layer, &limits, &budget);
        assert!(
            second
                .last()
                .unwrap()
                .contains("inflates past 8192 bytes in all"),
            "{second:?}"
        );
        assert!(budget.stopped.load(Ordering::Relaxed));
    }

    #[test]
    fn whiteouts_and_opaque_markers_are_changes_not_files() {
        let layer = tar_of(&[
            ("./etc/.wh.app.env", b""),
            ("srv/.wh..wh..opq", b""),
            (".wh.top", b""),
            ("x/.wh..wh.plnk", b""),
            ("etc/kept", b"k"),
        ]);
        let got = walk(&layer, &Limits::for_size_limit(1 << 20), &Budget::default());
        assert_eq!(
            got,
            [
                "Whiteout { path: \"etc/app.env\" }",
                "Opaque { dir: \"srv\" }",
                "Whiteout { path: \"top\" }",
                "etc/kept=1",
            ]
        );
    }

    #[test]
    fn names_normalize_to_image_paths() {
        assert_eq!(normalize("./etc/app.env"), "etc/app.env");
        assert_eq!(normalize("/etc/"), "etc");
        assert_eq!(normalize("././a"), "a");
        assert_eq!(normalize("./"), "");
        assert_eq!(normalize("../x"), "../x");
    }
}
