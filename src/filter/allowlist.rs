//! Config allowlists: paths and secret values the user has accepted.

use globset::{Glob, GlobSet, GlobSetBuilder};
use regex::bytes::Regex;

use crate::config::AllowlistConfig;

/// Compiled allowlists.
#[derive(Debug, Default)]
pub struct Allowlist {
    paths: Option<GlobSet>,
    values: Vec<Regex>,
    aws_accounts: Vec<String>,
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
        })
    }

    pub fn allows_path(&self, rel: &str) -> bool {
        self.paths.as_ref().is_some_and(|g| g.is_match(rel))
    }

    pub fn allows_value(&self, secret: &[u8]) -> bool {
        self.values.iter().any(|r| r.is_match(secret))
    }

    /// Credentials of these AWS accounts are accepted (the account a key id encodes).
    pub fn allows_aws_account(&self, account: &str) -> bool {
        self.aws_accounts.iter().any(|a| a == account)
    }
}
