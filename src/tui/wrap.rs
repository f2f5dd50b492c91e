//! Word wrapping by display width (å, ä, ö are one column, CJK two), so the
//! detail pane knows exactly how many lines each field takes and can keep
//! the selected field on screen without asking the renderer.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Like [`wrap`], for a text whose layout is taken out (see
/// `prose::unwrapped`): a list line ("- ", "• ", "* ") that runs over is
/// continued under its text, two columns in.
pub fn wrap_prose(text: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.split('\n') {
        let mut c = line.chars();
        let listed = matches!(c.next(), Some('-' | '•' | '*')) && c.next() == Some(' ');
        if listed && width > 4 {
            for (n, part) in wrap(line, width - 2).into_iter().enumerate() {
                out.push(if n == 0 { part } else { format!("  {part}") });
            }
        } else {
            out.extend(wrap(line, width));
        }
    }
    out
}

/// Returns `text` broken into lines of at most `width` columns; line breaks
/// in the text are kept and words longer than a line are split.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut out = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        let mut used = 0;
        for word in para.split_inclusive(' ') {
            let w = word.width();
            // A trailing space may hang past the edge.
            let fits = used + word.trim_end().width() <= width;
            if !fits && used > 0 {
                out.push(std::mem::take(&mut line).trim_end().to_string());
                used = 0;
                if word.trim().is_empty() {
                    continue;
                }
            }
            if word.trim_end().width() > width {
                for g in word.graphemes(true) {
                    let gw = g.width();
                    if used + gw > width && used > 0 {
                        out.push(std::mem::take(&mut line));
                        used = 0;
                    }
                    line.push_str(g);
                    used += gw;
                }
            } else {
                line.push_str(word);
                used += w;
            }
        }
        out.push(line.trim_end().to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wraps_by_width_and_keeps_breaks() {
        assert_eq!(wrap("åäö åäö åäö", 7), vec!["åäö åäö", "åäö"]);
        assert_eq!(wrap("a\nb", 10), vec!["a", "b"]);
        assert_eq!(wrap("abcdefgh", 3), vec!["abc", "def", "gh"]);
        assert_eq!(wrap("日本語", 4), vec!["日本", "語"]);
    }
}
