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
//! JSON, SARIF and GitLab reports keep names exact, but print them through [`to_json`]: serde_json
//! escapes C0 controls and [`JsonSafe`] escapes the rest (DEL, C1, bidi) as `\uXXXX`, so that no
//! report, printed to a terminal, carries a raw control character either.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io;

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

/// A JSON formatter that also writes DEL, C1 controls and bidirectional controls as `\uXXXX`
/// escapes (serde_json escapes only C0): the JSON is equivalent, and safe to print.
pub struct JsonSafe<F>(pub F);

/// Writes `value` as JSON (pretty, or on one line), with [`JsonSafe`] escaping.
pub fn to_json<T: serde::Serialize + ?Sized>(
    out: &mut dyn io::Write,
    value: &T,
    pretty: bool,
) -> io::Result<()> {
    if pretty {
        let f = JsonSafe(serde_json::ser::PrettyFormatter::new());
        value.serialize(&mut serde_json::Serializer::with_formatter(out, f))?;
    } else {
        let f = JsonSafe(serde_json::ser::CompactFormatter);
        value.serialize(&mut serde_json::Serializer::with_formatter(out, f))?;
    }
    Ok(())
}

macro_rules! delegate {
    ($($name:ident $(, $arg:ident: $ty:ty)*;)*) => {$(
        fn $name<W: ?Sized + io::Write>(&mut self, w: &mut W $(, $arg: $ty)*) -> io::Result<()> {
            self.0.$name(w $(, $arg)*)
        }
    )*};
}

impl<F: serde_json::ser::Formatter> serde_json::ser::Formatter for JsonSafe<F> {
    delegate! {
        begin_array;
        end_array;
        begin_array_value, first: bool;
        end_array_value;
        begin_object;
        end_object;
        begin_object_key, first: bool;
        end_object_key;
        begin_object_value;
        end_object_value;
    }

    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut from = 0;
        for (i, c) in fragment.char_indices() {
            // C0 controls never reach a fragment: serde_json escapes them itself. All the others
            // are in the Basic Multilingual Plane: one `\uXXXX` each.
            if is_unsafe(c) {
                self.0.write_string_fragment(w, &fragment[from..i])?;
                write!(w, "\\u{:04x}", c as u32)?;
                from = i + c.len_utf8();
            }
        }
        self.0.write_string_fragment(w, &fragment[from..])
    }
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
    fn json_escapes_every_control_and_stays_equivalent() {
        let v = serde_json::json!({"p": "a\u{1b}[2J\u{7f}\u{9b}\u{202e}\n\u{e9}\u{1f642}"});
        for pretty in [false, true] {
            let mut out = Vec::new();
            to_json(&mut out, &v, pretty).unwrap();
            let text = String::from_utf8(out).unwrap();
            let expected = "a\\u001b[2J\\u007f\\u009b\\u202e\\n\u{e9}\u{1f642}";
            assert!(text.contains(expected), "{text}");
            assert_eq!(serde_json::from_str::<serde_json::Value>(&text).unwrap(), v);
        }
    }

    #[test]
    fn lines_keeps_newlines_only() {
        assert_eq!(lines("one\ntwo\x1b[1m\r\n"), "one\ntwo\\x1b[1m\\r\n");
    }
}
