//! The `hush` binary: parse arguments, run, map the outcome to an exit code.
#![allow(clippy::print_stderr)]

use std::process::ExitCode;

use clap::Parser;
use hush::cmd::panic;
use hush::exit::Exit;

fn main() -> ExitCode {
    panic::install_hook();
    let cli = hush::cli::Cli::parse();
    panic::guard(|| match hush::cmd::run(cli) {
        Ok(exit) => exit,
        Err(err) => {
            // `hush scan | head` closing the pipe is not an error.
            // (serde_json wraps the I/O error it met while writing.)
            let broken_pipe = err.chain().any(|e| {
                e.downcast_ref::<std::io::Error>().map(|e| e.kind())
                    == Some(std::io::ErrorKind::BrokenPipe)
                    || e.downcast_ref::<serde_json::Error>()
                        .and_then(|e| e.io_error_kind())
                        == Some(std::io::ErrorKind::BrokenPipe)
            });
            if broken_pipe {
                return Exit::Clean;
            }
            // Errors name paths and quote config lines: no control character reaches the
            // terminal, but a message made of several lines on purpose keeps them.
            let message = format!("{err:#}");
            eprintln!("hush: error: {}", hush::report::escape::lines(&message));
            Exit::Error
        }
    })
    .into()
}
