//! Exclusive access to a baseline for one read-modify-write, across processes.
//!
//! What is locked: the directory holding the baseline, not the file. Every write replaces the file (a
//! temporary file renamed over it), so a lock on the file's inode would guard a file that is no longer
//! there: a second writer waiting on the old inode would get the lock once the first had renamed, and
//! go on to overwrite what it had not read. The directory survives every rename, and locking it leaves
//! nothing behind in the repository. Where a directory cannot be opened as a file (Windows), a sidecar
//! `.secrets.baseline.lock` beside the baseline is locked instead; it is never renamed or removed, for
//! the same reason.
//!
//! The lock is meant to be held only while the baseline is re-read, changed and written
//! (milliseconds): never while scanning, nor while `audit` waits for an answer.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

/// Held until dropped.
#[derive(Debug)]
pub struct WriteLock {
    _file: File,
}

impl WriteLock {
    /// Blocks until no other hush holds the lock for `baseline`. `Ok(None)` where the file system
    /// cannot lock at all (some network file systems): the caller then writes unguarded, and should
    /// say so.
    pub fn acquire(baseline: &Path) -> io::Result<Option<WriteLock>> {
        let file = lock_target(baseline)?;
        match lock_exclusive(&file) {
            Ok(()) => Ok(Some(WriteLock { _file: file })),
            Err(e) if unsupported(&e) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// The directory holding `baseline`, opened for locking.
#[cfg(unix)]
fn lock_target(baseline: &Path) -> io::Result<File> {
    let dir = baseline
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    File::open(dir)
}

#[cfg(not(unix))]
fn lock_target(baseline: &Path) -> io::Result<File> {
    sidecar(baseline)
}

/// Blocks until `file` is locked exclusively (released when it is closed). `flock` rather than
/// `File::lock`, which needs Rust 1.89 (the crate's minimum is 1.85); it locks a directory as well
/// as a file.
#[cfg(unix)]
fn lock_exclusive(file: &File) -> io::Result<()> {
    use std::os::fd::AsRawFd;
    loop {
        #[allow(unsafe_code)]
        // SAFETY: flock only reads the descriptor, which `file` keeps open for the whole call.
        let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) };
        if rc == 0 {
            return Ok(());
        }
        let e = io::Error::last_os_error();
        if e.kind() != io::ErrorKind::Interrupted {
            return Err(e);
        }
    }
}

/// Elsewhere: the standard library's lock (needs Rust 1.89 there).
#[cfg(not(unix))]
#[allow(clippy::incompatible_msrv)]
fn lock_exclusive(file: &File) -> io::Result<()> {
    file.lock()
}

/// `baseline` + `.lock`, created if missing.
#[cfg_attr(unix, allow(dead_code))]
fn sidecar(baseline: &Path) -> io::Result<File> {
    let mut name = baseline.as_os_str().to_owned();
    name.push(".lock");
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(PathBuf::from(name))
}

fn unsupported(e: &io::Error) -> bool {
    // ENOLCK: the file system (NFS without a lock manager) keeps no locks.
    const ENOLCK: i32 = 37;
    e.kind() == io::ErrorKind::Unsupported
        || (cfg!(target_os = "linux") && e.raw_os_error() == Some(ENOLCK))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use crate::filter::baseline::{Baseline, FILE_NAME, now_utc};

    /// Whether another holder has `file` locked (takes the lock if not).
    fn is_locked(file: &File) -> bool {
        use std::os::fd::AsRawFd;
        #[allow(unsafe_code)]
        // SAFETY: flock only reads the descriptor, which `file` keeps open for the whole call.
        let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
        rc != 0 && io::Error::last_os_error().raw_os_error() == Some(libc::EWOULDBLOCK)
    }

    /// The lock outlives the rename every save does: a second writer cannot get it meanwhile.
    #[test]
    fn the_write_lock_survives_the_atomic_rename() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        Baseline::new(now_utc()).save(&path).unwrap();
        let held = WriteLock::acquire(&path)
            .unwrap()
            .expect("this file system locks");
        Baseline::new("2001-01-01T00:00:00Z".into())
            .save(&path)
            .unwrap();
        let other = lock_target(&path).unwrap();
        assert!(is_locked(&other));
        drop(held);
        assert!(!is_locked(&other));
    }

    /// The sidecar file (where a directory cannot be locked) excludes a second holder too.
    #[test]
    fn the_sidecar_lock_excludes_a_second_holder() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let first = sidecar(&path).unwrap();
        lock_exclusive(&first).unwrap();
        let second = sidecar(&path).unwrap();
        assert!(is_locked(&second));
        assert!(dir.path().join(".secrets.baseline.lock").is_file());
        drop(first);
        assert!(!is_locked(&second));
    }
}
