package ledger

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// realOps builds a small ledger the way vol does (init, households, people,
// a change, a move, an undo, an erasure) and returns the raw operations
// text of each journal entry, oldest first, exactly as stored and hashed.
func realOps(tb testing.TB) []string {
	tb.Helper()
	ctx := context.Background()
	at := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	m := func(cmd string) Meta { return Meta{Who: "tester", Command: cmd, At: at} }
	path := filepath.Join(tb.TempDir(), "ledger.db")
	db, err := Create(ctx, path, Options{Seed: "fuzz"}, m("init"), "凯旋华庭", 60)
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	addr := func(s string) Address {
		a, err := ParseAddress(s)
		if err != nil {
			tb.Fatal(err)
		}
		return a
	}
	var house, elder, volunteer string
	steps := []struct {
		cmd string
		fn  func(tx *Tx) error
	}{
		{"household add", func(tx *Tx) (err error) {
			if house, err = tx.AddHousehold(addr("3-2-501")); err != nil {
				return err
			}
			_, err = tx.AddHousehold(addr("3-2-502"))
			return err
		}},
		{"person add", func(tx *Tx) (err error) {
			elder, err = tx.AddPerson(PersonFields{HouseholdID: house, Name: "王秀英", Birth: "1940-05", Sex: "F",
				Phone: "13912345678", Role: RoleResident, Present: true, Needs: []string{"就医"}, Notes: "=1+1"})
			return err
		}},
		{"person add", func(tx *Tx) (err error) {
			volunteer, err = tx.AddPerson(PersonFields{HouseholdID: house, Name: "李敏", Birth: "1985", Sex: "M",
				Role: RoleResident, Present: true, Volunteer: true, Skills: []string{"医生", "上海话"}})
			return err
		}},
		{"person set", func(tx *Tx) error {
			phone, present := "13812345678", false
			return tx.SetPerson(volunteer, PersonChange{Phone: &phone, Present: &present})
		}},
		{"household set", func(tx *Tx) error { return tx.MoveHousehold(house, addr("3-2-503")) }},
		{"compound set", func(tx *Tx) error { return tx.SetSetting(SettingElderAge, "65") }},
	}
	for _, s := range steps {
		if _, err := db.Write(ctx, m(s.cmd), s.fn); err != nil {
			tb.Fatalf("%s: %v", s.cmd, err)
		}
	}
	if _, err := db.Undo(ctx, m("undo"), ""); err != nil {
		tb.Fatal(err)
	}
	if _, err := db.Write(ctx, m("erase"), func(tx *Tx) error { return tx.Erase(elder, "本人要求", true) }); err != nil {
		tb.Fatal(err)
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT ops FROM journal ORDER BY lamport, device, seq`)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			tb.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// mutateOps changes decoded operations the ways a damaged or hostile
// journal might: reversed, doubled, inverted, kinds swapped, columns
// dropped, values of the wrong type.
func mutateOps(ops []Op, how uint8) []Op {
	out := make([]Op, 0, 2*len(ops))
	cp := func(m map[string]any) map[string]any {
		if m == nil {
			return nil
		}
		c := make(map[string]any, len(m))
		for k, v := range m {
			c[k] = v
		}
		return c
	}
	for _, op := range ops {
		op.Set, op.Old = cp(op.Set), cp(op.Old)
		out = append(out, op)
	}
	switch how % 8 {
	case 1: // the operations, then their inverse
		out = append(out, inverse(ops)...)
	case 2: // each operation twice
		out = append(out, out...)
	case 3: // the inverse alone
		out = inverse(ops)
	case 4: // kinds swapped
		kinds := map[string]string{"insert": "update", "update": "delete", "delete": "insert"}
		for i := range out {
			out[i].Op = kinds[out[i].Op]
		}
	case 5: // one column dropped from each
		for i := range out {
			for _, k := range sortedKeys(out[i].Set) {
				delete(out[i].Set, k)
				break
			}
		}
	case 6: // values of the wrong type
		for i := range out {
			for k, v := range out[i].Set {
				switch x := v.(type) {
				case string:
					out[i].Set[k] = int64(len(x))
				case int64:
					out[i].Set[k] = fmt.Sprint(x)
				case nil:
					out[i].Set[k] = []any{"x"}
				}
			}
		}
	case 7: // in reverse order
		for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
			out[i], out[j] = out[j], out[i]
		}
	}
	return out
}

// FuzzReplay feeds arbitrary text as a journal entry's operations to the
// replay path (decodeOps, then apply on an empty register; one input in 16
// through replay itself as well, which must agree), alone and, when
// it decodes, followed by an entry holding a structured mutation of it
// (see mutateOps). It must never panic: it errors, or it yields register
// tables that read back, holding as many rows as the inserts minus the
// deletes. The seeds are the raw operations of a real ledger's entries
// (see realOps), the whole journal as one entry, and a few hostile texts.
func FuzzReplay(f *testing.F) {
	ops := realOps(f)
	for i, text := range ops {
		f.Add(padForReplay(text), uint8(i)) // through replay too
	}
	// The whole journal as one entry: it replays.
	var all []json.RawMessage
	for _, text := range ops {
		var one []json.RawMessage
		if err := json.Unmarshal([]byte(text), &one); err != nil {
			f.Fatal(err)
		}
		all = append(all, one...)
	}
	whole, _ := json.Marshal(all)
	scratch, err := replay(context.Background(), []Entry{{ID: "whole", OpsText: string(whole)}}, nil)
	if err != nil {
		f.Fatalf("the whole journal as one entry does not replay: %v", err)
	}
	scratch.Close()
	f.Add(padForReplay(string(whole)), uint8(0))
	f.Add(padForReplay(string(whole)), uint8(1))
	f.Add([]byte(`[{"op":"insert","table":"settings","id":"x","set":{"value":"y"}},{"op":"update","table":"settings","id":"x","set":{"value":"z"},"old":{"value":"y"}},{"op":"delete","table":"settings","id":"x","old":{"value":"z"}}]`), uint8(0))
	f.Add([]byte(`[{"op":"insert","table":"households","id":"h","set":{"area":"","building":"3","unit":"2","room":"501","extra":1}}]`), uint8(0))
	f.Add([]byte(`[{"op":"update","table":"people; DROP TABLE journal","id":"x","set":{"name_ref = 1 --":"x"}}]`), uint8(0))
	f.Add([]byte(`[{"op":"insert","table":"settings","id":"n","set":{"value":1e400}}]`), uint8(0))
	f.Add([]byte(`null`), uint8(0))
	f.Add([]byte(`[null, {}]`), uint8(0))

	f.Fuzz(replayOnce)
}

// fuzzRegister is an empty register, migrated once per fuzzing process:
// most runs apply their operations in a transaction on it and roll back,
// which is far cheaper than replay's fresh scratch database each time.
var fuzzRegister struct {
	once sync.Once
	db   *sql.DB
	err  error
}

func emptyRegister() (*sql.DB, error) {
	fuzzRegister.once.Do(func() {
		db, err := sql.Open("sqlite", ":memory:?_pragma=foreign_keys(1)")
		if err == nil {
			db.SetMaxOpenConns(1)
			db.SetMaxIdleConns(1) // an in-memory database lives as long as its connection
			err = migrateSQL(context.Background(), db)
		}
		fuzzRegister.db, fuzzRegister.err = db, err
	})
	return fuzzRegister.db, fuzzRegister.err
}

// applyAll applies the entries' operations as replay does, in a
// transaction on the shared empty register that is rolled back: the number
// of register rows they leave, or the first error.
func applyAll(ctx context.Context, entries []Entry) (int, error) {
	db, err := emptyRegister()
	if err != nil {
		return 0, err
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	for _, e := range entries {
		ops, err := e.Ops()
		if err != nil {
			return 0, err
		}
		for _, op := range ops {
			if err := apply(ctx, tx, op); err != nil {
				return 0, err
			}
		}
	}
	rows := 0
	for _, t := range registerTables {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM "+t.name).Scan(&n); err != nil {
			return 0, err
		}
		rows += n
	}
	return rows, nil
}

// replayEvery: an input whose length is a multiple of it goes through replay
// itself too. Replay migrates a fresh database each time, some 30 times
// slower than apply on the shared register; sampling by length (rather than
// by a flag the minimizer keeps) keeps the fuzzer and its minimizer fast.
const replayEvery = 16

// padForReplay pads operations text with spaces (which decodeOps ignores)
// so that replayOnce takes it through replay.
func padForReplay(text string) []byte {
	b := []byte(text)
	for len(b)%replayEvery != 0 {
		b = append(b, ' ')
	}
	return b
}

// replayOnce is one run of FuzzReplay. The operations go through
// decodeOps and apply on the shared register and, for one input length in
// replayEvery, through replay itself too, which must agree.
func replayOnce(t *testing.T, text []byte, how uint8) {
	ctx := context.Background()
	entries := []Entry{{ID: "01a22161-fe80-7000-8000-000000000001", Device: "fuzz", Seq: 1, Lamport: 1, Command: "fuzz", OpsText: string(text), Format: entryFormat}}
	decoded, derr := decodeOps(string(text))
	want := 0 // rows: inserts minus deletes
	count := func(ops []Op) {
		for _, op := range ops {
			switch op.Op {
			case "insert":
				want++
			case "delete":
				want--
			}
		}
	}
	count(decoded)
	if derr == nil && len(decoded) > 0 {
		mutated, err := json.Marshal(mutateOps(decoded, how))
		if err != nil {
			t.Fatalf("re-encoding decoded operations: %v", err)
		}
		if again, err := decodeOps(string(mutated)); err == nil {
			count(again)
		}
		entries = append(entries, Entry{ID: "01a22161-fe80-7000-8000-000000000002", Device: "fuzz", Seq: 2, Lamport: 2,
			Command: "fuzz", OpsText: string(mutated), Format: entryFormat})
	}
	// Hashing and the chain check take any entry.
	for i := range entries {
		entries[i].Hash = entries[i].computeHash()
	}
	checkChains(entries)

	rows, err := applyAll(ctx, entries)
	switch {
	case derr != nil && err == nil:
		t.Fatalf("apply took operations decodeOps refuses (%v)", derr)
	case err == nil && rows != want:
		t.Fatalf("the operations applied, leaving %d rows, but they insert %d more than they delete", rows, want)
	}
	if len(text)%replayEvery != 0 {
		return
	}
	scratch, rerr := replay(ctx, entries, nil)
	if (rerr == nil) != (err == nil) {
		if scratch != nil {
			scratch.Close()
		}
		t.Fatalf("replay and apply disagree: replay %v, apply %v", rerr, err)
	}
	if rerr != nil {
		if !strings.Contains(rerr.Error(), "entry ") {
			t.Fatalf("a replay error that does not name its entry: %v", rerr)
		}
		return
	}
	defer scratch.Close()
	got := 0
	for _, tbl := range registerTables {
		dumped, err := dumpTable(ctx, scratch, tbl)
		if err != nil {
			t.Fatalf("the replayed table %s does not read back: %v", tbl.name, err)
		}
		got += len(dumped)
	}
	if got != rows {
		t.Fatalf("replay left %d rows, apply %d", got, rows)
	}
}
