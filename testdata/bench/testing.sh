#!/usr/bin/env bash
# testing.sh: vol's testing-round prediction (issue 18) against an independent
# event loop (testsim.py), on the sample compound and on a register of 601
# households and 1,688 residents, for a few station counts and rates. bench.sh
# runs it; it also runs alone. Writes testdata/bench/testing.md and exits 1
# when a prediction differs by more than a minute or a person.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
W=${BENCH_DIR:-${TMPDIR:-/tmp}/vol-bench}/testing
mkdir -p "$W"
PY=/usr/bin/python3
[ -x $PY ] || PY=python3
CGO_ENABLED=0 go build -o "$W/vol" ./cmd/vol
VOL=$W/vol
export VOL_NOW=2026-11-28T09:00:00Z VOL_SEED=bench LANG=en_US.UTF-8

rm -f "$W"/*.db
VOL_DB=$W/sample.db "$VOL" demo --db "$W/sample.db" >/dev/null 2>&1
go test ./cmd/vol -run '^TestWrite601Register$' -count=1 -args -o "$W/601.csv" >/dev/null
VOL_DB=$W/601.db "$VOL" init --compound 百汇园一期 >/dev/null 2>&1
VOL_DB=$W/601.db "$VOL" import "$W/601.csv" >/dev/null 2>&1

out=$ROOT/testdata/bench/testing.md
{
	echo "# Testing rounds: vol's prediction against an independent event loop"
	echo
	echo "$(date -u +%F), $(nproc) cores; vol $(git describe --always --dirty 2>/dev/null || echo '?'). Made by testdata/bench/testing.sh."
	echo
	echo "| register | stations | rate /min | min a floor | plan time | check |"
	echo "|---|---|---|---|---|---|"
} >"$out"
fail=0
for db in sample 601; do
	VOL_DB=$W/$db.db "$VOL" person list --json --full >"$W/$db-people.json" 2>/dev/null
	for p in "4 1.5 0.5" "2 1.5 0.5" "6 1.0 0.3" "3 2.5 1.0"; do
		set -- $p
		t0=$(date +%s%N)
		VOL_DB=$W/$db.db "$VOL" test plan --date 2026-12-08 --stations "$1" --rate "$2" --walk-per-floor "$3" --json >"$W/$db-plan.json"
		ms=$((($(date +%s%N) - t0) / 1000000))
		if line=$($PY "$ROOT/testdata/bench/testsim.py" "$W/$db-people.json" "$W/$db-plan.json" "$1" "$2" "$3" 2); then :; else fail=1; fi
		echo "| $db | $1 | $2 | $3 | ${ms} ms | $line |" >>"$out"
	done
done
cat "$out"
exit $fail
