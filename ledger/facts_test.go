package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// randomAddress writes an address the way a user might, so ParseAddress
// gives its canonical parts: areas, letter and stem buildings, units or none,
// rooms of different lengths and text rooms.
func randomAddress(r *rand.Rand) string {
	var b strings.Builder
	b.WriteString([]string{"", "", "", "一期", "二期", "12弄", "3弄", "A区", "一期A区"}[r.IntN(9)])
	b.WriteString([]string{"1", "2", "3", "9", "10", "12", "100", "12甲", "3乙", "A", "B2", "二"}[r.IntN(12)])
	b.WriteString("号楼")
	if r.IntN(3) > 0 {
		b.WriteString([]string{"1", "2", "3", "10", "A"}[r.IntN(5)] + "单元")
	}
	b.WriteString([]string{"101", "102", "201", "1101", "501", "5", "0", "0A", "12B", "底楼", "地下室", "A1"}[r.IntN(12)])
	return b.String()
}

// randomBirth gives births around the elder threshold on 2026-11-28 (60),
// year-only and year-month, or none.
func randomBirth(r *rand.Rand) string {
	switch r.IntN(6) {
	case 0:
		return ""
	case 1:
		return fmt.Sprint(1960 + r.IntN(10))
	case 2:
		return fmt.Sprintf("%d-%02d", 1966, 1+r.IntN(12)) // 60 or 59 on 2026-11-28, by month
	}
	return fmt.Sprintf("%d-%02d", 1930+r.IntN(80), 1+r.IntN(12))
}

// randomLedger builds a ledger of up to n households with people of every
// role, presence and age, and pairings, some of them stale.
func randomLedger(t *testing.T, seed uint64, n int) *DB {
	t.Helper()
	ctx := context.Background()
	m := Meta{Who: "tester", Command: "init", At: time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)}
	db, err := Create(ctx, filepath.Join(t.TempDir(), "l.db"), Options{Seed: fmt.Sprint(seed)}, m, "facts", 60)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	r := rand.New(rand.NewPCG(seed, 7))
	m.Command = "fill"
	_, err = db.Write(ctx, m, func(tx *Tx) error {
		var hs, vols []string
		seen := map[Address]bool{}
		for range n {
			a, err := ParseAddress(randomAddress(r))
			if err != nil {
				return err
			}
			if seen[a] {
				continue
			}
			seen[a] = true
			id, err := tx.AddHousehold(a)
			if err != nil {
				return err
			}
			hs = append(hs, id)
		}
		for i := range 3 * len(hs) {
			p := PersonFields{Name: fmt.Sprintf("人%d", i), Birth: randomBirth(r), Role: RoleResident,
				Present: r.IntN(4) > 0, Volunteer: r.IntN(8) == 0, Skills: []string{}, Needs: []string{}}
			switch r.IntN(12) {
			case 0:
				p.Role = RolePropertyStaff
			case 1:
				p.Role = RoleStrandedWorker
			}
			if p.Role != RolePropertyStaff || r.IntN(3) == 0 {
				p.HouseholdID = hs[r.IntN(len(hs))]
			}
			id, err := tx.AddPerson(p)
			if err != nil {
				return err
			}
			if p.Volunteer {
				vols = append(vols, id)
			}
		}
		for i := range len(hs) / 4 {
			// addPairing: a household paired twice, as two copies can leave it.
			if _, err := tx.addPairing(hs[r.IntN(len(hs))], vols[r.IntN(len(vols))], "2026-11-01", "{}"); err != nil {
				return err
			}
			if i%5 == 0 {
				if _, err := tx.addPairing(hs[r.IntN(len(hs))], "gone", "2026-11-01", "{}"); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// unpairedInGo counts what vol pair calls unpaired, from the loaded register.
func unpairedInGo(t *testing.T, db *DB, reg *Register) int {
	ps, err := db.Pairings(context.Background(), true)
	if err != nil {
		t.Fatal(err)
	}
	people := map[string]Person{}
	for _, p := range reg.People {
		people[p.ID] = p
	}
	paired := map[string]bool{}
	for _, p := range ps {
		if v, ok := people[p.Volunteer]; ok && v.Present && v.Volunteer {
			paired[p.ElderHousehold] = true
		}
	}
	n := 0
	for _, f := range reg.Households {
		if f.ElderOnly && !paired[f.ID] {
			n++
		}
	}
	return n
}

// termWidth counts a terminal's columns: 1 for ASCII, 2 for the rest.
func termWidth(s string) int { return 2*utf8.RuneCountInString(s) - countASCII(s) }

func countASCII(s string) int {
	n := 0
	for _, r := range s {
		if r < utf8.RuneSelf {
			n++
		}
	}
	return n
}

// TestFactsInSQL: the figures, the order, the filters, the status and the
// widest address that SQL gives are those of the register loaded into Go,
// on several dates and elder ages.
func TestFactsInSQL(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for seed := range uint64(3) {
		db := randomLedger(t, seed, 150)
		for _, on := range []time.Time{time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC), time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
			time.Date(2030, 6, 15, 0, 0, 0, 0, time.UTC)} {
			reg, err := db.Register(ctx, on)
			if err != nil {
				t.Fatal(err)
			}
			for i := 1; i < len(reg.Households); i++ {
				if a, b := reg.Households[i-1].Address, reg.Households[i].Address; CompareAddress(a, b) >= 0 {
					t.Fatalf("seed %d: %v listed before %v, against CompareAddress", seed, a, b)
				}
			}
			queries := []HouseholdQuery{{}, {Present: true}, {Away: true}, {Building: "3"}, {Building: "A", Area: "一期"}, {Building: "12甲", Present: true}}
			for _, q := range queries {
				var want []HouseholdFacts
				widest := 0
				for _, f := range reg.Households {
					if q.keep(f) {
						want = append(want, f)
						widest = max(widest, termWidth(f.Address.String()))
					}
				}
				var got []HouseholdFacts
				for f, err := range db.HouseholdsOn(ctx, on, q) {
					if err != nil {
						t.Fatal(err)
					}
					got = append(got, f)
				}
				if !slices.Equal(got, want) {
					t.Errorf("seed %d, %s, %+v: HouseholdsOn differs from Register:\n got %v\nwant %v", seed, on.Format("2006-01-02"), q, got, want)
				}
				w, err := db.AddressWidth(ctx, on, q, termWidth)
				if err != nil || w != widest {
					t.Errorf("seed %d, %+v: AddressWidth = %d, %v; want %d", seed, q, w, err, widest)
				}
			}
			checkRoster(t, db, reg)
			checkParts(t, db, reg)
			s, unpaired, err := db.StatusOn(ctx, on, reg.Settings.ElderAge)
			if err != nil {
				t.Fatal(err)
			}
			if want := reg.Status(); s != want {
				t.Errorf("seed %d, %s: StatusOn = %+v, want %+v", seed, on.Format("2006-01-02"), s, want)
			}
			if want := unpairedInGo(t, db, reg); unpaired != want {
				t.Errorf("seed %d, %s: %d unpaired, want %d", seed, on.Format("2006-01-02"), unpaired, want)
			}
		}
		n, err := db.PeopleBound(ctx)
		if err != nil || n < 3*150/2 {
			t.Errorf("PeopleBound = %d, %v; want at least the people listed", n, err)
		}
	}
}

// checkParts: EldersOn has the register's elder-only households with their
// figures, and their people and the present volunteers, in the register's
// order.
func checkParts(t *testing.T, db *DB, reg *Register) {
	t.Helper()
	ctx := context.Background()
	el, err := db.EldersOn(ctx, reg.On)
	if err != nil {
		t.Fatal(err)
	}
	var hs []HouseholdFacts
	var elders []Person
	volunteers := 0
	for _, f := range reg.Households {
		if f.ElderOnly {
			hs = append(hs, f)
		}
	}
	for _, p := range reg.People {
		f, _ := reg.Facts(p.HouseholdID)
		if p.Present && p.Volunteer {
			volunteers++
		}
		if f.ElderOnly || p.Present && p.Volunteer {
			elders = append(elders, p)
		}
	}
	if !slices.Equal(el.Households, hs) {
		t.Errorf("EldersOn households %v, want the register's elder-only %v", el.Households, hs)
	}
	if !reflect.DeepEqual(el.People, elders) {
		t.Errorf("EldersOn lists %d people, want %d: the elder-only households' and the present volunteers", len(el.People), len(elders))
	}
	if len(hs) == 0 || volunteers == 0 {
		t.Errorf("%d elder-only households, %d volunteers: the check checks nothing", len(hs), volunteers)
	}
}

// checkRoster: the roster has the register's households, figures and
// status, and each person's fields a rule can test; Names gives the names
// it leaves out.
func checkRoster(t *testing.T, db *DB, reg *Register) {
	t.Helper()
	ctx := context.Background()
	ro, err := db.Roster(ctx, reg.On)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ro.Households, reg.Households) || ro.Status() != reg.Status() {
		t.Fatalf("roster households differ from the register's")
	}
	type ruleFields struct {
		ID, HouseholdID, Birth string
		Role                   Role
		Present, Volunteer     bool
	}
	slim := func(p Person) ruleFields {
		return ruleFields{p.ID, p.HouseholdID, p.Birth, p.Role, p.Present, p.Volunteer}
	}
	want := map[string]ruleFields{}
	var ids []string
	for i, p := range reg.People {
		want[p.ID] = slim(p)
		if i%3 == 0 {
			ids = append(ids, p.ID)
		}
	}
	if len(ro.People) != len(want) {
		t.Fatalf("roster lists %d people, register %d", len(ro.People), len(want))
	}
	for _, p := range ro.People {
		if (ruleFields{p.ID, p.HouseholdID, p.Birth, p.Role, p.Present, p.Volunteer}) != want[p.ID] {
			t.Fatalf("roster has %+v, register %+v", p, want[p.ID])
		}
		if r, ok := ro.Rank(p.HouseholdID); ok != (p.HouseholdID != "") || ok && ro.Households[r].ID != p.HouseholdID {
			t.Fatalf("Rank(%s) = %d, %v", p.HouseholdID, r, ok)
		}
	}
	names, err := db.Names(ctx, append(ids, "not-a-person", reg.Households[0].ID))
	if err != nil {
		t.Fatal(err)
	}
	if len(names) != len(ids) {
		t.Errorf("Names found %d people, want %d", len(names), len(ids))
	}
	for _, p := range reg.People {
		if n, ok := names[p.ID]; ok && n != p.Name {
			t.Errorf("Names gives %s for %s, want %s", n, p.ID, p.Name)
		}
	}
}

// TestFactsEmpty: a ledger with no households reads as empty and all zero.
func TestFactsEmpty(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	m := Meta{Who: "tester", Command: "init", At: time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)}
	db, err := Create(ctx, filepath.Join(t.TempDir(), "l.db"), Options{Seed: "empty"}, m, "", 60)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for f, err := range db.HouseholdsOn(ctx, m.At, HouseholdQuery{}) {
		t.Errorf("HouseholdsOn yielded %v, %v", f, err)
	}
	if w, err := db.AddressWidth(ctx, m.At, HouseholdQuery{}, termWidth); w != 0 || err != nil {
		t.Errorf("AddressWidth = %d, %v; want 0", w, err)
	}
	if s, u, err := db.StatusOn(ctx, m.At, 60); s != (Status{}) || u != 0 || err != nil {
		t.Errorf("StatusOn = %+v, %d, %v; want zeros", s, u, err)
	}
	if n, err := db.PeopleBound(ctx); n != 0 || err != nil {
		t.Errorf("PeopleBound = %d, %v; want 0", n, err)
	}
}

// TestFactsUseIndexes: the address order and the widest-first order come
// from their indexes (migration 0010), never from sorting the register, and
// the status reads people through people_facts.
func TestFactsUseIndexes(t *testing.T) {
	t.Parallel()
	db := randomLedger(t, 9, 20)
	where, args := HouseholdQuery{}.where()
	for _, order := range []string{addressOrder, widthBound + " DESC"} {
		plan := queryPlan(t, db, `SELECT h.id, h.area, h.building, h.unit, h.room, `+widthBound+`, `+factsCols+`
			FROM households h`+where+` ORDER BY `+order, append(args, onArgs(time.Now(), 60)...)...)
		if strings.Contains(plan, "TEMP B-TREE") || !strings.Contains(plan, "households_") {
			t.Errorf("ORDER BY %.40s… sorts instead of reading an index:\n%s", order, plan)
		}
	}
	if plan := queryPlan(t, db, statusSQL, onArgs(time.Now(), 60)...); !strings.Contains(plan, "COVERING INDEX people_facts") {
		t.Errorf("status does not read people_facts:\n%s", plan)
	}
}

func queryPlan(t *testing.T, db *DB, q string, args ...any) string {
	t.Helper()
	rows, err := db.sql.Query("EXPLAIN QUERY PLAN "+q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var id, parent, notused int
		var detail string
		if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
			t.Fatal(err)
		}
		b.WriteString(detail + "\n")
	}
	return b.String()
}

// TestAgeAgreesWithSQL: Go's Age and the SQL that counts elders (elderSQL)
// read every stored birth alike, those ParseBirth would not give included.
func TestAgeAgreesWithSQL(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// Births ParseBirth gives, and stored forms it would not (from a sync
	// file): a month after a Han character, signs, full-width digits.
	births := []string{"", "x", "196", "1966", "1966-01", "1966-03", "1966-04", "1966-12", "1966-xx", "1966-13", "1966-00", "1966-3", "19660", "abcd-03",
		"1966年04", "1966年4", "1966年04月", "+950", "-950", "+950-04", "1966-+4", "1966-0４", "１９６６-04", "19年04", "1966-04x"}
	for _, on := range []time.Time{time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)} {
		for _, elderAge := range []int{59, 60, 61} {
			for _, birth := range births {
				var got bool
				args := append([]any{sql.Named("b", birth)}, onArgs(on, elderAge)...)
				if err := db.QueryRowContext(ctx, "SELECT "+elderSQL(":b"), args...).Scan(&got); err != nil {
					t.Fatal(err)
				}
				if want := Age(birth, on) >= elderAge; got != want {
					t.Errorf("birth %q on %s, elder age %d: SQL says elder %v, Age %d", birth, on.Format("2006-01-02"), elderAge, got, Age(birth, on))
				}
			}
		}
	}
}
