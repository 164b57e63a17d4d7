//! Config allowlists: paths and secret values the user has accepted.
//!
//! Path globs are anchored at the directory of the config file that holds them: `tests/fixtures/**` in
//! the repository's `.hush.toml` means that directory whether the scan is of the repository, of
//! `tests`, or run from inside `tests`. A scan's paths are relative to its own root, so the commands
//! tell the allowlist that root ([`Allowlist::set_root`]); a path outside the config's directory (a
//! config named with `--config` elsewhere) is matched as it is, relative to the scanned root.

use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use regex::bytes::Regex;

use super::lexical;
use crate::config::AllowlistConfig;

/// Compiled allowlists.
#[derive(Debug, Default)]
pub struct Allowlist {
    paths: Option<GlobSet>,
    values: Vec<Regex>,
    aws_accounts: Vec<String>,
    /// The config file's directory (canonical), when the globs came from a file.
    config_dir: Option<PathBuf>,
    /// How a scan's paths become paths relative to `config_dir`.
    anchor: Option<Anchor>,
}

/// A scan root, seen from the config's directory.
#[derive(Debug)]
struct Anchor {
    /// The root relative to the config's directory, with a trailing `/` (empty: the same directory);
    /// `None` when the root is outside it.
    prefix: Option<String>,
    /// The root, canonical, for paths that are absolute or climb out of it.
    root: PathBuf,
    config_dir: PathBuf,
}

impl Allowlist {
    pub fn new(cfg: &AllowlistConfig) -> Result<Allowlist, String> {
        let paths = if cfg.paths.is_empty() {
            None
        } else {
            let mut b = GlobSetBuilder::new();
            for g in &cfg.paths {
                b.add(Glob::new(g).map_err(|e| format!("allowlist path {g:?}: {e}"))?);
            }
            Some(b.build().map_err(|e| e.to_string())?)
        };
        let values = cfg
            .values
            .iter()
            .map(|v| Regex::new(v).map_err(|e| format!("allowlist value regex {v:?}: {e}")))
            .collect::<Result<_, _>>()?;
        Ok(Allowlist {
            paths,
            values,
            aws_accounts: cfg.aws_accounts.clone(),
            config_dir: None,
            anchor: None,
        })
    }

    /// The globs were read from the config file at `path`: they are relative to its directory.
    pub fn with_config_file(mut self, path: Option<&Path>) -> Allowlist {
        self.config_dir = path
            .map(|p| {
                p.parent()
                    .filter(|d| !d.as_os_str().is_empty())
                    .unwrap_or(Path::new("."))
            })
            .and_then(|d| std::fs::canonicalize(d).ok());
        self
    }

    /// The paths the scan hands [`Allowlist::allows_path`] are relative to `root` (or absolute).
    pub fn set_root(&mut self, root: &Path) {
        let (Some(config_dir), Some(_)) = (&self.config_dir, &self.paths) else {
            return;
        };
        let root = if root.as_os_str().is_empty() {
            Path::new(".")
        } else {
            root
        };
        let Ok(root) = std::fs::canonicalize(root) else {
            self.anchor = None;
            return;
        };
        let prefix = root.strip_prefix(config_dir).ok().map(|rel| {
            let rel = rel.to_string_lossy().replace('\\', "/");
            if rel.is_empty() {
                rel
            } else {
                format!("{rel}/")
            }
        });
        self.anchor = Some(Anchor {
            prefix,
            root,
            config_dir: config_dir.clone(),
        });
    }

    pub fn allows_path(&self, rel: &str) -> bool {
        let Some(globs) = &self.paths else {
            return false;
        };
        let Some(anchor) = &self.anchor else {
            return globs.is_match(rel);
        };
        let clean = !rel.starts_with('/') && !rel.split('/').any(|c| c == ".." || c == ".");
        match &anchor.prefix {
            Some(prefix) if clean => {
                if prefix.is_empty() {
                    globs.is_match(rel)
                } else {
                    globs.is_match(format!("{prefix}{rel}"))
                }
            }
            _ => {
                let abs = lexical(&anchor.root.join(rel));
                match abs.strip_prefix(&anchor.config_dir) {
                    Ok(inside) => globs.is_match(inside.to_string_lossy().replace('\\', "/")),
                    Err(_) => globs.is_match(rel),
                }
            }
        }
    }

    pub fn allows_value(&self, secret: &[u8]) -> bool {
        self.values.iter().any(|r| r.is_match(secret))
    }

    /// Credentials of these AWS accounts are accepted (the account a key id encodes).
    pub fn allows_aws_account(&self, account: &str) -> bool {
        self.aws_accounts.iter().any(|a| a == account)
    }
}
