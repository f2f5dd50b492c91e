//! The editor's commitments (format 1.1, issue 18): a standing commitment
//! sits under its focus area, before the goals, and shows who holds it
//! (the region, the kommuner, joint). It is added with `C` (or `a`/`A` on
//! another commitment), edited field by field like every item, deleted with
//! `d` and moved to another focus area with `m`.

use ratatui::style::{Modifier, Style};
use ratatui::text::Span;

use super::app::App;
use super::modal::{PickItem, PickPurpose, PickValue};
use super::ops::item_line;
use super::strings as s;
use crate::i18n::Lang;
use crate::plan::responsibility::Principal;
use crate::plan::{Item, Kind, Plan, Value};
use crate::text::escape;

impl App {
    /// Adds a commitment to the focus area of the selection (the focus
    /// area itself, or that of a goal or a commitment), else to the first.
    pub fn add_commitment(&mut self) {
        let plan = &self.session.loaded().plan;
        let area = self.item().and_then(|i| match i.kind {
            Kind::FocusArea => Some(i.id.clone()),
            Kind::Goal | Kind::Commitment => Some(i.str("focus_area").to_string()),
            Kind::Activity | Kind::Indicator => {
                plan.find(Kind::Goal, i.str("goal")).map(|g| g.str("focus_area").to_string())
            }
            _ => None,
        });
        match placeholder(plan, area.as_deref(), self.lang) {
            Ok(fields) => self.add_item(Kind::Commitment, fields),
            Err(msg) => self.error(msg),
        }
    }

    /// Opens the focus area picker to move the selected commitment.
    pub fn ask_move_commitment(&mut self) {
        let Some(item) = self.item() else { return };
        let current = item.str("focus_area").to_string();
        let id = item.id.clone();
        let items: Vec<PickItem> = self
            .session
            .loaded()
            .plan
            .focus_areas
            .iter()
            .map(|a| PickItem { label: item_line(a), value: PickValue::Key(a.id.clone()), checked: a.id == current })
            .collect();
        let title = format!("{} – {}", s::MOVE_TO_AREA_TITLE.get(self.lang), escape(&id));
        self.modal =
            Some(super::ops::pick(PickPurpose::MoveToGoal { kind: Kind::Commitment, id }, title, items, false));
    }
}

/// Returns the fields of a new commitment in `area` (else the first focus
/// area), held by the parties of the area's last commitment (else the
/// first party), so that the plan stays valid.
pub(super) fn placeholder(plan: &Plan, area: Option<&str>, lang: Lang) -> Result<Vec<(&'static str, Value)>, String> {
    let area = area
        .filter(|a| plan.find(Kind::FocusArea, a).is_some())
        .map(String::from)
        .or_else(|| plan.focus_areas.first().map(|a| a.id.clone()))
        .ok_or_else(|| s::NO_AREAS.get(lang).to_string())?;
    let responsible = plan
        .commitments_in(&area)
        .last()
        .map(|c| c.list("responsible").to_vec())
        .filter(|l| !l.is_empty())
        .or_else(|| plan.parties.first().map(|p| vec![p.id.clone()]))
        .ok_or_else(|| s::NO_PARTIES.get(lang).to_string())?;
    Ok(vec![
        ("focus_area", Value::Str(area)),
        ("title", Value::Str(s::NEW_COMMITMENT.get(lang).to_string())),
        ("responsible", Value::List(responsible)),
    ])
}

/// Returns a commitment's outline row: its id, who holds it, its title.
pub(super) fn spans(plan: &Plan, item: &Item, lang: Lang) -> Vec<Span<'static>> {
    let dim = Style::default().add_modifier(Modifier::DIM);
    let who = Principal::of_item(plan, item).map(|p| p.heading(lang)).unwrap_or("?");
    vec![
        Span::styled(format!("{} ", escape(&item.id)), dim),
        Span::raw("▪ "),
        Span::styled(format!("[{who}] "), dim),
        Span::raw(escape(item.label()).into_owned()),
    ]
}
