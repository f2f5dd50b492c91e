//! Prints the merge's figures at 100, 1,000 and 10,000 activities (or the
//! sizes given), each beside the semantic diff of the same files and a
//! `git merge-file` of the same three: a generated plan as the base, and
//! two revisions of it by different hands (10 % of the activities each:
//! rewordings, new dates, statuses, moves, removals, additions under the
//! same new ids, new measurements).
//!
//! Each is a process writing its result to standard output; the merge
//! also checks its result as `check` would.
//!
//! Run through `benches/merge.sh`, which builds the release binary first.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use lansplan::plan::generate;

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

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1e3)
}

fn binary() -> PathBuf {
    let exe = std::env::current_exe().expect("current exe");
    exe.parent().and_then(Path::parent).map(|d| d.join("lansplan")).expect("target dir")
}

fn main() {
    let sizes: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() { vec![100, 1_000, 10_000] } else { sizes };
    let bin = binary();
    assert!(bin.exists(), "build the binary first: cargo build --release ({})", bin.display());
    let dir = tempfile::tempdir().expect("tmp");
    println!(
        "| activities | file KiB | conflicts | lansplan merge ms | lansplan diff ms | ratio | git merge-file ms | ratio |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|");
    for &n in &sizes {
        let runs = if n >= 10_000 { 7 } else { 21 };
        let base = generate::plan(n, 42);
        let ours = generate::revise(&base, n, 0.1, 42);
        let theirs = generate::revise(&base, n, 0.1, 4242);
        let path = |name: &str| dir.path().join(format!("{name}-{n}.toml"));
        let (b, o, t, out) = (path("base"), path("ours"), path("theirs"), path("out"));
        for (p, text) in [(&b, &base), (&o, &ours), (&t, &theirs)] {
            std::fs::write(p, text).expect("write");
        }
        let run = |cmd: &mut Command| {
            let status = cmd
                .env("LANSPLAN_TODAY", "2026-11-22")
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .status();
            status.expect("runs").code()
        };
        let code = run(Command::new(&bin).arg("merge").arg(&b).arg(&o).arg(&t).arg("-o").arg(&out));
        assert!(matches!(code, Some(0 | 1)), "lansplan merge failed: {code:?}");
        let merged = std::fs::read_to_string(&out).expect("merged");
        let conflicts = merged.matches("[[conflicts]]").count();
        // The three one after the other in each round, so that a busy
        // moment of the machine weighs on all of them alike.
        let (mut merges, mut diffs, mut gits) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..runs {
            // To standard output, as git merge-file -p: a file's fsync
            // measures the disk, not the merge.
            merges.push(median(1, || {
                run(Command::new(&bin).arg("merge").arg(&b).arg(&o).arg(&t));
            }));
            diffs.push(median(1, || {
                run(Command::new(&bin).args(["diff", "--format", "json"]).arg(&b).arg(&t));
            }));
            gits.push(median(1, || {
                run(Command::new("git").args(["merge-file", "-p"]).arg(&o).arg(&b).arg(&t));
            }));
        }
        let mid = |mut v: Vec<Duration>| {
            v.sort();
            v[v.len() / 2]
        };
        let (merge, diff, git) = (mid(merges), mid(diffs), mid(gits));
        println!(
            "| {n} | {} | {conflicts} | {} | {} | {:.2} | {} | {:.2} |",
            base.len() / 1024,
            ms(merge),
            ms(diff),
            merge.as_secs_f64() / diff.as_secs_f64(),
            ms(git),
            merge.as_secs_f64() / git.as_secs_f64(),
        );
    }
}
