package ledger

import (
	"context"
	"database/sql"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// birthOf reads a person's copy of the birth (people.birth) as stored: ""
// for NULL, "gone" for no row.
func birthOf(t *testing.T, q querier, id string) string {
	t.Helper()
	var b sql.NullString
	err := q.QueryRowContext(context.Background(), `SELECT birth FROM people WHERE id = ?`, id).Scan(&b)
	if err == sql.ErrNoRows {
		return "gone"
	}
	if err != nil {
		t.Fatal(err)
	}
	return b.String
}

// TestBirthCopy: people.birth follows every write of a birth (add, set,
// clear, undo, erasure), an as-of view has the copies of its time, a
// ledger from before the copy gets it when opened, and vol check reports a
// copy changed outside vol.
func TestBirthCopy(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	at := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	m := func(cmd string) Meta { return Meta{Who: "tester", Command: cmd, At: at} }
	path := filepath.Join(t.TempDir(), "ledger.db")
	db, err := Create(ctx, path, Options{Seed: "births"}, m("init"), "凯旋华庭", 60)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { db.Close() }()
	write := func(cmd string, fn func(tx *Tx) error) {
		t.Helper()
		if _, err := db.Write(ctx, m(cmd), fn); err != nil {
			t.Fatalf("%s: %v", cmd, err)
		}
	}
	want := func(step string, births map[string]string) {
		t.Helper()
		for id, b := range births {
			if got := birthOf(t, db.sql, id); got != b {
				t.Errorf("%s: person %s's copy of the birth is %q, want %q", step, short(id), got, b)
			}
		}
		probs, err := checkBirths(ctx, db.sql)
		if err != nil || len(probs) > 0 {
			t.Errorf("%s: checkBirths = %v, %v; want nothing", step, probs, err)
		}
	}
	var house, elder, young, nobirth string
	write("household add", func(tx *Tx) (err error) {
		house, err = tx.AddHousehold(Address{Building: "3", Unit: "2", Room: "501"})
		return err
	})
	write("person add", func(tx *Tx) (err error) {
		if elder, err = tx.AddPerson(PersonFields{HouseholdID: house, Name: "王秀英", Birth: "1940-05", Sex: "F", Role: RoleResident, Present: true}); err != nil {
			return err
		}
		if young, err = tx.AddPerson(PersonFields{HouseholdID: house, Name: "李敏", Birth: "1985", Sex: "M", Role: RoleResident, Present: true}); err != nil {
			return err
		}
		nobirth, err = tx.AddPerson(PersonFields{HouseholdID: house, Name: "张伟", Sex: "M", Role: RoleResident, Present: true})
		return err
	})
	want("added", map[string]string{elder: "1940-05", young: "1985", nobirth: ""})
	at = at.Add(time.Hour)
	write("person set", func(tx *Tx) error {
		b, none := "1941-01", ""
		if err := tx.SetPerson(elder, PersonChange{Birth: &b}); err != nil {
			return err
		}
		return tx.SetPerson(young, PersonChange{Birth: &none})
	})
	want("set", map[string]string{elder: "1941-01", young: ""})
	if _, err := db.Undo(ctx, m("undo"), ""); err != nil {
		t.Fatal(err)
	}
	want("undone", map[string]string{elder: "1940-05", young: "1985"})

	// An as-of view replays with no values, then copies them in: its
	// copies are those of its time.
	v, err := db.AsOf(ctx, at.Add(-time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if got := birthOf(t, v.scratch, elder); got != "1940-05" {
		t.Errorf("as of the first hour: the copy is %q, want 1940-05", got)
	}
	if probs, err := checkBirths(ctx, v.scratch); err != nil || len(probs) > 0 {
		t.Errorf("as-of view: checkBirths = %v, %v", probs, err)
	}
	v.Close()

	write("erase", func(tx *Tx) error { return tx.Erase(elder, "本人要求", true) })
	want("erased", map[string]string{elder: "gone", young: "1985"})

	// A copy missing where the value is there is filled by the next write
	// (a sync file's values may come after the entries naming them).
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE people SET birth = NULL WHERE id = ?`, young); err != nil {
		t.Fatal(err)
	}
	if err := fillBirths(ctx, tx); err != nil {
		t.Fatal(err)
	}
	if got := birthOf(t, tx, young); got != "1985" {
		t.Errorf("fillBirths left %q, want 1985", got)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}

	// A ledger from before the copy (schema 23) gets it when opened, and
	// its values move to the table keyed by reference (0025) whole.
	if _, err := db.sql.ExecContext(ctx, `DROP INDEX people_birth_due; DROP INDEX people_facts;
		ALTER TABLE people DROP COLUMN birth;
		CREATE INDEX people_facts ON people (household_id, role, present, volunteer, birth_ref);
		PRAGMA user_version = 23`); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if db, err = Open(ctx, path, Options{Seed: "births"}); err != nil {
		t.Fatal(err)
	}
	want("migrated", map[string]string{young: "1985", nobirth: ""})
	if probs, err := db.Check(ctx); err != nil || len(probs) > 0 {
		t.Fatalf("vol check after the migrations (0024, 0025): %v, %v", probs, err)
	}

	// A copy changed outside vol is a problem vol check reports, without
	// the birth.
	if _, err := db.sql.ExecContext(ctx, `UPDATE people SET birth = '1900-01' WHERE id = ?`, young); err != nil {
		t.Fatal(err)
	}
	probs, err := db.Check(ctx)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range probs {
		s := p.String()
		if strings.Contains(s, short(young)) && strings.Contains(s, "copy of the birth") {
			found = true
		}
		if strings.Contains(s, "1900") || strings.Contains(s, "1985") {
			t.Errorf("the report shows a birth: %s", s)
		}
	}
	if !found {
		t.Errorf("vol check after the copy was changed: %v; want the person's copy reported", probs)
	}
}

// TestRowValuesAsPerson: the values an import compares a listed person
// with, read from their row and the values it names, are those of the
// person read whole, for people with and without each value, with tags
// stored in English before they had a name, and with a value gone.
func TestRowValuesAsPerson(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := randomLedger(t, 7, 40)
	m := Meta{Who: "tester", Command: "person add", At: time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)}
	var ids []string
	if _, err := db.Write(ctx, m, func(tx *Tx) error {
		h, err := tx.AddHousehold(Address{Building: "77", Unit: "1", Room: "101"})
		if err != nil {
			return err
		}
		for _, p := range []PersonFields{
			{HouseholdID: h, Name: "王秀英", Birth: "1940-05", Sex: "F", Phone: "13912345678", Role: RoleResident, Present: true,
				Needs: []string{"就医", "买药"}, Emergency: "李敏 13812345678", Notes: "独居", Skills: []string{"医生"}, SharePhone: true},
			{HouseholdID: h, Name: "李敏", Sex: "M", Role: RoleResident, Volunteer: true, Skills: []string{}, Needs: []string{}},
			{Name: "张伟", Sex: "M", Role: RolePropertyStaff, Present: true, Phone: "13700001111"},
		} {
			id, err := tx.AddPerson(p)
			if err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	// A tag stored in English before it had a name, and a value gone.
	if _, err := db.sql.ExecContext(ctx, `UPDATE people SET skills = 'doctor,driver' WHERE id = ?`, ids[1]); err != nil {
		t.Fatal(err)
	}
	if _, err := db.sql.ExecContext(ctx, `DELETE FROM pvalues WHERE ref = (SELECT phone_ref FROM people WHERE id = ?)`, ids[2]); err != nil {
		t.Fatal(err)
	}
	all, err := queryStrings(ctx, db.sql, `SELECT id FROM people ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	w := &Tx{ctx: ctx, tx: tx, prep: newPrepared(tx)}
	w.View = View{q: cached{w}}
	for _, id := range all {
		row, err := readRow(ctx, cached{w}, tPeople, id)
		if err != nil {
			t.Fatal(err)
		}
		got, err := w.rowValues(row)
		if err != nil {
			t.Fatal(err)
		}
		p, err := w.person(id)
		if err != nil {
			t.Fatal(err)
		}
		if want := values(p.PersonFields); !reflect.DeepEqual(got, want) {
			t.Errorf("person %s: rowValues %v, the person read whole %v", short(id), got, want)
		}
	}
	if len(all) < 40 {
		t.Errorf("%d people compared", len(all))
	}
}

// TestBirthCopyOtherSubject: a person's birth_ref may name a value held
// under another person's subject (a person merge fills into's birth_ref
// with from's reference; a later update of from applies to into through the
// alias). Forgetting that subject (an erasure of the other person, or
// Restore applying again an erasure of a merged-away person) must not leave
// the erased birth in people.birth, and vol check must still pass.
func TestBirthCopyOtherSubject(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	at := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	m := func(cmd string) Meta { return Meta{Who: "tester", Command: cmd, At: at} }
	db, err := Create(ctx, filepath.Join(t.TempDir(), "ledger.db"), Options{Seed: "births-other"}, m("init"), "凯旋华庭", 60)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var into, from string
	if _, err := db.Write(ctx, m("person add"), func(tx *Tx) error {
		h, err := tx.AddHousehold(Address{Building: "3", Unit: "2", Room: "501"})
		if err != nil {
			return err
		}
		if into, err = tx.AddPerson(PersonFields{HouseholdID: h, Name: "王芳", Sex: "F", Role: RoleResident, Present: true}); err != nil {
			return err
		}
		from, err = tx.AddPerson(PersonFields{HouseholdID: h, Name: "王芳", Birth: "1938-04", Sex: "F", Role: RoleResident, Present: true})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	// What mergePerson's fill does: into takes from's birth reference.
	if _, err := db.Write(ctx, m("sync import"), func(tx *Tx) error {
		var ref string
		if err := tx.tx.QueryRow(`SELECT birth_ref FROM people WHERE id = ?`, from).Scan(&ref); err != nil {
			return err
		}
		return tx.update(tPeople, into, map[string]any{"birth_ref": ref})
	}); err != nil {
		t.Fatal(err)
	}
	if got := birthOf(t, db.sql, into); got != "1938-04" {
		t.Fatalf("copy after the fill: %q", got)
	}
	if _, err := db.Write(ctx, m("erase"), func(tx *Tx) error { return tx.Erase(from, "asked", false) }); err != nil {
		t.Fatal(err)
	}
	if got := birthOf(t, db.sql, into); got != "" {
		t.Errorf("the erased value's copy is still beside %s: %q", short(into), got)
	}
	if probs, err := db.Check(ctx); err != nil || len(probs) > 0 {
		t.Errorf("vol check after the erasure: %v, %v", probs, err)
	}
}
