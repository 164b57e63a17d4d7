//! SARIF 2.1.0 for GitHub code scanning (and any other SARIF consumer), built on `serde-sarif`'s
//! generated types.
//!
//! GitHub's ingestion rules (https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning)
//! shape what is here: every rule used carries `shortDescription`, `fullDescription`, `help` (text and
//! markdown), `properties.security-severity` and `precision`; every result carries one location with
//! a repository-relative URI and a full region, and `partialFingerprints.primaryLocationLineHash`.
//! The SARIF Multitool (`Sarif.Multitool validate --rule-kind "Gh;Sarif"`) checks both in the tests.
//!
//! Nothing here ever holds a secret: snippets are the redacted forms, and `--show-secrets` does not
//! apply to SARIF, since it is meant to be uploaded to a shared dashboard.

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};

use serde_json::{Value, json};
use serde_sarif::sarif::{
    ArtifactContent, ArtifactLocation, Location, Message, MultiformatMessageString,
    PhysicalLocation, PropertyBag, Region, ReportingConfiguration, ReportingDescriptor,
    Result as SarifResult, ResultLevel, Run, Sarif, Tool, ToolComponent,
};

use super::{Accept, Report, describe_rule, uri_path};
use crate::finding::{Confidence, Finding, Validation};
use crate::rule::Rule;

/// Where to learn about the tool (Cargo's `homepage`).
const INFORMATION_URI: &str = env!("CARGO_PKG_HOMEPAGE");
const _: () = assert!(
    !INFORMATION_URI.is_empty(),
    "Cargo.toml needs a homepage: SARIF's informationUri"
);

/// The schema GitHub's own examples point at.
const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

pub fn write(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    let sarif = build(r);
    super::escape::to_json(&mut *out, &sarif, true)?;
    out.write_all(b"\n")
}

fn build(r: &Report) -> Sarif {
    // The rules used, by id (sorted, so that output is stable), and each one's index.
    let mut used: Vec<&str> = r.findings.iter().map(|f| f.rule_id.as_str()).collect();
    used.sort_unstable();
    used.dedup();
    let index: HashMap<&str, usize> = used.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let rules: Vec<ReportingDescriptor> = used
        .iter()
        .map(|id| match r.rules.find(id) {
            Some(idx) => descriptor(r.rules.get(idx), Accept::for_rule(r, r.rules.get(idx))),
            None => unknown_descriptor(id, r.findings),
        })
        .collect();

    // Occurrences of the same (rule, path, secret) in one report, in report order, so that two
    // copies of one secret in one file get distinct but stable fingerprints.
    let mut seen: HashMap<String, u32> = HashMap::new();
    let results: Vec<SarifResult> = r
        .findings
        .iter()
        .map(|f| {
            let fp = f.fingerprint();
            let n = seen.entry(fp.clone()).or_insert(0);
            *n += 1;
            result(f, index[f.rule_id.as_str()], &fp, *n)
        })
        .collect();

    let driver = ToolComponent::builder()
        .name("hush")
        .version(env!("CARGO_PKG_VERSION"))
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .information_uri(INFORMATION_URI)
        .rules(rules)
        .build();
    let run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .results(results)
        // Columns count Unicode characters (not UTF-16 code units, SARIF's default).
        .column_kind(json!("unicodeCodePoints"))
        .build();
    Sarif::builder()
        .schema(SCHEMA)
        .version(json!("2.1.0"))
        .runs(vec![run])
        .build()
}

/// GitHub reads `security-severity` (0.0 to 10.0) to rank alerts as critical (9.0+), high (7.0+),
/// medium (4.0+) or low. A credential in code is at least a high; one hush is sure of is critical.
fn security_severity(c: Confidence) -> &'static str {
    match c {
        Confidence::High => "9.0",
        Confidence::Medium => "7.5",
        Confidence::Low => "5.0",
    }
}

/// GitHub's `precision`: how often the rule's results are true. Rules whose tokens carry a
/// checksum that hush verifies are the surest.
fn precision(rule: &Rule) -> &'static str {
    match rule.confidence {
        Confidence::High if rule.validator.is_some() => "very-high",
        Confidence::High => "high",
        Confidence::Medium => "medium",
        Confidence::Low => "low",
    }
}

fn level(c: Confidence) -> ResultLevel {
    match c {
        Confidence::High => ResultLevel::Error,
        Confidence::Medium => ResultLevel::Warning,
        Confidence::Low => ResultLevel::Note,
    }
}

fn level_name(c: Confidence) -> &'static str {
    match c {
        Confidence::High => "error",
        Confidence::Medium => "warning",
        Confidence::Low => "note",
    }
}

fn descriptor(rule: &Rule, accept: Accept) -> ReportingDescriptor {
    let d = describe_rule(rule, accept);
    let mut props = BTreeMap::new();
    props.insert(
        "security-severity".to_string(),
        json!(security_severity(rule.confidence)),
    );
    props.insert("precision".to_string(), json!(precision(rule)));
    // CWE-798: use of hard-coded credentials.
    props.insert(
        "tags".to_string(),
        json!(["security", "secret", "external/cwe/cwe-798"]),
    );
    let mut b = ReportingDescriptor::builder()
        .id(rule.id())
        .name(pascal_name(rule.id()))
        .short_description(MultiformatMessageString::builder().text(d.short).build())
        .full_description(MultiformatMessageString::builder().text(d.full).build())
        .help(
            MultiformatMessageString::builder()
                .text(d.help_text)
                .markdown(d.help_markdown)
                .build(),
        )
        .default_configuration(
            ReportingConfiguration::builder()
                .level(json!(level_name(rule.confidence)))
                .build(),
        )
        .properties(PropertyBag::builder().additional_properties(props).build())
        .build();
    if let Some(url) = rule.def.references.first() {
        b.help_uri = Some(url.to_string());
    }
    b
}

/// A finding whose rule is not in the rule set (cannot happen for findings hush made itself; kept
/// so that a report never panics): described from the finding alone.
fn unknown_descriptor(id: &str, findings: &[Finding]) -> ReportingDescriptor {
    let name = findings
        .iter()
        .find(|f| f.rule_id == id)
        .map_or(id, |f| f.rule_name.as_str());
    let text = format!("{name}: a credential found in the scanned files.");
    let mut props = BTreeMap::new();
    props.insert("security-severity".to_string(), json!("7.5"));
    props.insert("precision".to_string(), json!("medium"));
    props.insert("tags".to_string(), json!(["security", "secret"]));
    ReportingDescriptor::builder()
        .id(id)
        .name(pascal_name(id))
        .short_description(MultiformatMessageString::builder().text(name).build())
        .full_description(
            MultiformatMessageString::builder()
                .text(text.clone())
                .build(),
        )
        .help(
            MultiformatMessageString::builder()
                .text(text.clone())
                .markdown(text)
                .build(),
        )
        .properties(PropertyBag::builder().additional_properties(props).build())
        .build()
}

/// SARIF rule names are identifiers (`GithubPatClassic`), unlike ids, which may hold dashes.
fn pascal_name(id: &str) -> String {
    id.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut cs = w.chars();
            match cs.next() {
                Some(c) => c.to_ascii_uppercase().to_string() + cs.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

fn result(f: &Finding, rule_index: usize, fingerprint: &str, occurrence: u32) -> SarifResult {
    let mut region = Region::builder().build();
    let mut context_region = None;
    match (f.line, f.column, f.end_line, f.end_column) {
        (Some(l), Some(c), Some(el), Some(ec)) => {
            region.start_line = Some(l.into());
            region.start_column = Some(c.into());
            region.end_line = Some(el.into());
            region.end_column = Some(ec.into());
            region.snippet = Some(ArtifactContent::builder().text(f.secret.redacted()).build());
            if let Some(ctx) = &f.context {
                let mut cr = Region::builder().build();
                cr.start_line = Some(l.into());
                cr.end_line = Some(el.into());
                cr.snippet = Some(ArtifactContent::builder().text(ctx.clone()).build());
                context_region = Some(cr);
            }
        }
        _ => {
            // A blocked file name: the whole file is the finding. GitHub needs a line to anchor an
            // alert, so the region is the start of the file (an empty region at 1:1).
            region.start_line = Some(1);
            region.start_column = Some(1);
            region.end_line = Some(1);
            region.end_column = Some(1);
        }
    }
    let mut physical = PhysicalLocation::builder()
        .artifact_location(
            ArtifactLocation::builder()
                .uri(uri_path(&f.location()))
                .build(),
        )
        .region(region)
        .build();
    physical.context_region = context_region;
    let location = Location::builder().physical_location(physical).build();

    let mut partial = BTreeMap::new();
    // Stable when unrelated lines move: derived from the rule, path and secret, not the line.
    partial.insert(
        "primaryLocationLineHash".to_string(),
        format!("{}:{occurrence}", &fingerprint[..16]),
    );
    let mut fingerprints = BTreeMap::new();
    fingerprints.insert("hush/v1".to_string(), fingerprint.to_string());

    let mut props: BTreeMap<String, Value> = BTreeMap::new();
    props.insert("confidence".into(), json!(f.confidence.as_str()));
    if let Some(v) = f.validated {
        props.insert("validated".into(), json!(validation_name(v)));
    }
    if let Some(n) = &f.note {
        props.insert("note".into(), json!(n));
    }
    if let Some(d) = &f.decoded {
        props.insert("decoded".into(), json!(d));
    }
    if let Some(c) = &f.commit {
        props.insert("commit".into(), json!(c.commit));
        props.insert("author".into(), json!(c.author));
        props.insert("email".into(), json!(c.email));
        props.insert("date".into(), json!(c.date));
        props.insert("inHead".into(), json!(c.in_head));
    }

    SarifResult::builder()
        .rule_id(f.rule_id.clone())
        .rule_index(rule_index as i64)
        .level(level(f.confidence))
        .message(Message::builder().text(message(f)).build())
        .locations(vec![location])
        .partial_fingerprints(partial)
        .fingerprints(fingerprints)
        .properties(PropertyBag::builder().additional_properties(props).build())
        .build()
}

fn validation_name(v: Validation) -> &'static str {
    match v {
        Validation::Checksum => "checksum",
        Validation::Structure => "structure",
        Validation::Failed => "failed",
    }
}

/// The alert's one-line message: what, the redacted value, how sure, and where from in history.
fn message(f: &Finding) -> String {
    let mut m = if f.line.is_none() {
        format!(
            "{}: this file's name marks it as holding credentials; it should not be committed.",
            f.rule_name
        )
    } else {
        format!("{} found: {}", f.rule_name, f.secret.redacted())
    };
    let facts = super::facts(f);
    m.push_str(&format!(" ({}).", facts.join(", ")));
    if let Some(c) = &f.commit {
        let short: String = c.commit.chars().take(12).collect();
        m.push_str(&format!(
            " Introduced in commit {short} by {} on {}{}.",
            c.author,
            c.date,
            if c.in_head {
                ""
            } else {
                "; no longer in HEAD, but still in history"
            }
        ));
    }
    m.push_str(" Revoke and rotate it; see the rule's help.");
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_names_are_identifiers() {
        assert_eq!(pascal_name("github-pat-classic"), "GithubPatClassic");
        assert_eq!(pascal_name("file-dotenv"), "FileDotenv");
        assert_eq!(pascal_name("aws_key.v2"), "AwsKeyV2");
    }
}
