"""Synthetic, format-valid credentials for hush's labelled corpus and rule examples.

Every token is random (from the caller's seeded `random.Random`) in the documented shape of its
provider, with valid checksums and structure where the format has them. None is, or was, a real
credential. Formats are described in the references of the matching rule in rules/*.toml and, for
checksummed or structured ones, in src/detect/validate.rs.
"""

import base64
import json
import string
import zlib

B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
ALNUM = string.ascii_letters + string.digits
LOWER_ALNUM = string.ascii_lowercase + string.digits
UPPER_ALNUM = string.ascii_uppercase + string.digits
HEX = "0123456789abcdef"
B64 = string.ascii_letters + string.digits + "+/"
B64URL = string.ascii_letters + string.digits + "-_"
B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def pick(rng, alphabet, n):
    return "".join(rng.choice(alphabet) for _ in range(n))


def base62(n, width):
    out = ""
    while n:
        out = B62[n % 62] + out
        n //= 62
    return out.rjust(width, "0")


def base36(n, width):
    digits = string.digits + string.ascii_lowercase
    out = ""
    while n:
        out = digits[n % 36] + out
        n //= 36
    return out.rjust(width, "0")


def github(rng, prefix):
    """ghp_/gho_/ghu_/ghs_/ghr_/npm_: 30 base62 characters and their base62 CRC32 (6 chars)."""
    body = pick(rng, B62, 30)
    return prefix + body + base62(zlib.crc32(body.encode()), 6)


def gitlab_routable(rng, prefix):
    """GitLab routable token: payload (random bytes + routing fields + length), version, length, CRC."""
    routing = "c:1\no:%s\nu:%s" % (base36(rng.randrange(1, 10**6), 1), base36(rng.randrange(1, 10**8), 1))
    raw = bytes(rng.randrange(256) for _ in range(16)) + routing.encode() + bytes([len(routing)])
    payload = base64.urlsafe_b64encode(raw).decode().rstrip("=")
    body = "%s%s.01.%s" % (prefix, payload, base36(len(payload), 2))
    return body + base36(zlib.crc32(body.encode()), 7)


def grafana_sa(rng):
    key = "glsa_" + pick(rng, ALNUM, 32)
    return key + "_" + zlib.crc32(key.encode()).to_bytes(4, "little").hex()


def _varint(n):
    out = b""
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out += bytes([b | 0x80])
        else:
            return out + bytes([b])


def _field(kind, value):
    return bytes([kind]) + _varint(len(value)) + value


def pypi(rng, location="pypi.org"):
    """A version-2 macaroon (libmacaroons doc/format.txt) for PyPI, base64url without padding."""
    ident = json.dumps({"version": 1, "uuid": "%08x-%04x-4%03x-%04x-%012x" % (
        rng.getrandbits(32), rng.getrandbits(16), rng.getrandbits(12),
        0x8000 | rng.getrandbits(14), rng.getrandbits(48))}).encode()
    m = bytes([2]) + _field(1, location.encode()) + _field(2, ident) + b"\0"
    caveat = json.dumps({"version": 1, "permissions": {"projects": [pick(rng, string.ascii_lowercase, 8)]}})
    m += _field(2, caveat.encode()) + b"\0" + b"\0"
    m += _field(6, bytes(rng.randrange(256) for _ in range(32)))
    return "pypi-" + base64.urlsafe_b64encode(m).decode().rstrip("=")


def aws_key_id(rng, prefix="AKIA", account=None):
    """A new-format access key id encoding `account` (see src/detect/validate.rs)."""
    if account is None:
        account = rng.randrange(10**11, 10**12)
    bits = (1 << 79) | (account << 39) | rng.getrandbits(39)
    return prefix + "".join(B32[(bits >> (5 * i)) & 31] for i in reversed(range(16)))


def aws_secret(rng):
    return pick(rng, B64, 40)


def onepassword(rng):
    doc = {
        "signInAddress": "my.1password.com",
        "userAuth": {"method": "SRPg-4096", "alg": "PBES2g-HS256", "iterations": 650000,
                     "salt": pick(rng, B64URL, 22)},
        "email": pick(rng, LOWER_ALNUM, 13) + "@1passwordserviceaccounts.com",
        "srpX": pick(rng, HEX, 64),
        "muk": {"alg": "A256GCM", "ext": True, "k": pick(rng, B64URL, 43),
                "key_ops": ["encrypt", "decrypt"], "kty": "oct", "kid": "mp"},
        "secretKey": "A3-" + "-".join(pick(rng, UPPER_ALNUM, n) for n in (6, 6, 5, 5, 5, 5)),
        "throttleSecret": {"seed": pick(rng, HEX, 64), "uuid": pick(rng, UPPER_ALNUM, 26)},
        "deviceUuid": pick(rng, LOWER_ALNUM, 26),
    }
    return "ops_" + base64.urlsafe_b64encode(json.dumps(doc, separators=(",", ":")).encode()).decode().rstrip("=")


def jwt(rng, exp):
    def enc(obj):
        return base64.urlsafe_b64encode(json.dumps(obj, separators=(",", ":")).encode()).decode().rstrip("=")
    head = enc({"alg": "HS256", "typ": "JWT"})
    body = enc({"sub": pick(rng, LOWER_ALNUM, 12), "iat": exp - 3600, "exp": exp})
    return head + "." + body + "." + pick(rng, B64URL, 43)
