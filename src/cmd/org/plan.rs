//! `hush plan`: the targets of an audit, balanced into shards by size.
//!
//! Balancing is greedy, largest first (each target goes to the shard with the fewest bytes so far;
//! ties to the fewest targets, then the lowest index): within 4/3 of the best possible spread. A
//! target whose size is unknown (a URL) counts as the mean of the known sizes. With
//! `--split-above SIZE`, a local repository larger than SIZE is planned as parts split by blob id
//! (`hush git --shard`), which can land in different shards.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use anyhow::Result;

use super::{PLAN_VERSION, Plan, PlanHeader, Settings, Target, is_url, now_secs, valid_id};
use crate::cli::PlanCmd;
use crate::exit::{Exit, Fatal};

pub fn run(cmd: PlanCmd) -> Result<Exit> {
    if cmd.shards == 0 {
        anyhow::bail!(Fatal("--shards must be at least 1".into()));
    }
    let mut specs: Vec<(String, Option<String>)> = cmd
        .targets
        .iter()
        .map(|t| match t.rsplit_once('#') {
            Some((loc, r)) if !r.is_empty() => (loc.to_string(), Some(r.to_string())),
            _ => (t.clone(), None),
        })
        .collect();
    if let Some(file) = &cmd.targets_file {
        let mut text = String::new();
        let read = if file == Path::new("-") {
            std::io::stdin().read_to_string(&mut text).map(|_| ())
        } else {
            std::fs::read_to_string(file).map(|t| text = t)
        };
        read.map_err(|e| Fatal(format!("cannot read {}: {e}", file.display())))?;
        specs.extend(parse_targets(&text).map_err(|e| Fatal(format!("{}: {e}", file.display())))?);
    }
    if specs.is_empty() {
        anyhow::bail!(Fatal(
            "no targets: name repositories (paths or URLs) or give --targets-file".into()
        ));
    }
    let settings = Settings::from_args(&cmd.settings)?;
    let scanner = settings.scanner()?;
    let digest = settings.digest(&scanner);
    let mut located = Vec::new();
    for (loc, r) in specs {
        let (location, size) = if is_url(&loc) {
            (loc, None)
        } else {
            let p = Path::new(&loc);
            let abs = std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
            let size = repo_size(&abs);
            if size.is_none() {
                eprintln!(
                    "hush: warning: {}: not a readable git repository now; planned anyway (its \
                     audit will fail for good unless it is one by then)",
                    crate::report::escape::text(&loc)
                );
            }
            (abs.to_string_lossy().into_owned(), size)
        };
        located.push((location, r, size));
    }
    let targets = assign(located, cmd.shards, cmd.split_above);
    let plan = Plan {
        header: PlanHeader {
            hush_plan: PLAN_VERSION,
            hush_version: super::HUSH_VERSION.to_string(),
            rules_digest: digest,
            shards: cmd.shards,
            created: now_secs(),
            settings,
        },
        targets,
    };
    let text = plan.to_jsonl();
    match &cmd.output {
        Some(p) => super::write_bytes(p, text.as_bytes())?,
        None => print!("{text}"),
    }
    Ok(Exit::Clean)
}

/// A targets file: `LOCATION [REF]` a line; blank lines and lines starting with `#` are skipped.
pub fn parse_targets(text: &str) -> Result<Vec<(String, Option<String>)>, String> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut words = line.split_whitespace();
        let loc = words.next().unwrap_or_default().to_string();
        let r = words.next().map(str::to_string);
        if words.next().is_some() {
            return Err(format!(
                "line {}: expected `LOCATION [REF]`, found more words",
                n + 1
            ));
        }
        out.push((loc, r));
    }
    Ok(out)
}

/// Bytes in the object store of the repository at `path` (packs and loose objects), or `None` when
/// it is not a repository.
pub fn repo_size(path: &Path) -> Option<u64> {
    let repo = git2::Repository::open(path).ok()?;
    let objects = repo.commondir().join("objects");
    Some(dir_size(&objects))
}

fn dir_size(dir: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|e| match e.file_type() {
            Ok(t) if t.is_dir() => dir_size(&e.path()),
            Ok(t) if t.is_file() => e.metadata().map_or(0, |m| m.len()),
            _ => 0,
        })
        .sum()
}

/// Ids (from the repository's name, made unique), parts, and shards.
pub fn assign(
    located: Vec<(String, Option<String>, Option<u64>)>,
    shards: u32,
    split_above: Option<u64>,
) -> Vec<Target> {
    // Ids: the last path component without `.git`; a repeated name gets a suffix from its location.
    let names: Vec<String> = located.iter().map(|(l, _, _)| base_name(l)).collect();
    let mut count: HashMap<&str, usize> = HashMap::new();
    for n in &names {
        *count.entry(n.as_str()).or_default() += 1;
    }
    let mut targets = Vec::new();
    for ((location, git_ref, size), name) in located.iter().zip(&names) {
        let mut id = if count[name.as_str()] > 1 {
            let h = crate::finding::sha1_hex(format!("{location}\0{git_ref:?}").as_bytes());
            format!("{name}-{}", &h[..8])
        } else {
            name.clone()
        };
        while !valid_id(&id) {
            id = format!("repo-{id}");
        }
        let parts = match (split_above, size) {
            (Some(limit), Some(s)) if limit > 0 && *s > limit => s.div_ceil(limit).min(256) as u32,
            _ => 1,
        };
        for k in 0..parts {
            let (pid, repo, part) = if parts > 1 {
                (
                    format!("{id}~{}of{parts}", k + 1),
                    Some(id.clone()),
                    Some((k, parts)),
                )
            } else {
                (id.clone(), None, None)
            };
            targets.push(Target {
                id: pid,
                repo,
                location: location.clone(),
                git_ref: git_ref.clone(),
                size: size.map(|s| s / parts as u64),
                shard: 0,
                part,
            });
        }
    }
    balance(&mut targets, shards);
    targets
}

fn base_name(location: &str) -> String {
    let trimmed = location.trim_end_matches(['/', '\\']);
    let last = trimmed.rsplit(['/', '\\', ':']).next().unwrap_or(trimmed);
    let last = last.strip_suffix(".git").unwrap_or(last);
    let mut name: String = last
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._-".contains(c) {
                c
            } else {
                '-'
            }
        })
        .collect();
    name = name.trim_start_matches('.').to_string();
    if name.is_empty() {
        name = "repo".into();
    }
    name.truncate(100);
    name
}

/// Largest first, each to the least loaded shard.
pub fn balance(targets: &mut [Target], shards: u32) {
    let known: Vec<u64> = targets.iter().filter_map(|t| t.size).collect();
    let unknown = if known.is_empty() {
        1
    } else {
        (known.iter().sum::<u64>() / known.len() as u64).max(1)
    };
    let mut order: Vec<usize> = (0..targets.len()).collect();
    let weight = |t: &Target| t.size.unwrap_or(unknown);
    order.sort_by(|&a, &b| {
        weight(&targets[b])
            .cmp(&weight(&targets[a]))
            .then_with(|| targets[a].id.cmp(&targets[b].id))
    });
    let mut load = vec![(0u64, 0usize); shards.max(1) as usize];
    for i in order {
        let s = (0..load.len())
            .min_by_key(|&s| (load[s].0, load[s].1, s))
            .unwrap_or(0);
        load[s].0 += weight(&targets[i]);
        load[s].1 += 1;
        targets[i].shard = s as u32;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_paths() {
        assert!(is_url("https://github.com/a/b.git"));
        assert!(is_url("git@github.com:a/b.git"));
        assert!(is_url("ssh://git@host/a"));
        assert!(!is_url("/srv/git/a.git"));
        assert!(!is_url("repos/a:b"));
        assert!(!is_url("C:/repos/a"));
    }

    #[test]
    fn ids_are_unique_and_parts_split() {
        let t = assign(
            vec![
                ("/a/x.git".into(), None, Some(10)),
                ("/b/x".into(), None, Some(10)),
                ("/c/big".into(), Some("main".into()), Some(100)),
            ],
            2,
            Some(40),
        );
        let ids: Vec<&str> = t.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids.len(), 5);
        assert!(ids[0].starts_with("x-") && ids[1].starts_with("x-") && ids[0] != ids[1]);
        assert_eq!(&ids[2..], ["big~1of3", "big~2of3", "big~3of3"]);
        assert!(t[2..].iter().all(|t| t.repo.as_deref() == Some("big")));
        assert_eq!(t[3].part, Some((1, 3)));
    }

    #[test]
    fn balance_is_largest_first_to_least_loaded() {
        let mut t = assign(
            [50, 40, 30, 20, 10, 10]
                .iter()
                .enumerate()
                .map(|(i, s)| (format!("/r{i}"), None, Some(*s)))
                .collect(),
            2,
            None,
        );
        balance(&mut t, 2);
        let load = |s: u32| -> u64 {
            t.iter()
                .filter(|t| t.shard == s)
                .map(|t| t.size.unwrap())
                .sum()
        };
        assert_eq!((load(0), load(1)), (80, 80));
    }

    #[test]
    fn targets_file() {
        let t = parse_targets("# c\n\n/a main\nhttps://h/x.git\n").unwrap();
        assert_eq!(
            t,
            vec![
                ("/a".to_string(), Some("main".to_string())),
                ("https://h/x.git".to_string(), None)
            ]
        );
        assert!(parse_targets("/a b c").is_err());
    }
}
