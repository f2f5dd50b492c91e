//! The summary of a consultation's responses ("remissammanställning") in
//! the form counties use: who was asked and who answered (with "no answer"
//! rows), each respondent's points with how they were handled and what
//! they changed, and the same points again by plan section.

use super::blocks::Block;
use crate::consult::entry::Entry;
use crate::consult::remiss::{DISPOSITIONS, Remiss, STANCES, choice_label};
use crate::diff::Change;
use crate::diff::present::{Section, section_title};
use crate::i18n::Lang;
use crate::plan::Plan;
use crate::plan::schema::Kind;

/// What the summary is made from.
#[derive(Clone, Copy)]
pub struct Summary<'a> {
    pub remiss: &'a Remiss,
    /// The version sent out, when found.
    pub base: Option<&'a Plan>,
    /// The next revision and the diff to it, when it exists.
    pub next: Option<(&'a Plan, &'a [Change])>,
}

/// Returns "indikator I8, målvärde" for a change key.
pub fn change_label(key: &str, lang: Lang) -> String {
    let parts: Vec<&str> = key.split('/').collect();
    let kind = Kind::ALL.into_iter().find(|k| Some(k.json_name()) == parts.first().copied());
    match (kind, parts.as_slice()) {
        (_, ["plan"]) => lang.pick("hela planen", "the whole plan").to_string(),
        (Some(k), [_, id, what]) => {
            let who = if id.is_empty() { k.noun(lang).to_string() } else { format!("{} {id}", k.noun(lang)) };
            match *what {
                "added" => format!("{who} ({})", crate::diff::op_word(crate::diff::Op::Added, k, lang)),
                "removed" => format!("{who} ({})", crate::diff::op_word(crate::diff::Op::Removed, k, lang)),
                f => format!("{who}, {}", k.field(f).map(|x| x.label(lang)).unwrap_or(f).to_lowercase()),
            }
        }
        (Some(k), [_, id]) => format!("{} {id}", k.noun(lang)),
        _ => key.to_string(),
    }
}

fn labels(keys: &[String], lang: Lang) -> String {
    keys.iter().map(|k| change_label(k, lang)).collect::<Vec<_>>().join("; ")
}

fn disposition(p: &Entry, lang: Lang) -> String {
    match p.str("disposition") {
        "" => lang.pick("ej hanterad", "not handled").to_string(),
        d => choice_label(DISPOSITIONS, d, lang),
    }
}

/// Returns the plan section a point belongs under, from the first item it
/// is about (none, or the plan and its parties: the general section).
fn section_of(p: &Entry, base: Option<&Plan>) -> Section {
    let Some(plan) = base else { return Section::General };
    for key in p.list("about") {
        let parts: Vec<&str> = key.split('/').collect();
        let (Some(kind), Some(id)) =
            (Kind::ALL.into_iter().find(|k| Some(k.json_name()) == parts.first().copied()), parts.get(1))
        else {
            continue;
        };
        let item = plan.find(kind, id);
        let area = match kind {
            Kind::FocusArea => Some(id.to_string()),
            Kind::Goal => item.map(|g| g.str("focus_area").to_string()),
            Kind::Indicator | Kind::Activity => {
                item.and_then(|i| plan.find(Kind::Goal, i.str("goal"))).map(|g| g.str("focus_area").to_string())
            }
            _ => None,
        };
        if let Some(a) = area.filter(|a| plan.find(Kind::FocusArea, a).is_some()) {
            return Section::FocusArea(a);
        }
    }
    Section::General
}

/// Returns the summary as blocks, its title at heading level `top`.
pub fn blocks(s: Summary<'_>, top: usize, lang: Lang) -> Vec<Block> {
    let r = s.remiss;
    let mut out = Vec::new();
    let title = s.base.map(|p| p.plan.str("title")).filter(|t| !t.is_empty()).unwrap_or(r.plan_id());
    out.push(Block::Heading {
        level: top,
        text: format!(
            "{}: {title}, version {}",
            lang.pick("Remissammanställning", "Summary of consultation responses"),
            r.version()
        ),
        id: Some("remiss".into()),
    });
    let date = |e: &Entry, k: &str| e.date(k).map(|d| d.to_string()).unwrap_or_default();
    let answered = r.recipients().iter().filter(|id| r.response_of(id).is_some()).count();
    let open = r.open_points().count();
    let mut intro = match lang {
        Lang::Sv => format!(
            "Remissen skickades {} till {} remissinstanser med sista svarsdag {}. {answered} har svarat. {open} av {} synpunkter är ännu inte hanterade.",
            date(&r.head, "sent"),
            r.recipients().len(),
            date(&r.head, "deadline"),
            r.points.len()
        ),
        Lang::En => format!(
            "The consultation was sent on {} to {} recipients with the deadline {}. {answered} have answered. {open} of {} points are not yet handled.",
            date(&r.head, "sent"),
            r.recipients().len(),
            date(&r.head, "deadline"),
            r.points.len()
        ),
    };
    if let Some((next, _)) = s.next {
        intro.push_str(&match lang {
            Lang::Sv => format!(" Ändringarna avser version {}.", next.revision.str("version")),
            Lang::En => format!(" The changes are those of version {}.", next.revision.str("version")),
        });
    }
    out.push(Block::Para(intro));

    out.push(Block::Heading { level: top + 1, text: lang.pick("Remissinstanser", "Recipients").into(), id: None });
    let heads = match lang {
        Lang::Sv => ["Remissinstans", "Inkom", "Diarienummer", "Ställningstagande", "Synpunkter"],
        Lang::En => ["Recipient", "Received", "Reference", "Stance", "Points"],
    };
    let mut rows = Vec::new();
    let mut listed: Vec<&str> = Vec::new();
    for id in r.recipients().iter().map(String::as_str).chain(r.responses.iter().map(|x| x.str("party"))) {
        if listed.contains(&id) {
            continue;
        }
        listed.push(id);
        let name = r.party_name(id, s.base).to_string();
        rows.push(match r.response_of(id) {
            Some(resp) => vec![
                name,
                date(resp, "received"),
                resp.str("reference").to_string(),
                capitalized(&choice_label(STANCES, resp.str("stance"), lang)),
                r.points_of(resp.str("id")).count().to_string(),
            ],
            None => {
                vec![name, String::new(), String::new(), lang.pick("Inget svar", "No answer").into(), String::new()]
            }
        });
    }
    out.push(Block::Table { heads: heads.map(String::from).to_vec(), rows });

    out.push(Block::Heading {
        level: top + 1,
        text: lang.pick("Synpunkter per remissinstans", "Points by respondent").into(),
        id: None,
    });
    let next_v = s.next.map(|(n, _)| n.revision.str("version").to_string()).unwrap_or_default();
    let change_head = if next_v.is_empty() {
        lang.pick("Ändring", "Change").to_string()
    } else {
        format!("{} {next_v}", lang.pick("Ändring i", "Change in"))
    };
    let point_heads = match lang {
        Lang::Sv => {
            vec!["Nr".into(), "Avser".into(), "Synpunkt".into(), "Hantering".into(), "Kommentar".into(), change_head]
        }
        Lang::En => {
            vec!["No.".into(), "About".into(), "Point".into(), "Disposition".into(), "Answer".into(), change_head]
        }
    };
    for resp in &r.responses {
        let id = resp.str("id");
        let name = r.party_name(resp.str("party"), s.base);
        out.push(Block::Heading { level: top + 2, text: format!("{name} ({id})"), id: Some(format!("svar-{id}")) });
        let stance = choice_label(STANCES, resp.str("stance"), lang);
        out.push(Block::Para(format!(
            "{} {}. {}.",
            lang.pick("Inkom", "Received"),
            date(resp, "received"),
            capitalized(&stance)
        )));
        let rows: Vec<Vec<String>> = r
            .points_of(id)
            .map(|p| {
                let about = if p.list("about").is_empty() {
                    lang.pick("hela planen", "the whole plan").into()
                } else {
                    labels(p.list("about"), lang)
                };
                vec![
                    p.str("id").into(),
                    about,
                    p.str("text").into(),
                    disposition(p, lang),
                    p.str("answer").into(),
                    labels(p.list("changes"), lang),
                ]
            })
            .collect();
        if rows.is_empty() {
            out.push(Block::Note(lang.pick("Inga synpunkter.", "No points.").into()));
        } else {
            out.push(Block::Table { heads: point_heads.clone(), rows });
        }
    }
    for id in r.unanswered() {
        out.push(Block::Heading { level: top + 2, text: r.party_name(id, s.base).to_string(), id: None });
        out.push(Block::Note(lang.pick("Inget svar.", "No answer.").into()));
    }

    out.push(Block::Heading {
        level: top + 1,
        text: lang.pick("Synpunkter per avsnitt i planen", "Points by plan section").into(),
        id: None,
    });
    let mut order = vec![Section::General];
    if let Some(b) = s.base {
        order.extend(b.focus_areas.iter().map(|fa| Section::FocusArea(fa.id.clone())));
    }
    let section_heads = match lang {
        Lang::Sv => ["Remissinstans", "Nr", "Synpunkt", "Hantering"],
        Lang::En => ["Respondent", "No.", "Point", "Disposition"],
    };
    for section in order {
        let rows: Vec<Vec<String>> = r
            .points
            .iter()
            .filter(|p| section_of(p, s.base) == section)
            .map(|p| {
                vec![
                    r.party_name(r.party_of(p), s.base).to_string(),
                    p.str("id").into(),
                    p.str("text").into(),
                    disposition(p, lang),
                ]
            })
            .collect();
        if rows.is_empty() {
            continue;
        }
        let empty = Plan::empty();
        let plan = s.base.unwrap_or(&empty);
        let heading = match &section {
            Section::General => lang
                .pick("Planen i stort, revision och parter", "The plan as a whole, revision and parties")
                .to_string(),
            other => section_title(plan, plan, other, lang),
        };
        out.push(Block::Heading { level: top + 2, text: heading, id: None });
        out.push(Block::Table { heads: section_heads.map(String::from).to_vec(), rows });
    }
    out
}

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// Returns the summary as a Markdown document.
pub fn markdown(s: Summary<'_>, lang: Lang) -> String {
    super::blocks::markdown(&blocks(s, 1, lang))
}

/// Returns the summary as a self-contained HTML page.
pub fn html(s: Summary<'_>, lang: Lang) -> String {
    let title =
        format!("{} {}", lang.pick("Remissammanställning", "Summary of consultation responses"), s.remiss.version());
    super::blocks::html_page(&title, &super::blocks::html(&blocks(s, 1, lang)), lang)
}
