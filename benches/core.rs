//! Criterion benchmarks of the core at 1,000 and 10,000 activities: load +
//! validate against a plain parse, two revisions loaded for a diff, the
//! semantic diff, one edit, and the export (the follow-up with the
//! Markdown and HTML documents), which must stay within a few loads: issue
//! #15 found it quadratic (30 × a load at 10,000 activities, 66 × at
//! 20,000), and its timing moved here from the tests (issue #16).
//! `benches/perf.sh` prints the full table with the TUI and git figures.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use lansplan::i18n::Lang;
use lansplan::plan::edit::Session;
use lansplan::plan::path::FieldPath;
use lansplan::plan::{Date, generate, load_str};
use lansplan::publish::followup::FollowUp;
use lansplan::publish::{html, markdown};

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
        g.bench_function(BenchmarkId::new("export", n), |b| {
            b.iter(|| {
                let f = FollowUp::new(&pa, TODAY);
                (markdown::render(&pa, &f, Lang::Sv).len(), html::render(&pa, &f, Lang::Sv).len())
            })
        });
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
