#!/usr/bin/env bash
# Seeds the fuzz corpora from the example plans, templates and test fixtures.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/load corpus/diff corpus/merge
for f in ../plans/*/*.toml ../templates/*.toml ../tests/fixtures/check/*/*.toml ../tests/diff/*/*.toml; do
    [ -f "$f" ] && cp "$f" "corpus/load/$(echo "$f" | tr '/.' '__')"
done
j=../plans/jamtland
printf '%s\0%s' "$(cat $j/lok-2025.1-utkast.toml)" "$(cat $j/lok-2025.2-remiss.toml)" > corpus/diff/jamtland-1-2
printf '%s\0%s' "$(cat $j/lok-2025.2-remiss.toml)" "$(cat $j/lok-2025.3-beslutad.toml)" > corpus/diff/jamtland-2-3
printf '%s\0%s' "$(cat ../tests/diff/every-op/old.toml)" "$(cat ../tests/diff/every-op/new.toml)" > corpus/diff/every-op
printf '%s\0%s\0%s' "$(cat $j/lok-2025.1-utkast.toml)" "$(cat $j/lok-2025.2-remiss.toml)" "$(cat $j/lok-2025.3-beslutad.toml)" > corpus/merge/jamtland
printf '%s\0%s\0%s' "$(cat ../tests/diff/every-op/old.toml)" "$(cat ../tests/diff/every-op/new.toml)" "$(cat ../tests/diff/every-op/old.toml)" > corpus/merge/every-op
# Structured inputs (a first byte 0x01, then the choices that
# plan::generate::tricky makes): a few fixed choice streams to start from.
for n in 1 2 3 4 5 6 7 8; do
    printf '\001%s' "$(seq -s ',' $n 7 2000)" > corpus/load/tricky-$n
    printf '\001%s' "$(seq -s ';' $n 5 2000)" > corpus/diff/tricky-$n
done
# The structured merge targets read choices, not text: seeds are bytes,
# the same on every run (awk's generator with a fixed seed).
mkdir -p corpus/merge_keeps corpus/merge_check
for i in $(seq 1 24); do
    awk -v s="$i" 'BEGIN { srand(s); for (k = 0; k < 64 * s; k++) printf "%c", int(rand() * 256) }' > "corpus/merge_keeps/seed-$i"
    cp "corpus/merge_keeps/seed-$i" "corpus/merge_check/seed-$i"
done
