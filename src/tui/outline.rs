//! The outline as a flat list of rows: the plan and its revision, the
//! parties, then each focus area with its commitments and goals and, under
//! each goal, its indicators and activities. Rows are rebuilt only when the plan or the
//! filter changes (one pass over the items); drawing then lays out just the
//! rows on screen, so a plan with 10,000 activities stays instant.

use std::collections::{HashMap, HashSet};

use crate::plan::schema::FieldType;
use crate::plan::validate::agreement::is_parent_goal_ref;
use crate::plan::{Item, Kind, Plan};

/// A heading between groups of rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Parties,
    FocusAreas,
    /// Items whose goal or focus area does not exist (the check reports them).
    Orphans,
    /// Activities under a goal of the parent plan (`jamtland-lok:G7`, issue 18).
    ParentGoals,
}

/// One line of the outline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Header(Section),
    /// An item by kind and position in its collection.
    Item {
        kind: Kind,
        index: usize,
        depth: u8,
    },
}

impl Row {
    /// Returns the item on this row.
    pub fn item<'a>(&self, plan: &'a Plan) -> Option<&'a Item> {
        match *self {
            Row::Item { kind, index, .. } => plan.items(kind).get(index),
            Row::Header(_) => None,
        }
    }

    /// Returns the kind of the item on this row.
    pub fn kind(&self) -> Option<Kind> {
        match *self {
            Row::Item { kind, .. } => Some(kind),
            Row::Header(_) => None,
        }
    }
}

/// What the outline shows: free text and three narrowing choices.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Words searched in ids and every text field (titles, names,
    /// descriptions, owners, sources …), in any case.
    pub query: String,
    /// An activity status key (`planned`, …).
    pub status: Option<&'static str>,
    /// A party id that must be among the responsible.
    pub party: Option<String>,
    /// A focus area id.
    pub area: Option<String>,
}

impl Filter {
    /// Returns true if anything narrows the outline.
    pub fn is_active(&self) -> bool {
        !self.query.trim().is_empty() || self.status.is_some() || self.party.is_some() || self.area.is_some()
    }

    fn text_match(&self, needle: &str, item: &Item) -> bool {
        if needle.is_empty() {
            return true;
        }
        // Issue #22: owners and the other text fields were not searched.
        let text = item.kind.fields().iter().filter(|f| matches!(f.ty, FieldType::Text | FieldType::LongText));
        item.id.to_lowercase().contains(needle)
            || text.into_iter().any(|f| item.str(f.name).to_lowercase().contains(needle))
    }

    fn party_ok(&self, responsible: &[String]) -> bool {
        self.party.as_ref().is_none_or(|p| responsible.iter().any(|r| r == p))
    }
}

/// What is folded away in the outline (issue #22): the parties, and
/// focus areas by id. A search or filter shows its matches regardless.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Folds {
    pub parties: bool,
    pub areas: HashSet<String>,
}

impl Folds {
    /// Returns true if anything is folded.
    pub fn any(&self) -> bool {
        self.parties || !self.areas.is_empty()
    }
}

/// The outline's rows and how many items they show.
#[derive(Debug, Clone, Default)]
pub struct Outline {
    pub rows: Vec<Row>,
    /// Number of item rows shown.
    pub shown: usize,
    /// The rows whose own text matches the search (not those shown only
    /// as the context of a match), in order; empty without a search.
    pub hits: Vec<usize>,
}

/// Builds the outline of `plan` under `filter`, with `folds` folded away
/// unless the filter is active.
pub fn build(plan: &Plan, filter: &Filter, folds: &Folds) -> Outline {
    let needle = filter.query.trim().to_lowercase();
    let active = filter.is_active();
    let mut rows = Vec::new();

    let mut goals_of_area: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, g) in plan.goals.iter().enumerate() {
        goals_of_area.entry(g.str("focus_area")).or_default().push(i);
    }
    // Commitments (issue 18) sit under their focus area, before its goals.
    let mut commitments_of_area: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, c) in plan.commitments.iter().enumerate() {
        commitments_of_area.entry(c.str("focus_area")).or_default().push(i);
    }
    let mut children_of_goal: HashMap<&str, (Vec<usize>, Vec<usize>)> = HashMap::new();
    for (i, x) in plan.indicators.iter().enumerate() {
        children_of_goal.entry(x.str("goal")).or_default().0.push(i);
    }
    for (i, a) in plan.activities.iter().enumerate() {
        children_of_goal.entry(a.str("goal")).or_default().1.push(i);
    }

    if !active {
        rows.push(Row::Item { kind: Kind::Plan, index: 0, depth: 0 });
        rows.push(Row::Item { kind: Kind::Revision, index: 0, depth: 0 });
    }
    let only_text = filter.status.is_none() && filter.party.is_none() && filter.area.is_none();
    let parties: Vec<usize> = (0..plan.parties.len())
        .filter(|&i| {
            !active
                || (filter.status.is_none() && filter.area.is_none() && party_match(filter, &needle, &plan.parties[i]))
        })
        .collect();
    if !active || !parties.is_empty() {
        rows.push(Row::Header(Section::Parties));
        if active || !folds.parties {
            rows.extend(parties.iter().map(|&index| Row::Item { kind: Kind::Party, index, depth: 1 }));
        }
    }

    let goal_rows = |gi: usize, depth: u8, out: &mut Vec<Row>| {
        let goal = &plan.goals[gi];
        let (inds, acts) = children_of_goal.get(goal.id.as_str()).cloned().unwrap_or_default();
        let inds: Vec<usize> = inds
            .into_iter()
            .filter(|&i| {
                !active
                    || (filter.status.is_none()
                        && filter.party_ok(goal.list("responsible"))
                        && filter.text_match(&needle, &plan.indicators[i]))
            })
            .collect();
        let acts: Vec<usize> = acts
            .into_iter()
            .filter(|&i| {
                let a = &plan.activities[i];
                !active
                    || (filter.status.is_none_or(|s| a.str("status") == s)
                        && filter.party_ok(a.list("responsible"))
                        && filter.text_match(&needle, a))
            })
            .collect();
        let self_match =
            filter.status.is_none() && filter.party_ok(goal.list("responsible")) && filter.text_match(&needle, goal);
        if active && !self_match && inds.is_empty() && acts.is_empty() {
            return;
        }
        out.push(Row::Item { kind: Kind::Goal, index: gi, depth });
        out.extend(inds.into_iter().map(|index| Row::Item { kind: Kind::Indicator, index, depth: depth + 1 }));
        out.extend(acts.into_iter().map(|index| Row::Item { kind: Kind::Activity, index, depth: depth + 1 }));
    };

    let mut area_rows = Vec::new();
    for (ai, area) in plan.focus_areas.iter().enumerate() {
        if filter.area.as_ref().is_some_and(|a| *a != area.id) {
            continue;
        }
        let mut inner = Vec::new();
        for &ci in commitments_of_area.get(area.id.as_str()).map(Vec::as_slice).unwrap_or(&[]) {
            let c = &plan.commitments[ci];
            if !active
                || (filter.status.is_none() && filter.party_ok(c.list("responsible")) && filter.text_match(&needle, c))
            {
                inner.push(Row::Item { kind: Kind::Commitment, index: ci, depth: 2 });
            }
        }
        for &gi in goals_of_area.get(area.id.as_str()).map(Vec::as_slice).unwrap_or(&[]) {
            goal_rows(gi, 2, &mut inner);
        }
        let self_match = only_text && filter.text_match(&needle, area);
        if active && !self_match && inner.is_empty() {
            continue;
        }
        area_rows.push(Row::Item { kind: Kind::FocusArea, index: ai, depth: 1 });
        if active || !folds.areas.contains(&area.id) {
            area_rows.extend(inner);
        }
    }
    if !active || !area_rows.is_empty() {
        rows.push(Row::Header(Section::FocusAreas));
        rows.extend(area_rows);
    }

    // Items whose parent is missing stay reachable, so they can be fixed.
    if filter.area.is_none() {
        let areas: HashSet<&str> = plan.focus_areas.iter().map(|a| a.id.as_str()).collect();
        let goals: HashSet<&str> = plan.goals.iter().map(|g| g.id.as_str()).collect();
        let mut orphans = Vec::new();
        for (gi, g) in plan.goals.iter().enumerate() {
            if !areas.contains(g.str("focus_area")) {
                goal_rows(gi, 1, &mut orphans);
            }
        }
        for (index, c) in plan.commitments.iter().enumerate() {
            if !areas.contains(c.str("focus_area")) && (!active || filter.text_match(&needle, c)) {
                orphans.push(Row::Item { kind: Kind::Commitment, index, depth: 1 });
            }
        }
        let mut under_parent = Vec::new();
        for (kind, items) in [(Kind::Indicator, &plan.indicators), (Kind::Activity, &plan.activities)] {
            for (index, item) in items.iter().enumerate() {
                if !goals.contains(item.str("goal")) && (!active || filter.text_match(&needle, item)) {
                    let row = Row::Item { kind, index, depth: 1 };
                    if kind == Kind::Activity && is_parent_goal_ref(plan, item.str("goal")) {
                        under_parent.push(row);
                    } else {
                        orphans.push(row);
                    }
                }
            }
        }
        if !under_parent.is_empty() {
            rows.push(Row::Header(Section::ParentGoals));
            rows.extend(under_parent);
        }
        if !orphans.is_empty() {
            rows.push(Row::Header(Section::Orphans));
            rows.extend(orphans);
        }
    }
    let shown = rows.iter().filter(|r| matches!(r, Row::Item { .. })).count();
    let hits = if needle.is_empty() {
        Vec::new()
    } else {
        let hit = |r: &Row| r.item(plan).is_some_and(|i| filter.text_match(&needle, i));
        rows.iter().enumerate().filter(|(_, r)| hit(r)).map(|(n, _)| n).collect()
    };
    Outline { rows, shown, hits }
}

fn party_match(filter: &Filter, needle: &str, party: &Item) -> bool {
    filter.party.as_ref().is_none_or(|p| *p == party.id) && filter.text_match(needle, party)
}

/// Returns the number of items an unfiltered outline shows.
pub fn total(plan: &Plan) -> usize {
    2 + plan.parties.len()
        + plan.focus_areas.len()
        + plan.commitments.len()
        + plan.goals.len()
        + plan.indicators.len()
        + plan.activities.len()
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
    fn unfiltered_outline_shows_every_item() {
        let p = plan();
        let o = build(&p, &Filter::default(), &Folds::default());
        assert_eq!(o.shown, total(&p));
    }

    // Issue #22: an activity found by its owner, and the hit told apart
    // from the focus area and goal shown around it.
    #[test]
    fn search_finds_owners_and_marks_the_hits() {
        let p = plan();
        let a = p.activities.iter().find(|a| !a.str("owner").is_empty()).expect("an activity with an owner");
        let owner = a.str("owner").to_uppercase();
        let o = build(&p, &Filter { query: owner.clone(), ..Filter::default() }, &Folds::default());
        let hit_items: Vec<&Item> = o.hits.iter().filter_map(|&n| o.rows[n].item(&p)).collect();
        assert!(hit_items.iter().any(|i| i.id == a.id), "{owner}");
        assert!(!hit_items.iter().any(|i| i.kind == Kind::FocusArea), "the area is context, not a hit");
        assert!(o.rows[o.hits[0]].kind().is_some());
        assert!(o.rows.len() > o.hits.len(), "context rows are shown but are not hits");
    }

    // Issue #22: parties and focus areas fold; a search sees through.
    #[test]
    fn folds_hide_what_is_under_them_unless_searching() {
        let p = plan();
        let area = p.focus_areas[0].id.clone();
        let folds = Folds { parties: true, areas: [area.clone()].into_iter().collect() };
        let o = build(&p, &Filter::default(), &folds);
        let under: usize = p
            .goals_in(&area)
            .map(|g| 1 + p.indicators_of(&g.id).count() + p.activities_of(&g.id).count())
            .sum::<usize>()
            + p.commitments.iter().filter(|c| c.str("focus_area") == area).count();
        assert_eq!(o.shown, total(&p) - p.parties.len() - under);
        assert!(o.rows.contains(&Row::Header(Section::Parties)));
        let q = Filter { query: p.goals_in(&area).next().expect("a goal").id.clone(), ..Filter::default() };
        assert!(build(&p, &q, &folds).rows.iter().any(|r| r.kind() == Some(Kind::Goal)));
    }

    #[test]
    fn status_filter_keeps_only_matching_activities_and_their_goals() {
        let p = plan();
        let f = Filter { status: Some("done"), ..Filter::default() };
        let o = build(&p, &f, &Folds::default());
        for r in &o.rows {
            if let Some(item) = r.item(&p) {
                if item.kind == Kind::Activity {
                    assert_eq!(item.str("status"), "done");
                }
                assert!(!matches!(item.kind, Kind::Indicator | Kind::Party));
            }
        }
    }
}
