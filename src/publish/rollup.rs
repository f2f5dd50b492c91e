//! `report --rollup DIR` (issue 18): the activities of the plans under a
//! plan (an action plan, the kommuners' local agreements), summed under the
//! goals of the plan they implement (`goal = "jamtland-lok:G7"`), by status
//! and by plan. Commitments are standing and never counted as activities.
//!
//! Plan text is escaped for its target (terminal text or Markdown).

use std::fmt::Write as _;

use super::blocks::{Block, markdown};
use crate::i18n::Lang;
use crate::plan::family::{Family, Member};
use crate::plan::model::Item;
use crate::plan::schema::ACTIVITY_STATUSES;
use crate::plan::validate::agreement::parent_goal;
use crate::text;

/// The activities of the plans below, under one goal of the plan above.
#[derive(Debug)]
pub struct GoalRollup<'a> {
    pub goal: &'a Item,
    /// Per status of [`ACTIVITY_STATUSES`], in its order.
    pub counts: [usize; 4],
    /// Each plan below with its activities under the goal, in tree order.
    pub by_plan: Vec<(&'a Member, Vec<&'a Item>)>,
}

impl GoalRollup<'_> {
    /// Returns how many activities there are in all.
    pub fn total(&self) -> usize {
        self.counts.iter().sum()
    }
}

/// One plan with plans under it, and its goals summed.
#[derive(Debug)]
pub struct PlanRollup<'a> {
    pub plan: &'a Member,
    pub goals: Vec<GoalRollup<'a>>,
    /// The plans below, each with its activities under goals of its own.
    pub own: Vec<(&'a Member, usize)>,
    /// Activities under a goal of this plan that it no longer has (`check
    /// DIR` reports them as errors): listed, not left out of the sums silently.
    pub lost: Vec<(&'a Member, &'a Item)>,
}

/// Returns the roll-up of every plan of `family` that has plans under it,
/// top down.
pub fn rollup(family: &Family) -> Vec<PlanRollup<'_>> {
    let mut out = Vec::new();
    let mut queue: Vec<&Member> = family.roots();
    let mut seen = std::collections::HashSet::new();
    while let Some(m) = queue.first().copied() {
        queue.remove(0);
        if !seen.insert(m.id()) {
            continue;
        }
        let children = family.children(m.id());
        if children.is_empty() {
            continue;
        }
        out.push(of(m, &children));
        queue.extend(children);
    }
    out
}

fn of<'a>(m: &'a Member, children: &[&'a Member]) -> PlanRollup<'a> {
    // Each plan below's activities by the goal of `m` they are under,
    // gathered once rather than per goal.
    let by_goal: Vec<std::collections::HashMap<&str, Vec<&Item>>> = children
        .iter()
        .map(|c| {
            let mut map: std::collections::HashMap<&str, Vec<&Item>> = std::collections::HashMap::new();
            for a in &c.plan().activities {
                if let Some((p, g)) = parent_goal(a.str("goal"))
                    && p == m.id()
                {
                    map.entry(g).or_default().push(a);
                }
            }
            map
        })
        .collect();
    let goals = m
        .plan()
        .goals
        .iter()
        .map(|goal| {
            let mut counts = [0; 4];
            let by_plan: Vec<(&Member, Vec<&Item>)> = children
                .iter()
                .zip(&by_goal)
                .map(|(c, map)| {
                    let acts: Vec<&Item> = map.get(goal.id.as_str()).cloned().unwrap_or_default();
                    for a in &acts {
                        if let Some(i) = ACTIVITY_STATUSES.iter().position(|s| s.key == a.str("status")) {
                            counts[i] += 1;
                        }
                    }
                    (*c, acts)
                })
                .filter(|(_, acts)| !acts.is_empty())
                .collect();
            GoalRollup { goal, counts, by_plan }
        })
        .collect();
    let own = children
        .iter()
        .map(|c| (*c, c.plan().activities.iter().filter(|a| parent_goal(a.str("goal")).is_none()).count()))
        .collect();
    let known: std::collections::HashSet<&str> = m.plan().goals.iter().map(|g| g.id.as_str()).collect();
    let lost = children
        .iter()
        .flat_map(|c| c.plan().activities.iter().map(move |a| (*c, a)))
        .filter(|(_, a)| parent_goal(a.str("goal")).is_some_and(|(p, g)| p == m.id() && !known.contains(g)))
        .collect();
    PlanRollup { plan: m, goals, own, lost }
}

fn title_of(m: &Member) -> String {
    let r = &m.plan().revision;
    format!("{} ({}, {})", m.plan().plan.label(), m.id(), r.str("version"))
}

fn counts_text(g: &GoalRollup<'_>, lang: Lang) -> String {
    let parts: Vec<String> = ACTIVITY_STATUSES
        .iter()
        .zip(g.counts)
        .filter(|(_, n)| *n > 0)
        .map(|(s, n)| format!("{}: {n}", s.label(lang)))
        .collect();
    let n = g.total();
    let word = if n == 1 { lang.pick("aktivitet", "activity") } else { lang.pick("aktiviteter", "activities") };
    format!("{n} {word} ({})", parts.join(", "))
}

/// Renders the roll-up as terminal text.
pub fn render_text(family: &Family, lang: Lang) -> String {
    let mut out = String::new();
    let all = rollup(family);
    if all.is_empty() {
        let _ = writeln!(out, "{}", lang.pick("Inga planer med planer under sig.", "No plans with plans under them."));
    }
    for r in &all {
        let _ = writeln!(out, "{}", text::escape(&title_of(r.plan)));
        for g in r.goals.iter().filter(|g| g.total() > 0) {
            let _ = writeln!(
                out,
                "  {} {}: {}",
                text::escape(&g.goal.id),
                text::escape(g.goal.label()),
                counts_text(g, lang)
            );
            for (m, acts) in &g.by_plan {
                let ids = acts.iter().map(|a| a.id.as_str()).collect::<Vec<_>>().join(", ");
                let _ = writeln!(out, "    {}: {} ({})", text::escape(m.id()), acts.len(), text::escape(&ids));
            }
        }
        let empty: Vec<&str> = r.goals.iter().filter(|g| g.total() == 0).map(|g| g.goal.id.as_str()).collect();
        if !empty.is_empty() {
            let _ = writeln!(
                out,
                "  {}: {}",
                lang.pick("Mål utan lokala aktiviteter", "Goals without local activities"),
                text::escape(&empty.join(", "))
            );
        }
        if !r.lost.is_empty() {
            let list: Vec<String> =
                r.lost.iter().map(|(m, a)| format!("{} {} ({})", m.id(), a.id, a.str("goal"))).collect();
            let _ = writeln!(
                out,
                "  {}: {}",
                lang.pick("Under mål som inte längre finns", "Under goals that no longer exist"),
                text::escape(&list.join(", "))
            );
        }
        for (m, n) in r.own.iter().filter(|(_, n)| *n > 0) {
            let _ = writeln!(
                out,
                "  {}",
                text!(sv: "{}: {n} {} under egna mål", text::escape(m.id()), if *n == 1 { "aktivitet" } else { "aktiviteter" };
                      en: "{}: {n} {} under goals of its own", text::escape(m.id()), if *n == 1 { "activity" } else { "activities" })
                .get(lang)
            );
        }
        out.push('\n');
    }
    out
}

/// Renders the roll-up as Markdown.
pub fn render_markdown(family: &Family, lang: Lang) -> String {
    let mut blocks =
        vec![Block::Heading { level: 1, text: lang.pick("Samlad uppföljning", "Roll-up").into(), id: None }];
    for r in rollup(family) {
        blocks.push(Block::Heading { level: 2, text: title_of(r.plan), id: None });
        let mut heads = vec![lang.pick("Mål", "Goal").to_string()];
        heads.extend(ACTIVITY_STATUSES.iter().map(|s| s.label(lang).to_string()));
        heads.push(lang.pick("Planer", "Plans").to_string());
        let rows = r
            .goals
            .iter()
            .map(|g| {
                let mut row = vec![format!("{} {}", g.goal.id, g.goal.label())];
                row.extend(g.counts.iter().map(|n| n.to_string()));
                row.push(
                    g.by_plan.iter().map(|(m, a)| format!("{} ({})", m.id(), a.len())).collect::<Vec<_>>().join(", "),
                );
                row
            })
            .collect();
        blocks.push(Block::Table { heads, rows });
        if !r.lost.is_empty() {
            let list: Vec<String> =
                r.lost.iter().map(|(m, a)| format!("{} {} ({})", m.id(), a.id, a.str("goal"))).collect();
            let word = lang.pick("Under mål som inte längre finns", "Under goals that no longer exist");
            blocks.push(Block::Note(format!("{word}: {}", list.join(", "))));
        }
    }
    markdown(&blocks)
}
