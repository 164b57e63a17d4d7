//! `hush hook install`.

use anyhow::{Result, bail};

use super::Fatal;
use crate::cli::HookCmd;
use crate::exit::Exit;

pub fn run(_cmd: HookCmd) -> Result<Exit> {
    bail!(Fatal("not implemented yet".into()))
}
