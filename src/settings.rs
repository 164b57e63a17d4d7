//! Settings: the config file and the command-line flags, turned into the compiled [`Scanner`] that
//! every command uses. The one place where a flag and a config key meet.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use anyhow::{Result, bail};

use crate::cli::{CommonArgs, ConfidenceArg};
use crate::config::{self, Config};
use crate::exit::Fatal;
use crate::filter::allowlist::Allowlist;
use crate::finding::Confidence;
use crate::rule::RuleSet;
use crate::rule::load::{Selection, load};
use crate::scan::Scanner;

/// Default size limit for one file or blob.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 100 << 20;

/// Files a tree scan leaves out: hush's own config (it holds the examples of the user's rules) and
/// the baseline (it holds only hashes; one that could find itself would change each time it is
/// written).
pub const OWN_FILES: &[&str] = &[config::FILE_NAME, crate::filter::baseline::FILE_NAME];

/// The config in force for a scan rooted at `start`.
pub fn load_config(common: &CommonArgs, start: &Path) -> Result<(Config, Option<PathBuf>)> {
    if common.no_config {
        return Ok((Config::default(), None));
    }
    let path = match &common.config {
        Some(p) => {
            if !p.is_file() {
                bail!(Fatal(format!("config file {} does not exist", p.display())));
            }
            Some(p.clone())
        }
        None => config::discover(start),
    };
    match path {
        Some(p) => {
            let cfg = Config::load(&p).map_err(Fatal)?;
            Ok((cfg, Some(p)))
        }
        None => Ok((Config::default(), None)),
    }
}

/// Builds the scanner from arguments and config.
pub fn build_scanner(
    common: &CommonArgs,
    cfg: &Config,
    cfg_path: Option<&Path>,
    max_file_size: Option<u64>,
) -> Result<Scanner> {
    let source = cfg_path.map_or(".hush.toml".to_string(), |p| p.display().to_string());
    let sel = Selection {
        extra: cfg
            .rules
            .iter()
            .map(|r| (source.clone(), r.clone()))
            .collect(),
        disabled: cfg.disabled_rules.clone(),
        enabled: cfg.enabled_rules.clone(),
        all: false,
    };
    let rules = rule_set(&sel).map_err(|e| Fatal(format!("{source}: {e}")))?;
    // Its path globs are relative to the config file's directory; each command says what its scan's
    // paths are relative to (`Allowlist::set_root`).
    let allowlist = Allowlist::new(&cfg.allowlist)
        .map_err(|e| Fatal(format!("{source}: {e}")))?
        .with_config_file(cfg_path);
    let min_confidence = match common.min_confidence {
        Some(ConfidenceArg::Low) => Confidence::Low,
        Some(ConfidenceArg::Medium) => Confidence::Medium,
        Some(ConfidenceArg::High) => Confidence::High,
        None => cfg
            .min_confidence
            .as_deref()
            .and_then(Confidence::parse)
            .unwrap_or(Confidence::Low),
    };
    Ok(Scanner {
        rules,
        allowlist,
        min_confidence,
        ignore_pragmas: common.ignore_pragmas,
        max_file_size: max_file_size
            .or(common.max_file_size)
            .or(cfg.max_file_size)
            .unwrap_or(DEFAULT_MAX_FILE_SIZE),
        decode_depth: cfg
            .decode_depth
            .unwrap_or(crate::detect::DEFAULT_DECODE_DEPTH),
    })
}

/// The rule set of `sel`. The default one (no user rules, none turned on or off) is built once per
/// process and never freed: every command builds one scanner, and freeing the set's ten thousand
/// allocations at exit was 15% of a one-file scan's instructions.
fn rule_set(sel: &Selection) -> Result<Arc<RuleSet>, String> {
    static DEFAULT: OnceLock<Arc<RuleSet>> = OnceLock::new();
    let default = sel.extra.is_empty() && sel.disabled.is_empty() && sel.enabled.is_empty();
    if !default || sel.all {
        return load(sel).map(Arc::new);
    }
    if let Some(set) = DEFAULT.get() {
        return Ok(Arc::clone(set));
    }
    let set = Arc::new(load(sel)?);
    Ok(Arc::clone(DEFAULT.get_or_init(|| set)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_rule_set_is_built_once() {
        let a = rule_set(&Selection::default()).unwrap();
        let b = rule_set(&Selection::default()).unwrap();
        assert!(Arc::ptr_eq(&a, &b));
        let sel = Selection {
            disabled: vec!["github-pat-classic".into()],
            ..Selection::default()
        };
        let c = rule_set(&sel).unwrap();
        assert!(!Arc::ptr_eq(&a, &c));
        assert!(c.find("github-pat-classic").is_none() && a.find("github-pat-classic").is_some());
    }
}
