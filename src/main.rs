//! The `lansplan` binary: parses the command line and hands over to the
//! library; everything else lives in `lansplan::cli` and `lansplan::tui`.

fn main() {
    let cli = lansplan::cli::parse(std::env::args_os().collect());
    std::process::exit(lansplan::cli::run(cli));
}
