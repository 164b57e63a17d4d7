//! The command line: clap definitions only. `cmd` turns them into work.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::report::Format;

/// The exit codes, for every scanning command's `--help` (the contract in docs/architecture.md).
macro_rules! exit_codes {
    () => {
        "Exit codes:
  0  no findings (after filters and the baseline)
  1  new findings (a finding the baseline labels real is shown but does not fail)
  2  an error: bad arguments, an unreadable config or baseline, not a repository, a file or object
     that could not be read. An error beats findings: an incomplete scan is never clean."
    };
}

const MAIN_HELP: &str = concat!(
    "Examples:
  hush scan                          the current directory (.gitignore and .hushignore respected)
  hush hook install                  block commits that add a secret (runs `hush staged`)
  hush git . --since origin/main     what the current branch adds: a CI gate
  hush git                           every secret the repository's history ever held
  hush baseline create               accept what is there today: only new findings fail from now on
  hush rules explain github-pat-classic   what a rule finds, how to revoke and rotate

",
    exit_codes!()
);

const SCAN_HELP: &str = concat!(
    "Examples:
  hush scan                          the current directory
  hush scan src config/app.yml       some paths
  hush scan . --format sarif -o hush.sarif   for GitHub code scanning
  hush scan . --no-baseline          every finding, known ones included

",
    exit_codes!()
);

const GIT_HELP: &str = concat!(
    "Examples:
  hush git                           every blob reachable from every ref
  hush git . --since origin/main     only what the commits in origin/main..HEAD introduce
  hush git . main...feature          what feature adds since its merge base with main
  hush git ../other-repo --format json

",
    exit_codes!()
);

const STAGED_HELP: &str = concat!(
    "Examples:
  hush staged                        what `git commit` would add (hush hook install runs it)
  hush staged -q                     quiet when clean: findings and the ways out only
  hush baseline update --staged      accept exactly what it blocks, then git add .secrets.baseline

",
    exit_codes!()
);

const BASELINE_HELP: &str = "Examples:
  hush baseline create               scan, write .secrets.baseline
  hush baseline update               add new findings (labels kept)
  hush baseline update --check       in CI: exit 1 if the baseline is out of date
  hush baseline update --history     also accept what the history holds (rotated secrets)
  hush baseline update --staged      accept exactly what `hush staged` blocks
  hush baseline audit                label each unlabelled entry: real or false positive
  hush baseline audit --report       counts and the list

Exit codes: 0 done (for --check: up to date), 1 --check found it out of date, 2 an error.";

const HOOK_HELP: &str = "Examples:
  hush hook install                  write .git/hooks/pre-commit (core.hooksPath honoured)
  hush hook install --force          replace an existing hook
  hush hook uninstall                remove the hook hush wrote

With the pre-commit framework, use the hook ids in .pre-commit-hooks.yaml instead (see the README).";

const RULES_HELP: &str = "Examples:
  hush rules list                    every rule, with the config's own
  hush rules explain json-web-token  what it finds, how to revoke and rotate
  hush rules check --config .hush.toml   run your rules' examples through the engine";

/// hush: find leaked credentials in files, git history and staged changes, before they leave.
#[derive(Debug, Parser)]
#[command(name = "hush", version, about, max_term_width = 100, after_help = MAIN_HELP)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan files on disk (default: the current directory).
    #[command(after_help = SCAN_HELP)]
    Scan(ScanCmd),
    /// Scan git history: every blob reachable from every ref, or a revision range.
    #[command(after_help = GIT_HELP)]
    Git(GitCmd),
    /// Pre-commit check: scan what is staged in the index (only added lines can fail).
    #[command(after_help = STAGED_HELP)]
    Staged(StagedCmd),
    /// Scan a container image: a `docker save` tarball or an OCI image layout (directory or tar).
    Image(ImageCmd),
    /// Create, update and audit the baseline of known findings (.secrets.baseline).
    #[command(subcommand, after_help = BASELINE_HELP)]
    Baseline(BaselineCmd),
    /// Install (or remove) a plain git pre-commit hook that runs `hush staged`.
    #[command(subcommand, after_help = HOOK_HELP)]
    Hook(HookCmd),
    /// List, explain and check the rules.
    #[command(subcommand, after_help = RULES_HELP)]
    Rules(RulesCmd),
    /// Organisation audit, step 1: write a plan (targets balanced into shards) for `hush audit`.
    Plan(PlanCmd),
    /// Organisation audit, step 2: scan one shard of a plan into an output directory (resumable).
    Audit(AuditCmd),
    /// Organisation audit, step 3: combine the shards' results into one report.
    Merge(MergeCmd),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    ///
    /// bash: `source <(hush completions bash)` (or save it in
    /// ~/.local/share/bash-completion/completions/hush); zsh: save it as `_hush` in a directory of
    /// `$fpath`; fish: save it in ~/.config/fish/completions/hush.fish; PowerShell: add
    /// `hush completions powershell | Out-String | Invoke-Expression` to your profile.
    Completions(CompletionsCmd),
    /// Print the manual page (roff), or write every page into a directory (--dir).
    ///
    /// `hush man | man -l -` reads it; `hush man --dir /usr/local/share/man/man1` installs them.
    Man(ManCmd),
}

#[derive(Debug, Args)]
pub struct CompletionsCmd {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManCmd {
    /// Write hush.1 and one page per subcommand (hush-scan.1, hush-baseline-create.1, ...) into
    /// DIR (which must exist) instead of printing hush.1.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// `hush plan`: the targets of an audit, in shards.
#[derive(Debug, Args)]
pub struct PlanCmd {
    /// Targets: local repository paths, or URLs (`https://`, `ssh://`, `git@host:path`); append
    /// `#REF` to scan only what REF reaches (default: every ref).
    pub targets: Vec<String>,
    /// Read targets from FILE, one a line: `LOCATION [REF]` (`#` starts a comment; `-` is stdin).
    #[arg(long, short = 'f', value_name = "FILE")]
    pub targets_file: Option<PathBuf>,
    /// How many shards to balance the targets into.
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub shards: u32,
    /// Split a local target larger than this into parts by blob id (`hush git --shard`), so that no
    /// shard holds much more (bytes, or 500M, 2G; default: never split).
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub split_above: Option<u64>,
    /// Write the plan to FILE (default: standard output).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub settings: OrgSettingsArgs,
}

/// The scan settings an audit runs with, recorded in the plan (and in its rule digest), so that
/// every shard scans the same way whatever machine it runs on.
#[derive(Debug, Args, Clone, Default)]
pub struct OrgSettingsArgs {
    /// Configuration file (rules, allowlists); its text is copied into the plan. No repository's
    /// own .hush.toml is read during an audit.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Report only findings of at least this confidence.
    #[arg(long, value_enum)]
    pub min_confidence: Option<ConfidenceArg>,
    /// Ignore inline `hush:allow` (and similar) pragmas.
    #[arg(long)]
    pub ignore_pragmas: bool,
    /// Skip blobs larger than this (bytes, or 500k, 10M, 1G; default 100M).
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub max_file_size: Option<u64>,
}

/// `hush audit`: one shard of a plan.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct AuditCmd {
    #[command(subcommand)]
    pub status: Option<AuditSub>,
    /// The plan `hush plan` wrote.
    #[arg(long, value_name = "FILE")]
    pub plan: Option<PathBuf>,
    /// The shard to run (0-based).
    #[arg(long, value_name = "I", conflicts_with = "shards_from_env")]
    pub shard: Option<u32>,
    /// Read the shard index from this environment variable (JOB_COMPLETION_INDEX for a Kubernetes
    /// Indexed Job, SLURM_ARRAY_TASK_ID for a Slurm array, a matrix value in CI).
    #[arg(long, value_name = "VAR")]
    pub shards_from_env: Option<String>,
    /// The results directory (shared by every shard, or one per shard: `hush merge` reads either).
    #[arg(long, value_name = "DIR", default_value = "hush-audit")]
    pub out: PathBuf,
    /// Where URL targets are cloned (default: OUT/.clones); each clone is removed once scanned.
    #[arg(long, value_name = "DIR")]
    pub work: Option<PathBuf>,
    /// Keep the clones of URL targets after scanning them.
    #[arg(long)]
    pub keep_clones: bool,
    /// Give up a clone or fetch after this many seconds (then the target is to be retried).
    #[arg(long, value_name = "SECONDS", default_value_t = 3600)]
    pub clone_timeout: u64,
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,
    /// Print only errors.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

#[derive(Debug, Subcommand)]
pub enum AuditSub {
    /// List the plan's targets as pending, done or failed in a results directory.
    Status {
        #[arg(long, value_name = "FILE")]
        plan: PathBuf,
        #[arg(long, value_name = "DIR", default_value = "hush-audit")]
        out: PathBuf,
        /// Output as JSON lines.
        #[arg(long)]
        json: bool,
    },
}

/// `hush merge`: one report from the shards.
#[derive(Debug, Args)]
pub struct MergeCmd {
    /// The results directory (or a directory holding several, one per shard).
    pub dir: PathBuf,
    /// The plan (default: DIR/plan.jsonl, which `hush audit` copies there).
    #[arg(long, value_name = "FILE")]
    pub plan: Option<PathBuf>,
    /// Output format of the report.
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// Write the report to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also write the summary (targets missing or failed, secrets found in several repositories)
    /// as JSON to FILE.
    #[arg(long, value_name = "FILE")]
    pub summary: Option<PathBuf>,
    /// Print only errors (the summary is still written with --summary).
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// `I/N`: shard I (0-based) of N.
pub fn parse_shard(s: &str) -> Result<(u32, u32), String> {
    let bad = || format!("{s:?} is not a shard: write I/N, as in 0/4 (I from 0 to N-1)");
    let (i, n) = s.split_once('/').ok_or_else(bad)?;
    let i: u32 = i.trim().parse().map_err(|_| bad())?;
    let n: u32 = n.trim().parse().map_err(|_| bad())?;
    if n == 0 || i >= n {
        return Err(bad());
    }
    Ok((i, n))
}

#[derive(Debug, Args)]
pub struct GitCmd {
    /// The repository (a work tree, any directory inside one, or a bare repository; default: the
    /// current directory). A range given here instead is the range of the repository here.
    #[arg(default_value = ".")]
    pub repo: PathBuf,
    /// A revision range: `A..B` (commits of B not in A) or `A...B` (what B adds since its merge base
    /// with A): only blobs those commits introduce. An empty side is an error.
    #[arg(conflicts_with = "since")]
    pub range: Option<String>,
    /// Only blobs introduced since REV (`REV..HEAD`), for pull-request checks. An empty REV is an
    /// error.
    #[arg(long, value_name = "REV")]
    pub since: Option<String>,
    /// Scan only shard I of N of the history's blobs (by blob id): every shard walks all the
    /// commits; together the N shards find what one run finds.
    #[arg(long, value_name = "I/N", value_parser = parse_shard)]
    pub shard: Option<(u32, u32)>,
    #[command(flatten)]
    pub common: CommonArgs,
}

#[derive(Debug, Args)]
pub struct ImageCmd {
    /// The image: a `docker save` tarball (possibly compressed), an OCI image layout directory, or
    /// an OCI layout packed in a tar. Every layer is scanned, and the config (environment, labels,
    /// build history); a file deleted by a later layer is reported as only in its layer.
    pub path: PathBuf,
    #[command(flatten)]
    pub common: CommonArgs,
}

#[derive(Debug, Args)]
pub struct StagedCmd {
    #[command(flatten)]
    pub common: CommonArgs,
}

#[derive(Debug, Subcommand)]
pub enum BaselineCmd {
    /// Scan and write a new baseline (refuses to overwrite one unless --force).
    Create {
        /// What to scan; the baseline is written there as .secrets.baseline (default: the current
        /// directory).
        #[arg(default_value = ".")]
        path: PathBuf,
        /// Overwrite an existing baseline (its audit labels are lost: see `update`).
        #[arg(long)]
        force: bool,
        /// Also record what the repository's history holds (as `hush git` finds it), by path and
        /// secret hash: secrets already rotated out of the working tree.
        #[arg(long)]
        history: bool,
        #[command(flatten)]
        opts: BaselineArgs,
    },
    /// Rescan: add new findings, drop those whose secret is gone, keep every audit label.
    ///
    /// In a git repository an entry the working tree no longer holds is kept (the history may still
    /// hold it): --history checks it against the history, --prune drops it.
    Update {
        /// What to rescan (default: the current directory). Entries for files outside it are kept.
        #[arg(default_value = ".")]
        path: PathBuf,
        /// Change nothing; exit 1 if the baseline is out of date (for CI).
        #[arg(long)]
        check: bool,
        /// Also rescan the repository's history (as `hush git` does): record what it holds, and drop
        /// the entries that neither the working tree nor the history holds.
        #[arg(long)]
        history: bool,
        /// Drop every entry the working tree does not hold, even if the history still does (in a git
        /// repository, `update` keeps them by default).
        #[arg(long, conflicts_with = "history")]
        prune: bool,
        /// Accept exactly what the staged changes add (what `hush staged` would block), in the
        /// repository holding PATH; nothing else is rescanned, nothing is dropped.
        #[arg(long, conflicts_with_all = ["history", "prune"])]
        staged: bool,
        #[command(flatten)]
        opts: BaselineArgs,
    },
    /// Label unlabelled entries as real or false positive, interactively (or --report).
    ///
    /// Answers are read a line at a time: r (real), f (false positive), s (skip), u (undo the last
    /// answer), q (quit); each is saved at once.
    #[command(after_help = "Examples:
  hush baseline audit                review each unlabelled entry
  hush baseline audit --all          review every entry, labelled ones too (to relabel)
  hush baseline audit --report       counts, and each entry where its secret is now
  printf 'r\\nf\\n' | hush baseline audit   answers from a pipe")]
    Audit {
        /// Print counts and the entries instead of asking.
        #[arg(long)]
        report: bool,
        /// With --report: output as JSON.
        #[arg(long, requires = "report")]
        json: bool,
        /// Review every entry, labelled ones too, so that a label can be changed.
        #[arg(long, conflicts_with = "report")]
        all: bool,
        #[command(flatten)]
        opts: AuditArgs,
    },
}

/// Options of `baseline audit`: which baseline, and which config's rules redact the context shown.
/// (The scan options of the other baseline commands do not apply: audit finds every secret in the
/// context, whatever the confidence, pragmas or size.)
#[derive(Debug, Args, Clone, Default)]
pub struct AuditArgs {
    /// The baseline file (default: .secrets.baseline found from the current directory up to the
    /// repository root).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Configuration file whose rules also redact the context (default: .hush.toml at the
    /// repository root).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Use no configuration file, even if .hush.toml exists.
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,
}

impl AuditArgs {
    /// The baseline options these stand for (every scan option at its default).
    pub fn baseline_args(&self) -> BaselineArgs {
        BaselineArgs {
            baseline: self.baseline.clone(),
            config: self.config.clone(),
            no_config: self.no_config,
            ..BaselineArgs::default()
        }
    }
}

/// Options of the baseline commands: which baseline, and the scan settings that decide what is found
/// (use the same ones as the `hush scan` that relies on the baseline).
#[derive(Debug, Args, Clone, Default)]
pub struct BaselineArgs {
    /// The baseline file (default: .secrets.baseline in PATH for `create`; for `update`, the one found
    /// from PATH up to the repository root; for `audit`, from the current directory).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Configuration file (default: .hush.toml at the repository root).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Use no configuration file, even if .hush.toml exists.
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,
    /// Record only findings of at least this confidence.
    #[arg(long, value_enum)]
    pub min_confidence: Option<ConfidenceArg>,
    /// Ignore inline `hush:allow` (and similar) pragmas.
    #[arg(long)]
    pub ignore_pragmas: bool,
    /// Scan files that .gitignore, .ignore and .hushignore exclude.
    #[arg(long)]
    pub no_ignore: bool,
    /// Skip files larger than this (bytes, or with a unit: 500k, 10M, 1G; default 100M).
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub max_file_size: Option<u64>,
    /// Print notes about skipped files.
    #[arg(long, short = 'v')]
    pub verbose: bool,
}

impl BaselineArgs {
    /// The shared scan options these stand for (output options at their defaults).
    pub fn common(&self) -> CommonArgs {
        CommonArgs {
            format: Format::Human,
            output: None,
            baseline: self.baseline.clone(),
            no_baseline: false,
            config: self.config.clone(),
            no_config: self.no_config,
            threads: self.threads,
            color: ColorChoice::Never,
            show_secrets: false,
            min_confidence: self.min_confidence,
            ignore_pragmas: self.ignore_pragmas,
            quiet: false,
            verbose: self.verbose,
            max_file_size: self.max_file_size,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum HookCmd {
    /// Write .git/hooks/pre-commit running `hush staged` (refuses to overwrite without --force).
    Install {
        /// Replace an existing pre-commit hook.
        #[arg(long)]
        force: bool,
    },
    /// Remove the pre-commit hook `hush hook install` wrote (any other hook is left alone).
    Uninstall,
}

#[derive(Debug, Args)]
pub struct ScanCmd {
    /// Files or directories to scan; `-` is standard input. A FIFO or device named here is read
    /// (`/dev/stdin`, `<(cmd)`); one named here that cannot be read is an error.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// The name standard input's findings carry in reports and the baseline (default `<stdin>`):
    /// a path, relative to the current directory, as if the content were that file.
    #[arg(long, value_name = "NAME")]
    pub stdin_name: Option<String>,
    /// Scan files that .gitignore, .ignore and .hushignore exclude.
    #[arg(long)]
    pub no_ignore: bool,
    #[command(flatten)]
    pub common: CommonArgs,
}

/// Options shared by the scanning commands.
#[derive(Debug, Args, Clone)]
pub struct CommonArgs {
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// Write the report to FILE instead of standard output: atomically when FILE is a regular file
    /// (or a symbolic link to one, which stays a link) or new; a device or FIFO is written into.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Baseline of known findings (default: .secrets.baseline when present).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Ignore any baseline: report every finding.
    #[arg(long, conflicts_with = "baseline")]
    pub no_baseline: bool,
    /// Configuration file (default: .hush.toml at the repository root).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Use no configuration file, even if .hush.toml exists.
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,
    /// Worker threads (default: one per core; at most 4 per core, or 8).
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,
    /// When to colour human output.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,
    /// Print whole secrets instead of redacted ones.
    #[arg(long)]
    pub show_secrets: bool,
    /// Report only findings of at least this confidence.
    #[arg(long, value_enum)]
    pub min_confidence: Option<ConfidenceArg>,
    /// Ignore inline `hush:allow` (and similar) pragmas, for CI gates that refuse inline ignores.
    #[arg(long)]
    pub ignore_pragmas: bool,
    /// Print only findings and errors.
    #[arg(long, short = 'q', conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print notes about skipped files.
    #[arg(long, short = 'v')]
    pub verbose: bool,
    /// Skip files and blobs larger than this (bytes, or with a unit: 500k, 10M, 1G; default 100M).
    /// Blocked file names are still reported.
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub max_file_size: Option<u64>,
}

/// A size: a number of bytes, or a number with a unit `k`, `M`, `G` (powers of 1024; `KiB`, `MB`
/// and the like are read the same way).
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(digits);
    let n: u64 = num
        .parse()
        .map_err(|_| format!("{s:?} is not a size (examples: 1048576, 500k, 10M, 1G)"))?;
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        _ => return Err(format!("{s:?}: unknown unit (use k, M or G)")),
    };
    n.checked_mul(1 << shift)
        .ok_or_else(|| format!("{s:?} is too large"))
}

/// Which config's rules the `rules` commands add to the built-in pack.
#[derive(Debug, Args, Clone, Default)]
pub struct RulesConfigArgs {
    /// Also the rules of this config file (default: .hush.toml found from the current directory up
    /// to the repository root).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The built-in rules only, even if .hush.toml exists.
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Formats of `hush rules list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    /// One line per rule: id, confidence, name.
    Text,
    /// The rule definitions as JSON.
    Json,
    /// A Markdown page: the catalogue, by rule file (docs/rules.md).
    Markdown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ConfidenceArg {
    Low,
    Medium,
    High,
}

#[derive(Debug, Subcommand)]
pub enum RulesCmd {
    /// List every rule: id, name, confidence, keywords.
    ///
    /// `--format markdown` writes the catalogue page: docs/rules.md is
    /// `cargo run -- rules list --format markdown > docs/rules.md`.
    List {
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: RulesFormat,
        /// Output as JSON (the same as `--format json`).
        #[arg(long, conflicts_with = "format")]
        json: bool,
        #[command(flatten)]
        config: RulesConfigArgs,
    },
    /// Show one rule: what it finds, how to revoke and rotate, references.
    Explain {
        /// The rule id, e.g. github-pat-classic.
        rule_id: String,
        #[command(flatten)]
        config: RulesConfigArgs,
    },
    /// Run every rule's examples through the engine and report problems (exit 1 if any).
    Check {
        #[command(flatten)]
        config: RulesConfigArgs,
        /// Report only the rules of this rule file (e.g. rules/github.toml).
        #[arg(long, value_name = "FILE")]
        file: Option<String>,
    },
}
