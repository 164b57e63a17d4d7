//! The pipeline, once: what happens to every blob, whichever source offered it.
//!
//! A [`Source`] enumerates blobs and hands them to the [`Pipeline`], which for each blob, in order:
//! 1. checks the size it was given before any read (file metadata, object header), then reads it
//!    (at most the limit);
//! 2. sets aside Git LFS pointers (their content is a reference, strictly as the LFS spec writes it);
//! 3. opens archives and compressed streams in memory (`container`), under bounds, and sends each
//!    file inside through steps 3-5 with its chain of names; transcodes UTF-16, UTF-32 and
//!    Windows-1252; reduces other binaries to their printable runs; sets aside media and fonts;
//! 4. runs the blocked-file-name rules for every path that holds it, before and regardless of the
//!    size, LFS and binary skips;
//! 5. detects secrets in the content, once for all its paths;
//! 6. filters: inline pragmas, the config's value and path allowlists, the added-lines-only rule of
//!    a staged change, and the minimum confidence (the baseline is applied to the result, in
//!    `cmd::finish`, since it needs the report's root);
//! 7. fans the findings out to every path (and commit) that holds the blob.
//!
//! [`run`] then keeps, for history, the earliest commit of each (path, rule, secret), attributes it,
//! and sorts the result. Counters are kept in [`Stats`], the same way for every source.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use serde::Serialize;

use crate::container::{self, Item, Why};
use crate::content::{self, Kind};
use crate::detect::{Detector, Hints, LineIndex, Match, hints_for_path};
use crate::diagnostic::Diagnostic;
use crate::filter::allowlist::Allowlist;
use crate::filter::pragma;
use crate::finding::{Confidence, Finding, Secret, sha1_hex};
use crate::rule::RuleSet;
use crate::source::{Blob, CommitMeta, Loaded, Origin, Sink, Skip, Source};

/// Everything a scan needs that does not change from blob to blob: the compiled settings.
#[derive(Debug)]
pub struct Scanner {
    pub rules: Arc<RuleSet>,
    pub allowlist: Allowlist,
    pub min_confidence: Confidence,
    /// Ignore inline pragmas (a CI gate that refuses inline ignores).
    pub ignore_pragmas: bool,
    /// Skip blobs larger than this.
    pub max_file_size: u64,
    /// Levels of encoding (base64, percent, escapes) to decode and scan; 0 turns decoding off.
    pub decode_depth: u8,
}

/// Counters shared by the threads of one scan. They mean the same for every source:
/// - `files`: distinct paths offered (a file on disk, a staged path, a path anywhere in history);
/// - `blobs`: distinct contents offered (a file on disk is one blob; history scans each blob once);
/// - `bytes`: bytes read and searched (skipped blobs add nothing);
/// - `skipped_*`: blobs (or, for `skipped_other`, paths) left out, by reason; `errors`: reads that
///   failed, each turning a clean result into exit 2.
#[derive(Debug, Default)]
pub struct Stats {
    pub files: AtomicU64,
    pub blobs: AtomicU64,
    pub bytes: AtomicU64,
    pub skipped_binary: AtomicU64,
    pub skipped_large: AtomicU64,
    pub skipped_lfs: AtomicU64,
    pub skipped_other: AtomicU64,
    /// Files found inside archives and compressed streams, and scanned.
    pub archive_entries: AtomicU64,
    /// Parts of archives not scanned because a bound was met (size, ratio, entries, depth).
    pub skipped_archive_limit: AtomicU64,
    /// Archive entries that could not be read (encrypted, an unsupported method, corrupt).
    pub skipped_archive_unreadable: AtomicU64,
    pub errors: AtomicU64,
    /// Blobs offered but not read because the read failed (each is also one of `errors`).
    pub unreadable: AtomicU64,
    /// Encoded strings left unscanned for want of decoding budget (see `detect::Budget`).
    pub encoded_not_scanned: AtomicU64,
    /// Progress shown while the scan runs (hidden unless the command asked for a bar). Sources
    /// call `progress.item(bytes)` once per file or blob, from any thread.
    pub progress: crate::progress::Progress,
}

/// The counters as reported in `stats`.
#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
pub struct StatsSnapshot {
    pub files: u64,
    pub blobs: u64,
    pub bytes: u64,
    pub elapsed_ms: u64,
    pub skipped_binary: u64,
    pub skipped_large: u64,
    pub skipped_lfs: u64,
    pub skipped_other: u64,
    pub archive_entries: u64,
    pub skipped_archive_limit: u64,
    pub skipped_archive_unreadable: u64,
    pub errors: u64,
    pub unreadable: u64,
    pub encoded_not_scanned: u64,
}

impl Stats {
    pub fn add(&self, field: &AtomicU64, n: u64) {
        field.fetch_add(n, Ordering::Relaxed);
    }

    pub fn snapshot(&self, elapsed_ms: u64) -> StatsSnapshot {
        let g = |a: &AtomicU64| a.load(Ordering::Relaxed);
        StatsSnapshot {
            files: g(&self.files),
            blobs: g(&self.blobs),
            bytes: g(&self.bytes),
            elapsed_ms,
            skipped_binary: g(&self.skipped_binary),
            skipped_large: g(&self.skipped_large),
            skipped_lfs: g(&self.skipped_lfs),
            skipped_other: g(&self.skipped_other),
            archive_entries: g(&self.archive_entries),
            skipped_archive_limit: g(&self.skipped_archive_limit),
            skipped_archive_unreadable: g(&self.skipped_archive_unreadable),
            errors: g(&self.errors),
            unreadable: g(&self.unreadable),
            encoded_not_scanned: g(&self.encoded_not_scanned),
        }
    }
}

/// What a scan produced: findings (filtered, attributed, sorted) and what could not be scanned.
#[derive(Default)]
pub struct Output {
    pub findings: Vec<Finding>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Runs `source` through the pipeline.
pub fn run<S: Source>(scanner: &Scanner, source: &S, stats: &Stats) -> Result<Output, String> {
    let pipeline = Pipeline::new(scanner, stats);
    source.enumerate(&pipeline)?;
    let found = pipeline
        .found
        .into_inner()
        .unwrap_or_else(|p| p.into_inner());
    let mut diagnostics = pipeline
        .diagnostics
        .into_inner()
        .unwrap_or_else(|p| p.into_inner());
    diagnostics.sort_by(|a, b| a.path.cmp(&b.path).then(a.message.cmp(&b.message)));
    let limits = container::Limits::for_size_limit(scanner.max_file_size);
    let mut findings = attribute(source, found, &limits);
    findings.sort_by(|a, b| {
        a.sort_key()
            .cmp(&b.sort_key())
            .then_with(|| commit_of(a).cmp(&commit_of(b)))
            .then_with(|| a.secret.expose().cmp(b.secret.expose()))
    });
    Ok(Output {
        findings,
        diagnostics,
    })
}

fn commit_of(f: &Finding) -> Option<&str> {
    f.commit.as_deref().map(|c| c.commit.as_str())
}

/// Findings from history carry the index of the commit that put their blob at their path. Keeps,
/// for each (path, rule, secret), the earliest (the commit that introduced it), and fills in the
/// commit's metadata and whether the secret is still in the file at HEAD.
fn attribute<S: Source>(
    source: &S,
    mut found: Vec<(Option<u32>, Finding)>,
    limits: &container::Limits,
) -> Vec<Finding> {
    if found.iter().all(|(c, _)| c.is_none()) {
        return found.into_iter().map(|(_, f)| f).collect();
    }
    found.sort_by(|(ca, a), (cb, b)| {
        (
            a.path.as_str(),
            &a.inner,
            a.rule_id.as_str(),
            a.secret.expose(),
            ca,
        )
            .cmp(&(
                b.path.as_str(),
                &b.inner,
                b.rule_id.as_str(),
                b.secret.expose(),
                cb,
            ))
    });
    found.dedup_by(|(_, b), (_, a)| {
        a.path == b.path
            && a.inner == b.inner
            && a.rule_id == b.rule_id
            && a.secret.expose() == b.secret.expose()
    });
    let mut head: HashMap<String, Option<Vec<u8>>> = HashMap::new();
    let mut metas: HashMap<(u32, bool), Option<Arc<CommitMeta>>> = HashMap::new();
    let mut out = Vec::with_capacity(found.len());
    for (c, mut f) in found {
        if let Some(c) = c {
            let content = head
                .entry(f.path.clone())
                .or_insert_with(|| source.head_content(&f.path));
            let in_head = match (content, f.line) {
                (Some(content), Some(_)) if f.inner.is_some() => {
                    in_container(content, f.secret.expose(), limits)
                }
                (Some(content), Some(_)) => {
                    memchr::memmem::find(content, f.secret.expose()).is_some()
                }
                (Some(_), None) => true, // a blocked file name still present
                (None, _) => false,
            };
            f.commit = metas
                .entry((c, in_head))
                .or_insert_with(|| source.commit(c, in_head))
                .clone();
        }
        out.push(f);
    }
    out
}

/// Whether `secret` is in a file inside the archive `content` (a finding inside an archive, at HEAD).
fn in_container(content: &[u8], secret: &[u8], limits: &container::Limits) -> bool {
    let Some(kind) = container::detect(content) else {
        return memchr::memmem::find(content, secret).is_some();
    };
    let mut found = false;
    let walked = container::walk("", kind, content, limits, &mut |item| {
        if let Item::File { bytes, .. } = item {
            found = found || memchr::memmem::find(bytes, secret).is_some();
        }
    });
    found || (walked.is_err() && memchr::memmem::find(content, secret).is_some())
}

/// The [`Sink`] every source hands its blobs to. See the module documentation for the steps.
pub struct Pipeline<'a> {
    scanner: &'a Scanner,
    stats: &'a Stats,
    /// Set when the source counted its paths in advance ([`Sink::planned`]).
    planned: AtomicBool,
    found: Mutex<Vec<(Option<u32>, Finding)>>,
    diagnostics: Mutex<Vec<Diagnostic>>,
}

impl<'a> Pipeline<'a> {
    pub fn new(scanner: &'a Scanner, stats: &'a Stats) -> Pipeline<'a> {
        Pipeline {
            scanner,
            stats,
            planned: AtomicBool::new(false),
            found: Mutex::new(Vec::new()),
            diagnostics: Mutex::new(Vec::new()),
        }
    }

    fn note(&self, path: &str, message: String) {
        lock(&self.diagnostics).push(Diagnostic {
            path: path.to_string(),
            message,
            error: false,
        });
    }

    fn too_large(&self, origins: &[Origin], size: u64) {
        self.stats.add(&self.stats.skipped_large, 1);
        let msg = format!(
            "skipped: {size} bytes is over the size limit of {} bytes",
            self.scanner.max_file_size
        );
        for o in origins {
            self.note(&o.path, msg.clone());
        }
    }

    /// Blocked file names, for every path that holds the blob. `content` is `None` when the blob was
    /// not read (over the size limit): a rule's content check is then taken as met, since a blocked
    /// name is a finding whatever its size.
    fn filenames(
        &self,
        origins: &[Origin],
        content: Option<&[u8]>,
        out: &mut Vec<(Option<u32>, Finding)>,
    ) {
        let mut f = Vec::new();
        for o in origins {
            self.scanner.filename_findings(&o.path, content, &mut f);
            out.extend(f.drain(..).map(|f| (o.commit, f)));
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Sink for Pipeline<'_> {
    type Worker = Detector;

    fn worker(&self) -> Detector {
        let mut d = Detector::new(self.scanner.rules.clone());
        d.decode_depth = self.scanner.decode_depth;
        d
    }

    fn size_limit(&self) -> u64 {
        self.scanner.max_file_size
    }

    fn planned(&self, blobs: u64, paths: u64) {
        self.planned.store(true, Ordering::Relaxed);
        self.stats.add(&self.stats.files, paths);
        self.stats.progress.set_total("blobs", blobs);
    }

    fn blob(&self, detector: &mut Detector, blob: &dyn Blob) {
        let (scanner, stats) = (self.scanner, self.stats);
        let origins = blob.origins();
        if origins.is_empty() {
            return;
        }
        stats.add(&stats.blobs, 1);
        if !self.planned.load(Ordering::Relaxed) {
            stats.add(&stats.files, origins.len() as u64);
        }
        let mut out: Vec<(Option<u32>, Finding)> = Vec::new();
        let limit = scanner.max_file_size;
        // 1. The size, before any read; then the read, capped at the limit.
        let loaded = match blob.size() {
            Some(size) if size > limit => Loaded::TooLarge(size),
            _ => match blob.read(limit) {
                Ok(l) => l,
                Err(message) => {
                    stats.add(&stats.errors, 1);
                    stats.add(&stats.unreadable, 1);
                    stats.progress.item(0);
                    lock(&self.diagnostics).push(Diagnostic {
                        path: origins[0].path.clone(),
                        message,
                        error: true,
                    });
                    return;
                }
            },
        };
        let bytes: &[u8] = match &loaded {
            Loaded::Bytes(b) => b,
            Loaded::TooLarge(size) => {
                self.too_large(origins, *size);
                stats.progress.item(0);
                // 4. File names count whatever the size.
                self.filenames(origins, None, &mut out);
                self.push(out);
                return;
            }
            Loaded::NotRegular(kind) => {
                stats.progress.item(0);
                for o in origins {
                    self.skipped(&o.path, Skip::NotRegular(kind));
                }
                return;
            }
            Loaded::Gone => {
                stats.progress.item(0);
                for o in origins {
                    self.skipped(&o.path, Skip::Removed);
                }
                return;
            }
        };
        stats.progress.item(bytes.len() as u64);
        // 4. File names, with the content for the rules that look at it (`*.pem` holding a key).
        self.filenames(origins, Some(bytes), &mut out);
        // 2. Git LFS pointers.
        if content::is_lfs_pointer(bytes) {
            stats.add(&stats.skipped_lfs, 1);
            for o in origins {
                self.note(
                    &o.path,
                    "skipped: a Git LFS pointer (its content lives in LFS storage)".into(),
                );
            }
            self.push(out);
            return;
        }
        // 5. Detection, once, under the path whose hints are least likely to silence a rule.
        let (rep, hints) = origins
            .iter()
            .map(|o| (o, hints_for_path(&o.path)))
            .find(|(_, h)| !h.test_like)
            .unwrap_or_else(|| (&origins[0], hints_for_path(&origins[0].path)));
        let mut content = Vec::new();
        // 3. Archives and compressed streams, opened in memory; what they hold goes through steps
        // 3-5 as an entry of its own. One that cannot be opened is scanned as it is.
        let opened = match container::detect(bytes) {
            Some(kind) => self.open_container(detector, origins, rep, kind, bytes, &mut content),
            None => false,
        };
        // 3. Text in other encodings is transcoded, binaries are scanned as their printable runs,
        // known media formats are set aside; 5. detection.
        if !opened {
            if let BlobOutcome::Binary(what) =
                scanner.content_findings_hinted(detector, &rep.path, hints, bytes, &mut content)
            {
                stats.add(&stats.skipped_binary, 1);
                for o in origins {
                    self.note(&o.path, format!("skipped: {what}, nothing to scan"));
                }
                self.push(out);
                return;
            }
            stats.add(&stats.bytes, bytes.len() as u64);
        }
        stats.add(
            &stats.encoded_not_scanned,
            detector.take_encoded_not_scanned(),
        );
        // 6. A staged change fails only on the lines it adds (inside an archive, which lines a
        // change adds is unknown: every finding counts).
        if !content.is_empty() {
            match blob.added_lines() {
                Ok(None) => {}
                Ok(Some(lines)) => content.retain(|f| match f.line {
                    _ if f.inner.is_some() => true,
                    Some(start) => {
                        let end = f.end_line.unwrap_or(start);
                        lines.iter().any(|&l| l >= start && l <= end)
                    }
                    None => true,
                }),
                Err(message) => {
                    self.error(&rep.path, message);
                }
            }
        }
        // 7. Every path that holds the blob, less those the config allows.
        for o in origins {
            if scanner.allowlist.allows_path(&o.path) {
                continue;
            }
            for f in &content {
                let mut f = f.clone();
                f.path.clone_from(&o.path);
                out.push((o.commit, f));
            }
        }
        self.push(out);
    }

    fn skipped(&self, path: &str, why: Skip) {
        self.stats.add(&self.stats.skipped_other, 1);
        let message = match why {
            Skip::NotRegular(kind) => format!("skipped: not a regular file ({kind})"),
            Skip::LinkToDirectory => "skipped: a symbolic link to a directory (name the directory \
                                      itself to scan it)"
                .to_string(),
            Skip::Removed => "skipped: removed during the scan".to_string(),
        };
        self.note(path, message);
    }

    fn not_scanned(&self, path: &str, why: Why) {
        let m = match why {
            Why::Limit(m) => {
                self.stats.add(&self.stats.skipped_archive_limit, 1);
                m
            }
            Why::Unreadable(m) => {
                self.stats.add(&self.stats.skipped_archive_unreadable, 1);
                m
            }
        };
        self.note(path, format!("not scanned: {m}"));
    }

    fn error(&self, path: &str, message: String) {
        self.stats.add(&self.stats.errors, 1);
        lock(&self.diagnostics).push(Diagnostic {
            path: path.to_string(),
            message,
            error: true,
        });
    }
}

impl Pipeline<'_> {
    /// Step 3 for an archive or a compressed stream: every file inside, at any depth and under the
    /// bounds, goes through the blocked-file-name rules (by its name inside), the encoding step and
    /// detection; its findings carry the chain of names in `inner`. What is not scanned is noted
    /// and counted. False when the top level cannot be opened (the caller scans the bytes as they
    /// are, with a note saying so).
    fn open_container(
        &self,
        detector: &mut Detector,
        origins: &[Origin],
        rep: &Origin,
        kind: container::Kind,
        bytes: &[u8],
        content: &mut Vec<Finding>,
    ) -> bool {
        let (scanner, stats) = (self.scanner, self.stats);
        let limits = container::Limits::for_size_limit(scanner.max_file_size);
        let mut notes: Vec<(String, String)> = Vec::new();
        let mut found: Vec<Finding> = Vec::new();
        let walked = container::walk(&rep.path, kind, bytes, &limits, &mut |item| match item {
            Item::File { inner, bytes } => {
                stats.add(&stats.archive_entries, 1);
                let first = found.len();
                scanner.filename_findings(inner, Some(bytes), &mut found);
                match scanner.content_findings(detector, inner, bytes, &mut found) {
                    BlobOutcome::Binary(what) => {
                        stats.add(&stats.skipped_binary, 1);
                        notes.push((
                            inner.to_string(),
                            format!("skipped: {what}, nothing to scan"),
                        ));
                    }
                    BlobOutcome::Scanned => stats.add(&stats.bytes, bytes.len() as u64),
                }
                for f in &mut found[first..] {
                    f.inner = Some(std::mem::take(&mut f.path));
                }
            }
            Item::NotScanned { inner, why } => {
                let message = match why {
                    Why::Limit(m) => {
                        stats.add(&stats.skipped_archive_limit, 1);
                        format!("not scanned: {m}")
                    }
                    Why::Unreadable(m) => {
                        stats.add(&stats.skipped_archive_unreadable, 1);
                        format!("not scanned: {m}")
                    }
                };
                notes.push((inner.to_string(), message));
            }
        });
        if let Err(e) = walked {
            for o in origins {
                self.note(&o.path, format!("{e}: scanned as it is"));
            }
            return false;
        }
        for o in origins {
            for (inner, message) in &notes {
                let at = if inner.is_empty() {
                    o.path.clone()
                } else {
                    format!("{}!/{inner}", o.path)
                };
                self.note(&at, message.clone());
            }
        }
        content.extend(found);
        true
    }

    fn push(&self, out: Vec<(Option<u32>, Finding)>) {
        if !out.is_empty() {
            lock(&self.found).extend(out);
        }
    }
}

/// What happened to one blob's content.
#[derive(Debug, PartialEq, Eq)]
pub enum BlobOutcome {
    Scanned,
    /// Set aside by its signature: a media or font format with nothing worth scanning (what it is).
    Binary(&'static str),
}

impl Scanner {
    /// Findings in one blob held in memory at `path` (relative, `/`-separated): its blocked-filename
    /// findings, then those in its content, with the path allowlist applied. For a single in-memory
    /// blob (rule examples, the audit's context, benchmarks); sources go through [`run`].
    pub fn scan_blob(
        &self,
        detector: &mut Detector,
        path: &str,
        bytes: &[u8],
        out: &mut Vec<Finding>,
    ) -> BlobOutcome {
        self.filename_findings(path, Some(bytes), out);
        if self.allowlist.allows_path(path) {
            return match content::sniff(bytes) {
                Kind::Media(what) => BlobOutcome::Binary(what),
                _ => BlobOutcome::Scanned,
            };
        }
        self.content_findings(detector, path, bytes, out)
    }

    /// Findings in the content of one blob, without the blocked-filename check and the path
    /// allowlist. `path` sets the findings' path and the path hints of the generic rules. Text in
    /// UTF-16, UTF-32 or Windows-1252 is transcoded first (lines and columns are those of the
    /// decoded text); a binary is scanned as its printable runs, at their own offsets; only known
    /// media formats are set aside.
    pub fn content_findings(
        &self,
        detector: &mut Detector,
        path: &str,
        bytes: &[u8],
        out: &mut Vec<Finding>,
    ) -> BlobOutcome {
        self.content_findings_hinted(detector, path, hints_for_path(path), bytes, out)
    }

    /// [`Self::content_findings`] with `path`'s hints already known (the pipeline computed them to
    /// pick the blob's representative origin).
    fn content_findings_hinted(
        &self,
        detector: &mut Detector,
        path: &str,
        hints: Hints,
        bytes: &[u8],
        out: &mut Vec<Finding>,
    ) -> BlobOutcome {
        let kind = content::sniff(bytes);
        if let Kind::Media(what) = kind {
            return BlobOutcome::Binary(what);
        }
        let decoded = content::decode(bytes, &kind);
        let text: &[u8] = decoded.as_deref().unwrap_or(bytes);
        detector.decode_depth = self.decode_depth;
        let matches = detector.scan(text, hints);
        if !matches.is_empty() {
            let first = out.len();
            self.to_findings(&detector.rules().clone(), path, text, matches, out);
            if kind == Kind::Binary {
                // The NULs that stand for a binary's other bytes are not worth showing.
                for f in &mut out[first..] {
                    if let Some(c) = &mut f.context {
                        *c = c
                            .split(['\0', '\n'])
                            .filter(|s| !s.is_empty())
                            .collect::<Vec<_>>()
                            .join(" ");
                    }
                }
            }
        }
        BlobOutcome::Scanned
    }

    fn to_findings(
        &self,
        rules: &RuleSet,
        path: &str,
        text: &[u8],
        matches: Vec<Match>,
        out: &mut Vec<Finding>,
    ) {
        let mut index = LineIndex::new(text);
        // Every secret's text: as written, and as decoded (a decoded secret may also be written out
        // in clear elsewhere on the line).
        let values: Vec<&[u8]> = matches
            .iter()
            .map(|m| &text[m.secret.clone()])
            .chain(
                matches
                    .iter()
                    .filter_map(|m| m.decoded.as_ref().map(|d| d.secret.expose())),
            )
            .collect();
        let secrets = SecretText::new(values);
        let mut pragma_line: Option<(usize, bool)> = None;
        for m in matches {
            if m.confidence < self.min_confidence {
                continue;
            }
            let secret = match &m.decoded {
                Some(d) => d.secret.expose(),
                None => &text[m.secret.clone()],
            };
            if self.allowlist.allows_value(secret)
                || m.aws_account
                    .as_deref()
                    .is_some_and(|a| self.allowlist.allows_aws_account(a))
            {
                continue;
            }
            let (line, column, line_range) = index.locate(m.secret.start);
            // Once per line, not per finding: a long line with many findings is read once.
            let allowed = match pragma_line {
                Some((start, allowed)) if start == line_range.start => allowed,
                _ => {
                    let allowed = !self.ignore_pragmas
                        && pragma::allows(
                            &text[line_range.clone()],
                            pragma::previous_line(text, line_range.start),
                        );
                    pragma_line = Some((line_range.start, allowed));
                    allowed
                }
            };
            if allowed {
                continue;
            }
            let (end_line, end_column, _) = index.locate(m.secret.end);
            let rule = rules.get(m.rule);
            let secret = Secret::new(secret);
            out.push(Finding {
                rule_id: rule.id().to_string(),
                rule_name: rule.name().to_string(),
                path: path.to_string(),
                inner: None,
                line: Some(line),
                column: Some(column),
                end_line: Some(end_line),
                end_column: Some(end_column),
                context: Some(redacted_context(
                    text,
                    line_range,
                    m.secret.clone(),
                    &secrets,
                )),
                secret,
                confidence: m.confidence,
                validated: m.validated,
                note: m.note,
                decoded: m.decoded.map(|d| d.how),
                commit: None,
                known_real: false,
            });
        }
    }

    /// Blocked file names are findings of their own, reported once per file with no line. With no
    /// `content` (a blob too large to read), a rule's content check is taken as met.
    pub fn filename_findings(&self, path: &str, content: Option<&[u8]>, out: &mut Vec<Finding>) {
        let rules = &self.rules;
        if rules.filename_rules.is_empty() || self.allowlist.allows_path(path) {
            return;
        }
        let hits = rules.filenames.matches(path);
        if hits.is_empty() {
            return;
        }
        let excluded = rules.filename_excludes.matches(path);
        let mut done: Vec<u32> = Vec::new();
        for h in hits {
            let idx = rules.filename_rules[h];
            if done.contains(&idx)
                || excluded
                    .iter()
                    .any(|&e| rules.filename_exclude_rules[e] == idx)
            {
                continue;
            }
            done.push(idx);
            let rule = rules.get(idx);
            if let (Some(re), Some(bytes)) = (rule.content_regex(), content) {
                if !re.is_match(bytes) {
                    continue;
                }
            }
            if rule.confidence < self.min_confidence {
                continue;
            }
            out.push(Finding {
                rule_id: rule.id().to_string(),
                rule_name: rule.name().to_string(),
                path: path.to_string(),
                inner: None,
                line: None,
                column: None,
                end_line: None,
                end_column: None,
                // The path is the "secret": the baseline accepts such a file by its path.
                secret: Secret::new(path.as_bytes()),
                confidence: rule.confidence,
                validated: None,
                note: None,
                decoded: None,
                context: None,
                commit: None,
                known_real: false,
            });
        }
    }
}

/// How many characters of the secret's line a context shows on each side of it.
const CONTEXT_CHARS: usize = 60;

/// Every occurrence, in one blob, of the secrets its matches found: a context redacts each of them,
/// not only the matched spans, so that a second, unmatched copy of a secret on the same line (a
/// keyword-less repeat, or one that lost an overlap) is not printed in clear.
struct SecretText {
    longest: usize,
    /// All distinct secret values, for finding their copies; `None` when there is only one match.
    others: Option<aho_corasick::AhoCorasick>,
}

impl SecretText {
    fn new(mut values: Vec<&[u8]>) -> SecretText {
        values.retain(|v| !v.is_empty());
        values.sort_unstable();
        values.dedup();
        let longest = values.iter().map(|v| v.len()).max().unwrap_or(0);
        // Searched only in the few hundred bytes around each finding: the automaton that is
        // cheapest to build (the default picks a DFA, about 0.85 M instructions per blob with
        // findings on the benchmark history, more than the searches it serves).
        let others = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::Standard)
            .kind(Some(aho_corasick::AhoCorasickKind::NoncontiguousNFA))
            .prefilter(false)
            .build(&values)
            .ok();
        SecretText { longest, others }
    }

    /// The merged ranges of `text[window]` that hold a secret, with `focus` (the finding's own span,
    /// which may reach past the window when it spans lines) among them.
    fn in_window(
        &self,
        text: &[u8],
        window: std::ops::Range<usize>,
        focus: std::ops::Range<usize>,
    ) -> Vec<std::ops::Range<usize>> {
        let mut found: Vec<std::ops::Range<usize>> = match &self.others {
            Some(ac) => ac
                .find_overlapping_iter(&text[window.clone()])
                .map(|m| window.start + m.start()..window.start + m.end())
                .collect(),
            None => Vec::new(),
        };
        found.push(focus);
        found.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
        let mut merged: Vec<std::ops::Range<usize>> = Vec::new();
        for r in found {
            match merged.last_mut() {
                Some(last) if r.start < last.end => last.end = last.end.max(r.end),
                _ => merged.push(r),
            }
        }
        merged
    }
}

/// `i` moved back to the start of the UTF-8 character it falls in.
fn char_start(text: &[u8], mut i: usize) -> usize {
    while i > 0 && i < text.len() && text[i] & 0xC0 == 0x80 {
        i -= 1;
    }
    i
}

/// The secret's line, at most [`CONTEXT_CHARS`] characters each side of the secret at `at`, with
/// every copy of every secret of the blob replaced by its redacted form. The work is bounded by the
/// shown window, not the line: a 10 MB line with many findings costs no more per finding than a short
/// one.
fn redacted_context(
    text: &[u8],
    line: std::ops::Range<usize>,
    at: std::ops::Range<usize>,
    secrets: &SecretText,
) -> String {
    // The bytes that can hold the shown characters (at most 4 bytes each) ...
    let reach = CONTEXT_CHARS * 4;
    let shown = char_start(text, at.start.saturating_sub(reach).max(line.start))
        ..char_start(text, (at.end + reach).min(line.end)).max(at.start);
    // ... and, to find whole any copy of a secret that reaches into them, the longest secret more.
    let search = shown.start.saturating_sub(secrets.longest).max(line.start)
        ..(shown.end + secrets.longest).min(line.end).max(shown.end);
    let spans: Vec<std::ops::Range<usize>> = secrets
        .in_window(text, search, at.clone())
        .into_iter()
        .filter(|s| s.end > shown.start && s.start < shown.end.max(at.end))
        .collect();
    let mut pieces: Vec<String> = Vec::new();
    let mut focus = 0;
    let mut pos = shown.start;
    for s in &spans {
        let start = s.start.max(pos);
        pieces
            .push(String::from_utf8_lossy(&text[pos..start.min(shown.end).max(pos)]).into_owned());
        if s.start <= at.start && at.start < s.end.max(at.start + 1) {
            focus = pieces.len();
        }
        pieces.push(Secret::new(&text[s.clone()]).redacted());
        pos = s.end.max(pos);
    }
    pieces.push(String::from_utf8_lossy(&text[pos.min(shown.end)..shown.end]).into_owned());
    let before: String = pieces[..focus].concat();
    let after: String = pieces[focus + 1..].concat();
    let b: Vec<char> = before.chars().collect();
    let skip = b.len().saturating_sub(CONTEXT_CHARS);
    let mut out = String::new();
    if skip > 0 || shown.start > line.start {
        out.push('…');
    }
    out.extend(&b[skip..]);
    out.push_str(&pieces[focus]);
    out.extend(after.chars().take(CONTEXT_CHARS));
    if after.chars().count() > CONTEXT_CHARS || pos.max(shown.end) < line.end {
        out.push('…');
    }
    out.trim().to_string()
}

/// The hash of a path, used where a blocked file has no secret of its own.
pub fn path_hash(path: &str) -> String {
    sha1_hex(path.as_bytes())
}
