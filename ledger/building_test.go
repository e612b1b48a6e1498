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
