//! `hush completions SHELL`: the completion script clap_complete writes from the same clap
//! definitions that parse the command line, so it offers exactly the subcommands, options and values
//! (`--format`'s formats among them) that hush accepts.

use std::io::Write;

use anyhow::Result;
use clap::CommandFactory;

use crate::cli::{Cli, CompletionsCmd};
use crate::exit::Exit;

pub fn run(cmd: CompletionsCmd) -> Result<Exit> {
    let mut script = Vec::new();
    clap_complete::generate(cmd.shell, &mut Cli::command(), "hush", &mut script);
    let mut out = std::io::stdout().lock();
    out.write_all(&script)?;
    out.flush()?;
    Ok(Exit::Clean)
}
