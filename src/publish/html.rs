//! The plan as one self-contained HTML page to publish or print: inline
//! CSS with print rules, inline SVG charts, no scripts, no external
//! resources.
//!
//! Every string from the plan goes through [`esc`], which escapes HTML's
//! five special characters and shows control, bidi and invisible
//! formatting characters as visible escapes (`\e`, `\u{202e}`), so a title
//! can neither inject markup nor reorder the text around it.

use std::fmt::Write as _;

use super::chart;
use super::followup::{AreaFollowUp, FollowUp, Gap, IndicatorFollowUp};
use super::{label, one_line, paragraphs, with_unit};
use crate::i18n::Lang;
use crate::plan::model::{Item, Plan};
use crate::text;

/// Escapes text for HTML and SVG (element content and quoted attributes).
/// Keeps `\n` and `\t`; shows every other control, bidi or invisible
/// formatting character as a visible escape, unambiguously (a backslash
/// that could read as one is doubled, see [`text`]).
pub fn esc(s: &str) -> String {
    let shown = text::escape_keeping(s, |c| matches!(c, '\n' | '\t'));
    let mut out = String::with_capacity(shown.len() + 16);
    for c in shown.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const CSS: &str = include_str!("style.css");

/// Renders the plan as a complete HTML document.
pub fn render(plan: &Plan, f: &FollowUp<'_>, lang: Lang) -> String {
    render_with(plan, f, &[], lang)
}

/// Renders the plan as a complete HTML document with sections already
/// rendered (the decisions, the consultation summary as an annex) after
/// the focus areas.
pub fn render_with(plan: &Plan, f: &FollowUp<'_>, annexes: &[String], lang: Lang) -> String {
    let p = &plan.plan;
    let mut out = String::with_capacity(64 * 1024);
    let title = one_line(p.str("title"));
    let county = one_line(p.str("county"));
    let _ = writeln!(out, "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">", lang.code());
    let _ = writeln!(out, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
    let _ = writeln!(out, "<meta name=\"generator\" content=\"lansplan {}\">", env!("CARGO_PKG_VERSION"));
    let _ = writeln!(out, "<title>{} – {}</title>", esc(&title), esc(&county));
    let _ = writeln!(out, "<style>\n{CSS}</style>\n</head>\n<body>\n<main>");
    header(&mut out, plan, f.today, lang);
    contents(&mut out, plan, lang);
    intro(&mut out, plan, lang);
    for (n, area) in f.areas.iter().enumerate() {
        focus_area(&mut out, plan, f, area, n + 1, lang);
    }
    for a in annexes {
        let _ = writeln!(out, "<section class=\"annex\">\n{a}</section>");
    }
    let _ = writeln!(
        out,
        "<footer>{} {} {}.</footer>",
        lang.pick("Skapad med lansplan ur revision", "Made with lansplan from revision"),
        esc(&one_line(plan.revision.str("version"))),
        lang.pick("av planfilen", "of the plan file")
    );
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

fn header(out: &mut String, plan: &Plan, today: crate::plan::Date, lang: Lang) {
    let (p, r) = (&plan.plan, &plan.revision);
    let _ = writeln!(out, "<header>");
    let _ = writeln!(
        out,
        "<p class=\"kicker\">{} · {}</p>",
        esc(&capitalized(&label(p, "kind", lang))),
        esc(&one_line(p.str("county")))
    );
    let _ = writeln!(out, "<h1>{}</h1>", esc(&one_line(p.str("title"))));
    let _ = writeln!(out, "<dl class=\"meta\">");
    let mut row = |k: &str, v: String, class: &str| {
        if !v.is_empty() {
            let _ = writeln!(out, "<div><dt>{}</dt><dd{class}>{v}</dd></div>", esc(k));
        }
    };
    let field = |item: &Item, name: &'static str| item.kind.field(name).map(|f| f.label(lang)).unwrap_or(name);
    row(field(p, "county"), esc(&one_line(p.str("county"))), "");
    row(field(p, "target_group"), esc(&one_line(p.str("target_group"))), "");
    if let Some(crate::plan::Value::Period { start, end }) = p.get("period") {
        row(field(p, "period"), format!("{start} – {end}"), "");
    }
    let status = r.str("status");
    let badge = format!(
        "{} <span class=\"badge rev-{}\">{}</span>",
        esc(&one_line(r.str("version"))),
        esc(&css_class(status)),
        esc(&label(r, "status", lang))
    );
    row(lang.pick("Version", "Version"), badge, "");
    row(field(r, "date"), r.date("date").map(|d| d.to_string()).unwrap_or_default(), "");
    row(field(r, "decided_by"), esc(&one_line(r.str("decided_by"))), "");
    row(field(r, "author"), esc(&one_line(r.str("author"))), "");
    // The day the follow-up states and verdicts below are judged on.
    row(lang.pick("Uppföljningsläge", "Follow-up as of"), today.to_string(), "");
    let _ = writeln!(out, "</dl>");
    let summary = r.str("summary");
    if !summary.trim().is_empty() {
        let _ = writeln!(out, "<div class=\"summary\"><h2>{}</h2>", esc(field(r, "summary")));
        paras(out, summary);
        let _ = writeln!(out, "</div>");
    }
    let _ = writeln!(out, "</header>");
}

fn contents(out: &mut String, plan: &Plan, lang: Lang) {
    let _ = writeln!(
        out,
        "<nav aria-label=\"{}\"><h2>{}</h2><ol>",
        lang.pick("Innehåll", "Contents"),
        lang.pick("Innehåll", "Contents")
    );
    for fa in &plan.focus_areas {
        let _ = writeln!(out, "<li><a href=\"#fa-{}\">{}</a></li>", anchor(&fa.id), esc(&one_line(fa.label())));
    }
    let _ = writeln!(out, "</ol></nav>");
}

fn intro(out: &mut String, plan: &Plan, lang: Lang) {
    let p = &plan.plan;
    // Purpose, background and legal basis: format 1.1 (issue 18), as the Word export has them.
    for name in ["purpose", "background", "legal_basis", "vision", "overall_goal"] {
        let v = p.str(name);
        if v.trim().is_empty() {
            continue;
        }
        let heading = p.kind.field(name).map(|f| f.label(lang)).unwrap_or(name);
        let _ = writeln!(out, "<section class=\"intro\"><h2>{}</h2>", esc(heading));
        paras(out, v);
        let _ = writeln!(out, "</section>");
    }
    if plan.parties.is_empty() {
        return;
    }
    let _ = writeln!(out, "<section class=\"intro\"><h2>{}</h2><ul class=\"parties\">", lang.pick("Parter", "Parties"));
    for party in &plan.parties {
        let _ = writeln!(
            out,
            "<li>{} <span class=\"muted\">({})</span></li>",
            esc(&one_line(party.label())),
            esc(&label(party, "kind", lang))
        );
    }
    let _ = writeln!(out, "</ul></section>");
}

fn focus_area(out: &mut String, plan: &Plan, f: &FollowUp<'_>, area: &AreaFollowUp<'_>, n: usize, lang: Lang) {
    let fa = area.focus_area;
    let _ = writeln!(out, "<section class=\"area\" id=\"fa-{}\">", anchor(&fa.id));
    let _ = writeln!(out, "<h2><span class=\"num\">{n}.</span> {}</h2>", esc(&one_line(fa.label())));
    if !fa.str("skr").is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"muted\">{}: {}</p>",
            esc(lang.pick("SKR-område", "SKR area")),
            esc(&label(fa, "skr", lang))
        );
    }
    paras(out, fa.str("description"));

    let _ = writeln!(out, "<h3>{}</h3>", lang.pick("Mål", "Goals"));
    if area.goals.is_empty() {
        let _ = writeln!(out, "<p class=\"muted\">{}</p>", lang.pick("Inga mål ännu.", "No goals yet."));
    }
    let _ = writeln!(out, "<ul class=\"goals\">");
    for g in &area.goals {
        let _ = writeln!(
            out,
            "<li id=\"goal-{}\"><span class=\"id\">{}</span> <strong>{}</strong> <span class=\"level\">{}</span>",
            anchor(&g.id),
            esc(&g.id),
            esc(&one_line(g.label())),
            esc(&label(g, "level", lang))
        );
        let who = f.names.of(g.list("responsible"), lang).join(", ");
        let _ = writeln!(out, "<div class=\"muted\">{}: {}</div>", lang.pick("Ansvariga", "Responsible"), esc(&who));
        paras(out, g.str("description"));
        let _ = writeln!(out, "</li>");
    }
    let _ = writeln!(out, "</ul>");

    activities(out, f, &area.goals, lang);
    responsibility(out, f, fa, lang);
    if !area.indicators.is_empty() {
        let _ = writeln!(out, "<h3>{}</h3>", lang.pick("Indikatorer", "Indicators"));
        for i in &area.indicators {
            indicator(out, i, lang);
            per_kommun(out, plan, i.item, lang);
        }
    }
    let _ = writeln!(out, "</section>");
}

fn activities(out: &mut String, f: &FollowUp<'_>, goals: &[&Item], lang: Lang) {
    if goals.iter().all(|g| f.activities_of(&g.id).is_empty()) {
        return;
    }
    let _ = writeln!(out, "<h3>{}</h3>", lang.pick("Aktiviteter", "Activities"));
    let heads = match lang {
        Lang::Sv => ["Id", "Aktivitet", "Ansvariga", "Ägare", "Start", "Klart senast", "Status"],
        Lang::En => ["Id", "Activity", "Responsible", "Owner", "Start", "Due", "Status"],
    };
    let _ = write!(out, "<table class=\"activities\"><thead><tr>");
    for h in heads {
        let _ = write!(out, "<th scope=\"col\">{h}</th>");
    }
    let _ = writeln!(out, "</tr></thead>");
    for g in goals {
        let acts = f.activities_of(&g.id);
        if acts.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "<tbody><tr class=\"group\"><th colspan=\"7\" scope=\"rowgroup\">{} {}</th></tr>",
            esc(&g.id),
            esc(&one_line(g.label()))
        );
        for a in acts {
            let date = |n: &str| a.date(n).map(|d| d.to_string()).unwrap_or_default();
            let status = a.str("status");
            // Its follow-up state as of the report's day (issue 22): an
            // activity past its due date and not done says so.
            let overdue = if crate::publish::followup::ActivityState::of(a, f.today)
                == crate::publish::followup::ActivityState::Overdue
            {
                format!(" <span class=\"badge st-overdue\">{}</span>", lang.pick("försenad", "overdue"))
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "<tr id=\"act-{}\"><td class=\"id\">{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"date\">{}</td><td class=\"date\">{}</td><td><span class=\"badge st-{}\">{}</span>{}</td></tr>",
                anchor(&a.id),
                esc(&a.id),
                esc(&one_line(a.label())),
                esc(&f.names.of(a.list("responsible"), lang).join(", ")),
                esc(&one_line(a.str("owner"))),
                date("start"),
                date("due"),
                esc(&css_class(status)),
                esc(&label(a, "status", lang)),
                overdue,
            );
        }
        let _ = writeln!(out, "</tbody>");
    }
    let _ = writeln!(out, "</table>");
}

fn responsibility(out: &mut String, f: &FollowUp<'_>, fa: &Item, lang: Lang) {
    let rows = super::responsibility(f, fa, lang);
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(out, "<h3>{}</h3>", lang.pick("Ansvar", "Responsibility"));
    let heads = lang.pick(
        "<th scope=\"col\">Part</th><th scope=\"col\">Mål</th><th scope=\"col\">Aktiviteter</th>",
        "<th scope=\"col\">Party</th><th scope=\"col\">Goals</th><th scope=\"col\">Activities</th>",
    );
    let _ = writeln!(out, "<table class=\"resp\"><thead><tr>{heads}</tr></thead><tbody>");
    let ids = |items: &[&Item]| esc(&items.iter().map(|i| i.id.as_str()).collect::<Vec<_>>().join(", "));
    for row in rows {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&one_line(&row.parties.join(", "))),
            ids(&row.goals),
            ids(&row.activities)
        );
    }
    let _ = writeln!(out, "</tbody></table>");
    for g in &f.gaps {
        if let Gap::NoPrincipal { focus_area, missing } = g
            && std::ptr::eq(*focus_area, fa)
        {
            let why = missing.gap_sentence(lang);
            let _ = writeln!(out, "<p class=\"note\">{why}</p>");
        }
    }
}

fn indicator(out: &mut String, i: &IndicatorFollowUp<'_>, lang: Lang) {
    let item = i.item;
    let unit = item.str("unit");
    let _ = writeln!(out, "<figure class=\"indicator\" id=\"ind-{}\">", anchor(&item.id));
    let _ = writeln!(
        out,
        "<figcaption><span class=\"id\">{}</span> <strong>{}</strong>",
        esc(&item.id),
        esc(&one_line(item.label()))
    );
    let mut facts = Vec::new();
    // The verdict as of the report's day (issue 22), as the editor and
    // `report` judge it.
    let verdict = i.verdict();
    let _ = write!(
        out,
        " <span class=\"badge verdict-{}\">{}</span>",
        css_class(&format!("{verdict:?}").to_lowercase()),
        esc(crate::publish::report::verdict_word(verdict, lang))
    );
    facts.push(format!("{}: {}", lang.pick("riktning", "direction"), label(item, "direction", lang)));
    if !item.str("source").is_empty() {
        facts.push(format!("{}: {}", lang.pick("källa", "source"), one_line(item.str("source"))));
    }
    let _ = writeln!(out, "<div class=\"muted\">{}</div></figcaption>", esc(&facts.join(" · ")));
    let _ = writeln!(out, "<div class=\"ind-body\">");
    if let Some(svg) = chart::svg(i, lang) {
        let _ = writeln!(out, "{svg}");
    }
    let yv = |v: f64, y: i64| format!("{} ({y})", with_unit(v, unit, lang));
    let dash = "–".to_string();
    let baseline = i.baseline.map(|b| yv(b.value, b.year)).unwrap_or_else(|| dash.clone());
    let ms = if i.measurements.is_empty() {
        dash.clone()
    } else {
        i.measurements.iter().map(|m| yv(m.value, m.year)).collect::<Vec<_>>().join(", ")
    };
    let target = i.target.map(|t| yv(t.value, t.year)).unwrap_or(dash);
    let heads = match lang {
        Lang::Sv => ["Utgångsvärde", "Mätningar", "Målvärde"],
        Lang::En => ["Baseline", "Measurements", "Target"],
    };
    let _ = writeln!(
        out,
        "<table class=\"values\"><tr><th scope=\"row\">{}</th><td>{}</td></tr><tr><th scope=\"row\">{}</th><td>{}</td></tr><tr><th scope=\"row\">{}</th><td>{}</td></tr></table>",
        heads[0],
        esc(&baseline),
        heads[1],
        esc(&ms),
        heads[2],
        esc(&target)
    );
    let _ = writeln!(out, "</div>\n</figure>");
}

/// Writes an indicator's figures per kommun (issue 19) as a table, the
/// kommuner that lag first, with the plan's total, the region and the
/// nation as reference rows and the latest figures for women and men; the
/// table has a caption and header cells (EN 301 549 asks for both).
fn per_kommun(out: &mut String, plan: &Plan, item: &Item, lang: Lang) {
    let Some(g) = crate::publish::areas::grid(plan, item, lang) else { return };
    let _ = writeln!(out, "<table class=\"areas\" id=\"areas-{}\">", anchor(&item.id));
    let _ = writeln!(out, "<caption>{}</caption>", esc(&g.caption));
    let _ = write!(out, "<thead><tr>");
    for h in &g.heads {
        let _ = write!(out, "<th scope=\"col\">{}</th>", esc(h));
    }
    let _ = writeln!(out, "</tr></thead><tbody>");
    for r in &g.rows {
        let class = if r.reference { "reference" } else { "kommun" };
        let _ = write!(out, "<tr class=\"{class}\"><th scope=\"row\">{}</th>", esc(&r.label));
        for c in &r.cells {
            let _ = write!(out, "<td>{}</td>", esc(c));
        }
        let _ = writeln!(out, "</tr>");
    }
    let _ = writeln!(out, "</tbody></table>");
}

/// Writes long text as paragraphs.
fn paras(out: &mut String, s: &str) {
    for p in paragraphs(s) {
        // A list line keeps its line.
        let _ = writeln!(out, "<p>{}</p>", esc(&p).replace('\n', "<br>\n"));
    }
}

/// Returns an id usable in a fragment link: ids are ASCII already when the
/// plan is valid; anything else becomes `_`.
fn anchor(id: &str) -> String {
    id.chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') { c } else { '_' }).collect()
}

/// Returns an enumeration value fit for a CSS class name.
fn css_class(s: &str) -> String {
    s.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').collect()
}

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_shows_controls() {
        assert_eq!(esc("<script>&\"'"), "&lt;script&gt;&amp;&quot;&#39;");
        assert_eq!(esc("a\u{1b}[31mb\u{202e}c\u{7}"), "a\\e[31mb\\u{202e}c\\x07");
        assert_eq!(esc("rad 1\nrad 2\tx"), "rad 1\nrad 2\tx");
        assert_eq!(esc("a\rb\u{85}"), "a\\rb\\x85");
    }

    #[test]
    fn anchors_and_classes_are_tame() {
        assert_eq!(anchor("early-detection"), "early-detection");
        assert_eq!(anchor("a\"b<c"), "a_b_c");
        assert_eq!(css_class("on\"going"), "ongoing");
    }
}
