package ledger

import (
	"fmt"
	"slices"
	"strings"
)

// Rota settings of a compound.
const (
	// SettingShifts is the day's duty shifts, "早=06:00-14:00,中=14:00-22:00,
	// 夜=22:00-06:00": a shift whose end is not after its start ends the
	// next morning.
	SettingShifts = "shifts"
	// SettingNightAge is the age from which a volunteer stands no night
	// shift (default 65).
	SettingNightAge = "night_age"
)

// DefaultNightAge is the age from which a volunteer stands no night shift.
const DefaultNightAge = 65

// maxShifts bounds the shifts of a day.
const maxShifts = 6

// ParseShifts reads the shifts setting: NAME=HH:MM-HH:MM, separated by
// commas, in the day's order. Names are short labels without = , : and are
// unique; a shift lasts at least an hour; at most six shifts, and the
// shifts of a day do not overlap (a night shift's end counts the next
// morning).
func ParseShifts(s string) ([]Shift, error) {
	bad := func(value string) error {
		return &FieldError{Field: "--shifts", Value: value,
			Want: T("NAME=HH:MM-HH:MM separated by commas, such as 早=06:00-14:00,中=14:00-22:00,夜=22:00-06:00 (at most 6, not overlapping)"), Err: ErrInvalid}
	}
	s = NormalizeText(s)
	parts := strings.Split(strings.ReplaceAll(s, "，", ","), ",")
	if s == "" || len(parts) > maxShifts {
		return nil, bad(s)
	}
	var out []Shift
	for _, part := range parts {
		part = strings.TrimSpace(part)
		name, span, ok := strings.Cut(part, "=")
		name = strings.TrimSpace(name)
		from, to, ok2 := strings.Cut(strings.TrimSpace(span), "-")
		start, err1 := clock(from)
		end, err2 := clock(to)
		if !ok || !ok2 || err1 != nil || err2 != nil || name == "" || len([]rune(name)) > 8 ||
			strings.ContainsAny(name, "=,:;/ ") || !badRune(name).IsZero() ||
			slices.ContainsFunc(out, func(o Shift) bool { return o.Name == name }) {
			return nil, bad(part)
		}
		sh := Shift{Name: name, Start: start, End: end}
		if sh.length() < 60 {
			return nil, bad(part)
		}
		out = append(out, sh)
	}
	// No two shifts overlap, on the day or across midnight.
	for i, a := range out {
		for _, b := range out[i+1:] {
			for _, shift := range []int{-24 * 60, 0, 24 * 60} {
				if a.Start < b.Start+shift+b.length() && b.Start+shift < a.Start+a.length() {
					return nil, bad(FormatShifts([]Shift{a, b}))
				}
			}
		}
	}
	return out, nil
}

// FormatShifts writes shifts in the setting's form.
func FormatShifts(shifts []Shift) string {
	parts := make([]string, len(shifts))
	for i, s := range shifts {
		parts[i] = fmt.Sprintf("%s=%02d:%02d-%02d:%02d", s.Name, s.Start/60, s.Start%60, s.End/60, s.End%60)
	}
	return strings.Join(parts, ",")
}

// length is the shift's length in minutes.
func (s Shift) length() int {
	if s.Night() {
		return s.End + 24*60 - s.Start
	}
	return s.End - s.Start
}

// clock reads HH:MM (00:00 to 24:00) as minutes from midnight.
func clock(s string) (int, error) {
	var h, m int
	if n, err := fmt.Sscanf(strings.TrimSpace(s), "%d:%d", &h, &m); err != nil || n != 2 || h < 0 || h > 24 || m < 0 || m > 59 || h == 24 && m > 0 {
		return 0, ErrInvalid
	}
	if len(strings.TrimSpace(s)) != 5 {
		return 0, ErrInvalid
	}
	return (h*60 + m) % (24 * 60), nil
}

// ShiftNames lists the shifts' names.
func ShiftNames(shifts []Shift) []string {
	names := make([]string, len(shifts))
	for i, s := range shifts {
		names[i] = s.Name
	}
	return names
}

// FindShift finds a shift by name.
func FindShift(shifts []Shift, name string) (Shift, bool) {
	i := slices.IndexFunc(shifts, func(s Shift) bool { return s.Name == name })
	if i < 0 {
		return Shift{}, false
	}
	return shifts[i], true
}

// shiftsInUse refuses new shifts that drop a name a post, a volunteer's
// availability or the rota recorded from today on still uses.
func (tx *Tx) shiftsInUse(shifts []Shift) error {
	names := ShiftNames(shifts)
	posts, err := tx.Posts(tx.ctx)
	if err != nil {
		return err
	}
	for _, p := range posts {
		for _, s := range p.Shifts {
			if !slices.Contains(names, s) {
				return &FieldError{Field: "--shifts", Value: s, Want: T("the post %s uses this shift: change the post first (vol post rm, vol post add)", p.Name), Err: ErrInUse}
			}
		}
	}
	seats, err := tx.RotaSeats(tx.ctx)
	if err != nil {
		return err
	}
	today := tx.at.UTC().AddDate(0, 0, -1).Format("2006-01-02") // a day's slack for the zones
	for _, r := range seats {
		if r.On >= today && !slices.Contains(names, r.Shift) {
			return &FieldError{Field: "--shifts", Value: r.Shift, Want: T("the rota recorded for %s uses this shift: plan those days again after the change, or keep the name", r.On), Err: ErrInUse}
		}
	}
	av, err := tx.Availability(tx.ctx)
	if err != nil {
		return err
	}
	for _, id := range sortedKeys(av) {
		for _, n := range av[id].Not {
			if _, s, ok := strings.Cut(n, ":"); ok && !slices.Contains(names, s) {
				return &FieldError{Field: "--shifts", Value: s, Want: T("a volunteer's availability names this shift: change it first (vol avail)"), Err: ErrInUse}
			}
		}
	}
	return nil
}
