//! `hush staged`: the pre-commit check.

use anyhow::{Result, bail};

use super::Fatal;
use crate::cli::StagedCmd;
use crate::exit::Exit;

pub fn run(_cmd: StagedCmd) -> Result<Exit> {
    bail!(Fatal("not implemented yet".into()))
}
