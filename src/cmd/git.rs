//! `hush git [REPO] [--since REV | RANGE]`: history.

use anyhow::{Result, bail};

use super::Fatal;
use crate::cli::GitCmd;
use crate::exit::Exit;

pub fn run(_cmd: GitCmd) -> Result<Exit> {
    bail!(Fatal("not implemented yet".into()))
}
