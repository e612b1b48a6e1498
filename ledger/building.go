package ledger

import (
	"context"
	"strings"
)

// Building names one building of the compound: its area ("" for most
// compounds) and its building, as an Address holds them.
type Building struct{ Area, Building string }

// ParseBuilding reads a building as ParseAddress reads the building of an
// address: 3, 3号楼, 3栋, 12甲, A座, 一期3号楼. It returns an error wrapping
// ErrBadAddress for anything else.
func ParseBuilding(s string) (Building, error) {
	fail := &addressError{value: verbatim(s), reason: T("bad building"), want: T("a building such as 3, 3号楼, 12甲 or A座")}
	t := foldAddress(s)
	area, t := cutArea(t)
	for _, m := range buildingMarkers {
		if v, found := strings.CutSuffix(t, m); found {
			t = v
			break
		}
	}
	if t == "" {
		return Building{}, fail
	}
	b, ok := buildingValue(t)
	if !ok {
		return Building{}, fail
	}
	return Building{Area: area, Building: b}, nil
}

// Has reports whether the address is in the building (in any area when the
// building names none).
func (b Building) Has(a Address) bool {
	return a.Building == b.Building && (b.Area == "" || a.Area == b.Area)
}

// String prints the building as Address.String prints it: 3号楼, A座, 一期3号楼.
func (b Building) String() string {
	if b.Building != "" && isLatin(rune(b.Building[0])) {
		return b.Area + b.Building + "座"
	}
	return b.Area + b.Building + "号楼"
}

// Numbers is the sequence of numbers in an address, parts in order
// (3号楼2单元501室 and A3座2单元501室 give "3-2-501"; 123弄5号501室 gives
// "123-5-501"). Two households with the same numbers at different
// addresses are likely one flat written two ways, worth a second look.
func (a Address) Numbers() string {
	var parts []string
	for _, s := range []string{a.Area, a.Building, a.Unit, a.Room} {
		num := ""
		for _, r := range s {
			if r >= '0' && r <= '9' {
				num += string(r)
				continue
			}
			if num != "" {
				parts = append(parts, num)
				num = ""
			}
		}
		if num != "" {
			parts = append(parts, num)
		}
	}
	return strings.Join(parts, "-")
}

// SameNumbers finds, for each address given, the registered households at
// another address with the same Numbers: likely the same flat written two
// ways. It reads only the households whose address holds the longest
// number of one of them (every address with the same numbers does), so a
// write costs what it writes, not the register's size; past
// sameNumbersMax numbers, it reads every household once.
func (v View) SameNumbers(ctx context.Context, addrs []Address) (map[Address][]Household, error) {
	want := map[string][]Address{}
	for _, a := range addrs {
		if n := a.Numbers(); n != "" {
			want[n] = append(want[n], a)
		}
	}
	out := map[Address][]Household{}
	if len(want) == 0 {
		return out, nil
	}
	var hs []Household
	var err error
	if len(want) > sameNumbersMax {
		hs, err = v.Households(ctx)
	} else {
		var or []string
		var args []any
		for _, n := range sortedKeys(want) {
			or = append(or, `instr(h.area || '/' || h.building || '/' || h.unit || '/' || h.room, ?) > 0`)
			args = append(args, longestNumber(n))
		}
		hs, err = queryHouseholds(ctx, v.q, `WHERE `+strings.Join(or, " OR ")+` ORDER BY `+addressOrder, args...)
	}
	if err != nil {
		return nil, err
	}
	for _, h := range hs {
		for _, a := range want[h.Address.Numbers()] {
			if h.Address != a {
				out[a] = append(out[a], h)
			}
		}
	}
	return out, nil
}

// sameNumbersMax is how many numbers SameNumbers looks for with a query of
// its own; more (a long list of addresses at once) read every household.
const sameNumbersMax = 100

// longestNumber is the longest of the numbers Numbers joined (the last of
// the longest): a part of an address with these numbers holds it as is.
func longestNumber(numbers string) string {
	best := ""
	for _, n := range strings.Split(numbers, "-") {
		if len(n) >= len(best) {
			best = n
		}
	}
	return best
}

// ParseUnit reads a unit of a building as people write it: 3号楼2单元,
// 3-2, 3栋二单元, 一期3号楼2单元, or a building alone (3号楼, 3) for a
// building without units (unit ""). It returns an error wrapping
// ErrBadAddress for anything else.
func ParseUnit(s string) (b Building, unit string, err error) {
	fail := &addressError{value: verbatim(s), reason: T("bad unit"), want: T("a unit such as 3号楼2单元 or 3-2, or a building without units such as 3号楼")}
	if bad := badRune(s); !bad.IsZero() {
		return Building{}, "", fail
	}
	t := foldAddress(s)
	area, t := cutArea(t)
	bld, rest, ok := cutBuilding(t)
	if !ok { // a building alone, without its marker: 3, 12甲
		if b, err := ParseBuilding(s); err == nil {
			return b, "", nil
		}
		return Building{}, "", fail
	}
	v, ok := buildingValue(bld)
	if !ok {
		return Building{}, "", fail
	}
	b = Building{Area: area, Building: v}
	if rest == "" {
		return b, "", nil
	}
	for _, m := range []string{"单元", "门"} {
		if u, found := strings.CutSuffix(rest, m); found {
			rest = u
			break
		}
	}
	if unit, ok = unitValue(rest); !ok || unit == "" {
		return Building{}, "", fail
	}
	return b, unit, nil
}
