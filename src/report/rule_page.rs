//! The rule catalogue as a Markdown page (`hush rules list --format markdown`): docs/rules.md, so
//! that users can see what hush covers without reading TOML.
//!
//! One section per rule file, in the pack's order; in each, one table row per rule: id, name,
//! confidence, the keywords that select it (or the file names it blocks), its offline validation and
//! its documentation links. The page is generated, never edited: tests/generated.rs fails when
//! docs/rules.md differs from what this writes, and names the command that rewrites it
//! ([`REGENERATE`]).

use std::io::{self, Write};

use crate::rule::{Rule, RuleSet, Validator};

/// The command that rewrites docs/rules.md, run from the repository's root.
pub const REGENERATE: &str = "cargo run -- rules list --format markdown > docs/rules.md";

pub fn write(set: &RuleSet, out: &mut dyn Write) -> io::Result<()> {
    let files = by_file(&set.rules);
    let off = set.rules.iter().filter(|r| !r.def.enabled).count();
    writeln!(out, "# Rules")?;
    writeln!(out)?;
    writeln!(
        out,
        "<!-- Generated from rules/*.toml: do not edit. Regenerate with `{REGENERATE}`. -->"
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "hush ships {} rules in {} files under [`rules/`](../rules/); {off} of them are off by default \
         (turn one on with `enabled_rules` in `.hush.toml`). `hush rules explain ID` prints a rule's \
         remediation: how to revoke and rotate what it finds.",
        set.rules.len(),
        files.len()
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "- **confidence**: before validation; a failed offline check lowers it. `--min-confidence` \
         drops findings below a level."
    )?;
    writeln!(
        out,
        "- **keywords**: literals (ASCII case ignored) of which one must occur near a match for the \
         rule to run there; for a blocked file name rule, the file names it reports."
    )?;
    writeln!(
        out,
        "- **validation**: what is checked offline, without calling the provider (hush never opens a \
         network connection): a token's checksum or structure, a minimum entropy, a partner pattern \
         nearby."
    )?;
    writeln!(out)?;
    writeln!(out, "| file | rules |")?;
    writeln!(out, "|---|---:|")?;
    for (file, rules) in &files {
        writeln!(out, "| [{file}](#{}) | {} |", anchor(file), rules.len())?;
    }
    for (file, rules) in &files {
        writeln!(out)?;
        writeln!(out, "## {file}")?;
        writeln!(out)?;
        writeln!(out, "Source: [`rules/{file}`](../rules/{file})")?;
        writeln!(out)?;
        writeln!(
            out,
            "| id | name | confidence | keywords | validation | documentation |"
        )?;
        writeln!(out, "|---|---|---|---|---|---|")?;
        for r in rules {
            writeln!(out, "{}", row(r))?;
        }
    }
    Ok(())
}

/// The rules grouped by the file that defines them, files in the pack's order.
fn by_file(rules: &[Rule]) -> Vec<(&str, Vec<&Rule>)> {
    let mut files: Vec<(&str, Vec<&Rule>)> = Vec::new();
    for r in rules {
        match files.iter_mut().find(|(f, _)| *f == r.source) {
            Some((_, v)) => v.push(r),
            None => files.push((&r.source, vec![r])),
        }
    }
    files
}

fn row(r: &Rule) -> String {
    let def = &r.def;
    let mut name = cell(&def.name);
    if !def.enabled {
        name.push_str(" *(off by default)*");
    }
    let keywords = if r.is_filename_rule() {
        format!("file names: {}", codes(&def.filenames))
    } else {
        codes(&def.keywords)
    };
    let docs: Vec<String> = def
        .references
        .iter()
        .map(|u| {
            format!(
                "[{}]({})",
                cell(host(u)),
                u.replace(' ', "%20").replace('|', "%7C")
            )
        })
        .collect();
    format!(
        "| `{}` | {name} | {} | {keywords} | {} | {} |",
        def.id,
        r.confidence.as_str(),
        validation(r),
        docs.join(", ")
    )
}

/// What a rule checks offline, beyond its regex.
fn validation(r: &Rule) -> String {
    let def = &r.def;
    let mut parts = Vec::new();
    if let Some(v) = r.validator {
        parts.push(
            match v {
                Validator::GithubCrc32 => "CRC32 checksum",
                Validator::Jwt => "JWT structure (header and payload are JSON, `alg` named)",
                Validator::Pem => "key structure (parsed as its key type)",
                Validator::Gitlab => "CRC32 checksum (routable token)",
                Validator::Grafana => "CRC32 checksum",
                Validator::Pypi => "macaroon structure (issued by PyPI)",
                Validator::OnePassword => "token structure (sign-in fields)",
                Validator::AwsKeyId => "base32 structure, account id",
                Validator::AwsSecretKey => "the account of the access key id beside it",
                Validator::Bech32 => "Bech32 checksum",
            }
            .to_string(),
        );
    }
    if let Some(e) = def.min_entropy {
        parts.push(format!("entropy ≥ {e} bits/char"));
    }
    if let Some(near) = &def.near {
        parts.push(format!("a partner pattern within {} bytes", near.within));
    }
    if r.is_filename_rule() {
        parts.push(if def.content_regex.is_some() {
            "the file name, and what the file holds".to_string()
        } else {
            "the file name only".to_string()
        });
    }
    if def.generic {
        parts.push("generic: placeholder and value filters".to_string());
    }
    if parts.is_empty() {
        "format only".to_string()
    } else {
        parts.join("; ")
    }
}

/// The host of a URL, as a link's text.
fn host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['/', '?', '#']).next().unwrap_or(rest)
}

/// Each item as inline code, comma-separated.
fn codes(items: &[crate::rule::Text]) -> String {
    items.iter().map(|k| code(k)).collect::<Vec<_>>().join(", ")
}

/// `s` as inline code in a table cell: a backtick inside gets a longer fence; `|` is escaped (GitHub
/// splits table cells at it even inside code).
fn code(s: &str) -> String {
    let s = s.replace('|', "\\|");
    if s.contains('`') {
        format!("`` {s} ``")
    } else {
        format!("`{s}`")
    }
}

/// Text in a table cell: `|` splits cells and `<` may start HTML; line breaks end the row.
fn cell(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('<', "&lt;")
        .replace(['\n', '\r'], " ")
}

/// GitHub's anchor for a heading: lower case, punctuation other than `-` and `_` dropped, spaces
/// to `-`.
fn anchor(heading: &str) -> String {
    heading
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_and_anchors() {
        assert_eq!(anchor("ai-al.toml"), "ai-altoml");
        assert_eq!(host("https://docs.github.com/en/x#y"), "docs.github.com");
        assert_eq!(code("a|b"), "`a\\|b`");
        assert_eq!(code("a`b"), "`` a`b ``");
        assert_eq!(cell("x | <b>\ny"), "x \\| &lt;b> y");
    }
}
