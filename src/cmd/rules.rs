//! `hush rules list|explain|check`.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::Write;
use std::sync::Arc;

use anyhow::{Result, bail};

use super::Fatal;
use crate::cli::RulesCmd;
use crate::config::Config;
use crate::exit::Exit;
use crate::rule::load::{Selection, load};

pub fn run(cmd: RulesCmd) -> Result<Exit> {
    let all = Selection {
        all: true,
        ..Selection::default()
    };
    match cmd {
        RulesCmd::List { json } => {
            let set = load(&all).map_err(Fatal)?;
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            if json {
                let list: Vec<_> = set.rules.iter().map(|r| &r.def).collect();
                serde_json::to_writer_pretty(&mut out, &list)?;
                writeln!(out)?;
            } else {
                for r in &set.rules {
                    let state = if r.def.enabled {
                        ""
                    } else {
                        " (off by default)"
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
        RulesCmd::Explain { rule_id } => {
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
                for u in &r.def.references {
                    writeln!(out, "  {u}")?;
                }
            }
            out.flush()?;
            Ok(Exit::Clean)
        }
        RulesCmd::Check { config, file } => {
            let mut sel = all;
            if let Some(p) = &config {
                let cfg = Config::load(p).map_err(Fatal)?;
                sel.extra = cfg
                    .rules
                    .into_iter()
                    .map(|r| (p.display().to_string(), r))
                    .collect();
            }
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
