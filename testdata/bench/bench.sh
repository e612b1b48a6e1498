#!/usr/bin/env bash
# bench.sh: vol against the tools people would use instead (issues 7 and 22).
# `make bench` runs it. For each row (L1, L2, B1a…B6, C1, P1: issue 22's
# table) it runs vol and its peer one after the other on the same data with
# hyperfine, checks that both gave the same answer, and writes one Markdown
# table to testdata/bench/latest.md (and stdout), with the machine and date
# on top. `make bench-smoke` runs it at a tiny size, for the checks alone.
#
# Settings (environment):
#   BENCH_SCALE       size of the registers, 1.0 = the issue's: B1/B5/C1 a
#                     1,000,000-person register, B2/B6 1,000,000 households.
#                     Default 0.1, which takes about 15 minutes on 2 cores
#                     before R1 (vol import runs at 3,000-4,600 rows a second
#                     today and slows as the ledger grows), so at the issue's
#                     sizes the imports alone take over half an hour. Raise it
#                     as vol gets faster.
#   BENCH_PAIR_SCALE  size of the pairing instances, 1.0 = B3 2,000×2,000,
#                     B4 100,000 elders × 120,000 volunteers and P1's
#                     20,000-household register. Default: 1.0, or
#                     BENCH_SCALE when that is set (so BENCH_SCALE=0.1 is a
#                     quick run of everything).
#   BENCH_RUNS        timed runs of the quick rows (default 5)
#   BENCH_RUNS_SLOW   timed runs of the slow rows: imports, alloc, exports,
#                     check, B4 (default 2); every row has one warm-up run
#                     first
#   BENCH_DIR         work folder for data, ledgers and outputs (default
#                     $TMPDIR/vol-bench; about 1 GB per 0.1 of scale); the
#                     generated data is kept there and reused when unchanged
#   BENCH_ONLY        the row groups to run, comma-separated: l1, l2, b1
#                     (B1a, B1b), b1c, c1, b2, b3, b4, b5, b6, p1 (or table,
#                     all of these), rota (R1: the duty rota against CBC,
#                     cmd/rotabench, about 10 minutes), testing
#                     (testing.sh), hub (hub.sh). Default: everything. When
#                     every table group runs, the table replaces the one in
#                     latest.md (its R1 section stays unless rota ran too);
#                     rota alone replaces only the R1 section; any other
#                     choice writes its table to $BENCH_DIR/table.md only.
#   BENCH_ROTA_LIMIT  CBC's time limit per rota instance, every aim together
#                     (default 300s, the issue's)
#   BENCH_SMOKE       1: the answer checks at a tiny size (make bench-smoke,
#                     run by make test): BENCH_SCALE 0.001, BENCH_PAIR_SCALE
#                     0.01, one timed run of each command and no warm-up, the
#                     table groups only (BENCH_ONLY may narrow them), work
#                     folder $TMPDIR/vol-bench-smoke, table written there
#                     (smoke.md), never to latest.md. Exits 1 when a check
#                     failed. It installs nothing: without hyperfine,
#                     sqlite3, /usr/bin/time, scipy or XlsxWriter it says
#                     loudly that it skipped and exits 0, or fails when
#                     VOL_REQUIRE_BENCH is set (.ci/run sets it).
#
# Everything is deterministic: volgen's data depends only on its flags and
# seed, and every command runs with --on 2026-11-28, the date the generator
# counts its figures for. The script needs Go, git, apt-get (it installs
# hyperfine, sqlite3, time, python3-scipy, python3-xlsxwriter and
# coinor-cbc when missing, with sudo unless root; not in smoke runs) and
# /usr/bin/python3 (Debian's, which the python3-* packages serve; not a
# pyenv python3).
#
# R1 (cmd/rotabench) writes its own section, appended after the table: the
# duty rota solver allocate.PlanRota against the same model as a
# mixed-integer program solved by CBC, on the generated instances of 300 and
# 60 volunteers and on the sample compound.
set -euo pipefail

cd "$(dirname "$0")/../.."
ROOT=$(pwd)
HERE=$ROOT/testdata/bench
ON=2026-11-28
PY=/usr/bin/python3
SMOKE=${BENCH_SMOKE:-}
[ "$SMOKE" != 0 ] || SMOKE=

if [ -n "$SMOKE" ]; then
	SCALE=${BENCH_SCALE:-0.001}
	PAIR_SCALE=${BENCH_PAIR_SCALE:-0.01}
	RUNS=${BENCH_RUNS:-1}
	RUNS_SLOW=${BENCH_RUNS_SLOW:-1}
	WARMUP=0
	W=${BENCH_DIR:-${TMPDIR:-/tmp}/vol-bench-smoke}
else
	SCALE=${BENCH_SCALE:-0.1}
	if [ -n "${BENCH_SCALE:-}" ]; then PAIR_SCALE=${BENCH_PAIR_SCALE:-$BENCH_SCALE}; else PAIR_SCALE=${BENCH_PAIR_SCALE:-1}; fi
	RUNS=${BENCH_RUNS:-5}
	RUNS_SLOW=${BENCH_RUNS_SLOW:-2}
	WARMUP=1
	W=${BENCH_DIR:-${TMPDIR:-/tmp}/vol-bench}
fi
ONLY=${BENCH_ONLY:-}
ROTA_LIMIT=${BENCH_ROTA_LIMIT:-300s}
T0=$(date +%s)

# --- row groups ---------------------------------------------------------------
TABLE_GROUPS="l1 l2 b1 b1c c1 b2 b3 b4 b5 b6 p1"
if [ -z "$ONLY" ]; then
	GROUPS_RUN="$TABLE_GROUPS"
	[ -n "$SMOKE" ] || GROUPS_RUN="$GROUPS_RUN rota testing hub"
else
	GROUPS_RUN=""
	for g in ${ONLY//,/ }; do
		case " $TABLE_GROUPS rota testing hub table " in
		*" $g "*) ;;
		*) echo "bench.sh: BENCH_ONLY=$ONLY: unknown group $g (want some of table $TABLE_GROUPS rota testing hub)" >&2; exit 2 ;;
		esac
		[ "$g" != table ] || g=$TABLE_GROUPS
		GROUPS_RUN="$GROUPS_RUN $g"
	done
	if [ -n "$SMOKE" ]; then
		for g in $GROUPS_RUN; do
			case " $TABLE_GROUPS " in *" $g "*) ;; *) echo "bench.sh: BENCH_SMOKE runs table groups only, not $g" >&2; exit 2 ;; esac
		done
	fi
fi
# on GROUP...: some of the groups run.
on() { local g; for g in "$@"; do case " $GROUPS_RUN " in *" $g "*) return 0 ;; esac; done; return 1; }
TABLE_ALL=1 # every table group runs: the table replaces latest.md's
for g in $TABLE_GROUPS; do on "$g" || TABLE_ALL=; done
TABLE_ANY=
for g in $TABLE_GROUPS; do on "$g" && TABLE_ANY=1; done

log() { printf '\n== %s (%ss)\n' "$*" "$(($(date +%s) - T0))" >&2; }

# --- tools ------------------------------------------------------------------
need=()
if [ -n "$TABLE_ANY" ]; then
	command -v hyperfine >/dev/null || need+=(hyperfine)
	command -v sqlite3 >/dev/null || need+=(sqlite3)
	[ -x /usr/bin/time ] || need+=(time)
	[ -x $PY ] && $PY -c 'import scipy.sparse.csgraph' 2>/dev/null || need+=(python3-scipy)
	[ -x $PY ] && $PY -c 'import xlsxwriter' 2>/dev/null || need+=(python3-xlsxwriter)
fi
! on rota || command -v cbc >/dev/null || need+=(coinor-cbc)
if [ ${#need[@]} -gt 0 ] && [ -n "$SMOKE" ]; then
	# make test runs this: it installs nothing. CI installs the tools
	# (.ci/run) and sets VOL_REQUIRE_BENCH, so a missing one fails there.
	if [ -n "${VOL_REQUIRE_BENCH:-}" ]; then
		echo "bench-smoke: FAILED: missing ${need[*]} (VOL_REQUIRE_BENCH is set)" >&2
		exit 1
	fi
	{
		echo
		echo "########################################################################"
		echo "## bench-smoke SKIPPED: missing ${need[*]}"
		echo "## (apt-get install ${need[*]}; VOL_REQUIRE_BENCH=1 makes this fail)"
		echo "########################################################################"
		echo
	} >&2
	exit 0
fi
if [ ${#need[@]} -gt 0 ]; then
	log "installing ${need[*]}"
	SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
	$SUDO apt-get update -q
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get -y -q install "${need[@]}"
fi

mkdir -p "$W"/{bin,data,b1,b2,l,p1,out,hf,mem}
rm -f "$W"/out/* "$W"/hf/* "$W"/mem/* "$W"/rows.tsv "$W"/notes.md
log "building vol and volgen"
CGO_ENABLED=0 go build -o "$W/bin/vol" ./cmd/vol
CGO_ENABLED=0 go build -o "$W/bin/volgen" ./cmd/volgen
VOLREV=$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo '?') # what was built, before anyone commits more
! on rota || CGO_ENABLED=0 go build -o "$W/bin/rotabench" ./cmd/rotabench
MODEL=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
MEMGB=$(awk '/MemTotal/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo)
MADE="make bench"
[ -z "$SMOKE" ] || MADE="make bench-smoke"
[ -z "$ONLY" ] || MADE="BENCH_ONLY=$ONLY $MADE"

# --- R1: the duty rota against CBC (cmd/rotabench) ----------------------------
# rota OUT: PlanRota and CBC on the three rota instances; cmd/rotabench writes
# its Markdown section (table and notes) to OUT and fails when a check failed
# (a plan breaking a hard rule, an objective that does not add up).
rota() {
	log "R1: the duty rota, PlanRota vs CBC (at most $ROTA_LIMIT per instance)"
	mkdir -p "$W/rota"
	"$W/bin/rotabench" -vol "$W/bin/vol" -work "$W/rota" -runs "$RUNS" -limit "$ROTA_LIMIT" -o "$1" \
		-about "$(date -u '+%Y-%m-%d %H:%M UTC') · $(nproc) cores, ${MODEL:-unknown CPU}, ${MEMGB} GB memory · $(uname -sr) · vol $VOLREV · $(go version | cut -d' ' -f3) · made by \`$MADE\` (testdata/bench/bench.sh)"
}
# latest_head: latest.md up to its R1 section, into $W/latest.head.
latest_head() {
	touch "$HERE/latest.md"
	sed -n '/^## R1/q;p' "$HERE/latest.md" >"$W/latest.head"
	[ ! -s "$W/latest.head" ] || [ -z "$(tail -n1 "$W/latest.head")" ] || echo >>"$W/latest.head"
}
if [ -z "$TABLE_ANY" ]; then
	rc=0
	if on rota; then
		rota "$W/rota.md" || rc=$?
		# Keep latest.md up to its R1 section; the new section replaces that.
		latest_head
		cat "$W/latest.head" "$W/rota.md" >"$HERE/latest.md"
		cat "$W/rota.md"
	fi
	! on testing || bash "$HERE/testing.sh" || rc=1
	! on hub || bash "$HERE/hub.sh" || rc=1
	exit $rc
fi
VOL=$W/bin/vol
GEN=$W/bin/volgen

# --- data -------------------------------------------------------------------
scaled() { awk -v n="$1" -v s="$2" -v m="${3:-1}" 'BEGIN { x = int(n * s + 0.5); print (x < m ? m : x) }'; }
PEOPLE=$(scaled 1000000 "$SCALE")
HOUSEHOLDS=$(scaled 1000000 "$SCALE")
DENSE_N=$(scaled 2000 "$PAIR_SCALE")
ELDERS=$(scaled 100000 "$PAIR_SCALE")
VOLUNTEERS=$(scaled 120000 "$PAIR_SCALE")
P1_HH=$(scaled 20000 "$PAIR_SCALE" 100)
K=16
PCSV=$W/data/people-$PEOPLE.csv
HCSV=$W/data/households-$HOUSEHOLDS.csv
P1CSV=$W/data/households-$P1_HH.csv
DENSE=$W/data/dense-$DENSE_N
SPARSE=$W/data/sparse-$ELDERS-$VOLUNTEERS-$K
P1DIR=$W/data/p1-$P1_HH
# Reuse data from an earlier run only if volgen is unchanged.
GENSUM=$(sha256sum "$GEN" | cut -c1-16)
[ "$(cat "$W/data/volgen.sum" 2>/dev/null)" = "$GENSUM" ] || rm -rf "$W"/data/*
echo "$GENSUM" >"$W/data/volgen.sum"
VOLSUM=$(sha256sum "$VOL" | cut -c1-16)
log "generating data for $GROUPS_RUN"
if on b1 b1c c1 b5; then [ -s "$PCSV" ] || "$GEN" -people "$PEOPLE" -o "$PCSV" -figures "$PCSV.json"; fi
if on b2 b6; then [ -s "$HCSV" ] || "$GEN" -households "$HOUSEHOLDS" -o "$HCSV" -figures "$HCSV.json"; fi
if on b3; then [ -s "$DENSE/cost.npy" ] || "$GEN" -pairing dense -n "$DENSE_N" -o "$DENSE"; fi
if on b4; then [ -s "$SPARSE/data.npy" ] || "$GEN" -pairing sparse -elders "$ELDERS" -volunteers "$VOLUNTEERS" -k "$K" -o "$SPARSE"; fi
if on p1; then [ -s "$P1CSV" ] || "$GEN" -households "$P1_HH" -o "$P1CSV" -figures "$P1CSV.json"; fi
fig() { $PY -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"; }
num() { echo "$1" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta'; } # 1234567 -> 1,234,567

# --- helpers ----------------------------------------------------------------
q() { printf '%q' "$1"; }
# mem NAME: a /usr/bin/time prefix that appends the peak memory (KB) of what
# follows to $W/mem/NAME; it costs about a millisecond a run.
mem() { printf '/usr/bin/time -f %%M -a -o %s ' "$(q "$W/mem/$1")"; }
# memrun NAME PREPARE COMMAND: one more run of a quick row's command, after
# PREPARE, for its peak memory (the timed runs go without /usr/bin/time: a
# millisecond matters at a 10 ms goal).
memrun() {
	[ -z "$2" ] || sh -c "$2"
	/usr/bin/time -f %M -o "$W/mem/$1" sh -c "$3"
}
# hf NAME RUNS PREPARE COMMAND: hyperfine, one warm-up run (none in a smoke
# run), RUNS timed runs, PREPARE (if any) before each, the result in
# $W/hf/NAME.json. A command that fails leaves no result: its row says so
# and counts as a failed check.
hf() {
	local args=(--warmup "$WARMUP" --runs "$2" --export-json "$W/hf/$1.json" --command-name "$1" --style basic)
	[ -z "$3" ] || args+=(--prepare "$3")
	hyperfine "${args[@]}" "$4" >&2 || { log "$1 FAILED: $4"; rm -f "$W/hf/$1.json"; }
}
# check NAME KIND ARGS...: check.py's one line (never fails the script).
check() { local name=$1; shift; $PY "$HERE/check.py" "$@" | tee "$W/out/$name.check" >&2 || true; tail -1 "$W/out/$name.check"; }
# row ID WORK VOL PEER GOAL_RATIO GOAL_SECONDS GOAL_MB CHECK: one line of the
# table, from hyperfine's $W/hf/VOL.json and PEER.json and the memory files
# $W/mem/VOL and PEER. Goals left empty are not set for the row.
row() { printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$W/hf/$3.json" "$W/hf/$4.json" "$5" "$6" "$7" "$W/mem/$3" "$W/mem/$4" "$8" >>"$W/rows.tsv"; }
note() { printf '%s\n' "$*" >>"$W/notes.md"; }
# restore FROM TO: a shell command putting the file FROM (a ledger or a
# peer's file, with vol's seal beside it if any) in place of TO, for
# hyperfine's --prepare: every run of a write then does the same work.
restore() {
	local f t
	f=$(q "$1") t=$(q "$2")
	printf 'rm -f %s %s %s && cp %s %s && { [ ! -e %s ] || cp %s %s; }' \
		"$t-wal" "$t-shm" "$t-seal" "$f" "$t" "$f-seal" "$f-seal" "$t-seal"
}
# snapshot FILE: FILE (and its seal) copied to FILE.base, for restore.
snapshot() { rm -f "$1.base" "$1.base-seal"; cp "$1" "$1.base"; [ ! -e "$1-seal" ] || cp "$1-seal" "$1.base-seal"; }

VOLQ=$(q "$VOL")
V1=$(q "$W/b1/vol.db")
P1=$(q "$W/b1/peer.db")
R1=$(q "$W/b1/raw.db")
V2=$(q "$W/b2/vol.db")
P2=$(q "$W/b2/peer.db")
VL=$(q "$W/l/vol.db")
PL=$(q "$W/l/peer.db")
O=$W/out
SAMPLE="the sample compound (438 households, 1,133 people)"

# --- L1 and L2: one write, one read on the sample compound --------------------
# vol's ledger is vol demo's (the embedded sample register 凯旋华庭), with the
# day's round committed (vol alloc --commit); the peer's is peer_import.py of
# the same sheet (testdata/kaixuan.csv) with vol's read indexes
# (peer_indexes.sql), a journal table and the same round (peer_ledger.sql).
# Both are kept as *.base and put back before each run of a write.
if on l1 l2; then
	log "L1/L2 setup: the sample compound"
	rm -f "$W"/l/*
	"$VOL" demo --db "$W/l/vol.db" --on $ON --as bench --lang en >/dev/null
	"$VOL" alloc --commit --db "$W/l/vol.db" --on $ON --as bench --lang en >/dev/null 2>&1
	$PY "$HERE/peer_import.py" "$ROOT/testdata/kaixuan.csv" "$W/l/peer.db"
	sqlite3 "$W/l/peer.db" <"$HERE/peer_indexes.sql"
	sqlite3 "$W/l/peer.db" -cmd "ATTACH '$W/l/vol.db' AS v" <"$HERE/peer_ledger.sql"
	snapshot "$W/l/vol.db"
	snapshot "$W/l/peer.db"
	ROUND=$(sqlite3 "$W/l/vol.db" "SELECT id FROM rounds")
fi
if on l1; then
	# l1 NAME WHAT WORK VOLARGS PEERSQL: one write, timed from the same
	# start each run; checked on the file the last run left.
	l1() {
		local rv rp pa=""
		rv=$(restore "$W/l/vol.db.base" "$W/l/vol.db")
		rp=$(restore "$W/l/peer.db.base" "$W/l/peer.db")
		[ "$2" != deliver ] || pa=" -cmd $(q ".parameter set :round '$ROUND'")"
		log "L1: $3"
		hf "$1.vol" "$RUNS" "$rv" "$VOLQ $4 --db $VL --on $ON --as bench --lang en >/dev/null"
		hf "$1.peer" "$RUNS" "$rp" "sqlite3 $PL$pa <$(q "$HERE/$5")"
		memrun "$1.vol" "$rv" "$VOLQ $4 --db $VL --on $ON --as bench --lang en >/dev/null"
		memrun "$1.peer" "$rp" "sqlite3 $PL$pa <$(q "$HERE/$5")"
		C=$(check "$1" l1 "$2" "$W/l/vol.db" "$W/l/peer.db" "$W/l/vol.db.base" "$W/l/peer.db.base")
		row L1 "$3 on $SAMPLE vs sqlite3: the same row and one journal row, one transaction" "$1.vol" "$1.peer" 10 0.05 "" "$C"
	}
	l1 l1h household "household add 99号楼1单元101室" "household add 99号楼1单元101室" l1_household_add.sql
	l1 l1p person "person set 何鹏 --phone (a new number)" "person set 何鹏 --phone 13900001234" l1_person_set.sql
	l1 l1d deliver "round deliver (the day's round) 7号楼1单元902室" "round deliver $ROUND 7号楼1单元902室" l1_round_deliver.sql
	sh -c "$(restore "$W/l/vol.db.base" "$W/l/vol.db") && $(restore "$W/l/peer.db.base" "$W/l/peer.db")"
fi
if on l2; then
	log "L2: status, household list --limit 20 and elders on the sample"
	hf l2s.vol "$RUNS" "" "$VOLQ status --json --db $VL --on $ON >$(q "$O/l2s.vol.json")"
	hf l2s.peer "$RUNS" "" "sqlite3 -json $PL <$(q "$HERE/status.sql") >$(q "$O/l2s.peer.json")"
	memrun l2s.vol "" "$VOLQ status --json --db $VL --on $ON >/dev/null"
	memrun l2s.peer "" "sqlite3 -json $PL <$(q "$HERE/status.sql") >/dev/null"
	C=$(check l2s b6s "$O/l2s.vol.json" "$O/l2s.peer.json")
	row L2 "status --json on $SAMPLE vs one SQL count query (sqlite3)" l2s.vol l2s.peer 8 0.02 "" "$C"
	hf l2l.vol "$RUNS" "" "$VOLQ household list --limit 20 --db $VL --on $ON --lang en >$(q "$O/l2l.vol.txt")"
	hf l2l.peer "$RUNS" "" "sqlite3 -table $PL <$(q "$HERE/list.sql") >$(q "$O/l2l.peer.txt")"
	memrun l2l.vol "" "$VOLQ household list --limit 20 --db $VL --on $ON --lang en >/dev/null"
	memrun l2l.peer "" "sqlite3 -table $PL <$(q "$HERE/list.sql") >/dev/null"
	C=$(check l2l b6l "$O/l2l.vol.txt" "$O/l2l.peer.txt")
	row L2 "household list --limit 20 on $SAMPLE vs sqlite3 LIMIT 20 (vol's address index)" l2l.vol l2l.peer 8 0.02 "" "$C"
	hf l2e.vol "$RUNS" "" "$VOLQ elders --db $VL --on $ON --lang en >$(q "$O/l2e.vol.txt")"
	hf l2e.peer "$RUNS" "" "sqlite3 -table $PL <$(q "$HERE/elders.sql") >$(q "$O/l2e.peer.txt")"
	memrun l2e.vol "" "$VOLQ elders --db $VL --on $ON --lang en >/dev/null"
	memrun l2e.peer "" "sqlite3 -table $PL <$(q "$HERE/elders.sql") >/dev/null"
	C=$(check l2e elders "$O/l2e.vol.txt" "$O/l2e.peer.txt")
	row L2 "elders on $SAMPLE vs one SQL query (sqlite3)" l2e.vol l2e.peer 8 0.02 "" "$C"
fi

# --- B1: import a register of $PEOPLE people --------------------------------
if on b1 b1c c1 b5; then
	P_HH=$(fig "$PCSV.json" registered_households)
	WORK1="$(num "$PEOPLE")-person register ($(num "$P_HH") households)"
fi
# vol: a fresh ledger (vol init in --prepare, untimed), then vol import.
if on b1; then
	log "B1a/B1b: import $PEOPLE people"
	rm -f "$W/b1/built"
	hf b1.vol "$RUNS_SLOW" "rm -f $V1 $V1-wal $V1-shm $V1-seal && $VOLQ init --db $V1 --compound bench --on $ON --as bench >/dev/null" \
		"$(mem b1.vol)$VOLQ import $(q "$PCSV") --db $V1 --on $ON --as bench --lang en >$(q "$O/b1.vol.txt")"
	hf b1a.peer "$RUNS_SLOW" "rm -f $P1 $P1-wal $P1-shm" \
		"$(mem b1a.peer)$PY $(q "$HERE/peer_import.py") $(q "$PCSV") $P1"
	hf b1b.peer "$RUNS_SLOW" "rm -f $R1 $R1-journal" \
		"$(mem b1b.peer)sqlite3 $R1 -cmd $(q ".import --csv $PCSV register") <$(q "$HERE/import_raw.sql")"
	C=$(check b1 b1 "$W/b1/vol.db" "$W/b1/peer.db" "$W/b1/raw.db" "$PCSV.json")
	row B1a "import: $WORK1 vs Python csv+sqlite3" b1.vol b1a.peer 1.0 "" "" "$C"
	row B1b "import: $WORK1 vs sqlite3 .import + 2 indexes" b1.vol b1b.peer 8 "" 256 "$C"
	case "$C" in ok*) echo "$PCSV $VOLSUM" >"$W/b1/built" ;; esac
elif on b1c c1 b5 && [ "$(cat "$W/b1/built" 2>/dev/null)" != "$PCSV $VOLSUM" ]; then
	# The B1 ledgers for the rows that read them, untimed.
	log "B1 ledgers (b1 does not run): import $PEOPLE people, untimed"
	rm -f "$W"/b1/vol.db* "$W"/b1/peer.db* "$W/b1/built"
	"$VOL" init --db "$W/b1/vol.db" --compound bench --on $ON --as bench >/dev/null
	"$VOL" import "$PCSV" --db "$W/b1/vol.db" --on $ON --as bench --lang en >/dev/null
	$PY "$HERE/peer_import.py" "$PCSV" "$W/b1/peer.db"
	echo "$PCSV $VOLSUM" >"$W/b1/built"
fi

# --- C1: vol check on the B1 ledger -------------------------------------------
# The peer: SQLite's integrity check, then the journal table's rows, every
# column, in the journal's order, through SHA-256 (c1_peer.sh).
if on c1; then
	log "C1: vol check on the B1 ledger ($PEOPLE people)"
	hf c1.vol "$RUNS_SLOW" "" "$(mem c1.vol)$VOLQ check --db $V1 --lang en >$(q "$O/c1.vol.txt") 2>&1"
	hf c1.peer "$RUNS_SLOW" "" "$(mem c1.peer)sh $(q "$HERE/c1_peer.sh") $V1 >$(q "$O/c1.peer.txt")"
	C=$(check c1 c1 "$O/c1.vol.txt" "$O/c1.peer.txt")
	row C1 "vol check: $WORK1 vs PRAGMA integrity_check + SHA-256 of the journal table (sqlite3, sha256sum)" c1.vol c1.peer 8 "" 256 "$C"
fi

# --- B1c: import the same register again, and with 1% of it changed -----------
# On the B1 ledger and the Python peer's file (peer_upsert.py); the changed
# sheet (changes.py) turns over 在住 on every 100th person. Each run of the
# changed sheet starts from the files as the import left them (restore);
# both are put back at the end for the rows after.
if on b1c; then
	log "B1c: import $PEOPLE people again, the same and 1% changed"
	CCSV=$W/data/people-$PEOPLE-changed.csv
	$PY "$HERE/changes.py" "$PCSV" "$CCSV" "$W/b1/same.json" "$W/b1/changed.json"
	snapshot "$W/b1/vol.db"
	snapshot "$W/b1/peer.db"
	rv=$(restore "$W/b1/vol.db.base" "$W/b1/vol.db")
	rp=$(restore "$W/b1/peer.db.base" "$W/b1/peer.db")
	hf b1c.vol "$RUNS_SLOW" "" "$(mem b1c.vol)$VOLQ import $(q "$PCSV") --db $V1 --on $ON --as bench --lang en >$(q "$O/b1c.vol.txt")"
	hf b1c.peer "$RUNS_SLOW" "" "$(mem b1c.peer)$PY $(q "$HERE/peer_upsert.py") $(q "$PCSV") $P1 >$(q "$O/b1c.peer.txt")"
	C=$(check b1c b1c "$W/b1/vol.db" "$W/b1/peer.db" "$W/b1/same.json")
	row B1c "import the same sheet again (nothing changes): $WORK1 vs Python upsert by (household, name, birth)" b1c.vol b1c.peer 1.0 "" "" "$C"
	hf b1d.vol "$RUNS_SLOW" "$rv" "$(mem b1d.vol)$VOLQ import $(q "$CCSV") --db $V1 --on $ON --as bench --lang en >$(q "$O/b1d.vol.txt")"
	hf b1d.peer "$RUNS_SLOW" "$rp" "$(mem b1d.peer)$PY $(q "$HERE/peer_upsert.py") $(q "$CCSV") $P1 >$(q "$O/b1d.peer.txt")"
	C=$(check b1d b1c "$W/b1/vol.db" "$W/b1/peer.db" "$W/b1/changed.json")
	row B1c "import the sheet with 1% of rows changed ($(num "$(fig "$W/b1/changed.json" changed)") people's 在住): $WORK1 vs Python upsert" b1d.vol b1d.peer 1.0 "" "" "$C"
	sh -c "$rv && $rp"
	rm -f "$W"/b1/*.base "$W"/b1/*.base-seal
fi

# --- B2 and B6 ledgers: $HOUSEHOLDS households -------------------------------
# Built once, untimed by hyperfine (the import is B1's business), but timed.
# The peer gets vol's read indexes (peer_indexes.sql) after its import.
if on b2 b6; then
	H_PEOPLE=$(fig "$HCSV.json" people)
	log "B2/B6 setup: import $HOUSEHOLDS households ($H_PEOPLE people) into vol and the peer"
	rm -f "$W"/b2/vol.db*
	"$VOL" init --db "$W/b2/vol.db" --compound bench --on $ON --as bench >/dev/null
	/usr/bin/time -f '%e %M' -o "$O/b2.setup.time" "$VOL" import "$HCSV" --db "$W/b2/vol.db" --on $ON --as bench >/dev/null
	read -r ss skb <"$O/b2.setup.time"
	rm -f "$W"/b2/peer.db*
	/usr/bin/time -f '%e %M' -o "$O/b2.setup.peer.time" $PY "$HERE/peer_import.py" "$HCSV" "$W/b2/peer.db"
	read -r ps pkb <"$O/b2.setup.peer.time"
	/usr/bin/time -f '%e' -o "$O/b2.setup.index.time" sqlite3 "$W/b2/peer.db" <"$HERE/peer_indexes.sql"
	note "- B2/B6 ledger: \`vol import\` of $(num "$H_PEOPLE") rows ($(num "$HOUSEHOLDS") households) took ${ss}s, peak $((skb / 1024)) MB (one run; the Python peer ${ps}s, and $(cat "$O/b2.setup.index.time")s more for vol's read indexes, peer_indexes.sql)."
	WORK2="$(num "$HOUSEHOLDS") households ($(num "$H_PEOPLE") people)"
fi

# --- B2: vol alloc (old-way, default surplus) vs the same ranking in SQL ------
if on b2; then
	log "B2: alloc over $HOUSEHOLDS households"
	hf b2.vol "$RUNS_SLOW" "" "$(mem b2.vol)$VOLQ alloc --json --db $V2 --on $ON --lang en >$(q "$O/b2.vol.json") 2>/dev/null"
	hf b2.peer "$RUNS_SLOW" "" "$(mem b2.peer)sqlite3 -csv $P2 <$(q "$HERE/alloc.sql") >$(q "$O/b2.peer.csv")"
	C=$(check b2 b2 "$O/b2.vol.json" "$O/b2.peer.csv")
	row B2 "alloc --json: $WORK2 vs one SQL query (sqlite3)" b2.vol b2.peer 1.5 2 "" "$C"
fi

# --- B3: dense assignment ----------------------------------------------------
if on b3; then
	log "B3: dense $DENSE_N×$DENSE_N"
	hf b3.vol "$RUNS" "" "$(mem b3.vol)$(q "$GEN") -solve $(q "$DENSE") >$(q "$O/b3.vol.txt")"
	hf b3.peer "$RUNS" "" "$(mem b3.peer)$PY $(q "$HERE/lsa_dense.py") $(q "$DENSE") >$(q "$O/b3.peer.txt")"
	C=$(check b3 b3 "$O/b3.vol.txt" "$O/b3.peer.txt")
	row B3 "pairing dense $(num "$DENSE_N")×$(num "$DENSE_N"): allocate.SolveDense vs scipy linear_sum_assignment" b3.vol b3.peer 1.3 "" "" "$C"
fi

# --- B4: sparse assignment ---------------------------------------------------
if on b4; then
	ARCS=$(($(stat -c %s "$SPARSE/data.npy") / 8 - 16))
	log "B4: sparse $ELDERS×$VOLUNTEERS"
	hf b4.vol "$RUNS_SLOW" "" "$(mem b4.vol)$(q "$GEN") -solve $(q "$SPARSE") >$(q "$O/b4.vol.txt")"
	hf b4.peer "$RUNS_SLOW" "" "$(mem b4.peer)$PY $(q "$HERE/matching_sparse.py") $(q "$SPARSE") >$(q "$O/b4.peer.txt")"
	C=$(check b4 b3 "$O/b4.vol.txt" "$O/b4.peer.txt")
	row B4 "pairing sparse $(num "$ELDERS") elders × $(num "$VOLUNTEERS") volunteers, $K nearest + unpaired ($(num "$ARCS") arcs): allocate.SolveSparse vs scipy min_weight_full_bipartite_matching" b4.vol b4.peer 0.1 "" "" "$C"
fi

# --- B5: export the B1 ledger ------------------------------------------------
if on b5; then
	log "B5: export $PEOPLE people"
	hf b5x.vol "$RUNS_SLOW" "" "$(mem b5x.vol)$VOLQ export --full --db $V1 --on $ON --lang en -o $(q "$O/b5.vol.xlsx") 2>/dev/null"
	hf b5x.peer "$RUNS_SLOW" "" "$(mem b5x.peer)$PY $(q "$HERE/peer_export.py") $P1 $(q "$O/b5.peer.xlsx")"
	C=$(check b5x b5x "$O/b5.vol.xlsx" "$O/b5.peer.xlsx")
	row B5 "export --full to XLSX: $WORK1, every sheet vs XlsxWriter constant_memory" b5x.vol b5x.peer 1.0 "" 256 "$C"
	hf b5c.vol "$RUNS_SLOW" "" "$(mem b5c.vol)$VOLQ export --format csv --table people --db $V1 --on $ON --lang en -o $(q "$O/b5.vol.csv") 2>/dev/null"
	hf b5c.peer "$RUNS_SLOW" "" "$(mem b5c.peer)sqlite3 $P1 <$(q "$HERE/export_people.sql") >$(q "$O/b5.peer.csv")"
	C=$(check b5c b5c "$O/b5.vol.csv" "$O/b5.peer.csv")
	row B5 "export people to CSV: $WORK1 vs sqlite3 -csv" b5c.vol b5c.peer 1.5 "" "" "$C"
fi

# --- B6: a 20-row household list and the status on the B2 ledger -------------
# The list runs twice: with --limit 20, and whole but cut after 20 rows by
# head (3 lines of header, then the rows), where vol must size its columns
# for every row before the first (vol stops when head has what it wants).
# These rows run without the /usr/bin/time prefix (a millisecond matters at
# the 10 ms goal); one more run of each command measures its memory.
if on b6; then
	log "B6: household list and status over $HOUSEHOLDS households"
	hf b6l.vol "$RUNS" "" "$VOLQ household list --limit 20 --db $V2 --on $ON --lang en >$(q "$O/b6l.vol.txt")"
	hf b6h.vol "$RUNS" "" "$VOLQ household list --db $V2 --on $ON --lang en | head -n 23 >$(q "$O/b6h.vol.txt")"
	hf b6l.peer "$RUNS" "" "sqlite3 -table $P2 <$(q "$HERE/list.sql") >$(q "$O/b6l.peer.txt")"
	memrun b6l.vol "" "$VOLQ household list --limit 20 --db $V2 --on $ON --lang en >/dev/null"
	memrun b6h.vol "" "$VOLQ household list --db $V2 --on $ON --lang en | head -n 23 >/dev/null"
	memrun b6l.peer "" "sqlite3 -table $P2 <$(q "$HERE/list.sql") >/dev/null"
	C=$(check b6l b6l "$O/b6l.vol.txt" "$O/b6l.peer.txt")
	row B6 "household list --limit 20: $WORK2 vs sqlite3 LIMIT 20 on vol's address index" b6l.vol b6l.peer 4 0.01 "" "$C"
	C=$(check b6h b6l "$O/b6h.vol.txt" "$O/b6l.peer.txt")
	row B6 "household list, first 20 rows (\`\\| head -n 23\`, no --limit): $WORK2 vs sqlite3 LIMIT 20 on vol's address index" b6h.vol b6l.peer 4 0.01 "" "$C"
	hf b6s.vol "$RUNS" "" "$VOLQ status --json --db $V2 --on $ON >$(q "$O/b6s.vol.json")"
	hf b6s.peer "$RUNS" "" "sqlite3 -json $P2 <$(q "$HERE/status.sql") >$(q "$O/b6s.peer.json")"
	memrun b6s.vol "" "$VOLQ status --json --db $V2 --on $ON >/dev/null"
	memrun b6s.peer "" "sqlite3 -json $P2 <$(q "$HERE/status.sql") >/dev/null"
	C=$(check b6s b6s "$O/b6s.vol.json" "$O/b6s.peer.json" "$HCSV.json")
	row B6 "status --json: $WORK2 vs one SQL count query on vol's figures index" b6s.vol b6s.peer 1.5 "" "" "$C"
fi

# --- P1: pair elders on a 20,000-household register -----------------------------
if on p1; then
	. "$HERE/p1.sh"
fi

# --- the table ---------------------------------------------------------------
{
	echo "# vol benchmarks (issues 7 and 22)"
	echo
	echo "$(date -u '+%Y-%m-%d %H:%M UTC') · $(nproc) cores, ${MODEL:-unknown CPU}, ${MEMGB} GB memory · $(uname -sr)"
	echo "vol $VOLREV (built at the start) · $(go version | cut -d' ' -f3) · sqlite3 $(sqlite3 --version | cut -d' ' -f1)" \
		"· $($PY --version) · scipy $($PY -c 'import scipy; print(scipy.__version__)') · XlsxWriter $($PY -c 'import xlsxwriter; print(xlsxwriter.__version__)')" \
		"· $(hyperfine --version)"
	echo
	echo "BENCH_SCALE=$SCALE (registers; 1.0 = the issue's 1,000,000 people / households), BENCH_PAIR_SCALE=$PAIR_SCALE (pairing; 1.0 = 2,000×2,000, 100,000×120,000 and P1's 20,000 households)." \
		"Medians of $RUNS runs ($RUNS_SLOW for imports, check, alloc, B4 and exports) after $WARMUP warm-up; ratio < 1 means vol is faster. Every command ran with --on $ON." \
		"L1 and L2 run on the sample compound whatever the scale; each run of a write starts from the same file."
	echo "Made by \`$MADE\` (testdata/bench/bench.sh), $(($(date +%s) - T0)) s in all."
	[ -z "$SMOKE" ] || echo "**A smoke run**: a tiny size and one run of each command, to keep the answer checks working; its times mean nothing."
	echo
} >"$W/machine.md"
log "table"
# report.py exits 1 when a check failed, and so does rotabench: make bench
# fails then too, after writing the table and R1's section.
rc=0
if [ -n "$SMOKE" ]; then
	OUT=$W/smoke.md
elif [ -n "$TABLE_ALL" ]; then
	OUT=$HERE/latest.md
	# the R1 section of the last run, kept unless rota runs
	touch "$HERE/latest.md"
	sed -n '/^## R1/,$p' "$HERE/latest.md" >"$W/latest.rota"
else
	OUT=$W/table.md
fi
$PY "$HERE/report.py" "$W" "$OUT" || rc=1
if on rota; then
	rota "$W/rota.md" || rc=1
	{ echo; cat "$W/rota.md"; } >>"$OUT"
	cat "$W/rota.md"
elif [ "$OUT" = "$HERE/latest.md" ] && [ -s "$W/latest.rota" ]; then
	{ echo; cat "$W/latest.rota"; } >>"$OUT"
fi
[ "$OUT" = "$HERE/latest.md" ] || log "the table is in $OUT (latest.md is written only when every table group runs)"
# The testing prediction against an independent event loop (testing.md) and
# the street office's hub at 6,000 compounds × 30 days (hub.md).
! on testing || bash "$HERE/testing.sh" || rc=1
! on hub || bash "$HERE/hub.sh" || rc=1
if [ -n "$SMOKE" ]; then
	if [ $rc -eq 0 ]; then log "bench-smoke: every answer check passed"; else log "bench-smoke: FAILED: a check failed (see $OUT)"; fi
fi
exit $rc
