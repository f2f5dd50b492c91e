//! A new item whose required fields nothing honest can stand in for
//! (issue #22: a new indicator got direction "minska" and baseline
//! "2025: 0", a new party kind "annan" and id `P1`). The editor asks for
//! each such field in turn, one dialog at a time, and adds the item only
//! when every answer is in; Esc at any question adds nothing. A party's
//! id is derived from its name (`Sandvikens kommun` → `sandviken`).

use super::app::App;
use super::modal::{Modal, PickItem, PickModal, PickPurpose, PickValue, TextModal, TextPurpose};
use super::strings as s;
use crate::plan::path::{FieldPath, Input, parse_input};
use crate::plan::schema::FieldType;
use crate::plan::{Kind, Plan, Value};
use crate::text::{escape, sanitize};

/// Sweden's kommuner with their SCB codes (`kommun_code,kommun,kommun_name,…`).
const KOMMUNER: &str = include_str!("kommuner.csv");

/// An item being put together, and the fields still to ask for.
#[derive(Debug, Clone)]
pub struct Draft {
    pub kind: Kind,
    /// The answers so far (and what the context gives: the goal).
    pub fields: Vec<(&'static str, Value)>,
    /// The fields still to ask, in order; the first is being asked.
    pub ask: Vec<&'static str>,
}

/// Returns the fields to ask for a new item of `kind`, if it is one that
/// is put together by questions: its required fields that have neither a
/// fair default nor a place in the context.
pub fn questions(kind: Kind) -> Option<Vec<&'static str>> {
    match kind {
        Kind::Party => Some(vec!["name", "kind"]),
        // A goal's level is the strategist's call, not a default.
        Kind::Goal => Some(vec!["title", "level"]),
        // Its id comes from its name, as the example's do (`early-detection`).
        Kind::FocusArea => Some(vec!["name"]),
        Kind::Indicator => Some(vec!["name", "unit", "direction", "baseline"]),
        _ => None,
    }
}

/// Returns an id for a party called `name`: the kommun's name when it is
/// one (`Östersunds kommun` → `ostersund`), else the name itself, in
/// lower-case ASCII with dashes (`Region Gävleborg` → `region-gavleborg`),
/// made unique in `plan` by a number (`-2`) where it is taken.
pub fn party_id(plan: &Plan, name: &str) -> Option<String> {
    let name = name.trim();
    let base = kommun(name).map(|(_, short)| short).unwrap_or(name);
    let base = base.strip_suffix(" kommun").unwrap_or(base);
    unique_id(plan, Kind::Party, base)
}

/// Returns an id for an item of `kind` called `name`: the name in
/// lower-case ASCII with dashes (`Stöd och behandling` →
/// `stod-och-behandling`), made unique among the items of that kind by a
/// number (`-2`).
pub fn unique_id(plan: &Plan, kind: Kind, name: &str) -> Option<String> {
    let slug = slug(name);
    if slug.is_empty() {
        return None;
    }
    let taken = |id: &str| plan.items(kind).iter().any(|p| p.id == id);
    if !taken(&slug) {
        return Some(slug);
    }
    (2..).map(|n| format!("{slug}-{n}")).find(|id| !taken(id))
}

/// Returns the SCB code and short name of the kommun called `name`
/// (`Sandvikens kommun` or `Sandviken`, any case).
pub fn kommun(name: &str) -> Option<(&'static str, &'static str)> {
    let name = name.trim().to_lowercase();
    KOMMUNER.lines().skip(1).find_map(|line| {
        let mut cols = line.split(',');
        let (code, short, full) = (cols.next()?, cols.next()?, cols.next()?);
        (short.to_lowercase() == name || full.to_lowercase() == name).then_some((code, short))
    })
}

/// Returns `text` in lower-case ASCII letters, digits and single dashes.
fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.to_lowercase().chars() {
        let c = match c {
            'å' | 'ä' | 'á' | 'à' | 'â' => 'a',
            'ö' | 'ø' | 'ó' | 'ò' | 'ô' => 'o',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'ü' | 'ú' => 'u',
            'í' | 'ï' => 'i',
            c if c.is_ascii_alphanumeric() => c,
            _ => '-',
        };
        if c != '-' || !out.is_empty() && !out.ends_with('-') {
            out.push(c);
        }
    }
    out.trim_end_matches('-').to_string()
}

impl App {
    /// Starts putting together a new item of `kind` by questions.
    pub fn start_draft(&mut self, kind: Kind, fields: Vec<(&'static str, Value)>, ask: Vec<&'static str>) {
        self.ask_draft(Draft { kind, fields, ask });
    }

    /// Asks the next question of `draft`, or adds the item when none is left.
    fn ask_draft(&mut self, draft: Draft) {
        let lang = self.lang;
        let Some(field) = draft.ask.first().and_then(|f| draft.kind.field(f)) else { return self.finish_draft(draft) };
        let all = questions(draft.kind).map_or(draft.ask.len(), |q| q.len());
        let n = all.saturating_sub(draft.ask.len()) + 1;
        let new = match draft.kind {
            Kind::Goal | Kind::FocusArea | Kind::Commitment => s::NEW_NEUTER,
            _ => s::NEW,
        };
        let title = format!("{} {} ({n}/{all}) – {}", new.get(lang), draft.kind.noun(lang), field.label(lang));
        self.modal = Some(match &field.ty {
            FieldType::Enum(choices) => {
                // A kommun's name gives away its kind: that one is
                // highlighted, still to be chosen with Enter.
                let named = draft.fields.iter().find(|(n, _)| *n == "name").and_then(|(_, v)| v.as_str());
                let guess = match (draft.kind, named.and_then(kommun)) {
                    (Kind::Party, Some(_)) => Some("municipality"),
                    _ => None,
                };
                let items: Vec<PickItem> = choices
                    .iter()
                    .map(|c| PickItem {
                        label: c.label(lang).to_string(),
                        value: PickValue::Key(c.key.to_string()),
                        checked: false,
                    })
                    .collect();
                let selected = guess.and_then(|g| choices.iter().position(|c| c.key == g)).unwrap_or(0);
                Modal::Pick(PickModal {
                    purpose: PickPurpose::Draft(Box::new(draft)),
                    title,
                    items,
                    selected,
                    multi: false,
                    error: None,
                    query: String::new(),
                })
            }
            ty => {
                let mut m = TextModal::empty(TextPurpose::Draft(Box::new(draft)), title);
                m.hint = match ty {
                    FieldType::YearValue => Some(s::YEAR_VALUE_HINT.get(lang)),
                    _ if field.name == "unit" => Some(s::UNIT_HINT.get(lang)),
                    _ => None,
                };
                Modal::Text(Box::new(m))
            }
        });
    }

    /// Takes the answer typed to the draft's question; `Err` keeps the
    /// dialog open with the reason.
    pub(super) fn answer_draft_text(&mut self, mut draft: Draft, text: &str) -> Result<(), String> {
        let Some(field) = draft.ask.first().and_then(|f| draft.kind.field(f)) else { return Ok(()) };
        let path = FieldPath { kind: draft.kind, id: None, field, sub: None };
        match parse_input(&path, text).map_err(|e| sanitize(e.text().get(self.lang)).into_owned())? {
            Input::Whole(v) => draft.fields.push((field.name, v)),
            Input::Remove => {}
            _ => return Err(s::NEEDS_YEAR.get(self.lang).to_string()),
        }
        draft.ask.remove(0);
        self.ask_draft(draft);
        Ok(())
    }

    /// Takes the choice made for the draft's question.
    pub(super) fn answer_draft_pick(&mut self, mut draft: Draft, choice: PickValue) {
        let Some(name) = draft.ask.first().copied() else { return };
        if let PickValue::Key(k) = choice {
            draft.fields.push((name, Value::Str(k)));
        }
        draft.ask.remove(0);
        self.ask_draft(draft);
    }

    /// Adds the item the answers make, and selects it.
    fn finish_draft(&mut self, draft: Draft) {
        let (kind, lang) = (draft.kind, self.lang);
        let named = draft.fields.iter().find(|(n, _)| *n == "name").and_then(|(_, v)| v.as_str()).unwrap_or("");
        let id = match kind {
            Kind::Party => party_id(&self.session.loaded().plan, named),
            Kind::FocusArea => unique_id(&self.session.loaded().plan, kind, named),
            _ => None,
        };
        let added = match id {
            Some(id) => self.session.add_as(kind, id, draft.fields),
            None => self.session.add(kind, draft.fields),
        };
        match added {
            Ok(id) => {
                self.rebuild();
                self.select_item(kind, &id);
                self.info(s::added(lang, kind.noun(lang), &escape(&id)));
            }
            Err(e) => self.error(sanitize(e.text().get(lang)).into_owned()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{Date, load_str};

    fn plan() -> Plan {
        let today = Date { year: 2026, month: 11, day: 22 };
        load_str(crate::assets::EXAMPLE.to_string(), today).expect("example loads").plan
    }

    #[test]
    fn a_question_agrees_with_its_noun() {
        let mut a = App::new(
            crate::plan::edit::Session::from_text(
                crate::assets::EXAMPLE.to_string(),
                Date { year: 2026, month: 11, day: 22 },
            )
            .expect("loads"),
            crate::i18n::Lang::Sv,
            Date { year: 2026, month: 11, day: 22 },
        );
        for (kind, title) in [
            (Kind::Goal, "Nytt mål (1/2) – Titel"),
            (Kind::FocusArea, "Nytt fokusområde (1/1) – Namn"),
            (Kind::Party, "Ny part (1/2) – Namn"),
        ] {
            a.start_draft(kind, Vec::new(), questions(kind).expect("asked"));
            match &a.modal {
                Some(Modal::Text(t)) => assert_eq!(t.title, title),
                other => panic!("{other:?}"),
            }
            a.modal = None;
        }
    }

    #[test]
    fn party_ids_come_from_names() {
        let p = plan();
        assert_eq!(party_id(&p, "Sandvikens kommun").as_deref(), Some("sandviken"));
        assert_eq!(party_id(&p, "Vännäs kommun").as_deref(), Some("vannas"), "no genitive s to drop");
        assert_eq!(party_id(&p, "Region Gävleborg").as_deref(), Some("region-gavleborg"));
        assert_eq!(party_id(&p, "  Ungdomens hus – Åre ").as_deref(), Some("ungdomens-hus-are"));
        assert_eq!(party_id(&p, "Bergs kommun").as_deref(), Some("berg-2"), "berg is taken in the example");
        assert_eq!(party_id(&p, "–"), None);
        assert_eq!(kommun("sandvikens kommun"), Some(("2181", "Sandviken")));
    }
}
