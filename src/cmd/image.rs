//! `hush image PATH`: a container image (`docker save` tarball or OCI image layout).

use std::path::Path;
use std::time::Instant;

use anyhow::{Result, bail};

use super::{Fatal, build_scanner, finish, load_config, progress_for, threads};
use crate::cli::ImageCmd;
use crate::exit::Exit;
use crate::scan::Stats;
use crate::source::{fs, image};

pub fn run(cmd: ImageCmd) -> Result<Exit> {
    let start = Instant::now();
    if std::fs::metadata(&cmd.path).is_err() {
        bail!(Fatal(format!(
            "{}: no such file or directory",
            cmd.path.display()
        )));
    }
    // The config is looked for where hush runs, as for `hush scan`: an image holds none of ours.
    let (cfg, cfg_path) = load_config(&cmd.common, Path::new("."))?;
    let scanner = build_scanner(&cmd.common, &cfg, cfg_path.as_deref(), None)?;
    scanner.rules.prepare_fast_keywords();
    let stats = Stats {
        progress: progress_for(&cmd.common, "files"),
        ..Stats::default()
    };
    let shown = fs::relative(Path::new("."), &cmd.path, false);
    let source = image::Image::new(cmd.path.clone(), shown, threads(&cmd.common));
    let result = crate::scan::run(&scanner, &source, &stats);
    stats.progress.finish();
    let mut out = result.map_err(Fatal)?;
    // `path` is the image; the chain below it (layer or config, then the file and any archive
    // inside it) goes to `inner`, and whether the file is still in the image to the note.
    for f in &mut out.findings {
        let Some(placed) = source.place(&f.path) else {
            continue;
        };
        f.path.clone_from(&source.shown);
        f.inner = Some(match f.inner.take() {
            Some(deeper) => format!("{}!/{deeper}", placed.inner),
            None => placed.inner,
        });
        f.note = Some(match f.note.take() {
            Some(n) => format!("{}; {n}", placed.state),
            None => placed.state,
        });
    }
    let snapshot = stats.snapshot(start.elapsed().as_millis() as u64);
    finish(
        &cmd.common,
        &scanner,
        out.findings,
        &out.diagnostics,
        snapshot,
        "files",
        Path::new("."),
        super::Scanned::Files,
    )
}
