//! The `lansplan` binary: parses the command line and hands over to the
//! library; everything else lives in `lansplan::cli` and `lansplan::tui`.

use clap::Parser;

fn main() {
    let cli = lansplan::cli::Cli::parse();
    std::process::exit(lansplan::cli::run(cli));
}
