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
    /// Levels of encoding (base64, percent-encoding, backslash escapes) to decode and scan
    /// (default 2; 0 turns decoding off).
    #[serde(default)]
    pub decode_depth: Option<u8>,
    #[serde(default)]
    pub allowlist: AllowlistConfig,
    /// Extra rules, with the fields of the rule pack.
    #[serde(default)]
    pub rules: Vec<RuleDef>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllowlistConfig {
    /// Globs of paths (relative to the config file's directory) whose findings are accepted.
    #[serde(default)]
    pub paths: Vec<String>,
    /// Regexes: a secret matching one is accepted.
    #[serde(default)]
    pub values: Vec<String>,
    /// AWS account ids (12 digits) whose credentials are accepted, such as the organisation's own
    /// sandbox accounts. Matched against the account encoded in an access key id.
    #[serde(default)]
    pub aws_accounts: Vec<String>,
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
        if let Some(d) = cfg.decode_depth {
            if d > MAX_DECODE_DEPTH {
                return Err(format!(
                    "decode_depth must be between 0 and {MAX_DECODE_DEPTH}, not {d}"
                ));
            }
        }
        for a in &cfg.allowlist.aws_accounts {
            if a.len() != 12 || !a.bytes().all(|b| b.is_ascii_digit()) {
                return Err(format!(
                    "allowlist.aws_accounts: {a:?} is not a 12-digit AWS account id"
                ));
            }
        }
        Ok(cfg)
    }
}

/// Deeper decoding finds nothing real and costs time on adversarial input.
pub const MAX_DECODE_DEPTH: u8 = 3;

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
decode_depth = 1
[allowlist]
paths = ["tests/**"]
values = ["^dev-"]
aws_accounts = ["123456789012"]
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
        assert_eq!(cfg.allowlist.aws_accounts, ["123456789012"]);
        assert_eq!(cfg.decode_depth, Some(1));
    }

    #[test]
    fn rejects_bad_accounts_and_depths() {
        let err = Config::parse("[allowlist]\naws_accounts = [\"1234\"]").unwrap_err();
        assert!(err.contains("12-digit"), "{err}");
        let err = Config::parse("decode_depth = 9").unwrap_err();
        assert!(err.contains("decode_depth"), "{err}");
    }
}
