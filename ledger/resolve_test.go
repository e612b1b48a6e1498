package ledger

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// resolveLedger lists people for the PERSON tests and returns their IDs by
// a short name of the test's own.
func resolveLedger(t *testing.T) (*DB, map[string]string) {
	t.Helper()
	ctx := context.Background()
	db, m := newTestLedger(t, filepath.Join(t.TempDir(), "ledger.db")) // household 1-101
	ids := map[string]string{}
	m.Command = "person add"
	if _, err := db.Write(ctx, m, func(tx *Tx) error {
		h1, err := tx.HouseholdAt(Address{Building: "1", Room: "101"})
		if err != nil {
			return err
		}
		h2, err := tx.AddHousehold(Address{Building: "3", Unit: "2", Room: "501"})
		if err != nil {
			return err
		}
		h3, err := tx.AddHousehold(Address{Building: "3", Unit: "2", Room: "502"})
		if err != nil {
			return err
		}
		for _, p := range []struct {
			key, name, hid, phone string
		}{
			{"yang1", "杨强平", h2, "13912341234"},
			{"yang2", "杨强平", h1, "13800005678"},
			{"wang", "王秀英", h2, "13911112222"},
			{"li", "李敏", h3, "13833334444"},
			{"zhang", "张华", h3, ""},
			{"anna", "Anna Lee", h1, "02155556666"},
		} {
			id, err := tx.AddPerson(PersonFields{HouseholdID: p.hid, Name: p.name, Phone: p.phone, Role: RoleResident, Present: true})
			if err != nil {
				return err
			}
			ids[p.key] = id
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return db, ids
}

// TestPersonKinds: each kind of PERSON argument finds its person, in the
// order the README states.
func TestPersonKinds(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, ids := resolveLedger(t)
	for _, tt := range []struct{ ref, want string }{
		{ids["wang"], "wang"},                          // a whole ID
		{strings.ToUpper(ids["wang"]), "wang"},         // in capitals
		{ids["li"][len(ids["li"])-8:], "li"},           // what tables show
		{"王秀英", "wang"},                                // a unique name
		{" 王秀英 ", "wang"},                              // spaces around it
		{"杨强平@3-2-501", "yang1"},                       // a shared name at one address
		{"杨强平＠3号楼2单元501室", "yang1"},                    // full-width @, another address form
		{"杨强平@1-101", "yang2"},                         //
		{"张華", "zhang"},                                // traditional folded
		{"anna lee", "anna"},                           // case and spaces
		{"ＡＮＮＡＬＥＥ", "anna"},                            // full width
		{"139-1111-2222", "wang"},                      // a whole phone, as written
		{"+86 138 3333 4444", "li"},                    //
		{"02155556666", "anna"},                        // a landline
		{"2222", "wang"},                               // a phone's last four digits
		{"１２３４", "yang1"},                              // full-width digits
		{"Anna Lee@1号楼101室", "anna"},                   //
		{ids["yang2"][len(ids["yang2"])-12:], "yang2"}, // a longer part of an ID
	} {
		p, err := db.Person(ctx, tt.ref)
		if err != nil {
			t.Errorf("Person(%q): %v", tt.ref, err)
			continue
		}
		if p.ID != ids[tt.want] {
			t.Errorf("Person(%q) = %s (%s), want %s", tt.ref, p.ID, p.Name, tt.want)
		}
	}
}

// TestPersonAmbiguous: an argument that names several people lists them
// all, with masked names, and repeats the argument as typed.
func TestPersonAmbiguous(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, ids := resolveLedger(t)
	_, err := db.Person(ctx, "杨强平")
	var pe *PersonError
	if !errors.As(err, &pe) || !errors.Is(err, ErrAmbiguous) {
		t.Fatalf("Person(杨强平) = %v, want a *PersonError wrapping ErrAmbiguous", err)
	}
	var got []string
	for _, p := range pe.Candidates {
		got = append(got, p.ID)
	}
	// address order: 1号楼101室 before 3号楼2单元501室
	if want := []string{ids["yang2"], ids["yang1"]}; !slices.Equal(got, want) {
		t.Errorf("candidates %v, want %v", got, want)
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, "person (杨强平): matches more than one") || strings.Count(msg, "杨**@") != 2 || strings.Count(msg, "杨强平") != 1 {
		t.Errorf("error %q: want the query once as typed and both people masked", msg)
	}
}

// TestPersonKindsClash: four digits that are the end of one person's phone
// and part of another's ID name both of them; the resolver never picks one.
func TestPersonKindsClash(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, ids := resolveLedger(t)
	// four decimal digits in a row in someone's ID (IDs are deterministic
	// here: the test ledger has a seed)
	var part, owner string
	for _, key := range []string{"wang", "li", "zhang", "anna", "yang1", "yang2"} {
		id := ids[key]
		for i := 0; i+4 <= len(id) && part == ""; i++ {
			if isLastFour(id[i : i+4]) {
				part, owner = id[i:i+4], key
			}
		}
	}
	if part == "" {
		t.Fatal("no ID of the test ledger has four decimal digits in a row; change the people")
	}
	other := "li"
	if owner == "li" {
		other = "wang"
	}
	phone := "1391234" + part
	m := Meta{Who: "tester", Command: "person set", At: time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)}
	if _, err := db.Write(ctx, m, func(tx *Tx) error { return tx.SetPerson(ids[other], PersonChange{Phone: &phone}) }); err != nil {
		t.Fatal(err)
	}
	_, err := db.Person(ctx, part)
	var pe *PersonError
	if !errors.As(err, &pe) || !errors.Is(err, ErrAmbiguous) {
		t.Fatalf("Person(%s) = %v, want ErrAmbiguous (the end of %s's phone, part of %s's ID)", part, err, other, owner)
	}
	var got []string
	for _, p := range pe.Candidates {
		got = append(got, p.ID)
	}
	if !slices.Contains(got, ids[owner]) || !slices.Contains(got, ids[other]) {
		t.Errorf("candidates %v, want %s and %s among them", got, ids[owner], ids[other])
	}
}

// TestPersonUnknown: an unknown name suggests the closest names, masked;
// an unknown ID part or number suggests nothing; none hides the query.
func TestPersonUnknown(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, ids := resolveLedger(t)
	for _, tt := range []struct {
		ref  string
		near []string
	}{
		{"杨强萍", []string{ids["yang2"], ids["yang1"]}},
		{"杨强萍@3-2-501", []string{ids["yang2"], ids["yang1"]}},
		{"王秀英@9-9-909", []string{ids["wang"]}},
		{"Ana Lee", []string{ids["anna"]}},
		{"欧阳娜娜", nil},
		{"ffff0000", nil},
		{"13900000000", nil},
		{"0000", nil},
	} {
		_, err := db.Person(ctx, tt.ref)
		var pe *PersonError
		if !errors.As(err, &pe) || !errors.Is(err, ErrNotFound) {
			t.Errorf("Person(%q) = %v, want a *PersonError wrapping ErrNotFound", tt.ref, err)
			continue
		}
		var got []string
		for _, p := range pe.Near {
			got = append(got, p.ID)
		}
		if !slices.Equal(got, tt.near) {
			t.Errorf("Person(%q): near %v, want %v", tt.ref, got, tt.near)
		}
		msg := err.Error()
		if !strings.HasPrefix(msg, "person ("+tt.ref+"): not found") {
			t.Errorf("Person(%q): error %q does not start with the query as typed", tt.ref, msg)
		}
		for _, p := range pe.Near {
			if strings.Contains(strings.Replace(msg, tt.ref, "", 1), p.Name) {
				t.Errorf("Person(%q): error %q shows %s's name in full", tt.ref, msg, Label(p.Name, p.Address))
			}
		}
	}
}

// TestTargetKinds: an address, a household's ID part and a person are all
// targets; a part that is both a household's and a person's is listed.
func TestTargetKinds(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, ids := resolveLedger(t)
	h, err := db.Household(ctx, "3-2-501")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ ref, household, person string }{
		{"3-2-501", h.ID, ""},
		{"3号楼2单元501室", h.ID, ""},
		{h.ID, h.ID, ""},
		{h.ID[len(h.ID)-8:], h.ID, ""},
		{"王秀英", h.ID, ids["wang"]},
		{"2222", h.ID, ids["wang"]},
		{ids["wang"], h.ID, ids["wang"]},
	} {
		got, err := db.Target(ctx, tt.ref)
		if err != nil {
			t.Errorf("Target(%q): %v", tt.ref, err)
			continue
		}
		pid := ""
		if got.Person != nil {
			pid = got.Person.ID
		}
		if got.HouseholdID != tt.household || pid != tt.person {
			t.Errorf("Target(%q) = household %s person %s, want %s %s", tt.ref, got.HouseholdID, pid, tt.household, tt.person)
		}
	}
	if _, err := db.Target(ctx, "9-9-909"); err == nil || !strings.HasPrefix(err.Error(), "household (9-9-909): not found") {
		t.Errorf("Target(9-9-909) = %v, want the household's not found", err)
	}
	// the first characters every ID of one command shares name households
	// and people alike
	_, err = db.Target(ctx, h.ID[:8])
	var pe *PersonError
	if !errors.As(err, &pe) || !errors.Is(err, ErrAmbiguous) || len(pe.Households) == 0 || len(pe.Candidates) == 0 {
		t.Errorf("Target(%s) = %v, want households and people listed", h.ID[:8], err)
	}
}

func TestFoldName(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"杨强平":       "杨强平",
		"張華":        "張华", // only characters whose simplification is unambiguous fold
		"Anna  Lee": "annalee",
		"ＡＮＮＡ":      "anna",
		"阿卜杜·热合曼":   "阿卜杜热合曼",
	} {
		if got := FoldName(in); got != want {
			t.Errorf("FoldName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestEditDistance(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		a, b        string
		limit, want int
	}{
		{"杨强平", "杨强萍", 1, 1},
		{"杨强平", "杨强平", 1, 0},
		{"杨强平", "王秀英", 1, 2}, // past the limit: limit+1
		{"anna", "ana", 1, 1},
		{"", "ab", 3, 2},
	} {
		if got := editDistance(tt.a, tt.b, tt.limit); got != tt.want {
			t.Errorf("editDistance(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.limit, got, tt.want)
		}
	}
}
