//! The serialised shape of a rule, as written in `rules/*.toml` and in `.hush.toml`.
//!
//! This file is shared, through `#[path]`, with `build.rs`, which parses the rule pack at build time and
//! embeds it as JSON. Keep it free of crate-internal imports: only `serde` is available there.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

/// A rule's text: borrowed from the binary for the built-in pack (start-up copies nothing), owned
/// for a user's rule.
pub type Text = Cow<'static, str>;
/// A list of [`Text`], borrowed or owned the same way.
pub type List = Cow<'static, [Text]>;

fn is_empty(v: &List) -> bool {
    v.is_empty()
}

/// One rule as its author wrote it. Validation (id format, unique ids, a regex that compiles and has a
/// capture) happens in `rule::load`, not here.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDef {
    pub id: Text,
    pub name: Text,
    /// Literals, matched ASCII-case-insensitively, that select this rule for confirmation.
    #[serde(default)]
    pub keywords: List,
    /// Where a keyword occurrence selects the rule: anywhere (the default), or only where the text
    /// after it has a shape every match of the regex has there (`assignment`, `quoted`, `space`; see
    /// `rules/README.md`). Checked at each occurrence, before any regex runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keyword_context: Option<Text>,
    /// The confirming regex; capture 1 (or the group named `secret`) is the secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regex: Option<Text>,
    /// Glob patterns of blocked file names: a rule with these reports the file itself.
    #[serde(default, skip_serializing_if = "is_empty")]
    pub filenames: List,
    /// Globs that exempt a path from `filenames` (`.env.example`).
    #[serde(default, skip_serializing_if = "is_empty")]
    pub exclude_filenames: List,
    /// For a filename rule: the file counts only if its content matches this regex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_regex: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_entropy: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validator: Option<Text>,
    #[serde(default)]
    pub multiline: bool,
    #[serde(default = "yes")]
    pub enabled: bool,
    #[serde(default = "yes")]
    pub placeholder_filter: bool,
    /// A generic rule: secret-like name assigned a high-entropy value. Extra value filters apply, and
    /// it defers to specific rules.
    #[serde(default)]
    pub generic: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub near: Option<NearDef>,
    #[serde(default)]
    pub references: List,
    #[serde(default)]
    pub remediation: Text,
    #[serde(default)]
    pub examples: List,
    #[serde(default)]
    pub negative_examples: List,
}

/// A partner pattern that must occur within `within` bytes of the secret.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NearDef {
    pub regex: Text,
    #[serde(default = "default_within")]
    pub within: usize,
}

/// A rule file: `[[rules]]` tables.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    #[serde(default)]
    pub rules: Vec<RuleDef>,
}

fn yes() -> bool {
    true
}

fn default_within() -> usize {
    1024
}
