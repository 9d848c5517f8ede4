#!/usr/bin/env bash
# Runs every benchmark of this module on one core, five times, and prints the
# ratios and targets from the medians. Run it on a quiet machine.
#
#   bash benchmarks/run.sh            # the whole set
#   bash benchmarks/run.sh Expand     # only the expansion benchmarks
set -euo pipefail
cd "$(dirname "$0")"
out=$(mktemp)
trap 'rm -f "$out"' EXIT
go test -run '^$' -bench "${1:-.}" -benchmem -count 5 -cpu 1 . | tee "$out"
echo
go run ./ratios < "$out"
