//! The organisation audit: `hush plan` (targets into shards), `hush audit` (one shard, resumable),
//! `hush merge` (one report). What the three share is here: the plan file, the settings every shard
//! scans with and their digest, and the records a shard leaves for each target.
//!
//! Formats (documented in docs/architecture.md, "Organisation audit"):
//! - the plan is JSON lines: a header `{"hush_plan":1,...}`, then one target a line;
//! - a shard writes `OUT/<id>/findings.jsonl`, `OUT/<id>/results.sarif`, `OUT/<id>/positions.json`
//!   and, last, `OUT/<id>/.done`; a target that failed gets `OUT/<id>/.failed` instead.

pub mod audit;
pub mod merge;
pub mod plan;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};

use crate::cli::{ColorChoice, CommonArgs, ConfidenceArg, OrgSettingsArgs};
use crate::config::Config;
use crate::exit::Fatal;
use crate::report::Format;
use crate::scan::Scanner;

/// The plan's format version (the header's `hush_plan`).
pub const PLAN_VERSION: u32 = 1;
/// This hush's version, recorded in plans and `.done` records.
pub const HUSH_VERSION: &str = env!("CARGO_PKG_VERSION");
/// The file name of a target's completion record, written last.
pub const DONE: &str = ".done";
/// The file name of a target's failure record.
pub const FAILED: &str = ".failed";
pub const FINDINGS: &str = "findings.jsonl";
pub const SARIF: &str = "results.sarif";
pub const POSITIONS: &str = "positions.json";
/// The copy of the plan each shard leaves in its results directory.
pub const PLAN_COPY: &str = "plan.jsonl";

/// The settings of an audit, as the plan records them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// The configuration file's text (`--config`), or none.
    pub config_toml: Option<String>,
    pub min_confidence: Option<String>,
    pub ignore_pragmas: bool,
    pub max_file_size: Option<u64>,
}

impl Settings {
    pub fn from_args(a: &OrgSettingsArgs) -> Result<Settings> {
        let config_toml = match &a.config {
            Some(p) => Some(
                std::fs::read_to_string(p)
                    .map_err(|e| Fatal(format!("cannot read config file {}: {e}", p.display())))?,
            ),
            None => None,
        };
        Ok(Settings {
            config_toml,
            min_confidence: a.min_confidence.map(|c| {
                match c {
                    ConfidenceArg::Low => "low",
                    ConfidenceArg::Medium => "medium",
                    ConfidenceArg::High => "high",
                }
                .to_string()
            }),
            ignore_pragmas: a.ignore_pragmas,
            max_file_size: a.max_file_size,
        })
    }

    /// The scanner these settings make (the plan's config text is the only config read).
    pub fn scanner(&self) -> Result<Scanner> {
        let cfg = match &self.config_toml {
            Some(text) => {
                Config::parse(text).map_err(|e| Fatal(format!("the plan's config: {e}")))?
            }
            None => Config::default(),
        };
        let min_confidence = match self.min_confidence.as_deref() {
            None => None,
            Some("low") => Some(ConfidenceArg::Low),
            Some("medium") => Some(ConfidenceArg::Medium),
            Some("high") => Some(ConfidenceArg::High),
            Some(other) => bail!(Fatal(format!(
                "the plan's min_confidence {other:?} is not low, medium or high"
            ))),
        };
        let common = CommonArgs {
            format: Format::Jsonl,
            output: None,
            baseline: None,
            no_baseline: true,
            config: None,
            no_config: true,
            threads: None,
            color: ColorChoice::Never,
            show_secrets: false,
            min_confidence,
            ignore_pragmas: self.ignore_pragmas,
            quiet: true,
            verbose: false,
            max_file_size: self.max_file_size,
        };
        let path = Path::new("plan config");
        crate::settings::build_scanner(&common, &cfg, self.config_toml.as_ref().map(|_| path), None)
    }

    /// The digest of the rule pack and the settings as this hush compiles them: the SHA-1 of the
    /// hush version, every rule's definition in force, and the settings. Two shards with the same
    /// digest find the same things in the same repository.
    pub fn digest(&self, scanner: &Scanner) -> String {
        let rules: Vec<&crate::rule::RuleDef> =
            scanner.rules.rules.iter().map(|r| &r.def).collect();
        let doc = serde_json::json!({
            "hush_version": HUSH_VERSION,
            "rules": rules,
            "settings": self,
            "effective": {
                "min_confidence": scanner.min_confidence.as_str(),
                "max_file_size": scanner.max_file_size,
                "decode_depth": scanner.decode_depth,
                "ignore_pragmas": scanner.ignore_pragmas,
            },
        });
        crate::finding::sha1_hex(doc.to_string().as_bytes())
    }
}

/// The plan's first line.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PlanHeader {
    pub hush_plan: u32,
    pub hush_version: String,
    pub rules_digest: String,
    pub shards: u32,
    /// When the plan was written (seconds since the Unix epoch): the merged report's start time, so
    /// that merging is deterministic.
    pub created: u64,
    pub settings: Settings,
}

/// One target of a plan: a repository, or one part of a repository split by blob id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    /// Unique in the plan; the name of its results directory.
    pub id: String,
    /// The repository this is part of, when split (`part`); otherwise absent (the id is the
    /// repository's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repo: Option<String>,
    /// An absolute local path, or a URL that `git clone` understands.
    pub location: String,
    /// Scan only what this revision reaches; absent: every ref.
    #[serde(rename = "ref")]
    pub git_ref: Option<String>,
    /// Bytes of the repository's object store, when known at plan time.
    pub size: Option<u64>,
    pub shard: u32,
    /// `[i, n]`: blobs of shard `i` of `n` of this repository only (`hush git --shard i/n`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<(u32, u32)>,
}

impl Target {
    /// The repository's name in merged reports (the same for every part of one repository).
    pub fn repo_id(&self) -> &str {
        self.repo.as_deref().unwrap_or(&self.id)
    }

    pub fn is_url(&self) -> bool {
        is_url(&self.location)
    }
}

/// A location git clones rather than a local path: `scheme://...`, or scp-like `user@host:path`.
pub fn is_url(location: &str) -> bool {
    if location.contains("://") {
        return true;
    }
    // `git@github.com:org/repo.git`: a colon before any slash, and something before it.
    match (location.find(':'), location.find('/')) {
        (Some(c), slash) => c > 1 && slash.is_none_or(|s| c < s) && location[..c].contains('@'),
        _ => false,
    }
}

/// A plan, read back.
#[derive(Clone, Debug)]
pub struct Plan {
    pub header: PlanHeader,
    pub targets: Vec<Target>,
}

impl Plan {
    pub fn read(path: &Path) -> Result<Plan> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Fatal(format!("cannot read plan {}: {e}", path.display())))?;
        Plan::parse(&text).map_err(|e| Fatal(format!("plan {}: {e}", path.display())).into())
    }

    pub fn parse(text: &str) -> Result<Plan, String> {
        let mut lines = text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty());
        let (_, first) = lines.next().ok_or("empty: no header line")?;
        let header: PlanHeader =
            serde_json::from_str(first).map_err(|e| format!("line 1: not a plan header: {e}"))?;
        if header.hush_plan != PLAN_VERSION {
            return Err(format!(
                "plan format {} (this hush reads format {PLAN_VERSION})",
                header.hush_plan
            ));
        }
        let mut targets: Vec<Target> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (n, line) in lines {
            let t: Target =
                serde_json::from_str(line).map_err(|e| format!("line {}: {e}", n + 1))?;
            if t.shard >= header.shards {
                return Err(format!(
                    "line {}: shard {} of a plan of {} shards",
                    n + 1,
                    t.shard,
                    header.shards
                ));
            }
            if !valid_id(&t.id) || !seen.insert(t.id.clone()) {
                return Err(format!(
                    "line {}: id {:?} is invalid or repeated",
                    n + 1,
                    t.id
                ));
            }
            targets.push(t);
        }
        Ok(Plan { header, targets })
    }

    /// The plan as written: the header, then one target a line.
    pub fn to_jsonl(&self) -> String {
        let mut out = serde_json::to_string(&self.header).expect("a plan header serialises");
        out.push('\n');
        for t in &self.targets {
            out.push_str(&serde_json::to_string(t).expect("a target serialises"));
            out.push('\n');
        }
        out
    }
}

/// An id is a directory name: letters, digits, `.`, `_`, `-`, `~`, not starting with a dot.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('.')
        && id.len() <= 200
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-~".contains(&b))
}

/// The counters of one target's scan, as `.done` records them.
pub type Counts = BTreeMap<String, u64>;

/// A target's completion record, `OUT/<id>/.done`, written after its results.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Done {
    pub id: String,
    pub status: String,
    pub location: String,
    #[serde(rename = "ref")]
    pub git_ref: Option<String>,
    #[serde(default)]
    pub part: Option<(u32, u32)>,
    pub hush_version: String,
    pub rules_digest: String,
    pub findings: u64,
    pub commits: u64,
    pub stats: Counts,
    /// Milliseconds spent getting the repository (clone or fetch), scanning it, writing results.
    pub durations_ms: BTreeMap<String, u64>,
    /// Seconds since the Unix epoch when the record was written.
    pub finished: u64,
}

impl Done {
    /// Whether this record stands for `target` as `plan` asks it to be scanned.
    pub fn matches(&self, target: &Target, header: &PlanHeader) -> bool {
        self.status == "done"
            && self.id == target.id
            && self.location == target.location
            && self.git_ref == target.git_ref
            && self.part == target.part
            && self.rules_digest == header.rules_digest
    }
}

/// A target's failure record, `OUT/<id>/.failed`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Failed {
    pub id: String,
    /// `retry` (network, timeout) or `permanent` (gone, not a repository, corrupt).
    pub kind: String,
    pub message: String,
    pub rules_digest: String,
    pub finished: u64,
}

pub fn read_json<T: for<'de> Deserialize<'de>>(path: &Path) -> Option<T> {
    let bytes = std::fs::read(path).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// Writes `value` as pretty JSON to `path`, atomically.
pub fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<()> {
    let mut text = serde_json::to_vec_pretty(value)?;
    text.push(b'\n');
    write_bytes(path, &text)
}

pub fn write_bytes(path: &Path, bytes: &[u8]) -> Result<()> {
    crate::atomic::write_with(path, |w| w.write_all(bytes))
        .with_context(|| format!("cannot write {}", path.display()))
}

pub fn now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// The results directory of `target` under `out`.
pub fn target_dir(out: &Path, target: &Target) -> PathBuf {
    out.join(&target.id)
}

/// Where a target stands in a results directory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum State {
    Done(Box<Done>),
    Failed(Failed),
    Pending,
}

pub fn state(out: &Path, target: &Target, header: &PlanHeader) -> State {
    let dir = target_dir(out, target);
    if let Some(done) = read_json::<Done>(&dir.join(DONE)).filter(|d| d.matches(target, header)) {
        return State::Done(Box::new(done));
    }
    match read_json::<Failed>(&dir.join(FAILED))
        .filter(|f| f.id == target.id && f.rules_digest == header.rules_digest)
    {
        Some(f) => State::Failed(f),
        None => State::Pending,
    }
}

impl PartialEq for Done {
    fn eq(&self, other: &Self) -> bool {
        serde_json::to_value(self).ok() == serde_json::to_value(other).ok()
    }
}
impl Eq for Done {}
impl PartialEq for Failed {
    fn eq(&self, other: &Self) -> bool {
        (&self.id, &self.kind, &self.message) == (&other.id, &other.kind, &other.message)
    }
}
impl Eq for Failed {}
