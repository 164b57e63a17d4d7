//! `.hush.toml`: the user's configuration, and where to find it.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::rule::RuleDef;

/// The file's shape. Unknown keys are rejected, with their name, so a typo never silently disables a
/// setting.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Rule ids to turn off.
    #[serde(default)]
    pub disabled_rules: Vec<String>,
    /// Rule ids that are off by default to turn on (`stripe-test-secret-key`).
    #[serde(default)]
    pub enabled_rules: Vec<String>,
    /// Drop findings below this confidence: `low`, `medium` or `high`.
    #[serde(default)]
    pub min_confidence: Option<String>,
    /// Files larger than this many bytes are skipped (default 100 MiB).
    #[serde(default)]
    pub max_file_size: Option<u64>,
    #[serde(default)]
    pub allowlist: AllowlistConfig,
    /// Extra rules, with the fields of the rule pack.
    #[serde(default)]
    pub rules: Vec<RuleDef>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllowlistConfig {
    /// Globs of paths (relative to the scanned root) whose findings are accepted.
    #[serde(default)]
    pub paths: Vec<String>,
    /// Regexes: a secret matching one is accepted.
    #[serde(default)]
    pub values: Vec<String>,
}

/// The file name looked for at the repository root.
pub const FILE_NAME: &str = ".hush.toml";

impl Config {
    /// Parses a config file; the error names the file, line and column.
    pub fn load(path: &Path) -> Result<Config, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read config {}: {e}", path.display()))?;
        Config::parse(&text).map_err(|e| format!("invalid config {}: {e}", path.display()))
    }

    pub fn parse(text: &str) -> Result<Config, String> {
        let cfg: Config = toml::from_str(text).map_err(|e| e.to_string())?;
        if let Some(c) = &cfg.min_confidence {
            if crate::finding::Confidence::parse(c).is_none() {
                return Err(format!(
                    "min_confidence must be low, medium or high, not {c:?}"
                ));
            }
        }
        Ok(cfg)
    }
}

/// Looks for `.hush.toml` from `start` upwards, stopping at the first directory that holds `.git` (the
/// repository root) or at the file system root.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let start = if start.is_file() {
        start.parent()?.to_path_buf()
    } else {
        start.to_path_buf()
    };
    let start = std::fs::canonicalize(&start).ok()?;
    for dir in start.ancestors() {
        let candidate = dir.join(FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        if dir.join(".git").exists() {
            return None;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_unknown_keys_by_name() {
        let err = Config::parse("disabled_rule = [\"x\"]").unwrap_err();
        assert!(err.contains("disabled_rule"), "{err}");
        let err = Config::parse("[allowlist]\npath = []").unwrap_err();
        assert!(err.contains("path"), "{err}");
    }

    #[test]
    fn parses_a_full_config() {
        let cfg = Config::parse(
            r#"
disabled_rules = ["jwt"]
min_confidence = "medium"
[allowlist]
paths = ["tests/**"]
values = ["^dev-"]
[[rules]]
id = "acme-key"
name = "Acme key"
keywords = ["acme_"]
regex = '\b(acme_[a-z0-9]{20})\b'
"#,
        )
        .unwrap();
        assert_eq!(cfg.rules.len(), 1);
        assert_eq!(cfg.allowlist.paths, ["tests/**"]);
    }
}
