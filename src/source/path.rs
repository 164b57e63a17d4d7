//! Paths as text, without loss. A path that is valid UTF-8 and holds no backslash is shown as it
//! is. Any other is escaped: each backslash as `\\`, each byte that is not part of valid UTF-8 as
//! `\xNN`. The mapping is one-to-one (an escaped path always holds a backslash, a plain one never
//! does), so two files whose names differ in one invalid byte stay two files in findings, baselines
//! and reports, where a lossy conversion (U+FFFD) made them one.

/// The text form of a path's bytes.
pub fn text(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) if !s.contains('\\') => s.to_string(),
        _ => escape(bytes),
    }
}

fn escape(mut bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + 8);
    while !bytes.is_empty() {
        let (valid, rest) = match std::str::from_utf8(bytes) {
            Ok(s) => (s, &bytes[bytes.len()..]),
            Err(e) => {
                let (v, r) = bytes.split_at(e.valid_up_to());
                // The first `valid_up_to` bytes are valid UTF-8, by definition.
                (std::str::from_utf8(v).unwrap_or_default(), r)
            }
        };
        out.push_str(&valid.replace('\\', "\\\\"));
        if let Some((&b, r)) = rest.split_first() {
            out.push_str(&format!("\\x{b:02x}"));
            bytes = r;
        } else {
            bytes = rest;
        }
    }
    out
}

/// The bytes a text form stands for (the inverse of [`text`]).
pub fn bytes(text: &str) -> Vec<u8> {
    if !text.contains('\\') {
        return text.as_bytes().to_vec();
    }
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' {
            if b.get(i + 1) == Some(&b'\\') {
                out.push(b'\\');
                i += 2;
                continue;
            }
            if b.get(i + 1) == Some(&b'x') {
                if let Some(v) = text
                    .get(i + 2..i + 4)
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                {
                    out.push(v);
                    i += 4;
                    continue;
                }
            }
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

/// The text form of a file system path (its bytes on Unix; on Windows, `\` separators become `/`).
pub fn from_os(path: &std::path::Path) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        text(path.as_os_str().as_bytes())
    }
    #[cfg(not(unix))]
    {
        path.to_string_lossy().replace('\\', "/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_paths_are_unchanged() {
        assert_eq!(text(b"src/a.py"), "src/a.py");
        assert_eq!(
            text("d\u{e9}j\u{e0}/vu.txt".as_bytes()),
            "d\u{e9}j\u{e0}/vu.txt"
        );
    }

    #[test]
    fn invalid_bytes_and_backslashes_are_escaped_one_to_one() {
        let a = text(b"bad\xff.py");
        let b = text(b"bad\xfe.py");
        let c = text(b"bad\\xff.py"); // a real backslash, then "xff"
        assert_eq!(a, "bad\\xff.py");
        assert_ne!(a, b);
        assert_ne!(a, c);
        assert_eq!(c, "bad\\\\xff.py");
        for raw in [
            &b"bad\xff.py"[..],
            b"bad\xfe.py",
            b"bad\\xff.py",
            b"\\",
            b"a\xc3",
            b"\xc3\xa9\xff\\x",
        ] {
            assert_eq!(bytes(&text(raw)), raw, "{raw:?}");
        }
    }
}
