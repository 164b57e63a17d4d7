//! `bench-corpus`: writes the inputs of `benches/compare.sh`, from the same generator as the
//! micro-benchmark. Deterministic: the same arguments give the same bytes.
//!
//! ```text
//! bench-corpus tree DIR BYTES [SEED]     a working tree of about BYTES bytes under DIR
//! bench-corpus history COMMITS [SEED]    a `git fast-import` stream: COMMITS commits of edits
//! bench-corpus flat FILES [SEED]         a `git fast-import` stream: one commit of FILES small files
//! ```
//! A summary (files, bytes, planted secrets) goes to stderr.

#![allow(clippy::print_stdout, clippy::print_stderr)]

#[path = "mod.rs"]
mod corpus;

use std::collections::HashMap;
use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use corpus::{Doc, Kind, Rng};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let num = |i: usize, default: u64| -> Result<u64, String> {
        match args.get(i) {
            None => Ok(default),
            Some(s) => s.parse().map_err(|_| format!("not a number: {s:?}")),
        }
    };
    let run = || -> Result<(), String> {
        match args.first().map(String::as_str) {
            Some("tree") => {
                let dir = args.get(1).ok_or("tree: DIR missing")?;
                tree(Path::new(dir), num(2, 100 << 20)?, num(3, 1)?)
            }
            Some("history") => history(num(1, 20_000)?, num(2, 1)?).map_err(|e| e.to_string()),
            Some("flat") => flat(num(1, 100_000)?, num(2, 1)?).map_err(|e| e.to_string()),
            _ => Err("usage: bench-corpus tree DIR BYTES [SEED] | history COMMITS [SEED] | flat FILES [SEED]".into()),
        }
    };
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench-corpus: {e}");
            ExitCode::from(2)
        }
    }
}

fn tree(dir: &Path, total: u64, seed: u64) -> Result<(), String> {
    let mut err = None;
    let (files, bytes, planted) = corpus::generate(seed, total, |f| {
        if err.is_some() {
            return;
        }
        let path = dir.join(&f.path);
        let res = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&path, &f.bytes));
        if let Err(e) = res {
            err = Some(format!("{}: {e}", path.display()));
        }
    });
    if let Some(e) = err {
        return Err(e);
    }
    eprintln!("bench-corpus: tree: {files} files, {bytes} bytes, {planted} planted secrets");
    Ok(())
}

/// One commit's worth of fast-import commands.
struct Commit<'a> {
    out: &'a mut dyn Write,
    mark: u64,
    time: u64,
    author: &'a str,
    message: String,
}

impl Commit<'_> {
    fn begin(&mut self) -> io::Result<()> {
        let (name, email) = (self.author, self.author.to_lowercase().replace(' ', "."));
        write!(
            self.out,
            "commit refs/heads/main\nmark :{}\nauthor {name} <{email}@example.com> {} +0000\ncommitter {name} <{email}@example.com> {} +0000\ndata {}\n{}\n",
            self.mark,
            self.time,
            self.time,
            self.message.len(),
            self.message
        )
    }

    fn modify(&mut self, path: &str, bytes: &[u8]) -> io::Result<()> {
        write!(self.out, "M 100644 inline {path}\ndata {}\n", bytes.len())?;
        self.out.write_all(bytes)?;
        self.out.write_all(b"\n")
    }

    fn delete(&mut self, path: &str) -> io::Result<()> {
        writeln!(self.out, "D {path}")
    }
}

const AUTHORS: &[&str] = &[
    "Ada Byron",
    "Grace Murray",
    "Ken Bell",
    "Dennis Ritch",
    "Barbara Lisk",
    "Edsger Dijk",
    "Frances Allen",
    "Niklaus Wirt",
];

/// A history of `commits` commits: a project that grows from 150 files, each commit editing a
/// few of them (some files much more often than others), lockfiles and a bundle now and then, and
/// a secret committed every ~400 commits, half of them removed again later.
fn history(commits: u64, seed: u64) -> io::Result<()> {
    let mut rng = Rng::new(seed);
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 20, stdout.lock());
    let mut files: Vec<(String, Doc)> = Vec::new();
    let mut dirs: Vec<String> = Vec::new();
    for i in 0..12 {
        dirs.push(format!("src/{}{i}", ["core", "net", "ui", "db"][i % 4]));
    }
    let new_file = |rng: &mut Rng, files: &mut Vec<(String, Doc)>, kind: Kind| {
        let dir = rng.pick(&dirs).clone();
        let path = kind.path_in(&dir, files.len() as u64, rng);
        let doc = Doc::typical(kind, rng);
        files.push((path, doc));
        files.len() - 1
    };
    for _ in 0..145 {
        let kind = match Kind::draw(&mut rng) {
            Kind::CargoLock | Kind::PackageLock | Kind::Minified => Kind::Rust,
            k => k,
        };
        new_file(&mut rng, &mut files, kind);
    }
    let lock_cargo = new_file(&mut rng, &mut files, Kind::CargoLock);
    let lock_npm = new_file(&mut rng, &mut files, Kind::PackageLock);
    let bundle = new_file(&mut rng, &mut files, Kind::Minified);
    new_file(&mut rng, &mut files, Kind::Markdown);
    new_file(&mut rng, &mut files, Kind::Yaml);

    let (mut blob_bytes, mut blobs, mut planted) = (0u64, 0u64, 0u64);
    // Secrets waiting to be removed: (commit at which to remove, file index, chunk text).
    let mut to_remove: Vec<(u64, usize, String)> = Vec::new();
    let mut deleted: HashMap<usize, bool> = HashMap::new();
    for c in 0..commits {
        let mut changed: Vec<usize> = Vec::new();
        let mut removed: Vec<String> = Vec::new();
        let message = if c == 0 {
            changed.extend(0..files.len());
            "Initial import".to_string()
        } else {
            let n = rng.range(1, 6);
            for _ in 0..n {
                // Skewed towards the first files: a few hot files take most edits.
                let hot = rng.below(files.len());
                let i = rng.below(hot + 1);
                if deleted.contains_key(&i) || i == lock_cargo || i == lock_npm || i == bundle {
                    continue;
                }
                files[i].1.edit(&mut rng);
                changed.push(i);
            }
            if rng.chance(0.07) {
                let l = if rng.chance(0.5) {
                    lock_cargo
                } else {
                    lock_npm
                };
                files[l].1.edit(&mut rng);
                changed.push(l);
            }
            if rng.chance(0.004) {
                for _ in 0..20 {
                    files[bundle].1.edit(&mut rng);
                }
                changed.push(bundle);
            }
            if rng.chance(0.04) {
                let kind = match Kind::draw(&mut rng) {
                    Kind::CargoLock | Kind::PackageLock | Kind::Minified => Kind::Go,
                    k => k,
                };
                changed.push(new_file(&mut rng, &mut files, kind));
            }
            if rng.chance(0.004) && files.len() > 200 {
                let i = rng.range(150, files.len() - 1);
                if deleted.insert(i, true).is_none() {
                    removed.push(files[i].0.clone());
                }
            }
            if c % 400 == 200 {
                let i = rng.below(files.len());
                if !deleted.contains_key(&i) && files[i].1.kind.group() != "lockfile" {
                    let (_, s) = corpus::secret(&mut rng);
                    files[i].1.plant(&s, &mut rng);
                    planted += 1;
                    changed.push(i);
                    if rng.chance(0.5) {
                        to_remove.push((c + rng.range(1, 100) as u64, i, s));
                    }
                }
            }
            to_remove.retain(|(at, i, s)| {
                if *at != c || deleted.contains_key(i) {
                    return *at > c;
                }
                let doc = &mut files[*i].1;
                if let Some(p) = doc.chunks.iter().position(|x| x == s) {
                    doc.chunks.remove(p);
                    changed.push(*i);
                }
                false
            });
            let (a, b) = (rng.below(1000), rng.below(1000));
            format!(
                "Change {} handling ({a}.{b})",
                files[changed.first().copied().unwrap_or(0)].0
            )
        };
        changed.sort_unstable();
        changed.dedup();
        changed.retain(|i| !deleted.contains_key(i));
        let author = *rng.pick(AUTHORS);
        let mut commit = Commit {
            out: &mut out,
            mark: c + 1,
            time: 1_500_000_000 + c * 3_217,
            author,
            message,
        };
        commit.begin()?;
        for &i in &changed {
            let bytes = files[i].1.render();
            blob_bytes += bytes.len() as u64;
            blobs += 1;
            commit.modify(&files[i].0, &bytes)?;
        }
        for p in &removed {
            commit.delete(p)?;
        }
        writeln!(out)?;
        if c > 0 && c % 5_000 == 0 {
            writeln!(out, "reset refs/tags/v{}\nfrom :{}\n", c / 5_000, c + 1)?;
        }
    }
    out.flush()?;
    eprintln!(
        "bench-corpus: history: {commits} commits, {blobs} blob versions, {blob_bytes} bytes of blob content, {planted} planted secrets"
    );
    Ok(())
}

/// One commit holding `n` small files (a large monorepo's tree, for the pre-commit benchmark).
fn flat(n: u64, seed: u64) -> io::Result<()> {
    let mut rng = Rng::new(seed);
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 20, stdout.lock());
    let mut commit = Commit {
        out: &mut out,
        mark: 1,
        time: 1_600_000_000,
        author: AUTHORS[0],
        message: "Import the monorepo".to_string(),
    };
    commit.begin()?;
    let mut bytes = 0u64;
    for i in 0..n {
        let kind = match Kind::draw(&mut rng) {
            Kind::CargoLock | Kind::PackageLock | Kind::Minified => Kind::Python,
            k => k,
        };
        let dir = format!(
            "services/s{:03}/{}",
            i / 1000,
            ["src", "lib", "tests", "docs"][(i / 50 % 4) as usize]
        );
        let path = kind.path_in(&dir, i, &mut rng);
        let size = rng.log_range(200, 4_000);
        let doc = Doc::new(kind, size, &mut rng);
        let b = doc.render();
        bytes += b.len() as u64;
        commit.modify(&path, &b)?;
    }
    writeln!(out)?;
    out.flush()?;
    eprintln!("bench-corpus: flat: {n} files, {bytes} bytes");
    Ok(())
}
