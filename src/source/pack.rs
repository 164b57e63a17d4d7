//! Blobs read straight out of a repository's pack files, each object inflated once.
//!
//! libgit2 reads one object at a time: it inflates the object's delta chain from the base up, with a
//! small cache of bases, so a history scan that asks for tens of thousands of blobs inflates many
//! chains over and over (zlib was 42% of a history scan in benches/runs/2026-11-22-0153.md). Here
//! each pack's index and entry headers are read once, the deltas are arranged as trees under their
//! bases, and each tree is walked from its base down, in parallel: every object is inflated exactly
//! once, and each delta is applied to a base that is still in memory.
//!
//! Only what a wanted blob needs is decoded (the wanted blobs and their bases), so a scan of a short
//! revision range costs little. What this reader does not deliver (loose objects, objects in an
//! alternate object store, a base in another pack, a corrupt entry, an object over the size limit) is
//! left to the caller, which reads it through libgit2 and reports what fails there.
//!
//! Pack data is read with positional reads, not mapped, so the resident set does not grow with the
//! size of the pack.
//!
//! Formats: <https://git-scm.com/docs/pack-format> (pack, and pack index version 2) and
//! <https://git-scm.com/docs/gitformat-pack> (the delta instruction encoding).

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use git2::Oid;

const OBJ_BLOB: u8 = 3;
const OBJ_OFS_DELTA: u8 = 6;
const OBJ_REF_DELTA: u8 = 7;
const NONE: u32 = u32::MAX;
/// The pack reader is used when at least one object in this many is a wanted blob.
const MIN_SHARE: u64 = 64;
/// SHA-1 object names. A SHA-256 repository's index fails the size check below and is skipped.
const HASH: usize = 20;

/// What [`read_blobs`] was asked for and delivered.
pub struct Delivery {
    /// `delivered[i]`: the blob with wanted index `i` was passed to the callback.
    pub delivered: Vec<AtomicBool>,
}

impl Delivery {
    pub fn was_delivered(&self, i: u32) -> bool {
        self.delivered[i as usize].load(Ordering::Relaxed)
    }
}

/// Calls `f(i, content)` once for each wanted blob found in the packs of `objects_dir`, where `i` is
/// the blob's value in `wanted`. Runs on the current rayon pool. Blobs larger than `max_size` are not
/// inflated (nor is anything whose base is). Never fails: a pack it cannot read is skipped, and
/// whatever was not delivered is for the caller to read another way.
pub fn read_blobs(
    objects_dir: &Path,
    wanted: &HashMap<Oid, u32>,
    max_size: u64,
    f: &(dyn Fn(u32, &[u8]) + Sync),
) -> Delivery {
    let delivery = Delivery {
        delivered: (0..wanted.len()).map(|_| AtomicBool::new(false)).collect(),
    };
    let indexes = pack_indexes(objects_dir);
    // Planning reads every index entry and entry header, which pays only when a fair share of the
    // objects is wanted: a short revision range in a big repository reads its few blobs through
    // libgit2 instead.
    let objects: u64 = indexes
        .iter()
        .filter_map(|p| IndexLayout::read(p).ok())
        .map(|l| l.count)
        .sum();
    if (wanted.len() as u64).saturating_mul(MIN_SHARE) < objects {
        return delivery;
    }
    let mut claimed = vec![false; wanted.len()];
    for idx_path in indexes {
        // A pack that cannot be read is left whole to the caller's reader, which reports it.
        let Ok(pack) = Pack::open(&idx_path, wanted, &mut claimed) else {
            continue;
        };
        pack.walk(max_size, f, &delivery);
    }
    delivery
}

/// The `.idx` files of `objects/pack` that have their `.pack` beside them, in name order.
fn pack_indexes(objects_dir: &Path) -> Vec<PathBuf> {
    let Ok(dir) = std::fs::read_dir(objects_dir.join("pack")) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = dir
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "idx") && p.with_extension("pack").is_file())
        .collect();
    out.sort();
    out
}

/// One entry of a pack, in pack order.
#[derive(Clone, Copy)]
struct Entry {
    offset: u64,
    /// Bytes from `offset` to the start of the zlib stream.
    header_len: u8,
    kind: u8,
    /// Inflated size: of the object, or of the delta for a delta entry.
    size: u64,
    /// For a delta, the index of its base entry (NONE if unknown).
    base: u32,
    /// Index in the caller's wanted set (NONE if not wanted).
    want: u32,
}

struct Pack {
    file: File,
    entries: Vec<Entry>,
    /// Where the entries end (the pack's trailing checksum starts).
    data_end: u64,
    /// Needed entries (wanted blobs and their bases) without a base: where decoding starts.
    roots: Vec<u32>,
    /// Children of each needed entry that are needed too: `children[child_start[i]..child_start[i+1]]`.
    child_start: Vec<u32>,
    children: Vec<u32>,
}

fn invalid(msg: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg.to_string())
}

impl Pack {
    /// Reads the index and the entry headers, and plans which entries to decode.
    fn open(idx_path: &Path, wanted: &HashMap<Oid, u32>, claimed: &mut [bool]) -> io::Result<Pack> {
        let mut entries = read_index(idx_path, wanted, claimed)?;
        entries.sort_unstable_by_key(|e| e.offset);
        let file = File::open(idx_path.with_extension("pack"))?;
        let len = file.metadata()?.len();
        let data_end = len
            .checked_sub(HASH as u64)
            .ok_or_else(|| invalid("pack too short"))?;
        let mut pack = Pack {
            file,
            entries,
            data_end,
            roots: Vec::new(),
            child_start: Vec::new(),
            children: Vec::new(),
        };
        pack.read_headers(idx_path)?;
        pack.plan();
        Ok(pack)
    }

    /// Reads every entry's header in one forward pass over the pack file.
    fn read_headers(&mut self, idx_path: &Path) -> io::Result<()> {
        let mut rd = BufReader::with_capacity(256 << 10, &self.file);
        let mut magic = [0u8; 12];
        rd.read_exact(&mut magic)?;
        if &magic[..4] != b"PACK" || !matches!(magic[7], 2 | 3) || magic[4..7] != [0, 0, 0] {
            return Err(invalid("not a pack version 2 or 3"));
        }
        let mut pos = 12u64;
        let mut ref_bases: Vec<(u32, [u8; HASH])> = Vec::new();
        for i in 0..self.entries.len() {
            let offset = self.entries[i].offset;
            let end = self.entries.get(i + 1).map_or(self.data_end, |e| e.offset);
            if offset < pos || offset >= end {
                return Err(invalid("entry offsets out of order"));
            }
            rd.seek_relative((offset - pos) as i64)?;
            pos = offset;
            let mut next = || -> io::Result<u8> {
                let mut b = [0u8; 1];
                rd.read_exact(&mut b)?;
                pos += 1;
                Ok(b[0])
            };
            let mut c = next()?;
            let kind = (c >> 4) & 7;
            let mut size = u64::from(c & 15);
            let mut shift = 4;
            while c & 0x80 != 0 {
                c = next()?;
                if shift > 57 {
                    return Err(invalid("entry size overflows"));
                }
                size |= u64::from(c & 0x7f) << shift;
                shift += 7;
            }
            let mut base = NONE;
            match kind {
                1..=4 => {}
                OBJ_OFS_DELTA => {
                    let mut c = next()?;
                    let mut back = u64::from(c & 0x7f);
                    while c & 0x80 != 0 {
                        c = next()?;
                        back = back
                            .checked_add(1)
                            .and_then(|b| b.checked_mul(128))
                            .ok_or_else(|| invalid("delta base offset overflows"))?
                            | u64::from(c & 0x7f);
                    }
                    if let Some(base_offset) = offset.checked_sub(back).filter(|_| back > 0) {
                        base = self
                            .entries
                            .binary_search_by_key(&base_offset, |e| e.offset)
                            .map_or(NONE, |b| b as u32);
                    }
                }
                OBJ_REF_DELTA => {
                    let mut id = [0u8; HASH];
                    for b in &mut id {
                        *b = next()?;
                    }
                    ref_bases.push((i as u32, id));
                }
                _ => return Err(invalid("unknown entry type")),
            }
            let e = &mut self.entries[i];
            e.kind = kind;
            e.size = size;
            e.base = base;
            e.header_len = u8::try_from(pos - offset).map_err(|_| invalid("entry header"))?;
        }
        if !ref_bases.is_empty() {
            // Rare in packs git writes itself (it uses offsets): look the bases up in the index.
            let lookup = IndexLookup::open(idx_path)?;
            for (i, id) in ref_bases {
                if let Some(offset) = lookup.offset_of(&id)? {
                    self.entries[i as usize].base = self
                        .entries
                        .binary_search_by_key(&offset, |e| e.offset)
                        .map_or(NONE, |b| b as u32);
                }
            }
        }
        Ok(())
    }

    /// Marks what to decode (each wanted blob and its chain of bases) and links it into trees.
    fn plan(&mut self) {
        let n = self.entries.len();
        // The kind of object at the bottom of each entry's chain: 0 while unknown, BROKEN when the
        // chain has a missing base or a cycle (deltas named by id, in a corrupt or crafted pack).
        // Entries on the chain being followed are marked, so that each entry is followed once.
        const BROKEN: u8 = 255;
        const FOLLOWING: u8 = 254;
        let mut root_kind = vec![0u8; n];
        let mut chain: Vec<u32> = Vec::new();
        for i in 0..n {
            let mut j = i as u32;
            chain.clear();
            let kind = loop {
                let e = &self.entries[j as usize];
                match root_kind[j as usize] {
                    0 => {}
                    FOLLOWING => break BROKEN,
                    known => break known,
                }
                if e.kind < OBJ_OFS_DELTA {
                    root_kind[j as usize] = e.kind;
                    break e.kind;
                }
                chain.push(j);
                root_kind[j as usize] = FOLLOWING;
                if e.base == NONE {
                    break BROKEN;
                }
                j = e.base;
            };
            for &c in &chain {
                root_kind[c as usize] = kind;
            }
        }
        let mut needed = vec![false; n];
        for (i, (e, &kind)) in self.entries.iter().zip(&root_kind).enumerate() {
            if e.want == NONE || kind != OBJ_BLOB {
                continue;
            }
            let mut j = i as u32;
            while !needed[j as usize] {
                needed[j as usize] = true;
                let e = &self.entries[j as usize];
                if e.kind < OBJ_OFS_DELTA {
                    self.roots.push(j);
                    break;
                }
                j = e.base;
            }
        }
        // Children lists in compressed form.
        let deltas: Vec<u32> = (0..n as u32)
            .filter(|&i| needed[i as usize] && self.entries[i as usize].kind >= OBJ_OFS_DELTA)
            .collect();
        let mut counts = vec![0u32; n + 1];
        for &i in &deltas {
            counts[self.entries[i as usize].base as usize + 1] += 1;
        }
        for i in 0..n {
            counts[i + 1] += counts[i];
        }
        let mut fill = counts.clone();
        self.children = vec![0; deltas.len()];
        for &i in &deltas {
            let slot = &mut fill[self.entries[i as usize].base as usize];
            self.children[*slot as usize] = i;
            *slot += 1;
        }
        self.child_start = counts;
    }

    fn children_of(&self, i: u32) -> &[u32] {
        let (a, b) = (
            self.child_start[i as usize],
            self.child_start[i as usize + 1],
        );
        &self.children[a as usize..b as usize]
    }

    /// Decodes every planned tree, in parallel on the current rayon pool.
    fn walk(&self, max_size: u64, f: &(dyn Fn(u32, &[u8]) + Sync), delivery: &Delivery) {
        let held = AtomicU64::new(0);
        let cx = Walk {
            pack: self,
            max_size,
            f,
            delivery,
            held: &held,
        };
        let cx = &cx;
        rayon::scope(|s| {
            for &root in &self.roots {
                s.spawn(move |s| cx.descend(s, root, None));
            }
        });
        release_spares();
    }

    /// The content of entry `i`: inflated, and if it is a delta, applied to `base`.
    fn decode(&self, i: u32, base: Option<&[u8]>, max_size: u64) -> Option<Buf> {
        let e = &self.entries[i as usize];
        let is_delta = e.kind >= OBJ_OFS_DELTA;
        // An object over the limit is never inflated; a delta is small, its result is checked below.
        if !is_delta && e.size > max_size {
            return None;
        }
        let start = e.offset + u64::from(e.header_len);
        let end = self
            .entries
            .get(i as usize + 1)
            .map_or(self.data_end, |n| n.offset);
        // A zlib stream is never much longer than what it holds (stored blocks add 5 bytes per 64
        // KiB), nor holds more than 1032 times its length; a delta is never much bigger than the
        // object it makes. Sizes outside these bounds come from a corrupt or crafted pack, and are not
        // allocated.
        let span = end.checked_sub(start)?;
        if span > e.size + e.size / 1024 + 64
            || e.size > span.saturating_mul(1032) + 64
            || (is_delta && e.size > max_size.saturating_mul(2).saturating_add(1024))
        {
            return None;
        }
        INFLATE.with(|st| {
            let st = &mut *st.borrow_mut();
            if !is_delta {
                let mut out = st.spare.take(usize::try_from(e.size).ok()?);
                st.inflate(&self.file, start, end, e.size, &mut out)?;
                return Some(out);
            }
            // The delta's instructions are needed only while they are applied: they stay in the
            // thread's own buffer.
            let mut delta = std::mem::take(&mut st.delta);
            let out = st
                .inflate(&self.file, start, end, e.size, &mut delta)
                .and_then(|()| apply_delta(base?, delta.as_slice(), max_size, &mut st.spare));
            st.delta = delta;
            out
        })
    }
}

/// Base content kept in memory while children still need it. Bases held at once are capped at
/// [`HELD_BUDGET`] bytes: a pack crafted so that every level of a deep delta tree has a sibling
/// waiting (tiny deltas, each copying a big base) would otherwise hold every level at once.
const HELD_BUDGET: u64 = 256 << 20;

struct Held<'a> {
    data: Buf,
    held: &'a AtomicU64,
}

impl<'a> Held<'a> {
    /// Counts the whole buffer, not only the object in it: a reused buffer may be larger.
    fn new(data: Buf, held: &'a AtomicU64) -> Self {
        held.fetch_add(data.bytes.len() as u64, Ordering::Relaxed);
        Held { data, held }
    }
}

impl Drop for Held<'_> {
    /// The last holder of a base gives its buffer to the thread it runs on, for the next object.
    fn drop(&mut self) {
        self.held
            .fetch_sub(self.data.bytes.len() as u64, Ordering::Relaxed);
        recycle(std::mem::take(&mut self.data));
    }
}

/// One walk over a pack's delta trees.
struct Walk<'a> {
    pack: &'a Pack,
    max_size: u64,
    f: &'a (dyn Fn(u32, &[u8]) + Sync),
    delivery: &'a Delivery,
    held: &'a AtomicU64,
}

impl<'a> Walk<'a> {
    /// Decodes entry `i` (applying it to `base` if it is a delta), hands it over if it is wanted, then
    /// does the same for its children: the last one on this thread, the others as tasks other threads
    /// may take. A failure stops this branch only; its blobs stay undelivered, and so do the children
    /// left when the bases held reach [`HELD_BUDGET`].
    fn descend<'s>(&'s self, s: &rayon::Scope<'s>, mut i: u32, mut base: Option<Arc<Held<'a>>>)
    where
        'a: 's,
    {
        let pack = self.pack;
        loop {
            let decoded = pack.decode(i, base.as_deref().map(|b| b.data.as_slice()), self.max_size);
            // The base is dropped before the next level is decoded (and its buffer reused).
            drop(base.take());
            let Some(data) = decoded else {
                return;
            };
            let e = &pack.entries[i as usize];
            if e.want != NONE {
                (self.f)(e.want, data.as_slice());
                self.delivery.delivered[e.want as usize].store(true, Ordering::Relaxed);
            }
            let kids = pack.children_of(i);
            let Some((&last, rest)) = kids.split_last() else {
                // Nothing is made from this object: its buffer serves the next one.
                recycle(data);
                return;
            };
            let data = Arc::new(Held::new(data, self.held));
            if self.held.load(Ordering::Relaxed) <= HELD_BUDGET {
                for &k in rest {
                    let d = Arc::clone(&data);
                    s.spawn(move |s| self.descend(s, k, Some(d)));
                }
            }
            base = Some(data);
            i = last;
        }
    }
}

thread_local! {
    static INFLATE: std::cell::RefCell<Inflater> = std::cell::RefCell::new(Inflater::default());
}

/// An object's content: `bytes[..len]`. The buffer is reused from object to object on a thread
/// ([`Spare`]), and keeps the length of the largest object it held, so that a reused buffer is
/// overwritten, never zero-filled again.
#[derive(Default)]
struct Buf {
    bytes: Vec<u8>,
    len: usize,
}

impl Buf {
    fn as_slice(&self) -> &[u8] {
        &self.bytes[..self.len]
    }

    /// Makes room for `len` bytes and returns them, to be overwritten whole.
    fn fill(&mut self, len: usize) -> &mut [u8] {
        if self.bytes.len() < len {
            self.bytes.resize(len, 0);
        }
        self.len = len;
        &mut self.bytes[..len]
    }
}

/// Buffers of a thread that no object holds any more, for the next objects: a blob that is no
/// delta base, a base whose last child is made, a delta's instructions once applied. Capped, so that
/// a few large objects do not stay resident for the rest of the scan.
#[derive(Default)]
struct Spare {
    bufs: Vec<Buf>,
}

/// Buffers kept per thread, and the most bytes they may hold together.
const SPARE_BUFS: usize = 4;
const SPARE_BYTES: usize = 32 << 20;

impl Spare {
    /// A buffer for an object of `size` bytes: the smallest spare one that holds it, else the
    /// largest (grown by the caller), else a new one.
    fn take(&mut self, size: usize) -> Buf {
        let fits = (0..self.bufs.len())
            .filter(|&k| self.bufs[k].bytes.len() >= size)
            .min_by_key(|&k| self.bufs[k].bytes.len());
        let pick = fits.or_else(|| (0..self.bufs.len()).max_by_key(|&k| self.bufs[k].bytes.len()));
        pick.map_or_else(Buf::default, |k| self.bufs.swap_remove(k))
    }

    /// Keeps `buf` for later, within [`SPARE_BUFS`] and [`SPARE_BYTES`] (the smallest go first).
    fn give(&mut self, buf: Buf) {
        if buf.bytes.len() > SPARE_BYTES {
            return;
        }
        self.bufs.push(buf);
        self.bufs
            .sort_unstable_by_key(|b| std::cmp::Reverse(b.bytes.len()));
        let mut total = 0;
        let keep = self
            .bufs
            .iter()
            .take(SPARE_BUFS)
            .take_while(|b| {
                total += b.bytes.len();
                total <= SPARE_BYTES
            })
            .count();
        self.bufs.truncate(keep);
    }
}

/// Hands a buffer no object needs any more to the current thread's spares.
fn recycle(buf: Buf) {
    // Neither fails in a walk (no buffer is recycled while the thread's state is borrowed, and the
    // state outlives the walk); if one did, the buffer would simply be freed.
    let _ = INFLATE.try_with(|st| {
        if let Ok(mut st) = st.try_borrow_mut() {
            st.spare.give(buf);
        }
    });
}

/// Frees the spare buffers of every thread of the current rayon pool, once a walk is over.
fn release_spares() {
    rayon::broadcast(|_| {
        let _ = INFLATE.try_with(|st| {
            if let Ok(mut st) = st.try_borrow_mut() {
                st.spare = Spare::default();
                st.delta = Buf::default();
            }
        });
    });
}

/// Per-thread inflate state and buffers, reused from entry to entry. libdeflate inflates a whole
/// buffer of known size at once, which is all a pack entry ever needs (its size is in its header).
#[derive(Default)]
struct Inflater {
    z: Option<libdeflater::Decompressor>,
    input: Buf,
    /// A delta's instructions, while they are applied.
    delta: Buf,
    spare: Spare,
}

impl Inflater {
    /// Inflates the zlib stream in `file[start..end]`, which must hold exactly `size` bytes, into
    /// `out`.
    fn inflate(
        &mut self,
        file: &File,
        start: u64,
        end: u64,
        size: u64,
        out: &mut Buf,
    ) -> Option<()> {
        let size = usize::try_from(size).ok()?;
        let len = usize::try_from(end.checked_sub(start)?).ok()?;
        let input = self.input.fill(len);
        read_exact_at(file, input, start).ok()?;
        let z = self.z.get_or_insert_with(libdeflater::Decompressor::new);
        // A stream that inflates to more than `size` bytes fails; one that ends early is caught here.
        let n = z.zlib_decompress(input, out.fill(size)).ok()?;
        (n == size).then_some(())
    }
}

/// Reads `buf.len()` bytes at `offset` without moving a shared cursor, so threads can share the file.
fn read_exact_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<()> {
    #[cfg(unix)]
    {
        std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
    }
    #[cfg(windows)]
    {
        let (mut done, mut buf) = (0u64, buf);
        while !buf.is_empty() {
            let n = std::os::windows::fs::FileExt::seek_read(file, buf, offset + done)?;
            if n == 0 {
                return Err(io::ErrorKind::UnexpectedEof.into());
            }
            buf = &mut buf[n..];
            done += n as u64;
        }
        Ok(())
    }
}

/// Little-endian base-128 size at the start of a delta.
fn delta_size(d: &mut &[u8]) -> Option<u64> {
    let mut size = 0u64;
    let mut shift = 0;
    loop {
        let (&c, rest) = d.split_first()?;
        *d = rest;
        if shift > 63 {
            return None;
        }
        size |= u64::from(c & 0x7f) << shift;
        shift += 7;
        if c & 0x80 == 0 {
            return Some(size);
        }
    }
}

/// Applies a git delta to `base`, into a buffer from `spare`. `None` if the delta is malformed, does
/// not fit the base, or would produce more than `max_size` bytes.
fn apply_delta(base: &[u8], delta: &[u8], max_size: u64, spare: &mut Spare) -> Option<Buf> {
    let mut d = delta;
    if delta_size(&mut d)? != base.len() as u64 {
        return None;
    }
    let out_size = delta_size(&mut d)?;
    if out_size > max_size {
        return None;
    }
    let out_size = usize::try_from(out_size).ok()?;
    let mut buf = spare.take(out_size);
    let out = buf.fill(out_size);
    let mut at = 0usize;
    while let Some((&op, rest)) = d.split_first() {
        d = rest;
        let piece = if op & 0x80 != 0 {
            // Copy from the base: which offset and size bytes follow is given by the op's low bits.
            let mut take = |bits: u8, n: usize| -> Option<usize> {
                let mut v = 0usize;
                for k in 0..n {
                    if bits & (1 << k) != 0 {
                        let (&b, rest) = d.split_first()?;
                        d = rest;
                        v |= usize::from(b) << (8 * k);
                    }
                }
                Some(v)
            };
            let off = take(op & 0x0f, 4)?;
            let len = match take((op >> 4) & 0x07, 3)? {
                0 => 0x10000,
                n => n,
            };
            base.get(off..off.checked_add(len)?)?
        } else if op != 0 {
            // Insert the next `op` bytes of the delta.
            let (insert, rest) = d.split_at_checked(usize::from(op))?;
            d = rest;
            insert
        } else {
            return None; // reserved
        };
        // A result longer than announced fails here.
        out.get_mut(at..at + piece.len())?.copy_from_slice(piece);
        at += piece.len();
    }
    (at == out_size).then_some(buf)
}

/// Reads a version 2 pack index: every object's offset, and which of them are wanted. A wanted object
/// already claimed by an earlier pack is not wanted again.
fn read_index(
    idx_path: &Path,
    wanted: &HashMap<Oid, u32>,
    claimed: &mut [bool],
) -> io::Result<Vec<Entry>> {
    let layout = IndexLayout::read(idx_path)?;
    let n = layout.count;
    let mut names = BufReader::with_capacity(64 << 10, File::open(idx_path)?);
    names.seek(SeekFrom::Start(layout.names_at))?;
    let mut offsets = BufReader::with_capacity(64 << 10, File::open(idx_path)?);
    offsets.seek(SeekFrom::Start(layout.offsets_at))?;
    let mut large = Vec::new();
    if layout.large_count > 0 {
        let mut f = File::open(idx_path)?;
        f.seek(SeekFrom::Start(layout.offsets_at + 4 * n))?;
        large = vec![0u8; 8 * layout.large_count as usize];
        f.read_exact(&mut large)?;
    }
    let mut entries = Vec::with_capacity(n as usize);
    let mut name = [0u8; HASH];
    let mut word = [0u8; 4];
    for _ in 0..n {
        names.read_exact(&mut name)?;
        offsets.read_exact(&mut word)?;
        let raw = u32::from_be_bytes(word);
        let offset = if raw & 0x8000_0000 == 0 {
            u64::from(raw)
        } else {
            let k = (raw & 0x7fff_ffff) as usize;
            let b = large
                .get(8 * k..8 * k + 8)
                .ok_or_else(|| invalid("large offset out of range"))?;
            u64::from_be_bytes(b.try_into().expect("8 bytes"))
        };
        let mut want = NONE;
        if let Some(&w) = Oid::from_bytes(&name).ok().and_then(|o| wanted.get(&o)) {
            if !claimed[w as usize] {
                claimed[w as usize] = true;
                want = w;
            }
        }
        entries.push(Entry {
            offset,
            header_len: 0,
            kind: 0,
            size: 0,
            base: NONE,
            want,
        });
    }
    Ok(entries)
}

/// Where the tables of a version 2 pack index are.
struct IndexLayout {
    fanout: [u32; 256],
    count: u64,
    names_at: u64,
    offsets_at: u64,
    large_count: u64,
}

impl IndexLayout {
    fn read(idx_path: &Path) -> io::Result<IndexLayout> {
        let mut f = File::open(idx_path)?;
        let len = f.metadata()?.len();
        let mut head = [0u8; 8 + 1024];
        f.read_exact(&mut head)?;
        if head[..8] != [0xff, b't', b'O', b'c', 0, 0, 0, 2] {
            return Err(invalid("not a version 2 pack index"));
        }
        let mut fanout = [0u32; 256];
        for (k, v) in fanout.iter_mut().enumerate() {
            *v = u32::from_be_bytes(head[8 + 4 * k..12 + 4 * k].try_into().expect("4 bytes"));
        }
        let count = u64::from(fanout[255]);
        let names_at = 8 + 1024;
        let fixed = names_at + count * (HASH as u64 + 8) + 2 * HASH as u64;
        // Whatever is left is the table of 8-byte offsets; any other size is not a SHA-1 index.
        let rest = len
            .checked_sub(fixed)
            .filter(|r| r % 8 == 0)
            .ok_or_else(|| invalid("pack index size does not match its object count"))?;
        Ok(IndexLayout {
            fanout,
            count,
            names_at,
            offsets_at: names_at + count * (HASH as u64 + 4),
            large_count: rest / 8,
        })
    }
}

/// Looks object names up in a pack index on disk, for the rare delta whose base is named by id.
struct IndexLookup {
    file: File,
    layout: IndexLayout,
}

impl IndexLookup {
    fn open(idx_path: &Path) -> io::Result<IndexLookup> {
        Ok(IndexLookup {
            layout: IndexLayout::read(idx_path)?,
            file: File::open(idx_path)?,
        })
    }

    fn offset_of(&self, id: &[u8; HASH]) -> io::Result<Option<u64>> {
        let first = usize::from(id[0]);
        let mut lo = if first == 0 {
            0
        } else {
            u64::from(self.layout.fanout[first - 1])
        };
        let mut hi = u64::from(self.layout.fanout[first]);
        let mut name = [0u8; HASH];
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            read_exact_at(
                &self.file,
                &mut name,
                self.layout.names_at + mid * HASH as u64,
            )?;
            match name.cmp(id) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => {
                    let mut word = [0u8; 4];
                    read_exact_at(&self.file, &mut word, self.layout.offsets_at + 4 * mid)?;
                    let raw = u32::from_be_bytes(word);
                    if raw & 0x8000_0000 == 0 {
                        return Ok(Some(u64::from(raw)));
                    }
                    let k = u64::from(raw & 0x7fff_ffff);
                    if k >= self.layout.large_count {
                        return Ok(None);
                    }
                    let mut big = [0u8; 8];
                    let large_at = self.layout.offsets_at + 4 * self.layout.count;
                    read_exact_at(&self.file, &mut big, large_at + 8 * k)?;
                    return Ok(Some(u64::from_be_bytes(big)));
                }
            }
        }
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(offset: u64, kind: u8, base: u32, want: u32) -> Entry {
        Entry {
            offset,
            header_len: 2,
            kind,
            size: 1,
            base,
            want,
        }
    }

    #[test]
    fn plan_follows_chains_once_and_drops_cycles_and_missing_bases() {
        let mut pack = Pack {
            file: tempfile::tempfile().unwrap(),
            entries: vec![
                entry(12, OBJ_BLOB, NONE, NONE),   // 0: a whole blob, a base only
                entry(20, OBJ_OFS_DELTA, 0, 0),    // 1: wanted, on 0
                entry(30, OBJ_REF_DELTA, 3, 1),    // 2: wanted, on 3 ...
                entry(40, OBJ_REF_DELTA, 2, NONE), // 3: ... which is on 2: a cycle
                entry(50, OBJ_REF_DELTA, 4, 2),    // 4: wanted, on itself
                entry(60, OBJ_REF_DELTA, NONE, 3), // 5: wanted, base not in this pack
                entry(70, 2, NONE, NONE),          // 6: a tree
                entry(80, OBJ_OFS_DELTA, 6, 4),    // 7: wanted, but a tree's delta
                entry(90, OBJ_OFS_DELTA, 1, 5),    // 8: wanted, on 1
            ],
            data_end: 100,
            roots: Vec::new(),
            child_start: Vec::new(),
            children: Vec::new(),
        };
        pack.plan();
        assert_eq!(pack.roots, vec![0]);
        assert_eq!(pack.children_of(0), &[1]);
        assert_eq!(pack.children_of(1), &[8]);
        for i in 2..8 {
            assert!(pack.children_of(i).is_empty(), "entry {i}");
        }
    }

    /// `apply_delta` with no spare buffer to reuse.
    fn delta_into_fresh(base: &[u8], delta: &[u8], max_size: u64) -> Option<Vec<u8>> {
        apply_delta(base, delta, max_size, &mut Spare::default()).map(|b| b.as_slice().to_vec())
    }

    /// A spare buffer holding 64 bytes of 0xee from an earlier, larger object.
    fn stale_spare() -> Spare {
        let mut spare = Spare::default();
        let mut old = Buf::default();
        old.fill(64).fill(0xee);
        spare.give(old);
        spare
    }

    #[test]
    fn a_reused_buffer_yields_only_the_new_object() {
        let base = b"hello, world";
        let delta = [12, 11, 0x90, 5, 2, b'!', b'!', 0x91, 7, 4];
        let mut spare = stale_spare();
        let out = apply_delta(base, &delta, 100, &mut spare).unwrap();
        assert_eq!(out.as_slice(), b"hello!!worl");
        assert_eq!(
            out.bytes.len(),
            64,
            "the spare buffer was reused, not a new one"
        );
        // A result longer than announced fails even though the reused buffer has room for it.
        let mut spare = stale_spare();
        assert!(apply_delta(b"hello", &[5, 1, 2, b'x', b'y'], 100, &mut spare).is_none());
        // A result shorter than announced fails rather than showing the stale bytes after it.
        let mut spare = stale_spare();
        assert!(apply_delta(b"hello", &[5, 3, 2, b'x', b'y'], 100, &mut spare).is_none());
    }

    #[test]
    fn a_held_base_counts_its_whole_buffer() {
        // A 10-byte object in a reused 64-byte buffer holds 64 bytes until it is dropped.
        let held = AtomicU64::new(0);
        let mut spare = stale_spare();
        let mut buf = spare.take(10);
        buf.fill(10);
        let base = Held::new(buf, &held);
        assert_eq!(held.load(Ordering::Relaxed), 64);
        drop(base);
        assert_eq!(held.load(Ordering::Relaxed), 0);
    }

    #[test]
    fn spares_are_capped_in_number_and_bytes() {
        let buf = |n: usize| {
            let mut b = Buf::default();
            b.fill(n);
            b
        };
        let mut spare = Spare::default();
        for n in [10, 20, 30, 40, 50] {
            spare.give(buf(n));
        }
        let mut kept: Vec<usize> = spare.bufs.iter().map(|b| b.bytes.len()).collect();
        kept.sort_unstable();
        assert_eq!(kept, vec![20, 30, 40, 50], "the smallest goes first");
        // The best fit is taken: the smallest that holds the object, else the largest.
        assert_eq!(spare.take(25).bytes.len(), 30);
        assert_eq!(spare.take(1000).bytes.len(), 50);
        // A buffer over the byte cap is not kept at all, and together they stay under it.
        spare.give(buf(SPARE_BYTES + 1));
        assert!(spare.bufs.iter().all(|b| b.bytes.len() <= 40));
        spare.give(buf(SPARE_BYTES - 10));
        let total: usize = spare.bufs.iter().map(|b| b.bytes.len()).sum();
        assert!(total <= SPARE_BYTES, "{total}");
    }

    #[test]
    fn delta_copies_and_inserts() {
        let base = b"hello, world";
        // source size 12, target size 11; copy 5 bytes at 0; insert "!!"; copy 4 bytes at 7 ("worl")
        let delta = [12, 11, 0x90, 5, 2, b'!', b'!', 0x91, 7, 4];
        assert_eq!(
            delta_into_fresh(base, &delta, 100).as_deref(),
            Some(&b"hello!!worl"[..])
        );
    }

    #[test]
    fn delta_rejects_what_does_not_fit() {
        let base = b"hello";
        // wrong source size
        assert!(delta_into_fresh(base, &[4, 1, 1, b'x'], 100).is_none());
        // copy past the end of the base
        assert!(delta_into_fresh(base, &[5, 3, 0x91, 4, 3], 100).is_none());
        // result longer than announced
        assert!(delta_into_fresh(base, &[5, 1, 2, b'x', b'y'], 100).is_none());
        // result over the size limit
        assert!(delta_into_fresh(base, &[5, 2, 2, b'x', b'y'], 1).is_none());
        // reserved op 0
        assert!(delta_into_fresh(base, &[5, 1, 0], 100).is_none());
        // truncated insert
        assert!(delta_into_fresh(base, &[5, 3, 3, b'x'], 100).is_none());
    }

    #[test]
    fn copy_of_size_zero_means_64_kib() {
        let base = vec![7u8; 0x10000];
        // source size 65536 = 0x80 0x80 0x04; target the same; copy with no size byte.
        let delta = [0x80, 0x80, 0x04, 0x80, 0x80, 0x04, 0x80];
        assert_eq!(delta_into_fresh(&base, &delta, u64::MAX), Some(base));
    }
}
