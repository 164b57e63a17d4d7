//! The offline checks a rule may name (`validator = "..."`): the names are rule data; the checks
//! themselves live in `detect::validate`.

/// The validators a rule may name in `validator = "..."`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Validator {
    /// Prefix, 30 base62 characters, then the 6-character base62 CRC32 of those 30 (GitHub, npm).
    /// https://github.blog/2021-04-05-behind-githubs-new-authentication-token-formats/
    GithubCrc32,
    /// A JSON Web Token: header and payload decode to JSON objects; the header names an `alg`.
    Jwt,
    /// A private key block, parsed far enough to know it is a key of the claimed type.
    Pem,
    /// GitLab routable tokens: the last 7 characters are the base36 CRC32 of everything before them.
    Gitlab,
    /// Grafana service account tokens: `gl<id>_<secret>_<hex of the little-endian CRC32>`.
    Grafana,
    /// PyPI API tokens: `pypi-` and a base64url version-2 macaroon whose location is PyPI.
    Pypi,
    /// 1Password service account tokens: `ops_` and base64url JSON with the sign-in fields.
    OnePassword,
    /// AWS access key ids: base32, and (new-format ids) the account id they encode.
    AwsKeyId,
    /// An AWS secret access key: the account id of the access key id found beside it.
    AwsSecretKey,
    /// A Bech32 string (BIP 173 checksum, no length limit), as age identities are written.
    /// https://github.com/bitcoin/bips/blob/master/bip-0173.mediawiki, https://age-encryption.org/v1
    Bech32,
}

impl Validator {
    /// The validator a rule names, by its name in the rule file.
    pub fn from_name(name: &str) -> Option<Validator> {
        Some(match name {
            "github" | "npm" => Validator::GithubCrc32,
            "jwt" => Validator::Jwt,
            "pem" => Validator::Pem,
            "gitlab" => Validator::Gitlab,
            "grafana" => Validator::Grafana,
            "pypi" => Validator::Pypi,
            "1password" => Validator::OnePassword,
            "aws-key-id" => Validator::AwsKeyId,
            "aws-secret-key" => Validator::AwsSecretKey,
            "bech32" => Validator::Bech32,
            _ => return None,
        })
    }
}
