//! `hush audit`: one shard of a plan. For each of its targets, in plan order: skip it if its `.done`
//! matches the plan; otherwise get the repository (a local path is used where it is; a URL is
//! cloned with `git clone --mirror`, run as a child process with the user's own git configuration:
//! hush opens no socket), scan its history through the same pipeline as `hush git`, and write its
//! results, each file atomically, the `.done` record last.
//!
//! Exit codes (docs/architecture.md): 0 every target done (findings do not fail a batch shard);
//! 75 some target may pass if the shard runs again (network, timeout); 65 some target failed for
//! good (gone, not a repository, corrupt) and none needs a retry; 2 the shard could not run (bad
//! plan, a digest this hush does not compute, an index out of range).

use std::collections::{BTreeMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Result, bail};

use super::{
    DONE, Done, FAILED, FINDINGS, Failed, PLAN_COPY, POSITIONS, Plan, SARIF, State, Target,
    now_secs, state, target_dir, write_bytes, write_json,
};
use crate::cli::{AuditCmd, AuditSub};
use crate::exit::{Exit, Fatal};
use crate::report::{self, Format, Report};
use crate::scan::{Scanner, Stats};
use crate::source::git::{History, HistoryOptions};

pub fn run(cmd: AuditCmd) -> Result<Exit> {
    if let Some(AuditSub::Status { plan, out, json }) = &cmd.status {
        return status(plan, out, *json);
    }
    let plan_path = cmd
        .plan
        .as_ref()
        .ok_or_else(|| Fatal("--plan FILE is required (write one with `hush plan`)".into()))?;
    let plan = Plan::read(plan_path)?;
    let shard = shard_index(&cmd)?;
    if shard >= plan.header.shards {
        bail!(Fatal(format!(
            "shard {shard} does not exist: the plan has {} shards (0 to {})",
            plan.header.shards,
            plan.header.shards - 1
        )));
    }
    let scanner = plan.header.settings.scanner()?;
    let digest = plan.header.settings.digest(&scanner);
    if digest != plan.header.rules_digest {
        bail!(Fatal(format!(
            "this hush ({}) compiles the plan's rules and settings to digest {digest}, the plan \
             (written by hush {}) has {}: run the plan's hush version, or plan again",
            super::HUSH_VERSION,
            plan.header.hush_version,
            plan.header.rules_digest
        )));
    }
    scanner.rules.prepare_fast_keywords();
    std::fs::create_dir_all(&cmd.out)
        .map_err(|e| Fatal(format!("cannot create {}: {e}", cmd.out.display())))?;
    let copy = cmd.out.join(PLAN_COPY);
    let text = plan.to_jsonl();
    if std::fs::read_to_string(&copy).ok().as_deref() != Some(text.as_str()) {
        write_bytes(&copy, text.as_bytes())?;
    }
    let work = cmd.work.clone().unwrap_or_else(|| cmd.out.join(".clones"));
    let threads = super::super::threads(&crate::cli::CommonArgs {
        threads: cmd.threads,
        quiet: cmd.quiet,
        ..scanner_common()
    });
    let mut exit = Exit::Clean;
    let (mut done, mut skipped, mut failed) = (0, 0, 0);
    for target in plan.targets.iter().filter(|t| t.shard == shard) {
        if let State::Done(_) = state(&cmd.out, target, &plan.header) {
            skipped += 1;
            continue;
        }
        let started = Instant::now();
        match audit_target(&cmd, &plan, target, &scanner, &work, threads) {
            Ok(d) => {
                done += 1;
                if !cmd.quiet {
                    eprintln!(
                        "hush: audit: {}: done, {} ({:.1} s)",
                        target.id,
                        report::plural(d.findings, "finding", "findings"),
                        started.elapsed().as_secs_f64()
                    );
                }
            }
            Err(f) => {
                failed += 1;
                let code = if f.retry {
                    Exit::Retry
                } else {
                    Exit::Permanent
                };
                exit = exit.max(code);
                eprintln!(
                    "hush: error: {}: {} ({})",
                    target.id,
                    report::escape::text(&f.message),
                    if f.retry { "to retry" } else { "permanent" }
                );
                let dir = target_dir(&cmd.out, target);
                let _ = std::fs::create_dir_all(&dir);
                write_json(
                    &dir.join(FAILED),
                    &Failed {
                        id: target.id.clone(),
                        kind: if f.retry { "retry" } else { "permanent" }.into(),
                        message: f.message,
                        rules_digest: plan.header.rules_digest.clone(),
                        finished: now_secs(),
                    },
                )?;
            }
        }
    }
    if !cmd.quiet {
        eprintln!(
            "hush: audit: shard {shard}: {done} done, {skipped} already done, {failed} failed"
        );
    }
    Ok(exit)
}

/// The shared options as the scanning commands know them (for the thread count).
fn scanner_common() -> crate::cli::CommonArgs {
    crate::cli::CommonArgs {
        format: Format::Jsonl,
        output: None,
        baseline: None,
        no_baseline: true,
        config: None,
        no_config: true,
        threads: None,
        color: crate::cli::ColorChoice::Never,
        show_secrets: false,
        min_confidence: None,
        ignore_pragmas: false,
        quiet: false,
        verbose: false,
        max_file_size: None,
    }
}

fn shard_index(cmd: &AuditCmd) -> Result<u32> {
    match (&cmd.shard, &cmd.shards_from_env) {
        (Some(i), _) => Ok(*i),
        (None, Some(var)) => {
            let value = std::env::var(var).map_err(|_| {
                Fatal(format!(
                    "--shards-from-env {var}: the variable is not set (or not UTF-8)"
                ))
            })?;
            value.trim().parse().map_err(|_| {
                Fatal(format!(
                    "--shards-from-env {var}: {value:?} is not a shard index (0, 1, 2 ...)"
                ))
                .into()
            })
        }
        (None, None) => bail!(Fatal(
            "name the shard: --shard I, or --shards-from-env VAR (e.g. JOB_COMPLETION_INDEX)"
                .into()
        )),
    }
}

/// Why a target failed, and whether running again may help.
struct Failure {
    retry: bool,
    message: String,
}

fn permanent(message: String) -> Failure {
    Failure {
        retry: false,
        message,
    }
}

fn audit_target(
    cmd: &AuditCmd,
    plan: &Plan,
    target: &Target,
    scanner: &Scanner,
    work: &Path,
    threads: usize,
) -> Result<Done, Failure> {
    let dir = target_dir(&cmd.out, target);
    let io = |what: &str, e: &dyn std::fmt::Display| Failure {
        retry: true,
        message: format!("{what}: {e}"),
    };
    std::fs::create_dir_all(&dir)
        .map_err(|e| io(&format!("cannot create {}", dir.display()), &e))?;
    // A stale record (another plan's digest or ref) must not outlive the results it stood for.
    let _ = std::fs::remove_file(dir.join(DONE));
    let _ = std::fs::remove_file(dir.join(FAILED));
    // Temporary files a killed run left behind (crate::atomic names them `.NAME.hush-PID-N.tmp`).
    for e in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') && name.contains(".hush-") && name.ends_with(".tmp") {
            let _ = std::fs::remove_file(e.path());
        }
    }
    let t0 = Instant::now();
    let (repo_path, clone) = if target.is_url() {
        let dest = work.join(format!("{}.git", target.id));
        fetch(
            &target.location,
            &dest,
            Duration::from_secs(cmd.clone_timeout),
        )?;
        (dest.clone(), Some(dest))
    } else {
        let p = PathBuf::from(&target.location);
        if !p.exists() {
            return Err(permanent(format!("{}: no such directory", target.location)));
        }
        (p, None)
    };
    let fetch_ms = t0.elapsed().as_millis() as u64;
    let t1 = Instant::now();
    let opts = HistoryOptions {
        range: target.git_ref.clone(),
        threads,
        shard: target.part,
    };
    check_refs(&repo_path).map_err(|e| permanent(corrupt(&e)))?;
    let history = History::open(&repo_path, &opts).map_err(|e| permanent(corrupt(&e)))?;
    let stats = Stats::default();
    let result = crate::scan::run(scanner, &history, &stats).map_err(|e| permanent(corrupt(&e)))?;
    let errors: Vec<&crate::diagnostic::Diagnostic> =
        result.diagnostics.iter().filter(|d| d.error).collect();
    if let Some(first) = errors.first() {
        return Err(permanent(format!(
            "corrupt: {} could not be read (first: {}: {})",
            report::plural(errors.len() as u64, "object", "objects"),
            first.path,
            first.message
        )));
    }
    let scan_ms = t1.elapsed().as_millis() as u64;
    let t2 = Instant::now();
    let snapshot = stats.snapshot(scan_ms);
    let wanted: HashSet<String> = result
        .findings
        .iter()
        .filter_map(|f| f.commit.as_ref().map(|c| c.commit.clone()))
        .collect();
    let positions: BTreeMap<String, usize> =
        history.commit_positions(&wanted).into_iter().collect();
    let rep = Report {
        findings: &result.findings,
        stats: &snapshot,
        diagnostics: &result.diagnostics,
        rules: &scanner.rules,
        show_secrets: false,
        color: false,
        quiet: true,
        verbose: false,
        unit: "blobs",
        started: std::time::UNIX_EPOCH + Duration::from_secs(plan.header.created),
        commit: None,
        // History findings: a commit cannot take a pragma.
        pragmas: false,
    };
    let write = |name: &str, format: Format| -> Result<(), Failure> {
        let path = dir.join(name);
        crate::atomic::write_with(&path, |w| report::write(format, &rep, w))
            .map_err(|e| io(&format!("cannot write {}", path.display()), &e))
    };
    write(FINDINGS, Format::Jsonl)?;
    write(SARIF, Format::Sarif)?;
    write_json(&dir.join(POSITIONS), &positions)
        .map_err(|e| io("cannot write positions", &format!("{e:#}")))?;
    let stats_map: super::Counts = serde_json::to_value(&snapshot)
        .ok()
        .and_then(|v| serde_json::from_value(v).ok())
        .unwrap_or_default();
    let mut durations = BTreeMap::new();
    durations.insert("fetch".to_string(), fetch_ms);
    durations.insert("scan".to_string(), scan_ms);
    durations.insert("write".to_string(), t2.elapsed().as_millis() as u64);
    let done = Done {
        id: target.id.clone(),
        status: "done".into(),
        location: target.location.clone(),
        git_ref: target.git_ref.clone(),
        part: target.part,
        hush_version: super::HUSH_VERSION.into(),
        rules_digest: plan.header.rules_digest.clone(),
        findings: result.findings.len() as u64,
        commits: history.commits() as u64,
        stats: stats_map,
        durations_ms: durations,
        finished: now_secs(),
    };
    drop(history);
    write_json(&dir.join(DONE), &done).map_err(|e| io("cannot write .done", &format!("{e:#}")))?;
    if let (Some(c), false) = (clone, cmd.keep_clones) {
        let _ = std::fs::remove_dir_all(c);
    }
    Ok(done)
}

/// Every ref must lead to an object the repository holds: the history walk leaves out a ref it
/// cannot follow, and a repository whose objects are all gone would otherwise look empty.
fn check_refs(path: &Path) -> Result<(), String> {
    let repo = git2::Repository::open(path).map_err(|e| e.message().to_string())?;
    let refs = repo.references().map_err(|e| e.message().to_string())?;
    for r in refs {
        let r = r.map_err(|e| e.message().to_string())?;
        if r.peel(git2::ObjectType::Any).is_err() {
            let name = String::from_utf8_lossy(r.name_bytes()).into_owned();
            return Err(format!(
                "{name} points to an object the repository does not hold"
            ));
        }
    }
    Ok(())
}

fn corrupt(e: &str) -> String {
    format!("not a readable repository (corrupt or incomplete?): {e}")
}

/// Clones `url` as a mirror into `dest` (through a temporary directory, renamed when complete), or
/// brings an existing mirror up to date.
fn fetch(url: &str, dest: &Path, timeout: Duration) -> Result<(), Failure> {
    if let Some(parent) = dest.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Failure {
            retry: true,
            message: format!("cannot create {}: {e}", parent.display()),
        })?;
    }
    if dest.join("HEAD").is_file() {
        let mut c = git();
        c.arg("--git-dir")
            .arg(dest)
            .args(["remote", "update", "--prune"]);
        if run_git(c, timeout).is_ok() {
            return Ok(());
        }
        let _ = std::fs::remove_dir_all(dest);
    }
    let tmp = dest.with_extension("git.partial");
    let _ = std::fs::remove_dir_all(&tmp);
    let mut c = git();
    c.args(["clone", "--mirror", "--quiet", "--"])
        .arg(url)
        .arg(&tmp);
    if let Err(f) = run_git(c, timeout) {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(f);
    }
    std::fs::rename(&tmp, dest).map_err(|e| Failure {
        retry: true,
        message: format!("cannot move the clone into {}: {e}", dest.display()),
    })
}

fn git() -> Command {
    let mut c = Command::new("git");
    // A batch job has nobody to type a password: fail instead of waiting for one.
    c.env("GIT_TERMINAL_PROMPT", "0")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    c
}

/// Runs git, killing it after `timeout`; a failure is classified by what git said.
fn run_git(mut c: Command, timeout: Duration) -> Result<(), Failure> {
    let mut child = c.spawn().map_err(|e| Failure {
        retry: false,
        message: format!("cannot run git: {e}"),
    })?;
    let mut stderr = child.stderr.take();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        if let Some(e) = stderr.as_mut() {
            let _ = e.read_to_string(&mut s);
        }
        s
    });
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(s)) => break Some(s),
            Ok(None) if start.elapsed() > timeout => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(_) => break None,
        }
    };
    let said = reader.join().unwrap_or_default();
    match status {
        Some(s) if s.success() => Ok(()),
        Some(_) => Err(classify(&said)),
        None => Err(Failure {
            retry: true,
            message: format!("git gave no answer within {} s", timeout.as_secs()),
        }),
    }
}

/// Whether git's complaint is about the network (retry) or the repository (permanent). What is
/// neither is retried: the scheduler's retry limit bounds it.
fn classify(said: &str) -> Failure {
    let text = said
        .trim()
        .lines()
        .last()
        .unwrap_or("git failed")
        .to_string();
    let lower = said.to_ascii_lowercase();
    let network = [
        "could not resolve",
        "timed out",
        "connection refused",
        "connection reset",
        "network is unreachable",
        "temporary failure",
        "early eof",
        "hung up unexpectedly",
        "rpc failed",
        "tls",
        "ssl",
        "gnutls",
        "502",
        "503",
        "504",
        "429",
    ];
    let gone = [
        "not found",
        "does not exist",
        "does not appear to be a git repository",
        "not a git repository",
        "authentication failed",
        "permission denied",
        "access denied",
        "403",
        "404",
    ];
    let retry =
        network.iter().any(|p| lower.contains(p)) || !gone.iter().any(|p| lower.contains(p));
    Failure {
        retry,
        message: format!("git: {text}"),
    }
}

/// `hush audit status`: every target of the plan, pending, done or failed.
fn status(plan_path: &Path, out: &Path, json: bool) -> Result<Exit> {
    let plan = Plan::read(plan_path)?;
    let (mut n_done, mut n_failed, mut n_pending) = (0, 0, 0);
    for t in &plan.targets {
        let st = state(out, t, &plan.header);
        let (word, detail) = match &st {
            State::Done(d) => {
                n_done += 1;
                (
                    "done",
                    format!(
                        "{}, {} ms",
                        report::plural(d.findings, "finding", "findings"),
                        d.durations_ms.values().sum::<u64>()
                    ),
                )
            }
            State::Failed(f) => {
                n_failed += 1;
                ("failed", format!("{}: {}", f.kind, f.message))
            }
            State::Pending => {
                n_pending += 1;
                ("pending", String::new())
            }
        };
        if json {
            let v = serde_json::json!({
                "id": t.id, "shard": t.shard, "location": t.location, "state": word,
                "detail": detail,
            });
            println!("{v}");
        } else {
            println!(
                "{word:<8} shard {:<4} {}  {}{}",
                t.shard,
                t.id,
                report::escape::text(&t.location),
                if detail.is_empty() {
                    String::new()
                } else {
                    format!("  ({})", report::escape::text(&detail))
                }
            );
        }
    }
    if !json {
        println!("{n_done} done, {n_failed} failed, {n_pending} pending");
    }
    Ok(Exit::Clean)
}
