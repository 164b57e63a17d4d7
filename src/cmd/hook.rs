//! `hush hook install`: a plain git pre-commit hook, for teams without the pre-commit framework.
#![allow(clippy::print_stdout)]

use anyhow::{Context, Result, bail};

use super::Fatal;
use crate::cli::HookCmd;
use crate::exit::Exit;
use crate::source::staged;

/// The hook runs the `hush` on PATH, or the binary that installed it if none is.
fn script(fallback: &str) -> String {
    let quoted = fallback.replace('\'', r"'\''");
    format!(
        "#!/bin/sh\n\
         # Installed by `hush hook install`: block commits that add secrets.\n\
         # Bypass once (not recommended): git commit --no-verify\n\
         if command -v hush >/dev/null 2>&1; then\n  exec hush staged\nfi\n\
         exec '{quoted}' staged\n"
    )
}

pub fn run(cmd: HookCmd) -> Result<Exit> {
    match cmd {
        HookCmd::Install { force } => {
            let cwd = std::env::current_dir()?;
            let repo = staged::discover(&cwd).map_err(Fatal)?;
            // core.hooksPath, when set, is where git looks for hooks.
            let dir = match repo.config().and_then(|c| c.get_path("core.hooksPath")) {
                Ok(p) if p.is_absolute() => p,
                Ok(p) => repo.workdir().unwrap_or(repo.path()).join(p),
                Err(_) => repo.path().join("hooks"),
            };
            let path = dir.join("pre-commit");
            if path.exists() && !force {
                bail!(Fatal(format!(
                    "{} already exists; not overwriting it (use --force to replace it, or call \
                     `hush staged` from your existing hook)",
                    path.display()
                )));
            }
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            let exe = std::env::current_exe()
                .map(|p| p.display().to_string())
                .unwrap_or_else(|_| "hush".into());
            crate::atomic::write_with(&path, |w| w.write_all(script(&exe).as_bytes()))
                .with_context(|| format!("cannot write {}", path.display()))?;
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))?;
            }
            println!("installed {}", path.display());
            Ok(Exit::Clean)
        }
    }
}
