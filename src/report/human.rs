//! Text for people: findings grouped by file, each with its position, rule, confidence, the redacted
//! value in its line, and what to do; then a summary.

use std::io::{self, Write};

use owo_colors::OwoColorize;

use super::Report;
use crate::finding::{Confidence, Finding};

struct Paint(bool);

impl Paint {
    fn path(&self, s: &str) -> String {
        if self.0 {
            s.bold().underline().to_string()
        } else {
            s.to_string()
        }
    }
    fn dim(&self, s: &str) -> String {
        if self.0 {
            s.dimmed().to_string()
        } else {
            s.to_string()
        }
    }
    fn rule(&self, s: &str) -> String {
        if self.0 {
            s.yellow().bold().to_string()
        } else {
            s.to_string()
        }
    }
    fn secret(&self, s: &str) -> String {
        if self.0 {
            s.red().to_string()
        } else {
            s.to_string()
        }
    }
    fn good(&self, s: &str) -> String {
        if self.0 {
            s.green().bold().to_string()
        } else {
            s.to_string()
        }
    }
    fn bad(&self, s: &str) -> String {
        if self.0 {
            s.red().bold().to_string()
        } else {
            s.to_string()
        }
    }
}

pub fn write(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    let p = Paint(r.color);
    let mut current: Option<&str> = None;
    for f in r.findings {
        if current != Some(f.path.as_str()) {
            if current.is_some() {
                writeln!(out)?;
            }
            writeln!(out, "{}", p.path(&f.path))?;
            current = Some(&f.path);
        }
        finding(&p, r, f, out)?;
    }
    if !r.findings.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "{}",
            p.dim("To fix: revoke and rotate each secret at its provider (`hush rules explain RULE`), then remove it.")
        )?;
        writeln!(
            out,
            "{}",
            p.dim("To accept one: add `hush:allow` in a comment on its line, or record it with `hush baseline update`.")
        )?;
    }
    summary(&p, r, out)
}

fn finding(p: &Paint, r: &Report, f: &Finding, out: &mut dyn Write) -> io::Result<()> {
    let pos = match (f.line, f.column) {
        (Some(l), Some(c)) => format!("{}:{l}:{c}", f.path),
        _ => f.path.clone(),
    };
    let value = if f.line.is_none() {
        "blocked file name".to_string()
    } else if r.show_secrets {
        String::from_utf8_lossy(f.secret.expose()).into_owned()
    } else {
        f.secret.redacted()
    };
    let mut tags = vec![f.confidence.as_str().to_string()];
    if let Some(v) = f.validated {
        tags.push(
            match v {
                crate::finding::Validation::Checksum => "checksum ok",
                crate::finding::Validation::Structure => "structure ok",
                crate::finding::Validation::Failed => "check failed",
            }
            .to_string(),
        );
    }
    if let Some(n) = &f.note {
        tags.push(n.clone());
    }
    if let Some(d) = &f.decoded {
        tags.push(format!("{d}-decoded"));
    }
    writeln!(
        out,
        "  {}  {}  {}  {}",
        pos,
        p.rule(&f.rule_name),
        p.secret(&value),
        p.dim(&format!("[{}]", tags.join(", "))),
    )?;
    if let Some(ctx) = &f.context {
        if !r.show_secrets {
            writeln!(out, "      {}", p.dim(ctx))?;
        }
    }
    if let Some(c) = &f.commit {
        let short: String = c.commit.chars().take(12).collect();
        let head = if c.in_head {
            "still in HEAD"
        } else {
            "only in history"
        };
        writeln!(
            out,
            "      {}",
            p.dim(&format!(
                "commit {short} by {} <{}> on {} ({head})",
                c.author, c.email, c.date
            ))
        )?;
    }
    if let Some(idx) = r.rules.find(&f.rule_id) {
        let hint = first_sentence(&r.rules.get(idx).def.remediation);
        if !hint.is_empty() {
            writeln!(out, "      {}", p.dim(&format!("hint: {hint}")))?;
        }
    }
    Ok(())
}

fn first_sentence(s: &str) -> &str {
    match s.find(". ") {
        Some(i) => &s[..=i],
        None => s,
    }
}

fn summary(p: &Paint, r: &Report, out: &mut dyn Write) -> io::Result<()> {
    let s = r.stats;
    let n = r.findings.len();
    let count = |c: Confidence| r.findings.iter().filter(|f| f.confidence == c).count();
    let files: std::collections::BTreeSet<&str> =
        r.findings.iter().map(|f| f.path.as_str()).collect();
    let head = if n == 0 {
        p.good("no secrets found")
    } else {
        p.bad(&format!(
            "{n} secret{} found in {} file{} ({} high, {} medium, {} low confidence)",
            if n == 1 { "" } else { "s" },
            files.len(),
            if files.len() == 1 { "" } else { "s" },
            count(Confidence::High),
            count(Confidence::Medium),
            count(Confidence::Low),
        ))
    };
    let mut skipped = Vec::new();
    if s.skipped_binary > 0 {
        skipped.push(format!("{} binary", s.skipped_binary));
    }
    if s.skipped_large > 0 {
        skipped.push(format!("{} too large", s.skipped_large));
    }
    if s.skipped_other > 0 {
        skipped.push(format!("{} not regular files", s.skipped_other));
    }
    let mut line = format!(
        "{head}; scanned {} {} ({}) in {:.2} s",
        if r.unit == "blobs" { s.blobs } else { s.files },
        r.unit,
        human_bytes(s.bytes),
        s.elapsed_ms as f64 / 1000.0
    );
    if !skipped.is_empty() {
        line.push_str(&format!("; skipped {}", skipped.join(", ")));
    }
    if s.errors > 0 {
        line.push_str(&format!("; {} could not be read", s.errors));
    }
    writeln!(out, "{line}")
}

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
