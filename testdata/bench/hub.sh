#!/usr/bin/env bash
# hub.sh: the street office's hub at a district's scale (issue 21). Made-up
# compounds' reports (volgen -reports: signed with generated keys, no
# ledgers) are taken into a hub on SQLite and on PostgreSQL, and the
# commands the office runs each day are timed. Writes a Markdown table to
# testdata/bench/hub.md (and stdout). Not part of make test: run it by hand
# or from make bench.
#
# Goals (issue 21): one day's 6,000 files imported in under 60 s on
# PostgreSQL; status of one day over 6,000 compounds under 200 ms; a 30-day
# trend under 1 s (each as vol runs it, process start included).
#
# Settings (environment):
#   HUB_COMPOUNDS  compounds (default 6000)
#   HUB_DAYS       days of reports (default 30)
#   HUB_RUNS       timed runs of status and trend (default 5; the median)
#   BENCH_DIR      work folder (default $TMPDIR/vol-bench); the reports are
#                  kept in $BENCH_DIR/hub-reports-N-D and reused (about 4 KB
#                  a file: 750 MB at the defaults)
#   VOL_BENCH_PG   a postgres:// URL of an empty database to use; without
#                  it the script runs a PostgreSQL server of its own (Debian's
#                  package, installed when missing) with its default
#                  settings (fsync on), removed at the end
set -euo pipefail

cd "$(dirname "$0")/../.."
ROOT=$(pwd)
N=${HUB_COMPOUNDS:-6000}
D=${HUB_DAYS:-30}
RUNS=${HUB_RUNS:-5}
W=${BENCH_DIR:-${TMPDIR:-/tmp}/vol-bench}
LAST=2026-11-28
mkdir -p "$W"
log() { printf '== %s\n' "$*" >&2; }

go build -o "$W/vol" ./cmd/vol
go build -o "$W/volgen" ./cmd/volgen
VOL=$W/vol
R=$W/hub-reports-$N-$D
if [ ! -f "$R/.done" ]; then
	log "writing $N compounds × $D days of reports to $R"
	rm -rf "$R"
	"$W/volgen" -reports "$N" -days "$D" -date "$LAST" -o "$R"
	touch "$R/.done"
fi
FIRST=$(ls "$R" | sort | head -n 1)

PG=${VOL_BENCH_PG:-}
pgdir=""
if [ -z "$PG" ]; then
	pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
	sudo=()
	[ "$(id -u)" -ne 0 ] && sudo=(sudo)
	if [ -z "$(pg_bin)" ]; then
		${sudo[@]+"${sudo[@]}"} apt-get update -qq
		DEBIAN_FRONTEND=noninteractive ${sudo[@]+"${sudo[@]}"} apt-get install -y -qq postgresql >/dev/null
	fi
	bin=$(pg_bin)
	pgdir=$(mktemp -d "${TMPDIR:-/tmp}/vol-bench-pg.XXXXXX")
	as=()
	if [ "$(id -u)" -eq 0 ]; then
		chown postgres "$pgdir"
		as=(runuser -u postgres --)
	fi
	pg() { ${as[@]+"${as[@]}"} "$@"; }
	trap 'pg "$bin/pg_ctl" -D "$pgdir/data" -m fast stop >/dev/null 2>&1 || true; rm -rf "$pgdir"' EXIT
	pg "$bin/initdb" -D "$pgdir/data" -A trust -U postgres >/dev/null
	pg "$bin/pg_ctl" -D "$pgdir/data" -w -l "$pgdir/pg.log" -o "-k $pgdir -p 55433 -c listen_addresses=''" start >/dev/null
	PG="postgres://postgres@/postgres?host=$pgdir&port=55433&sslmode=disable"
fi

now_ms() { date +%s%3N; }
# median_ms CMD...: the median of RUNS timed runs (one warm-up first), in ms.
median_ms() {
	"$@" >/dev/null
	local ts=()
	for _ in $(seq "$RUNS"); do
		local t0
		t0=$(now_ms)
		"$@" >/dev/null
		ts+=($(($(now_ms) - t0)))
	done
	printf '%s\n' "${ts[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p"
}

rows=()
for store in sqlite postgres; do
	if [ "$store" = sqlite ]; then
		HUB=$W/hub-bench.db
		rm -f "$HUB" "$HUB-wal" "$HUB-shm"
	else
		HUB=$PG
	fi
	h() { "$VOL" hub --hub "$HUB" "$@"; }
	log "$store: init, trust $N compounds"
	h init
	t0=$(now_ms)
	find "$R/$FIRST" -name '*.json' -print0 | sort -z | xargs -0 -n 1000 "$VOL" hub --hub "$HUB" trust 2>/dev/null
	trust=$(($(now_ms) - t0))
	log "$store: import $D days"
	days=()
	for d in $(ls "$R" | sort); do
		t0=$(now_ms)
		h import "$R/$d" 2>/dev/null
		days+=($(($(now_ms) - t0)))
	done
	first=${days[0]}
	sorted=$(printf '%s\n' "${days[@]}" | sort -n)
	med=$(echo "$sorted" | sed -n "$(((D + 1) / 2))p")
	worst=$(echo "$sorted" | tail -n 1)
	again_t0=$(now_ms)
	h import "$R/$LAST" 2>/dev/null
	again=$(($(now_ms) - again_t0))
	log "$store: status, trend"
	status=$(median_ms h status --date "$LAST" --json)
	table=$(median_ms h status --date "$LAST")
	trend=$(median_ms h trend --figure present_households --days "$D" --date "$LAST" --json)
	needs=$(median_ms h needs --date "$LAST" --json)
	reported=$(h status --date "$LAST" --json | grep -c '"reported": true' || true)
	rows+=("| $store | $trust | $first | $med | $worst | $again | $status | $table | $trend | $needs | $reported/$N |")
done

{
	echo "# The hub at a district's scale (testdata/bench/hub.sh)"
	echo
	echo "$N compounds × $D days of made-up reports; $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $(date -u '+%Y-%m-%d %H:%M UTC'); vol $(git -C "$ROOT" rev-parse --short HEAD)."
	echo "Times in ms, each a vol process (start included). Goals: a day's import under 60,000 on PostgreSQL, status under 200, a $D-day trend under 1,000."
	echo
	echo "| store | trust $N (batches of 1,000) | import day 1 | import a day, median | worst day | the last day again (all unchanged) | status --json | status table | trend $D days | needs | reported |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
	printf '%s\n' "${rows[@]}"
} | tee "$ROOT/testdata/bench/hub.md"
