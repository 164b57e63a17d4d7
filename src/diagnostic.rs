//! A problem with one file or object that did not stop the scan. Sources raise them, the pipeline
//! collects them, reports print them: it lives here so that none of those imports another for it.

/// A problem with one file or object that did not stop the scan. `error` ones turn a clean result
/// into exit code 2; the others are notes (a file skipped by policy, and why).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub path: String,
    pub message: String,
    pub error: bool,
}
