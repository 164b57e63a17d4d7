//! `hush man [--dir DIR]`: manual pages (roff) written by clap_mangen from the clap definitions that
//! parse the command line. `hush.1` lists the subcommands; each subcommand, nested ones included, has
//! a page of its own (`hush-scan.1`, `hush-baseline-create.1`), as git's pages are laid out.
//!
//! docs/man/ holds the pages as generated (`cargo run -- man --dir docs/man`); tests/generated.rs
//! fails when they differ from what this writes.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use clap::CommandFactory;

use crate::cli::{Cli, ManCmd};
use crate::exit::Exit;
use crate::report::escape;

/// Every page: (file name, roff), `hush.1` first, then the subcommands' in the order clap lists them.
pub fn pages() -> Result<Vec<(String, Vec<u8>)>> {
    let mut root = Cli::command().disable_help_subcommand(true);
    root.build();
    let mut out = Vec::new();
    add(root, &mut out)?;
    Ok(out)
}

fn add(cmd: clap::Command, out: &mut Vec<(String, Vec<u8>)>) -> Result<()> {
    let subcommands: Vec<clap::Command> = cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set())
        .cloned()
        .collect();
    let man = clap_mangen::Man::new(cmd);
    let mut roff = Vec::new();
    man.render(&mut roff)?;
    out.push((man.get_filename(), roff));
    for sub in subcommands {
        add(sub, out)?;
    }
    Ok(())
}

pub fn run(cmd: ManCmd) -> Result<Exit> {
    let pages = pages()?;
    match &cmd.dir {
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(&pages[0].1)?;
            out.flush()?;
        }
        Some(dir) => {
            for (name, roff) in &pages {
                write_page(dir, name, roff)?;
            }
        }
    }
    Ok(Exit::Clean)
}

fn write_page(dir: &Path, name: &str, roff: &[u8]) -> Result<()> {
    let path = dir.join(name);
    crate::atomic::write_output(&path, |w| w.write_all(roff))
        .with_context(|| format!("cannot write {}", escape::text(&path.display().to_string())))
}
