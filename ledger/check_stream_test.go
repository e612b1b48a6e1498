package ledger

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestCheckStreams: the check, which walks the register and its replay as
// two sorted cursors side by side, finds a row no journal entry made (one
// sorting between rows that are there, one after the last), a row the
// journal made that is gone, a changed column and a personal value no
// entry recorded, each once and in ID order, and caps a long run of
// missing rows at maxProblems.
func TestCheckStreams(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	m := Meta{Who: "tester", Command: "init", At: time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)}
	db, err := Create(ctx, filepath.Join(t.TempDir(), "l.db"), Options{Seed: "stream"}, m, "stream", 60)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	m.Command = "household add"
	for e := range 3 { // several entries, so the replay reads more than one
		if _, err := db.Write(ctx, m, func(tx *Tx) error {
			for i := range 20 {
				if _, err := tx.AddHousehold(Address{Building: fmt.Sprint(e + 1), Room: fmt.Sprint(101 + i)}); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	if probs, err := db.Check(ctx); err != nil || len(probs) > 0 {
		t.Fatalf("check of a sound ledger: %v %v", probs, err)
	}
	ids, err := queryStrings(ctx, db.sql, `SELECT id FROM households ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	gone, changed := ids[3], ids[10]
	between := ids[20][:len(ids[20])-1] + "~" // after ids[20], before ids[21]
	if between <= ids[20] || between >= ids[21] {
		t.Fatalf("test IDs do not sort as meant: %s %s %s", ids[20], between, ids[21])
	}
	last := "zzzz" + ids[len(ids)-1]
	refs, err := queryStrings(ctx, db.sql, `SELECT ref FROM pvalues ORDER BY ref`)
	if err != nil || len(refs) == 0 {
		t.Fatal(refs, err)
	}
	stray := refs[0] + "0" // a personal value no entry recorded, among those that are
	for _, q := range []string{
		`DELETE FROM households WHERE id = '` + gone + `'`,
		`UPDATE households SET room = '999' WHERE id = '` + changed + `'`,
		`INSERT INTO households (id, area, building, unit, room) VALUES ('` + between + `', '', '9', '', '1')`,
		`INSERT INTO households (id, area, building, unit, room) VALUES ('` + last + `', '', '9', '', '2')`,
		`INSERT INTO pvalues (ref, subject, value) VALUES ('` + stray + `', 'nobody', 'x')`,
	} {
		if _, err := db.sql.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	probs, err := db.Check(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range probs {
		got = append(got, p.String())
	}
	want := []string{
		"personal value " + short(stray) + ": no journal entry records it",
		"households row " + short(gone) + ": expected the row (the journal made it), found no row",
		"households row " + short(changed) + ": room: expected ",
		"households row " + short(between) + ": expected no row (no journal entry made it), found a row",
		"households row " + short(last) + ": expected no row (no journal entry made it), found a row",
	}
	if len(got) != len(want) {
		t.Fatalf("check found %d problems, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("problem %d: %q, want it to begin %q", i, got[i], want[i])
		}
	}
	if !strings.HasSuffix(got[2], ", found 999") {
		t.Errorf("changed column: %q, want the value found (999)", got[2])
	}

	// A long run of missing rows is reported up to the cap, first IDs first.
	if _, err := db.sql.ExecContext(ctx, `DELETE FROM pvalues WHERE ref = '`+stray+`'`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.sql.ExecContext(ctx, `DELETE FROM households WHERE id IN (SELECT id FROM households ORDER BY id LIMIT 30)`); err != nil {
		t.Fatal(err)
	}
	probs, err = db.Check(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(probs) != maxProblems {
		t.Fatalf("check found %d problems, want the cap (%d)", len(probs), maxProblems)
	}
	for i, p := range probs {
		if s := p.String(); !strings.HasPrefix(s, "households row "+short(ids[i])+": expected the row") {
			t.Errorf("problem %d: %q, want households row %s missing", i, s, short(ids[i]))
		}
	}
}
