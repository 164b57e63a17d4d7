//! `hush baseline create|update|audit`.

use anyhow::{Result, bail};

use super::Fatal;
use crate::cli::BaselineCmd;
use crate::exit::Exit;

pub fn run(_cmd: BaselineCmd) -> Result<Exit> {
    bail!(Fatal("not implemented yet".into()))
}
