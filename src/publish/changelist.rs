//! The change list of a revision ("ändringsförteckning"): every change of
//! the semantic diff from an earlier revision as one sentence a registrar
//! can read aloud ("Målvärdet för indikator I8 ändrades från 14 till 21
//! dagar (2027)."), grouped as the diff groups them, as document blocks
//! for an annex in any export format.

use super::blocks::Block;
use super::{one_line, with_unit};
use crate::diff::present::{SegKind, Segment, capitalized, grouped, plain, present, section_title, show_value};
use crate::diff::{Change, ElementChange, Op, element_changes};
use crate::i18n::Lang;
use crate::plan::model::{Plan, Value};
use crate::plan::schema::{FieldType, Kind};

/// Returns the field's name in the definite form that opens a sentence
/// ("Målvärdet", "The target").
fn definite(kind: Kind, field: &str, lang: Lang) -> String {
    let sv = match field {
        "title" => "Titeln",
        "name" => "Namnet",
        "description" => "Beskrivningen",
        "target" => "Målvärdet",
        "baseline" => "Utgångsvärdet",
        "measurements" => "Mätningarna",
        "responsible" => "Ansvariga",
        "status" => "Statusen",
        "due" => "Slutdatumet",
        "start" => "Startdatumet",
        "owner" => "Ägaren",
        "unit" => "Enheten",
        "source" => "Källan",
        "direction" => "Riktningen",
        "level" => "Nivån",
        "skr" => "SKR-området",
        "vision" => "Visionen",
        "overall_goal" => "Det övergripande målet",
        "target_group" => "Målgruppen",
        "period" => "Perioden",
        "county" => "Länet",
        "kind" => "Typen",
        "version" => "Versionen",
        "date" => "Datumet",
        "author" => "Författaren",
        "decided_by" => "Beslutande organ",
        "summary" => "Sammanfattningen",
        "id" => "Id:t",
        _ => "",
    };
    let label = kind.field(field).map(|f| f.label(Lang::En)).unwrap_or(field);
    match lang {
        Lang::Sv if !sv.is_empty() => sv.to_string(),
        Lang::Sv => kind.field(field).map(|f| f.sv).unwrap_or(field).to_string(),
        Lang::En => format!("The {}", label.to_lowercase()),
    }
}

/// Returns a value as the sentence shows it: enumerations in words,
/// figures with the indicator's unit, long texts on one line.
fn shown(kind: Kind, field: &str, v: &Value, unit: &str, lang: Lang) -> String {
    match v {
        Value::YearValue(yv) => format!("{} ({})", with_unit(yv.value, unit, lang), yv.year),
        _ => one_line(&show_value(kind, field, v, lang)),
    }
}

/// Returns the sentence for one change: the presented change
/// ([`crate::diff::present`]) in the grammar of a registrar's list, its
/// values in words, figures with the indicator's unit.
pub fn sentence(old: &Plan, new: &Plan, c: &Change, lang: Lang) -> String {
    let p = present(old, new, c, lang);
    let whom = one_line(&p.subject);
    let whole = |side: &[Segment]| one_line(&plain(side));
    match c.op {
        Op::Added => format!("{} {whom}: {}.", capitalized(p.word), whole(&p.new_side(lang))),
        Op::Removed => match lang {
            Lang::Sv => format!("{} ({}) togs bort.", capitalized(&whom), whole(&p.old_side(lang))),
            Lang::En => format!("{} ({}) was removed.", capitalized(&whom), whole(&p.old_side(lang))),
        },
        Op::Moved => {
            let target = if c.field == Some("goal") { Kind::Goal } else { Kind::FocusArea };
            let place = |side: Vec<Segment>| format!("{} {}", target.noun(lang), whole(&side));
            let (from, to) = (place(moved_end(&p, SegKind::Old)), place(moved_end(&p, SegKind::New)));
            match lang {
                Lang::Sv => format!("{} flyttades från {from} till {to}.", capitalized(&whom)),
                Lang::En => format!("{} moved from {from} to {to}.", capitalized(&whom)),
            }
        }
        Op::Changed => {
            let mut s = changed(new, c, &whom, lang);
            // Issue 18: a commitment held by another principal says so.
            if let Some(t) = crate::diff::shift::of(old, new, c) {
                s = format!("{s} {}.", capitalized(t.get(lang)));
            }
            s
        }
    }
}

/// Returns one end of a move, whole (the two sides would part the names
/// into shared and differing words).
fn moved_end(p: &crate::diff::present::Presented, kind: SegKind) -> Vec<Segment> {
    p.inline.iter().filter(|s| s.kind == kind).cloned().collect()
}

fn changed(new: &Plan, c: &Change, whom: &str, lang: Lang) -> String {
    let field = c.field.unwrap_or("");
    let def = definite(c.kind, field, lang);
    let unit = c.id.as_deref().and_then(|id| new.find(c.kind, id)).map(|i| i.str("unit")).unwrap_or("");
    let of = lang.pick("för", "of");
    if let Some(elements) = element_changes(c.old.as_ref(), c.new.as_ref()) {
        let parties = matches!(c.kind.field(field).map(|f| &f.ty), Some(FieldType::RefList(Kind::Party)));
        let name = |id: &str| {
            if parties {
                new.find(Kind::Party, id).map(|p| one_line(p.label())).unwrap_or(id.into())
            } else {
                id.into()
            }
        };
        let parts: Vec<String> = elements
            .iter()
            .map(|e| match (e, lang) {
                (ElementChange::Added(x), Lang::Sv) => format!("{} tillkom", name(x)),
                (ElementChange::Added(x), Lang::En) => format!("{} added", name(x)),
                (ElementChange::Removed(x), Lang::Sv) => format!("{} utgick", name(x)),
                (ElementChange::Removed(x), Lang::En) => format!("{} removed", name(x)),
                (ElementChange::Changed { key, old, new }, Lang::Sv) => {
                    format!("{key} ändrades från {old} till {}", with_unit_text(new, unit))
                }
                (ElementChange::Changed { key, old, new }, Lang::En) => {
                    format!("{key} changed from {old} to {}", with_unit_text(new, unit))
                }
            })
            .collect();
        return format!("{def} {of} {whom}: {}.", parts.join(", "));
    }
    let show = |v: &Option<Value>| v.as_ref().map(|v| shown(c.kind, field, v, unit, lang));
    match (show(&c.old), show(&c.new), &c.old, &c.new) {
        (Some(_), Some(_), Some(Value::YearValue(x)), Some(Value::YearValue(y))) if x.year == y.year => {
            let a = crate::publish::number(x.value, lang);
            let b = with_unit(y.value, unit, lang);
            let year = y.year;
            match lang {
                Lang::Sv => format!("{def} {of} {whom} ändrades från {a} till {b} ({year})."),
                Lang::En => format!("{def} {of} {whom} changed from {a} to {b} ({year})."),
            }
        }
        (Some(a), Some(b), ..) if a.chars().count() + b.chars().count() <= 160 => match lang {
            Lang::Sv => format!("{def} {of} {whom} ändrades från ”{a}” till ”{b}”."),
            Lang::En => format!("{def} {of} {whom} changed from “{a}” to “{b}”."),
        },
        (Some(_), Some(b), ..) => match lang {
            Lang::Sv => format!("{def} {of} {whom} ändrades. Ny lydelse: ”{b}”"),
            Lang::En => format!("{def} {of} {whom} changed. New wording: “{b}”"),
        },
        (None, Some(b), ..) => match lang {
            Lang::Sv => format!("{def} {of} {whom} sattes till ”{b}”."),
            Lang::En => format!("{def} {of} {whom} was set to “{b}”."),
        },
        (Some(a), None, ..) => match lang {
            Lang::Sv => format!("{def} {of} {whom} togs bort (var ”{a}”)."),
            Lang::En => format!("{def} {of} {whom} was removed (was “{a}”)."),
        },
        (None, None, ..) => match lang {
            Lang::Sv => format!("{def} {of} {whom} ändrades."),
            Lang::En => format!("{def} {of} {whom} changed."),
        },
    }
}

fn with_unit_text(v: &str, unit: &str) -> String {
    if unit.is_empty() { v.to_string() } else { format!("{v} {unit}") }
}

/// Returns the change list as blocks, its title at heading level `top`.
pub fn blocks(old: &Plan, new: &Plan, changes: &[Change], top: usize, lang: Lang) -> Vec<Block> {
    let rev = |p: &Plan| {
        let r = &p.revision;
        format!("{} ({})", one_line(r.str("version")), r.date("date").map(|d| d.to_string()).unwrap_or_default())
    };
    let mut out = vec![Block::Heading {
        level: top,
        text: format!("{}: {}", lang.pick("Bilaga", "Annex"), lang.pick("Ändringsförteckning", "List of changes")),
        id: Some("andringar".into()),
    }];
    let n = changes.len();
    out.push(Block::Para(match lang {
        Lang::Sv => format!(
            "Ändringar från version {} till version {}: {n} {}.",
            rev(old),
            rev(new),
            if n == 1 { "ändring" } else { "ändringar" }
        ),
        Lang::En => {
            format!(
                "Changes from version {} to version {}: {n} {}.",
                rev(old),
                rev(new),
                if n == 1 { "change" } else { "changes" }
            )
        }
    }));
    for (section, goals) in grouped(old, new, changes) {
        out.push(Block::Heading { level: top + 1, text: section_title(old, new, &section, lang), id: None });
        for (_, list) in goals {
            for c in list {
                out.push(Block::Para(sentence(old, new, c, lang)));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::diff;
    use crate::plan::{Date, load_str};

    fn load(s: &str) -> Plan {
        load_str(s.to_string(), Date { year: 2025, month: 1, day: 1 }).expect("loads").plan
    }

    #[test]
    fn the_example_revisions_read_as_sentences() {
        let old = load(include_str!("../../plans/jamtland/lok-2025.2-remiss.toml"));
        let new = load(include_str!("../../plans/jamtland/lok-2025.3-beslutad.toml"));
        let changes = diff(&old, &new);
        let target =
            changes.iter().find(|c| c.kind == Kind::Indicator && c.field == Some("target")).expect("a changed target");
        let sv = sentence(&old, &new, target, Lang::Sv);
        let en = sentence(&old, &new, target, Lang::En);
        assert!(sv.starts_with("Målvärdet för indikator I8 ändrades från 14 till 21 dagar"), "{sv}");
        // The unit is the plan's own text, not translated.
        assert!(en.starts_with("The target of indicator I8 changed from 14 to 21 dagar (2028)"), "{en}");
        let all = blocks(&old, &new, &changes, 1, Lang::Sv);
        let paras = all.iter().filter(|b| matches!(b, Block::Para(_))).count();
        assert_eq!(paras, changes.len() + 1, "one sentence per change, after the introduction");
    }

    #[test]
    fn moves_additions_and_removals() {
        let old = load(include_str!("../../plans/jamtland/lok-2025.1-utkast.toml"));
        let new = load(include_str!("../../plans/jamtland/lok-2025.2-remiss.toml"));
        let changes = diff(&old, &new);
        let s: Vec<String> = changes.iter().map(|c| sentence(&old, &new, c, Lang::Sv)).collect();
        assert!(
            s.iter().any(|x| x.starts_with("Aktivitet A8 flyttades från mål ") && x.contains("(G4) till mål ")),
            "{s:#?}"
        );
        assert!(s.iter().any(|x| x.starts_with("Aktivitet A13 (") && x.ends_with(") togs bort.")), "{s:#?}");
        assert!(s.iter().any(|x| x.starts_with("Nytt åtagande ")), "{s:#?}");
    }
}
