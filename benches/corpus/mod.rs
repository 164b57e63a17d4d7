//! A generated, deterministic corpus for hush's benchmarks: source files in four languages, config
//! files, lockfiles, minified bundles and Markdown, with secrets planted at a realistic density.
//!
//! Shared by the detector micro-benchmark (`benches/detect.rs`) and the input generator of
//! `benches/compare.sh` (`benches/corpus/main.rs`, built as the `bench-corpus` example), so that both
//! measure the same kind of bytes. Nothing here is random at run time: the same seed gives the same
//! bytes on every machine.
//!
//! The planted secrets are made up at generation time from random characters behind public token
//! prefixes; none is real, and none appears in this source.

#![allow(dead_code)] // each user of the module needs a different part of it

/// SplitMix64: small, fast, and the same everywhere (no dependency, no platform variation).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// Log-uniform in `lo..=hi`: many small values, a few large ones, as file sizes are.
    pub fn log_range(&mut self, lo: usize, hi: usize) -> usize {
        let (l, h) = ((lo as f64).ln(), (hi as f64).ln());
        let u = (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        (l + u * (h - l)).exp() as usize
    }

    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }

    /// `n` characters drawn from `alphabet`, appended to `out`.
    pub fn chars(&mut self, alphabet: &[u8], n: usize, out: &mut String) {
        for _ in 0..n {
            out.push(alphabet[self.below(alphabet.len())] as char);
        }
    }

    pub fn string(&mut self, alphabet: &[u8], n: usize) -> String {
        let mut s = String::with_capacity(n);
        self.chars(alphabet, n, &mut s);
        s
    }
}

pub const HEX: &[u8] = b"0123456789abcdef";
pub const BASE62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
pub const BASE64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const UPPER_DIGITS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const DIGITS: &[u8] = b"0123456789";

/// Identifier words, roughly as common in real code. A few are also keywords of secret rules
/// (`token`, `key`, `secret`, `auth`, `password`), as they are in real code.
const WORDS: &[&str] = &[
    "user",
    "account",
    "request",
    "response",
    "buffer",
    "config",
    "context",
    "handler",
    "client",
    "server",
    "session",
    "token",
    "key",
    "value",
    "index",
    "count",
    "name",
    "path",
    "file",
    "line",
    "offset",
    "length",
    "size",
    "item",
    "list",
    "map",
    "cache",
    "entry",
    "node",
    "tree",
    "graph",
    "edge",
    "event",
    "message",
    "queue",
    "worker",
    "task",
    "job",
    "state",
    "status",
    "error",
    "result",
    "option",
    "parse",
    "format",
    "render",
    "update",
    "create",
    "delete",
    "load",
    "store",
    "read",
    "write",
    "open",
    "close",
    "start",
    "stop",
    "build",
    "check",
    "validate",
    "resolve",
    "schema",
    "table",
    "column",
    "row",
    "query",
    "filter",
    "sort",
    "group",
    "page",
    "limit",
    "timeout",
    "retry",
    "delay",
    "interval",
    "header",
    "body",
    "payload",
    "field",
    "record",
    "stream",
    "channel",
    "socket",
    "port",
    "host",
    "url",
    "route",
    "module",
    "package",
    "version",
    "target",
    "source",
    "input",
    "output",
    "report",
    "metric",
    "label",
    "tag",
    "scope",
    "auth",
    "permission",
    "role",
    "policy",
    "secret",
    "password",
    "credential",
    "hash",
    "digest",
    "signature",
    "encode",
    "decode",
    "batch",
    "chunk",
    "frame",
    "pixel",
    "color",
    "width",
    "height",
    "layout",
    "widget",
    "button",
    "window",
    "view",
    "model",
    "controller",
    "service",
    "provider",
    "factory",
    "builder",
    "visitor",
    "parser",
    "lexer",
    "scanner",
    "printer",
    "writer",
    "reader",
    "registry",
];

const PROSE: &[&str] = &[
    "the", "a", "of", "to", "and", "in", "is", "for", "that", "this", "with", "when", "we", "it",
    "be", "not", "on", "as", "if", "are", "from", "by", "an", "or", "should", "must", "can",
    "each", "every", "only", "then", "before", "after", "first", "last", "new", "old", "returns",
    "called",
];

const TYPES: &[&str] = &[
    "String",
    "Vec<u8>",
    "usize",
    "u64",
    "bool",
    "Option<String>",
    "Config",
    "Request",
    "Response",
    "Context",
    "Path",
    "Error",
    "State",
    "Entry",
    "Node",
    "HashMap<String, u64>",
];

/// What kind of file a document is; decides its name, its lines and how it is edited.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Rust,
    Python,
    JavaScript,
    Go,
    Yaml,
    Toml,
    Json,
    CargoLock,
    PackageLock,
    Minified,
    Markdown,
}

impl Kind {
    pub const ALL: [Kind; 11] = [
        Kind::Rust,
        Kind::Python,
        Kind::JavaScript,
        Kind::Go,
        Kind::Yaml,
        Kind::Toml,
        Kind::Json,
        Kind::CargoLock,
        Kind::PackageLock,
        Kind::Minified,
        Kind::Markdown,
    ];

    /// The group the micro-benchmark reports: source, config, lockfile, minified, docs.
    pub fn group(self) -> &'static str {
        match self {
            Kind::Rust | Kind::Python | Kind::JavaScript | Kind::Go => "source",
            Kind::Yaml | Kind::Toml | Kind::Json => "config",
            Kind::CargoLock | Kind::PackageLock => "lockfile",
            Kind::Minified => "minified",
            Kind::Markdown => "docs",
        }
    }

    /// A file name for a document of this kind.
    pub fn file_name(self, rng: &mut Rng) -> String {
        let stem = format!("{}_{}", rng.pick(WORDS), rng.pick(WORDS));
        match self {
            Kind::Rust => format!("{stem}.rs"),
            Kind::Python => format!("{stem}.py"),
            Kind::JavaScript => format!("{stem}.js"),
            Kind::Go => format!("{stem}.go"),
            Kind::Yaml => format!(
                "{}.yaml",
                rng.pick(&["config", "values", "deploy", "settings"])
            ),
            Kind::Toml => format!(
                "{}.toml",
                rng.pick(&["settings", "pyproject", "app", "config"])
            ),
            Kind::Json => format!(
                "{}.json",
                rng.pick(&["appsettings", "tsconfig", "manifest"])
            ),
            Kind::CargoLock => "Cargo.lock".to_string(),
            Kind::PackageLock => "package-lock.json".to_string(),
            Kind::Minified => format!("{}.min.js", rng.pick(WORDS)),
            Kind::Markdown => format!(
                "{}.md",
                rng.pick(&["README", "CHANGELOG", "guide", "notes"])
            ),
        }
    }

    /// A unique path for the `n`th file under `dir`. Files whose name is fixed by convention
    /// (`Cargo.lock`, `config.yaml`, `README.md`) get a directory of their own, keeping that name.
    pub fn path_in(self, dir: &str, n: u64, rng: &mut Rng) -> String {
        let name = self.file_name(rng);
        match self {
            Kind::Rust | Kind::Python | Kind::JavaScript | Kind::Go | Kind::Minified => {
                format!("{dir}/{n:06}_{name}")
            }
            _ => format!("{dir}/m{n:06}/{name}"),
        }
    }

    /// Typical size range of such a file, in bytes.
    fn size_range(self) -> (usize, usize) {
        match self {
            Kind::Rust | Kind::Python | Kind::JavaScript | Kind::Go => (1_500, 60_000),
            Kind::Yaml | Kind::Toml | Kind::Json => (400, 8_000),
            Kind::CargoLock | Kind::PackageLock => (40_000, 400_000),
            Kind::Minified => (100_000, 1_500_000),
            Kind::Markdown => (1_000, 24_000),
        }
    }

    /// A kind drawn with the byte shares of a typical repository: about half source code, then
    /// lockfiles, bundles, docs and config.
    pub fn draw(rng: &mut Rng) -> Kind {
        // Weights are per file; bigger kinds get fewer files for their share of bytes.
        const W: [(Kind, u32); 11] = [
            (Kind::Rust, 190),
            (Kind::Python, 190),
            (Kind::JavaScript, 190),
            (Kind::Go, 190),
            (Kind::Yaml, 60),
            (Kind::Toml, 50),
            (Kind::Json, 60),
            (Kind::CargoLock, 5),
            (Kind::PackageLock, 5),
            (Kind::Minified, 3),
            (Kind::Markdown, 60),
        ];
        let total: u32 = W.iter().map(|w| w.1).sum();
        let mut x = rng.below(total as usize) as u32;
        for (k, w) in W {
            if x < w {
                return k;
            }
            x -= w;
        }
        Kind::Rust
    }
}

fn word(rng: &mut Rng) -> &'static str {
    WORDS[rng.below(WORDS.len())]
}

fn camel(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
        None => String::new(),
    }
}

fn sentence(rng: &mut Rng) -> String {
    let n = rng.range(5, 14);
    let mut s = String::new();
    for i in 0..n {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(if rng.chance(0.45) {
            word(rng)
        } else {
            PROSE[rng.below(PROSE.len())]
        });
    }
    s
}

fn version(rng: &mut Rng) -> String {
    format!("{}.{}.{}", rng.below(5), rng.below(40), rng.below(20))
}

/// One chunk of a document (one or a few lines, no trailing newline).
pub fn chunk(kind: Kind, rng: &mut Rng) -> String {
    let (a, b, c, d) = (word(rng), word(rng), word(rng), word(rng));
    let n = rng.below(10_000);
    match kind {
        Kind::Rust => match rng.below(9) {
            0 => format!("    let {a}_{b} = {c}::{d}(&{a}, {n})?;"),
            1 => format!("    // {}", sentence(rng)),
            2 => format!(
                "pub fn {a}_{b}({c}: &{}) -> Result<{}, Error> {{",
                rng.pick(TYPES),
                rng.pick(TYPES)
            ),
            3 => format!(
                "    if {a}.{b}() > {n} {{\n        return Err(Error::{}{});\n    }}",
                camel(c),
                camel(d)
            ),
            4 => format!("use crate::{a}::{b}::{}{};", camel(c), camel(d)),
            5 => format!("    {a}.insert(\"{b}_{c}\".to_string(), {n});"),
            6 => format!("    let url = format!(\"https://{a}.example.com/{b}/{{}}\", {c});"),
            7 => "}\n".to_string(),
            _ => format!("    /// {}.", sentence(rng)),
        },
        Kind::Python => match rng.below(8) {
            0 => format!("def {a}_{b}(self, {c}, {d}=None):"),
            1 => format!("    \"\"\"{}.\"\"\"", sentence(rng)),
            2 => format!("        self.{a}_{b} = {c}.get(\"{d}\", {n})"),
            3 => format!("    # {}", sentence(rng)),
            4 => format!("        return [{a} for {a} in {b}_{c} if {a}.{d}]"),
            5 => format!("import {a}.{b}\nfrom {c} import {}", camel(d)),
            6 => format!("class {}{}({}):", camel(a), camel(b), camel(c)),
            _ => format!(
                "        if not {a}:\n            raise ValueError(\"{}\")",
                sentence(rng)
            ),
        },
        Kind::JavaScript => match rng.below(7) {
            0 => format!("export function {a}{}({c}, {d}) {{", camel(b)),
            1 => format!("  const {a}{} = await {c}.{d}({{ {a}: {n} }});", camel(b)),
            2 => format!("  // {}", sentence(rng)),
            3 => format!("  if (!{a}) throw new Error('{}');", sentence(rng)),
            4 => format!("import {{ {a}, {b} }} from './{c}/{d}.js';"),
            5 => "}\n".to_string(),
            _ => format!("  return {a}.map(({b}) => {b}.{c} * {n});"),
        },
        Kind::Go => match rng.below(6) {
            0 => format!(
                "func ({a} *{}) {}{}({d} string) error {{",
                camel(a),
                camel(b),
                camel(c)
            ),
            1 => format!("\t{a}, err := {b}.{}(ctx, {d})", camel(c)),
            2 => format!(
                "\tif err != nil {{\n\t\treturn fmt.Errorf(\"{}: %w\", err)\n\t}}",
                sentence(rng)
            ),
            3 => format!("\t// {}", sentence(rng)),
            4 => "}\n".to_string(),
            _ => format!("\t{a}.{} = append({a}.{}, {n})", camel(b), camel(b)),
        },
        Kind::Yaml => match rng.below(7) {
            0 => format!("{a}_{b}:\n  {c}: {n}\n  {d}: {}", rng.chance(0.5)),
            1 => format!("  {a}_url: https://{b}.{c}.example.com/{d}"),
            2 => format!("  {a}: ${{{}_{}}}", a.to_uppercase(), b.to_uppercase()),
            3 => format!("  {a}_{b}: \"{}\"", sentence(rng)),
            4 => "  password: ${DB_PASSWORD}".to_string(),
            5 => format!("# {}", sentence(rng)),
            _ => format!(
                "  - name: {a}-{b}\n    image: registry.example.com/{c}:{}",
                version(rng)
            ),
        },
        Kind::Toml => match rng.below(5) {
            0 => format!("\n[{a}.{b}]"),
            1 => format!("{a}_{b} = \"{c}\""),
            2 => format!("{a} = {n}"),
            3 => format!(
                "{a}-{b} = {{ version = \"{}\", features = [\"{c}\"] }}",
                version(rng)
            ),
            _ => format!("# {}", sentence(rng)),
        },
        Kind::Json => match rng.below(4) {
            0 => format!("  \"{a}{}\": \"{c}-{d}\",", camel(b)),
            1 => format!("  \"{a}\": {{ \"{b}\": {n}, \"{c}\": true }},"),
            2 => format!("  \"{a}Url\": \"https://{b}.example.com/{c}\","),
            _ => format!("  \"{a}\": [\"{b}\", \"{c}\", \"{d}\"],"),
        },
        Kind::CargoLock => format!(
            "[[package]]\nname = \"{a}-{b}\"\nversion = \"{}\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\nchecksum = \"{}\"\ndependencies = [\n \"{c}\",\n \"{d}-{a}\",\n]\n",
            version(rng),
            rng.string(HEX, 64)
        ),
        Kind::PackageLock => {
            let v = version(rng);
            format!(
                "    \"node_modules/{a}-{b}\": {{\n      \"version\": \"{v}\",\n      \"resolved\": \"https://registry.npmjs.org/{a}-{b}/-/{a}-{b}-{v}.tgz\",\n      \"integrity\": \"sha512-{}==\",\n      \"dev\": {}\n    }},",
                rng.string(BASE64, 86),
                rng.chance(0.5)
            )
        }
        Kind::Minified => match rng.below(6) {
            0 => format!("function(e,t){{var n=e.{a}||{{}};return t.{b}(n,\"{c}\")}}"),
            1 => format!("{a}:\"{}\"", sentence(rng)),
            2 => format!("e.exports={{{a}:function(){{return this.{b}}},{c}:{n}}}",),
            3 => format!("\"data:image/png;base64,{}\"", rng.string(BASE64, 400)),
            4 => format!("if(!t)throw new Error(\"{}\")", sentence(rng)),
            _ => format!("var {}=r({n}),{}=o(t.{c});", &a[..1], &b[..1]),
        },
        Kind::Markdown => match rng.below(5) {
            0 => format!("\n## {} {}\n", camel(a), b),
            1 => format!("{}. {}.", camel(&sentence(rng)), sentence(rng)),
            2 => format!("- `{a}_{b}`: {}", sentence(rng)),
            3 => format!("```sh\n{a} {b} --{c} {d}\n```"),
            _ => format!(
                "See [{a}](https://{b}.example.org/{c}) for {}.",
                sentence(rng)
            ),
        },
    }
}

/// A document: a kind and its chunks (lines, or statements of a one-line bundle).
#[derive(Clone, Debug)]
pub struct Doc {
    pub kind: Kind,
    pub chunks: Vec<String>,
}

impl Doc {
    /// A new document of about `size` bytes.
    pub fn new(kind: Kind, size: usize, rng: &mut Rng) -> Doc {
        let mut chunks = Vec::new();
        let mut len = 0;
        match kind {
            Kind::Json | Kind::PackageLock => chunks.push("{".to_string()),
            Kind::CargoLock => chunks.push(
                "# This file is automatically @generated by Cargo.\nversion = 4\n".to_string(),
            ),
            _ => {}
        }
        while len < size {
            let c = chunk(kind, rng);
            len += c.len() + 1;
            chunks.push(c);
        }
        if matches!(kind, Kind::Json | Kind::PackageLock) {
            chunks.push("}".to_string());
        }
        Doc { kind, chunks }
    }

    /// A new document of a typical size for its kind.
    pub fn typical(kind: Kind, rng: &mut Rng) -> Doc {
        let (lo, hi) = kind.size_range();
        let size = rng.log_range(lo, hi);
        Doc::new(kind, size, rng)
    }

    fn separator(&self) -> &'static str {
        if self.kind == Kind::Minified {
            ";"
        } else {
            "\n"
        }
    }

    pub fn render(&self) -> Vec<u8> {
        let mut out = self.chunks.join(self.separator()).into_bytes();
        out.push(b'\n');
        out
    }

    pub fn len(&self) -> usize {
        self.chunks.iter().map(|c| c.len() + 1).sum()
    }

    /// A small edit, as a commit makes: replace, insert or delete a few chunks in one place.
    pub fn edit(&mut self, rng: &mut Rng) {
        let n = rng.range(1, 8);
        let at = rng.below(self.chunks.len().max(1));
        for i in 0..n {
            let pos = (at + i).min(self.chunks.len());
            match rng.below(4) {
                0 if self.chunks.len() > 4 && pos < self.chunks.len() => {
                    self.chunks.remove(pos);
                }
                1 => self.chunks.insert(pos, chunk(self.kind, rng)),
                _ if pos < self.chunks.len() => self.chunks[pos] = chunk(self.kind, rng),
                _ => self.chunks.push(chunk(self.kind, rng)),
            }
        }
    }

    /// Plants `secret` (its lines) at a random place; returns the chunk index.
    pub fn plant(&mut self, secret: &str, rng: &mut Rng) -> usize {
        let at = rng.below(self.chunks.len() + 1);
        self.chunks.insert(at, secret.to_string());
        at
    }
}

/// The CRC32 checksum suffix of a GitHub-style token: the CRC32 of the random part, in base62,
/// six characters (https://github.blog/2021-04-05-behind-githubs-new-authentication-token-formats/).
fn crc_suffix(body: &str) -> String {
    let mut v = crc32fast::hash(body.as_bytes()) as u64;
    let mut out = [b'0'; 6];
    for slot in out.iter_mut().rev() {
        *slot = BASE62[(v % 62) as usize];
        v /= 62;
    }
    String::from_utf8(out.to_vec()).expect("ASCII")
}

/// A made-up secret in one of several common shapes, as a line (or block) that could sit in a
/// source or config file. Returns (shape, text).
pub fn secret(rng: &mut Rng) -> (&'static str, String) {
    match rng.below(7) {
        0 => (
            "aws",
            format!(
                "aws_access_key_id = \"AKIA{}\"\naws_secret_access_key = \"{}\"",
                rng.string(UPPER_DIGITS, 16),
                rng.string(BASE64, 40)
            ),
        ),
        1 => {
            let body = rng.string(BASE62, 30);
            let tok = format!("{}{}{}", "ghp_", body, crc_suffix(&body));
            ("github", format!("GITHUB_TOKEN = \"{tok}\""))
        }
        2 => (
            "slack",
            format!(
                "SLACK_BOT_TOKEN = \"{}{}-{}-{}\"",
                "xoxb-",
                rng.string(DIGITS, 12),
                rng.string(DIGITS, 13),
                rng.string(BASE62, 24)
            ),
        ),
        3 => (
            "stripe",
            format!(
                "STRIPE_SECRET_KEY = \"{}{}\"",
                "sk_live_",
                rng.string(BASE62, 99)
            ),
        ),
        4 => (
            "generic",
            format!("DB_PASSWORD = \"{}\"", rng.string(BASE62, 18)),
        ),
        5 => {
            let mut block = String::from("-----BEGIN RSA PRIVATE KEY-----\n");
            for _ in 0..12 {
                block.push_str(&rng.string(BASE64, 64));
                block.push('\n');
            }
            block.push_str("-----END RSA PRIVATE KEY-----");
            ("private-key", block)
        }
        _ => {
            let body = rng.string(BASE62, 30);
            let tok = format!("{}{}{}", "npm_", body, crc_suffix(&body));
            ("npm", format!("NPM_TOKEN = \"{tok}\""))
        }
    }
}

/// Secrets per byte: "a handful per 10 MB".
pub const SECRETS_PER_10MB: usize = 5;

/// One generated file: a relative path and its bytes.
pub struct File {
    pub path: String,
    pub kind: Kind,
    pub bytes: Vec<u8>,
}

/// Generates files until `total` bytes, with secrets planted at [`SECRETS_PER_10MB`] in source,
/// config and Markdown files. Calls `sink` for each file; returns (files, bytes, planted).
pub fn generate(seed: u64, total: u64, mut sink: impl FnMut(File)) -> (u64, u64, u64) {
    let mut rng = Rng::new(seed);
    let (mut files, mut bytes, mut planted) = (0u64, 0u64, 0u64);
    let mut dir = String::new();
    while bytes < total {
        if files % 40 == 0 {
            // A new directory every 40 files, a few levels deep; some of them are test directories.
            let top = files / 2000;
            let test = if rng.chance(0.1) { "/tests" } else { "" };
            dir = format!(
                "pkg{top:03}/{}-{}/src/{}{test}",
                word(&mut rng),
                files / 40,
                word(&mut rng)
            );
        }
        let kind = Kind::draw(&mut rng);
        let mut doc = Doc::typical(kind, &mut rng);
        let due = (bytes + doc.len() as u64) * SECRETS_PER_10MB as u64 / 10_000_000;
        let plantable = !matches!(kind, Kind::Minified | Kind::CargoLock | Kind::PackageLock);
        while plantable && planted < due {
            let (_, s) = secret(&mut rng);
            doc.plant(&s, &mut rng);
            planted += 1;
        }
        let path = kind.path_in(&dir, files, &mut rng);
        let out = doc.render();
        bytes += out.len() as u64;
        files += 1;
        sink(File {
            path,
            kind,
            bytes: out,
        });
    }
    (files, bytes, planted)
}
