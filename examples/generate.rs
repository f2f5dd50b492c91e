//! Writes a generated plan of N activities and a revised copy, for load
//! tests and for trying lansplan on a national-scale plan:
//!
//! ```sh
//! cargo run --release --example generate -- 10000 big.toml big-revised.toml [share]
//! ```

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(n), Some(out), Some(revised)) =
        (args.first().and_then(|a| a.parse::<usize>().ok()), args.get(1), args.get(2))
    else {
        eprintln!("usage: generate ACTIVITIES OUT.toml REVISED.toml [SHARE_EDITED, default 0.1]");
        std::process::exit(2);
    };
    let share = args.get(3).and_then(|a| a.parse::<f64>().ok()).unwrap_or(0.1);
    let plan = lansplan::plan::generate::plan(n, 42);
    let rev = lansplan::plan::generate::revise(&plan, n, share, 42);
    for (path, text) in [(out, &plan), (revised, &rev)] {
        if let Err(e) = std::fs::write(path, text) {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    }
}
