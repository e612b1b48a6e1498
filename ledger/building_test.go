package ledger

import (
	"errors"
	"testing"
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
