//! Writing files whole: [`write_with`] writes a temporary file in the same directory, syncs it, then
//! renames it over the target, so an interrupted run never leaves a half-written file.
//!
//! [`write_output`] is for `--output FILE`, where FILE may be something a rename must not replace:
//! `/dev/null` (as root, a rename would make it a regular file), a FIFO, `/dev/stdout`, or a
//! symbolic link. It writes atomically only to a regular file or a new path, and straight into
//! anything else.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Symbolic links followed before giving up (Linux's own limit is 40).
const MAX_LINKS: usize = 40;

/// Writes `path` atomically, replacing whatever entry is there. An existing regular file's
/// permissions are kept.
pub fn write_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file path"))?;
    let (tmp, file) = create_temporary(dir, &name.to_string_lossy())?;
    let result = (|| {
        if let Some(m) = fs::metadata(path).ok().filter(|m| m.is_file()) {
            file.set_permissions(m.permissions())?;
        }
        let mut w = BufWriter::new(file);
        write(&mut w)?;
        let file = w.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// A new temporary file beside the target. `create_new` neither follows a link planted at its name
/// (in a shared directory such as /tmp, where anyone can guess a process id) nor truncates a file
/// someone else made: another name is tried instead.
fn create_temporary(dir: &Path, name: &str) -> io::Result<(PathBuf, File)> {
    let pid = std::process::id();
    let mut last = None;
    for attempt in 0..100u32 {
        let tmp = dir.join(format!(".{name}.hush-{pid}-{attempt}.tmp"));
        match OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| io::Error::other("no temporary file name left")))
}

/// Writes the report of `--output path`, according to what `path` is:
/// - a regular file, or nothing yet: atomically ([`write_with`]);
/// - a symbolic link (to a regular file, or dangling): atomically to where it leads, so the link
///   stays a link;
/// - this process's standard output (`/dev/stdout`, `/dev/fd/1`, or the same file or pipe under
///   another name): into standard output;
/// - a device, FIFO or socket, or a file reached through `/proc` or `/dev/fd`: opened and written
///   into as it is (appending), never replaced;
/// - a directory: an error.
pub fn write_output(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let meta = match fs::metadata(path) {
        Ok(m) => Some(m),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    if let Some(m) = &meta {
        if is_stdout(m) {
            let stdout = io::stdout();
            let mut w = BufWriter::new(stdout.lock());
            write(&mut w)?;
            return w.flush();
        }
        if m.is_dir() {
            return Err(io::Error::other("it is a directory"));
        }
    }
    let (target, through_fd_links) = follow_links(path)?;
    let regular_or_new = meta.as_ref().is_none_or(fs::Metadata::is_file);
    if regular_or_new && !through_fd_links {
        return write_with(&target, write);
    }
    // Not create: a device or FIFO that vanished since must not become a regular file.
    let file = OpenOptions::new().append(true).open(path)?;
    let mut w = BufWriter::new(file);
    write(&mut w)?;
    w.flush()
}

/// Where the chain of symbolic links at `path` ends (a path that is no link, or does not exist),
/// and whether it passed through `/proc` or `/dev/fd`, whose links name open files rather than
/// paths to replace.
fn follow_links(path: &Path) -> io::Result<(PathBuf, bool)> {
    let mut p = path.to_path_buf();
    let mut through_fd_links = false;
    for _ in 0..MAX_LINKS {
        through_fd_links |= p.starts_with("/proc") || p.starts_with("/dev/fd");
        match fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = fs::read_link(&p)?;
                p = match p.parent() {
                    Some(dir) if to.is_relative() => dir.join(to),
                    _ => to,
                };
            }
            Ok(_) => return Ok((p, through_fd_links)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok((p, through_fd_links)),
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// Whether `m` is the file, pipe or device this process's standard output is.
#[cfg(unix)]
fn is_stdout(m: &fs::Metadata) -> bool {
    use std::os::fd::AsFd;
    use std::os::unix::fs::MetadataExt;
    let Ok(fd) = io::stdout().as_fd().try_clone_to_owned() else {
        return false;
    };
    File::from(fd)
        .metadata()
        .is_ok_and(|out| out.dev() == m.dev() && out.ino() == m.ino())
}

#[cfg(not(unix))]
fn is_stdout(_: &fs::Metadata) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn put(text: &'static str) -> impl FnOnce(&mut dyn Write) -> io::Result<()> {
        move |w| w.write_all(text.as_bytes())
    }

    #[cfg(unix)]
    #[test]
    fn a_link_planted_at_the_temporary_name_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let victim = d.join("victim");
        fs::write(&victim, "precious").unwrap();
        let planted = d.join(format!(".out.hush-{}-0.tmp", std::process::id()));
        std::os::unix::fs::symlink(&victim, &planted).unwrap();
        write_with(&d.join("out"), put("report")).unwrap();
        assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
        assert_eq!(fs::read_to_string(d.join("out")).unwrap(), "report");
        assert!(fs::symlink_metadata(&planted).unwrap().is_symlink());
    }

    #[cfg(unix)]
    #[test]
    fn replacing_a_file_keeps_its_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        fs::write(&out, "old").unwrap();
        fs::set_permissions(&out, fs::Permissions::from_mode(0o600)).unwrap();
        write_with(&out, put("new")).unwrap();
        assert_eq!(fs::read_to_string(&out).unwrap(), "new");
        assert_eq!(
            fs::metadata(&out).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }

    #[cfg(unix)]
    #[test]
    fn links_are_followed_to_the_end_of_the_chain() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::create_dir(d.join("sub")).unwrap();
        std::os::unix::fs::symlink("sub/b", d.join("a")).unwrap();
        std::os::unix::fs::symlink("c", d.join("sub/b")).unwrap();
        // Dangling: the report is created where the chain ends.
        write_output(&d.join("a"), put("one")).unwrap();
        assert_eq!(fs::read_to_string(d.join("sub/c")).unwrap(), "one");
        write_output(&d.join("a"), put("two")).unwrap();
        assert_eq!(fs::read_to_string(d.join("sub/c")).unwrap(), "two");
        assert!(fs::symlink_metadata(d.join("a")).unwrap().is_symlink());
        assert!(fs::symlink_metadata(d.join("sub/b")).unwrap().is_symlink());
        // A loop is an error, not a hang.
        std::os::unix::fs::symlink("loop2", d.join("loop1")).unwrap();
        std::os::unix::fs::symlink("loop1", d.join("loop2")).unwrap();
        assert!(write_output(&d.join("loop1"), put("x")).is_err());
    }

    #[test]
    fn a_directory_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let err = write_output(dir.path(), put("x")).unwrap_err();
        assert!(err.to_string().contains("directory"), "{err}");
    }
}
