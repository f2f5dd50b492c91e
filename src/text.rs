//! Makes text from plan files safe to show on a terminal.
//!
//! Plan files come from other people. A title may hold an escape sequence
//! (ESC, CSI, OSC 52 clipboard writes), C1 controls or bidi overrides that
//! would act on the reader's terminal if printed raw. Every byte of file
//! content that reaches a terminal passes through [`escape`] or
//! [`escape_multiline`] first, in the CLI and in the TUI alike.
//!
//! The escaped form is unambiguous (issue #15): a backslash from the text
//! is written twice wherever it could be read as the start of an escape, so
//! a real TAB shows as `\t` and the two characters backslash and `t` as
//! `\\t`. A backslash before anything else (`C:\plans`) stays single.
//! Text is escaped once, where it leaves the file; a message that quotes
//! escaped values is guarded again with [`sanitize`], which leaves
//! backslashes alone (escaping twice would double them).

use std::borrow::Cow;
use std::fmt::Write as _;

/// Returns true for characters that must never reach a terminal raw.
pub fn is_dangerous(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{200E}' | '\u{200F}'            // LRM, RLM
            | '\u{202A}'..='\u{202E}'          // LRE RLE PDF LRO RLO
            | '\u{2066}'..='\u{2069}'          // LRI RLI FSI PDI
            | '\u{061C}'                       // Arabic letter mark
            | '\u{2028}' | '\u{2029}'          // line and paragraph separators
            | '\u{FEFF}'                       // zero-width no-break space (BOM)
            | '\u{FFF9}'..='\u{FFFB}'          // interlinear annotation
        )
}

/// Writes the visible escape of a dangerous character.
pub fn push_escaped(out: &mut String, c: char) {
    match c {
        '\t' => out.push_str("\\t"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\u{1b}' => out.push_str("\\e"),
        c if (c as u32) < 0x100 => {
            let _ = write!(out, "\\x{:02x}", c as u32);
        }
        c => {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
    }
}

/// Returns true if a backslash followed by `next` must be written twice:
/// before the end (the text may go on in another piece), another
/// backslash, an escape, or a letter that starts one.
fn doubles(next: Option<char>) -> bool {
    match next {
        None => true,
        Some(c) => matches!(c, '\\' | 't' | 'n' | 'r' | 'e' | 'x' | 'u') || is_dangerous(c),
    }
}

/// Returns `s` with every dangerous character for which `keep` is false
/// replaced by a visible escape, and backslashes doubled where they could
/// otherwise read as one. `keep` characters pass raw (a caller that keeps
/// `\n` lays out lines itself).
pub fn escape_keeping(s: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    let mut chars = s.chars().peekable();
    let mut clean = true;
    while let Some(c) = chars.next() {
        if (is_dangerous(c) && !keep(c)) || (c == '\\' && doubles(chars.peek().copied())) {
            clean = false;
            break;
        }
    }
    if clean {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            out.push_str(if doubles(chars.peek().copied()) { "\\\\" } else { "\\" });
        } else if is_dangerous(c) && !keep(c) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Returns `s` with every dangerous character escaped but backslashes left
/// alone: the last guard on text that was escaped already (a message that
/// quotes values escaped with [`escape`]), where escaping again would
/// double every backslash. On [`escape`]'s output it changes nothing; on
/// raw text it is safe for a terminal but not unambiguous, so plan text
/// itself goes through [`escape`].
pub fn sanitize(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_dangerous) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_dangerous(c) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Returns `s` with every control, bidi or invisible formatting character
/// replaced by a visible escape (`\e`, `\x9b`, `\u{202e}`, `\n`).
pub fn escape(s: &str) -> Cow<'_, str> {
    escape_keeping(s, |_| false)
}

/// Like [`escape`], but keeps line breaks (`\n`) so multi-line text stays
/// readable. A tab is escaped too (`\t`): shown as spaces it would look
/// like the spaces it is not.
pub fn escape_multiline(s: &str) -> Cow<'_, str> {
    escape_keeping(s, |c| c == '\n')
}

/// Returns a path for a message, as the platform writes it and safe for a
/// terminal: on Unix escaped like any text from outside ([`escape`]); on
/// Windows with backslashes as separators, never doubled (`C:\plans\new`
/// must not read `C:\plans\\new`), without the `\\?\` prefix that a
/// canonical path carries, and with its dangerous characters escaped
/// (Windows file names hold no control characters, but may hold bidi
/// marks). Either way `PATH:LINE:COL` stays parseable from the right, also
/// after a drive letter (`C:\plans\x.toml:12:3`).
pub fn path(p: impl AsRef<std::path::Path>) -> String {
    path_as(&p.as_ref().display().to_string(), cfg!(windows))
}

/// [`path`] for the platform named by `windows`, so each form is tested
/// on every platform.
pub fn path_as(s: &str, windows: bool) -> String {
    if !windows {
        return escape(s).into_owned();
    }
    let plain = match (s.strip_prefix(r"\\?\UNC\"), s.strip_prefix(r"\\?\")) {
        (Some(unc), _) => format!(r"\\{unc}"),
        (None, Some(rest)) if rest.as_bytes().get(1) == Some(&b':') => rest.to_string(),
        _ => s.to_string(),
    };
    sanitize(&plain.replace('/', "\\")).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    // Issue #24: on Windows every `\n`, `\t`, `\r` and `\u` in a path was
    // doubled (`C:\Users\eva\\new\\tmp`) and canonical paths showed
    // `\\?\`.
    #[test]
    fn paths_show_as_each_platform_writes_them() {
        assert_eq!(path_as(r"C:\Users\eva\new\tmp\x.toml", true), r"C:\Users\eva\new\tmp\x.toml");
        assert_eq!(path_as(r"\\?\C:\plans\remiss.toml", true), r"C:\plans\remiss.toml");
        assert_eq!(path_as(r"\\?\UNC\server\share\x.toml", true), r"\\server\share\x.toml");
        assert_eq!(path_as(r"\\?\Volume{1}\x.toml", true), r"\\?\Volume{1}\x.toml", "no drive: kept");
        assert_eq!(path_as("plans/jamtland/x.toml", true), r"plans\jamtland\x.toml");
        assert_eq!(path_as("C:\\a\u{202e}b.toml", true), r"C:\a\u{202e}b.toml", "a bidi mark is shown, not obeyed");
        assert_eq!(path_as(r"plans/new\tx.toml", false), r"plans/new\\tx.toml", "Unix: a backslash is a name's");
        assert_eq!(path_as("a\x1b[31m.toml", false), r"a\e[31m.toml");
        // A finding's place reads back from the right, drive and all.
        let place = format!("{}:12:3", path_as(r"\\?\C:\plans\x.toml", true));
        let mut parts = place.rsplitn(3, ':');
        let (col, row, file) = (parts.next(), parts.next(), parts.next());
        assert_eq!((file, row, col), (Some(r"C:\plans\x.toml"), Some("12"), Some("3")));
    }

    /// Turns what [`escape_keeping`] wrote back into the text: the test
    /// that no two texts look alike.
    fn unescape(s: &str) -> Option<String> {
        let mut out = String::with_capacity(s.len());
        let mut chars = s.chars().peekable();
        while let Some(c) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            let decoded = match chars.peek().copied() {
                Some('\\') => '\\',
                Some('t') => '\t',
                Some('n') => '\n',
                Some('r') => '\r',
                Some('e') => '\u{1b}',
                Some('x') => {
                    chars.next();
                    let hex: String = [chars.next()?, chars.next()?].iter().collect();
                    out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
                    continue;
                }
                Some('u') => {
                    chars.next();
                    if chars.next()? != '{' {
                        return None;
                    }
                    let hex: String = chars.by_ref().take_while(|c| *c != '}').collect();
                    out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
                    continue;
                }
                // A single backslash before anything else is itself.
                _ => {
                    out.push('\\');
                    continue;
                }
            };
            chars.next();
            out.push(decoded);
        }
        Some(out)
    }

    #[test]
    fn plain_swedish_text_is_untouched() {
        assert!(matches!(escape("Åtgärder för unga 13–29 år"), Cow::Borrowed(_)));
        assert!(matches!(escape("C:\\plans\\lok.toml"), Cow::Borrowed(_)), "a path keeps single backslashes");
    }

    #[test]
    fn escape_sequences_become_visible() {
        assert_eq!(escape("a\u{1b}]52;c;aGk=\u{7}b"), "a\\e]52;c;aGk=\\x07b");
        assert_eq!(escape("x\u{9b}2J"), "x\\x9b2J");
        assert_eq!(escape("evil\u{202e}txt"), "evil\\u{202e}txt");
        assert_eq!(escape("a\nb"), "a\\nb");
    }

    // Issue #15: a real TAB and the two characters `\t` looked the same.
    #[test]
    fn a_control_character_and_its_spelling_look_different() {
        assert_eq!(escape("a\tb"), "a\\tb");
        assert_eq!(escape("a\\tb"), "a\\\\tb");
        assert_eq!(escape("\u{200f}"), "\\u{200f}");
        assert_eq!(escape("\\u{200f}"), "\\\\u{200f}");
        assert_eq!(escape("slut\\"), "slut\\\\", "a backslash at the end may meet an escape in the next piece");
        assert_ne!(escape_multiline("a\tb"), escape_multiline("a    b"), "a tab is not four spaces");
    }

    #[test]
    fn sanitize_leaves_escaped_text_as_it_is() {
        for raw in ["a\tb", "a\\tb", "C:\\x", "\u{1b}[31m\u{202e}", "slut\\"] {
            let once = escape(raw);
            assert_eq!(sanitize(&once), once, "{raw:?}");
        }
        assert_eq!(sanitize("a\u{1b}b\\t"), "a\\eb\\t");
    }

    #[test]
    fn multiline_keeps_newlines_only() {
        assert_eq!(escape_multiline("a\nb\u{1b}[31m"), "a\nb\\e[31m");
    }

    fn any_text() -> impl Strategy<Value = String> {
        let pieces = prop_oneof![
            Just("\\".to_string()),
            Just("t".to_string()),
            Just("u{200f}".to_string()),
            Just("x1b".to_string()),
            Just("\t".to_string()),
            Just("\n".to_string()),
            Just("\u{200f}".to_string()),
            Just("\u{1b}".to_string()),
            Just("\u{9b}".to_string()),
            Just("å".to_string()),
            any::<char>().prop_map(String::from),
        ];
        proptest::collection::vec(pieces, 0..12).prop_map(|v| v.concat())
    }

    proptest! {
        // Issue #15: the escaped form reads back as exactly the text, so
        // no two texts share one display, also when the text is escaped
        // in pieces (the word diff escapes each segment on its own).
        #[test]
        fn escaping_is_reversible(a in any_text(), b in any_text()) {
            let shown = escape(&a);
            prop_assert!(!shown.chars().any(is_dangerous));
            prop_assert_eq!(unescape(&shown), Some(a.clone()));
            let joined = format!("{}{}", escape(&a), escape(&b));
            prop_assert_eq!(unescape(&joined), Some(format!("{a}{b}")));
            let multi = escape_multiline(&a);
            prop_assert!(!multi.chars().any(|c| c != '\n' && is_dangerous(c)));
            prop_assert_eq!(unescape(&multi), Some(a.clone()));
        }
    }
}
