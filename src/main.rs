//! The `hush` binary: parse arguments, run, map the outcome to an exit code.
#![allow(clippy::print_stderr)]

use std::process::ExitCode;

use clap::Parser;
use hush::exit::Exit;

fn main() -> ExitCode {
    let cli = hush::cli::Cli::parse();
    match hush::cmd::run(cli) {
        Ok(exit) => exit.into(),
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
                return Exit::Clean.into();
            }
            eprintln!("hush: error: {err:#}");
            Exit::Error.into()
        }
    }
}
