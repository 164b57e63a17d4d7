//! Sources of blobs: the file system (and, in later modules, git history and the index).

pub mod fs;
pub mod git;
pub mod gitmeta;
pub mod pack;
pub mod revs;
pub mod staged;

/// A problem with one file or object that did not stop the scan. `error` ones turn a clean result
/// into exit code 2; the others are notes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub path: String,
    pub message: String,
    pub error: bool,
}
