//! Reads a plan one way and exits, so that GNU time can report the peak
//! memory of each step on its own (BENCHMARKS.md, "Memory"):
//!
//! ```sh
//! for m in read detable table load; do
//!     /usr/bin/time -f "$m %M KiB" target/release/examples/memprobe $m big.toml
//! done
//! ```

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(mode), Some(path)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: memprobe read|detable|table|load FILE");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    let n = match mode.as_str() {
        "read" => Some(text.len()),
        "detable" => toml::de::DeTable::parse(&text).ok().map(|t| t.get_ref().len()),
        "table" => toml::from_str::<toml::Table>(&text).ok().map(|t| t.len()),
        _ => lansplan::plan::load_str(text, lansplan::plan::Date::today()).ok().map(|l| l.plan.activities.len()),
    };
    println!("{n:?}");
}
