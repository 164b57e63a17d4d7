//! `hush hook install|uninstall`: a plain git pre-commit hook, for teams without the pre-commit
//! framework.
#![allow(clippy::print_stdout)]

use anyhow::{Context, Result, bail};

use super::Fatal;
use crate::cli::HookCmd;
use crate::exit::Exit;
use crate::source::staged;

/// The first line of the script's comment: how `uninstall` knows a hook is hush's.
const MARK: &str = "# Installed by `hush hook install`";

/// The hook runs the `hush` on PATH, or the binary that installed it if none is. `-q`: a clean
/// commit prints nothing; a refused one prints the findings and the ways out.
fn script(fallback: &str) -> String {
    let quoted = fallback.replace('\'', r"'\''");
    format!(
        "#!/bin/sh\n\
         {MARK}: block commits that add secrets.\n\
         # Bypass once (not recommended): git commit --no-verify. Remove: hush hook uninstall\n\
         if command -v hush >/dev/null 2>&1; then\n  exec hush staged -q\nfi\n\
         exec '{quoted}' staged -q\n"
    )
}

/// Where git looks for the pre-commit hook of the repository holding the current directory.
fn hook_path() -> Result<std::path::PathBuf> {
    let cwd = std::env::current_dir()?;
    let repo = staged::discover(&cwd).map_err(Fatal)?;
    // core.hooksPath, when set, is where git looks for hooks.
    let dir = match repo.config().and_then(|c| c.get_path("core.hooksPath")) {
        Ok(p) if p.is_absolute() => p,
        Ok(p) => repo.workdir().unwrap_or(repo.path()).join(p),
        Err(_) => repo.path().join("hooks"),
    };
    Ok(dir.join("pre-commit"))
}

pub fn run(cmd: HookCmd) -> Result<Exit> {
    match cmd {
        HookCmd::Uninstall => {
            let path = hook_path()?;
            let text = match std::fs::read(&path) {
                Ok(t) => t,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    println!(
                        "no pre-commit hook at {}: nothing to remove",
                        path.display()
                    );
                    return Ok(Exit::Clean);
                }
                Err(e) => {
                    return Err(e).with_context(|| format!("cannot read {}", path.display()));
                }
            };
            if !String::from_utf8_lossy(&text).contains(MARK) {
                bail!(Fatal(format!(
                    "{} was not written by `hush hook install`; not removing it (edit it by hand)",
                    path.display()
                )));
            }
            std::fs::remove_file(&path)
                .with_context(|| format!("cannot remove {}", path.display()))?;
            println!("removed {}", path.display());
            Ok(Exit::Clean)
        }
        HookCmd::Install { force } => {
            let path = hook_path()?;
            let dir = path
                .parent()
                .expect("a hook path has a directory")
                .to_path_buf();
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
