#!/usr/bin/env python3
"""Regenerates hush's labelled corpus: tests/corpus/{positives,negatives,corrupted} and labels.tsv.

    cargo build --release
    python3 tests/corpus/generate.py --hush target/release/hush

Positives. For every enabled content rule and each of its positive examples, a fresh synthetic secret
of the same format replaces the example's secret (hush is only used to locate that secret inside the
example). Checksummed and structured formats come from tokens.py with valid checksums; other secrets
keep their keywords, and every other character is redrawn from its own class (digit, hex, upper, lower)
as long as the rule's regex still captures the new secret (so fixed infixes and alphabet limits hold). Each secret then appears:
  - "as-written": the example's own text, in a file of its own;
  - "embedded": the same text in the middle of an ordinary config file;
  - one of: crlf (Windows line ends), utf16 (UTF-16LE with a BOM), minified (in the middle of a
    4 KB line of JavaScript, for self-identifying tokens only), chosen at random;
  - for tokens that identify themselves (the rule's regex captures them alone, quoted, and they hold
    one of its keywords): three of env, yaml, json, python, shell, xml, terraform, markdown,
    k8s-base64 (a Kubernetes Secret `data:` value), basic-auth (an `Authorization: Basic` header of
    base64 `user:token`) and url-encoded (inside a percent-encoded URL), chosen at random.
Private keys (positives/private-keys, made once with openssl, ssh-keygen and gpg; see README.md) are
labelled as they are, and also base64-encoded in a Kubernetes TLS Secret.

Negatives are ordinary files that look secret-like but hold no secret: hashes and digests, UUIDs,
lockfiles, base64 images and fonts, minified bundles, source maps, templated values, placeholders and
repeated or sequential characters. Corrupted are format-valid tokens with one character changed, whose
checksum therefore fails: hush may report them, but only at low confidence.

labels.tsv: path (relative to positives/), line ('-' for a blocked file name), rule id, family (the
rule file), context. Everything is seeded: rerunning gives the same corpus for the same rule pack.
"""

import argparse
import base64
import json
import os
import random
import re
import shutil
import string
import subprocess
import sys
import tempfile
import tomllib
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tokens  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SEED = 20240611


def load_rules():
    rules = []
    for name in sorted(os.listdir(os.path.join(ROOT, "rules"))):
        if name.endswith(".toml"):
            with open(os.path.join(ROOT, "rules", name), "rb") as f:
                for r in tomllib.load(f).get("rules", []):
                    r["_family"] = name[:-5]
                    rules.append(r)
    return rules


def example_path(rule, ex):
    if rule.get("filenames"):
        path, _, content = ex.partition("\n")
        return path, content
    return "src/settings.conf", ex


def locate_secrets(hush, rules):
    """(rule id, example index) -> [(line, secret)] as hush reports them under the example's rule."""
    tmp = tempfile.mkdtemp(prefix="hush-corpus-")
    try:
        for r in rules:
            for i, ex in enumerate(r.get("examples", [])):
                path, content = example_path(r, ex)
                full = os.path.join(tmp, r["id"], str(i), path)
                os.makedirs(os.path.dirname(full), exist_ok=True)
                with open(full, "w") as f:
                    f.write(content)
        out = subprocess.run([hush, "scan", tmp, "--no-config", "--show-secrets", "--format", "json"],
                             capture_output=True, text=True)
        doc = json.loads(out.stdout)
    finally:
        shutil.rmtree(tmp)
    found = {}
    for f in doc["findings"]:
        rule_id, idx, _ = f["path"].split("/", 2)
        if f["rule_id"] == rule_id:
            found.setdefault((rule_id, int(idx)), []).append((f["line"], f["secret"]))
    return found


def still_matches(rx, group, text, secret):
    return any(m.group(group) == secret for m in rx.finditer(text))


def mutate(rng, secret, rule, text):
    """Redraws the secret one character at a time, each from the character's own class, keeping a
    change only while the rule's regex (Python's `re` reads the pack's patterns) still captures the
    whole new secret in `text`. Literal parts of the format therefore survive, and so do alphabet
    limits the classes do not know about (base58, base32, hex)."""
    rx = re.compile(rule["regex"])
    group = "secret" if "secret" in rx.groupindex else 1
    cur = secret
    keep = [False] * len(secret)
    lowered = secret.lower()
    for lit in rule.get("keywords", []):
        start = 0
        while lit and (p := lowered.find(lit.lower(), start)) >= 0:
            for k in range(p, p + len(lit)):
                keep[k] = True
            start = p + 1
    # Digit-only and hex runs keep their alphabet.
    pools = []
    for m in re.finditer(r"[A-Za-z0-9]+|.", secret, re.S):
        seg = m.group()
        if not seg.isascii() or not seg.isalnum():
            pools += [None] * len(seg)
        elif seg.isdigit():
            pools += [string.digits] * len(seg)
        elif all(c in "0123456789abcdef" for c in seg):
            pools += ["0123456789abcdef"] * len(seg)
        elif all(c in "0123456789ABCDEF" for c in seg):
            pools += ["0123456789ABCDEF"] * len(seg)
        else:
            pools += [string.digits if c.isdigit() else string.ascii_uppercase if c.isupper()
                      else string.ascii_lowercase for c in seg]
    for i, pool in enumerate(pools):
        if pool is None or keep[i]:
            continue
        for _ in range(4):
            trial = cur[:i] + rng.choice(pool) + cur[i + 1:]
            if still_matches(rx, group, text.replace(cur, trial), trial):
                cur = trial
                break
    return cur


def fresh_secret(rng, secret, rule, text):
    """A new secret of the rule's format: a checksummed generator where the format has one."""
    v = rule.get("validator")
    if v in ("github", "npm"):
        return tokens.github(rng, secret[: secret.rindex("_") + 1])
    if v == "gitlab" and "." in secret:
        m = re.match(r"^(.*?-(?:t\d_)?)", secret)
        return tokens.gitlab_routable(rng, m.group(1))
    if v == "grafana":
        return tokens.grafana_sa(rng)
    if v == "pypi":
        return tokens.pypi(rng, "test.pypi.org" if "AgENdGVzdC5weXBp" in secret else "pypi.org")
    if v == "1password":
        return tokens.onepassword(rng)
    if v == "jwt":
        return tokens.jwt(rng, exp=4102444800 + rng.randrange(10**6))  # expires after 2100
    if v == "aws-key-id":
        return tokens.aws_key_id(rng, secret[:4])
    if v == "pem" or "\n" in secret:
        return secret  # real keys (made with openssl) and multi-line blocks are kept as they are
    return mutate(rng, secret, rule, text)


def var_name(rule):
    return re.sub(r"[^A-Z0-9]+", "_", rule["id"].upper()).strip("_")


FILLER = [
    "# service settings",
    "name = billing-api",
    "listen = 0.0.0.0:8080",
    "log_level = info",
    "timeout_ms = 2500",
    "retries = 3",
    "region = eu-west-1",
    "feature_flags = search,export",
    "cache_ttl = 300",
    "upstream = https://internal.example.com/v2",
]


def contexts_for(rng, rule, secret):
    """(file name, text, line of the secret, context name) for the self-identifying contexts."""
    var = var_name(rule)
    low = var.lower()
    b64 = base64.b64encode(secret.encode()).decode()
    basic = base64.b64encode(("deploy:" + secret).encode()).decode()
    options = {
        "env": ("app.env.sh", f"# generated\n{var}={secret}\n", 2),
        "yaml": ("config.yaml", f"service:\n  name: billing\n  {low}: \"{secret}\"\n", 3),
        "json": ("settings.json", json.dumps({"name": "billing", low: secret}, indent=2) + "\n", 3),
        "python": ("settings.py", f"import os\n\nDEBUG = False\n{var} = \"{secret}\"\n", 4),
        "shell": ("deploy.sh", f"#!/bin/sh\nset -e\nexport {var}='{secret}'\n./run.sh\n", 3),
        "k8s-base64": ("secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: billing\n"
                       f"type: Opaque\ndata:\n  {var}: {b64}\n", 7),
        "basic-auth": ("call.sh", f"curl -sf https://api.example.com/v1/ping \\\n  -H \"Authorization: Basic {basic}\"\n", 2),
    }
    url = "https://api.example.com/v1/hook?key=" + secret
    options["url-encoded"] = ("links.txt", "see https://app.example.com/login?next="
                              + urllib.parse.quote(url, safe="") + "\n", 1)
    options["xml"] = ("web.config", "<configuration>\n  <appSettings>\n"
                      f"    <add key=\"{var}\" value=\"{secret}\" />\n  </appSettings>\n</configuration>\n", 3)
    options["terraform"] = ("main.tf", "provider \"acme\" {\n  region = \"eu-west-1\"\n"
                            f"  {low} = \"{secret}\"\n}}\n", 3)
    options["markdown"] = ("README.md", "# Setup\n\nRun:\n\n```sh\n"
                           f"export {var}={secret}\n```\n", 6)
    names = sorted(options)
    return [(options[n][0], options[n][1], options[n][2], n) for n in rng.sample(names, 3)]


def self_identifying(rule, secret):
    """Does the token identify itself, wherever it stands? (The rule's regex captures it alone,
    quoted and unnamed, and it holds one of the rule's keywords.)"""
    if rule.get("generic") or rule.get("near") or "\n" in secret:
        return False
    low = secret.lower()
    if not any(k.lower() in low for k in rule.get("keywords", [])):
        return False
    rx = re.compile(rule["regex"])
    group = "secret" if "secret" in rx.groupindex else 1
    return still_matches(rx, group, f' "{secret}" ', secret)


def write_bytes(base, rel, data, labels, line, rule, context):
    full = os.path.join(base, rel)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "wb") as f:
        f.write(data)
    labels.append((rel, str(line), rule["id"], rule["_family"], context))


def write(base, rel, text, labels, line, rule, context):
    full = os.path.join(base, rel)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w") as f:
        f.write(text)
    labels.append((rel, str(line), rule["id"], rule["_family"], context))


def positives(hush, rules, out):
    labels = []
    found = locate_secrets(hush, rules)
    missing = []
    for r in rules:
        if not r.get("enabled", True):
            continue
        fam = r["_family"]
        for i, ex in enumerate(r.get("examples", [])):
            # One generator per example: editing one rule leaves every other file as it was.
            rng = random.Random(f"{SEED}:{r['id']}:{i}")
            tag = f"{fam}/{r['id']}-{i}"
            if r.get("filenames"):
                path, content = example_path(r, ex)
                write(out, f"{tag}/{path}", content, labels, "-", r, "as-written")
                continue
            hits = found.get((r["id"], i))
            if not hits:
                missing.append(tag)
                continue
            text = ex
            lines = []
            for line, secret in hits:
                new = fresh_secret(rng, secret, r, text)
                text = text.replace(secret, new)
                lines.append((line, new))
            line, new = lines[0]
            write(out, f"{tag}/as-written.conf", text, labels, line, r, "as-written")
            filler = FILLER[:]
            rng.shuffle(filler)
            head = filler[:5]
            embedded = "\n".join(head) + "\n" + text + "\n" + "\n".join(filler[5:]) + "\n"
            write(out, f"{tag}/embedded.conf", embedded, labels, line + len(head), r, "embedded")
            variants = ["crlf", "utf16"] + (["minified"] if self_identifying(r, new) else [])
            variant = rng.choice(variants)
            if variant == "crlf":
                write(out, f"{tag}/crlf.conf", text.replace("\n", "\r\n") + "\r\n", labels, line, r, "crlf")
            elif variant == "utf16":
                write_bytes(out, f"{tag}/utf16.conf", b"\xff\xfe" + (text + "\n").encode("utf-16-le"),
                            labels, line, r, "utf16")
            else:
                pad = "".join(f"var {tokens.pick(rng, string.ascii_lowercase, 6)}={rng.randrange(10**6)};"
                              for _ in range(100))
                write(out, f"{tag}/bundle.min.js", pad + text + ";" + pad + "\n", labels, 1, r, "minified")
            if self_identifying(r, new):
                for name, body, at, ctx in contexts_for(rng, r, new):
                    write(out, f"{tag}/{name}", body, labels, at, r, ctx)
    keys = os.path.join(out, "private-keys")
    expect = {
        "rsa-pkcs1.pem": "private-key-rsa", "rsa-pkcs1-encrypted.pem": "private-key-rsa",
        "dsa-trad.pem": "private-key-dsa", "ec-sec1.pem": "private-key-ec",
        "rsa-pkcs8.pem": "private-key-pkcs8", "ec-pkcs8.pem": "private-key-pkcs8",
        "ed25519-pkcs8.pem": "private-key-pkcs8", "dsa-pkcs8.pem": "private-key-pkcs8",
        "rsa-pkcs8-encrypted.pem": "private-key-pkcs8-encrypted",
        "ssh-ed25519.key": "private-key-openssh", "ssh-ed25519-encrypted.key": "private-key-openssh",
        "pgp.asc": "private-key-pgp", "pgp-rsa-encrypted.asc": "private-key-pgp",
    }
    pk = {"_family": "private-keys"}
    for name, rule_id in sorted(expect.items()):
        labels.append((f"private-keys/{name}", "1", rule_id, "private-keys", "as-written"))
        with open(os.path.join(keys, name)) as f:
            pem = f.read()
        b64 = base64.b64encode(pem.encode()).decode()
        doc = ("apiVersion: v1\nkind: Secret\nmetadata:\n  name: ingress-tls\ntype: kubernetes.io/tls\n"
               f"data:\n  tls.crt: ''\n  tls.key: {b64}\n")
        write(out, f"private-keys/k8s/{name}.yaml", doc, labels, 8, dict(pk, id=rule_id), "k8s-base64")
    return labels, missing


def negatives(out):
    rng = random.Random(SEED + 1)
    hexs = lambda n: tokens.pick(rng, tokens.HEX, n)  # noqa: E731
    b64 = lambda n: base64.b64encode(bytes(rng.randrange(256) for _ in range(n))).decode()  # noqa: E731
    uuid = lambda: "%s-%s-4%s-%s%s-%s" % (hexs(8), hexs(4), hexs(3), rng.choice("89ab"), hexs(3), hexs(12))  # noqa: E731
    files = {}
    files["hashes/checksums.py"] = (
        f'SHA1 = "{hexs(40)}"\nSHA256_DIGEST = "{hexs(64)}"\ncommit_sha = "{hexs(40)}"\n'
        f'content_hash = "{hexs(64)}"\nETAG = \'W/"{hexs(32)}"\'\nmd5sum = "{hexs(32)}"\n'
        f'token_hash = "{hexs(64)}"  # sha256 of the token, never the token\n'
        f'password_sha512 = "{hexs(128)}"\n')
    files["hashes/SHA256SUMS"] = "".join(f"{hexs(64)}  dist/app-{v}.tar.gz\n" for v in range(1, 9))
    files["ids/uuids.yaml"] = (
        f"request_id: {uuid()}\ntenant_id: {uuid()}\nclient_id: {uuid()}\nsubscription_id: {uuid()}\n"
        f"api_key_id: {uuid()}\ntrace_id: {hexs(32)}\nspan_id: {hexs(16)}\n")
    files["ids/objects.json"] = json.dumps({"_id": hexs(24), "etag": hexs(40), "version_id": b64(24),
                                            "correlation_id": uuid(), "session_id_hash": hexs(64)}, indent=2) + "\n"
    lock = {"name": "web", "lockfileVersion": 3, "packages": {}}
    for p in ["react", "lodash", "axios", "zod", "vite", "esbuild", "postcss", "tslib"]:
        lock["packages"][f"node_modules/{p}"] = {
            "version": f"{rng.randrange(1, 20)}.{rng.randrange(20)}.{rng.randrange(20)}",
            "resolved": f"https://registry.npmjs.org/{p}/-/{p}-1.0.0.tgz",
            "integrity": "sha512-" + b64(64)}
    files["lock/package-lock.json"] = json.dumps(lock, indent=2) + "\n"
    files["lock/Cargo.lock"] = "".join(
        f'[[package]]\nname = "{n}"\nversion = "1.0.{i}"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\n'
        f'checksum = "{hexs(64)}"\n\n' for i, n in enumerate(["serde", "regex", "memchr", "rayon", "clap"]))
    files["lock/poetry.lock"] = "".join(
        f'[[package]]\nname = "{n}"\nversion = "2.{i}.0"\nfiles = [\n    {{file = "{n}-2.{i}.0.tar.gz", hash = "sha256:{hexs(64)}"}},\n]\n\n'
        for i, n in enumerate(["requests", "urllib3", "idna", "certifi"]))
    files["lock/go.sum"] = "".join(
        f"github.com/acme/{n} v1.{i}.0 h1:{b64(32)}\ngithub.com/acme/{n} v1.{i}.0/go.mod h1:{b64(32)}\n"
        for i, n in enumerate(["log", "cfg", "rpc", "db"]))
    png = base64.b64encode(b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(600))).decode()
    woff = base64.b64encode(b"wOF2" + bytes(rng.randrange(256) for _ in range(900))).decode()
    files["web/styles.css"] = (
        f".logo {{ background: url(data:image/png;base64,{png}); }}\n"
        f"@font-face {{ font-family: Inter; src: url(data:font/woff2;base64,{woff}) format('woff2'); }}\n")
    files["web/icons.json"] = json.dumps({"icons": {"logo": "data:image/png;base64," + png}}) + "\n"
    ident = lambda: rng.choice("abcdefghijklmnopqrstuvwxyz") + tokens.pick(rng, tokens.ALNUM, rng.randrange(2, 30))  # noqa: E731
    bundle = "".join(
        f"var {ident()}=function({ident()},{ident()}){{return \"\\u00e9\\u00e8{ident()}\"+{ident()}.{ident()}(\"{b64(24)}\")}};"
        for _ in range(60))
    files["web/app.min.js"] = "!function(){" + bundle + "}();\n"
    files["web/app.min.js.map"] = json.dumps({
        "version": 3, "file": "app.min.js", "sources": ["src/app.ts"],
        "mappings": ";".join(tokens.pick(rng, tokens.B64[:-2], rng.randrange(20, 90)) for _ in range(80))}) + "\n"
    files["templates/config.yaml"] = (
        "database:\n  password: \"{{ .Values.db.password }}\"\n  api_key: ${API_KEY}\n"
        "  secret: \"%(secret)s\"\n  token: \"<your-token-here>\"\n  access_key: \"xxxxxxxxxxxxxxxxxxxxxxxx\"\n"
        "  client_secret: \"changeme\"\n  stripe_key: \"sk_test_" + tokens.pick(rng, tokens.ALNUM, 24) + "\"\n"
        "  aws_access_key_id: AKIAIOSFODNN7EXAMPLE\n  aws_secret_access_key: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n")
    files["templates/settings.py"] = (
        "import os\n\nSECRET_KEY = os.environ[\"SECRET_KEY\"]\nAPI_TOKEN = os.getenv(\"API_TOKEN\", \"\")\n"
        "DB_PASSWORD = settings.get(\"db_password\")\nPASSWORD_FIELD = \"password\"\nTOKEN_URL = \"https://auth.example.com/oauth/token\"\n")
    files["weak/repeated.env.example"] = "API_KEY=aaaaaaaaaaaaaaaaaaaaaaaaaaaa\nSECRET=abcdefghijklmnopqrstuvwxyz\nTOKEN=0123456789012345678901234567\n"
    files["weak/sequence.ini"] = "[auth]\npassword = 1234567890abcdef\nsecret = ABCDEFGHIJKLMNOPQRSTUVWX\ntoken = 11111111111111111111111111111111\n"
    files["encoded/texts.yaml"] = "".join(
        f"{k}: {base64.b64encode(v.encode()).decode()}\n" for k, v in
        [("greeting", "Hello, world! This is plain text, not a secret."),
         ("config", '{"theme": "dark", "language": "en", "page_size": 50}'),
         ("script", "#!/bin/sh\necho starting\nexec /app/server --port 8080\n")])
    files["encoded/urls.txt"] = (
        "https://example.com/search?q=secret%20santa%20gift%20ideas&page=2\n"
        "redirect=https%3A%2F%2Fapp.example.com%2Fcallback%3Fstate%3D" + hexs(16) + "\n")
    for rel, text in files.items():
        full = os.path.join(out, rel)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w") as f:
            f.write(text)
    return sorted(files)


def corrupted(out):
    rng = random.Random(SEED + 2)

    def flip(t, keep):
        i = rng.randrange(keep, len(t) - 1)
        c = t[i]
        alphabet = "abcdefghijkmnpqrstuvwxyz" if c.islower() else "ABCDEFGHJKLMNPQRSTUVWXYZ" if c.isupper() else "23456789"
        return t[:i] + rng.choice([a for a in alphabet if a != c]) + t[i + 1:]

    lines = []
    for p in ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "npm_"]:
        lines.append(f"TOKEN_{p.upper().strip('_')}={flip(tokens.github(rng, p), 4)}")
    for p in ["glpat-", "gldt-", "glrt-"]:
        lines.append(f"GITLAB_{p.strip('-').upper()}={flip(tokens.gitlab_routable(rng, p), len(p))}")
    lines.append(f"GRAFANA_TOKEN={flip(tokens.grafana_sa(rng), 5)}")
    lines.append(f"PYPI_TOKEN={tokens.pypi(rng)[:-6]}")
    lines.append(f"OP_SERVICE_ACCOUNT_TOKEN={tokens.onepassword(rng)[:300]}")
    lines.append("AWS_ACCESS_KEY_ID=AKIA" + tokens.pick(rng, "ABCDEFGHJKLMNPQRSTUVWXYZ0189", 16))
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "tokens.env.sh"), "w") as f:
        f.write("\n".join(lines) + "\n")
    return len(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--hush", required=True, help="path to a hush binary")
    args = ap.parse_args()
    rules = load_rules()
    pos = os.path.join(HERE, "positives")
    for d in os.listdir(pos):
        if d != "private-keys":
            shutil.rmtree(os.path.join(pos, d))
    shutil.rmtree(os.path.join(pos, "private-keys", "k8s"), ignore_errors=True)
    for d in ["negatives", "corrupted"]:
        shutil.rmtree(os.path.join(HERE, d), ignore_errors=True)
    labels, missing = positives(args.hush, rules, pos)
    negs = negatives(os.path.join(HERE, "negatives"))
    n_corrupt = corrupted(os.path.join(HERE, "corrupted"))
    labels.sort()
    with open(os.path.join(HERE, "labels.tsv"), "w") as f:
        f.write("# path\tline\trule_id\tfamily\tcontext\n")
        for row in labels:
            f.write("\t".join(row) + "\n")
    print(f"{len(labels)} labelled positives, {len(negs)} negative files, {n_corrupt} corrupted tokens")
    if missing:
        print("examples hush did not find (not in the corpus):", ", ".join(missing), file=sys.stderr)


if __name__ == "__main__":
    main()
