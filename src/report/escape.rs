//! Text for terminals and logs: file names, lines, authors and messages made safe to print.
//!
//! Scanned content is hostile. A line may hold ESC sequences (clear the screen, set the window
//! title, OSC 52 writes to the clipboard), a file name may hold a newline that forges a line of the
//! report ("no secrets found"), and bidirectional overrides reorder what is shown. Every text
//! format (human, github) and every diagnostic on stderr passes what it did not write itself
//! through [`text`], which replaces each such character with a visible escape, the way git and
//! ripgrep quote paths: `\n`, `\r`, `\t`, `\x1b`, `\x7f`, `\u{9b}`, `\u{202e}`. Backslashes are
//! left alone (lines of code are full of them); the escapes are for reading, not for parsing back.
//!
//! JSON, SARIF and GitLab reports need none of this: their serializer escapes every C0 control.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether `c` must not reach a terminal as it is: C0 controls (ESC among them), DEL, C1 controls
/// (U+0080 to U+009F: U+009B is a one-character CSI), the bidirectional embeddings, overrides and
/// isolates (U+202A to U+202E, U+2066 to U+2069), and the line and paragraph separators.
pub fn is_unsafe(c: char) -> bool {
    matches!(c,
        '\0'..='\x1f'
        | '\x7f'..='\u{9f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}'
        | '\u{2028}'
        | '\u{2029}')
}

/// `s` with every [`is_unsafe`] character replaced by a visible escape. Borrows when there is none.
pub fn text(s: &str) -> Cow<'_, str> {
    escape(s, false)
}

/// As [`text`], but newlines stay: for messages that are made of several lines on purpose (a
/// config error that points at a column), where each line is still free of other controls.
pub fn lines(s: &str) -> Cow<'_, str> {
    escape(s, true)
}

fn escape(s: &str, keep_newlines: bool) -> Cow<'_, str> {
    let unsafe_char = |c: char| is_unsafe(c) && !(keep_newlines && c == '\n');
    if !s.chars().any(unsafe_char) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if !unsafe_char(c) {
            out.push(c);
            continue;
        }
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x80 => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_control_is_made_visible() {
        assert_eq!(text("a\x1b[2Jb"), "a\\x1b[2Jb");
        assert_eq!(text("\x1b]0;title\x07"), "\\x1b]0;title\\x07");
        assert_eq!(text("\x1b]52;c;aGk=\x1b\\"), "\\x1b]52;c;aGk=\\x1b\\");
        assert_eq!(text("a\nb\rc\td\0"), "a\\nb\\rc\\td\\x00");
        assert_eq!(text("\x7f\u{85}\u{9b}2J"), "\\x7f\\u{85}\\u{9b}2J");
        assert_eq!(
            text("x\u{202e}y\u{2066}z\u{2069}"),
            "x\\u{202e}y\\u{2066}z\\u{2069}"
        );
        assert_eq!(text("\u{2028}"), "\\u{2028}");
    }

    #[test]
    fn ordinary_text_is_borrowed_unchanged() {
        for s in ["src/a b.py", "é ü 日本 \\n", "C:\\x\\y", "emoji 🙂", ""] {
            assert!(matches!(text(s), Cow::Borrowed(_)), "{s}");
            assert_eq!(text(s), s);
        }
        // Neighbours of the escaped ranges pass.
        let near = "\u{a0}\u{2027}\u{202f}\u{2065}\u{206a}\u{2030}";
        assert_eq!(text(near), near);
    }

    #[test]
    fn lines_keeps_newlines_only() {
        assert_eq!(lines("one\ntwo\x1b[1m\r\n"), "one\ntwo\\x1b[1m\\r\n");
    }
}
