//! Criterion benchmarks of the core at 1,000 and 10,000 activities: load +
//! validate against a plain parse, two revisions loaded for a diff, the
//! semantic diff, and one edit.
//! `benches/perf.sh` prints the full table with the TUI and git figures.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use lansplan::plan::edit::Session;
use lansplan::plan::path::FieldPath;
use lansplan::plan::{Date, generate, load_str};

const TODAY: Date = Date { year: 2026, month: 11, day: 22 };

fn core(c: &mut Criterion) {
    let mut g = c.benchmark_group("core");
    g.sample_size(10);
    for n in [1_000usize, 10_000] {
        let old = generate::plan(n, 42);
        let new = generate::revise(&old, n, 0.1, 42);
        g.bench_with_input(BenchmarkId::new("toml_parse", n), &old, |b, s| {
            b.iter(|| toml::from_str::<toml::Table>(s).map(|t| t.len()))
        });
        g.bench_with_input(BenchmarkId::new("load_validate", n), &old, |b, s| b.iter(|| load_str(s.clone(), TODAY)));
        g.bench_function(BenchmarkId::new("load_pair", n), |b| {
            b.iter(|| {
                let (x, y) = lansplan::plan::load::load_pair(old.clone(), new.clone());
                x.is_ok() && y.is_ok()
            })
        });
        let (pa, pb) = (load_str(old.clone(), TODAY).expect("a").plan, load_str(new.clone(), TODAY).expect("b").plan);
        g.bench_function(BenchmarkId::new("diff", n), |b| b.iter(|| lansplan::diff::diff(&pa, &pb).len()));
        let path = FieldPath::parse("activities.A1.due").expect("path");
        g.bench_function(BenchmarkId::new("edit", n), |b| {
            let mut s = Session::from_text(old.clone(), TODAY).expect("loads");
            let mut day = 1;
            b.iter(|| {
                day = day % 28 + 1;
                s.set(&path, &format!("2027-06-{day:02}")).expect("edit")
            })
        });
    }
    g.finish();
}

criterion_group!(benches, core);
criterion_main!(benches);
