package ledger

import "strings"

// Building names one building of the compound: its area ("" for most
// compounds) and its building, as an Address holds them.
type Building struct{ Area, Building string }

// ParseBuilding reads a building as ParseAddress reads the building of an
// address: 3, 3号楼, 3栋, 12甲, A座, 一期3号楼. It returns an error wrapping
// ErrBadAddress for anything else.
func ParseBuilding(s string) (Building, error) {
	fail := &addressError{value: s, reason: "bad building", want: "a building such as 3, 3号楼, 12甲 or A座"}
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
