//! A text value as prose: paragraphs separated by blank lines, in which a
//! single line break is layout, not content (issue #21).
//!
//! People re-wrap descriptions, visions and summaries; that is no change.
//! A line that starts a list item (`- ` or `• `) stays a line of its own,
//! and so does the break before it. Leading and trailing white space is
//! layout too. The file keeps every text as the person wrote it: what
//! this module gives is the way to compare texts ([`same_text`],
//! [`normalize`]), to show them ([`reflow`]) and to merge two edits of one
//! text word by word ([`merge3`]).
//!
//! A text is read as tokens: words (letters and digits, with a hyphen,
//! apostrophe or colon inside them: `SIP-möte`, `SKR:s`; and `1,5`,
//! `13–29` between digits), white space, and every other character alone
//! (`§`, quotes, punctuation). Two texts are the same when their tokens
//! are, white space compared by what it means: nothing at either end, a
//! paragraph break (a blank line), a list line's break, one space for a
//! line break or a run of spaces; a TAB or no-break space inside a line
//! stays as written.

use std::ops::Range;

use similar::{Algorithm, DiffOp, capture_diff_slices};

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Word,
    Space,
    Other,
}

/// One token of a text: where it is, and what it means for comparing.
#[derive(Debug, Clone)]
struct Token<'a> {
    class: Class,
    text: &'a str,
    /// The token's meaning: the text itself, or for white space its layout-
    /// free form (`""`, `" "`, `"\n"` before a list line, `"\n\n"`).
    key: &'a str,
}

/// Returns true for a character that joins two parts of one word when it
/// stands between them: `SIP-möte`, `SKR:s`, `barn's`.
fn joins_letters(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}' | '\'' | '\u{2019}' | ':')
}

/// Returns true for a character that joins two digits: `1,5`, `2.0`, `13–29`.
fn joins_digits(c: char) -> bool {
    matches!(c, ',' | '.' | '\u{2013}' | '-' | '\u{a0}' | '\u{202f}')
}

/// Returns true if `rest` (the text after a line break and its indent)
/// starts a list line.
fn starts_list_line(rest: &str) -> bool {
    let mut c = rest.chars();
    matches!(c.next(), Some('-' | '•' | '*')) && matches!(c.next(), Some(' ' | '\t'))
}

fn tokens(s: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let end_of = |i: usize| chars.get(i).map_or(s.len(), |&(b, _)| b);
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        let mut j = i + 1;
        let class = if c.is_alphanumeric() {
            while j < chars.len() {
                let d = chars[j].1;
                if d.is_alphanumeric() {
                    j += 1;
                } else if j + 1 < chars.len() && chars[j + 1].1.is_alphanumeric() {
                    let (prev, next) = (chars[j - 1].1, chars[j + 1].1);
                    let digits = prev.is_ascii_digit() && next.is_ascii_digit();
                    if (joins_letters(d) && !(d == ':' && digits)) || (digits && joins_digits(d)) {
                        j += 2;
                    } else {
                        break;
                    }
                } else {
                    break;
                }
            }
            Class::Word
        } else if c.is_whitespace() {
            while j < chars.len() && chars[j].1.is_whitespace() {
                j += 1;
            }
            Class::Space
        } else {
            Class::Other
        };
        let text = &s[start..end_of(j)];
        let key = match class {
            Class::Space if start == 0 || j == chars.len() => "",
            Class::Space if text.matches('\n').count() >= 2 => "\n\n",
            Class::Space if text.contains('\n') && starts_list_line(&s[end_of(j)..]) => "\n",
            Class::Space if text.contains('\n') || text.bytes().all(|b| b == b' ') => " ",
            // A TAB or a no-break space inside a line is kept as written:
            // it is no line layout, and may be what someone meant.
            Class::Space => text,
            _ => text,
        };
        out.push(Token { class, text, key });
        i = j;
    }
    out
}

/// Returns the text with its layout taken out: paragraphs joined by one
/// blank line, list lines by one line break, words by one space, nothing
/// at either end.
pub fn normalize(s: &str) -> String {
    tokens(s).iter().map(|t| t.key).collect()
}

/// Returns true if the two texts say the same in another layout.
pub fn same_text(a: &str, b: &str) -> bool {
    a == b || {
        let meant = |s| tokens(s).into_iter().map(|t| t.key).filter(|k| !k.is_empty());
        meant(a).eq(meant(b))
    }
}

/// Returns the paragraphs of a text (layout taken out), each as its lines:
/// one line for running text, one per list line.
pub fn paragraphs(s: &str) -> Vec<Vec<String>> {
    normalize(s).split("\n\n").filter(|p| !p.is_empty()).map(|p| p.split('\n').map(String::from).collect()).collect()
}

/// Returns the text with the line breaks that are layout taken out, for a
/// view that wraps it to its own width: the lines of a paragraph joined by
/// one space, paragraphs separated by one empty line, a list line kept on
/// a line of its own. Unlike [`normalize`] nothing else is touched (a TAB,
/// a control character or a run of spaces inside a line stays, for the
/// view to show escaped); the line break of a CR LF file is a line break.
pub fn unwrapped(s: &str) -> String {
    let mut out = String::new();
    let mut in_para = false;
    for line in s.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line).trim_matches(' ');
        if line.is_empty() {
            in_para = false;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if !in_para {
                "\n\n"
            } else if starts_list_line(line) {
                "\n"
            } else {
                " "
            });
        }
        out.push_str(line);
        in_para = true;
    }
    out
}

/// Returns the text as lines of at most `width` columns (a longer word
/// stands alone on its line), paragraphs separated by an empty line and
/// list lines each starting a line, continued under its text.
pub fn reflow(s: &str, width: usize) -> Vec<String> {
    use unicode_width::UnicodeWidthStr;
    let width = width.max(1);
    let mut out = Vec::new();
    for (n, para) in paragraphs(s).iter().enumerate() {
        if n > 0 {
            out.push(String::new());
        }
        for line in para {
            let indent = if starts_list_line(line) { 2 } else { 0 };
            let (mut current, mut used, mut empty) = (String::new(), 0, true);
            for word in line.split(' ') {
                let w = word.width();
                if !empty && used + 1 + w > width {
                    out.push(std::mem::take(&mut current));
                    current.push_str(&" ".repeat(indent));
                    (used, empty) = (indent, true);
                }
                if !empty {
                    current.push(' ');
                    used += 1;
                }
                current.push_str(word);
                (used, empty) = (used + w, false);
            }
            out.push(current);
        }
    }
    out
}

/// Two edits of one text merged (see [`merge3`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextMerge {
    /// The merged text, taking ours in every overlapping span.
    pub ours: String,
    /// The merged text, taking theirs in every overlapping span (equal to
    /// `ours` when nothing overlapped).
    pub theirs: String,
    /// Each overlapping span: the base's, ours' and theirs' text there.
    pub overlaps: Vec<[String; 3]>,
}

impl TextMerge {
    /// Returns the merged text if no edits overlapped.
    pub fn clean(&self) -> Option<&str> {
        self.overlaps.is_empty().then_some(self.ours.as_str())
    }
}

/// Maps each token of `base` to the token of `side` it stays as, if any.
fn kept(base: &[Token<'_>], side: &[Token<'_>]) -> Vec<Option<usize>> {
    let (b, s): (Vec<&str>, Vec<&str>) = (base.iter().map(|t| t.key).collect(), side.iter().map(|t| t.key).collect());
    let mut map = vec![None; base.len()];
    for op in capture_diff_slices(Algorithm::Myers, &b, &s) {
        if let DiffOp::Equal { old_index, new_index, len } = op {
            for d in 0..len {
                map[old_index + d] = Some(new_index + d);
            }
        }
    }
    map
}

/// A stretch between two tokens that all three texts share.
#[derive(Debug, Clone)]
struct Chunk {
    base: Range<usize>,
    ours: Range<usize>,
    theirs: Range<usize>,
}

impl Chunk {
    fn is_empty(&self) -> bool {
        self.base.is_empty() && self.ours.is_empty() && self.theirs.is_empty()
    }
}

/// Merges ours' and theirs' edits of one text word by word, against the
/// base (diff3 on the tokens above). Edits that do not overlap both come
/// through, each in its side's wording; the layout of what neither changed
/// is ours'. Edits overlap when they touch the same words, insert at the
/// same place, or have only white space and punctuation between them (two
/// neighbouring words changed on the two sides are one overlap, never a
/// silent pick).
pub fn merge3(base: &str, ours: &str, theirs: &str) -> TextMerge {
    let (b, o, t) = (tokens(base), tokens(ours), tokens(theirs));
    let (ob, tb) = (kept(&b, &o), kept(&b, &t));
    // Alternating chunks and stable tokens (base index of each stable one).
    let mut chunks: Vec<Chunk> = Vec::new();
    let mut stable: Vec<usize> = Vec::new();
    let (mut i, mut j, mut k) = (0, 0, 0);
    for s in 0..b.len() {
        let (Some(js), Some(ks)) = (ob[s], tb[s]) else { continue };
        if js < j || ks < k {
            continue;
        }
        chunks.push(Chunk { base: i..s, ours: j..js, theirs: k..ks });
        stable.push(s);
        (i, j, k) = (s + 1, js + 1, ks + 1);
    }
    chunks.push(Chunk { base: i..b.len(), ours: j..o.len(), theirs: k..t.len() });
    // A run of stable tokens without a word does not keep two changed
    // chunks apart: they become one.
    fn keys<'a>(toks: &[Token<'a>], r: &Range<usize>) -> Vec<&'a str> {
        toks[r.clone()].iter().map(|t| t.key).collect()
    }
    let changed = |c: &Chunk| keys(&b, &c.base) != keys(&o, &c.ours) || keys(&b, &c.base) != keys(&t, &c.theirs);
    // Each chunk with the stable tokens after it.
    let mut runs: Vec<(Chunk, Vec<usize>)> = Vec::new();
    for (n, chunk) in chunks.into_iter().enumerate() {
        let after: Vec<usize> = stable.get(n).copied().into_iter().collect();
        if let Some((prev, gap)) = runs.last_mut() {
            if changed(prev) && changed(&chunk) && gap.iter().all(|&s| b[s].class != Class::Word) {
                prev.base.end = chunk.base.end;
                prev.ours.end = chunk.ours.end;
                prev.theirs.end = chunk.theirs.end;
                *gap = after;
                continue;
            }
            if chunk.is_empty() {
                gap.extend(after);
                continue;
            }
        }
        runs.push((chunk, after));
    }
    let text = |toks: &[Token<'_>], r: &Range<usize>| toks[r.clone()].iter().map(|t| t.text).collect::<String>();
    let mut merged = TextMerge { ours: String::new(), theirs: String::new(), overlaps: Vec::new() };
    for (c, gap) in &runs {
        let (bk, ok, tk) = (keys(&b, &c.base), keys(&o, &c.ours), keys(&t, &c.theirs));
        if ok == bk {
            let s = text(&t, &c.theirs);
            merged.ours.push_str(&s);
            merged.theirs.push_str(&s);
        } else if tk == bk || tk == ok {
            let s = text(&o, &c.ours);
            merged.ours.push_str(&s);
            merged.theirs.push_str(&s);
        } else {
            let (bs, os, ts) = (text(&b, &c.base), text(&o, &c.ours), text(&t, &c.theirs));
            merged.ours.push_str(&os);
            merged.theirs.push_str(&ts);
            merged.overlaps.push([bs, os, ts]);
        }
        for &s in gap {
            let from_ours = ob[s].map(|x| o[x].text).unwrap_or(b[s].text);
            merged.ours.push_str(from_ours);
            merged.theirs.push_str(from_ours);
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const VISION: &str = "Unga i Jämtlands län ska kunna växa upp och ta steget in i vuxenlivet utan\natt skadas av alkohol, narkotika, tobak, dopning eller spel om pengar.\n\nDen som behöver stöd ska få det tidigt, nära hemmet och utan att falla\nmellan kommunens och regionens ansvar.\n";

    #[test]
    fn a_rewrapped_paragraph_is_the_same_text() {
        let rewrapped = VISION.replace("utan\natt", "utan att").replace("tidigt, nära", "tidigt,\n  nära");
        assert!(same_text(VISION, &rewrapped));
        assert!(same_text("Text.\n", "  Text."));
        assert!(same_text("två  ord", "två ord"));
        assert!(!same_text("två\tord", "två ord"), "a TAB inside a line is not layout");
        assert!(!same_text("5\u{a0}§", "5 §"), "nor is a no-break space");
        assert!(!same_text(VISION, &VISION.replace("\n\nDen", " Den")), "a paragraph break is content");
        assert!(!same_text(VISION, &VISION.replace("tidigt", "tidigare")));
    }

    #[test]
    fn list_lines_stay_lines() {
        let list = "Insatser:\n- SIP inom fyra veckor\n- uppföljning efter ett år";
        assert!(!same_text(list, "Insatser: - SIP inom fyra veckor - uppföljning efter ett år"));
        assert_eq!(paragraphs(list), [vec!["Insatser:", "- SIP inom fyra veckor", "- uppföljning efter ett år"]]);
        assert_eq!(reflow(list, 14), ["Insatser:", "- SIP inom", "  fyra veckor", "- uppföljning", "  efter ett år"]);
    }

    #[test]
    fn unwrapped_joins_a_paragraphs_lines_and_keeps_the_rest() {
        let t = "Unga ska kunna\r\nväxa upp  utan\n\n\n- en punkt\n- en till\nsom fortsätter\n\n\tTAB\u{7}";
        assert_eq!(unwrapped(t), "Unga ska kunna växa upp  utan\n\n- en punkt\n- en till som fortsätter\n\n\tTAB\u{7}");
        assert_eq!(unwrapped(""), "");
        assert_eq!(unwrapped("\n\nett\n"), "ett");
    }

    #[test]
    fn reflow_fills_lines_and_keeps_paragraphs() {
        let lines = reflow(VISION, 40);
        assert!(lines.iter().all(|l| unicode_width::UnicodeWidthStr::width(l.as_str()) <= 40), "{lines:#?}");
        assert_eq!(lines.iter().filter(|l| l.is_empty()).count(), 1, "one blank line between the two paragraphs");
        assert_eq!(lines[0], "Unga i Jämtlands län ska kunna växa upp");
        assert_eq!(reflow("ord", 0), ["ord"]);
    }

    #[test]
    fn swedish_words_numbers_and_signs_are_tokens() {
        let words: Vec<&str> = tokens("SIP-möte enligt SKR:s plan, 13–29 år, 1,5 %; 5 § SoL «citat»")
            .into_iter()
            .filter(|t| t.class != Class::Space)
            .map(|t| t.text)
            .collect();
        assert_eq!(
            words,
            [
                "SIP-möte",
                "enligt",
                "SKR:s",
                "plan",
                ",",
                "13–29",
                "år",
                ",",
                "1,5",
                "%",
                ";",
                "5",
                "§",
                "SoL",
                "«",
                "citat",
                "»"
            ]
        );
    }

    #[test]
    fn edits_in_two_sentences_merge() {
        let base = "Samverkan regleras i 5 § hälso- och sjukvårdslagen. Planen följs upp varje år.";
        let ours = "Samverkan regleras i 16 kap. 3 § hälso- och sjukvårdslagen. Planen följs upp varje år.";
        let theirs = "Samverkan regleras i 5 § hälso- och sjukvårdslagen. Planen följs upp varje år, med SIP.";
        let m = merge3(base, ours, theirs);
        assert_eq!(
            m.clean(),
            Some("Samverkan regleras i 16 kap. 3 § hälso- och sjukvårdslagen. Planen följs upp varje år, med SIP.")
        );
    }

    #[test]
    fn the_same_word_on_both_sides_is_an_overlap() {
        let m = merge3("Stöd ges tidigt.", "Stöd ges snabbt.", "Stöd ges direkt.");
        assert_eq!(m.overlaps, [["tidigt".to_string(), "snabbt".into(), "direkt".into()]]);
        assert_eq!((m.ours.as_str(), m.theirs.as_str()), ("Stöd ges snabbt.", "Stöd ges direkt."));
    }

    #[test]
    fn boundary_pitfalls_of_diff3() {
        // Neighbouring words on the two sides: one overlap, not a pick.
        let m = merge3("ett två tre fyra", "ett TVÅ tre fyra", "ett två TRE fyra");
        assert_eq!(m.overlaps.len(), 1, "{m:?}");
        assert_eq!(m.overlaps[0], ["två tre".to_string(), "TVÅ tre".into(), "två TRE".into()]);
        // Words with only a comma between them are neighbours too.
        assert_eq!(merge3("a, b c", "x, b c", "a, y c").overlaps.len(), 1);
        // One word between them keeps them apart.
        assert_eq!(
            merge3("ett två tre fyra", "ETT två tre fyra", "ett två TRE fyra").clean(),
            Some("ETT två TRE fyra")
        );
        // Two insertions at one place: an overlap; the same insertion: once.
        assert_eq!(merge3("a b", "a x b", "a y b").overlaps.len(), 1);
        assert_eq!(merge3("a b", "a x b", "a x b").clean(), Some("a x b"));
        // Removed on one side, edited on the other.
        assert_eq!(merge3("a b c d", "a d", "a b C d").overlaps.len(), 1);
        // At either end of the text.
        assert_eq!(merge3("a b c", "Z a b c", "a b c Y").clean(), Some("Z a b c Y"));
        assert_eq!(merge3("", "ny", "annan").overlaps.len(), 1);
    }

    #[test]
    fn ours_layout_with_their_words() {
        let base = "Ett stycke som\nbryts här.";
        let ours = "Ett stycke som bryts här.";
        let theirs = "Ett stycke som\nbryts där.";
        assert_eq!(merge3(base, ours, theirs).clean(), Some("Ett stycke som bryts där."));
    }

    fn words() -> impl Strategy<Value = Vec<String>> {
        prop::collection::vec("[a-zåäö]{1,8}|§|[0-9]{1,3}|SIP-möte|,|\\.", 3..40)
    }

    /// Joins words with random layout: spaces, single line breaks and
    /// indents, with a blank line where `breaks` says.
    fn layout(words: &[String], seps: &[u8], breaks: &[usize]) -> String {
        let mut s = String::new();
        for (n, w) in words.iter().enumerate() {
            if n > 0 {
                s.push_str(if breaks.contains(&n) {
                    "\n\n"
                } else {
                    match seps[n % seps.len()] % 4 {
                        0 => " ",
                        1 => "\n",
                        2 => "  ",
                        _ => "\n   ",
                    }
                });
            }
            s.push_str(w);
        }
        s
    }

    proptest! {
        #[test]
        fn any_rewrap_is_no_change(ws in words(), a in prop::collection::vec(any::<u8>(), 1..8),
                                   b in prop::collection::vec(any::<u8>(), 1..8), brk in 1usize..40) {
            let breaks = [brk];
            let (x, y) = (layout(&ws, &a, &breaks), layout(&ws, &b, &breaks));
            prop_assert!(same_text(&x, &y), "{x:?} / {y:?}");
            prop_assert_eq!(normalize(&x), normalize(&y));
        }

        #[test]
        fn edits_apart_merge_to_both(ws in words(), seps in prop::collection::vec(any::<u8>(), 1..8),
                                     i in 0usize..40, gap in 2usize..40) {
            let i = i % ws.len();
            let j = i + gap;
            prop_assume!(j < ws.len());
            // A word between the two edits keeps them apart.
            prop_assume!(ws[i + 1..j].iter().any(|w| w.chars().any(char::is_alphanumeric)));
            let base = layout(&ws, &seps, &[]);
            let mut o = ws.clone();
            o[i] = "VÅRT".into();
            let mut t = ws.clone();
            t[j] = "DERAS".into();
            let m = merge3(&base, &layout(&o, &seps, &[]), &layout(&t, &seps, &[]));
            let mut both = ws.clone();
            both[i] = "VÅRT".into();
            both[j] = "DERAS".into();
            prop_assert_eq!(m.clean().map(normalize), Some(normalize(&layout(&both, &seps, &[]))));
        }

        #[test]
        fn overlapping_edits_always_conflict(ws in words(), i in 0usize..40, x in "[A-Z]{1,6}", y in "[A-Z]{1,6}") {
            prop_assume!(x != y);
            let i = i % ws.len();
            let base = ws.join(" ");
            let mut o = ws.clone();
            o[i] = x.clone();
            let mut t = ws.clone();
            t[i] = y.clone();
            let m = merge3(&base, &o.join(" "), &t.join(" "));
            prop_assert!(!m.overlaps.is_empty(), "{:?}", m);
            prop_assert!(m.ours.contains(&x) && m.theirs.contains(&y));
        }
    }
}
