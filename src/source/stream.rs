//! Inputs that are streams, not files: standard input (`hush scan -`) and a FIFO or character device
//! named on the command line (`/dev/stdin`, `<(cmd)`, `mkfifo`). They are read because the user named
//! them, at most `limit + 1` bytes, and never waited on forever: a FIFO that no process opens for
//! writing within [`WRITER_WAIT`] is an error, not a hang. FIFOs met inside a walked tree are never
//! opened (see [`super::fs`]).

use std::borrow::Cow;
use std::io::{self, Read};
use std::path::Path;
use std::time::Duration;

use super::{Blob, Loaded, Origin};

/// How long a named FIFO or device is waited on for something to read (or for its writer to close it).
pub const WRITER_WAIT: Duration = Duration::from_secs(5);

/// The name standard input's findings carry when `--stdin-name` is not given.
pub const STDIN_NAME: &str = "<stdin>";

/// Standard input, offered under `name`.
pub struct Stdin {
    pub origin: [Origin; 1],
}

impl Stdin {
    pub fn new(name: &str) -> Stdin {
        Stdin {
            origin: [Origin {
                path: name.to_string(),
                commit: None,
            }],
        }
    }
}

impl Blob for Stdin {
    fn origins(&self) -> &[Origin] {
        &self.origin
    }

    fn size(&self) -> Option<u64> {
        None
    }

    fn read(&self, limit: u64) -> Result<Loaded<'_>, String> {
        let stdin = io::stdin();
        let lock = stdin.lock();
        read_capped(lock, limit)
            .map(owned)
            .map_err(|e| format!("cannot read standard input: {e}"))
    }
}

/// A FIFO or character device named on the command line.
pub struct Named<'a> {
    pub origin: [Origin; 1],
    pub path: &'a Path,
}

impl Blob for Named<'_> {
    fn origins(&self) -> &[Origin] {
        &self.origin
    }

    fn size(&self) -> Option<u64> {
        None
    }

    fn read(&self, limit: u64) -> Result<Loaded<'_>, String> {
        read_named(self.path, limit, WRITER_WAIT)
            .map(owned)
            .map_err(|e| format!("cannot read: {e}"))
    }
}

fn owned(r: Result<Vec<u8>, u64>) -> Loaded<'static> {
    match r {
        Ok(bytes) => Loaded::Bytes(Cow::Owned(bytes)),
        Err(n) => Loaded::TooLarge(n),
    }
}

/// At most `limit` bytes of `r`: `Ok(bytes)`, or `Err(n)` when it holds more (`n` bytes read so far,
/// over the limit; the rest is left unread).
fn read_capped(r: impl Read, limit: u64) -> io::Result<Result<Vec<u8>, u64>> {
    let mut buf = Vec::new();
    r.take(limit.saturating_add(1)).read_to_end(&mut buf)?;
    if buf.len() as u64 > limit {
        return Ok(Err(buf.len() as u64));
    }
    Ok(Ok(buf))
}

/// Opens `path` without blocking (opening a FIFO blocks until a writer opens it), waits up to `wait`
/// until it has something to read or its writer has closed it, then reads it to its end.
#[cfg(unix)]
#[allow(unsafe_code)]
pub fn read_named(path: &Path, limit: u64, wait: Duration) -> io::Result<Result<Vec<u8>, u64>> {
    use std::os::fd::AsRawFd;
    use std::os::unix::fs::OpenOptionsExt;

    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)?;
    let fd = file.as_raw_fd();
    let mut pfd = libc::pollfd {
        fd,
        events: libc::POLLIN,
        revents: 0,
    };
    let ms = i32::try_from(wait.as_millis()).unwrap_or(i32::MAX);
    let ready = loop {
        // SAFETY: one valid pollfd for a descriptor this function owns.
        let n = unsafe { libc::poll(&mut pfd, 1, ms) };
        if n >= 0 {
            break n;
        }
        let e = io::Error::last_os_error();
        if e.kind() != io::ErrorKind::Interrupted {
            return Err(e);
        }
    };
    if ready == 0 {
        return Err(io::Error::new(
            io::ErrorKind::TimedOut,
            format!(
                "nothing to read after {} s (no process is writing to it)",
                wait.as_secs()
            ),
        ));
    }
    // Something arrived: read the rest as it comes, blocking.
    // SAFETY: fcntl on a descriptor this function owns.
    unsafe {
        let flags = libc::fcntl(fd, libc::F_GETFL);
        if flags >= 0 {
            libc::fcntl(fd, libc::F_SETFL, flags & !libc::O_NONBLOCK);
        }
    }
    read_capped(file, limit)
}

#[cfg(not(unix))]
pub fn read_named(path: &Path, limit: u64, _wait: Duration) -> io::Result<Result<Vec<u8>, u64>> {
    read_capped(std::fs::File::open(path)?, limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capped_reads() {
        assert_eq!(read_capped(&b"abc"[..], 3).unwrap(), Ok(b"abc".to_vec()));
        assert_eq!(read_capped(&b"abcd"[..], 3).unwrap(), Err(4));
    }
}
