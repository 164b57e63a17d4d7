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
            if err
                .chain()
                .filter_map(|e| e.downcast_ref::<std::io::Error>())
                .any(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            {
                return Exit::Clean;
            }
            eprintln!("hush: error: {err:#}");
            Exit::Error
        }
    })
    .into()
}
