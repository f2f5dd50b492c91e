//! The plan as a Markdown document to publish: the same content and order
//! as the HTML export (header, vision, overall goal, parties, then per
//! focus area its goals, activities, responsibility and indicators), with
//! tables where a reader compares rows.
//!
//! Plan text is escaped with the diff's [`md`], after folding table cells
//! and headings to one line and long text to paragraphs.

use std::fmt::Write as _;

use super::followup::{AreaFollowUp, FollowUp, Gap, IndicatorFollowUp};
use super::{label, one_line, paragraphs, with_unit};
use crate::diff::markdown::md;
use crate::i18n::Lang;
use crate::plan::model::{Item, Plan, Value};

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
