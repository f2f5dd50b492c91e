//! The import's matching and merging on small cases; the readers on whole
//! files are tested in tests/it/import.rs.

use super::*;
use crate::plan::{Date, load_str};

const PLAN: &str = include_str!("../../tests/fixtures/import/plan.toml");

fn plan() -> Plan {
    load_str(PLAN.to_string(), Date { year: 2025, month: 1, day: 1 }).expect("loads").plan
}

fn record(row: usize, indicator: &str, year: i64, area: &str, sex: Sex, value: Option<f64>) -> Record {
    let cell = |t: &str| Cell { text: t.to_string(), col: 1 };
    Record { row, indicator: cell(indicator), year, area: cell(area), sex, value, n: None, period: None }
}

#[test]
fn indicators_match_by_id_or_refs_and_areas_by_id_code_or_riket() {
    let p = plan();
    let imp = resolve(
        &p,
        vec![
            record(2, "N07402", 2023, "2380", Sex::Women, Some(1.0)),
            record(3, "alkohol-ak9", 2023, "0000", Sex::Total, Some(2.0)),
            record(4, "I2", 2023, "0023", Sex::Men, Some(3.0)),
            record(5, "U75417", 2023, "Riket", Sex::Total, None),
            record(6, "I1", 2023, "berg", Sex::Total, Some(4.0)),
        ],
        "x.csv",
    )
    .expect("resolves");
    let got: Vec<(usize, Option<&str>)> =
        imp.figures.iter().map(|f| (f.indicator, f.measurement.area.as_deref())).collect();
    assert_eq!(got, [(0, Some("ostersund")), (0, Some("riket")), (1, Some("region")), (0, Some("berg"))]);
    assert_eq!(imp.missing, [5]);
}

#[test]
fn new_figures_go_after_their_year_and_known_keys_are_replaced() {
    let p = plan();
    let imp = resolve(
        &p,
        vec![
            record(2, "I1", 2024, "berg", Sex::Total, Some(9.0)),
            record(3, "I1", 2021, "berg", Sex::Total, Some(8.0)),
            record(4, "I1", 2022, "berg", Sex::Total, Some(44.0)),
            record(5, "I1", 2022, "ostersund", Sex::Total, Some(7.0)),
        ],
        "x.csv",
    )
    .expect("resolves");
    let new = imp.plan(&p);
    let keys: Vec<String> =
        new.indicators[0].measurements().iter().map(|m| format!("{} {}", m.key_label(), m.value)).collect();
    // The same value for berg 2022 is no change: its entry stays as written.
    assert_eq!(keys, ["2021 berg 8", "2022 40", "2022 berg 44", "2022 ostersund 7", "2024 berg 9"]);
    assert_eq!(new.indicators[0].measurements()[2].source, None);
    assert_eq!(changed_indicators(&p, &new), [0]);
}

#[test]
fn codes_a_spreadsheet_shortened_are_read_as_written() {
    assert_eq!(normalise_code("180"), "0180");
    assert_eq!(normalise_code("1"), "01");
    assert_eq!(normalise_code("2380"), "2380");
    assert_eq!(normalise_code("berg"), "berg");
}

#[test]
fn a_run_of_problems_is_cut_short_and_counted() {
    let p = plan();
    let records = (0..80).map(|i| record(i + 2, "I9", 2023, "berg", Sex::Total, Some(1.0))).collect();
    let t = resolve(&p, records, "x.csv").expect_err("refused");
    assert_eq!(t.problems.len(), SHOWN + 1);
    assert!(t.problems[SHOWN].message.en.contains("30 more"), "{:?}", t.problems[SHOWN].message);
}
