//! The rules of the plan format beyond types: ids, references, dates in
//! order, and the softer findings (warnings) a careful reviewer would raise.

use std::collections::{HashMap, HashSet};

use super::date::Date;
use super::finding::Findings;
use super::model::{Conflict, Item, Plan, Value};
use super::schema::{FieldType, Kind, is_valid_id};
use crate::i18n::Lang;
use crate::i18n::Text;
use crate::text;

/// Checks every rule of the format on a converted plan.
pub fn validate(plan: &Plan, today: Date, f: &mut Findings) {
    required_fields(plan, f);
    ids(plan, f);
    references(plan, f);
    dates(plan, f);
    indicators(plan, f);
    indicator_data(plan, f);
    soft_findings(plan, today, f);
    conflicts(plan, f);
    // Format 1.1, issue 18.
    agreement::check(plan, today, f);
}

pub mod agreement;

fn conflicts(plan: &Plan, f: &mut Findings) {
    for c in &plan.conflicts {
        f.error(c.span.clone(), describe_conflict(c));
        f.hint(text!(sv: "välj sida med `lansplan resolve FIL --ours` eller `--theirs`, eller i editorn";
                     en: "pick a side with `lansplan resolve FILE --ours` or `--theirs`, or in the editor"));
    }
}

/// Returns what a merge conflict recorded in `[[conflicts]]` is about, as
/// `check` and `lansplan merge` say it (file content escaped).
pub fn describe_conflict(c: &Conflict) -> Text {
    let (sv, en) = describe(c.kind, &c.id);
    let typed = |v: &Option<Value>| v.as_ref().map(|v| v.display());
    let show = |i: usize, v: &Option<Value>| {
        let s = typed(v).or_else(|| c.shown[i].clone());
        s.map(|s| text::escape(&s).into_owned()).unwrap_or_else(|| "–".to_string())
    };
    let (o, t) = match c.overlaps.as_slice() {
        // Only the words where the two edits met.
        [] => (show(1, &c.ours), show(2, &c.theirs)),
        spans => {
            let side = |i: usize| {
                let parts: Vec<String> = spans.iter().map(|s| text::escape(&s[i]).into_owned()).collect();
                parts.join("\" … \"")
            };
            (side(1), side(2))
        }
    };
    let at = text::escape(&c.at).into_owned();
    // `activity/A9` as a person reads it: "aktivitet A9".
    let users = |lang: Lang| {
        let one = |u: &String| match u.split_once('/') {
            Some((k, id)) => match Kind::ALL.into_iter().find(|kind| kind.json_name() == k) {
                Some(kind) => format!("{} {id}", kind.noun(lang)),
                None => u.clone(),
            },
            None => u.clone(),
        };
        text::escape(&c.used_by.iter().map(one).collect::<Vec<_>>().join(", ")).into_owned()
    };
    let (used, used_en) = (users(Lang::Sv), users(Lang::En));
    let key = c.field.map(|f| format!("`{f}` i {sv}")).unwrap_or_else(|| format!("`{at}`"));
    let key_en = c.field.map(|f| format!("`{f}` of {en}")).unwrap_or_else(|| format!("`{at}`"));
    match c.reason.as_str() {
        "both_changed" => text!(sv: "olöst konflikt: {key} ändrades på båda håll (vår: \"{o}\", deras: \"{t}\")";
                                en: "unresolved conflict: {key_en} was changed on both sides (ours: \"{o}\", theirs: \"{t}\")"),
        "ours_removed" => text!(sv: "olöst konflikt: {sv} togs bort här men ändrades på andra hållet";
                                en: "unresolved conflict: {en} was removed here but edited on the other side"),
        "theirs_removed" => text!(sv: "olöst konflikt: {sv} ändrades här men togs bort på andra hållet";
                                  en: "unresolved conflict: {en} was edited here but removed on the other side"),
        "ours_removed_used" => {
            text!(sv: "olöst konflikt: {sv} togs bort här men används på andra hållet av {used}; det finns kvar";
                                     en: "unresolved conflict: {en} was removed here but the other side uses it in {used_en}; it is kept")
        }
        "theirs_removed_used" => {
            text!(sv: "olöst konflikt: {sv} togs bort på andra hållet men används här av {used}; det finns kvar";
                                       en: "unresolved conflict: {en} was removed on the other side but is used here by {used_en}; it is kept")
        }
        "comment" => {
            text!(sv: "olöst konflikt: kommentaren vid `{at}` ändrades på båda håll (vår: \"{o}\", deras: \"{t}\")";
                           en: "unresolved conflict: the comment at `{at}` was changed on both sides (ours: \"{o}\", theirs: \"{t}\")")
        }
        "invalid" => {
            let rule = c.rule.as_ref().map(|r| (text::escape(&r.sv).into_owned(), text::escape(&r.en).into_owned()));
            let (rsv, ren) = rule.unwrap_or_default();
            text!(sv: "olöst konflikt: deras {key} bryter tillsammans med våra ändringar mot en regel ({rsv}); vår: \"{o}\", deras: \"{t}\"";
                  en: "unresolved conflict: their {key_en} together with our changes breaks a rule ({ren}); ours: \"{o}\", theirs: \"{t}\"")
        }
        _ => text!(sv: "olöst konflikt i {sv}"; en: "unresolved conflict in {en}"),
    }
}

fn required_fields(plan: &Plan, f: &mut Findings) {
    for kind in Kind::ALL {
        for item in plan.items(kind) {
            // A missing [plan] or [revision] is reported once, by the loader.
            if !kind.is_collection() && item.span == (0..0) && item.fields.is_empty() {
                continue;
            }
            for (field, value) in item.schema_values() {
                match value {
                    None if field.required && !item.spans.iter().any(|(n, _)| *n == field.name) => {
                        let (sv, en) = describe(kind, &item.id);
                        f.error(
                            item.span.clone(),
                            text!(sv: "{sv} saknar `{}`", field.name; en: "{en} has no `{}`", field.name),
                        );
                    }
                    Some(Value::Str(s))
                        if field.required
                            && matches!(field.ty, FieldType::Text | FieldType::Id)
                            && s.trim().is_empty() =>
                    {
                        let (sv, en) = describe(kind, &item.id);
                        f.error(
                            item.span_of(field.name),
                            text!(sv: "`{}` i {sv} får inte vara tom", field.name; en: "`{}` in {en} must not be empty", field.name),
                        );
                    }
                    _ => {}
                }
            }
        }
    }
}

/// Returns "aktivitet A3" / "activity A3" for messages.
fn describe(kind: Kind, id: &str) -> (String, String) {
    let id = text::escape(id);
    if id.is_empty() {
        (kind.noun(Lang::Sv).to_string(), kind.noun(Lang::En).to_string())
    } else {
        (format!("{} {id}", kind.noun(Lang::Sv)), format!("{} {id}", kind.noun(Lang::En)))
    }
}

fn ids(plan: &Plan, f: &mut Findings) {
    let plan_id = plan.plan.str("id");
    if !plan_id.is_empty() && !is_valid_id(plan_id) {
        bad_id(plan_id, plan.plan.span_of("id"), f);
    }
    for kind in Kind::COLLECTIONS {
        let mut first: HashMap<&str, usize> = HashMap::new();
        for item in plan.items(kind) {
            if item.id.is_empty() {
                continue;
            }
            if !is_valid_id(&item.id) {
                bad_id(&item.id, item.span_of("id"), f);
                continue;
            }
            let span = item.span_of("id");
            if let Some(&prev) = first.get(item.id.as_str()) {
                let (line, _) = f.locate(prev);
                let id = &item.id;
                let (sv, en) = (kind.noun(Lang::Sv), kind.noun(Lang::En));
                f.error(span, text!(sv: "id \"{id}\" finns redan ({sv} på rad {line})"; en: "duplicate id \"{id}\" (the {en} on line {line})"));
                f.hint(text!(sv: "ge det nya objektet nästa lediga id: {}", plan.next_id(kind);
                             en: "give the new item the next free id: {}", plan.next_id(kind)));
            } else {
                first.insert(&item.id, span.start);
            }
        }
    }
}

fn bad_id(id: &str, span: std::ops::Range<usize>, f: &mut Findings) {
    let id = text::escape(id);
    f.error(
        span,
        text!(sv: "ogiltigt id \"{id}\": bara bokstäverna a–z och A–Z, siffror, `-`, `_` och `.` är tillåtna";
              en: "invalid id \"{id}\": only ASCII letters, digits, `-`, `_` and `.` are allowed"),
    );
}

fn references(plan: &Plan, f: &mut Findings) {
    let id_sets: Vec<(Kind, HashSet<&str>)> =
        Kind::COLLECTIONS.into_iter().map(|k| (k, plan.items(k).iter().map(|i| i.id.as_str()).collect())).collect();
    let known = |kind: Kind, id: &str| id_sets.iter().any(|(k, set)| *k == kind && set.contains(id));
    for kind in Kind::COLLECTIONS {
        for item in plan.items(kind) {
            for (field, value) in item.schema_values() {
                let target = match field.ty {
                    FieldType::Ref(t) | FieldType::RefList(t) => t,
                    _ => continue,
                };
                let ids: &[String] = match value {
                    Some(Value::Str(s)) => std::slice::from_ref(s),
                    Some(Value::List(l)) => l,
                    _ => continue,
                };
                let describe = || describe(kind, &item.id);
                if matches!(field.ty, FieldType::RefList(_)) && ids.is_empty() {
                    let (sv, en) = describe();
                    f.error(
                        item.span_of(field.name),
                        text!(sv: "`{}` i {sv} måste ange minst en part", field.name;
                              en: "`{}` in {en} must name at least one party", field.name),
                    );
                }
                for (n, id) in ids.iter().enumerate() {
                    if ids[..n].contains(id) {
                        let (sv, en) = describe();
                        let e = text::escape(id);
                        f.warning(
                            item.span_of(field.name),
                            text!(sv: "\"{e}\" står två gånger i `{}` i {sv}", field.name;
                                  en: "\"{e}\" is listed twice in `{}` of {en}", field.name),
                        );
                    }
                    // A goal of the parent plan (`jamtland-lok:G7`) is checked by `check DIR`.
                    let parent_goal = target == Kind::Goal && agreement::is_parent_goal_ref(plan, id);
                    if !known(target, id) && !parent_goal {
                        let (sv, en) = describe();
                        let e = text::escape(id);
                        let (tsv, ten) = (target.noun(Lang::Sv), target.noun(Lang::En));
                        f.error(
                            item.span_of(field.name),
                            text!(sv: "{} {tsv} \"{e}\" i `{}` i {sv}", if target.neuter() { "okänt" } else { "okänd" }, field.name;
                                  en: "unknown {ten} \"{e}\" in `{}` of {en}", field.name),
                        );
                        let known: Vec<&str> = plan.items(target).iter().map(|i| i.id.as_str()).take(12).collect();
                        if !known.is_empty() {
                            let list = text::escape(&known.join(", ")).into_owned();
                            f.hint(text!(sv: "befintliga id: {list}"; en: "existing ids: {list}"));
                        }
                    }
                }
            }
        }
    }
}

fn dates(plan: &Plan, f: &mut Findings) {
    if let Some(Value::Period { start, end }) = plan.plan.get("period")
        && start > end
    {
        f.error(
                plan.plan.span_of("period"),
                text!(sv: "perioden slutar {end}, före sin start {start}"; en: "the period ends {end}, before its start {start}"),
            );
    }
    for a in &plan.activities {
        if let (Some(start), Some(due)) = (a.date("start"), a.date("due"))
            && start > due
        {
            let id = text::escape(&a.id);
            f.error(
                a.span_of("due"),
                text!(sv: "aktivitet {id} ska vara klar {due}, före sin start {start}";
                          en: "activity {id} is due {due}, before its start {start}"),
            );
        }
    }
}

fn indicators(plan: &Plan, f: &mut Findings) {
    for ind in &plan.indicators {
        let id = text::escape(&ind.id);
        let base = ind.year_value("baseline");
        if let (Some(b), Some(t)) = (base, ind.year_value("target"))
            && t.year < b.year
        {
            f.error(
                ind.span_of("target"),
                text!(sv: "målvärdet för {id} gäller år {} som är före utgångsvärdets år {}", t.year, b.year;
                          en: "the target of {id} is for {}, before the baseline year {}", t.year, b.year),
            );
        }
        let mut prev: Option<i64> = None;
        let mut seen = HashSet::new();
        for (k, m) in ind.measurements().iter().enumerate() {
            if !seen.insert(m.key()) {
                let key = text::escape(&m.key_label()).into_owned();
                f.error(
                    ind.measurement_span(k),
                    text!(sv: "indikator {id} har två mätningar för år {key}";
                          en: "indicator {id} has two measurements for {key}"),
                );
                if !m.is_total() {
                    f.hint(text!(sv: "en mätning per år, område och kön (`year`, `area`, `sex`)";
                                 en: "one measurement per year, area and sex (`year`, `area`, `sex`)"));
                }
            }
            // Figures per kommun or by sex sit beside the totals; only the
            // totals make the series that is read in year order.
            if !m.is_total() {
                continue;
            }
            if prev.is_some_and(|p| p > m.year) {
                f.warning(
                    ind.measurement_span(k),
                    text!(sv: "mätningarna för {id} står inte i årsordning ({} efter {})", m.year, prev.unwrap_or_default();
                          en: "the measurements of {id} are not in year order ({} after {})", m.year, prev.unwrap_or_default()),
                );
            }
            if let Some(b) = base
                && m.year < b.year
            {
                f.warning(
                    ind.measurement_span(k),
                    text!(sv: "mätningen {} för {id} är äldre än utgångsvärdet ({})", m.year, b.year;
                              en: "the {} measurement of {id} is older than the baseline ({})", m.year, b.year),
                );
            }
            prev = Some(m.year);
        }
    }
}

// Format 1.1, issue 19: party codes and the areas of measurements.

/// Checks the parties' SCB codes (form, known, fitting the kind, unique)
/// and that each measurement's `area` is a party or `riket`.
fn indicator_data(plan: &Plan, f: &mut Findings) {
    let registry = super::scb::registry();
    let mut first: HashMap<&str, &str> = HashMap::new();
    for p in &plan.parties {
        let Some(Value::Str(code)) = p.get("code") else { continue };
        let (span, id, c) = (p.span_of("code"), text::escape(&p.id).into_owned(), text::escape(code).into_owned());
        if !(code.len() == 2 || code.len() == 4) || !code.bytes().all(|b| b.is_ascii_digit()) {
            f.error(
                span,
                text!(sv: "part {id}: koden \"{c}\" ska vara en SCB-kod, fyra siffror för en kommun eller två för ett län eller en region";
                      en: "party {id}: the code \"{c}\" must be an SCB code, four digits for a kommun or two for a county or region"),
            );
            continue;
        }
        if let Some(other) = first.insert(code, &p.id) {
            let other = text::escape(other).into_owned();
            f.error(span.clone(), text!(sv: "part {id} har samma kod {c} som part {other}"; en: "party {id} has the same code {c} as party {other}"));
        }
        match registry.lookup(code) {
            None => {
                f.warning(span, text!(sv: "part {id}: okänd SCB-kod \"{c}\""; en: "party {id}: unknown SCB code \"{c}\""));
                f.hint(text!(sv: "koderna finns i SCB:s länsindelning (lansplan new --county visar dem)";
                             en: "the codes are SCB's county and kommun codes (lansplan new --county fills them in)"));
            }
            Some(super::scb::Area::Kommun(_)) if matches!(p.str("kind"), "region" | "county_board") => f.warning(
                span,
                text!(sv: "part {id} är en {} men koden {c} är en kommuns", p.str("kind");
                      en: "party {id} is a {} but the code {c} is a kommun's", p.str("kind")),
            ),
            Some(super::scb::Area::County(_)) if p.str("kind") == "municipality" => f.warning(
                span,
                text!(sv: "part {id} är en kommun men koden {c} är ett läns"; en: "party {id} is a kommun but the code {c} is a county's"),
            ),
            Some(_) => {}
        }
    }
    let parties: HashSet<&str> = plan.parties.iter().map(|p| p.id.as_str()).collect();
    for ind in &plan.indicators {
        for (k, m) in ind.measurements().iter().enumerate() {
            let Some(area) = m.area.as_deref() else { continue };
            if area != super::model::NATION && !parties.contains(area) {
                let (id, a) = (text::escape(&ind.id).into_owned(), text::escape(area).into_owned());
                f.error(
                    ind.measurement_span(k),
                    text!(sv: "indikator {id}: okänt område \"{a}\" i en mätning"; en: "indicator {id}: unknown area \"{a}\" in a measurement"),
                );
                f.hint(text!(sv: "`area` är en parts id eller \"riket\""; en: "`area` is a party's id or \"riket\""));
            }
        }
    }
}

/// Returns the ids that `field` of `items` refers to.
fn used<'a>(items: &'a [Item], field: &str) -> HashSet<&'a str> {
    items.iter().map(|i| i.str(field)).filter(|s| !s.is_empty()).collect()
}

fn soft_findings(plan: &Plan, today: Date, f: &mut Findings) {
    let rev = &plan.revision;
    if rev.str("status") == "adopted" && rev.str("decided_by").trim().is_empty() {
        f.warning(
            rev.span_of("status"),
            text!(sv: "revisionen är beslutad men `decided_by` saknas"; en: "the revision is adopted but has no `decided_by`"),
        );
        f.hint(text!(sv: "ange vilket organ som fattade beslutet, t.ex. decided_by = \"Regionala samverkansgruppen\"";
                     en: "name the body that took the decision, e.g. decided_by = \"Regionala samverkansgruppen\""));
    }
    // Which ids are referred to, gathered once: asking per item would be
    // quadratic on a national roll-up.
    let areas_with_goals = used(&plan.goals, "focus_area");
    // An area that holds standing commitments (format 1.1) needs no goal.
    let areas_with_commitments = used(&plan.commitments, "focus_area");
    let goals_with_indicators = used(&plan.indicators, "goal");
    let goals_with_activities = used(&plan.activities, "goal");
    for fa in &plan.focus_areas {
        if !fa.id.trim().is_empty()
            && !areas_with_goals.contains(fa.id.as_str())
            && !areas_with_commitments.contains(fa.id.as_str())
        {
            let id = text::escape(&fa.id);
            f.warning(fa.span.clone(), text!(sv: "fokusområde {id} har inga mål"; en: "focus area {id} has no goals"));
        }
    }
    for g in &plan.goals {
        if g.id.trim().is_empty() || goals_with_indicators.contains(g.id.as_str()) {
            continue;
        }
        let id = text::escape(&g.id);
        // Output goals (aktivitetsmål) are followed up through their
        // activities; only one with neither an indicator nor an activity
        // is left without follow-up.
        if g.str("level") == "output" {
            if !goals_with_activities.contains(g.id.as_str()) {
                f.warning(
                    g.span.clone(),
                    text!(sv: "aktivitetsmål {id} har varken indikator eller aktivitet att följa upp";
                          en: "output goal {id} has neither an indicator nor an activity to follow up"),
                );
            }
        } else {
            f.warning(g.span.clone(), text!(sv: "mål {id} har ingen indikator"; en: "goal {id} has no indicator"));
        }
    }
    for a in &plan.activities {
        if let Some(due) = a.date("due")
            && due < today
            && a.str("status") == "planned"
        {
            let id = text::escape(&a.id);
            f.warning(
                a.span_of("due"),
                text!(sv: "aktivitet {id} skulle vara klar {due} men står fortfarande som planerad";
                          en: "activity {id} was due {due} but is still planned"),
            );
            f.hint(text!(sv: "uppdatera status eller flytta fram slutdatumet"; en: "update its status or move its due date"));
        }
    }
}
