//! Inline pragmas: a comment on the secret's line (or the line before, for `nextline` forms) that
//! accepts it.

use memchr::memmem;

/// Markers that accept a secret on their own line. `pragma: allowlist secret` and `gitleaks:allow`
/// let teams migrating from detect-secrets and gitleaks keep their annotations.
const SAME_LINE: &[&[u8]] = &[
    b"hush:allow",
    b"pragma: allowlist secret",
    b"gitleaks:allow",
];
/// Markers that accept a secret on the following line.
const NEXT_LINE: &[&[u8]] = &[
    b"hush:allow-next-line",
    b"pragma: allowlist nextline secret",
];

/// True if `line` (the secret's line) or `prev` (the line before) carries a pragma.
pub fn allows(line: &[u8], prev: Option<&[u8]>) -> bool {
    let same = SAME_LINE.iter().any(|m| {
        memmem::find_iter(line, m).any(|p| !line[p + m.len()..].starts_with(b"-next-line"))
    });
    same || prev.is_some_and(|p| NEXT_LINE.iter().any(|m| memmem::find(p, m).is_some()))
}

/// The line before the one starting at `line_start`, if any.
pub fn previous_line(content: &[u8], line_start: usize) -> Option<&[u8]> {
    if line_start == 0 {
        return None;
    }
    let end = line_start - 1;
    let start = memchr::memrchr(b'\n', &content[..end]).map_or(0, |p| p + 1);
    Some(&content[start..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pragmas() {
        assert!(allows(b"key = 'x' # hush:allow", None));
        assert!(allows(b"key = 'x' # pragma: allowlist secret", None));
        assert!(allows(b"key = 'x' // gitleaks:allow", None));
        assert!(!allows(b"key = 'x' # hush:allow-next-line", None));
        assert!(allows(b"key = 'x'", Some(b"# hush:allow-next-line")));
        assert!(allows(
            b"key = 'x'",
            Some(b"# pragma: allowlist nextline secret")
        ));
        assert!(!allows(b"key = 'x'", Some(b"# hush:allow")));
        assert_eq!(previous_line(b"a\nbb\nc", 5), Some(&b"bb"[..]));
        assert_eq!(previous_line(b"a\nbb\nc", 0), None);
    }
}
