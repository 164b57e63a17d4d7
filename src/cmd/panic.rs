//! Panics: a bug in hush must neither leak a secret nor pass for a clean result.
//!
//! Rust's own panic messages can quote data: slicing a string at a bad index prints up to 256
//! characters of that string, and an `unwrap` prints the error it found. Either may hold scanned
//! content, so the hook prints where the bug is, never the message itself (unless
//! `HUSH_PANIC_DETAILS=1` asks for it, when debugging on one's own machine). [`guard`] turns a
//! panic anywhere in a command, including worker threads whose panics propagate, into exit code 2.
#![allow(clippy::print_stderr)]

use std::panic::{self, AssertUnwindSafe};

use crate::exit::Exit;

/// The environment variable that makes the hook print panic messages too.
pub const DETAILS_VAR: &str = "HUSH_PANIC_DETAILS";

/// Replaces the default panic hook with one that prints the location only.
pub fn install_hook() {
    panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map_or_else(String::new, |l| format!(" at {}:{}", l.file(), l.line()));
        eprintln!(
            "hush: internal error (a bug){at}. The panic message is withheld because it may quote \
             scanned content; rerun with {DETAILS_VAR}=1 to see it, and please report the bug."
        );
        if std::env::var_os(DETAILS_VAR).is_some_and(|v| v == "1") {
            let msg = info
                .payload()
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| info.payload().downcast_ref::<String>().cloned())
                .unwrap_or_default();
            eprintln!(
                "hush: panic message: {}",
                crate::report::escape::lines(&msg)
            );
        }
    }));
}

/// The environment variable that makes a debug build panic on purpose, with the first finding's
/// whole secret in the panic message, once the findings are sorted: so that a test can check
/// that the hook withholds it and the run exits 2. Release builds never read it.
#[cfg(debug_assertions)]
pub const TEST_PANIC_VAR: &str = "HUSH_TEST_PANIC";

/// Panics, quoting a secret, when [`TEST_PANIC_VAR`] is `1` (debug builds only).
#[cfg(debug_assertions)]
pub fn test_panic(findings: &[crate::finding::Finding]) {
    if std::env::var_os(TEST_PANIC_VAR).is_some_and(|v| v == "1") {
        let secret = findings
            .first()
            .map(|f| String::from_utf8_lossy(f.secret.expose()).into_owned())
            .unwrap_or_default();
        panic!("{TEST_PANIC_VAR}: a test panic holding the secret {secret}");
    }
}

/// Runs `f`; a panic inside it becomes [`Exit::Error`] (the hook has already reported it).
pub fn guard(f: impl FnOnce() -> Exit) -> Exit {
    panic::catch_unwind(AssertUnwindSafe(f)).unwrap_or(Exit::Error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_is_exit_2() {
        let prev = panic::take_hook();
        panic::set_hook(Box::new(|_| {}));
        assert_eq!(guard(|| panic!("boom")), Exit::Error);
        assert_eq!(guard(|| Exit::Findings), Exit::Findings);
        panic::set_hook(prev);
    }
}
