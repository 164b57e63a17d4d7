//! Reports: findings to bytes, one module per format. Findings arrive sorted; every format writes the
//! same findings in the same order, so output is identical from run to run.

pub mod human;
pub mod json;

use std::io::{self, Write};

use crate::finding::Finding;
use crate::rule::RuleSet;
use crate::scan::StatsSnapshot;
use crate::source::Diagnostic;

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Jsonl,
}

/// What a report is made of.
pub struct Report<'a> {
    pub findings: &'a [Finding],
    pub stats: &'a StatsSnapshot,
    pub diagnostics: &'a [Diagnostic],
    pub rules: &'a RuleSet,
    /// Print whole secrets (`--show-secrets`).
    pub show_secrets: bool,
    pub color: bool,
    /// What was scanned, for the summary line ("files", "blobs", "staged files").
    pub unit: &'a str,
}

pub fn write(format: Format, report: &Report, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Human => human::write(report, out),
        Format::Json => json::write(report, out, false),
        Format::Jsonl => json::write(report, out, true),
    }
}
