//! Text for people: findings grouped by file, each with its position, rule, confidence, the redacted
//! value in its line, the commit for history findings, and what to do; then a summary (findings by
//! rule and confidence, what was scanned and skipped, and how long it took). Colour only when asked
//! for (`Report::color`, decided by `--color` and the terminal). Everything that comes from what
//! was scanned or configured (paths, lines, authors, rule names) is escaped first ([`escape::text`]):
//! a file's name or content must never drive the terminal.

use std::io::{self, Write};

use owo_colors::OwoColorize;

use super::{Report, escape, plural, unit_count};
use std::collections::BTreeMap;

use crate::finding::{Confidence, Finding, Validation};
use crate::progress::human_bytes;

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
    let mut current: Option<std::borrow::Cow<'_, str>> = None;
    for f in r.findings {
        let at = f.location();
        if current.as_ref() != Some(&at) {
            if current.is_some() {
                writeln!(out)?;
            }
            writeln!(out, "{}", p.path(&escape::text(&at)))?;
            current = Some(at);
        }
        finding(&p, r, f, out)?;
    }
    if r.quiet {
        return Ok(());
    }
    if !r.findings.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "{}",
            p.dim("To fix: revoke and rotate each secret at its provider (`hush rules explain RULE`), then remove it.")
        )?;
        // Only ways that work: a commit cannot take a pragma (history findings are accepted by the
        // baseline alone), a blocked file name has no line to put one on, and under
        // `--ignore-pragmas` a pragma counts for nothing.
        let with_line = r.findings.iter().any(|f| f.line.is_some());
        let without_line = r.findings.iter().any(|f| f.line.is_none());
        let accept = if r.findings.iter().any(|f| f.commit.is_some()) {
            "To accept one (rotated, or not a secret): record it with `hush baseline update --history`, which keys it by path and hash, never by commit."
        } else if !r.pragmas || !with_line {
            "To accept one: record it with `hush baseline update`."
        } else if without_line {
            "To accept one: add `hush:allow` in a comment on its line (a blocked file name has none: use the baseline), or record it with `hush baseline update`."
        } else {
            "To accept one: add `hush:allow` in a comment on its line, or record it with `hush baseline update`."
        };
        writeln!(out, "{}", p.dim(accept))?;
        writeln!(out)?;
    }
    summary(&p, r, out)
}

fn finding(p: &Paint, r: &Report, f: &Finding, out: &mut dyn Write) -> io::Result<()> {
    let location = f.location();
    let path = escape::text(&location);
    let pos = match (f.line, f.column) {
        (Some(l), Some(c)) => format!("{path}:{l}:{c}"),
        _ => path.into_owned(),
    };
    let value = if f.line.is_none() {
        "blocked file name".to_string()
    } else if r.show_secrets {
        String::from_utf8_lossy(f.secret.expose()).into_owned()
    } else {
        f.secret.redacted()
    };
    let mut tags = vec![format!("{} confidence", f.confidence.as_str())];
    if let Some(v) = f.validated {
        tags.push(
            match v {
                Validation::Checksum => "checksum ok",
                Validation::Structure => "structure ok",
                Validation::Failed => "check failed",
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
    if f.known_real {
        tags.push("known: labelled real in the baseline, rotate it".to_string());
    }
    writeln!(
        out,
        "  {}  {}  {}  {}",
        pos,
        p.rule(&escape::text(&f.rule_name)),
        p.secret(&escape::text(&value)),
        p.dim(&escape::text(&format!("[{}]", tags.join(", ")))),
    )?;
    if let Some(ctx) = &f.context {
        writeln!(out, "      {}", p.dim(&escape::text(ctx)))?;
    }
    if let Some(c) = &f.commit {
        let short: String = c.commit.chars().take(12).collect();
        let head = if c.in_head {
            "still in HEAD"
        } else {
            "only in history"
        };
        // Not dimmed: which commit and who made it are what a history finding is about.
        let line = format!(
            "commit {short} by {} <{}> on {} ({head})",
            c.author, c.email, c.date
        );
        writeln!(out, "      {}", escape::text(&line))?;
    }
    if let Some(idx) = r.rules.find(&f.rule_id) {
        let hint = first_sentence(&r.rules.get(idx).def.remediation);
        if !hint.is_empty() {
            let hint = format!("hint: {hint}");
            writeln!(out, "      {}", p.dim(&escape::text(&hint)))?;
        }
    }
    Ok(())
}

/// The remediation's first sentence: up to a ". " followed by a capital letter, so that "e.g. a" and
/// "v1. x" do not end it; nor does an ellipsis (`ALTER ROLE ... PASSWORD`) or a period inside
/// parentheses or backticks (a command quoted in the advice).
fn first_sentence(s: &str) -> &str {
    let b = s.as_bytes();
    let mut depth = 0usize;
    let mut code = false;
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'(' if !code => depth += 1,
            b')' if !code => depth = depth.saturating_sub(1),
            b'`' => code = !code,
            b'.' if depth == 0 && !code => {
                let next_is_capital =
                    b.get(i + 1) == Some(&b' ') && b.get(i + 2).is_some_and(u8::is_ascii_uppercase);
                let ellipsis = i > 0 && b[i - 1] == b'.';
                let abbreviation = s[..i].ends_with("e.g") || s[..i].ends_with("i.e");
                if next_is_capital && !ellipsis && !abbreviation {
                    return &s[..=i];
                }
            }
            _ => {}
        }
    }
    s
}

/// The history summary, in two units that add up the way the JSON does: findings (one per path,
/// rule and secret; `in_head` says whether HEAD's version of its path still holds it) and distinct
/// secrets (by hash: a secret still in HEAD anywhere counts as in HEAD).
fn history(p: &Paint, r: &Report, out: &mut dyn Write) -> io::Result<()> {
    let head_findings = r
        .findings
        .iter()
        .filter(|f| f.commit.as_ref().is_some_and(|c| c.in_head))
        .count();
    let in_head: std::collections::BTreeSet<String> = r
        .findings
        .iter()
        .filter(|f| f.commit.as_ref().is_some_and(|c| c.in_head))
        .map(|f| f.secret_sha1())
        .collect();
    let not_head: Vec<&Finding> = r
        .findings
        .iter()
        .filter(|f| !f.commit.as_ref().is_some_and(|c| c.in_head))
        .collect();
    let history_only: std::collections::BTreeSet<String> = not_head
        .iter()
        .map(|f| f.secret_sha1())
        .filter(|s| !in_head.contains(s))
        .collect();
    // Findings not in HEAD whose secret HEAD still holds at another path.
    let copies = not_head.len()
        - not_head
            .iter()
            .filter(|f| history_only.contains(&f.secret_sha1()))
            .count();
    let them = |n: usize| if n == 1 { "it" } else { "them" };
    let secrets = |n: usize| plural(n as u64, "distinct secret", "distinct secrets");
    let findings = |n: usize| plural(n as u64, "finding", "findings");
    let older = match copies {
        0 => String::new(),
        1 => ", one of them an older copy of a secret still in HEAD".to_string(),
        k => format!(", {k} of them older copies of secrets still in HEAD"),
    };
    writeln!(
        out,
        "{}",
        p.bad(&format!(
            "{} still in HEAD ({}): rotate {}, then remove {}. {} only in history ({} not in \
             HEAD{older}): rotate {} (history is forever: every clone has {}).",
            secrets(in_head.len()),
            findings(head_findings),
            them(in_head.len()),
            them(in_head.len()),
            secrets(history_only.len()),
            findings(not_head.len()),
            them(history_only.len()),
            them(history_only.len()),
        ))
    )
}

fn summary(p: &Paint, r: &Report, out: &mut dyn Write) -> io::Result<()> {
    let s = r.stats;
    let n = r.findings.len();
    let known = match r.findings.iter().filter(|f| f.known_real).count() {
        0 => String::new(),
        k => format!("; {k} known from the baseline, labelled real: rotate them"),
    };
    // An incomplete scan says so first: "no secrets found" must never lead a run that missed some.
    if s.errors > 0 {
        let mut line = format!(
            "scan incomplete: {} (see stderr)",
            plural(s.errors, "error", "errors")
        );
        if n == 0 {
            line.push_str("; no secrets found in what was read");
        }
        writeln!(out, "{}", p.bad(&line))?;
    } else if n == 0 {
        writeln!(out, "{}", p.good("no secrets found"))?;
    }
    if n > 0 {
        let count = |c: Confidence| r.findings.iter().filter(|f| f.confidence == c).count();
        let files: std::collections::BTreeSet<&str> =
            r.findings.iter().map(|f| f.path.as_str()).collect();
        // History reports count in the two units their last line uses: findings (one per path,
        // rule and secret) and distinct secrets.
        let found = if r.findings.iter().any(|f| f.commit.is_some()) {
            let distinct: std::collections::BTreeSet<String> =
                r.findings.iter().map(|f| f.secret_sha1()).collect();
            format!(
                "{} ({})",
                plural(n as u64, "finding", "findings"),
                plural(distinct.len() as u64, "distinct secret", "distinct secrets")
            )
        } else {
            format!("{} found", plural(n as u64, "secret", "secrets"))
        };
        writeln!(
            out,
            "{}",
            p.bad(&format!(
                "{found} in {}: {} high, {} medium, {} low confidence{known}",
                plural(files.len() as u64, "file", "files"),
                count(Confidence::High),
                count(Confidence::Medium),
                count(Confidence::Low),
            ))
        )?;
        // By rule: most frequent first, then by id, so the order never changes between runs.
        let mut by_rule: BTreeMap<(&str, &str), usize> = BTreeMap::new();
        for f in r.findings {
            *by_rule
                .entry((f.rule_id.as_str(), f.rule_name.as_str()))
                .or_default() += 1;
        }
        let mut rows: Vec<_> = by_rule
            .into_iter()
            .map(|((id, name), n)| ((escape::text(id), escape::text(name)), n))
            .collect();
        rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let width = rows
            .iter()
            .map(|((_, name), _)| name.chars().count())
            .max()
            .unwrap_or(0);
        for ((id, name), count) in rows {
            let pad = width - name.chars().count();
            writeln!(
                out,
                "  {count:>4}  {name}{}  {}",
                " ".repeat(pad),
                p.dim(&id)
            )?;
        }
    }
    if r.findings.iter().any(|f| f.commit.is_some()) {
        history(p, r, out)?;
    }
    let scanned = super::scanned(r);
    let mut line = format!(
        "scanned {} ({}) in {:.2} s",
        unit_count(scanned, r.unit),
        human_bytes(s.bytes),
        s.elapsed_ms as f64 / 1000.0
    );
    let mut skipped = Vec::new();
    if s.skipped_binary > 0 {
        skipped.push(format!("{} binary", s.skipped_binary));
    }
    if s.skipped_large > 0 {
        skipped.push(format!("{} over the size limit", s.skipped_large));
    }
    if s.skipped_lfs > 0 {
        skipped.push(format!("{} Git LFS pointers", s.skipped_lfs));
    }
    if s.skipped_other > 0 {
        skipped.push(plural(
            s.skipped_other,
            "not a regular file",
            "not regular files",
        ));
    }
    if !skipped.is_empty() {
        let total = s.skipped_binary + s.skipped_large + s.skipped_lfs + s.skipped_other;
        line.push_str(&format!("; skipped {total}: {}", skipped.join(", ")));
    }
    writeln!(out, "{}", p.dim(&line))?;
    let notes = r.diagnostics.iter().filter(|d| !d.error).count();
    if notes > 0 && !r.verbose {
        writeln!(
            out,
            "{}",
            p.dim("run with -v to list the skipped files and why")
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod sentence_tests {
    use super::first_sentence;

    #[test]
    fn first_sentence_skips_abbreviations() {
        assert_eq!(first_sentence("Do a. Then b."), "Do a.");
        assert_eq!(
            first_sentence("Create a key (e.g. read-only). Then go."),
            "Create a key (e.g. read-only)."
        );
        assert_eq!(first_sentence("No stop here"), "No stop here");
    }

    #[test]
    fn first_sentence_goes_past_an_ellipsis_and_parentheses() {
        assert_eq!(
            first_sentence("Change it (ALTER ROLE ... PASSWORD), then go. Next."),
            "Change it (ALTER ROLE ... PASSWORD), then go."
        );
        assert_eq!(
            first_sentence("Run ALTER USER ... Then this. Next."),
            "Run ALTER USER ... Then this."
        );
        assert_eq!(first_sentence("Use `a. B` here. Next."), "Use `a. B` here.");
    }

    #[test]
    fn no_rule_hint_is_cut_short() {
        for (_, def) in crate::rule::load::builtin_defs() {
            let hint = first_sentence(&def.remediation);
            let opened = hint.matches('(').count();
            let closed = hint.matches(')').count();
            assert!(
                !hint.trim_end().ends_with("...") && opened == closed,
                "{}: hint {hint:?}",
                def.id
            );
        }
    }
}
