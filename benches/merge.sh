#!/usr/bin/env bash
# Prints the merge table of BENCHMARKS.md: builds the release binary and
# the merge_perf example, then measures at 100, 1,000 and 10,000
# activities (or the sizes given as arguments).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin lansplan --example merge_perf
exec target/release/examples/merge_perf "$@"
