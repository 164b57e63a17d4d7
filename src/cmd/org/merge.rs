//! `hush merge DIR`: the shards' results as one report, in any of hush's formats, each finding's path
//! prefixed with its repository's id (`REPO/path`); the secrets found in several repositories; and
//! a summary naming every target that failed or left no results.
//!
//! Deterministic: the report depends only on the plan and the results (findings are sorted, the
//! merged `elapsed_ms` is 0 and the start time is the plan's), so merging twice, or after a retried
//! shard wrote its results again, gives the same bytes. Parts of one repository split by blob id are
//! joined as `hush git` would have found them in one run: for each (path, entry, rule, secret) the
//! finding of the earliest commit in the walk (`positions.json`) is kept.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use super::{DONE, FAILED, FINDINGS, PLAN_COPY, POSITIONS, Plan, State, Target, read_json, state};
use crate::cli::{ColorChoice, CommonArgs, MergeCmd};
use crate::diagnostic::Diagnostic;
use crate::exit::{Exit, Fatal};
use crate::finding::{Confidence, Finding, Secret, Validation};
use crate::report::{self, Report};
use crate::scan::StatsSnapshot;
use crate::source::CommitMeta;

/// One line of a target's `findings.jsonl` (the `jsonl` report's fields).
#[derive(Deserialize)]
struct Stored {
    rule_id: String,
    rule_name: String,
    path: String,
    inner: Option<String>,
    line: Option<u32>,
    column: Option<u32>,
    end_line: Option<u32>,
    end_column: Option<u32>,
    redacted: String,
    secret_sha1: String,
    confidence: String,
    validated: Option<String>,
    note: Option<String>,
    decoded: Option<String>,
    commit: Option<String>,
    author: Option<String>,
    email: Option<String>,
    date: Option<String>,
    in_head: Option<bool>,
}

/// The summary's entry for a secret found in more than one repository.
#[derive(Serialize)]
struct Shared {
    secret_sha1: String,
    rule_id: String,
    redacted: String,
    repositories: usize,
    first: First,
    targets: Vec<String>,
}

#[derive(Serialize)]
struct First {
    repository: String,
    path: String,
    commit: Option<String>,
    date: Option<String>,
}

#[derive(Serialize)]
struct TargetNote {
    id: String,
    location: String,
    shard: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<String>,
}

#[derive(Serialize)]
struct Summary {
    version: u32,
    rules_digest: String,
    targets: usize,
    done: usize,
    failed: Vec<TargetNote>,
    missing: Vec<TargetNote>,
    findings: usize,
    shared_secrets: Vec<Shared>,
}

pub fn run(cmd: MergeCmd) -> Result<Exit> {
    if !cmd.dir.is_dir() {
        anyhow::bail!(Fatal(format!("{}: no such directory", cmd.dir.display())));
    }
    let plan_path = match &cmd.plan {
        Some(p) => p.clone(),
        None => find_plan(&cmd.dir).ok_or_else(|| {
            Fatal(format!(
                "no {PLAN_COPY} in {} (or one level down): give --plan FILE",
                cmd.dir.display()
            ))
        })?,
    };
    let plan = Plan::read(&plan_path)?;
    let dirs = result_dirs(&cmd.dir);
    // Each target's record: a completed one wherever it is, else a failure, else missing.
    let mut done: Vec<(&Target, PathBuf)> = Vec::new();
    let mut failed = Vec::new();
    let mut missing = Vec::new();
    for t in &plan.targets {
        let mut best: Option<State> = None;
        let mut best_dir = None;
        for parent in dirs.get(t.id.as_str()).into_iter().flatten() {
            let st = state(parent, t, &plan.header);
            let better = match (&best, &st) {
                (_, State::Pending) => false,
                (None, _) => true,
                (Some(State::Failed(_)), State::Done(_)) => true,
                _ => false,
            };
            if better {
                best = Some(st);
                best_dir = Some(parent.join(&t.id));
            }
        }
        match (best, best_dir) {
            (Some(State::Done(_)), Some(dir)) => done.push((t, dir)),
            (Some(State::Failed(f)), _) => failed.push(TargetNote {
                id: t.id.clone(),
                location: t.location.clone(),
                shard: t.shard,
                kind: Some(f.kind),
                message: Some(f.message),
            }),
            _ => missing.push(TargetNote {
                id: t.id.clone(),
                location: t.location.clone(),
                shard: t.shard,
                kind: None,
                message: None,
            }),
        }
    }

    // Findings, by repository (parts joined), then all of them sorted as every report is.
    let mut by_repo: BTreeMap<&str, Vec<(usize, Stored)>> = BTreeMap::new();
    let mut totals: BTreeMap<String, u64> = BTreeMap::new();
    for (t, dir) in &done {
        let record: super::Done = read_json(&dir.join(DONE))
            .with_context(|| format!("{}: unreadable", dir.join(DONE).display()))?;
        for (k, v) in &record.stats {
            *totals.entry(k.clone()).or_default() += v;
        }
        let positions: HashMap<String, usize> = read_json(&dir.join(POSITIONS)).unwrap_or_default();
        let path = dir.join(FINDINGS);
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let entry = by_repo.entry(t.repo_id()).or_default();
        for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.is_empty()) {
            let s: Stored = serde_json::from_str(line)
                .with_context(|| format!("{}: line {}", path.display(), n + 1))?;
            let pos = s
                .commit
                .as_ref()
                .and_then(|c| positions.get(c).copied())
                .unwrap_or(usize::MAX);
            entry.push((pos, s));
        }
    }
    let mut findings = Vec::new();
    for (repo, mut list) in by_repo {
        list.sort_by(|(pa, a), (pb, b)| {
            (&a.path, &a.inner, &a.rule_id, &a.secret_sha1, pa)
                .cmp(&(&b.path, &b.inner, &b.rule_id, &b.secret_sha1, pb))
                .then_with(|| a.line.cmp(&b.line))
                .then_with(|| a.column.cmp(&b.column))
        });
        list.dedup_by(|(_, b), (_, a)| {
            (&a.path, &a.inner, &a.rule_id, &a.secret_sha1)
                == (&b.path, &b.inner, &b.rule_id, &b.secret_sha1)
        });
        findings.extend(list.into_iter().map(|(_, s)| to_finding(repo, s)));
    }
    findings.sort_by(|a, b| {
        a.sort_key()
            .cmp(&b.sort_key())
            .then_with(|| commit_of(a).cmp(&commit_of(b)))
            .then_with(|| a.secret_sha1().cmp(&b.secret_sha1()))
    });

    let shared = shared_secrets(&findings);
    let get = |k: &str| totals.get(k).copied().unwrap_or(0);
    let stats = StatsSnapshot {
        files: get("files"),
        blobs: get("blobs"),
        bytes: get("bytes"),
        elapsed_ms: 0,
        skipped_binary: get("skipped_binary"),
        skipped_large: get("skipped_large"),
        skipped_lfs: get("skipped_lfs"),
        skipped_other: get("skipped_other"),
        archive_entries: get("archive_entries"),
        skipped_archive_limit: get("skipped_archive_limit"),
        skipped_archive_unreadable: get("skipped_archive_unreadable"),
        errors: get("errors") + (failed.len() + missing.len()) as u64,
        unreadable: get("unreadable"),
        encoded_not_scanned: get("encoded_not_scanned"),
    };
    let mut diagnostics: Vec<Diagnostic> = failed
        .iter()
        .map(|f| Diagnostic {
            path: f.id.clone(),
            message: format!(
                "audit failed ({}): {}",
                f.kind.as_deref().unwrap_or(""),
                f.message.as_deref().unwrap_or("")
            ),
            error: true,
        })
        .chain(missing.iter().map(|m| Diagnostic {
            path: m.id.clone(),
            message: format!("not audited: no results (shard {})", m.shard),
            error: true,
        }))
        .collect();
    diagnostics.sort_by(|a, b| a.path.cmp(&b.path).then(a.message.cmp(&b.message)));
    let scanner = plan.header.settings.scanner()?;
    let rep = Report {
        findings: &findings,
        stats: &stats,
        diagnostics: &diagnostics,
        rules: &scanner.rules,
        show_secrets: false,
        color: false,
        quiet: cmd.quiet,
        verbose: false,
        unit: "blobs",
        started: std::time::UNIX_EPOCH + std::time::Duration::from_secs(plan.header.created),
        commit: None,
        // History findings: a commit cannot take a pragma.
        pragmas: false,
    };
    let common = CommonArgs {
        format: cmd.format,
        output: cmd.output.clone(),
        baseline: None,
        no_baseline: true,
        config: None,
        no_config: true,
        threads: None,
        color: ColorChoice::Never,
        show_secrets: false,
        min_confidence: None,
        ignore_pragmas: false,
        quiet: cmd.quiet,
        verbose: false,
        max_file_size: None,
    };
    super::super::emit(&common, |w| report::write(cmd.format, &rep, w))?;

    let summary = Summary {
        version: 1,
        rules_digest: plan.header.rules_digest.clone(),
        targets: plan.targets.len(),
        done: done.len(),
        failed,
        missing,
        findings: findings.len(),
        shared_secrets: shared,
    };
    if let Some(p) = &cmd.summary {
        super::write_json(p, &summary)?;
    }
    if !cmd.quiet {
        print_summary(&summary);
    }
    Ok(
        if !summary.failed.is_empty() || !summary.missing.is_empty() {
            Exit::Error
        } else if findings.is_empty() {
            Exit::Clean
        } else {
            Exit::Findings
        },
    )
}

fn print_summary(s: &Summary) {
    let esc = |t: &str| report::escape::text(t).into_owned();
    eprintln!(
        "hush: merge: {} targets: {} done, {} failed, {} missing; {}",
        s.targets,
        s.done,
        s.failed.len(),
        s.missing.len(),
        report::plural(s.findings as u64, "finding", "findings")
    );
    for f in &s.failed {
        eprintln!(
            "hush: error: {} ({}): failed, {}: {}",
            esc(&f.id),
            esc(&f.location),
            f.kind.as_deref().unwrap_or(""),
            esc(f.message.as_deref().unwrap_or(""))
        );
    }
    for m in &s.missing {
        eprintln!(
            "hush: error: {} ({}): missing: shard {} left no results for it",
            esc(&m.id),
            esc(&m.location),
            m.shard
        );
    }
    const SHOWN: usize = 20;
    for g in s.shared_secrets.iter().take(SHOWN) {
        eprintln!(
            "hush: {} {} appears in {} repositories, first in {} ({}{})",
            esc(&g.rule_id),
            esc(&g.redacted),
            g.repositories,
            esc(&g.first.repository),
            esc(&g.first.path),
            g.first
                .date
                .as_ref()
                .map(|d| format!(", {d}"))
                .unwrap_or_default()
        );
    }
    if s.shared_secrets.len() > SHOWN {
        eprintln!(
            "hush: ... and {} more secrets shared between repositories (see --summary FILE)",
            s.shared_secrets.len() - SHOWN
        );
    }
}

fn commit_of(f: &Finding) -> Option<&str> {
    f.commit.as_deref().map(|c| c.commit.as_str())
}

fn to_finding(repo: &str, s: Stored) -> Finding {
    let commit = s.commit.map(|commit| {
        Arc::new(CommitMeta {
            commit,
            author: s.author.unwrap_or_default(),
            email: s.email.unwrap_or_default(),
            date: s.date.unwrap_or_default(),
            in_head: s.in_head.unwrap_or(false),
        })
    });
    Finding {
        rule_id: s.rule_id,
        rule_name: s.rule_name,
        path: format!("{repo}/{}", s.path),
        inner: s.inner,
        line: s.line,
        column: s.column,
        end_line: s.end_line,
        end_column: s.end_column,
        secret: Secret::hashed(&s.secret_sha1, &s.redacted),
        confidence: Confidence::parse(&s.confidence).unwrap_or(Confidence::Low),
        validated: match s.validated.as_deref() {
            Some("checksum") => Some(Validation::Checksum),
            Some("structure") => Some(Validation::Structure),
            Some("failed") => Some(Validation::Failed),
            _ => None,
        },
        note: s.note,
        decoded: s.decoded,
        context: None,
        commit,
        known_real: false,
    }
}

/// Secrets found in more than one repository: most repositories first, then by hash.
fn shared_secrets(findings: &[Finding]) -> Vec<Shared> {
    let mut by_secret: BTreeMap<String, Vec<&Finding>> = BTreeMap::new();
    for f in findings.iter().filter(|f| f.line.is_some()) {
        by_secret.entry(f.secret_sha1()).or_default().push(f);
    }
    let repo_of = |f: &Finding| f.path.split('/').next().unwrap_or("").to_string();
    let mut out: Vec<Shared> = by_secret
        .into_iter()
        .filter_map(|(sha, fs)| {
            let repos: BTreeSet<String> = fs.iter().map(|f| repo_of(f)).collect();
            if repos.len() < 2 {
                return None;
            }
            let first = fs
                .iter()
                .min_by_key(|f| {
                    (
                        f.commit
                            .as_ref()
                            .and_then(|c| epoch(&c.date))
                            .unwrap_or(i64::MAX),
                        repo_of(f),
                        f.path.clone(),
                    )
                })
                .copied()?;
            Some(Shared {
                secret_sha1: sha,
                rule_id: first.rule_id.clone(),
                redacted: first.secret.redacted(),
                repositories: repos.len(),
                first: First {
                    repository: repo_of(first),
                    path: first.path[repo_of(first).len() + 1..].to_string(),
                    commit: commit_of(first).map(str::to_string),
                    date: first.commit.as_ref().map(|c| c.date.clone()),
                },
                targets: repos.into_iter().collect(),
            })
        })
        .collect();
    out.sort_by(|a, b| {
        b.repositories
            .cmp(&a.repositories)
            .then_with(|| a.secret_sha1.cmp(&b.secret_sha1))
    });
    out
}

/// Seconds since the epoch of an RFC 3339 date as hush writes them (`2024-01-02T03:04:05+01:00`).
fn epoch(date: &str) -> Option<i64> {
    let b = date.as_bytes();
    if b.len() < 25 {
        return None;
    }
    let num = |r: std::ops::Range<usize>| date.get(r)?.parse::<i64>().ok();
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, s) = (num(11..13)?, num(14..16)?, num(17..19)?);
    let sign = if b[19] == b'-' { -1 } else { 1 };
    let off = sign * (num(20..22)? * 3600 + num(23..25)? * 60);
    // Days from civil (Howard Hinnant, https://howardhinnant.github.io/date_algorithms.html).
    let y = if mo <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if mo > 2 { mo - 3 } else { mo + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 86_400 + h * 3600 + mi * 60 + s - off)
}

/// Directories holding target results, by target id: `DIR/<id>` and `DIR/*/<id>` (one results
/// directory per shard, as CI artifacts come back), sorted, so that the choice is the same each time.
fn result_dirs(dir: &Path) -> HashMap<String, Vec<PathBuf>> {
    let mut out: HashMap<String, Vec<PathBuf>> = HashMap::new();
    let mut visit = |parent: &Path| {
        for name in sorted_children(parent) {
            let p = parent.join(&name);
            if p.join(DONE).is_file() || p.join(FAILED).is_file() {
                out.entry(name).or_default().push(parent.to_path_buf());
            }
        }
    };
    visit(dir);
    for name in sorted_children(dir) {
        if !name.starts_with('.') {
            visit(&dir.join(name));
        }
    }
    out
}

fn sorted_children(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|e| e.file_name().into_string().ok())
        .collect();
    names.sort();
    names
}

fn find_plan(dir: &Path) -> Option<PathBuf> {
    let here = dir.join(PLAN_COPY);
    if here.is_file() {
        return Some(here);
    }
    sorted_children(dir)
        .into_iter()
        .map(|n| dir.join(n).join(PLAN_COPY))
        .find(|p| p.is_file())
}

#[cfg(test)]
mod tests {
    use super::epoch;

    #[test]
    fn rfc3339_dates() {
        assert_eq!(epoch("1970-01-01T00:00:00+00:00"), Some(0));
        assert_eq!(epoch("2023-11-14T23:13:20+01:00"), Some(1_700_000_000));
        assert_eq!(epoch("2000-02-28T19:00:00-05:00"), Some(951_782_400));
        assert_eq!(epoch("garbage"), None);
    }
}
