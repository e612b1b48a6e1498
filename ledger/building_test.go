package ledger

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

func TestParseBuilding(t *testing.T) {
	for _, c := range []struct{ in, area, building, shown string }{
		{"3", "", "3", "3号楼"},
		{"3号楼", "", "3", "3号楼"},
		{" 3栋 ", "", "3", "3号楼"},
		{"３號樓", "", "3", "3号楼"},
		{"12甲", "", "12甲", "12甲号楼"},
		{"A座", "", "A", "A座"},
		{"a", "", "A", "A座"},
		{"一期3号楼", "一期", "3", "一期3号楼"},
		{"二", "", "2", "2号楼"},
		{"123弄5号", "123弄", "5", "123弄5号楼"},
	} {
		b, err := ParseBuilding(c.in)
		if err != nil || b.Area != c.area || b.Building != c.building || b.String() != c.shown {
			t.Errorf("ParseBuilding(%q) = %+v %q, %v; want %q %q %q", c.in, b, b.String(), err, c.area, c.building, c.shown)
			continue
		}
		// The address of a room in it is in it: ParseAddress agrees.
		a, err := ParseAddress(c.in + "-501")
		if err != nil || !b.Has(a) {
			t.Errorf("%q: %+v does not hold %+v (%v)", c.in, b, a, err)
		}
	}
	for _, bad := range []string{"", "  ", "3-2", "3号楼2单元", "号楼", "3-2-501"} {
		if b, err := ParseBuilding(bad); !errors.Is(err, ErrBadAddress) {
			t.Errorf("ParseBuilding(%q) = %+v, %v; want ErrBadAddress", bad, b, err)
		}
	}
	b := Building{Building: "3"}
	if !b.Has(Address{Area: "一期", Building: "3", Room: "501"}) || (Building{Area: "二期", Building: "3"}).Has(Address{Area: "一期", Building: "3", Room: "501"}) {
		t.Error("a building with no area is in every area; one with an area only in its own")
	}
}

func TestParseUnit(t *testing.T) {
	for _, c := range []struct{ in, area, building, unit string }{
		{"3号楼2单元", "", "3", "2"},
		{"3-2", "", "3", "2"},
		{"3栋二单元", "", "3", "2"},
		{"３號樓２單元", "", "3", "2"},
		{"3号楼2门", "", "3", "2"},
		{"一期3号楼2单元", "一期", "3", "2"},
		{"A座1单元", "", "A", "1"},
		{"3号楼", "", "3", ""},
		{"3", "", "3", ""},
		{"12甲", "", "12甲", ""},
		{"三号楼", "", "3", ""},
	} {
		b, u, err := ParseUnit(c.in)
		if err != nil || b.Area != c.area || b.Building != c.building || u != c.unit {
			t.Errorf("ParseUnit(%q) = %+v %q, %v; want %q %q %q", c.in, b, u, err, c.area, c.building, c.unit)
			continue
		}
		// A room of the unit is in it: ParseAddress agrees.
		room := "-501"
		if u != "" {
			room = "-" + u + "-501"
		}
		a, err := ParseAddress(b.String() + room)
		if err != nil || !b.Has(a) || a.Unit != u {
			t.Errorf("%q: %+v unit %q does not hold %+v (%v)", c.in, b, u, a, err)
		}
	}
	for _, bad := range []string{"", "  ", "3-2-501", "3号楼2单元501室", "号楼", "3号楼单元", "3号楼2单元x单元", "3-2-"} {
		if b, u, err := ParseUnit(bad); !errors.Is(err, ErrBadAddress) {
			t.Errorf("ParseUnit(%q) = %+v %q, %v; want ErrBadAddress", bad, b, u, err)
		}
	}
}

// TestSameNumbersFindsWhatAFullReadFinds: SameNumbers, which reads only the
// households holding an address's longest number, finds the same
// households, in the same order, as comparing the numbers of every
// household; and so does its read of every household past sameNumbersMax
// addresses.
func TestSameNumbersFindsWhatAFullReadFinds(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	m := Meta{Who: "tester", Command: "init", At: time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)}
	db, err := Create(ctx, filepath.Join(t.TempDir(), "l.db"), Options{Seed: "same"}, m, "same", 60)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// Few numbers, many ways of writing them: many households share them.
	rng := rand.New(rand.NewPCG(7, 7))
	forms := []string{"%d号楼%d单元%d室", "%d-%d-%d", "A%d座%d单元%d室", "一期%d号楼%d单元%d室", "%d弄%d号%d室", "%d号楼%d单元%d0室"}
	var addrs []Address
	seen := map[Address]bool{}
	for range 1000 {
		s := fmt.Sprintf(forms[rng.IntN(len(forms))], 1+rng.IntN(3), 1+rng.IntN(2), 100+rng.IntN(5))
		a, err := ParseAddress(s)
		if err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		if !seen[a] {
			seen[a] = true
			addrs = append(addrs, a)
		}
	}
	m.Command = "household add"
	if _, err := db.Write(ctx, m, func(tx *Tx) error {
		for _, a := range addrs[:len(addrs)*2/3] {
			if _, err := tx.AddHousehold(a); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	hs, err := db.Households(ctx)
	if err != nil {
		t.Fatal(err)
	}
	full := func(as []Address) map[Address][]Household {
		out := map[Address][]Household{}
		for _, h := range hs {
			for _, a := range as {
				if n := a.Numbers(); n != "" && h.Address.Numbers() == n && h.Address != a {
					out[a] = append(out[a], h)
				}
			}
		}
		return out
	}
	found := 0
	for i := 0; i < len(addrs); i += 3 {
		as := addrs[i:min(i+3, len(addrs))]
		got, err := db.SameNumbers(ctx, as)
		if err != nil {
			t.Fatal(err)
		}
		if want := full(as); !reflect.DeepEqual(got, want) {
			t.Fatalf("%v:\ngot  %v\nwant %v", as, got, want)
		}
		found += len(got)
	}
	if found == 0 {
		t.Fatal("no address had another with its numbers: the test tests nothing")
	}
	many := append(append([]Address(nil), addrs...), addrs...)
	if len(many) <= sameNumbersMax {
		t.Fatalf("%d addresses, want more than %d", len(many), sameNumbersMax)
	}
	got, err := db.SameNumbers(ctx, many)
	if err != nil {
		t.Fatal(err)
	}
	if want := full(many); !reflect.DeepEqual(got, want) {
		t.Fatalf("past sameNumbersMax:\ngot  %v\nwant %v", got, want)
	}
}
