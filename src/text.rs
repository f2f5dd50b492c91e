//! Makes text from plan files safe to show on a terminal.
//!
//! Plan files come from other people. A title may hold an escape sequence
//! (ESC, CSI, OSC 52 clipboard writes), C1 controls or bidi overrides that
//! would act on the reader's terminal if printed raw. Every byte of file
//! content that reaches a terminal passes through [`escape`] or
//! [`escape_multiline`] first, in the CLI and in the TUI alike.

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

fn push_escaped(out: &mut String, c: char) {
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

/// Returns `s` with every control, bidi or invisible formatting character
/// replaced by a visible escape (`\e`, `\x9b`, `\u{202e}`, `\n`).
pub fn escape(s: &str) -> Cow<'_, str> {
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

/// Like [`escape`], but keeps line breaks (`\n`) so multi-line text stays
/// readable; a tab becomes four spaces.
pub fn escape_multiline(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c != '\n' && is_dangerous(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push('\n'),
            '\t' => out.push_str("    "),
            c if is_dangerous(c) => push_escaped(&mut out, c),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_swedish_text_is_untouched() {
        assert!(matches!(escape("Åtgärder för unga 13–29 år"), Cow::Borrowed(_)));
    }

    #[test]
    fn escape_sequences_become_visible() {
        assert_eq!(escape("a\u{1b}]52;c;aGk=\u{7}b"), "a\\e]52;c;aGk=\\x07b");
        assert_eq!(escape("x\u{9b}2J"), "x\\x9b2J");
        assert_eq!(escape("evil\u{202e}txt"), "evil\\u{202e}txt");
        assert_eq!(escape("a\nb"), "a\\nb");
    }

    #[test]
    fn multiline_keeps_newlines_only() {
        assert_eq!(escape_multiline("a\nb\u{1b}[31m"), "a\nb\\e[31m");
    }
}
