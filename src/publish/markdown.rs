//! The plan as a Markdown document to publish: the same content and order
//! as the HTML export (header, vision, overall goal, parties, then per
//! focus area its goals, activities, responsibility and indicators), with
//! tables where a reader compares rows.
//!
//! Plan text is escaped with [`md`], after folding table cells and
//! headings to one line and long text to paragraphs; [`diff`] paints a
//! diff and [`review`] a review report with it.

pub mod diff;
pub mod review;

use std::fmt::Write as _;

use super::followup::{AreaFollowUp, FollowUp, Gap, IndicatorFollowUp};
use super::{label, one_line, paragraphs, with_unit};
use crate::i18n::Lang;
use crate::plan::model::{Item, Plan, Value};
use crate::text;

/// Returns text for one table cell or heading.
fn cell(s: &str) -> String {
    md(&one_line(s))
}

fn paras(out: &mut String, s: &str) {
    for p in paragraphs(s) {
        let _ = writeln!(out, "{}\n", md(&p));
    }
}

/// Renders the plan as Markdown.
pub fn render(plan: &Plan, f: &FollowUp<'_>, lang: Lang) -> String {
    render_with(plan, f, &[], lang)
}

/// Renders the plan as Markdown, followed by sections already rendered
/// (the decisions, the consultation summary as an annex).
pub fn render_with(plan: &Plan, f: &FollowUp<'_>, annexes: &[String], lang: Lang) -> String {
    let (p, r) = (&plan.plan, &plan.revision);
    let mut out = String::with_capacity(32 * 1024);
    let _ = writeln!(out, "# {}\n", cell(p.str("title")));
    let field = |item: &Item, name: &str| item.kind.field(name).map(|f| f.label(lang)).unwrap_or(name).to_string();
    let mut rows: Vec<(String, String)> = vec![
        (field(p, "county"), cell(p.str("county"))),
        (field(p, "kind"), cell(&label(p, "kind", lang))),
        (field(p, "target_group"), cell(p.str("target_group"))),
    ];
    if let Some(Value::Period { start, end }) = p.get("period") {
        rows.push((field(p, "period"), format!("{start} – {end}")));
    }
    rows.push((field(r, "version"), cell(r.str("version"))));
    rows.push((field(r, "status"), cell(&label(r, "status", lang))));
    rows.push((field(r, "date"), r.date("date").map(|d| d.to_string()).unwrap_or_default()));
    rows.push((field(r, "decided_by"), cell(r.str("decided_by"))));
    rows.push((field(r, "author"), cell(r.str("author"))));
    let _ = writeln!(out, "| | |\n|---|---|");
    for (k, v) in rows.into_iter().filter(|(_, v)| !v.is_empty()) {
        let _ = writeln!(out, "| **{k}** | {v} |");
    }
    out.push('\n');
    // Purpose, background and legal basis: format 1.1 (issue 18), as the Word export has them.
    for (item, name) in
        [(r, "summary"), (p, "purpose"), (p, "background"), (p, "legal_basis"), (p, "vision"), (p, "overall_goal")]
    {
        if !item.str(name).trim().is_empty() {
            let _ = writeln!(out, "## {}\n", field(item, name));
            paras(&mut out, item.str(name));
        }
    }
    if !plan.parties.is_empty() {
        let _ = writeln!(out, "## {}\n", lang.pick("Parter", "Parties"));
        for party in &plan.parties {
            let _ = writeln!(out, "- {} ({})", cell(party.label()), cell(&label(party, "kind", lang)));
        }
        out.push('\n');
    }
    for (n, area) in f.areas.iter().enumerate() {
        focus_area(&mut out, f, area, n + 1, lang);
    }
    for a in annexes {
        out.push_str(a);
    }
    out
}

fn focus_area(out: &mut String, f: &FollowUp<'_>, area: &AreaFollowUp<'_>, n: usize, lang: Lang) {
    let fa = area.focus_area;
    let _ = writeln!(out, "## {n}. {}\n", cell(fa.label()));
    if !fa.str("skr").is_empty() {
        let _ = writeln!(out, "_{}: {}_\n", lang.pick("SKR-område", "SKR area"), cell(&label(fa, "skr", lang)));
    }
    paras(out, fa.str("description"));
    let _ = writeln!(out, "### {}\n", lang.pick("Mål", "Goals"));
    if area.goals.is_empty() {
        let _ = writeln!(out, "{}\n", lang.pick("Inga mål ännu.", "No goals yet."));
    }
    for g in &area.goals {
        let who = f.names.of(g.list("responsible"), lang).join(", ");
        let _ = writeln!(out, "- **{}** {} _({})_  ", cell(&g.id), cell(g.label()), cell(&label(g, "level", lang)));
        let _ = writeln!(out, "  {}: {}", lang.pick("Ansvariga", "Responsible"), cell(&who));
        for p in paragraphs(g.str("description")) {
            let _ = writeln!(out, "\n  {}", md(&p));
        }
    }
    out.push('\n');
    activities(out, f, &area.goals, lang);
    responsibility(out, f, fa, lang);
    if !area.indicators.is_empty() {
        let _ = writeln!(out, "### {}\n", lang.pick("Indikatorer", "Indicators"));
        let heads = match lang {
            Lang::Sv => "| Id | Indikator | Riktning | Utgångsvärde | Mätningar | Målvärde | Källa |",
            Lang::En => "| Id | Indicator | Direction | Baseline | Measurements | Target | Source |",
        };
        let _ = writeln!(out, "{heads}\n|---|---|---|---|---|---|---|");
        for i in &area.indicators {
            indicator_row(out, i, lang);
        }
        out.push('\n');
    }
}

fn activities(out: &mut String, f: &FollowUp<'_>, goals: &[&Item], lang: Lang) {
    let acts: Vec<&Item> = goals.iter().flat_map(|g| f.activities_of(&g.id)).copied().collect();
    if acts.is_empty() {
        return;
    }
    let _ = writeln!(out, "### {}\n", lang.pick("Aktiviteter", "Activities"));
    let heads = match lang {
        Lang::Sv => "| Id | Mål | Aktivitet | Ansvariga | Ägare | Start | Klart senast | Status |",
        Lang::En => "| Id | Goal | Activity | Responsible | Owner | Start | Due | Status |",
    };
    let _ = writeln!(out, "{heads}\n|---|---|---|---|---|---|---|---|");
    for a in acts {
        let date = |n: &str| a.date(n).map(|d| d.to_string()).unwrap_or_default();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            cell(&a.id),
            cell(a.str("goal")),
            cell(a.label()),
            cell(&f.names.of(a.list("responsible"), lang).join(", ")),
            cell(a.str("owner")),
            date("start"),
            date("due"),
            cell(&label(a, "status", lang)),
        );
    }
    out.push('\n');
}

fn responsibility(out: &mut String, f: &FollowUp<'_>, fa: &Item, lang: Lang) {
    let rows = super::responsibility(f, fa, lang);
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(out, "### {}\n", lang.pick("Ansvar", "Responsibility"));
    let _ =
        writeln!(out, "{}\n|---|---|---|", lang.pick("| Part | Mål | Aktiviteter |", "| Party | Goals | Activities |"));
    let ids = |items: &[&Item]| cell(&items.iter().map(|i| i.id.as_str()).collect::<Vec<_>>().join(", "));
    for row in rows {
        let _ = writeln!(out, "| {} | {} | {} |", cell(&row.parties.join(", ")), ids(&row.goals), ids(&row.activities));
    }
    out.push('\n');
    for g in &f.gaps {
        if let Gap::NoPrincipal { focus_area, missing } = g
            && std::ptr::eq(*focus_area, fa)
        {
            let why = missing.gap_sentence(lang);
            let _ = writeln!(out, "> **{}** {why}\n", lang.pick("Obs!", "Note:"));
        }
    }
}

fn indicator_row(out: &mut String, i: &IndicatorFollowUp<'_>, lang: Lang) {
    let unit = i.item.str("unit");
    let yv = |v: f64, y: i64| format!("{} ({y})", with_unit(v, unit, lang));
    let baseline = i.baseline.map(|b| yv(b.value, b.year)).unwrap_or_default();
    let ms = i.measurements.iter().map(|m| yv(m.value, m.year)).collect::<Vec<_>>().join(", ");
    let target = i.target.map(|t| yv(t.value, t.year)).unwrap_or_default();
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} | {} | {} | {} |",
        cell(&i.item.id),
        cell(i.item.label()),
        cell(&label(i.item, "direction", lang)),
        cell(&baseline),
        cell(&ms),
        cell(&target),
        cell(i.item.str("source")),
    );
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
