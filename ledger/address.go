package ledger

import (
	"cmp"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Address is a household's key: an optional area (a phase or lane: 一期,
// 123弄, A区), a building (text: 3, 12甲, A), an optional unit, and a room
// (text: 501, 底楼).
//
// ParseAddress and NewAddress return the canonical key, so two addresses name
// the same household exactly when they are ==:
//   - Building, Unit and Room hold no markers (号楼, 栋, 单元, 室, ...); Area
//     keeps its own (一期, 123弄, A区), since 一期 and 一弄 are not the same.
//   - Latin letters are upper case (3a is 3A).
//   - Leading zeros of the leading run of digits are dropped (0501 is 501).
//   - A building or unit written as a Chinese numeral from 一 to 九十九 is
//     stored in digits (二单元 is Unit "2"); other text is kept as written.
//
// The building marker is not part of the key: 3号楼, 3号, 3楼, 3栋, 3幢, 3座
// and 3# all give Building "3", and A座 gives Building "A". String prints a
// building that starts with a Latin letter with 座 (A座, B2座) and any other
// with 号楼 (3号楼, 12甲号楼).
type Address struct{ Area, Building, Unit, Room string }

// ErrBadAddress is wrapped by every error that ParseAddress and NewAddress
// return; test for it with errors.Is.
var ErrBadAddress = Errorf("bad address")

// addressError tells which value was rejected, why, and what is accepted.
type addressError struct{ value, reason, want Text }

func (e *addressError) Error() string { return e.text().String() }

// Message says what is wrong, for a translator.
func (e *addressError) Message() (format string, args []any) { return e.text().Message() }

func (e *addressError) text() Text {
	return T("address %s: %s; want %s", e.value, e.reason, e.want)
}

func (e *addressError) Unwrap() error { return ErrBadAddress }

var (
	wantAddress = T("forms like 3号楼2单元501室, 3-2-501, 3-501, 123弄5号501室")
	wantParts   = T("parts like 一期 (or empty), 3号楼, 2单元 (or empty), 501室")
)

const (
	stems    = "甲乙丙丁戊己庚辛壬癸" // may follow or stand for a building number: 12甲
	numerals = "一二三四五六七八九"
	reserved = "号楼栋幢座单室" // never part of an area's name
)

var (
	areaMarkers     = []string{"期", "弄", "区"}
	buildingMarkers = []string{"号楼", "号", "楼", "栋", "幢", "座", "#"} // longest first
	roomMarkers     = []string{"室", "号"}
	// notInRoom are markers of the other parts, so a room holding one is garbage.
	notInRoom = []string{"号", "栋", "幢", "座", "单元", "期", "弄"}
	// simplified folds the traditional forms of the marker characters.
	simplified = strings.NewReplacer("號", "号", "樓", "楼", "棟", "栋", "單", "单", "區", "区")
)

// NormalizeText returns s in Unicode NFKC form (so full-width digits,
// letters and punctuation become ASCII), with ideographic spaces turned into
// spaces, leading and trailing whitespace trimmed and each inner run of
// whitespace collapsed to one space.
func NormalizeText(s string) string {
	s = norm.NFKC.String(strings.ReplaceAll(s, "\u3000", " "))
	return strings.Join(strings.Fields(s), " ")
}

// ParseAddress reads one free-text address, such as 3号楼2单元501室, 3-2-501,
// 3栋2單元501, 3-501, 123弄5号501室, 一期 3-2-501, A座二单元501室 or 3号楼底楼.
//
// The address is an optional area (one or more of 一期, 123弄, A区), a
// building ended by a marker (号楼, 号, 楼, 栋, 幢, 座, #) or by "-", an
// optional unit ended by 单元 or "-", and a room with an optional 室 or 号.
// Full-width characters, traditional markers (號樓棟單) and any dash
// (－, –, —, ...) are accepted. Spaces are ignored, except that a space
// between two letters or digits separates parts like "-" (3 2 501).
//
// The error wraps ErrBadAddress and names s and the accepted forms.
func ParseAddress(s string) (Address, error) {
	fail := func(reason Text) (Address, error) {
		return Address{}, &addressError{verbatim(strconv.Quote(s)), reason, wantAddress}
	}
	if bad := badRune(s); !bad.IsZero() {
		return fail(bad)
	}
	t := foldAddress(s)
	if t == "" {
		return fail(T("empty"))
	}
	var a Address
	a.Area, t = cutArea(t)
	b, rest, ok := cutBuilding(t)
	if !ok {
		return fail(T("missing building"))
	}
	if a.Building, ok = buildingValue(b); !ok {
		return fail(T("bad building"))
	}
	unit, room, hasUnit := cutUnit(rest)
	if hasUnit {
		if a.Unit, ok = unitValue(unit); !ok {
			return fail(T("bad unit"))
		}
	}
	if a.Room, ok = roomValue(room); !ok {
		if a.Room == "" {
			return fail(T("missing room"))
		}
		return fail(T("bad room"))
	}
	return a, nil
}

// NewAddress builds an address from separate spreadsheet columns: area
// (一期, 123弄, A区 or empty), building (楼号: 3, 3号楼, 3幢, A座), unit
// (单元: 2, 2单元, 二单元 or empty) and room (室号: 501, 501室, 底楼). Each part
// is read as ParseAddress reads it and may carry its marker. An area must end
// in 期, 弄 or 区, so that it reads back from String.
//
// The error wraps ErrBadAddress and names the parts and the accepted forms.
func NewAddress(area, building, unit, room string) (Address, error) {
	fail := func(reason Text) (Address, error) {
		v := T("parts %q, %q, %q, %q", area, building, unit, room)
		return Address{}, &addressError{v, reason, wantParts}
	}
	if bad := badRune(area + building + unit + room); !bad.IsZero() {
		return fail(bad)
	}
	var a Address
	var ok bool
	if t := foldAddress(area); t != "" {
		var rest string
		if a.Area, rest = cutArea(t); a.Area == "" || rest != "" {
			return fail(T("bad area"))
		}
	}
	b := foldAddress(building)
	for _, m := range buildingMarkers {
		if v, found := strings.CutSuffix(b, m); found {
			b = v
			break
		}
	}
	if b == "" {
		return fail(T("missing building"))
	}
	if a.Building, ok = buildingValue(b); !ok {
		return fail(T("bad building"))
	}
	if u := foldAddress(unit); u != "" {
		if a.Unit, ok = unitValue(strings.TrimSuffix(u, "单元")); !ok {
			return fail(T("bad unit"))
		}
	}
	if a.Room, ok = roomValue(foldAddress(room)); !ok {
		if a.Room == "" {
			return fail(T("missing room"))
		}
		return fail(T("bad room"))
	}
	return a, nil
}

// String returns the canonical Chinese form of a, which ParseAddress reads
// back to a: area, building with 号楼 (or 座 after a Latin letter), unit with
// 单元 if any, and room with 室 if it is only letters and digits, as in
// 一期3号楼2单元501室, 123弄5号楼501室, A座501室 and 3号楼底楼. The zero
// Address prints as "".
func (a Address) String() string {
	if a.IsZero() {
		return ""
	}
	var b strings.Builder
	b.WriteString(a.Area)
	b.WriteString(a.Building)
	if a.Building != "" && isLatin(rune(a.Building[0])) {
		b.WriteString("座")
	} else {
		b.WriteString("号楼")
	}
	if a.Unit != "" {
		b.WriteString(a.Unit)
		b.WriteString("单元")
	}
	b.WriteString(a.Room)
	if isASCIIWord(a.Room) {
		b.WriteString("室")
	}
	return b.String()
}

// IsZero reports whether a is the zero Address, which names no household.
func (a Address) IsZero() bool { return a == Address{} }

// CompareAddress orders addresses by Area, then Building, then Unit, then
// Room, and returns -1, 0 or +1 as a is before, equal to or after b. Each
// part is ordered first by its leading number (an empty part first, then
// parts with a leading number, then parts without), then by the text after
// that number in byte order: 2 < 3 < 3A < 12 < A and 101 < 102 < 1101. It is a
// total order, usable with slices.SortFunc, and returns 0 only when a == b.
func CompareAddress(a, b Address) int {
	return cmp.Or(
		comparePart(a.Area, b.Area),
		comparePart(a.Building, b.Building),
		comparePart(a.Unit, b.Unit),
		comparePart(a.Room, b.Room),
	)
}

func comparePart(a, b string) int {
	if a == "" || b == "" {
		return cmp.Compare(len(a), len(b)) // only the empty part is shortest
	}
	an, arest := leadingNumber(a)
	bn, brest := leadingNumber(b)
	if (an == "") != (bn == "") {
		if an == "" {
			return 1
		}
		return -1
	}
	return cmp.Or(
		cmp.Compare(len(an), len(bn)), // no leading zeros: longer is larger
		strings.Compare(an, bn),
		strings.Compare(arest, brest),
		strings.Compare(a, b), // 03 and 3 differ, though neither is canonical
	)
}

// leadingNumber splits s into its leading digits, less leading zeros (but at
// least one digit if there are any), and the rest.
func leadingNumber(s string) (num, rest string) {
	i := strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' })
	if i < 0 {
		i = len(s)
	}
	num, rest = s[:i], s[i:]
	for len(num) > 1 && num[0] == '0' {
		num = num[1:]
	}
	return num, rest
}

// stripZeros drops the leading zeros of the leading number of s.
func stripZeros(s string) string {
	num, rest := leadingNumber(s)
	return num + rest
}

// foldAddress normalizes s for parsing: NormalizeText, traditional markers
// simplified, Latin letters upper-cased, dashes made "-", and spaces dropped
// except between two letters or digits, where they become "-".
func foldAddress(s string) string {
	rs := []rune(simplified.Replace(NormalizeText(s)))
	var b strings.Builder
	for i, r := range rs {
		switch {
		case r == ' ':
			if i > 0 && i+1 < len(rs) && isASCIIWord(string(rs[i-1])) && isASCIIWord(string(rs[i+1])) {
				b.WriteByte('-')
			}
			continue
		case strings.ContainsRune("‐‑‒–—―−/", r):
			r = '-' // 3/2/501 is 3-2-501
		case 'a' <= r && r <= 'z':
			r -= 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// cutArea cuts the leading area off s: zero or more names ended by an area
// marker, such as 一期, 123弄 or 一期A区.
func cutArea(s string) (area, rest string) {
	for {
		i := strings.IndexFunc(s, func(r rune) bool {
			return !isWord(r) || strings.ContainsRune(reserved, r) || markerAt(string(r), areaMarkers) != ""
		})
		if i <= 0 {
			return area, s
		}
		m := markerAt(s[i:], areaMarkers)
		if m == "" {
			return area, s
		}
		area += stripZeros(s[:i]) + m
		s = s[i+len(m):]
	}
}

// cutBuilding cuts the building off s, with the marker or "-" that ends it.
func cutBuilding(s string) (building, rest string, ok bool) {
	i := strings.IndexFunc(s, func(r rune) bool {
		return !isASCIIWord(string(r)) && !strings.ContainsRune(stems+numerals+"十", r)
	})
	if i <= 0 {
		return "", s, false
	}
	if s[i] == '-' {
		return s[:i], s[i+1:], true
	}
	m := markerAt(s[i:], buildingMarkers)
	if m == "" {
		return "", s, false
	}
	return s[:i], strings.TrimPrefix(s[i+len(m):], "-"), true
}

// cutUnit splits s at the unit's 单元 (or 门) or at the first "-"; ok
// reports whether s has a unit.
func cutUnit(s string) (unit, room string, ok bool) {
	if unit, room, ok := strings.Cut(s, "单元"); ok {
		return unit, strings.TrimPrefix(room, "-"), true
	}
	// 门 is how many northern compounds say unit (3号楼2门501); a room such
	// as 门卫室 has no unit before it.
	if unit, room, ok := strings.Cut(s, "门"); ok {
		if _, valid := unitValue(unit); valid && unit != "" {
			return unit, strings.TrimPrefix(room, "-"), true
		}
	}
	if unit, room, ok := strings.Cut(s, "-"); ok {
		return unit, room, true
	}
	return "", s, false
}

// buildingValue checks a building without its marker and canonicalizes it.
func buildingValue(s string) (string, bool) {
	if n, ok := chineseNumber(s); ok {
		return strconv.Itoa(n), true
	}
	for _, r := range s {
		if !isASCIIWord(string(r)) && !strings.ContainsRune(stems, r) {
			return "", false
		}
	}
	return stripZeros(s), s != ""
}

// unitValue checks a unit without its 单元 and canonicalizes it.
func unitValue(s string) (string, bool) {
	if n, ok := chineseNumber(s); ok {
		return strconv.Itoa(n), true
	}
	if !isASCIIWord(s) {
		return "", false
	}
	return stripZeros(s), true
}

// roomValue strips the room's marker, checks it and canonicalizes it. A room
// that is not only letters and digits keeps a final 室 (地下室). It returns ""
// and false if the room is missing, and non-empty text and false if it is bad.
func roomValue(s string) (string, bool) {
	for _, m := range roomMarkers {
		if v, found := strings.CutSuffix(s, m); found && (v == "" || isASCIIWord(v)) {
			s = v
			break
		}
	}
	if s == "" {
		return "", false
	}
	for _, r := range s {
		if !isWord(r) {
			return s, false
		}
	}
	for _, m := range notInRoom {
		if strings.Contains(s, m) {
			return s, false
		}
	}
	if i := strings.Index(s, "室"); i >= 0 && i != len(s)-len("室") {
		return s, false
	}
	return stripZeros(s), true
}

// chineseNumber reads a Chinese numeral from 一 to 九十九.
func chineseNumber(s string) (int, bool) {
	digit := func(r rune) int { // 1 to 9, or 0 if r is not a digit
		if i := strings.IndexRune(numerals, r); i >= 0 {
			return i/len("一") + 1
		}
		return 0
	}
	rs := []rune(s)
	switch {
	case len(rs) == 1 && rs[0] == '十':
		return 10, true
	case len(rs) == 1:
		return digit(rs[0]), digit(rs[0]) > 0
	case len(rs) == 2 && rs[0] == '十':
		return 10 + digit(rs[1]), digit(rs[1]) > 0
	case len(rs) == 2 && rs[1] == '十':
		return 10 * digit(rs[0]), digit(rs[0]) > 0
	case len(rs) == 3 && rs[1] == '十':
		return 10*digit(rs[0]) + digit(rs[2]), digit(rs[0]) > 0 && digit(rs[2]) > 0
	}
	return 0, false
}

// markerAt returns the first of markers that s starts with, or "".
func markerAt(s string, markers []string) string {
	for _, m := range markers {
		if strings.HasPrefix(s, m) {
			return m
		}
	}
	return ""
}

func isLatin(r rune) bool { return 'A' <= r && r <= 'Z' || 'a' <= r && r <= 'z' }

// isASCIIWord reports whether s is non-empty and only ASCII letters and digits.
func isASCIIWord(s string) bool {
	for _, r := range s {
		if !isLatin(r) && (r < '0' || r > '9') {
			return false
		}
	}
	return s != ""
}

// isWord reports whether r may be part of an area's or a room's text.
func isWord(r rune) bool { return isASCIIWord(string(r)) || unicode.Is(unicode.Han, r) }
