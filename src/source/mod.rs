//! Sources of blobs. A source only enumerates: it hands each blob (its origins, its size when known
//! before reading, and a way to read it) to a [`Sink`], together with skip and error events. It knows
//! nothing of rules, detectors, findings or reports; `scan.rs` decides what happens to every blob,
//! whichever source it came from.
//!
//! - [`fs`]: a directory tree (or files named on the command line).
//! - [`git`]: every blob reachable in a repository's history, or introduced by a revision range.
//! - [`staged`]: the blobs of the index that differ from HEAD, for the pre-commit check.
//! - [`image`]: the files of a container image's layers, and its config.
//! - [`stream`]: standard input and FIFOs named on the command line (offered by [`fs::Tree`]).

pub mod fs;
pub mod git;
pub mod gitmeta;
pub mod image;
pub mod pack;
pub mod path;
pub mod revs;
pub mod staged;
pub mod stream;

use std::borrow::Cow;
use std::sync::Arc;

/// Where a blob was found: a path (lossless text, see [`path::text`]), relative to the source's
/// root with `/` separators, and for history the commit (an index into the source's commit list)
/// that first put this blob at this path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    pub path: String,
    pub commit: Option<u32>,
}

/// The commit that introduced a finding, as reports show it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct CommitMeta {
    pub commit: String,
    pub author: String,
    pub email: String,
    /// RFC 3339.
    pub date: String,
    /// Whether the secret is still in the file at HEAD.
    pub in_head: bool,
}

/// What reading a blob gave.
#[derive(Debug, PartialEq, Eq)]
pub enum Loaded<'a> {
    Bytes(Cow<'a, [u8]>),
    /// Larger than the limit (found while reading: a file that grew after its size was taken).
    TooLarge(u64),
    /// Not a regular file any more (it was one when the source saw it): not read.
    NotRegular(&'static str),
    /// Removed between enumeration and reading: nothing is left to hold a secret.
    Gone,
}

/// One blob, as a source offers it: read only if the pipeline decides to.
pub trait Blob {
    /// Every place that holds this content (the content is scanned once for all of them).
    fn origins(&self) -> &[Origin];
    /// Its size in bytes, when known without reading it (file metadata, object header).
    fn size(&self) -> Option<u64>;
    /// Its content, at most `limit` bytes. The error is the whole message for the user.
    fn read(&self, limit: u64) -> Result<Loaded<'_>, String>;
    /// The 1-based line numbers of the content that the change being checked adds (a staged
    /// change against HEAD); `None` when every line counts. Asked only when there is a finding.
    fn added_lines(&self) -> Result<Option<Vec<u32>>, String> {
        Ok(None)
    }
}

/// Why a source left something out without reading it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Skip {
    /// A FIFO, a device, a socket, or (inside a tree) a symbolic link, which is not followed.
    NotRegular(&'static str),
    /// A symbolic link to a directory, named on the command line.
    LinkToDirectory,
    /// Removed between the walk and the read.
    Removed,
}

/// What a source hands its blobs and events to. Sources call it from many threads; each thread gets
/// a [`Sink::Worker`] of its own (the pipeline's per-thread scratch) and passes it back with each blob.
pub trait Sink: Sync {
    type Worker: Send;
    fn worker(&self) -> Self::Worker;
    /// The size over which a blob will not be read. A source that can tell sizes cheaply before
    /// reading (the pack reader, object headers) uses it to skip the work.
    fn size_limit(&self) -> u64;
    /// A source that knows in advance how many blobs it will offer, from how many distinct paths,
    /// says so first (history: a path may hold many blobs, so paths are not counted blob by blob).
    fn planned(&self, blobs: u64, paths: u64);
    fn blob(&self, worker: &mut Self::Worker, blob: &dyn Blob);
    fn skipped(&self, path: &str, why: Skip);
    /// Something could not be read: the scan is incomplete (exit 2).
    fn error(&self, path: &str, message: String);
    /// Part of a container a source opens itself (an image's layers) was not scanned: a bound was
    /// met, or it could not be read. Counted and noted like the same events inside an archive; the
    /// exit code is not changed.
    fn not_scanned(&self, path: &str, why: crate::container::Why);
}

/// A source of blobs.
pub trait Source: Sync {
    /// Offers every blob to `sink`. An error here stops the scan (exit 2); problems with one blob
    /// go to the sink as events instead.
    fn enumerate<S: Sink>(&self, sink: &S) -> Result<(), String>;
    /// History only: the commit with this index, and whether a finding is still in HEAD.
    fn commit(&self, _index: u32, _in_head: bool) -> Option<Arc<CommitMeta>> {
        None
    }
    /// History only: the content of `path` at HEAD, if it has one.
    fn head_content(&self, _path: &str) -> Option<Vec<u8>> {
        None
    }
}
