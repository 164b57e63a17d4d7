//! The baseline (`.secrets.baseline`): findings a team has already seen, in detect-secrets' JSON shape
//! so that teams can move between the two tools in either direction.
//!
//! - [`format`]: the file, its entries, and how a rescan refreshes them;
//! - [`locate`]: which baseline a scan uses;
//! - [`matching`]: what the baseline does to a scan's findings;
//! - [`lock`]: exclusive access for a read-modify-write, across processes.
//!
//! This module reads, matches and writes; it does not print.

pub mod format;
pub mod locate;
pub mod lock;
pub mod matching;

pub use format::{
    Baseline, Change, Entry, FILE_NAME, FORMAT_VERSION, Label, LoadError, Lookup, Observed, now_utc,
};
pub use locate::{find, in_dir};
pub use lock::WriteLock;
pub use matching::{Applied, Rebase, apply, observe};
