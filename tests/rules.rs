//! The rule pack, checked the way users meet it: every example of every rule through the whole engine.

use std::sync::Arc;

use hush::cmd::rule_check::check;
use hush::rule::load::{Selection, builtin_defs, load};

fn all_rules() -> hush::rule::RuleSet {
    load(&Selection {
        all: true,
        ..Selection::default()
    })
    .expect("built-in pack loads")
}

#[test]
fn every_example_behaves() {
    let problems = check(Arc::new(all_rules()));
    let report: Vec<String> = problems
        .iter()
        .map(|p| format!("{}: {}: {}", p.source, p.rule_id, p.message))
        .collect();
    assert!(
        report.is_empty(),
        "{} problem(s):\n{}",
        report.len(),
        report.join("\n")
    );
}

#[test]
fn pack_is_large_and_covers_the_required_providers() {
    let defs = builtin_defs();
    assert!(defs.len() >= 100, "only {} rules", defs.len());
    let ids: Vec<&str> = defs.iter().map(|(_, d)| d.id.as_ref()).collect();
    // One id prefix per provider or family the pack must cover (issue 2).
    for prefix in [
        "aws-",
        "github-",
        "gitlab-",
        "slack-",
        "stripe-",
        "sendgrid-",
        "twilio-",
        "auth0-",
        "gcp-",
        "azure-",
        "openai-",
        "anthropic-",
        "hashicorp-vault-",
        "doppler-",
        "1password-",
        "npm-",
        "pypi-",
        "docker",
        "heroku-",
        "datadog-",
        "mailgun-",
        "shopify-",
        "discord-",
        "telegram-",
        "digitalocean-",
        "postman-",
        "jwt",
        "private-key-",
        "generic-",
        "file-",
    ] {
        assert!(
            ids.iter().any(|id| id.starts_with(prefix)),
            "no rule id starts with {prefix:?}"
        );
    }
}

#[test]
fn every_rule_cites_a_url_and_says_how_to_rotate() {
    for (src, d) in builtin_defs() {
        assert!(
            d.references.iter().all(|r| r.starts_with("https://")),
            "{src}: {}: references must be https URLs",
            d.id
        );
        assert!(
            !d.remediation.trim().is_empty(),
            "{src}: {}: no remediation",
            d.id
        );
    }
}
