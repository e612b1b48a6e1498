package ledger

import (
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

var addressTests = []struct {
	in   string
	want Address
}{
	// Every way of writing building 3, unit 2, room 501.
	{"3号楼2单元501室", Address{Building: "3", Unit: "2", Room: "501"}},
	{"3-2-501", Address{Building: "3", Unit: "2", Room: "501"}},
	{"3幢2单元501", Address{Building: "3", Unit: "2", Room: "501"}},
	{"3棟2單元501室", Address{Building: "3", Unit: "2", Room: "501"}},
	{"3號樓2單元501室", Address{Building: "3", Unit: "2", Room: "501"}},
	{"3栋2单元501室", Address{Building: "3", Unit: "2", Room: "501"}},
	{"3号2单元501室", Address{Building: "3", Unit: "2", Room: "501"}},
	{"3楼2单元501室", Address{Building: "3", Unit: "2", Room: "501"}},
	{"３号楼２单元５０１室", Address{Building: "3", Unit: "2", Room: "501"}},
	{"3－2－501", Address{Building: "3", Unit: "2", Room: "501"}},
	{"3—2–501", Address{Building: "3", Unit: "2", Room: "501"}},
	{" 3号楼 2单元 501室 ", Address{Building: "3", Unit: "2", Room: "501"}},
	{"\u30003号楼\u30002单元\u3000501室", Address{Building: "3", Unit: "2", Room: "501"}},
	{"3 - 2 - 501", Address{Building: "3", Unit: "2", Room: "501"}},
	{"3 2 501", Address{Building: "3", Unit: "2", Room: "501"}},
	{"3#2-501", Address{Building: "3", Unit: "2", Room: "501"}},
	{"3号楼-2单元-501室", Address{Building: "3", Unit: "2", Room: "501"}},
	{"3号楼二单元501室", Address{Building: "3", Unit: "2", Room: "501"}},
	{"三号楼二单元501室", Address{Building: "3", Unit: "2", Room: "501"}},
	{"03-02-0501", Address{Building: "3", Unit: "2", Room: "501"}},
	{"3号楼2单元501号", Address{Building: "3", Unit: "2", Room: "501"}},
	// No unit.
	{"3-501", Address{Building: "3", Room: "501"}},
	{"3号楼501室", Address{Building: "3", Room: "501"}},
	{"3号楼501", Address{Building: "3", Room: "501"}},
	// Areas.
	{"123弄5号501室", Address{Area: "123弄", Building: "5", Room: "501"}},
	{"123弄5-501", Address{Area: "123弄", Building: "5", Room: "501"}},
	{"0123弄5号楼501室", Address{Area: "123弄", Building: "5", Room: "501"}},
	{"一期3号楼2单元501室", Address{Area: "一期", Building: "3", Unit: "2", Room: "501"}},
	{"一期 3-2-501", Address{Area: "一期", Building: "3", Unit: "2", Room: "501"}},
	{"A区3-2-501", Address{Area: "A区", Building: "3", Unit: "2", Room: "501"}},
	{"a區3-2-501", Address{Area: "A区", Building: "3", Unit: "2", Room: "501"}},
	{"一期A区3号楼501室", Address{Area: "一期A区", Building: "3", Room: "501"}},
	// Unit numerals.
	{"3号楼一单元501室", Address{Building: "3", Unit: "1", Room: "501"}},
	{"3号楼十单元501室", Address{Building: "3", Unit: "10", Room: "501"}},
	{"3号楼十二单元501室", Address{Building: "3", Unit: "12", Room: "501"}},
	{"3号楼二十单元501室", Address{Building: "3", Unit: "20", Room: "501"}},
	{"3号楼九十九单元501室", Address{Building: "3", Unit: "99", Room: "501"}},
	// Building and room text.
	{"12甲号楼501室", Address{Building: "12甲", Room: "501"}},
	{"12甲-2-501", Address{Building: "12甲", Unit: "2", Room: "501"}},
	{"A座2单元501室", Address{Building: "A", Unit: "2", Room: "501"}},
	{"a座501", Address{Building: "A", Room: "501"}},
	{"A-2-501", Address{Building: "A", Unit: "2", Room: "501"}},
	{"3a号楼501室", Address{Building: "3A", Room: "501"}},
	{"3号楼a单元501b室", Address{Building: "3", Unit: "A", Room: "501B"}},
	{"3号楼底楼", Address{Building: "3", Room: "底楼"}},
	{"3号楼2单元底楼", Address{Building: "3", Unit: "2", Room: "底楼"}},
	{"3-地下室", Address{Building: "3", Room: "地下室"}},
	{"3号楼0", Address{Building: "3", Room: "0"}},
}

func TestParseAddress(t *testing.T) {
	t.Parallel()
	for _, tt := range addressTests {
		got, err := ParseAddress(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseAddress(%q) = %#v, %v; want %#v, nil", tt.in, got, err, tt.want)
		}
	}
}

func TestParseAddressErrors(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ in, reason string }{
		{"", "empty"},
		{"   ", "empty"},
		{"abc", "missing building"},
		{"楼", "missing building"},
		{"3501", "missing building"},
		{"2单元501室", "missing building"},
		{"一期", "missing building"},
		{"-2-501", "missing building"},
		{"3--5", "bad unit"},
		{"3号楼单元501", "bad unit"},
		{"3-二十一十-501", "bad unit"},
		{"3号楼2单元", "missing room"},
		{"3号楼", "missing room"},
		{"3-", "missing room"},
		{"3-2-", "missing room"},
		{"3号楼室", "missing room"},
		{"3-2-5-01", "bad room"},
		{"3号楼2单元501室室", "bad room"},
		{"3号楼2单元3单元501", "bad room"},
		{"3号楼5号楼501", "bad room"},
		{"3-2-501!", "bad room"},
		{"十1号楼501室", "bad building"},
	} {
		got, err := ParseAddress(tt.in)
		if err == nil {
			t.Errorf("ParseAddress(%q) = %#v, nil; want error", tt.in, got)
			continue
		}
		if !errors.Is(err, ErrBadAddress) {
			t.Errorf("ParseAddress(%q) error %v does not wrap ErrBadAddress", tt.in, err)
		}
		want := `address "` + tt.in + `": ` + tt.reason + "; want forms like 3号楼2单元501室, 3-2-501, 3-501, 123弄5号501室"
		if err.Error() != want {
			t.Errorf("ParseAddress(%q) error\n got %s\nwant %s", tt.in, err, want)
		}
	}
}

func TestNewAddress(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		area, building, unit, room string
		want                       Address
	}{
		{"", "3", "2", "501", Address{Building: "3", Unit: "2", Room: "501"}},
		{"", "3号楼", "2单元", "501室", Address{Building: "3", Unit: "2", Room: "501"}},
		{"", "3幢", "二单元", "0501", Address{Building: "3", Unit: "2", Room: "501"}},
		{"", "3棟", "2單元", "501", Address{Building: "3", Unit: "2", Room: "501"}},
		{"", " ３号楼 ", "", "501室", Address{Building: "3", Room: "501"}},
		{"123弄", "5号", "", "501", Address{Area: "123弄", Building: "5", Room: "501"}},
		{"一期", "A座", "1", "底楼", Address{Area: "一期", Building: "A", Unit: "1", Room: "底楼"}},
		{"", "12甲", "", "101", Address{Building: "12甲", Room: "101"}},
	} {
		got, err := NewAddress(tt.area, tt.building, tt.unit, tt.room)
		if err != nil || got != tt.want {
			t.Errorf("NewAddress(%q, %q, %q, %q) = %#v, %v; want %#v, nil",
				tt.area, tt.building, tt.unit, tt.room, got, err, tt.want)
			continue
		}
		if back, err := ParseAddress(got.String()); err != nil || back != got {
			t.Errorf("ParseAddress(%q) = %#v, %v; want %#v", got.String(), back, err, got)
		}
	}
}

func TestNewAddressErrors(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ area, building, unit, room, reason string }{
		{"", "", "", "", "missing building"},
		{"", "号楼", "2", "501", "missing building"},
		{"", "3", "2", "", "missing room"},
		{"", "3", "2", "室", "missing room"},
		{"东", "3", "2", "501", "bad area"},
		{"一期3", "3", "2", "501", "bad area"},
		{"", "3-2", "", "501", "bad building"},
		{"", "3", "单元", "501", "bad unit"},
		{"", "3", "2-", "501", "bad unit"},
		{"", "3", "2", "5-01", "bad room"},
	} {
		got, err := NewAddress(tt.area, tt.building, tt.unit, tt.room)
		if err == nil {
			t.Errorf("NewAddress(%q, %q, %q, %q) = %#v, nil; want error", tt.area, tt.building, tt.unit, tt.room, got)
			continue
		}
		if !errors.Is(err, ErrBadAddress) {
			t.Errorf("NewAddress error %v does not wrap ErrBadAddress", err)
		}
		if !strings.Contains(err.Error(), `"`+tt.building+`"`) || !strings.Contains(err.Error(), ": "+tt.reason+"; want parts like ") {
			t.Errorf("NewAddress(%q, %q, %q, %q) error %q; want the parts and reason %q",
				tt.area, tt.building, tt.unit, tt.room, err, tt.reason)
		}
	}
}

func TestAddressString(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		a    Address
		want string
	}{
		{Address{Building: "3", Unit: "2", Room: "501"}, "3号楼2单元501室"},
		{Address{Building: "3", Room: "501"}, "3号楼501室"},
		{Address{Area: "123弄", Building: "5", Room: "501"}, "123弄5号楼501室"},
		{Address{Area: "一期", Building: "3", Unit: "2", Room: "501"}, "一期3号楼2单元501室"},
		{Address{Building: "3", Room: "底楼"}, "3号楼底楼"},
		{Address{Building: "3", Room: "地下室"}, "3号楼地下室"},
		{Address{Building: "A", Unit: "2", Room: "501"}, "A座2单元501室"},
		{Address{Building: "B2", Room: "501A"}, "B2座501A室"},
		{Address{Building: "12甲", Room: "101"}, "12甲号楼101室"},
		{Address{Building: "3A", Room: "101"}, "3A号楼101室"},
		{Address{}, ""},
	} {
		if got := tt.a.String(); got != tt.want {
			t.Errorf("%#v.String() = %q; want %q", tt.a, got, tt.want)
		}
	}
}

func TestAddressStringRoundTrip(t *testing.T) {
	t.Parallel()
	for _, tt := range addressTests {
		s := tt.want.String()
		if got, err := ParseAddress(s); err != nil || got != tt.want {
			t.Errorf("ParseAddress(%q) = %#v, %v; want %#v", s, got, err, tt.want)
		}
	}
}

func TestAddressIsZero(t *testing.T) {
	t.Parallel()
	if got := (Address{}).IsZero(); !got {
		t.Errorf("Address{}.IsZero() = %v; want true", got)
	}
	if got := (Address{Room: "1"}).IsZero(); got {
		t.Errorf("Address{Room: 1}.IsZero() = %v; want false", got)
	}
}

func TestCompareAddress(t *testing.T) {
	t.Parallel()
	// In order; each is parsed, so the list also shows what sorts where.
	sorted := []string{
		"2-101", "3-101", "3-102", "3-1101", "3-底楼",
		"3-1-101", "3-2-101", "3-12-101", "3-A-101",
		"3A-101", "12-101", "12甲-101", "A-101", "B-101", "甲-101",
		"2弄1-101", "12弄1-101", "一期1-101", "二期1-101",
	}
	for i, s := range sorted {
		a, err := ParseAddress(s)
		if err != nil {
			t.Fatal(err)
		}
		for j, t2 := range sorted {
			b, _ := ParseAddress(t2)
			if got, want := CompareAddress(a, b), compareInt(i, j); got != want {
				t.Errorf("CompareAddress(%q, %q) = %d; want %d", s, t2, got, want)
			}
		}
	}
}

func compareInt(i, j int) int {
	switch {
	case i < j:
		return -1
	case i > j:
		return 1
	}
	return 0
}

// TestCompareAddressOrder checks over random addresses, canonical or not, that
// CompareAddress is antisymmetric, transitive and 0 only for equal addresses.
func TestCompareAddressOrder(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	part := func() string {
		const alphabet = "0123A甲"
		rs := []rune(alphabet)
		var b strings.Builder
		for range r.IntN(4) {
			b.WriteRune(rs[r.IntN(len(rs))])
		}
		return b.String()
	}
	addrs := make([]Address, 300)
	for i := range addrs {
		addrs[i] = Address{part(), part(), part(), part()}
		if i > 0 && r.IntN(4) == 0 { // share a prefix with another address
			addrs[i].Area = addrs[r.IntN(i)].Area
		}
	}
	for _, a := range addrs {
		for _, b := range addrs {
			ab, ba := CompareAddress(a, b), CompareAddress(b, a)
			if ab != -ba || (ab == 0) != (a == b) || ab < -1 || ab > 1 {
				t.Fatalf("CompareAddress(%#v, %#v) = %d, reversed %d", a, b, ab, ba)
			}
		}
	}
	slices.SortFunc(addrs, CompareAddress)
	for i := range addrs {
		for j := i + 1; j < len(addrs); j++ {
			if CompareAddress(addrs[i], addrs[j]) > 0 {
				t.Fatalf("not transitive: sorted %#v before %#v", addrs[i], addrs[j])
			}
		}
	}
	for range 100000 {
		a, b, c := addrs[r.IntN(len(addrs))], addrs[r.IntN(len(addrs))], addrs[r.IntN(len(addrs))]
		if CompareAddress(a, b) <= 0 && CompareAddress(b, c) <= 0 && CompareAddress(a, c) > 0 {
			t.Fatalf("not transitive: %#v <= %#v <= %#v but not %#v <= %#v", a, b, c, a, c)
		}
	}
}

func TestAddressNormalizeText(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ in, want string }{
		{"", ""},
		{"  a  b\t\nc ", "a b c"},
		{"\u3000张三\u3000\u3000李四\u3000", "张三 李四"},
		{"ＡＢＣ１２３", "ABC123"},
		{"3－2－501", "3-2-501"},
	} {
		if got := NormalizeText(tt.in); got != tt.want {
			t.Errorf("NormalizeText(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzParseAddress(f *testing.F) {
	for _, tt := range addressTests {
		f.Add(tt.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ParseAddress(s)
		if err != nil {
			if !errors.Is(err, ErrBadAddress) {
				t.Fatalf("ParseAddress(%q) error %v does not wrap ErrBadAddress", s, err)
			}
			return
		}
		if a.Building == "" || a.Room == "" {
			t.Fatalf("ParseAddress(%q) = %#v with no building or room", s, a)
		}
		back, err := ParseAddress(a.String())
		if err != nil || back != a {
			t.Fatalf("ParseAddress(%q) = %#v, printed %q, read back as %#v, %v", s, a, a.String(), back, err)
		}
		if n, err := NewAddress(a.Area, a.Building, a.Unit, a.Room); err != nil || n != a {
			t.Fatalf("NewAddress(parts of %#v) = %#v, %v", a, n, err)
		}
	})
}

// TestUnitAsMen: 门 is a unit in northern compounds, and 3/2/501 is
// 3-2-501 (issue 15, item 3); a room such as 门卫室 keeps its text.
func TestUnitAsMen(t *testing.T) {
	want, err := ParseAddress("3号楼2单元501室")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"3号楼2门501", "3栋2门501室", "3/2/501", "３／２／５０１", "3号楼二门501"} {
		if got, err := ParseAddress(s); err != nil || got != want {
			t.Errorf("ParseAddress(%q) = %+v, %v; want %+v", s, got, err, want)
		}
	}
	if got, err := ParseAddress("3号楼门卫室"); err != nil || got.Unit != "" || got.Room != "门卫室" {
		t.Errorf("ParseAddress(3号楼门卫室) = %+v, %v; want the room 门卫室, no unit", got, err)
	}
	for _, c := range []struct{ a, b string }{{"A3座2单元501室", "3-2-501"}, {"123弄5号501室", "123-5-501"}} {
		x, _ := ParseAddress(c.a)
		y, _ := ParseAddress(c.b)
		if x.Numbers() != y.Numbers() {
			t.Errorf("%s and %s: numbers %q and %q, want the same", c.a, c.b, x.Numbers(), y.Numbers())
		}
	}
}
