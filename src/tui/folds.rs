//! Folding the outline and walking its overdue activities (issue #22):
//! a focus area (or the parties) folds to one row, and `F` goes to the
//! next activity past its due date, unfolding what hides it.

use super::app::App;
use super::outline::{Row, Section};
use super::strings as s;
use crate::plan::Kind;
use crate::publish::followup::ActivityState;

impl App {
    /// Folds or unfolds the focus area the selection is in (a goal or
    /// activity folds its area, and the area is selected), or the parties.
    pub fn toggle_fold(&mut self) {
        if self.filter.is_active() {
            return self.info(s::FOLD_FILTERED.get(self.lang));
        }
        let plan = &self.session.loaded().plan;
        let area = match (self.row(), self.item()) {
            (Some(Row::Header(Section::Parties)), _) => None,
            (_, Some(i)) if i.kind == Kind::Party => None,
            (_, Some(i)) => match area_of(plan, i.kind, &i.id) {
                Some(a) => Some(a),
                None => return,
            },
            _ => return,
        };
        match area {
            None => {
                self.folds.parties = !self.folds.parties;
                self.rebuild();
                if let Some(i) = self.outline.rows.iter().position(|r| *r == Row::Header(Section::Parties)) {
                    self.select(i);
                }
            }
            Some(id) => {
                if !self.folds.areas.remove(&id) {
                    self.folds.areas.insert(id.clone());
                }
                self.rebuild();
                self.select_item(Kind::FocusArea, &id);
            }
        }
    }

    /// Folds every focus area and the parties, or, when all are folded,
    /// unfolds them all.
    pub fn fold_all(&mut self) {
        let plan = &self.session.loaded().plan;
        let all = self.folds.parties && plan.focus_areas.iter().all(|a| self.folds.areas.contains(&a.id));
        self.folds = if all {
            Default::default()
        } else {
            super::outline::Folds { parties: true, areas: plan.focus_areas.iter().map(|a| a.id.clone()).collect() }
        };
        let keep = self.item().map(|i| (i.kind, i.id.clone()));
        self.rebuild();
        if let Some((kind, id)) = keep {
            // What folded away leaves its focus area selected.
            let area = area_of(&self.session.loaded().plan, kind, &id);
            match area {
                Some(a) if !all && kind != Kind::FocusArea => self.select_item(Kind::FocusArea, &a),
                _ => self.select_item(kind, &id),
            }
        }
    }

    /// Selects the next activity past its due date after the selection
    /// (in outline order, wrapping), unfolding its focus area.
    pub fn next_overdue(&mut self) {
        let plan = &self.session.loaded().plan;
        let today = self.today;
        let late: Vec<(String, Option<String>)> = plan
            .activities
            .iter()
            .filter(|a| ActivityState::of(a, today) == ActivityState::Overdue)
            .map(|a| (a.id.clone(), area_of(plan, Kind::Activity, &a.id)))
            .collect();
        if late.is_empty() {
            return self.info(s::NO_OVERDUE.get(self.lang));
        }
        for (_, area) in &late {
            if let Some(a) = area {
                self.folds.areas.remove(a);
            }
        }
        self.rebuild();
        let plan = &self.session.loaded().plan;
        let rows: Vec<usize> = self
            .outline
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| {
                r.kind() == Some(Kind::Activity) && r.item(plan).is_some_and(|i| late.iter().any(|(id, _)| *id == i.id))
            })
            .map(|(n, _)| n)
            .collect();
        let Some(&to) = rows.iter().find(|&&n| n > self.selected).or_else(|| rows.first()) else {
            return self.info(s::OVERDUE_HIDDEN.get(self.lang));
        };
        let at = rows.iter().position(|&n| n == to).unwrap_or(0);
        self.select(to);
        self.info(s::overdue_of(self.lang, at + 1, rows.len()));
    }

    /// Unfolds what hides the item; returns true if anything was folded.
    pub(super) fn unfold_for(&mut self, kind: Kind, id: &str) -> bool {
        if kind == Kind::Party {
            return std::mem::take(&mut self.folds.parties);
        }
        match area_of(&self.session.loaded().plan, kind, id) {
            Some(a) if kind != Kind::FocusArea => self.folds.areas.remove(&a),
            _ => false,
        }
    }
}

/// Returns the focus area an item belongs to (a focus area's own id).
fn area_of(plan: &crate::plan::Plan, kind: Kind, id: &str) -> Option<String> {
    let item = plan.find(kind, id)?;
    match kind {
        Kind::FocusArea => Some(item.id.clone()),
        Kind::Goal => Some(item.str("focus_area").to_string()),
        Kind::Indicator | Kind::Activity => {
            plan.find(Kind::Goal, item.str("goal")).map(|g| g.str("focus_area").to_string())
        }
        _ => None,
    }
}
