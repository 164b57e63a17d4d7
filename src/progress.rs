//! Progress on long work: a bar on stderr with items (files or blobs) and bytes done, the rate and,
//! when the total is known, an ETA.
//!
//! Sources tick it from their worker threads through [`Progress::item`]: a hidden bar is a `None`
//! and costs one branch; a visible one costs two relaxed atomic adds and a rate-limited redraw
//! (indicatif draws at most 20 times a second, whatever the tick rate). Whether a bar is shown at
//! all is the command layer's decision (`cmd::progress_for`): only for human output, on a terminal,
//! outside CI, and not with `-q`.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

/// A progress handle. Cloning shares the same bar; [`Progress::default`] is hidden.
#[derive(Clone, Debug, Default)]
pub struct Progress(Option<Arc<Bar>>);

#[derive(Debug)]
struct Bar {
    bar: ProgressBar,
    bytes: Arc<AtomicU64>,
}

impl Progress {
    /// A bar drawn on stderr, counting `unit` ("files", "blobs"). Without a total it shows a
    /// spinner, counts and rates; [`Progress::set_total`] turns it into a bar with an ETA.
    pub fn stderr(unit: &'static str) -> Progress {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        let bytes = Arc::new(AtomicU64::new(0));
        bar.set_style(style(unit, false, &bytes));
        bar.enable_steady_tick(Duration::from_millis(120));
        Progress(Some(Arc::new(Bar { bar, bytes })))
    }

    /// A bar that draws nothing.
    pub fn hidden() -> Progress {
        Progress(None)
    }

    pub fn is_visible(&self) -> bool {
        self.0.is_some()
    }

    /// The number of items the work will take, once known (the git source knows it after
    /// collecting blob ids): the bar then shows a fraction and an ETA.
    pub fn set_total(&self, unit: &'static str, total: u64) {
        if let Some(b) = &self.0 {
            b.bar.set_length(total);
            b.bar.set_style(style(unit, true, &b.bytes));
        }
    }

    /// One item (a file or blob, scanned or skipped) is done; `bytes` is its size.
    #[inline]
    pub fn item(&self, bytes: u64) {
        if let Some(b) = &self.0 {
            b.bytes.fetch_add(bytes, Ordering::Relaxed);
            b.bar.inc(1);
        }
    }

    /// Removes the bar from the terminal, before the report is printed.
    pub fn finish(&self) {
        if let Some(b) = &self.0 {
            b.bar.finish_and_clear();
        }
    }
}

fn style(unit: &'static str, with_total: bool, bytes: &Arc<AtomicU64>) -> ProgressStyle {
    let template = if with_total {
        format!(
            "{{spinner}} [{{bar:30}}] {{human_pos}}/{{human_len}} {unit}  {{bytes_done}}  {{bytes_rate}}  {{items_rate}}  ETA {{eta}}"
        )
    } else {
        format!("{{spinner}} {{human_pos}} {unit}  {{bytes_done}}  {{bytes_rate}}  {{elapsed}}")
    };
    let done = bytes.clone();
    let rate = bytes.clone();
    ProgressStyle::with_template(&template)
        .expect("progress template is valid")
        .progress_chars("=> ")
        .with_key(
            "bytes_done",
            move |_: &ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = w.write_str(&human_bytes(done.load(Ordering::Relaxed)));
            },
        )
        .with_key(
            "bytes_rate",
            move |s: &ProgressState, w: &mut dyn std::fmt::Write| {
                let secs = s.elapsed().as_secs_f64();
                if secs > 0.0 {
                    let per = (rate.load(Ordering::Relaxed) as f64 / secs) as u64;
                    let _ = write!(w, "{}/s", human_bytes(per));
                }
            },
        )
        .with_key(
            "items_rate",
            move |s: &ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = write!(w, "{:.0} {unit}/s", s.per_sec());
            },
        )
}

/// `1536` -> `1.5 KiB`.
pub fn human_bytes(b: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = b as f64;
    let mut u = 0;
    while v >= 1024.0 && u < UNITS.len() - 1 {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        format!("{b} B")
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_progress_counts_nothing_and_costs_nothing() {
        let p = Progress::hidden();
        p.item(10);
        p.set_total("blobs", 5);
        p.finish();
        assert!(!p.is_visible());
    }

    #[test]
    fn byte_sizes_read_well() {
        assert_eq!(human_bytes(0), "0 B");
        assert_eq!(human_bytes(1023), "1023 B");
        assert_eq!(human_bytes(1536), "1.5 KiB");
        assert_eq!(human_bytes(5 << 30), "5.0 GiB");
    }
}
