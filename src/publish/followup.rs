//! The follow-up model: what a plan looks like on a given day.
//!
//! Counts activities per focus area by state (an activity past its due date
//! that is neither done nor cancelled counts as *overdue*, not as planned or
//! ongoing, so the five counts add up to the total), judges each indicator
//! against the path from its baseline to its target, and lists per party
//! what it answers for and where responsibility has holes.
//!
//! Pure data computed from a [`Plan`] and a [`Date`]; the report, the
//! export and the TUI all render it.

use std::collections::{HashMap, HashSet};

use crate::plan::date::Date;
use crate::plan::model::{Item, Plan, YearValue};

/// What state an activity is in on the follow-up day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActivityState {
    Planned,
    Ongoing,
    Done,
    Cancelled,
    /// Past its due date and neither done nor cancelled.
    Overdue,
}

impl ActivityState {
    /// Returns the state of `activity` on `today`. An unknown status (which
    /// `check` reports) counts as planned.
    pub fn of(activity: &Item, today: Date) -> ActivityState {
        let status = match activity.str("status") {
            "done" => return ActivityState::Done,
            "cancelled" => return ActivityState::Cancelled,
            "ongoing" => ActivityState::Ongoing,
            _ => ActivityState::Planned,
        };
        match activity.date("due") {
            Some(due) if due < today => ActivityState::Overdue,
            _ => status,
        }
    }
}

/// Activities counted by state; the five fields add up to [`Counts::total`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub done: usize,
    pub ongoing: usize,
    pub planned: usize,
    pub overdue: usize,
    pub cancelled: usize,
}

impl Counts {
    /// Adds one activity in `state`.
    pub fn add(&mut self, state: ActivityState) {
        match state {
            ActivityState::Done => self.done += 1,
            ActivityState::Ongoing => self.ongoing += 1,
            ActivityState::Planned => self.planned += 1,
            ActivityState::Overdue => self.overdue += 1,
            ActivityState::Cancelled => self.cancelled += 1,
        }
    }

    /// Returns the number of activities counted.
    pub fn total(&self) -> usize {
        self.done + self.ongoing + self.planned + self.overdue + self.cancelled
    }
}

/// Which way an indicator should move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Increase,
    Decrease,
}

impl Direction {
    /// Returns the direction named in a plan file.
    pub fn parse(s: &str) -> Option<Direction> {
        match s {
            "increase" => Some(Direction::Increase),
            "decrease" => Some(Direction::Decrease),
            _ => None,
        }
    }

    /// Returns true if `value` is at least as good as `reference`.
    fn at_least(self, value: f64, reference: f64) -> bool {
        // A little slack for figures like 0.1 + 0.2 that a person wrote as 0.3.
        let eps = 1e-9 * reference.abs().max(1.0);
        match self {
            Direction::Increase => value >= reference - eps,
            Direction::Decrease => value <= reference + eps,
        }
    }
}

/// The judgement on an indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    OnTrack,
    OffTrack,
    /// No measurement after the baseline year (or no usable figures).
    NoData,
    /// The latest figure is old for its source (issue 19): not judged on
    /// that alone.
    Stale,
}

/// An indicator's verdict and what it rests on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Assessment {
    pub verdict: Verdict,
    /// The latest measurement after the baseline year.
    pub latest: Option<YearValue>,
    /// Where the latest measurement should be: on the straight path from
    /// the baseline to the target in the latest measurement's year (the
    /// target itself from the target year on), or the baseline when the
    /// indicator has no target.
    pub expected: Option<f64>,
}

/// Judges an indicator.
///
/// With a target, the latest measurement is compared with the straight path
/// from baseline to target in that measurement's year: on track if it is at
/// least as good as the path in the indicator's direction. Without a target
/// it is on track if it has moved the right way since the baseline (no
/// change is off track). Without a measurement after the baseline year, or
/// with figures that are not finite, there is no data to judge.
pub fn assess(
    direction: Option<Direction>,
    baseline: Option<YearValue>,
    target: Option<YearValue>,
    measurements: &[YearValue],
) -> Assessment {
    let no_data = |latest| Assessment { verdict: Verdict::NoData, latest, expected: None };
    let (Some(direction), Some(baseline)) = (direction, baseline) else {
        return no_data(None);
    };
    // The last of equal years wins: a correction appended to the list.
    let latest = measurements.iter().filter(|m| m.year > baseline.year && m.value.is_finite()).fold(
        None::<YearValue>,
        |best, m| match best {
            Some(b) if b.year > m.year => Some(b),
            _ => Some(*m),
        },
    );
    let Some(latest) = latest else {
        return no_data(None);
    };
    if !baseline.value.is_finite() || target.is_some_and(|t| !t.value.is_finite()) {
        return no_data(Some(latest));
    }
    let verdict_for = |expected: f64, strictly_better: bool| {
        let good = if strictly_better {
            direction.at_least(latest.value, expected) && latest.value != expected
        } else {
            direction.at_least(latest.value, expected)
        };
        Assessment {
            verdict: if good { Verdict::OnTrack } else { Verdict::OffTrack },
            latest: Some(latest),
            expected: Some(expected),
        }
    };
    match target {
        Some(t) => verdict_for(path_value(baseline, t, latest.year), false),
        None => verdict_for(baseline.value, true),
    }
}

/// Returns the value on the straight path from `baseline` to `target` in
/// `year`: the baseline before it, the target from the target year on.
pub fn path_value(baseline: YearValue, target: YearValue, year: i64) -> f64 {
    if target.year <= baseline.year || year >= target.year {
        return target.value;
    }
    if year <= baseline.year {
        return baseline.value;
    }
    let share = (year - baseline.year) as f64 / (target.year - baseline.year) as f64;
    baseline.value + (target.value - baseline.value) * share
}

/// One indicator followed up.
#[derive(Debug, Clone)]
pub struct IndicatorFollowUp<'a> {
    pub item: &'a Item,
    pub direction: Option<Direction>,
    pub baseline: Option<YearValue>,
    pub target: Option<YearValue>,
    /// The plan's own totals (no area, both sexes) up to the follow-up
    /// year, in year order: the figures the verdict rests on.
    pub measurements: Vec<YearValue>,
    pub assessment: Assessment,
    /// The part of the year the latest figure covers (`jan–apr`), if not all.
    pub latest_period: Option<String>,
    /// True when the latest figure is older than its source allows
    /// ([`max_age`]); the verdict is then [`Verdict::Stale`].
    pub stale: bool,
}

impl<'a> IndicatorFollowUp<'a> {
    /// Follows up one indicator as of `today`: figures for later years are
    /// not yet known then, so a report made again later with the same date
    /// judges the same (as long as the figures for those years stand).
    pub fn new(item: &'a Item, today: Date) -> Self {
        let direction = Direction::parse(item.str("direction"));
        let (baseline, target) = (item.year_value("baseline"), item.year_value("target"));
        let year = i64::from(today.year);
        let totals: Vec<&crate::plan::model::Measurement> =
            item.measurements().iter().filter(|m| m.is_total() && m.year <= year).collect();
        let mut measurements: Vec<YearValue> = totals.iter().map(|m| m.year_value()).collect();
        measurements.sort_by_key(|m| m.year);
        let mut assessment = assess(direction, baseline, target, &measurements);
        // The figure the verdict rests on: the last written for its year.
        let latest = assessment.latest.and_then(|l| totals.iter().rev().find(|m| m.year == l.year));
        let latest_period = latest.and_then(|m| m.period.clone());
        let stale = assessment.latest.is_some_and(|l| year - l.year > max_age(item));
        if stale {
            assessment.verdict = Verdict::Stale;
        }
        IndicatorFollowUp { item, direction, baseline, target, measurements, assessment, latest_period, stale }
    }

    /// Returns the verdict.
    pub fn verdict(&self) -> Verdict {
        self.assessment.verdict
    }
}

/// Returns how many years old an indicator's latest figure may be, as of
/// the follow-up year, before it is stale: 2 for a yearly source (Kolada,
/// Öppna jämförelser: last year's figure may not be out yet), 3 otherwise
/// (CAN's county surveys come every second or third year).
pub fn max_age(item: &Item) -> i64 {
    let source = crate::plan::scb::fold(item.str("source"));
    let refs = match item.get("refs") {
        Some(crate::plan::Value::Refs(r)) => r.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(),
        _ => Vec::new(),
    };
    let yearly = source.contains("kolada") || source.contains("oppna jamforelser");
    let can = source.contains("can") || refs.contains(&"can");
    if yearly || (!can && refs.iter().any(|k| matches!(*k, "kolada" | "oj"))) { 2 } else { 3 }
}

/// Indicators counted by verdict.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct VerdictCounts {
    pub on_track: usize,
    pub off_track: usize,
    pub no_data: usize,
    pub stale: usize,
}

/// One focus area followed up.
#[derive(Debug, Clone)]
pub struct AreaFollowUp<'a> {
    pub focus_area: &'a Item,
    pub goals: Vec<&'a Item>,
    /// The area's activities with their state, in file order.
    pub activities: Vec<(&'a Item, ActivityState)>,
    pub counts: Counts,
    pub indicators: Vec<IndicatorFollowUp<'a>>,
}

impl AreaFollowUp<'_> {
    /// Returns the activities in `state`.
    pub fn in_state(&self, state: ActivityState) -> impl Iterator<Item = &Item> {
        self.activities.iter().filter(move |(_, s)| *s == state).map(|(a, _)| *a)
    }

    /// Returns the indicators counted by verdict.
    pub fn verdicts(&self) -> VerdictCounts {
        let mut v = VerdictCounts::default();
        for i in &self.indicators {
            match i.verdict() {
                Verdict::OnTrack => v.on_track += 1,
                Verdict::OffTrack => v.off_track += 1,
                Verdict::NoData => v.no_data += 1,
                Verdict::Stale => v.stale += 1,
            }
        }
        v
    }
}

/// The two kinds of principal ("huvudmän") the law names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Principal {
    Region,
    Municipalities,
}

impl Principal {
    /// Returns the sentence that marks a focus area where this principal
    /// answers for nothing.
    pub fn gap_sentence(self, lang: crate::i18n::Lang) -> &'static str {
        match self {
            Principal::Region => lang.pick(
                "Regionen ansvarar inte för något mål eller någon aktivitet i området.",
                "The region answers for no goal or activity in this area.",
            ),
            Principal::Municipalities => lang.pick(
                "Ingen kommun ansvarar för något mål eller någon aktivitet i området.",
                "No municipality answers for any goal or activity in this area.",
            ),
        }
    }
}

/// A hole in responsibility.
#[derive(Debug, Clone, PartialEq)]
pub enum Gap<'a> {
    /// No party of this principal kind answers for any goal or activity of
    /// the focus area.
    NoPrincipal { focus_area: &'a Item, missing: Principal },
    /// An activity without an owner (unit or role).
    NoOwner { activity: &'a Item },
}

/// What one party answers for in one focus area.
#[derive(Debug, Clone)]
pub struct PartyArea<'a> {
    pub focus_area: &'a Item,
    pub goals: Vec<&'a Item>,
    pub activities: Vec<&'a Item>,
}

/// What one party answers for, per focus area (areas where it has nothing
/// are left out).
#[derive(Debug, Clone)]
pub struct PartyFollowUp<'a> {
    pub party: &'a Item,
    pub areas: Vec<PartyArea<'a>>,
}

/// A plan followed up on one day.
///
/// Built in time linear in the plan's items (issue #15: the export of a
/// 60 MB plan did not finish in 30 s): each relation (goal → activities,
/// area → goals, party → what it answers for) is gathered in one pass over
/// the items rather than looked up item by item.
#[derive(Debug, Clone)]
pub struct FollowUp<'a> {
    pub today: Date,
    /// The focus areas in file order.
    pub areas: Vec<AreaFollowUp<'a>>,
    /// Every activity counted, including any whose goal or focus area is
    /// missing (which `check` reports).
    pub total: Counts,
    pub parties: Vec<PartyFollowUp<'a>>,
    pub gaps: Vec<Gap<'a>>,
    /// The parties by id, to name them.
    pub names: super::PartyNames<'a>,
    /// The activities of each goal id, in file order.
    by_goal: HashMap<&'a str, Vec<&'a Item>>,
}

impl<'a> FollowUp<'a> {
    /// Follows up `plan` as it stands on `today`.
    pub fn new(plan: &'a Plan, today: Date) -> Self {
        let mut by_goal: HashMap<&'a str, Vec<&'a Item>> = HashMap::new();
        for a in &plan.activities {
            by_goal.entry(a.str("goal")).or_default().push(a);
        }
        let areas: Vec<AreaFollowUp<'a>> = plan.focus_areas.iter().map(|fa| area(plan, fa, today)).collect();
        let mut total = Counts::default();
        for a in &plan.activities {
            total.add(ActivityState::of(a, today));
        }
        let parties = parties(plan, &areas);
        let gaps = gaps(plan, &areas);
        let names = super::PartyNames::new(plan);
        FollowUp { today, areas, total, parties, gaps, names, by_goal }
    }

    /// Returns the activities of the goal `goal`, in file order.
    pub fn activities_of(&self, goal: &str) -> &[&'a Item] {
        self.by_goal.get(goal).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Returns every indicator counted by verdict.
    pub fn verdicts(&self) -> VerdictCounts {
        let mut v = VerdictCounts::default();
        for a in &self.areas {
            let c = a.verdicts();
            v.on_track += c.on_track;
            v.off_track += c.off_track;
            v.no_data += c.no_data;
            v.stale += c.stale;
        }
        v
    }
}

fn area<'a>(plan: &'a Plan, fa: &'a Item, today: Date) -> AreaFollowUp<'a> {
    let goals: Vec<&Item> = plan.goals_in(&fa.id).collect();
    let ids: HashSet<&str> = goals.iter().map(|g| g.id.as_str()).collect();
    let activities: Vec<(&Item, ActivityState)> = plan
        .activities
        .iter()
        .filter(|a| ids.contains(a.str("goal")))
        .map(|a| (a, ActivityState::of(a, today)))
        .collect();
    let mut counts = Counts::default();
    for (_, s) in &activities {
        counts.add(*s);
    }
    let indicators = plan
        .indicators
        .iter()
        .filter(|i| ids.contains(i.str("goal")))
        .map(|i| IndicatorFollowUp::new(i, today))
        .collect();
    AreaFollowUp { focus_area: fa, goals, activities, counts, indicators }
}

/// Returns what each party answers for, per area, in one pass over the
/// areas' goals and activities.
fn parties<'a>(plan: &'a Plan, areas: &[AreaFollowUp<'a>]) -> Vec<PartyFollowUp<'a>> {
    // By id; a plan with errors may name two parties alike, and each
    // answers for what the id is responsible for.
    let mut index: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut out: Vec<PartyFollowUp<'a>> = Vec::with_capacity(plan.parties.len());
    for p in &plan.parties {
        index.entry(p.id.as_str()).or_default().push(out.len());
        out.push(PartyFollowUp { party: p, areas: Vec::new() });
    }
    for a in areas {
        let items = a.goals.iter().map(|g| (*g, true)).chain(a.activities.iter().map(|(x, _)| (*x, false)));
        for (item, is_goal) in items {
            for n in item.list("responsible").iter().filter_map(|id| index.get(id.as_str())).flatten() {
                let areas = &mut out[*n].areas;
                if !areas.last().is_some_and(|pa| std::ptr::eq(pa.focus_area, a.focus_area)) {
                    areas.push(PartyArea { focus_area: a.focus_area, goals: Vec::new(), activities: Vec::new() });
                }
                let Some(pa) = areas.last_mut() else { continue };
                let list = if is_goal { &mut pa.goals } else { &mut pa.activities };
                // A party named twice in one list answers for the item once.
                if !list.last().is_some_and(|x| std::ptr::eq(*x, item)) {
                    list.push(item);
                }
            }
        }
    }
    out
}

fn gaps<'a>(plan: &'a Plan, areas: &[AreaFollowUp<'a>]) -> Vec<Gap<'a>> {
    let kinds: HashMap<&str, &str> = plan.parties.iter().map(|p| (p.id.as_str(), p.str("kind"))).rev().collect();
    let mut out = Vec::new();
    for a in areas {
        // A standing commitment in the area (issue 18) counts as answering for it.
        let responsible = a
            .goals
            .iter()
            .copied()
            .chain(a.activities.iter().map(|(x, _)| *x))
            .chain(plan.commitments_in(&a.focus_area.id))
            .flat_map(|i| i.list("responsible"));
        let present: HashSet<&str> = responsible.filter_map(|id| kinds.get(id.as_str()).copied()).collect();
        for (kind, principal) in [("region", Principal::Region), ("municipality", Principal::Municipalities)] {
            if !present.contains(kind) {
                out.push(Gap::NoPrincipal { focus_area: a.focus_area, missing: principal });
            }
        }
    }
    for act in &plan.activities {
        if act.str("owner").trim().is_empty() {
            out.push(Gap::NoOwner { activity: act });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::load_str;

    const INC: Option<Direction> = Some(Direction::Increase);
    const DEC: Option<Direction> = Some(Direction::Decrease);

    fn yv(year: i64, value: f64) -> YearValue {
        YearValue { year, value }
    }

    fn verdict(d: Option<Direction>, b: YearValue, t: Option<YearValue>, ms: &[YearValue]) -> Verdict {
        assess(d, Some(b), t, ms).verdict
    }

    #[test]
    fn path_is_linear_and_clamped() {
        let (b, t) = (yv(2020, 40.0), yv(2030, 20.0));
        assert_eq!(path_value(b, t, 2025), 30.0);
        assert_eq!(path_value(b, t, 2018), 40.0);
        assert_eq!(path_value(b, t, 2030), 20.0);
        assert_eq!(path_value(b, t, 2035), 20.0);
        // A target no later than the baseline is simply the target.
        assert_eq!(path_value(b, yv(2020, 10.0), 2025), 10.0);
        assert_eq!(path_value(b, yv(2019, 10.0), 2025), 10.0);
    }

    #[test]
    fn decrease_with_target() {
        let (b, t) = (yv(2020, 40.0), Some(yv(2030, 20.0)));
        // Expected 30 in 2025.
        assert_eq!(verdict(DEC, b, t, &[yv(2025, 29.0)]), Verdict::OnTrack);
        assert_eq!(verdict(DEC, b, t, &[yv(2025, 30.0)]), Verdict::OnTrack, "exactly on the path");
        assert_eq!(verdict(DEC, b, t, &[yv(2025, 31.0)]), Verdict::OffTrack);
        let a = assess(DEC, Some(b), t, &[yv(2025, 31.0)]);
        assert_eq!(a.expected, Some(30.0));
        assert_eq!(a.latest, Some(yv(2025, 31.0)));
    }

    #[test]
    fn increase_with_target() {
        let (b, t) = (yv(2023, 118.0), Some(yv(2028, 220.0)));
        // Expected 138.4 in 2024.
        assert_eq!(verdict(INC, b, t, &[yv(2024, 134.0)]), Verdict::OffTrack);
        assert_eq!(verdict(INC, b, t, &[yv(2024, 140.0)]), Verdict::OnTrack);
    }

    #[test]
    fn latest_measurement_decides_whatever_the_order() {
        let (b, t) = (yv(2020, 40.0), Some(yv(2030, 20.0)));
        // Good in 2022, bad in 2026 (expected 28): off track, listed out of order.
        assert_eq!(verdict(DEC, b, t, &[yv(2026, 35.0), yv(2022, 30.0)]), Verdict::OffTrack);
        // A correction for the same year, appended later, wins.
        assert_eq!(verdict(DEC, b, t, &[yv(2026, 35.0), yv(2026, 27.0)]), Verdict::OnTrack);
    }

    #[test]
    fn past_the_target_year_the_target_itself_counts() {
        let (b, t) = (yv(2015, 46.0), Some(yv(2024, 35.0)));
        assert_eq!(verdict(DEC, b, t, &[yv(2026, 36.0)]), Verdict::OffTrack);
        assert_eq!(verdict(DEC, b, t, &[yv(2026, 35.0)]), Verdict::OnTrack);
    }

    #[test]
    fn no_measurements_after_the_baseline_is_no_data() {
        let (b, t) = (yv(2020, 40.0), Some(yv(2030, 20.0)));
        assert_eq!(verdict(DEC, b, t, &[]), Verdict::NoData);
        assert_eq!(verdict(DEC, b, t, &[yv(2020, 10.0), yv(2018, 50.0)]), Verdict::NoData);
        assert_eq!(verdict(DEC, b, None, &[]), Verdict::NoData);
        assert_eq!(assess(DEC, None, t, &[yv(2025, 1.0)]).verdict, Verdict::NoData);
        assert_eq!(assess(None, Some(b), t, &[yv(2025, 1.0)]).verdict, Verdict::NoData);
    }

    #[test]
    fn figures_that_are_not_finite_are_no_data() {
        let (b, t) = (yv(2020, 40.0), Some(yv(2030, 20.0)));
        assert_eq!(verdict(DEC, b, t, &[yv(2025, f64::NAN)]), Verdict::NoData);
        assert_eq!(verdict(DEC, yv(2020, f64::NAN), t, &[yv(2025, 1.0)]), Verdict::NoData);
        assert_eq!(verdict(DEC, b, Some(yv(2030, f64::INFINITY)), &[yv(2025, 1.0)]), Verdict::NoData);
        // A NaN beside a real figure is skipped, not taken as the latest.
        assert_eq!(verdict(DEC, b, t, &[yv(2024, 25.0), yv(2025, f64::NAN)]), Verdict::OnTrack);
    }

    #[test]
    fn without_target_the_direction_of_change_decides() {
        let b = yv(2020, 10.0);
        assert_eq!(verdict(INC, b, None, &[yv(2022, 11.0)]), Verdict::OnTrack);
        assert_eq!(verdict(INC, b, None, &[yv(2022, 9.0)]), Verdict::OffTrack);
        assert_eq!(verdict(INC, b, None, &[yv(2022, 10.0)]), Verdict::OffTrack, "no change is no progress");
        assert_eq!(verdict(DEC, b, None, &[yv(2022, 9.0)]), Verdict::OnTrack);
        assert_eq!(verdict(DEC, b, None, &[yv(2022, 11.0)]), Verdict::OffTrack);
        assert_eq!(assess(DEC, Some(b), None, &[yv(2022, 9.0)]).expected, Some(10.0));
    }

    #[test]
    fn target_already_met_at_baseline_and_odd_targets() {
        // Target equal to the baseline: holding the level is on track.
        let b = yv(2020, 10.0);
        assert_eq!(verdict(DEC, b, Some(yv(2025, 10.0)), &[yv(2022, 10.0)]), Verdict::OnTrack);
        assert_eq!(verdict(DEC, b, Some(yv(2025, 10.0)), &[yv(2022, 10.5)]), Verdict::OffTrack);
        // Target year before the baseline year: compare with the target.
        assert_eq!(verdict(INC, b, Some(yv(2019, 12.0)), &[yv(2022, 12.0)]), Verdict::OnTrack);
        assert_eq!(verdict(INC, b, Some(yv(2019, 12.0)), &[yv(2022, 11.0)]), Verdict::OffTrack);
    }

    #[test]
    fn float_noise_does_not_flip_the_verdict() {
        // 0.1 + 0.2 is a hair above 0.3.
        let b = yv(2020, 0.1 + 0.2);
        assert_eq!(verdict(DEC, b, Some(yv(2020, 0.3)), &[yv(2021, 0.1 + 0.2)]), Verdict::OnTrack);
    }

    const PLAN: &str = r#"
format = "lansplan/1"
[plan]
id = "t"
title = "T"
county = "Testlän"
kind = "action_plan"
period = { start = 2025-01-01, end = 2028-12-31 }
[revision]
version = "1"
date = 2025-01-01
status = "draft"
[[parties]]
id = "region"
name = "Regionen"
kind = "region"
[[parties]]
id = "k1"
name = "Kommun 1"
kind = "municipality"
[[parties]]
id = "lst"
name = "Länsstyrelsen"
kind = "county_board"
[[focus_areas]]
id = "a"
name = "Område A"
[[focus_areas]]
id = "b"
name = "Område B"
[[goals]]
id = "G1"
focus_area = "a"
level = "impact"
title = "Mål 1"
responsible = ["region", "k1"]
[[goals]]
id = "G2"
focus_area = "b"
level = "output"
title = "Mål 2"
responsible = ["lst"]
[[indicators]]
id = "I1"
goal = "G1"
name = "Ind"
unit = "%"
direction = "decrease"
baseline = { year = 2020, value = 40.0 }
target = { year = 2030, value = 20.0 }
measurements = [{ year = 2025, value = 31.0 }]
[[activities]]
id = "A1"
goal = "G1"
title = "Klar"
responsible = ["region"]
owner = "X"
due = 2026-01-01
status = "done"
[[activities]]
id = "A2"
goal = "G1"
title = "Sen"
responsible = ["k1"]
owner = "X"
due = 2026-11-21
status = "ongoing"
[[activities]]
id = "A3"
goal = "G1"
title = "Förfaller i dag"
responsible = ["k1"]
owner = "X"
due = 2026-11-22
status = "planned"
[[activities]]
id = "A4"
goal = "G2"
title = "Inställd och utan ägare"
responsible = ["k1"]
due = 2020-01-01
status = "cancelled"
"#;

    #[test]
    fn counts_parties_and_gaps() {
        let today = Date { year: 2026, month: 11, day: 22 };
        let loaded = load_str(PLAN.to_string(), today).expect("test plan loads");
        assert_eq!(loaded.error_count(), 0, "{:?}", loaded.findings);
        let f = FollowUp::new(&loaded.plan, today);
        let a = &f.areas[0];
        assert_eq!(a.counts, Counts { done: 1, ongoing: 0, planned: 1, overdue: 1, cancelled: 0 });
        assert_eq!(a.in_state(ActivityState::Overdue).map(|x| x.id.as_str()).collect::<Vec<_>>(), ["A2"]);
        assert_eq!(a.verdicts(), VerdictCounts { on_track: 0, off_track: 1, no_data: 0, stale: 0 });
        assert_eq!(f.areas[1].counts.cancelled, 1);
        assert_eq!(f.total.total(), 4);

        let k1 = &f.parties[1];
        assert_eq!(k1.areas.len(), 2);
        assert_eq!(k1.areas[0].goals.len(), 1);
        assert_eq!(k1.areas[0].activities.iter().map(|x| x.id.as_str()).collect::<Vec<_>>(), ["A2", "A3"]);
        assert_eq!(k1.areas[1].goals.len(), 0, "k1 answers for an activity in B but not its goal");
        let lst = &f.parties[2];
        assert_eq!(lst.areas.len(), 1);

        // Area B: the region answers for nothing there; k1 does through A4.
        let b = &loaded.plan.focus_areas[1];
        assert_eq!(
            f.gaps,
            vec![
                Gap::NoPrincipal { focus_area: b, missing: Principal::Region },
                Gap::NoOwner { activity: &loaded.plan.activities[3] },
            ]
        );
    }

    /// Issue 19: as of a date, figures of later years are not known yet;
    /// an old figure is stale, never on track on that alone; a figure of
    /// part of a year says so; per-kommun figures do not enter the verdict.
    #[test]
    fn as_of_a_date_later_figures_are_left_out_and_old_ones_are_stale() {
        let src = |ms: &str, extra: &str| {
            format!(
                "format = \"lansplan/1\"\n[plan]\nid = \"t\"\ntitle = \"T\"\ncounty = \"Jämtlands län\"\nkind = \"action_plan\"\nperiod = {{ start = 2019-01-01, end = 2028-12-31 }}\n[revision]\nversion = \"1\"\ndate = 2019-01-01\nstatus = \"draft\"\n[[parties]]\nid = \"berg\"\nname = \"Berg\"\nkind = \"municipality\"\n[[indicators]]\nid = \"I1\"\ngoal = \"G1\"\nname = \"x\"\nunit = \"%\"\ndirection = \"decrease\"\nbaseline = {{ year = 2018, value = 50.0 }}\ntarget = {{ year = 2028, value = 30.0 }}\n{extra}measurements = [{ms}]\n"
            )
        };
        let follow = |text: String, on: Date| {
            let loaded = load_str(text, on).expect("loads");
            let i = loaded.plan.indicators[0].clone();
            let f = IndicatorFollowUp::new(&i, on);
            (f.verdict(), f.assessment.latest.map(|l| l.year), f.latest_period.clone())
        };
        let d = |y| Date { year: y, month: 12, day: 31 };
        let ms = "{ year = 2019, value = 45.0 }, { year = 2023, value = 60.0 }, { year = 2025, value = 20.0, area = \"berg\" }";
        // In 2020 the 2019 figure is the latest and on track; in 2022 still.
        assert_eq!(follow(src(ms, ""), d(2020)), (Verdict::OnTrack, Some(2019), None));
        assert_eq!(follow(src(ms, ""), d(2022)), (Verdict::OnTrack, Some(2019), None));
        // The same report made again later with the same date: the same.
        assert_eq!(follow(src(ms, ""), d(2020)).0, Verdict::OnTrack);
        // In 2023 the 2023 figure counts (off track); Berg's never does.
        assert_eq!(follow(src(ms, ""), d(2023)), (Verdict::OffTrack, Some(2023), None));
        // Only the 2019 figure, judged in 2023: four years old, stale.
        let old = "{ year = 2019, value = 45.0 }";
        assert_eq!(follow(src(old, ""), d(2023)), (Verdict::Stale, Some(2019), None));
        // A yearly source (Kolada) is stale sooner.
        assert_eq!(follow(src(old, "refs = { kolada = \"N1\" }\n"), d(2022)).0, Verdict::Stale);
        assert_eq!(follow(src(old, "source = \"CAN\"\n"), d(2022)).0, Verdict::OnTrack);
        // A figure of part of a year says so.
        let part = "{ year = 2020, value = 44.0, period = \"jan–apr\" }";
        assert_eq!(follow(src(part, ""), d(2020)), (Verdict::OnTrack, Some(2020), Some("jan–apr".into())));
    }
}
