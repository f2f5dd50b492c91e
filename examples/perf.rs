//! Prints lansplan's performance figures at 100, 1,000 and 10,000
//! activities, each beside its floor measured in the same run: a plain
//! `toml` parse for loading, `git diff --no-index` for the diff.
//!
//! Run through `benches/perf.sh`, which builds the release binary first.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use lansplan::i18n::Lang;
use lansplan::plan::edit::Session;
use lansplan::plan::path::FieldPath;
use lansplan::plan::{Date, generate, load_str};
use lansplan::tui::App;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

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

fn ms(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64() * 1e3)
}

/// Returns the peak resident memory (KiB) of `lansplan ARGS`, measured by
/// GNU time (`/usr/bin/time -f %M`), or 0 where it is missing.
fn peak_rss_kib(bin: &Path, args: &[&std::ffi::OsStr]) -> u64 {
    let out = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("%M")
        .arg(bin)
        .args(args)
        .env("LANSPLAN_TODAY", "2026-11-22")
        .stdout(std::process::Stdio::null())
        .output();
    out.ok()
        .and_then(|o| String::from_utf8_lossy(&o.stderr).lines().last().and_then(|l| l.trim().parse().ok()))
        .unwrap_or(0)
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
        "| activities | file KiB | toml parse ms | load+validate ms | ratio | first frame ms | key: move ms | key: type ms | edit applied ms | save ms | git diff ms | lansplan diff ms | ratio | peak RSS MiB | RSS/file |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for &n in &sizes {
        let runs = if n >= 10_000 { 7 } else { 21 };
        let old = generate::plan(n, 42);
        let new = generate::revise(&old, n, 0.1, 42);
        let (a, b) = (dir.path().join(format!("old-{n}.toml")), dir.path().join(format!("new-{n}.toml")));
        std::fs::write(&a, &old).expect("write");
        std::fs::write(&b, &new).expect("write");

        let parse = median(runs, || {
            let _ = std::hint::black_box(toml::from_str::<toml::Table>(&old));
        });
        let load = median(runs, || {
            let _ = std::hint::black_box(load_str(old.clone(), TODAY));
        });

        let first = median(runs.min(7), || {
            let session = Session::from_text(old.clone(), TODAY).expect("loads");
            let mut app = App::new(session, Lang::Sv, TODAY);
            app.resize(200, 60);
            let mut t = Terminal::new(TestBackend::new(200, 60)).expect("backend");
            t.draw(|f| f.render_widget(&app, f.area())).expect("draw");
        });

        let session = Session::from_text(old.clone(), TODAY).expect("loads");
        let mut app = App::new(session, Lang::Sv, TODAY);
        app.resize(200, 60);
        let mut t = Terminal::new(TestBackend::new(200, 60)).expect("backend");
        let key = |app: &mut App, code| app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
        let mv = median(201, || {
            key(&mut app, KeyCode::Down);
            t.draw(|f| f.render_widget(&app, f.area())).expect("draw");
        });
        // Open the editor on the selected item's title, then time typing.
        key(&mut app, KeyCode::Char('e'));
        let typing = median(201, || {
            key(&mut app, KeyCode::Char('å'));
            t.draw(|f| f.render_widget(&app, f.area())).expect("draw");
        });

        let mut s = Session::from_text(old.clone(), TODAY).expect("loads");
        let path = FieldPath::parse("activities.A1.title").expect("path");
        let mut i = 0;
        let edit = median(runs, || {
            i += 1;
            s.set(&path, &format!("Ny titel {i}")).expect("edit");
        });
        let save_path = dir.path().join(format!("save-{n}.toml"));
        let save = median(runs, || {
            let _ = std::fs::remove_file(&save_path);
            s.save_as(&save_path, true).expect("save");
        });

        let git = median(runs, || {
            let _ = Command::new("git").args(["diff", "--no-index", "--quiet"]).arg(&a).arg(&b).status();
        });
        let ours = median(runs, || {
            let _ = Command::new(&bin)
                .args(["diff", "--format", "json"])
                .arg(&a)
                .arg(&b)
                .stdout(std::process::Stdio::null())
                .status();
        });
        let rss = peak_rss_kib(&bin, &["check".as_ref(), a.as_os_str()]);
        let kib = old.len() as f64 / 1024.0;
        println!(
            "| {n} | {:.0} | {} | {} | {:.2} | {} | {} | {} | {} | {} | {} | {} | {:.2} | {:.1} | {:.1} |",
            kib,
            ms(parse),
            ms(load),
            load.as_secs_f64() / parse.as_secs_f64(),
            ms(first),
            ms(mv),
            ms(typing),
            ms(edit),
            ms(save),
            ms(git),
            ms(ours),
            ours.as_secs_f64() / git.as_secs_f64(),
            rss as f64 / 1024.0,
            rss as f64 / kib,
        );
    }
}
