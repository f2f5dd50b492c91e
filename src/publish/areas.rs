//! An indicator's figures side by side per kommun (issue 19): the county
//! dialogues ask for equal access "whatever kommun one lives in", and this
//! is where a reader sees it. The plan's own total, the region and the
//! nation are reference rows; each kommun is a row with its totals per
//! year and its latest figures for women and men; the rows sort so the
//! kommuner that lag come first.
//!
//! Pure data from a [`Plan`]; the editor's view renders it, and [`grid`]
//! is the table the HTML and Word exports both print.

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

/// An indicator's figures per kommun as the exports print them: the
/// kommuner that lag first, the last five years with a figure, the latest
/// figures for women and men; the reference rows (plan, region, nation)
/// first.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    pub caption: String,
    pub heads: Vec<String>,
    pub rows: Vec<GridRow>,
}

/// One row of a [`Grid`]: its label, then one cell per head after the first.
#[derive(Debug, Clone, PartialEq)]
pub struct GridRow {
    /// The plan's total, a region or the nation (not a kommun).
    pub reference: bool,
    pub label: String,
    pub cells: Vec<String>,
}

/// Returns the printed table of `item`'s figures per kommun, or `None`
/// when only the plan's own total has figures.
pub fn grid(plan: &Plan, item: &Item, lang: Lang) -> Option<Grid> {
    let mut t = AreaTable::new(plan, item, lang);
    if !t.has_area_figures() {
        return None;
    }
    t.sort(SortBy::Lagging, plan);
    let years = &t.years[t.years.len().saturating_sub(5)..];
    let from = t.years.len() - years.len();
    let unit = crate::publish::one_line(item.str("unit"));
    let direction = crate::publish::label(item, "direction", lang);
    let caption = match lang {
        Lang::Sv => format!("{} per kommun, {unit} ({direction}); sämst först", item.id),
        Lang::En => format!("{} per kommun, {unit} ({direction}); worst first", item.id),
    };
    let mut heads = vec![lang.pick("Område", "Area").to_string()];
    heads.extend(years.iter().map(i64::to_string));
    heads.push(lang.pick("Kvinnor/flickor (senast)", "Women/girls (latest)").into());
    heads.push(lang.pick("Män/pojkar (senast)", "Men/boys (latest)").into());
    let cell = |v: Option<f64>| v.map(|v| crate::publish::number(v, lang)).unwrap_or_else(|| "–".into());
    let row = |r: &AreaRow, reference: bool| {
        let mut cells: Vec<String> = r.totals[from..].iter().map(|v| cell(*v)).collect();
        let (w, m) = match r.by_sex {
            Some((y, w, m)) => {
                (w.map(|w| format!("{} ({y})", cell(Some(w)))), m.map(|m| format!("{} ({y})", cell(Some(m)))))
            }
            None => (None, None),
        };
        cells.push(w.unwrap_or_else(|| "–".into()));
        cells.push(m.unwrap_or_else(|| "–".into()));
        GridRow { reference, label: r.label.clone(), cells }
    };
    let mut rows: Vec<GridRow> = t.references.iter().map(|r| row(r, true)).collect();
    rows.extend(t.rows.iter().map(|r| row(r, false)));
    Some(Grid { caption, heads, rows })
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
