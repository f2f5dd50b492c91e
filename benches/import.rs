//! Criterion benchmark of `lansplan import` at national scale (issue 19):
//! 290 kommuner × 10 years × 3 sexes × 20 indicators = 174,000 figures,
//! generated, read from a CSV and from a Kolada response, matched to a
//! plan with every kommun as a party (by SCB code) and every indicator
//! with a Kolada id, and made into the new plan and its diff (what the
//! preview shows); then written into the document (`--apply`).
//! `cargo bench --bench import`; figures in BENCHMARKS.md.

use criterion::{Criterion, criterion_group, criterion_main};
use lansplan::import;
use lansplan::plan::edit::Session;
use lansplan::plan::{Date, load_str, scb};

const TODAY: Date = Date { year: 2026, month: 11, day: 22 };
const INDICATORS: usize = 20;
const YEARS: std::ops::Range<i64> = 2015..2025;

/// A plan with the region of every county and every kommun as a party.
fn plan() -> String {
    let mut s = String::from(
        "format = \"lansplan/1\"\n[plan]\nid = \"riket-hp\"\ntitle = \"Nationell uppföljning\"\ncounty = \"Hela landet\"\nkind = \"action_plan\"\nperiod = { start = 2015-01-01, end = 2028-12-31 }\n[revision]\nversion = \"1\"\ndate = 2026-01-01\nstatus = \"draft\"\n",
    );
    for k in &scb::registry().kommuner {
        s.push_str(&format!(
            "\n[[parties]]\nid = \"k{}\"\nname = \"{}\"\nkind = \"municipality\"\ncode = \"{}\"\n",
            k.code, k.name, k.code
        ));
    }
    s.push_str("\n[[focus_areas]]\nid = \"fa\"\nname = \"Tidig upptäckt\"\n\n[[goals]]\nid = \"G1\"\nfocus_area = \"fa\"\nlevel = \"impact\"\ntitle = \"Färre unga dricker\"\nresponsible = [\"k0114\"]\n");
    for i in 1..=INDICATORS {
        s.push_str(&format!(
            "\n[[indicators]]\nid = \"I{i}\"\ngoal = \"G1\"\nname = \"Indikator {i}\"\nunit = \"%\"\ndirection = \"decrease\"\nbaseline = {{ year = 2014, value = 40.0 }}\nrefs = {{ kolada = \"N{i:05}\" }}\nmeasurements = [{{ year = 2014, value = 40.0 }}]\n"
        ));
    }
    s
}

fn value(i: usize, k: usize, y: i64, sex: usize) -> f64 {
    ((i * 7 + k * 13 + y as usize * 3 + sex * 5) % 400) as f64 / 10.0
}

fn csv() -> String {
    let mut s = String::from("indicator,year,area,sex,value,n\n");
    for i in 1..=INDICATORS {
        for (k, kommun) in scb::registry().kommuner.iter().enumerate() {
            for y in YEARS {
                for (x, sex) in ["T", "K", "M"].iter().enumerate() {
                    s.push_str(&format!("N{i:05},{y},{},{sex},{},{}\n", kommun.code, value(i, k, y, x), 100 + k));
                }
            }
        }
    }
    s
}

fn kolada() -> String {
    let mut entries = Vec::new();
    for i in 1..=INDICATORS {
        for (k, kommun) in scb::registry().kommuner.iter().enumerate() {
            for y in YEARS {
                let values: Vec<String> = ["T", "K", "M"]
                    .iter()
                    .enumerate()
                    .map(|(x, g)| {
                        format!(
                            "{{ \"count\": 1, \"gender\": \"{g}\", \"status\": \"\", \"value\": {} }}",
                            value(i, k, y, x)
                        )
                    })
                    .collect();
                entries.push(format!(
                    "{{ \"kpi\": \"N{i:05}\", \"municipality\": \"{}\", \"period\": {y}, \"values\": [{}] }}",
                    kommun.code,
                    values.join(", ")
                ));
            }
        }
    }
    format!("{{ \"count\": {}, \"values\": [\n{}\n] }}\n", entries.len(), entries.join(",\n"))
}

fn bench(c: &mut Criterion) {
    let plan_text = plan();
    let plan = load_str(plan_text.clone(), TODAY).expect("the plan loads").plan;
    let (csv, kolada) = (csv(), kolada());
    assert_eq!(csv.lines().count(), 1 + 290 * 10 * 3 * INDICATORS);
    let mut g = c.benchmark_group("import");
    g.sample_size(10);
    g.bench_function("csv_174000", |b| {
        b.iter(|| {
            let read = import::csv::read(&csv, &[]).expect("reads");
            let imp = import::resolve(&plan, read.records, "x.csv").expect("resolves");
            let new = imp.plan(&plan);
            lansplan::diff::diff(&plan, &new).len()
        })
    });
    g.bench_function("kolada_174000", |b| {
        b.iter(|| {
            let records = import::kolada::read(&kolada).expect("reads");
            let imp = import::resolve(&plan, records, "x.json").expect("resolves");
            let new = imp.plan(&plan);
            lansplan::diff::diff(&plan, &new).len()
        })
    });
    let read = import::csv::read(&csv, &[]).expect("reads");
    let imp = import::resolve(&plan, read.records, "x.csv").expect("resolves");
    let new = imp.plan(&plan);
    g.bench_function("apply_174000", |b| {
        b.iter(|| {
            let mut s = Session::from_text(plan_text.clone(), TODAY).expect("loads");
            import::apply(&mut s, &new).expect("applies")
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
