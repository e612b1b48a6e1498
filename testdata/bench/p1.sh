# P1 (bench.sh sources this): vol pair elders on a register of $P1_HH
# households against scipy's linear_sum_assignment on the full cost matrix
# of the same problem, which volgen -pairing ledger writes from vol's ledger
# (allocate.Pairs's cost: distance, plus 30 for each need not covered; a
# volunteer never takes their own household). Two rows: the whole command
# (process start, reading the register, pairing, JSON), and the solver
# alone (volgen -pairs: allocate.Pairs on the same input, read from JSON),
# each against the whole Python script (numpy.load and the solver).
log "P1 setup: a register of $P1_HH households"
rm -rf "$W"/p1/*
"$VOL" init --db "$W/p1/vol.db" --compound bench --on $ON --as bench >/dev/null
"$VOL" import "$P1CSV" --db "$W/p1/vol.db" --on $ON --as bench --lang en >/dev/null
"$GEN" -pairing ledger -db "$W/p1/vol.db" -date $ON -o "$W/p1/problem"
P1E=$($PY -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d["Elders"] or []), len(d["Volunteers"] or []))' "$W/p1/problem/input.json")
read -r p1e p1v <<<"$P1E"
V3=$(q "$W/p1/vol.db")
PD=$(q "$W/p1/problem")
WORKP="$(num "$P1_HH") households ($(num "$p1e") elder-only households × $(num "$p1v") volunteers)"
log "P1: pair elders, $WORKP"
hf p1c.vol "$RUNS" "" "$(mem p1c.vol)$VOLQ pair elders --dry-run --json --db $V3 --on $ON --lang en >$(q "$O/p1.vol.json")"
hf p1s.vol "$RUNS" "" "$(mem p1s.vol)$(q "$GEN") -pairs $PD >$(q "$O/p1s.vol.txt")"
hf p1.peer "$RUNS" "" "$(mem p1.peer)$PY $(q "$HERE/p1_lsa.py") $PD >$(q "$O/p1.peer.txt")"
C=$(check p1 p1 "$O/p1.vol.json" "$O/p1s.vol.txt" "$O/p1.peer.txt")
row P1 "pair elders --dry-run --json, the whole command: $WORKP vs scipy linear_sum_assignment on the full cost matrix" p1c.vol p1.peer "" 2 "" "$C"
row P1 "allocate.Pairs alone (volgen -pairs, the same input): $WORKP vs scipy linear_sum_assignment on the full cost matrix" p1s.vol p1.peer 1.0 "" "" "$C"
