//! `hush baseline audit`: label entries interactively, or list them (`--report`).

use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use serde::Serialize;

use super::{dir_of, load, modify, plural};
use crate::cli::{BaselineArgs, ConfidenceArg};
use crate::cmd::{Fatal, build_scanner, load_config};
use crate::config::AllowlistConfig;
use crate::content::{self, Kind};
use crate::detect::Detector;
use crate::exit::Exit;
use crate::filter::baseline::matching::rule_ids;
use crate::filter::baseline::{Entry, FILE_NAME, Label, find, observe};
use crate::finding::Finding;
use crate::rule::RuleSet;
use crate::scan::Scanner;

fn audit_target(opts: &BaselineArgs) -> Result<PathBuf> {
    match &opts.baseline {
        Some(p) if p.is_file() => Ok(p.clone()),
        Some(p) => bail!(Fatal(format!("baseline {} does not exist", p.display()))),
        None => find(Path::new(".")).ok_or_else(|| {
            Fatal(format!(
                "no {FILE_NAME} here or up to the repository root: create one with \
                 `hush baseline create`"
            ))
            .into()
        }),
    }
}

#[derive(Serialize)]
struct ReportEntry<'a> {
    filename: &'a str,
    /// Where the secret was when the entry was added (the baseline's field).
    line_number: Option<u32>,
    /// Where hush finds the secret in the working tree now (what the interactive audit shows);
    /// `null` when it does not find it there (or it is a blocked file name).
    line_now: Option<u32>,
    #[serde(rename = "type")]
    kind: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    hush_rule: Option<&'a str>,
    hashed_secret: &'a str,
    label: &'static str,
}

#[derive(Serialize)]
struct ReportCounts {
    entries: usize,
    real: usize,
    false_positive: usize,
    unlabelled: usize,
}

#[derive(Serialize)]
struct AuditReport<'a> {
    baseline: String,
    counts: ReportCounts,
    entries: Vec<ReportEntry<'a>>,
}

/// `audit --report`: counts and the entries, no prompts.
pub(super) fn audit_report(opts: &BaselineArgs, json: bool) -> Result<Exit> {
    let target = audit_target(opts)?;
    let b = load(&target)?;
    // Each entry where its secret is now, as the interactive audit shows it.
    let mut finder = Finder::new(opts, &target)?;
    let now: Vec<Option<u32>> = b
        .entries
        .iter()
        .map(|e| finder.now(e).and_then(|f| f.line))
        .collect();
    let (real, false_positive, unlabelled) = b.counts();
    let report = AuditReport {
        baseline: target.display().to_string(),
        counts: ReportCounts {
            entries: b.entries.len(),
            real,
            false_positive,
            unlabelled,
        },
        entries: b
            .entries
            .iter()
            .zip(&now)
            .map(|(e, &line_now)| ReportEntry {
                filename: &e.filename,
                line_number: e.line_number,
                line_now,
                kind: &e.kind,
                hush_rule: e.hush_rule.as_deref(),
                hashed_secret: &e.hashed_secret,
                label: e.label().as_str(),
            })
            .collect(),
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if json {
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
    } else {
        writeln!(
            out,
            "{}: {} {}: {real} real, {false_positive} false positive, {unlabelled} unlabelled",
            report.baseline,
            b.entries.len(),
            plural(b.entries.len(), "entry", "entries"),
        )?;
        for (e, now) in b.entries.iter().zip(&now) {
            let at = match (now, e.line_number) {
                (Some(n), _) => format!("{}:{n}", e.filename),
                (None, Some(n)) => format!(
                    "{} (line {n} when recorded; not found there now)",
                    e.filename
                ),
                (None, None) => e.filename.clone(),
            };
            let what = e.hush_rule.as_deref().unwrap_or(&e.kind);
            writeln!(out, "  {:<15} {at}  {what}", e.label().as_str())?;
        }
        if real > 0 {
            writeln!(
                out,
                "Entries labelled real are still reported by every scan until the secret is removed: \
                 revoke and rotate them (`hush rules explain RULE`)."
            )?;
        }
    }
    out.flush()?;
    Ok(Exit::Clean)
}

/// A file as audit shows it: its text and every finding in it (for redacting the context).
struct FileView {
    text: Vec<u8>,
    findings: Vec<Finding>,
}

/// Finds where each entry's secret is in the working tree now, with every secret the rules
/// recognise (whatever would keep it out of a report: confidence, pragmas, the config's allowlists
/// and disabled rules), so that the context shown can be redacted whole.
struct Finder {
    scanner: Scanner,
    detector: Detector,
    dir: PathBuf,
    views: HashMap<String, Option<FileView>>,
}

impl Finder {
    fn new(opts: &BaselineArgs, target: &Path) -> Result<Finder> {
        let dir = std::fs::canonicalize(dir_of(target))?;
        let mut common = opts.common();
        common.min_confidence = Some(ConfidenceArg::Low);
        common.ignore_pragmas = true;
        let (mut cfg, cfg_path) = load_config(&common, &dir)?;
        cfg.allowlist = AllowlistConfig::default();
        cfg.disabled_rules.clear();
        let scanner = build_scanner(&common, &cfg, cfg_path.as_deref(), opts.max_file_size)?;
        let detector = Detector::new(scanner.rules.clone());
        Ok(Finder {
            scanner,
            detector,
            dir,
            views: HashMap::new(),
        })
    }

    fn view(&mut self, filename: &str) -> Option<&FileView> {
        let Finder {
            scanner,
            detector,
            dir,
            views,
        } = self;
        views
            .entry(filename.to_string())
            .or_insert_with(|| read_view(scanner, detector, dir, filename))
            .as_ref()
    }

    /// The finding an entry stands for, where its secret is now (the first, by line).
    fn now(&mut self, e: &Entry) -> Option<Finding> {
        let ids: std::collections::HashSet<String> = rule_ids(&self.scanner.rules)
            .into_iter()
            .map(str::to_string)
            .collect();
        let view = self.view(&e.filename)?;
        now_in(view, e, &|t: &str| ids.contains(t)).cloned()
    }
}

/// The finding in `view` that `e` stands for (the first, by line).
fn now_in<'a>(
    view: &'a FileView,
    e: &Entry,
    is_rule: &dyn Fn(&str) -> bool,
) -> Option<&'a Finding> {
    view.findings
        .iter()
        .filter(|f| {
            observe(f, f.path.clone()).hash == e.hashed_secret
                && e.rule(is_rule).is_none_or(|r| f.rule_id == r)
        })
        .min_by_key(|f| f.line)
}

/// Lines shown above and below the secret.
const CONTEXT_LINES: u32 = 2;
/// Longest context line shown, in characters.
const CONTEXT_WIDTH: usize = 160;

/// The interactive review: each unlabelled entry with its redacted context, then a question. Answers
/// are read a line at a time from `input` (a terminal, or a pipe in tests); each label is saved at
/// once, atomically, so quitting or an interruption loses nothing already answered.
pub(super) fn audit(
    opts: &BaselineArgs,
    all: bool,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> Result<Exit> {
    let target = audit_target(opts)?;
    // Read without the lock, which is taken only to save each answer: the file may change while
    // the user thinks (another update, another audit), and each answer is merged into it as it is then.
    let baseline = load(&target)?;
    let mut latest = None;
    // The context is redacted by what a scan finds in it, so that no secret near the one under
    // review is shown in full.
    let mut finder = Finder::new(opts, &target)?;
    let ids: std::collections::HashSet<String> = rule_ids(&finder.scanner.rules)
        .into_iter()
        .map(str::to_string)
        .collect();
    let is_rule = |t: &str| ids.contains(t);

    let todo: Vec<usize> = (0..baseline.entries.len())
        .filter(|&i| all || baseline.entries[i].label() == Label::Unlabelled)
        .collect();
    let shown = target.display();
    if todo.is_empty() {
        let (real, fp, _) = baseline.counts();
        writeln!(
            out,
            "{shown}: every entry is labelled ({real} real, {fp} false positive). \
             `hush baseline audit --report` lists them."
        )?;
        return Ok(Exit::Clean);
    }
    let which = if all { "" } else { "unlabelled " };
    writeln!(
        out,
        "{shown}: {} {which}{}. Answer r (a real secret: it must be rotated), f (a false \
         positive), s (skip), u (undo the last answer) or q (quit). Each answer is saved at once.",
        todo.len(),
        plural(todo.len(), "entry", "entries")
    )?;
    let (mut real, mut false_positive, mut skipped) = (0i64, 0i64, 0i64);
    // What each answer changed, for `u`: the entry's place in `todo`, its label before, the answer.
    let mut answered: Vec<(usize, Option<bool>, Option<Label>)> = Vec::new();
    let mut n = 0;
    'entries: while n < todo.len() {
        let entry = baseline.entries[todo[n]].clone();
        let rules = finder.scanner.rules.clone();
        let view = finder.view(&entry.filename);
        writeln!(out)?;
        show_entry(out, &rules, &entry, view, &is_rule, n + 1, todo.len())?;
        if all {
            writeln!(out, "      labelled now: {}", entry.label().as_str())?;
        }
        let label = loop {
            write!(
                out,
                "Is this a real secret? [r]eal / [f]alse positive / [s]kip / [u]ndo / [q]uit: "
            )?;
            out.flush()?;
            let mut line = String::new();
            if input.read_line(&mut line)? == 0 {
                writeln!(out)?;
                break 'entries;
            }
            match line.trim().to_ascii_lowercase().as_str() {
                "r" | "real" => break Some(Label::Real),
                "f" | "fp" | "false" | "false positive" => break Some(Label::FalsePositive),
                "s" | "skip" => break None,
                "q" | "quit" => break 'entries,
                "u" | "undo" => {
                    let Some((back, before, what)) = answered.pop() else {
                        writeln!(out, "Nothing to undo.")?;
                        continue;
                    };
                    let prev = baseline.entries[todo[back]].clone();
                    if what.is_some() {
                        let (now, _) = set_label(&target, &prev, before)?;
                        latest = Some(now);
                    }
                    match what {
                        Some(Label::Real) => real -= 1,
                        Some(_) => false_positive -= 1,
                        None => skipped -= 1,
                    }
                    writeln!(
                        out,
                        "Undone: {} is {} again.",
                        prev.filename,
                        Label::from_is_secret(before).as_str()
                    )?;
                    n = back;
                    continue 'entries;
                }
                _ => writeln!(out, "Please answer r, f, s or q. u undoes the last answer.")?,
            }
        };
        let before = entry.is_secret;
        match label {
            Some(l) => {
                let (now, saved) = set_label(&target, &entry, l.is_secret())?;
                latest = Some(now);
                if !saved {
                    writeln!(
                        out,
                        "      This entry is no longer in {shown} (a `hush baseline update` dropped \
                         it meanwhile): the answer was not saved."
                    )?;
                    skipped += 1;
                    answered.push((n, before, None));
                } else {
                    if l == Label::Real {
                        real += 1;
                    } else {
                        false_positive += 1;
                    }
                    answered.push((n, before, Some(l)));
                }
            }
            None => {
                skipped += 1;
                answered.push((n, before, None));
            }
        }
        n += 1;
    }
    let left = latest
        .as_ref()
        .unwrap_or(&baseline)
        .entries
        .iter()
        .filter(|e| e.label() == Label::Unlabelled)
        .count();
    writeln!(
        out,
        "Labelled {real} real and {false_positive} false positive, skipped {skipped}; \
         {left} unlabelled left in {shown}."
    )?;
    if real > 0 {
        writeln!(
            out,
            "Secrets labelled real stay in every report until removed: revoke and rotate them."
        )?;
    }
    Ok(Exit::Clean)
}

/// Sets the label of the entry like `entry` in the baseline as it is now (under its lock); says
/// whether the entry was still there.
fn set_label(
    target: &Path,
    entry: &Entry,
    is_secret: Option<bool>,
) -> Result<(crate::filter::baseline::Baseline, bool)> {
    modify(target, |b| {
        let same = b.entries.iter_mut().find(|e| {
            (&e.filename, &e.hashed_secret, &e.kind, &e.hush_rule)
                == (
                    &entry.filename,
                    &entry.hashed_secret,
                    &entry.kind,
                    &entry.hush_rule,
                )
        });
        Ok(match same {
            Some(e) => {
                e.is_secret = is_secret;
                (true, true)
            }
            None => (false, false),
        })
    })
}

fn read_view(
    scanner: &Scanner,
    detector: &mut Detector,
    dir: &Path,
    filename: &str,
) -> Option<FileView> {
    let bytes = std::fs::read(dir.join(filename)).ok()?;
    let mut findings = Vec::new();
    scanner.scan_blob(detector, filename, &bytes, &mut findings);
    let text = match content::sniff(&bytes) {
        Kind::Text => bytes,
        Kind::Media(_) => Vec::new(),
        kind => content::decode(&bytes, &kind).unwrap_or_default(),
    };
    Some(FileView { text, findings })
}

fn show_entry(
    out: &mut dyn Write,
    rules: &RuleSet,
    e: &Entry,
    view: Option<&FileView>,
    is_rule: &dyn Fn(&str) -> bool,
    n: usize,
    total: usize,
) -> std::io::Result<()> {
    let rule = e.rule(is_rule);
    let what = match rule.and_then(|r| rules.find(r).map(|idx| (r, idx))) {
        Some((r, idx)) => format!("{} ({r})", rules.get(idx).name()),
        None => format!("{} (detect-secrets type)", e.kind),
    };
    // The finding this entry stands for, where the secret is now.
    let found = view.and_then(|v| now_in(v, e, is_rule));
    let at = match (found.and_then(|f| f.line), e.line_number) {
        (Some(l), _) | (None, Some(l)) => format!("{}:{l}", e.filename),
        _ => e.filename.clone(),
    };
    writeln!(out, "[{n}/{total}] {at}  {what}")?;
    match (found, view) {
        (Some(f), _) if f.line.is_none() => writeln!(
            out,
            "      The file name itself is the finding; its content is not shown."
        ),
        (Some(f), Some(v)) => {
            let line = f.line.unwrap_or(1);
            writeln!(out, "      secret: {}", f.secret.redacted())?;
            for (ln, text) in context(v, line) {
                let mark = if ln == line { ">" } else { " " };
                writeln!(out, "  {mark} {ln:>5} | {text}")?;
            }
            Ok(())
        }
        (_, None) => writeln!(
            out,
            "      {} is not in the working tree (the history may still hold it; \
             `hush baseline update --prune` drops its entries).",
            e.filename
        ),
        _ => writeln!(
            out,
            "      hush does not find this secret in the file now (it may have been removed, or it \
             is one only detect-secrets reports), so no context is shown."
        ),
    }
}

/// The lines around `line` (1-based), each with every finding on it replaced by its redacted form.
fn context(v: &FileView, line: u32) -> Vec<(u32, String)> {
    let lines: Vec<&[u8]> = v.text.split(|&b| b == b'\n').collect();
    let first = line.saturating_sub(CONTEXT_LINES).max(1);
    let last = (line + CONTEXT_LINES).min(lines.len() as u32);
    (first..=last)
        .map(|ln| (ln, redact_line(lines[ln as usize - 1], ln, &v.findings)))
        .collect()
}

fn redact_line(bytes: &[u8], ln: u32, findings: &[Finding]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let chars: Vec<char> = text.trim_end_matches('\r').chars().collect();
    let mut spans: Vec<(usize, usize, String)> = Vec::new();
    for f in findings {
        let (Some(l), Some(c), Some(el), Some(ec)) = (f.line, f.column, f.end_line, f.end_column)
        else {
            continue;
        };
        if ln < l || ln > el {
            continue;
        }
        let start = if ln == l { c as usize - 1 } else { 0 }.min(chars.len());
        let end = if ln == el {
            ec as usize - 1
        } else {
            chars.len()
        }
        .clamp(start, chars.len());
        let shown = if ln == l {
            f.secret.redacted()
        } else {
            "…".to_string()
        };
        spans.push((start, end, shown));
    }
    spans.sort();
    let mut out = String::new();
    let mut pos = 0;
    for (start, end, shown) in spans {
        if start < pos {
            // Overlaps one already hidden: hide the rest of it too.
            pos = pos.max(end);
            continue;
        }
        out.extend(&chars[pos..start]);
        out.push_str(&shown);
        pos = end;
    }
    out.extend(&chars[pos..]);
    if out.chars().count() > CONTEXT_WIDTH {
        let cut: String = out.chars().take(CONTEXT_WIDTH).collect();
        return format!("{cut}…");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_every_finding_on_a_context_line() {
        let secret = "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";
        let f = |line, col: u32, len: u32| Finding {
            rule_id: "r".into(),
            rule_name: "R".into(),
            path: "a".into(),
            inner: None,
            line: Some(line),
            column: Some(col),
            end_line: Some(line),
            end_column: Some(col + len),
            secret: crate::finding::Secret::new(secret.as_bytes()),
            confidence: crate::finding::Confidence::High,
            validated: None,
            note: None,
            decoded: None,
            context: None,
            commit: None,
            known_real: false,
        };
        let line = format!("a = \"{secret}\"; b = \"{secret}\"");
        let shown = redact_line(line.as_bytes(), 1, &[f(1, 6, 40), f(1, 54, 40)]);
        assert_eq!(
            shown,
            format!("a = \"{0}\"; b = \"{0}\"", crate::finding::redact(secret))
        );
        assert!(!shown.contains(secret));
    }
}
