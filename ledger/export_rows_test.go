package ledger

import (
	"context"
	"reflect"
	"testing"
	"time"
)

// TestPeopleByAddress holds the export's streamed people to Register's
// order, with one empty row in the place of each household nobody is in.
func TestPeopleByAddress(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	on := time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)
	for seed := range uint64(3) {
		db := randomLedger(t, seed, 150)
		// a household nobody is listed in
		m := Meta{Who: "tester", Command: "add", At: on}
		if _, err := db.Write(ctx, m, func(tx *Tx) error {
			_, err := tx.AddHousehold(Address{Building: "99", Unit: "1", Room: "101"})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		reg, err := db.Register(ctx, on)
		if err != nil {
			t.Fatal(err)
		}
		listed := map[string]bool{}
		for _, p := range reg.People {
			listed[p.HouseholdID] = true
		}
		var want []Person
		pi := 0
		for _, f := range reg.Households {
			for pi < len(reg.People) && reg.People[pi].HouseholdID == f.ID {
				want = append(want, reg.People[pi])
				pi++
			}
			if !listed[f.ID] {
				want = append(want, Person{PersonFields: PersonFields{HouseholdID: f.ID, Skills: []string{}, Needs: []string{}}, Address: f.Address})
			}
		}
		want = append(want, reg.People[pi:]...)
		got := readPeople(t, db, PeopleQuery{Private: true})
		if len(got) != len(want) {
			t.Fatalf("seed %d: %d rows, want %d", seed, len(got), len(want))
		}
		empty := 0
		for i := range want {
			if want[i].ID == "" {
				empty++
			}
			if !reflect.DeepEqual(got[i], want[i]) {
				t.Fatalf("seed %d row %d:\n got %+v\nwant %+v", seed, i, got[i], want[i])
			}
		}
		if empty == 0 {
			t.Fatalf("seed %d: no empty household in the test", seed)
		}
		// the same rows without the private values, and filtered
		var masked, vols, elders []Person
		for _, p := range want {
			p.Needs, p.Emergency, p.Notes = []string{}, "", ""
			masked = append(masked, p)
			if p.ID != "" && p.Present && p.Volunteer {
				vols = append(vols, p)
			}
			if p.ID != "" && p.Present && reg.IsElder(p) && p.HouseholdID != "" {
				if _, ok := reg.Facts(p.HouseholdID); ok {
					elders = append(elders, p)
				}
			}
		}
		for _, tc := range []struct {
			q    PeopleQuery
			want []Person
		}{{PeopleQuery{}, masked}, {PeopleQuery{Volunteers: true}, vols}, {PeopleQuery{Elders: true, On: on}, elders}} {
			got := readPeople(t, db, tc.q)
			if len(got) != len(tc.want) || len(got) == 0 {
				t.Fatalf("seed %d %+v: %d rows, want %d", seed, tc.q, len(got), len(tc.want))
			}
			for i := range got {
				if !reflect.DeepEqual(got[i], tc.want[i]) {
					t.Fatalf("seed %d %+v row %d:\n got %+v\nwant %+v", seed, tc.q, i, got[i], tc.want[i])
				}
			}
		}

		// RegisterOf: the figures of the households it is given are Register's
		var hids, pids []string
		for i, f := range reg.Households {
			if i%3 == 0 {
				hids = append(hids, f.ID)
			}
		}
		for i, p := range reg.People {
			if i%7 == 0 {
				pids = append(pids, p.ID)
			}
		}
		part, err := db.RegisterOf(ctx, on, hids, pids)
		if err != nil {
			t.Fatal(err)
		}
		if len(part.Households) != len(hids) {
			t.Fatalf("seed %d: RegisterOf has %d households, want %d", seed, len(part.Households), len(hids))
		}
		for _, id := range hids {
			a, _ := reg.Facts(id)
			b, ok := part.Facts(id)
			if !ok || a != b {
				t.Fatalf("seed %d: RegisterOf facts of %s: %+v, want %+v", seed, id, b, a)
			}
		}
		byID := map[string]bool{}
		for _, p := range part.People {
			byID[p.ID] = true
		}
		for _, id := range pids {
			if !byID[id] {
				t.Fatalf("seed %d: RegisterOf lacks person %s", seed, id)
			}
		}
		if empty, err := db.RegisterOf(ctx, on, nil, nil); err != nil || len(empty.People)+len(empty.Households) != 0 {
			t.Fatalf("RegisterOf(nil, nil) = %d people, %d households, %v", len(empty.People), len(empty.Households), err)
		}
	}
}

func readPeople(t *testing.T, db *DB, q PeopleQuery) []Person {
	t.Helper()
	var got []Person
	for p, err := range db.PeopleByAddress(context.Background(), q) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, p)
	}
	return got
}
