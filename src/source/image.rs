//! Container images: a `docker save` tarball (`manifest.json` and layer tars), an OCI image layout
//! (`oci-layout`, `index.json`, `blobs/<alg>/<hex>`) as a directory or packed in a tar, either tar
//! possibly compressed as a whole.
//!
//! The manifest is read first, then every image it names: its config (environment, labels, build
//! history: offered as the JSON it is), then its layers in order, each streamed through
//! [`container::layer`] under one set of bounds for the whole image. Every regular file of every
//! layer is offered as a blob at `IMAGE!/layer N (sha256:…)!/PATH`; [`Image::place`] later splits
//! such a location into the image's path and the chain inside it, and says whether the file is
//! still in the image's final filesystem or only in its layer (deleted or replaced by a whiteout,
//! an opaque directory, or a later entry at the same path).
//!
//! Nothing is written to disk, and no name read from the image is ever used as a path: a directory
//! layout is listed first (symbolic links not followed) and names from the manifests are looked up
//! in that list; a tar's members are located by their offsets in the tar.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;

use super::{Blob, Loaded, Origin, Sink, Source};
use crate::container::layer::{self, Budget, Change};
use crate::container::{self, Kind, Limits};

/// The largest manifest, index or config read (they are small JSON documents).
const JSON_CAP: u64 = 64 << 20;
/// An image compressed as a whole is inflated in memory: at most this much.
const MEMORY_CAP: u64 = 4 << 30;
/// Files listed in a directory layout, and members of an image tar, at most.
const MEMBERS_CAP: usize = 1_000_000;
/// Indexes inside indexes (multi-platform images), at most.
const INDEX_DEPTH: u32 = 4;

/// The bounds of one image: every file up to the scan's size limit, and bounds on the whole that a
/// real image stays far below but a bomb does not (64 GiB inflated, a million entries, a layer
/// inflating past 200 times its compressed size once over 1 MiB).
pub fn limits(max_file_size: u64) -> Limits {
    Limits {
        total: 64 << 30,
        entry: max_file_size,
        entries: 1_000_000,
        depth: 1,
        ratio: 200,
    }
}

/// A container image to scan.
pub struct Image {
    /// The tar file or layout directory.
    pub path: PathBuf,
    /// Its path as reports show it (the findings' `path`).
    pub shown: String,
    pub threads: usize,
    /// What each image's layers hold, filled while enumerating, for [`Image::place`].
    seen: Mutex<Vec<Seen>>,
}

/// One image of the file (a `docker save` may hold several, an OCI index several platforms).
#[derive(Default)]
struct Seen {
    /// `image N!/` when the file holds more than one image, else empty.
    prefix: String,
    config: Option<String>,
    layers: Vec<LayerSeen>,
}

#[derive(Default)]
struct LayerSeen {
    label: String,
    /// Every path the layer adds or replaces, and whether it is a directory.
    entries: HashMap<String, bool>,
    whiteouts: HashSet<String>,
    opaque: HashSet<String>,
}

/// Where a finding is, once its location is split: the chain below the image (`layer 3
/// (sha256:…)!/etc/app.env`) and whether that file is still in the image.
#[derive(Debug, PartialEq, Eq)]
pub struct Placed {
    pub inner: String,
    pub state: String,
}

impl Image {
    pub fn new(path: PathBuf, shown: String, threads: usize) -> Image {
        Image {
            path,
            shown,
            threads: threads.max(1),
            seen: Mutex::new(Vec::new()),
        }
    }

    /// Splits a blob's location (`IMAGE!/layer N (…)!/PATH`, as offered) into the chain below the
    /// image and the file's state: in the final filesystem, or only in its layer. `None` for a
    /// location this image did not offer.
    pub fn place(&self, location: &str) -> Option<Placed> {
        let rest = location.strip_prefix(&self.shown)?.strip_prefix("!/")?;
        let seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        for image in seen.iter() {
            let Some(within) = rest.strip_prefix(&image.prefix) else {
                continue;
            };
            if image.config.as_deref() == Some(within) {
                return Some(Placed {
                    inner: rest.to_string(),
                    state: "in the image config".into(),
                });
            }
            for (i, l) in image.layers.iter().enumerate() {
                let Some(path) = within
                    .strip_prefix(l.label.as_str())
                    .and_then(|p| p.strip_prefix("!/"))
                else {
                    continue;
                };
                let state = match hidden_by(&image.layers, i, path) {
                    Some(j) => format!(
                        "only in layer {}: deleted or replaced in layer {}, not in the image's \
                         final filesystem",
                        i + 1,
                        j + 1
                    ),
                    None => "in the image".to_string(),
                };
                return Some(Placed {
                    inner: rest.to_string(),
                    state,
                });
            }
        }
        None
    }
}

/// The first layer above `i` that deletes or replaces the file `path` of layer `i`, if any.
fn hidden_by(layers: &[LayerSeen], i: usize, path: &str) -> Option<usize> {
    // `a/b/c` -> `a/b`, `a`, and the root (for an opaque root).
    let ancestors: Vec<&str> = path
        .match_indices('/')
        .map(|(at, _)| &path[..at])
        .chain(std::iter::once(""))
        .collect();
    for (j, l) in layers.iter().enumerate().skip(i + 1) {
        if l.entries.contains_key(path) || l.whiteouts.contains(path) {
            return Some(j);
        }
        for a in &ancestors {
            if a.is_empty() {
                if l.opaque.contains("") {
                    return Some(j);
                }
                continue;
            }
            if l.whiteouts.contains(*a)
                || l.opaque.contains(*a)
                || l.entries.get(*a) == Some(&false)
            {
                return Some(j);
            }
        }
    }
    None
}

impl Source for Image {
    fn enumerate<S: Sink>(&self, sink: &S) -> Result<(), String> {
        let limits = limits(sink.size_limit());
        let store = Store::load(&self.path).map_err(|e| format!("{}: {e}", self.shown))?;
        let images = manifests(&store).map_err(|e| format!("{}: {e}", self.shown))?;
        let several = images.len() > 1;
        for (n, image) in images.iter().enumerate() {
            let prefix = if several {
                format!("image {}!/", n + 1)
            } else {
                String::new()
            };
            self.one(sink, &store, image, prefix, &limits);
        }
        Ok(())
    }
}

impl Image {
    fn one<S: Sink>(
        &self,
        sink: &S,
        store: &Store,
        image: &ImageRef,
        prefix: String,
        limits: &Limits,
    ) {
        let at = |label: &str| format!("{}!/{prefix}{label}", self.shown);
        // The config: offered as it is, and read for the layers' digests.
        let mut diff_ids: Vec<String> = Vec::new();
        let mut config_label = None;
        if let Some(name) = &image.config {
            let label = format!("config ({})", short(&digest_of(name, None)));
            match store.read(name, JSON_CAP) {
                Ok(Some(bytes)) => {
                    if let Ok(v) = serde_json::from_slice::<Value>(&bytes) {
                        diff_ids = v
                            .pointer("/rootfs/diff_ids")
                            .and_then(Value::as_array)
                            .map(|a| {
                                a.iter()
                                    .filter_map(|d| d.as_str().map(str::to_string))
                                    .collect()
                            })
                            .unwrap_or_default();
                    }
                    let blob = MemBlob {
                        origins: [Origin {
                            path: at(&label),
                            commit: None,
                        }],
                        bytes: Cow::Owned(bytes),
                    };
                    let mut worker = sink.worker();
                    sink.blob(&mut worker, &blob);
                }
                Ok(None) => sink.error(
                    &at(&label),
                    "named in the manifest, but not in the image".into(),
                ),
                Err(e) => sink.error(&at(&label), e),
            }
            config_label = Some(label);
        }
        let labels: Vec<String> = image
            .layers
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let d = digest_of(
                    &l.name,
                    l.digest.as_deref().or(diff_ids.get(i).map(String::as_str)),
                );
                format!("layer {} ({})", i + 1, short(&d))
            })
            .collect();
        let seen: Vec<Mutex<LayerSeen>> = labels
            .iter()
            .map(|l| {
                Mutex::new(LayerSeen {
                    label: l.clone(),
                    ..LayerSeen::default()
                })
            })
            .collect();
        let budget = Budget::default();
        let next = AtomicUsize::new(0);
        let threads = self.threads.min(image.layers.len()).max(1);
        std::thread::scope(|scope| {
            for _ in 0..threads {
                scope.spawn(|| {
                    let mut worker = sink.worker();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= image.layers.len() {
                            break;
                        }
                        let base = at(&labels[i]);
                        let mut l = seen[i].lock().unwrap_or_else(|p| p.into_inner());
                        self.layer(
                            sink,
                            &mut worker,
                            store,
                            &image.layers[i].name,
                            &base,
                            limits,
                            &budget,
                            &mut l,
                        );
                    }
                });
            }
        });
        let layers = seen
            .into_iter()
            .map(|m| m.into_inner().unwrap_or_else(|p| p.into_inner()))
            .collect();
        self.seen
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(Seen {
                prefix,
                config: config_label,
                layers,
            });
    }

    #[allow(clippy::too_many_arguments)]
    fn layer<S: Sink>(
        &self,
        sink: &S,
        worker: &mut S::Worker,
        store: &Store,
        name: &str,
        base: &str,
        limits: &Limits,
        budget: &Budget,
        seen: &mut LayerSeen,
    ) {
        let (reader, size) = match store.open(name) {
            Ok(Some(r)) => r,
            Ok(None) => {
                sink.error(base, "named in the manifest, but not in the image".into());
                return;
            }
            Err(e) => {
                sink.error(base, e);
                return;
            }
        };
        let walked = layer::walk_layer(reader, size, limits, budget, &mut |change| match change {
            Change::File { path, bytes } => {
                seen.entries.insert(path.to_string(), false);
                let blob = MemBlob {
                    origins: [Origin {
                        path: format!("{base}!/{path}"),
                        commit: None,
                    }],
                    bytes: Cow::Borrowed(bytes),
                };
                sink.blob(worker, &blob);
            }
            Change::Large { path, size } => {
                seen.entries.insert(path.to_string(), false);
                let blob = LargeBlob {
                    origins: [Origin {
                        path: format!("{base}!/{path}"),
                        commit: None,
                    }],
                    size,
                };
                sink.blob(worker, &blob);
            }
            Change::Other { path, dir } => {
                seen.entries.insert(path.to_string(), dir);
            }
            Change::Whiteout { path } => {
                seen.whiteouts.insert(path.to_string());
            }
            Change::Opaque { dir } => {
                seen.opaque.insert(dir.to_string());
            }
            Change::NotScanned { path, why } => {
                let at = if path.is_empty() {
                    base.to_string()
                } else {
                    format!("{base}!/{path}")
                };
                sink.not_scanned(&at, why);
            }
        });
        if let Err(e) = walked {
            sink.error(base, e);
        }
    }
}

/// `sha256:0123456789ab` from a full digest (or the name as it is when it holds none).
fn short(digest: &str) -> String {
    match digest.split_once(':') {
        Some((alg, hex)) if hex.len() > 12 => format!("{alg}:{}", &hex[..12]),
        _ => digest.to_string(),
    }
}

/// A blob's digest: the one its descriptor gives, else the one its name holds
/// (`blobs/sha256/HEX`, `HEX.json`, `HEX/layer.tar`), else `fallback`, else the name itself.
fn digest_of(name: &str, given: Option<&str>) -> String {
    let hex = |s: &str| s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit());
    if let Some(rest) = name.strip_prefix("blobs/") {
        if let Some((alg, h)) = rest.split_once('/') {
            if hex(h) {
                return format!("{alg}:{h}");
            }
        }
    }
    if let Some(g) = given {
        return g.to_string();
    }
    let stem = name.strip_suffix(".json").unwrap_or(name);
    if hex(stem) {
        return format!("sha256:{stem}");
    }
    name.to_string()
}

/// A blob held in memory (a layer's file, a config).
struct MemBlob<'a> {
    origins: [Origin; 1],
    bytes: Cow<'a, [u8]>,
}

impl Blob for MemBlob<'_> {
    fn origins(&self) -> &[Origin] {
        &self.origins
    }
    fn size(&self) -> Option<u64> {
        Some(self.bytes.len() as u64)
    }
    fn read(&self, _limit: u64) -> Result<Loaded<'_>, String> {
        Ok(Loaded::Bytes(Cow::Borrowed(&self.bytes)))
    }
}

/// A layer's file over the size limit: its size and name only (the pipeline reports it as too large
/// and still checks its name).
struct LargeBlob {
    origins: [Origin; 1],
    size: u64,
}

impl Blob for LargeBlob {
    fn origins(&self) -> &[Origin] {
        &self.origins
    }
    fn size(&self) -> Option<u64> {
        Some(self.size)
    }
    fn read(&self, _limit: u64) -> Result<Loaded<'_>, String> {
        Ok(Loaded::TooLarge(self.size))
    }
}

/// One image as its manifest describes it: store names of its config and layers.
#[derive(Debug)]
struct ImageRef {
    config: Option<String>,
    layers: Vec<LayerRef>,
}

#[derive(Debug)]
struct LayerRef {
    name: String,
    /// The descriptor's digest (OCI), when there is one.
    digest: Option<String>,
}

/// The images the store's manifest names: `manifest.json` (docker save) first, else `index.json`
/// (OCI image layout).
fn manifests(store: &Store) -> Result<Vec<ImageRef>, String> {
    if let Some(bytes) = store.read("manifest.json", JSON_CAP)? {
        return docker_manifest(&bytes).map_err(|e| format!("manifest.json: {e}"));
    }
    if let Some(bytes) = store.read("index.json", JSON_CAP)? {
        let mut out = Vec::new();
        let mut done = HashSet::new();
        oci_index(store, &bytes, 0, &mut done, &mut out).map_err(|e| format!("index.json: {e}"))?;
        return Ok(out);
    }
    Err(
        "not a container image: it holds neither manifest.json (docker save) nor index.json (an \
         OCI image layout)"
            .into(),
    )
}

fn json(bytes: &[u8]) -> Result<Value, String> {
    serde_json::from_slice(bytes).map_err(|e| format!("not valid JSON: {e}"))
}

/// `[{"Config": "…", "RepoTags": […], "Layers": ["…", …]}, …]`
fn docker_manifest(bytes: &[u8]) -> Result<Vec<ImageRef>, String> {
    const SHAPE: &str =
        "not a docker-save manifest (a list of objects with a \"Config\" and \"Layers\")";
    let v = json(bytes)?;
    let list = v.as_array().ok_or(SHAPE)?;
    let mut out = Vec::new();
    for item in list {
        let config = item.get("Config").and_then(Value::as_str).ok_or(SHAPE)?;
        let layers = item.get("Layers").and_then(Value::as_array).ok_or(SHAPE)?;
        let layers = layers
            .iter()
            .map(|l| {
                l.as_str().map(|s| LayerRef {
                    name: layer::normalize(s).to_string(),
                    digest: None,
                })
            })
            .collect::<Option<Vec<_>>>()
            .ok_or(SHAPE)?;
        out.push(ImageRef {
            config: Some(layer::normalize(config).to_string()),
            layers,
        });
    }
    Ok(out)
}

/// The store name of a descriptor's blob: `blobs/<alg>/<encoded>`, from a digest checked against
/// the OCI grammar (so it cannot hold a `/` or `..`).
fn blob_name(descriptor: &Value) -> Result<(String, String), String> {
    let digest = descriptor
        .get("digest")
        .and_then(Value::as_str)
        .ok_or("a descriptor without a digest")?;
    let bad = || format!("{digest:?} is not a digest (algorithm:encoded)");
    let (alg, enc) = digest.split_once(':').ok_or_else(bad)?;
    let alg_ok = !alg.is_empty()
        && alg
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"+._-".contains(&b));
    let enc_ok = !enc.is_empty()
        && enc
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"=_-".contains(&b));
    if !alg_ok || !enc_ok {
        return Err(bad());
    }
    Ok((format!("blobs/{alg}/{enc}"), digest.to_string()))
}

fn is_index(v: &Value, media: Option<&str>) -> bool {
    media.is_some_and(|m| m.contains("image.index") || m.contains("manifest.list"))
        || (v.get("manifests").is_some() && v.get("layers").is_none())
}

/// An OCI index: every manifest it names (an index inside it is followed, to a bounded depth).
fn oci_index(
    store: &Store,
    bytes: &[u8],
    depth: u32,
    done: &mut HashSet<String>,
    out: &mut Vec<ImageRef>,
) -> Result<(), String> {
    let v = json(bytes)?;
    let list = v
        .get("manifests")
        .and_then(Value::as_array)
        .ok_or("not an OCI index (no \"manifests\" list)")?;
    for d in list {
        let (name, digest) = blob_name(d)?;
        if !done.insert(name.clone()) {
            continue;
        }
        let blob = store
            .read(&name, JSON_CAP)?
            .ok_or_else(|| format!("{digest}: named in the index, but not in the image"))?;
        let m = json(&blob).map_err(|e| format!("{digest}: {e}"))?;
        let media = d.get("mediaType").and_then(Value::as_str);
        if is_index(&m, media) {
            if depth >= INDEX_DEPTH {
                return Err(format!("indexes nested more than {INDEX_DEPTH} deep"));
            }
            oci_index(store, &blob, depth + 1, done, out).map_err(|e| format!("{digest}: {e}"))?;
            continue;
        }
        let shape = || format!("{digest}: not an OCI image manifest (no \"layers\" list)");
        let layers = m
            .get("layers")
            .and_then(Value::as_array)
            .ok_or_else(shape)?;
        let layers = layers
            .iter()
            .map(|l| {
                blob_name(l).map(|(name, digest)| LayerRef {
                    name,
                    digest: Some(digest),
                })
            })
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| format!("{digest}: {e}"))?;
        let config = match m.get("config") {
            Some(c) => Some(blob_name(c).map_err(|e| format!("{digest}: {e}"))?.0),
            None => None,
        };
        out.push(ImageRef { config, layers });
    }
    Ok(())
}

/// A member being read, and its size as stored.
type Member<'a> = (Box<dyn Read + 'a>, u64);

/// Where an image's files are: a directory (listed first), a tar on disk (members by offset), or a
/// tar inflated in memory (an image compressed as a whole).
enum Store {
    Dir(HashMap<String, PathBuf>),
    Tar(PathBuf, HashMap<String, (u64, u64)>),
    Mem(Vec<u8>, HashMap<String, (u64, u64)>),
}

impl Store {
    fn load(path: &Path) -> Result<Store, String> {
        let meta = std::fs::metadata(path).map_err(|e| format!("cannot read: {e}"))?;
        if meta.is_dir() {
            let mut files = HashMap::new();
            list_dir(path, "", 0, &mut files)?;
            return Ok(Store::Dir(files));
        }
        let mut f = std::fs::File::open(path).map_err(|e| format!("cannot read: {e}"))?;
        let mut head = Vec::new();
        (&mut f)
            .take(512)
            .read_to_end(&mut head)
            .map_err(|e| format!("cannot read: {e}"))?;
        match container::detect(&head) {
            Some(Kind::Tar) => {
                f.seek(SeekFrom::Start(0))
                    .map_err(|e| format!("cannot read: {e}"))?;
                let at = index_tar(f)?;
                Ok(Store::Tar(path.to_path_buf(), at))
            }
            Some(k @ (Kind::Gzip | Kind::Bzip2 | Kind::Xz | Kind::Zstd)) => {
                f.seek(SeekFrom::Start(0))
                    .map_err(|e| format!("cannot read: {e}"))?;
                let mut bytes = Vec::new();
                container::decompress(k, std::io::BufReader::new(f))?
                    .take(MEMORY_CAP + 1)
                    .read_to_end(&mut bytes)
                    .map_err(|e| format!("cannot be inflated: {e}"))?;
                if bytes.len() as u64 > MEMORY_CAP {
                    return Err(format!(
                        "inflates past {MEMORY_CAP} bytes: decompress it first, or save it \
                         uncompressed"
                    ));
                }
                if container::detect(&bytes) != Some(Kind::Tar) {
                    return Err(format!(
                        "a {k:?} stream that does not hold a tar: not an image"
                    ));
                }
                let at = index_tar(std::io::Cursor::new(&bytes))?;
                Ok(Store::Mem(bytes, at))
            }
            _ => Err(
                "not a container image: neither a tar (docker save, or an OCI layout packed \
                      in a tar) nor an OCI layout directory"
                    .into(),
            ),
        }
    }

    /// A member's reader and its size; `None` when the image has no such member.
    fn open(&self, name: &str) -> Result<Option<Member<'_>>, String> {
        match self {
            Store::Dir(files) => {
                let Some(p) = files.get(name) else {
                    return Ok(None);
                };
                let f = std::fs::File::open(p).map_err(|e| format!("cannot read: {e}"))?;
                let size = f.metadata().map(|m| m.len()).unwrap_or(0);
                Ok(Some((Box::new(std::io::BufReader::new(f)), size)))
            }
            Store::Tar(path, at) => {
                let Some(&(start, size)) = at.get(name) else {
                    return Ok(None);
                };
                let mut f = std::fs::File::open(path).map_err(|e| format!("cannot read: {e}"))?;
                f.seek(SeekFrom::Start(start))
                    .map_err(|e| format!("cannot read: {e}"))?;
                Ok(Some((
                    Box::new(std::io::BufReader::new(f).take(size)),
                    size,
                )))
            }
            Store::Mem(bytes, at) => {
                let Some(&(start, size)) = at.get(name) else {
                    return Ok(None);
                };
                // A member whose header claims more than the tar holds: what there is.
                let end = start.saturating_add(size).min(bytes.len() as u64);
                let slice = bytes.get(start as usize..end as usize).unwrap_or(&[]);
                Ok(Some((Box::new(slice), size)))
            }
        }
    }

    /// A small member, whole (at most `cap` bytes).
    fn read(&self, name: &str, cap: u64) -> Result<Option<Vec<u8>>, String> {
        let Some((r, size)) = self.open(name)? else {
            return Ok(None);
        };
        if size > cap {
            return Err(format!("{name}: {size} bytes, over {cap}: not a manifest"));
        }
        let mut out = Vec::new();
        r.take(cap)
            .read_to_end(&mut out)
            .map_err(|e| format!("{name}: cannot read: {e}"))?;
        Ok(Some(out))
    }
}

/// Lists the regular files of a layout directory (`blobs/sha256/…` is three deep), by their names
/// relative to it. Symbolic links are not followed.
fn list_dir(
    dir: &Path,
    rel: &str,
    depth: u32,
    out: &mut HashMap<String, PathBuf>,
) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{rel}: cannot list: {e}"))?;
    for e in entries {
        let e = e.map_err(|e| format!("{rel}: cannot list: {e}"))?;
        let Ok(ft) = e.file_type() else { continue };
        let name = super::path::from_os(Path::new(&e.file_name()));
        let key = if rel.is_empty() {
            name
        } else {
            format!("{rel}/{name}")
        };
        if ft.is_file() {
            if out.len() >= MEMBERS_CAP {
                return Err(format!(
                    "more than {MEMBERS_CAP} files: not an image layout"
                ));
            }
            out.insert(key, e.path());
        } else if ft.is_dir() && depth < 3 {
            list_dir(&e.path(), &key, depth + 1, out)?;
        }
    }
    Ok(())
}

/// The regular members of a tar: name (normalized) -> (offset of the content, size).
fn index_tar<R: Read + Seek>(r: R) -> Result<HashMap<String, (u64, u64)>, String> {
    let mut archive = ::tar::Archive::new(r);
    let entries = archive
        .entries_with_seek()
        .map_err(|e| format!("not a readable tar: {e}"))?;
    let mut at = HashMap::new();
    for entry in entries {
        let entry = entry.map_err(|e| format!("not a readable tar: {e}"))?;
        let t = entry.header().entry_type();
        if !(t.is_file() || t.is_contiguous()) {
            continue;
        }
        if at.len() >= MEMBERS_CAP {
            return Err(format!("more than {MEMBERS_CAP} members: not an image"));
        }
        let name = container::label(&entry.path_bytes());
        let name = layer::normalize(&name).to_string();
        at.insert(name, (entry.raw_file_position(), entry.size()));
    }
    Ok(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seen(entries: &[(&str, bool)], wh: &[&str], opq: &[&str]) -> LayerSeen {
        LayerSeen {
            label: String::new(),
            entries: entries.iter().map(|(p, d)| (p.to_string(), *d)).collect(),
            whiteouts: wh.iter().map(|s| s.to_string()).collect(),
            opaque: opq.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn whiteouts_opaque_dirs_and_replacements_hide_lower_files() {
        let base = seen(&[("etc/app.env", false), ("srv/a/k", false)], &[], &[]);
        let l = |x| vec![seen(&[], &[], &[]), x];
        assert_eq!(
            hidden_by(&l(seen(&[], &["etc/app.env"], &[])), 0, "etc/app.env"),
            Some(1)
        );
        assert_eq!(
            hidden_by(&l(seen(&[], &["srv"], &[])), 0, "srv/a/k"),
            Some(1)
        );
        assert_eq!(
            hidden_by(&l(seen(&[], &[], &["srv/a"])), 0, "srv/a/k"),
            Some(1)
        );
        assert_eq!(hidden_by(&l(seen(&[], &[], &[""])), 0, "srv/a/k"), Some(1));
        assert_eq!(
            hidden_by(&l(seen(&[("srv", false)], &[], &[])), 0, "srv/a/k"),
            Some(1)
        );
        assert_eq!(
            hidden_by(&l(seen(&[("srv", true)], &[], &[])), 0, "srv/a/k"),
            None
        );
        assert_eq!(
            hidden_by(&l(seen(&[], &["srv/ab"], &["etc/x"])), 0, "srv/a/k"),
            None
        );
        // A layer's own whiteouts apply to the layers below it only.
        let own = vec![seen(&[], &["etc/app.env"], &["etc"]), base];
        assert_eq!(hidden_by(&own, 1, "etc/app.env"), None);
    }

    #[test]
    fn digests_and_names() {
        let h = "0123456789abcdef".repeat(4);
        assert_eq!(short(&format!("sha256:{h}")), "sha256:0123456789ab");
        assert_eq!(
            digest_of(&format!("blobs/sha256/{h}"), None),
            format!("sha256:{h}")
        );
        assert_eq!(digest_of(&format!("{h}.json"), None), format!("sha256:{h}"));
        assert_eq!(digest_of("abc/layer.tar", Some("sha256:x")), "sha256:x");
        assert_eq!(digest_of("abc/layer.tar", None), "abc/layer.tar");
        for bad in [
            "sha256:../../etc",
            "sha256/x:y",
            ":x",
            "sha256:",
            "sha256:a/b",
        ] {
            let d = serde_json::json!({ "digest": bad });
            assert!(blob_name(&d).is_err(), "{bad}");
        }
    }
}
