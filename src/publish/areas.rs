//! An indicator's figures side by side per kommun (issue 19): the county
//! dialogues ask for equal access "whatever kommun one lives in", and this
//! is where a reader sees it. The plan's own total, the region and the
//! nation are reference rows; each kommun is a row with its totals per
//! year and its latest figures for women and men; the rows sort so the
//! kommuner that lag come first.
//!
//! Pure data from a [`Plan`]; the editor's view and the HTML export both
//! render it.

use std::collections::HashMap;

use super::followup::Direction;
use crate::i18n::Lang;
use crate::plan::model::{Item, NATION, Plan, Sex};

/// How the kommun rows are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortBy {
    /// As the plan lists its parties.
    #[default]
    Plan,
    /// By the latest total, the worst for the indicator's direction first
    /// (kommuner without a figure last).
    Lagging,
    /// By name.
    Name,
}

impl SortBy {
    /// Returns the next order (the editor's `s` key).
    pub fn next(self) -> SortBy {
        match self {
            SortBy::Plan => SortBy::Lagging,
            SortBy::Lagging => SortBy::Name,
            SortBy::Name => SortBy::Plan,
        }
    }

    /// Returns the order as a person reads it.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            SortBy::Plan => lang.pick("planens ordning", "the plan's order"),
            SortBy::Lagging => lang.pick("senaste värde, sämst först", "latest figure, worst first"),
            SortBy::Name => lang.pick("namn", "name"),
        }
    }
}

/// One row: an area's figures.
#[derive(Debug, Clone, PartialEq)]
pub struct AreaRow {
    /// The party id, [`NATION`], or `None` for the plan's own total.
    pub area: Option<String>,
    pub label: String,
    /// The total (both sexes) for each of the table's years.
    pub totals: Vec<Option<f64>>,
    /// The latest year with a figure for women or men, and those figures.
    pub by_sex: Option<(i64, Option<f64>, Option<f64>)>,
}

impl AreaRow {
    /// Returns the latest total and its year.
    pub fn latest(&self, years: &[i64]) -> Option<(i64, f64)> {
        self.totals.iter().zip(years).rev().find_map(|(v, y)| v.map(|v| (*y, v)))
    }
}

/// An indicator's figures per area.
#[derive(Debug, Clone, PartialEq)]
pub struct AreaTable {
    /// Every year with a figure, in order.
    pub years: Vec<i64>,
    /// The plan's total, the region(s) and the nation, where they have figures.
    pub references: Vec<AreaRow>,
    /// Each kommun of the plan (with or without figures), then any other
    /// party with figures.
    pub rows: Vec<AreaRow>,
    pub direction: Option<Direction>,
}

impl AreaTable {
    /// Gathers the figures of `indicator` per area.
    pub fn new(plan: &Plan, indicator: &Item, lang: Lang) -> AreaTable {
        let ms = indicator.measurements();
        let mut years: Vec<i64> = ms.iter().map(|m| m.year).collect();
        years.sort_unstable();
        years.dedup();
        let at: HashMap<i64, usize> = years.iter().enumerate().map(|(i, y)| (*y, i)).collect();
        let mut by_area: HashMap<Option<String>, AreaRow> = HashMap::new();
        for m in ms {
            let row = by_area.entry(m.area.clone()).or_insert_with(|| AreaRow {
                area: m.area.clone(),
                label: String::new(),
                totals: vec![None; years.len()],
                by_sex: None,
            });
            match m.sex {
                Sex::Total => {
                    if let Some(slot) = at.get(&m.year).and_then(|&i| row.totals.get_mut(i)) {
                        *slot = Some(m.value);
                    }
                }
                sex => {
                    let (year, women, men) = match row.by_sex {
                        Some((y, w, mm)) if y == m.year => (y, w, mm),
                        Some((y, _, _)) if y > m.year => continue,
                        _ => (m.year, None, None),
                    };
                    row.by_sex = Some(match sex {
                        Sex::Women => (year, Some(m.value), men),
                        _ => (year, women, Some(m.value)),
                    });
                }
            }
        }
        let name = |area: Option<&str>| -> String {
            match area {
                None => lang.pick("Planen (länet)", "The plan (county)").to_string(),
                Some(NATION) => lang.pick("Riket", "Sweden").to_string(),
                Some(id) => plan.find(crate::plan::Kind::Party, id).map(short).unwrap_or_else(|| id.to_string()),
            }
        };
        let mut take = |area: Option<&str>| {
            by_area.remove(&area.map(String::from)).map(|mut r| {
                r.label = name(area);
                r
            })
        };
        let mut references: Vec<AreaRow> = take(None).into_iter().collect();
        for p in plan.parties.iter().filter(|p| matches!(p.str("kind"), "region" | "county_board")) {
            references.extend(take(Some(&p.id)));
        }
        references.extend(take(Some(NATION)));
        let mut rows = Vec::new();
        for p in &plan.parties {
            match take(Some(&p.id)) {
                Some(r) => rows.push(r),
                None if p.str("kind") == "municipality" => rows.push(AreaRow {
                    area: Some(p.id.clone()),
                    label: short(p),
                    totals: vec![None; years.len()],
                    by_sex: None,
                }),
                None => {}
            }
        }
        // Areas no party names any more (check reports them) come last.
        let mut rest: Vec<AreaRow> = by_area.into_values().collect();
        rest.sort_by(|a, b| a.area.cmp(&b.area));
        for mut r in rest {
            r.label = name(r.area.as_deref());
            rows.push(r);
        }
        let direction = Direction::parse(indicator.str("direction"));
        AreaTable { years, references, rows, direction }
    }

    /// Returns true if any area beside the plan's own total has a figure.
    pub fn has_area_figures(&self) -> bool {
        self.references.iter().chain(&self.rows).any(|r| r.area.is_some() && has_figures(r))
    }

    /// Orders the kommun rows.
    pub fn sort(&mut self, by: SortBy, plan: &Plan) {
        let years = self.years.clone();
        match by {
            SortBy::Plan => {
                let pos: HashMap<&str, usize> =
                    plan.parties.iter().enumerate().map(|(i, p)| (p.id.as_str(), i)).collect();
                self.rows.sort_by_key(|r| r.area.as_deref().and_then(|a| pos.get(a).copied()).unwrap_or(usize::MAX));
            }
            SortBy::Name => self.rows.sort_by_key(|r| crate::plan::scb::fold(&r.label)),
            SortBy::Lagging => {
                let worse_first = |v: f64| match self.direction {
                    Some(Direction::Increase) => v,
                    _ => -v,
                };
                self.rows.sort_by(|a, b| {
                    let (x, y) =
                        (a.latest(&years).map(|l| worse_first(l.1)), b.latest(&years).map(|l| worse_first(l.1)));
                    match (x, y) {
                        (Some(x), Some(y)) => x.total_cmp(&y),
                        (Some(_), None) => std::cmp::Ordering::Less,
                        (None, Some(_)) => std::cmp::Ordering::Greater,
                        (None, None) => std::cmp::Ordering::Equal,
                    }
                });
            }
        }
    }

    /// Returns the smallest and largest figure in the table (for a common
    /// scale of the rows' small charts).
    pub fn range(&self) -> Option<(f64, f64)> {
        let all = self.references.iter().chain(&self.rows).flat_map(|r| r.totals.iter().flatten().copied());
        all.fold(None, |acc, v| match acc {
            None => Some((v, v)),
            Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
        })
    }
}

fn has_figures(r: &AreaRow) -> bool {
    r.totals.iter().any(Option::is_some) || r.by_sex.is_some()
}

/// Returns a party's name as a table row shows it: a kommun SCB knows (by
/// its code or its full name) by its short name (`Östersund`), any other
/// party by its name.
fn short(party: &Item) -> String {
    let r = crate::plan::scb::registry();
    let name = crate::publish::one_line(party.label());
    let by_code = r.kommuner.iter().find(|k| k.code == party.str("code"));
    match by_code.or_else(|| r.kommuner.iter().find(|k| k.name == name)) {
        Some(k) => k.short.to_string(),
        None => name,
    }
}

/// Returns one row's totals as a small chart of block characters on a
/// scale from `lo` to `hi` (a space for a year without a figure).
pub fn sparkline(values: &[Option<f64>], lo: f64, hi: f64) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    values
        .iter()
        .map(|v| match v {
            None => ' ',
            Some(v) if hi > lo => {
                let share = ((v - lo) / (hi - lo)).clamp(0.0, 1.0);
                BARS[((share * 7.0).round() as usize).min(7)]
            }
            Some(_) => BARS[3],
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{Date, load_str};

    #[test]
    fn figures_are_gathered_per_area_and_lagging_kommuner_come_first() {
        let src = include_str!("../../tests/fixtures/import/plan.toml").replace(
            "  { year = 2022, value = 44.0, area = \"berg\" },\n",
            "  { year = 2022, value = 44.0, area = \"berg\" },\n  { year = 2022, value = 38.0, area = \"ostersund\" },\n  { year = 2022, value = 39.0, area = \"ostersund\", sex = \"K\" },\n  { year = 2022, value = 37.0, area = \"riket\" },\n",
        );
        let plan = load_str(src, Date { year: 2025, month: 1, day: 1 }).expect("loads").plan;
        let mut t = AreaTable::new(&plan, &plan.indicators[0], Lang::Sv);
        assert_eq!(t.years, [2022]);
        let refs: Vec<&str> = t.references.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(refs, ["Planen (länet)", "Riket"]);
        let rows: Vec<&str> = t.rows.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(rows, ["Östersund", "Berg"]);
        assert_eq!(t.rows[0].by_sex, Some((2022, Some(39.0), None)));
        t.sort(SortBy::Lagging, &plan);
        // Fewer should drink: Berg's 44 lags Östersund's 38.
        assert_eq!(t.rows[0].label, "Berg");
        t.sort(SortBy::Plan, &plan);
        assert_eq!(t.rows[0].label, "Östersund");
        assert!(t.has_area_figures());
        assert_eq!(sparkline(&[Some(0.0), None, Some(10.0), Some(5.0)], 0.0, 10.0), "▁ █▅");
    }
}
