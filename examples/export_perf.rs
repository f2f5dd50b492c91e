//! Prints how long exporting a plan takes beside loading it (issue #15:
//! export within 2 × a load at 10,000 activities, and linear in items):
//! the follow-up model plus the Markdown and the HTML document, at the
//! sizes given (default 1,000, 2,500, 5,000, 10,000 and 20,000 activities).
//!
//! ```sh
//! cargo run --release --example export_perf [-- 10000 20000]
//! ```

use std::time::{Duration, Instant};

use lansplan::i18n::Lang;
use lansplan::plan::{Date, generate, load_str};
use lansplan::publish::followup::FollowUp;
use lansplan::publish::{html, markdown};

const TODAY: Date = Date { year: 2026, month: 11, day: 22 };

/// Returns the median time of `runs` calls of `f`.
fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let sizes: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() { vec![1_000, 2_500, 5_000, 10_000, 20_000] } else { sizes };
    println!(
        "| activities | file KiB | load ms | follow-up ms | markdown ms | html ms | markdown / load | html / load |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|");
    for n in sizes {
        let runs = if n >= 10_000 { 7 } else { 15 };
        let text = generate::plan(n, 42);
        let load = median(runs, || {
            let _ = std::hint::black_box(load_str(text.clone(), TODAY));
        });
        let loaded = load_str(text.clone(), TODAY).expect("a generated plan loads");
        let plan = &loaded.plan;
        let follow = median(runs, || {
            let _ = std::hint::black_box(FollowUp::new(plan, TODAY));
        });
        // What `lansplan export` does after loading: the follow-up, then the document.
        let md = median(runs, || {
            let f = FollowUp::new(plan, TODAY);
            let _ = std::hint::black_box(markdown::render(plan, &f, Lang::Sv));
        });
        let page = median(runs, || {
            let f = FollowUp::new(plan, TODAY);
            let _ = std::hint::black_box(html::render(plan, &f, Lang::Sv));
        });
        println!(
            "| {n} | {:.0} | {:.1} | {:.1} | {:.1} | {:.1} | {:.2} | {:.2} |",
            text.len() as f64 / 1024.0,
            ms(load),
            ms(follow),
            ms(md),
            ms(page),
            md.as_secs_f64() / load.as_secs_f64(),
            page.as_secs_f64() / load.as_secs_f64(),
        );
    }
}
