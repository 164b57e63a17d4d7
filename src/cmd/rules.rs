//! `hush rules list|explain|check`.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::Write;
use std::sync::Arc;

use anyhow::{Result, bail};

use super::Fatal;
use crate::cli::{RulesCmd, RulesConfigArgs, RulesFormat};
use crate::config::Config;
use crate::exit::Exit;
use crate::rule::load::{Selection, load};

/// Every rule, built-in and the config's (`--config`, or `.hush.toml` found from the current
/// directory), and the config's `disabled_rules`.
fn selection(args: &RulesConfigArgs) -> Result<(Selection, Vec<String>)> {
    let mut sel = Selection {
        all: true,
        ..Selection::default()
    };
    if args.no_config {
        return Ok((sel, Vec::new()));
    }
    let path = match &args.config {
        Some(p) => Some(p.clone()),
        None => crate::config::discover(&std::env::current_dir()?),
    };
    let Some(p) = path else {
        return Ok((sel, Vec::new()));
    };
    let cfg = Config::load(&p).map_err(Fatal)?;
    super::warn_rules(&cfg, Some(&p));
    sel.extra = cfg
        .rules
        .into_iter()
        .map(|r| (p.display().to_string(), r))
        .collect();
    Ok((sel, cfg.disabled_rules))
}

pub fn run(cmd: RulesCmd) -> Result<Exit> {
    match cmd {
        RulesCmd::List {
            format,
            json,
            config,
        } => {
            let format = if json { RulesFormat::Json } else { format };
            // The catalogue page is the rule pack itself: no config's rules in it.
            let (all, disabled) = if format == RulesFormat::Markdown {
                (
                    Selection {
                        all: true,
                        ..Selection::default()
                    },
                    Vec::new(),
                )
            } else {
                selection(&config)?
            };
            let set = load(&all).map_err(Fatal)?;
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            if format == RulesFormat::Markdown {
                crate::report::rule_page::write(&set, &mut out)?;
            } else if format == RulesFormat::Json {
                let list: Vec<_> = set.rules.iter().map(|r| &r.def).collect();
                serde_json::to_writer_pretty(&mut out, &list)?;
                writeln!(out)?;
            } else {
                for r in &set.rules {
                    let state = if disabled.iter().any(|d| *d == r.def.id) {
                        " (disabled in the config)".to_string()
                    } else if !r.def.enabled {
                        " (off by default)".to_string()
                    } else if all.extra.iter().any(|(_, d)| d.id == r.def.id) {
                        format!(" (from {})", r.source)
                    } else {
                        String::new()
                    };
                    writeln!(
                        out,
                        "{:<40} {:<7} {}{}",
                        r.id(),
                        r.confidence.as_str(),
                        r.name(),
                        state
                    )?;
                }
                writeln!(out, "{} rules", set.rules.len())?;
            }
            out.flush()?;
            Ok(Exit::Clean)
        }
        RulesCmd::Explain { rule_id, config } => {
            let (all, disabled) = selection(&config)?;
            let set = load(&all).map_err(Fatal)?;
            let Some(idx) = set.find(&rule_id) else {
                let near =
                    crate::rule::load::nearest_ids(&rule_id, set.rules.iter().map(|r| r.id()));
                let hint = match near.as_slice() {
                    [] => "see `hush rules list`".to_string(),
                    [one] => format!("did you mean {one:?}? `hush rules list` shows them all"),
                    [one, two, ..] => {
                        format!("did you mean {one:?} or {two:?}? `hush rules list` shows them all")
                    }
                };
                bail!(Fatal(format!("no rule with id {rule_id:?} ({hint})")));
            };
            let r = set.get(idx);
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            writeln!(out, "{} ({})", r.name(), r.id())?;
            writeln!(out, "  confidence: {}", r.confidence.as_str())?;
            if all.extra.iter().any(|(_, d)| d.id == r.def.id) {
                writeln!(out, "  defined in: {}", r.source)?;
            }
            if disabled.iter().any(|d| *d == r.def.id) {
                writeln!(out, "  disabled: the config's disabled_rules turns it off")?;
            }
            if !r.def.enabled {
                writeln!(
                    out,
                    "  off by default: enable with enabled_rules in .hush.toml"
                )?;
            }
            if r.is_filename_rule() {
                writeln!(out, "  blocked file names: {}", r.def.filenames.join(", "))?;
            } else {
                writeln!(out, "  keywords: {}", r.def.keywords.join(", "))?;
            }
            if let Some(v) = &r.def.validator {
                writeln!(out, "  offline check: {v}")?;
            }
            writeln!(out, "\nWhat to do:\n  {}", r.def.remediation)?;
            if !r.def.references.is_empty() {
                writeln!(out, "\nReferences:")?;
                for u in r.def.references.iter() {
                    writeln!(out, "  {u}")?;
                }
            }
            out.flush()?;
            Ok(Exit::Clean)
        }
        RulesCmd::Check { config, file } => {
            let (sel, _) = selection(&config)?;
            let set = load(&sel).map_err(Fatal)?;
            let total = set.rules.len();
            let problems = super::rule_check::check(Arc::new(set));
            let wanted = |source: &str| match &file {
                None => true,
                Some(f) => f.ends_with(source) || source.ends_with(f.as_str()),
            };
            let shown: Vec<_> = problems.iter().filter(|p| wanted(&p.source)).collect();
            for p in &shown {
                println!("{}: {}: {}", p.source, p.rule_id, p.message);
            }
            println!("{} rules checked, {} problem(s)", total, shown.len());
            Ok(if shown.is_empty() {
                Exit::Clean
            } else {
                Exit::Findings
            })
        }
    }
}
