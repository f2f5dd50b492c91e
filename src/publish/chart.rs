//! An indicator as an inline SVG line chart: the baseline, the measurements
//! joined by a solid line, the planned straight path to the target as a
//! dashed line, the target level as a dotted rule, and axes labelled with
//! years and values. Shapes and dash patterns, not colour alone, tell the
//! series apart, so the chart survives a black-and-white printer.

use std::fmt::Write as _;

use super::followup::IndicatorFollowUp;
use super::html::esc;
use super::{number, one_line, with_unit};
use crate::i18n::Lang;

const W: f64 = 640.0;
const H: f64 = 270.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 24.0;
const TOP: f64 = 28.0;
const BOTTOM: f64 = 70.0;
/// Room inside the plot so that the first and last points and their labels
/// keep clear of the value axis and the edge.
const PAD: f64 = 22.0;

const MEASURED: &str = "#1d4f91";
const PLANNED: &str = "#b0540a";
const BASE: &str = "#444";

/// Returns a step of 1, 2, 2.5 or 5 times a power of ten near `raw`.
fn nice_step(raw: f64) -> f64 {
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let mag = 10f64.powf(raw.log10().floor());
    let f = raw / mag;
    let m = if f <= 1.0 {
        1.0
    } else if f <= 2.0 {
        2.0
    } else if f <= 2.5 {
        2.5
    } else if f <= 5.0 {
        5.0
    } else {
        10.0
    };
    m * mag
}

/// Returns the value axis: low end, high end, step. Starts at zero for
/// figures that are all positive, since a share or a count read against a
/// cut axis looks like a bigger change than it is.
fn value_axis(values: &[f64]) -> (f64, f64, f64) {
    let mut lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let mut hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !lo.is_finite() || !hi.is_finite() {
        return (0.0, 1.0, 0.25);
    }
    lo = lo.min(0.0);
    if hi <= lo {
        hi = lo + 1.0;
    }
    let step = nice_step((hi - lo) / 5.0);
    let lo = (lo / step).floor() * step;
    let hi = (hi / step).ceil() * step;
    (lo, hi, step)
}

/// Returns the year axis: first year, last year, step between labels.
fn year_axis(years: &[i64]) -> (i64, i64, i64) {
    let (mut a, mut b) = (years.iter().copied().min().unwrap_or(0), years.iter().copied().max().unwrap_or(0));
    if a == b {
        a -= 1;
        b += 1;
    }
    let step = match b - a {
        0..=12 => 1,
        13..=24 => 2,
        25..=60 => 5,
        n => (n / 10).max(1),
    };
    (a, b, step)
}

/// Returns a safe `id` attribute part made from an item id.
fn id_attr(id: &str) -> String {
    id.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect()
}

/// Returns a one-sentence text alternative for the chart.
pub fn description(i: &IndicatorFollowUp<'_>, lang: Lang) -> String {
    let unit = i.item.str("unit");
    let yv = |v: f64, y: i64| format!("{} {y}", with_unit(v, unit, lang));
    let mut parts = vec![one_line(i.item.label())];
    if let Some(b) = i.baseline {
        parts.push(format!("{} {}", lang.pick("utgångsvärde", "baseline"), yv(b.value, b.year)));
    }
    if !i.measurements.is_empty() {
        let ms: Vec<String> = i.measurements.iter().map(|m| yv(m.value, m.year)).collect();
        parts.push(format!("{} {}", lang.pick("mätningar", "measurements"), ms.join(", ")));
    }
    if let Some(t) = i.target {
        parts.push(format!("{} {}", lang.pick("mål", "target"), yv(t.value, t.year)));
    }
    parts.join("; ")
}

/// Returns the chart of an indicator as an `<svg>` element, or `None` when
/// it has no usable baseline to draw from.
pub fn svg(i: &IndicatorFollowUp<'_>, lang: Lang) -> Option<String> {
    let baseline = i.baseline.filter(|b| b.value.is_finite())?;
    let ms: Vec<_> = i.measurements.iter().copied().filter(|m| m.value.is_finite()).collect();
    let target = i.target.filter(|t| t.value.is_finite());
    let mut years = vec![baseline.year];
    let mut values = vec![baseline.value];
    for p in ms.iter().chain(target.iter()) {
        years.push(p.year);
        values.push(p.value);
    }
    let (y0, y1, ystep) = year_axis(&years);
    let (v0, v1, vstep) = value_axis(&values);
    // Figures near the ends of the f64 range (±1e308) have no span to draw
    // on; drawing would loop over ticks until the span, which is infinite.
    if !((v1 - v0) / vstep).is_finite() || v1 <= v0 {
        return None;
    }
    let (pw, ph) = (W - LEFT - RIGHT, H - TOP - BOTTOM);
    let x = |year: i64| LEFT + PAD + (year - y0) as f64 / (y1 - y0) as f64 * (pw - 2.0 * PAD);
    let y = |v: f64| TOP + (v1 - v) / (v1 - v0) * ph;

    let unit = i.item.str("unit");
    let key = id_attr(&i.item.id);
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart" viewBox="0 0 {W} {H}" width="{W}" height="{H}" role="img" aria-labelledby="chart-{key}" xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif" font-size="12">"#
    );
    let _ = write!(s, r#"<title id="chart-{key}">{}</title>"#, esc(&description(i, lang)));
    // Value axis with grid lines.
    let ticks = ((v1 - v0) / vstep).round() as i64;
    for k in 0..=ticks {
        let v = v0 + k as f64 * vstep;
        let yy = y(v);
        let _ = write!(s, r##"<line x1="{LEFT}" x2="{:.1}" y1="{yy:.1}" y2="{yy:.1}" stroke="#ddd"/>"##, W - RIGHT);
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="end" fill="#333">{}</text>"##,
            LEFT - 6.0,
            yy + 4.0,
            esc(&number(v, lang))
        );
    }
    if !unit.is_empty() {
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{:.1}" fill="#333">{}</text>"##,
            LEFT - 6.0,
            TOP - 12.0,
            esc(&one_line(unit))
        );
    }
    // Year axis.
    let base_y = TOP + ph;
    let _ = write!(s, r##"<line x1="{LEFT}" x2="{:.1}" y1="{base_y:.1}" y2="{base_y:.1}" stroke="#888"/>"##, W - RIGHT);
    let mut yr = y0;
    while yr <= y1 {
        let xx = x(yr);
        let _ =
            write!(s, r##"<line x1="{xx:.1}" x2="{xx:.1}" y1="{base_y:.1}" y2="{:.1}" stroke="#888"/>"##, base_y + 4.0);
        let _ =
            write!(s, r##"<text x="{xx:.1}" y="{:.1}" text-anchor="middle" fill="#333">{yr}</text>"##, base_y + 18.0);
        yr += ystep;
    }
    let point_label = |s: &mut String, px: f64, py: f64, v: f64, color: &str| {
        let _ = write!(
            s,
            r#"<text x="{px:.1}" y="{:.1}" text-anchor="middle" fill="{color}" font-size="11">{}</text>"#,
            py - 9.0,
            esc(&number(v, lang))
        );
    };
    // Target level and the planned path to it.
    if let Some(t) = target {
        let ty = y(t.value);
        let _ = write!(
            s,
            r#"<line x1="{LEFT}" x2="{:.1}" y1="{ty:.1}" y2="{ty:.1}" stroke="{PLANNED}" stroke-width="1" stroke-dasharray="2 3"/>"#,
            W - RIGHT
        );
        let _ = write!(
            s,
            r#"<line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{ty:.1}" stroke="{PLANNED}" stroke-width="2" stroke-dasharray="7 5"/>"#,
            x(baseline.year),
            y(baseline.value),
            x(t.year)
        );
        let (tx, tyy) = (x(t.year), ty);
        let _ = write!(
            s,
            r#"<circle cx="{tx:.1}" cy="{tyy:.1}" r="6" fill="white" stroke="{PLANNED}" stroke-width="2.5"/>"#
        );
        point_label(&mut s, tx, tyy, t.value, PLANNED);
    }
    // Measurements, joined to the baseline.
    if !ms.is_empty() {
        let pts: Vec<String> = std::iter::once(baseline)
            .chain(ms.iter().copied())
            .map(|p| format!("{:.1},{:.1}", x(p.year), y(p.value)))
            .collect();
        let _ =
            write!(s, r#"<polyline points="{}" fill="none" stroke="{MEASURED}" stroke-width="2.5"/>"#, pts.join(" "));
        for m in &ms {
            let (mx, my) = (x(m.year), y(m.value));
            let _ = write!(s, r#"<circle cx="{mx:.1}" cy="{my:.1}" r="4.5" fill="{MEASURED}"/>"#);
            point_label(&mut s, mx, my, m.value, MEASURED);
        }
    }
    let (bx, by) = (x(baseline.year), y(baseline.value));
    let _ = write!(s, r#"<rect x="{:.1}" y="{:.1}" width="10" height="10" fill="{BASE}"/>"#, bx - 5.0, by - 5.0);
    point_label(&mut s, bx, by, baseline.value, BASE);
    legend(&mut s, target.is_some(), !ms.is_empty(), lang);
    s.push_str("</svg>");
    Some(s)
}

/// The legend's entries: which mark, which words.
#[derive(Clone, Copy)]
enum Mark {
    Baseline,
    Measured,
    Path,
    Target,
}

fn legend(s: &mut String, target: bool, measured: bool, lang: Lang) {
    let ly = H - 18.0;
    let mut entries = vec![(Mark::Baseline, lang.pick("utgångsvärde", "baseline"))];
    if measured {
        entries.push((Mark::Measured, lang.pick("mätning", "measurement")));
    }
    if target {
        entries.push((Mark::Path, lang.pick("planerad väg", "planned path")));
        entries.push((Mark::Target, lang.pick("mål", "target")));
    }
    let mut at = LEFT;
    for (mark, words) in entries {
        let _ = match mark {
            Mark::Baseline => {
                write!(s, r#"<rect x="{:.1}" y="{:.1}" width="10" height="10" fill="{BASE}"/>"#, at + 5.0, ly - 5.0)
            }
            Mark::Measured => write!(
                s,
                r#"<line x1="{at:.1}" x2="{:.1}" y1="{ly:.1}" y2="{ly:.1}" stroke="{MEASURED}" stroke-width="2.5"/><circle cx="{:.1}" cy="{ly:.1}" r="4.5" fill="{MEASURED}"/>"#,
                at + 20.0,
                at + 10.0
            ),
            Mark::Path => write!(
                s,
                r#"<line x1="{at:.1}" x2="{:.1}" y1="{ly:.1}" y2="{ly:.1}" stroke="{PLANNED}" stroke-width="2" stroke-dasharray="7 5"/>"#,
                at + 20.0
            ),
            Mark::Target => write!(
                s,
                r#"<circle cx="{:.1}" cy="{ly:.1}" r="6" fill="white" stroke="{PLANNED}" stroke-width="2.5"/>"#,
                at + 10.0
            ),
        };
        let _ = write!(s, r##"<text x="{:.1}" y="{:.1}" fill="#333">{}</text>"##, at + 26.0, ly + 4.0, esc(words));
        at += 40.0 + words.chars().count() as f64 * 6.6;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_are_round_and_cover_the_data() {
        assert_eq!(value_axis(&[46.0, 35.0, 43.0]), (0.0, 50.0, 10.0));
        let (lo, hi, step) = value_axis(&[118.0, 220.0, 134.0]);
        assert_eq!((lo, hi, step), (0.0, 250.0, 50.0));
        let (lo, hi, _) = value_axis(&[-3.0, 2.0]);
        assert!(lo <= -3.0 && hi >= 2.0);
        assert_eq!(value_axis(&[0.0]), (0.0, 1.0, 0.2));
        assert_eq!(year_axis(&[2015, 2028]), (2015, 2028, 2));
        assert_eq!(year_axis(&[2024]), (2023, 2025, 1));
    }

    /// Issue 23: a baseline of -1.5e308 and a target of 1.5e308 (finite,
    /// valid figures) gave an infinite span, and `export --format html`
    /// looped over its ticks for ever. Such an indicator gets no chart.
    #[test]
    fn figures_at_the_ends_of_the_range_give_no_chart_rather_than_a_hang() {
        use crate::plan::model::YearValue;
        let mut item = crate::plan::Item::new(crate::plan::Kind::Indicator, 0..0);
        item.set("baseline", crate::plan::Value::YearValue(YearValue { year: 2025, value: -1.5e308 }));
        item.set("target", crate::plan::Value::YearValue(YearValue { year: 2027, value: 1.5e308 }));
        assert_eq!(
            svg(&IndicatorFollowUp::new(&item, crate::plan::Date { year: 2027, month: 1, day: 1 }), Lang::Sv),
            None
        );
        item.set("baseline", crate::plan::Value::YearValue(YearValue { year: 2025, value: -1.5e300 }));
        item.set("target", crate::plan::Value::YearValue(YearValue { year: 2027, value: 1.5e300 }));
        assert!(
            svg(&IndicatorFollowUp::new(&item, crate::plan::Date { year: 2027, month: 1, day: 1 }), Lang::Sv).is_some()
        );
    }

    #[test]
    fn steps() {
        assert_eq!(nice_step(11.5), 20.0);
        assert_eq!(nice_step(2.2), 2.5);
        assert_eq!(nice_step(0.3), 0.5);
        assert_eq!(nice_step(f64::NAN), 1.0);
    }
}
