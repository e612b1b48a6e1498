package ledger

import (
	"context"
	"errors"
	"strings"
	"time"
)

var tAvail = mustTable("rota_avail")

// Avail is what a volunteer said they cannot do: Not lists days, weekdays
// or shifts off (2026-12-08, 2026-12-08:夜, w1 for Mondays, w1:早), MaxPerWeek
// the most shifts in a week (0: no limit), NoNights no night shifts.
type Avail struct {
	Not        []string
	MaxPerWeek int
	NoNights   bool
}

var weekdayNames = map[string]int{
	"周一": 1, "周二": 2, "周三": 3, "周四": 4, "周五": 5, "周六": 6, "周日": 7, "周天": 7,
	"星期一": 1, "星期二": 2, "星期三": 3, "星期四": 4, "星期五": 5, "星期六": 6, "星期日": 7, "星期天": 7,
	"mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7,
}

// ParseNotWhen reads one --not value: DATE or WEEKDAY (周一 … 周日, mon …
// sun), with :SHIFT (one of shifts' names) or without (the whole day). It
// returns the stored form: 2026-12-08, 2026-12-08:夜, w1, w1:早.
func ParseNotWhen(s string, shifts []Shift) (string, error) {
	when, shift, hasShift := strings.Cut(NormalizeText(s), ":")
	bad := &FieldError{Field: "--not", Value: s, Want: T("a date (2026-12-08) or a weekday (周一 … 周日), with :SHIFT (%s) for one shift", strings.Join(ShiftNames(shifts), ", ")), Err: ErrInvalid}
	out := ""
	if _, err := time.Parse("2006-01-02", when); err == nil {
		out = when
	} else if d, ok := weekdayNames[strings.ToLower(when)]; ok {
		out = "w" + string(rune('0'+d))
	} else {
		return "", bad
	}
	if hasShift {
		if _, known := FindShift(shifts, shift); !known {
			return "", bad
		}
		out += ":" + shift
	}
	return out, nil
}

// NotOn reports whether a stored --not value covers the shift on date
// (Monday is w1).
func NotOn(not string, date time.Time, shift string) bool {
	when, sh, hasShift := strings.Cut(not, ":")
	if hasShift && sh != shift {
		return false
	}
	if strings.HasPrefix(when, "w") {
		wd := int(date.Weekday())
		if wd == 0 {
			wd = 7
		}
		return when == "w"+string(rune('0'+wd))
	}
	return when == date.Format("2006-01-02")
}

// Availability lists what each volunteer said, by person ID.
func (v View) Availability(ctx context.Context) (map[string]Avail, error) {
	rows, err := v.q.QueryContext(ctx, `SELECT id, nots, max_per_week, no_nights FROM rota_avail ORDER BY id`)
	if err != nil {
		return nil, classify(err)
	}
	defer rows.Close()
	out := map[string]Avail{}
	for rows.Next() {
		var id, nots string
		var a Avail
		var nn int64
		if err := rows.Scan(&id, &nots, &a.MaxPerWeek, &nn); err != nil {
			return nil, classify(err)
		}
		a.Not, a.NoNights = splitStored(nots), nn == 1
		out[id] = a
	}
	return out, classify(rows.Err())
}

// SetAvail records what a person said they cannot do, replacing what they
// said before.
func (tx *Tx) SetAvail(personID string, a Avail) error {
	if _, err := tx.person(personID); err != nil {
		return err
	}
	if a.MaxPerWeek < 0 || a.MaxPerWeek > 21 {
		return invalid("--max-per-week", "", T("0 (no limit) to 21 shifts"))
	}
	set := map[string]any{"nots": strings.Join(a.Not, ","), "max_per_week": int64(a.MaxPerWeek), "no_nights": b2i(a.NoNights)}
	if _, err := readRow(tx.ctx, cached{tx}, tAvail, personID); errors.Is(err, ErrNotFound) {
		return tx.insert(tAvail, personID, set)
	} else if err != nil {
		return err
	}
	return tx.update(tAvail, personID, set)
}
