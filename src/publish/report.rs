//! The follow-up report: per focus area, how many activities are done,
//! ongoing, planned, overdue and cancelled, which are overdue, and how each
//! indicator stands against its path to the target; then the holes in
//! responsibility. As text for a terminal or as Markdown for publishing.
//!
//! Sentences are built as plain text from plan data and escaped once for
//! their target at the end ([`crate::text::escape`] for the terminal,
//! [`md`] for Markdown), so the two renderings say the same thing.

use std::fmt::Write as _;

use super::followup::{
    ActivityState, AreaFollowUp, Counts, Direction, FollowUp, Gap, IndicatorFollowUp, Principal, Verdict, VerdictCounts,
};
use super::{label, one_line, with_unit};
use crate::i18n::Lang;
use crate::plan::model::{Item, Plan};
use crate::publish::markdown::md;
use crate::text;

/// Returns the word for a count of activities in a state, in the right
/// Swedish number ("1 klar", "2 klara").
fn state_words(state: ActivityState, n: usize, lang: Lang) -> String {
    let one = n == 1;
    let w = match (state, lang) {
        (ActivityState::Done, Lang::Sv) => {
            if one {
                "klar"
            } else {
                "klara"
            }
        }
        (ActivityState::Ongoing, Lang::Sv) => "pågår",
        (ActivityState::Planned, Lang::Sv) => {
            if one {
                "planerad"
            } else {
                "planerade"
            }
        }
        (ActivityState::Overdue, Lang::Sv) => {
            if one {
                "försenad"
            } else {
                "försenade"
            }
        }
        (ActivityState::Cancelled, Lang::Sv) => {
            if one {
                "inställd"
            } else {
                "inställda"
            }
        }
        (ActivityState::Done, Lang::En) => "done",
        (ActivityState::Ongoing, Lang::En) => "ongoing",
        (ActivityState::Planned, Lang::En) => "planned",
        (ActivityState::Overdue, Lang::En) => "overdue",
        (ActivityState::Cancelled, Lang::En) => "cancelled",
    };
    format!("{n} {w}")
}

/// Returns "Aktiviteter (7): 1 klar, 4 pågår, …".
pub fn counts_phrase(c: &Counts, lang: Lang) -> String {
    let parts = [
        state_words(ActivityState::Done, c.done, lang),
        state_words(ActivityState::Ongoing, c.ongoing, lang),
        state_words(ActivityState::Planned, c.planned, lang),
        state_words(ActivityState::Overdue, c.overdue, lang),
        state_words(ActivityState::Cancelled, c.cancelled, lang),
    ];
    format!("{} ({}): {}", lang.pick("Aktiviteter", "Activities"), c.total(), parts.join(", "))
}

/// Returns the name of a verdict.
pub fn verdict_word(v: Verdict, lang: Lang) -> &'static str {
    match v {
        Verdict::OnTrack => lang.pick("i fas", "on track"),
        Verdict::OffTrack => lang.pick("ej i fas", "off track"),
        Verdict::NoData => lang.pick("saknar mätning", "no data"),
        Verdict::Stale => lang.pick("inaktuell", "stale"),
    }
}

/// Returns "Indikatorer (3): 1 i fas, 1 ej i fas, 1 saknar mätning".
pub fn verdicts_phrase(v: &VerdictCounts, lang: Lang) -> String {
    // Stale figures (issue 19) are counted only where there are any, so a
    // plan followed up in time reads as before.
    let stale = match v.stale {
        0 => String::new(),
        1 => format!(", 1 {}", verdict_word(Verdict::Stale, lang)),
        n => format!(", {n} {}", lang.pick("inaktuella", "stale")),
    };
    let phrase = format!(
        "{} ({}): {} {}, {} {}, {} {}",
        lang.pick("Indikatorer", "Indicators"),
        v.on_track + v.off_track + v.no_data + v.stale,
        v.on_track,
        verdict_word(Verdict::OnTrack, lang),
        v.off_track,
        verdict_word(Verdict::OffTrack, lang),
        v.no_data,
        verdict_word(Verdict::NoData, lang),
    );
    phrase + &stale
}

/// Returns what an indicator's verdict rests on, e.g. "70 % 2022; enligt
/// planen högst 72,6 %; mål 65 % 2028".
pub fn indicator_basis(i: &IndicatorFollowUp<'_>, lang: Lang) -> String {
    let unit = i.item.str("unit");
    let yv = |v: f64, y: i64| format!("{} {y}", with_unit(v, unit, lang));
    let mut parts = Vec::new();
    let partial = |p: &Option<String>| match p {
        Some(p) => format!(" ({}: {})", lang.pick("del av året", "part of the year"), one_line(p)),
        None => String::new(),
    };
    match i.assessment.latest {
        Some(l) if i.stale => parts.push(format!(
            "{} {}: {}{}",
            lang.pick("senaste värde", "latest figure"),
            l.year,
            with_unit(l.value, unit, lang),
            partial(&i.latest_period)
        )),
        Some(l) => parts.push(yv(l.value, l.year) + &partial(&i.latest_period)),
        None => {
            parts.push(lang.pick("ingen mätning efter utgångsåret", "no measurement after the baseline year").into())
        }
    }
    if let (Some(e), Some(d)) = (i.assessment.expected, i.direction) {
        // A point on the path is a computed figure; one decimal is honest.
        let e = (e * 10.0).round() / 10.0;
        let bound = match (d, lang) {
            (Direction::Increase, Lang::Sv) => "minst",
            (Direction::Decrease, Lang::Sv) => "högst",
            (Direction::Increase, Lang::En) => "at least",
            (Direction::Decrease, Lang::En) => "at most",
        };
        if i.target.is_some() {
            parts.push(format!("{} {bound} {}", lang.pick("enligt planen", "per the plan"), with_unit(e, unit, lang)));
        } else {
            let dir = label(i.item, "direction", lang);
            parts.push(format!(
                "{} {}, {} {dir}",
                lang.pick("utgångsvärde", "baseline"),
                with_unit(e, unit, lang),
                lang.pick("ska", "should")
            ));
        }
    } else if let Some(b) = i.baseline {
        parts.push(format!("{} {}", lang.pick("utgångsvärde", "baseline"), yv(b.value, b.year)));
    }
    match i.target {
        Some(t) => parts.push(format!("{} {}", lang.pick("mål", "target"), yv(t.value, t.year))),
        None => parts.push(lang.pick("inget målvärde", "no target").into()),
    }
    parts.join("; ")
}

fn overdue_phrase(a: &Item, lang: Lang) -> String {
    let due = a.date("due").map(|d| d.to_string()).unwrap_or_default();
    format!("{} {due}, {}", lang.pick("skulle vara klar", "was due"), label(a, "status", lang))
}

/// Returns the sentence for a gap in responsibility.
pub fn gap_phrase(g: &Gap<'_>, lang: Lang) -> (String, String) {
    match g {
        Gap::NoPrincipal { focus_area, missing } => {
            let who = match (missing, lang) {
                (Principal::Region, Lang::Sv) => "regionen ansvarar inte för något mål eller någon aktivitet",
                (Principal::Municipalities, Lang::Sv) => "ingen kommun ansvarar för något mål eller någon aktivitet",
                (Principal::Region, Lang::En) => "the region answers for no goal or activity",
                (Principal::Municipalities, Lang::En) => "no municipality answers for any goal or activity",
            };
            (one_line(focus_area.label()), who.to_string())
        }
        Gap::NoOwner { activity } => (
            format!("{} {}", activity.id, one_line(activity.label())),
            lang.pick("ingen ägare (enhet eller roll) angiven", "no owner (unit or role) named").to_string(),
        ),
    }
}

fn header_line(plan: &Plan, today: crate::plan::Date, lang: Lang) -> String {
    let r = &plan.revision;
    let date = r.date("date").map(|d| d.to_string()).unwrap_or_default();
    format!(
        "{} · {} {}, {} {date} · {} {today}",
        one_line(plan.plan.str("county")),
        lang.pick("version", "version"),
        one_line(r.str("version")),
        label(r, "status", lang),
        lang.pick("läget den", "as of"),
    )
}

/// Renders the report for a terminal: every plan string escaped.
pub fn render_text(plan: &Plan, f: &FollowUp<'_>, lang: Lang) -> String {
    let e = |s: &str| text::escape(s).into_owned();
    let mut out = String::new();
    let _ = writeln!(out, "{}: {}", lang.pick("Uppföljning", "Follow-up"), e(&one_line(plan.plan.str("title"))));
    let _ = writeln!(out, "{}", e(&header_line(plan, f.today, lang)));
    for a in &f.areas {
        let _ = writeln!(out, "\n{}", e(&one_line(a.focus_area.label())));
        area_text(&mut out, a, lang);
    }
    let _ = writeln!(out, "\n{}", lang.pick("Hela planen", "The whole plan"));
    let _ = writeln!(out, "  {}", counts_phrase(&f.total, lang));
    let _ = writeln!(out, "  {}", verdicts_phrase(&f.verdicts(), lang));
    if !f.gaps.is_empty() {
        let _ = writeln!(out, "\n{}", lang.pick("Luckor i ansvaret", "Gaps in responsibility"));
        for g in &f.gaps {
            let (what, why) = gap_phrase(g, lang);
            let _ = writeln!(out, "  {}: {why}", e(&what));
        }
    }
    out
}

fn area_text(out: &mut String, a: &AreaFollowUp<'_>, lang: Lang) {
    let e = |s: &str| text::escape(s).into_owned();
    let _ = writeln!(out, "  {}", counts_phrase(&a.counts, lang));
    for x in a.in_state(ActivityState::Overdue) {
        let _ = writeln!(out, "    ! {} {}: {}", e(&x.id), e(&one_line(x.label())), e(&overdue_phrase(x, lang)));
    }
    if a.indicators.is_empty() {
        return;
    }
    let _ = writeln!(out, "  {}", verdicts_phrase(&a.verdicts(), lang));
    for i in &a.indicators {
        let mark = match i.verdict() {
            Verdict::OnTrack => "+",
            Verdict::OffTrack => "!",
            Verdict::NoData => "?",
            Verdict::Stale => "~",
        };
        let _ = writeln!(
            out,
            "    {mark} {} {}: {} ({})",
            e(&i.item.id),
            e(&one_line(i.item.label())),
            verdict_word(i.verdict(), lang),
            e(&indicator_basis(i, lang))
        );
    }
}

/// Renders the report as Markdown: a summary table, then each focus area.
pub fn render_markdown(plan: &Plan, f: &FollowUp<'_>, lang: Lang) -> String {
    let m = |s: &str| md(&one_line(s));
    let mut out = String::new();
    let _ = writeln!(out, "# {}: {}\n", lang.pick("Uppföljning", "Follow-up"), m(plan.plan.str("title")));
    let _ = writeln!(out, "{}\n", m(&header_line(plan, f.today, lang)));
    let _ = writeln!(out, "## {}\n", lang.pick("Sammanfattning", "Summary"));
    let heads = match lang {
        Lang::Sv => [
            "Fokusområde",
            "Klara",
            "Pågår",
            "Planerade",
            "Försenade",
            "Inställda",
            "I fas",
            "Ej i fas",
            "Saknar mätning",
        ],
        Lang::En => {
            ["Focus area", "Done", "Ongoing", "Planned", "Overdue", "Cancelled", "On track", "Off track", "No data"]
        }
    };
    let _ = writeln!(out, "| {} |", heads.join(" | "));
    let _ = writeln!(out, "|---|{}", "--:|".repeat(heads.len() - 1));
    let row = |name: String, c: &Counts, v: &VerdictCounts| {
        format!(
            "| {name} | {} | {} | {} | {} | {} | {} | {} | {} |",
            c.done, c.ongoing, c.planned, c.overdue, c.cancelled, v.on_track, v.off_track, v.no_data
        )
    };
    for a in &f.areas {
        let _ = writeln!(out, "{}", row(m(a.focus_area.label()), &a.counts, &a.verdicts()));
    }
    let _ =
        writeln!(out, "{}", row(format!("**{}**", lang.pick("Hela planen", "Whole plan")), &f.total, &f.verdicts()));
    for a in &f.areas {
        let _ = writeln!(out, "\n## {}\n", m(a.focus_area.label()));
        let _ = writeln!(out, "{}\n", counts_phrase(&a.counts, lang));
        let overdue: Vec<&Item> = a.in_state(ActivityState::Overdue).collect();
        if !overdue.is_empty() {
            let _ = writeln!(out, "{}:\n", lang.pick("Försenade aktiviteter", "Overdue activities"));
            for x in overdue {
                let _ = writeln!(out, "- **{}** {}: {}", m(&x.id), m(x.label()), m(&overdue_phrase(x, lang)));
            }
            out.push('\n');
        }
        if a.indicators.is_empty() {
            continue;
        }
        let heads = match lang {
            Lang::Sv => "| Id | Indikator | Bedömning | Underlag |",
            Lang::En => "| Id | Indicator | Verdict | Basis |",
        };
        let _ = writeln!(out, "{heads}\n|---|---|---|---|");
        for i in &a.indicators {
            let v = verdict_word(i.verdict(), lang);
            let v = if i.verdict() == Verdict::OffTrack { format!("**{v}**") } else { v.to_string() };
            let _ =
                writeln!(out, "| {} | {} | {v} | {} |", m(&i.item.id), m(i.item.label()), m(&indicator_basis(i, lang)));
        }
    }
    if !f.gaps.is_empty() {
        let _ = writeln!(out, "\n## {}\n", lang.pick("Luckor i ansvaret", "Gaps in responsibility"));
        for g in &f.gaps {
            let (what, why) = gap_phrase(g, lang);
            let _ = writeln!(out, "- {}: {}", m(&what), m(&why));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_number_agrees() {
        let c = Counts { done: 1, ongoing: 2, planned: 2, overdue: 1, cancelled: 0 };
        assert_eq!(
            counts_phrase(&c, Lang::Sv),
            "Aktiviteter (6): 1 klar, 2 pågår, 2 planerade, 1 försenad, 0 inställda"
        );
        assert_eq!(counts_phrase(&c, Lang::En), "Activities (6): 1 done, 2 ongoing, 2 planned, 1 overdue, 0 cancelled");
    }
}
