//! Groups changes the way a reviewer reads them (plan and parties first,
//! then per focus area and goal) and renders them as Markdown fit to paste
//! into a consultation e-mail or an issue.

use std::fmt::Write as _;

use super::semantic::{Change, ElementChange, Op, element_changes, op_word};
use super::words::{Tag, word_diff};
use crate::i18n::Lang;
use crate::plan::model::{Plan, Value};
use crate::plan::schema::{FieldType, Kind, find_choice};
use crate::text;

/// A heading under which changes are listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Section {
    /// The plan, the revision and the parties.
    General,
    /// A focus area, by id.
    FocusArea(String),
    /// Items whose focus area cannot be told (a dangling reference).
    Unplaced,
}

/// Returns the section and goal a change belongs under.
pub fn placement(c: &Change) -> (Section, Option<String>) {
    let ctx = if c.op == Op::Removed { &c.old_context } else { &c.new_context };
    match c.kind {
        Kind::Plan | Kind::Revision | Kind::Party => (Section::General, None),
        Kind::FocusArea => (Section::FocusArea(c.id.clone().unwrap_or_default()), None),
        Kind::Goal | Kind::Commitment => match &ctx.focus_area {
            // A commitment sits right under its focus area, beside the goals.
            Some(fa) if c.kind == Kind::Commitment => (Section::FocusArea(fa.clone()), None),
            None if c.kind == Kind::Commitment => (Section::Unplaced, None),
            Some(fa) => (Section::FocusArea(fa.clone()), c.id.clone()),
            None => (Section::Unplaced, c.id.clone()),
        },
        Kind::Indicator | Kind::Activity => match &ctx.focus_area {
            Some(fa) => (Section::FocusArea(fa.clone()), ctx.goal.clone()),
            None => (Section::Unplaced, ctx.goal.clone()),
        },
    }
}

/// The changes under one goal (or, with `None`, directly under the section).
pub type GoalGroup<'a> = (Option<String>, Vec<&'a Change>);
/// The changes under one section heading.
pub type SectionGroup<'a> = (Section, Vec<GoalGroup<'a>>);

/// Returns the changes grouped by section (in the new plan's focus area
/// order, then focus areas only the old plan has) and, within a section, by
/// goal in first-seen order.
pub fn grouped<'a>(old: &Plan, new: &Plan, changes: &'a [Change]) -> Vec<SectionGroup<'a>> {
    let mut order = vec![Section::General];
    for fa in new.focus_areas.iter().chain(&old.focus_areas) {
        let s = Section::FocusArea(fa.id.clone());
        if !order.contains(&s) {
            order.push(s);
        }
    }
    order.push(Section::Unplaced);
    let mut out: Vec<SectionGroup<'a>> = Vec::new();
    for section in order {
        let mut goals: Vec<GoalGroup<'a>> = Vec::new();
        for c in changes {
            let (s, g) = placement(c);
            let s = if matches!(s, Section::FocusArea(ref id) if new.find(Kind::FocusArea, id).is_none() && old.find(Kind::FocusArea, id).is_none())
            {
                Section::Unplaced
            } else {
                s
            };
            if s != section {
                continue;
            }
            match goals.iter_mut().find(|(id, _)| *id == g) {
                Some((_, list)) => list.push(c),
                None => goals.push((g, vec![c])),
            }
        }
        // Changes to the section's own item (the focus area) come first.
        goals.sort_by_key(|(g, _)| g.is_some());
        if !goals.is_empty() {
            out.push((section, goals));
        }
    }
    out
}

/// Returns the heading of a section, as plain text.
pub fn section_title(old: &Plan, new: &Plan, section: &Section, lang: Lang) -> String {
    match section {
        Section::General => lang.pick("Plan, revision och parter", "Plan, revision and parties").to_string(),
        Section::FocusArea(id) => {
            format!("{}: {}", lang.pick("Fokusområde", "Focus area"), name_of(old, new, Kind::FocusArea, id))
        }
        Section::Unplaced => lang.pick("Utan fokusområde", "Without focus area").to_string(),
    }
}

/// Returns a field value as a person reads it, enumerations in words.
pub fn show_value(kind: Kind, field: &str, v: &Value, lang: Lang) -> String {
    if let (Some(f), Value::Str(s)) = (kind.field(field), v)
        && let FieldType::Enum(choices) = f.ty
        && let Some(c) = find_choice(choices, s)
    {
        return c.label(lang).to_string();
    }
    v.display()
}

/// Returns "label (id)" for an item of `kind` in either plan.
pub fn name_of(old: &Plan, new: &Plan, kind: Kind, id: &str) -> String {
    let label = new.find(kind, id).or_else(|| old.find(kind, id)).map(|i| i.label().to_string()).unwrap_or_default();
    if label.is_empty() { id.to_string() } else { format!("{label} ({id})") }
}

/// Escapes text from a plan for Markdown: control characters made visible,
/// Markdown's own characters backslashed, line breaks kept as breaks, and
/// no line able to open a block (issue #15): a text starting with `- `,
/// `+ `, `1. `, `---`, `===` or four spaces stays text wherever it lands
/// (a paragraph, a list item, a table cell, a heading).
pub fn md(s: &str) -> String {
    let s = text::escape_multiline(s);
    let mut out = String::with_capacity(s.len() + 8);
    let lines = s.contains('\n');
    for (n, line) in s.split('\n').enumerate() {
        if n > 0 {
            out.push_str("  \n  ");
        }
        if lines && line.is_empty() {
            // A blank line would end the block: the text stays one.
            out.push_str("&#32;");
        }
        md_line(&mut out, line);
    }
    out
}

/// Writes one line of [`md`].
fn md_line(out: &mut String, line: &str) {
    let body = line.trim_start_matches(' ');
    if body.len() < line.len() {
        // Leading spaces would make an indented code block (or a list
        // item's code); a space written as a character reference cannot.
        out.push_str("&#32;");
        out.push_str(&line[1..line.len() - body.len()]);
    }
    // A list marker, a setext underline or a rule at the start of a line.
    if body.starts_with(['-', '+', '=']) {
        out.push('\\');
    }
    // `1.` or `1)`: an ordered list item (CommonMark allows nine digits).
    let digits = body.bytes().take_while(u8::is_ascii_digit).count();
    for (i, c) in body.char_indices() {
        let ordered = i == digits && (1..=9).contains(&digits) && matches!(c, '.' | ')');
        if ordered || matches!(c, '\\' | '`' | '*' | '_' | '~' | '[' | ']' | '<' | '>' | '|' | '#' | '&') {
            out.push('\\');
        }
        out.push(c);
    }
}

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

fn revision_line(p: &Plan, lang: Lang) -> String {
    let r = &p.revision;
    let status = show_value(Kind::Revision, "status", r.get("status").unwrap_or(&Value::Str(String::new())), lang);
    let date = r.date("date").map(|d| d.to_string()).unwrap_or_default();
    format!("{} ({date}, {status})", md(r.str("version")))
}

/// Renders the whole diff as Markdown.
pub fn render(old: &Plan, new: &Plan, changes: &[Change], lang: Lang) -> String {
    render_annotated(old, new, changes, &|_| Vec::new(), lang)
}

/// Renders the diff as Markdown with `notes` (unescaped lines, such as
/// the consultation points behind a change) as a list under each change.
pub fn render_annotated(
    old: &Plan,
    new: &Plan,
    changes: &[Change],
    notes: &dyn Fn(&Change) -> Vec<String>,
    lang: Lang,
) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}: {}", lang.pick("Ändringar", "Changes"), md(new.plan.str("title")));
    let _ = writeln!(out);
    let n = changes.len();
    let _ = writeln!(
        out,
        "{} {} {} {}: **{n}** {}.",
        lang.pick("Från version", "From version"),
        revision_line(old, lang),
        lang.pick("till", "to"),
        revision_line(new, lang),
        if n == 1 { lang.pick("ändring", "change") } else { lang.pick("ändringar", "changes") }
    );
    for (section, goals) in grouped(old, new, changes) {
        let _ = writeln!(out);
        let _ = writeln!(out, "## {}", md(&section_title(old, new, &section, lang)));
        for (goal, list) in goals {
            let _ = writeln!(out);
            if let Some(g) = goal {
                let _ = writeln!(out, "### {} {}", lang.pick("Mål", "Goal"), md(&name_of(old, new, Kind::Goal, &g)));
                let _ = writeln!(out);
            }
            for c in list {
                let _ = writeln!(out, "{}", change_line(old, new, c, lang));
                for note in notes(c) {
                    let _ = writeln!(out, "  - ↳ {}", md(&note));
                }
            }
        }
    }
    out
}

/// Renders one change as a Markdown list item.
pub fn change_line(old: &Plan, new: &Plan, c: &Change, lang: Lang) -> String {
    let what = match &c.id {
        Some(id) => format!("{} {}", capitalized(c.kind.noun(lang)), md(id)),
        None => capitalized(c.kind.noun(lang)),
    };
    match c.op {
        Op::Added | Op::Removed => {
            let label = c.item.as_ref().map(|i| md(i.label())).unwrap_or_default();
            let mut line = format!("- {what} **{}**: {label}", op_word(c.op, c.kind, lang));
            if let Some(same) = &c.probably_same_as {
                let _ = write!(
                    line,
                    " _({} {})_",
                    lang.pick("troligen samma som den nya", "probably the same as the new"),
                    md(same)
                );
            }
            line
        }
        Op::Moved => {
            let target = if c.field == Some("goal") { Kind::Goal } else { Kind::FocusArea };
            let from =
                c.old.as_ref().and_then(Value::as_str).map(|id| name_of(old, new, target, id)).unwrap_or_default();
            let to = c.new.as_ref().and_then(Value::as_str).map(|id| name_of(old, new, target, id)).unwrap_or_default();
            format!("- {what} **{}**: {} → {}", op_word(c.op, c.kind, lang), md(&from), md(&to))
        }
        Op::Changed => {
            let field = c.field.unwrap_or("");
            let label = c.kind.field(field).map(|f| f.label(lang)).unwrap_or(field);
            let show = |v: &Option<Value>| v.as_ref().map(|v| show_value(c.kind, field, v, lang));
            let elements = element_changes(c.old.as_ref(), c.new.as_ref());
            let body = match (show(&c.old), show(&c.new)) {
                _ if elements.is_some() => elements
                    .unwrap_or_default()
                    .iter()
                    .map(|e| match e {
                        ElementChange::Removed(x) => format!("~~{}~~", md(x)),
                        ElementChange::Added(x) => format!("**+{}**", md(x)),
                        ElementChange::Changed { key, old, new } => {
                            format!("{}: ~~{}~~ → **{}**", md(key), md(old), md(new))
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
                (Some(a), Some(b)) if is_text(c.kind, field) => inline_words(&a, &b),
                (Some(a), Some(b)) => format!("~~{}~~ → **{}**", md(&a), md(&b)),
                (None, Some(b)) => format!("({}) → **{}**", lang.pick("saknades", "absent"), md(&b)),
                (Some(a), None) => format!("~~{}~~ → ({})", md(&a), lang.pick("borttaget", "removed")),
                (None, None) => String::new(),
            };
            // Issue 18: a commitment held by another principal says so.
            let shift =
                super::shift::of(old, new, c).map(|t| format!(" — **{}**", md(t.get(lang)))).unwrap_or_default();
            format!("- {}, {}: {body}{shift}", capitalized(&what), label.to_lowercase())
        }
    }
}

/// Returns true for free-text fields, where a word diff helps.
pub fn is_text(kind: Kind, field: &str) -> bool {
    kind.field(field).is_some_and(|f| matches!(f.ty, FieldType::Text | FieldType::LongText))
}

fn inline_words(a: &str, b: &str) -> String {
    let segs = word_diff(a, b);
    if !segs.iter().any(|s| s.tag == Tag::Same) {
        return format!("~~{}~~ → **{}**", md(a), md(b));
    }
    let mut out = String::new();
    for seg in segs {
        let t = md(&seg.text);
        match seg.tag {
            Tag::Same => out.push_str(&t),
            // Keep the whitespace outside the markers, where Markdown wants it.
            Tag::Removed => wrap(&mut out, &t, "~~"),
            Tag::Added => wrap(&mut out, &t, "**"),
        }
    }
    out
}

fn wrap(out: &mut String, t: &str, mark: &str) {
    let core = t.trim();
    if core.is_empty() {
        out.push_str(t);
        return;
    }
    let lead = &t[..t.len() - t.trim_start().len()];
    let trail = &t[t.trim_end().len()..];
    let _ = write!(out, "{lead}{mark}{core}{mark}{trail}");
}

#[cfg(test)]
mod tests {
    use super::md;
    use crate::publish::one_line;
    use crate::text::escape_multiline;
    use proptest::prelude::*;
    use pulldown_cmark::{Event, Options, Parser};

    /// Returns the blocks and inline markup a CommonMark reader sees in
    /// `doc`, and its text (breaks as `\n`).
    fn read(doc: &str) -> (Vec<String>, String) {
        let mut tags = Vec::new();
        let mut text = String::new();
        for ev in Parser::new_ext(doc, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH) {
            match ev {
                Event::Start(t) => tags.push(format!("{t:?}").split(['(', ' ', '{']).next().unwrap_or("").to_string()),
                Event::Text(t) => text.push_str(&t),
                Event::SoftBreak | Event::HardBreak => text.push('\n'),
                Event::End(_) => {}
                other => tags.push(format!("{other:?}")),
            }
        }
        (tags, text)
    }

    /// What a reader should see: the escaped text, line by line, without
    /// the spaces Markdown drops at the ends of lines.
    /// An empty line of a longer text shows as one space.
    fn seen(s: &str) -> String {
        let several = s.contains('\n');
        let one = |l: &str| match l {
            "" if several => " ".to_string(),
            l => escape_multiline(l).trim_end_matches(' ').to_string(),
        };
        s.split('\n').map(one).collect::<Vec<_>>().join("\n")
    }

    fn hostile() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("- "),
            Just("* "),
            Just("+ "),
            Just("1. "),
            Just("12) "),
            Just("---"),
            Just("==="),
            Just("***"),
            Just("# "),
            Just("> "),
            Just("    "),
            Just("```"),
            Just("~~~"),
            Just("<div>"),
            Just("| a |"),
            Just("[x](y)"),
            Just("\n"),
            Just("\t"),
            Just("\\"),
            Just("&amp;"),
            Just("Mål"),
            Just("a"),
            Just("2025"),
            Just(" "),
            Just("_"),
            Just("\u{200f}"),
        ];
        proptest::collection::vec(piece, 1..10).prop_map(|v| {
            let s: String = v.concat();
            // Markdown drops a line's trailing spaces, and text ending in
            // spaces is not what this test is about.
            s.split('\n').map(|l| l.trim_end_matches(' ')).collect::<Vec<_>>().join("\n")
        })
    }

    proptest! {
        // Issue #15: text from a plan never opens a block of its own in an
        // export (a list, a rule, a heading, a quote, code).
        #[test]
        fn plan_text_stays_text_wherever_it_lands(s in hostile()) {
            prop_assume!(!s.trim().is_empty());
            let (tags, text) = read(&format!("{}\n", md(&s)));
            prop_assert_eq!(tags, vec!["Paragraph".to_string()], "{:?}", md(&s));
            prop_assert_eq!(text, seen(&s));

            let (tags, text) = read(&format!("- **A1** {}\n", md(&s)));
            prop_assert_eq!(tags, vec!["List", "Item", "Strong"], "{:?}", md(&s));
            prop_assert_eq!(text, format!("A1 {}", seen(&s)));

            let line = one_line(&s);
            let (tags, text) = read(&format!("| a |\n|---|\n| {} |\n", md(&line)));
            prop_assert_eq!(tags, vec!["Table", "TableHead", "TableCell", "TableRow", "TableCell"], "{:?}", md(&line));
            prop_assert_eq!(text, format!("a{}", seen(&line)));

            let (tags, text) = read(&format!("## {}\n", md(&line)));
            prop_assert_eq!(tags, vec!["Heading"], "{:?}", md(&line));
            prop_assert_eq!(text, seen(&line));
        }
    }

    // Issue #15: the cases from the audit, as fixed strings.
    #[test]
    fn block_markers_are_escaped() {
        assert_eq!(md("- inte en lista"), "\\- inte en lista");
        assert_eq!(md("1. inte en lista"), "1\\. inte en lista");
        assert_eq!(md("---"), "\\---");
        assert_eq!(md("a\n---"), "a  \n  \\---");
        assert_eq!(md("1,5 miljoner"), "1,5 miljoner");
        assert_eq!(md(""), "");
    }
}
