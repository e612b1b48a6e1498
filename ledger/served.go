package ledger

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
)

var tServed = mustTable("shifts_done")

// Served is a shift served: a person at a post on a shift of a day, with
// the shift's length in minutes when it was marked.
type Served struct {
	ID, On, Shift, PostID, PersonID string
	Minutes                         int
}

// servedID is the row ID of a served shift: derived from the day, shift,
// post and person (a UUID of version 8 from their SHA-256), so the same
// mark made on two copies is the same row once they sync, and hours are
// never counted twice.
func servedID(on, shift, postID, personID string) string {
	h := sha256.Sum256([]byte("shifts_done\x00" + on + "\x00" + shift + "\x00" + postID + "\x00" + personID))
	b := h[:16]
	b[6] = b[6]&0x0f | 0x80 // version 8
	b[8] = b[8]&0x3f | 0x80 // RFC 9562 variant
	s := hex.EncodeToString(b)
	return s[0:8] + "-" + s[8:12] + "-" + s[12:16] + "-" + s[16:20] + "-" + s[20:32]
}

// ServedShifts lists the shifts served from the day from to the day to
// (YYYY-MM-DD, inclusive; "" leaves that end open), by day, shift, post,
// person.
func (v View) ServedShifts(ctx context.Context, from, to string) ([]Served, error) {
	return v.served(ctx, `WHERE (?1 = '' OR on_date >= ?1) AND (?2 = '' OR on_date <= ?2)`, from, to)
}

func (v View) served(ctx context.Context, where string, args ...any) ([]Served, error) {
	rows, err := v.q.QueryContext(ctx, `SELECT id, on_date, shift, post_id, person_id, minutes FROM shifts_done `+where+`
		ORDER BY on_date, shift, post_id, person_id, id`, args...)
	if err != nil {
		return nil, classify(err)
	}
	defer rows.Close()
	out := []Served{}
	for rows.Next() {
		var s Served
		if err := rows.Scan(&s.ID, &s.On, &s.Shift, &s.PostID, &s.PersonID, &s.Minutes); err != nil {
			return nil, classify(err)
		}
		out = append(out, s)
	}
	return out, classify(rows.Err())
}

// seatsOn lists the rota's seats of a shift of a day, of one person when
// personID is not "".
func (tx *Tx) seatsOn(on, shift, personID string) ([]RotaSeat, error) {
	rows, err := tx.tx.QueryContext(tx.ctx, `SELECT id, on_date, shift, post_id, person_id FROM rota_seats
		WHERE on_date = ? AND shift = ? AND (? = '' OR person_id = ?) ORDER BY post_id, person_id, id`, on, shift, personID, personID)
	if err != nil {
		return nil, classify(err)
	}
	defer rows.Close()
	var out []RotaSeat
	for rows.Next() {
		var s RotaSeat
		if err := rows.Scan(&s.ID, &s.On, &s.Shift, &s.PostID, &s.PersonID); err != nil {
			return nil, classify(err)
		}
		out = append(out, s)
	}
	return out, classify(rows.Err())
}

// servedShift checks a day and a shift's name for a mark: the day a date,
// the shift one of the day's shifts (from the setting now), begun by the
// time of the change. It returns the shift.
func (tx *Tx) servedShift(on, shift string) (Shift, error) {
	day, err := time.Parse("2006-01-02", on)
	if err != nil {
		return Shift{}, invalid("--date", on, T("a date, YYYY-MM-DD"))
	}
	set, err := tx.Settings(tx.ctx)
	if err != nil {
		return Shift{}, err
	}
	sh, ok := FindShift(set.Shifts, NormalizeText(shift))
	if !ok {
		return Shift{}, &FieldError{Field: "--shift", Value: shift, Want: T("shifts of the day: %s", strings.Join(ShiftNames(set.Shifts), ", ")), Err: ErrInvalid}
	}
	zone := set.Zone()
	start := time.Date(day.Year(), day.Month(), day.Day(), sh.Start/60, sh.Start%60, 0, 0, zone)
	if tx.at.Before(start) {
		return Shift{}, invalid("--date", on, T("a shift that has begun (%s of %s begins at %s)", sh.Name, on, start.Format("2006-01-02 15:04")))
	}
	return sh, nil
}

// MarkServed records that people on the recorded rota served a shift of a
// day: the person's seat (personID), or every seat of that shift (personID
// ""). The row keeps the shift's length now, in minutes, so a later change
// of the shifts setting does not rewrite hours served. Only a person on
// the rota can be marked: a change of who stood is recorded on the rota
// first. A seat marked already is left as it is (marking twice changes
// nothing); seats of an erased person are skipped. It returns the marks
// made and how many were marked already. Errors: a FieldError for a day
// that is no date, a shift that is not one of the day's or has not begun,
// a person not on the rota for it, or a shift nobody is on.
func (tx *Tx) MarkServed(on, shift, personID string) (marked []Served, already int, err error) {
	sh, err := tx.servedShift(on, shift)
	if err != nil {
		return nil, 0, err
	}
	seats, err := tx.seatsOn(on, sh.Name, personID)
	if err != nil {
		return nil, 0, err
	}
	if len(seats) == 0 {
		return nil, 0, tx.notOnRota(on, sh.Name, personID)
	}
	for _, s := range seats {
		if tx.isErased(s.PersonID) {
			continue
		}
		cur, err := tx.served(tx.ctx, `WHERE on_date = ? AND shift = ? AND post_id = ? AND person_id = ?`, s.On, s.Shift, s.PostID, s.PersonID)
		if err != nil {
			return nil, 0, err
		}
		if len(cur) > 0 {
			already++
			continue
		}
		m := Served{ID: servedID(s.On, s.Shift, s.PostID, s.PersonID), On: s.On, Shift: s.Shift, PostID: s.PostID,
			PersonID: s.PersonID, Minutes: sh.length()}
		if err := tx.insert(tServed, m.ID, map[string]any{"on_date": m.On, "shift": m.Shift, "post_id": m.PostID,
			"person_id": m.PersonID, "minutes": int64(m.Minutes)}); err != nil {
			return nil, 0, err
		}
		marked = append(marked, m)
	}
	return marked, already, nil
}

// notOnRota is the refusal of a mark for someone (or a shift) the rota
// does not have.
func (tx *Tx) notOnRota(on, shift, personID string) error {
	if personID == "" {
		return &FieldError{Field: "--shift", Value: on + " " + shift,
			Want: T("a day and shift with people on the recorded rota (vol rota plan --commit)"), Err: ErrNotFound}
	}
	return &FieldError{Field: "person", Value: tx.personLabel(personID),
		Want: T("a volunteer on the rota for %s %s: record the change on the rota first (vol rota swap, vol rota absent)", on, shift),
		Err:  ErrInvalid}
}

// UnmarkServed takes back marks of a shift of a day: the person's
// (personID), or every mark of that shift (personID ""). It returns the
// marks taken back. Errors: a FieldError for a day that is no date, a
// shift that is not one of the day's, or nothing marked.
func (tx *Tx) UnmarkServed(on, shift, personID string) ([]Served, error) {
	if _, err := time.Parse("2006-01-02", on); err != nil {
		return nil, invalid("--date", on, T("a date, YYYY-MM-DD"))
	}
	marks, err := tx.served(tx.ctx, `WHERE on_date = ? AND shift = ? AND (? = '' OR person_id = ?)`, on, NormalizeText(shift), personID, personID)
	if err != nil {
		return nil, err
	}
	if len(marks) == 0 {
		set, err := tx.Settings(tx.ctx)
		if err != nil {
			return nil, err
		}
		if _, ok := FindShift(set.Shifts, NormalizeText(shift)); !ok {
			return nil, &FieldError{Field: "--shift", Value: shift, Want: T("shifts of the day: %s", strings.Join(ShiftNames(set.Shifts), ", ")), Err: ErrInvalid}
		}
		field, value := "--shift", on+" "+shift
		if personID != "" {
			field, value = "person", tx.personLabel(personID)
		}
		return nil, &FieldError{Field: field, Value: value, Want: T("a volunteer marked as having served %s %s (vol hours)", on, shift), Err: ErrNotFound}
	}
	for _, m := range marks {
		if err := tx.delete(tServed, m.ID); err != nil {
			return nil, err
		}
	}
	return marks, nil
}

// forgetServed deletes an erased person's served shifts, before the
// erasure is recorded (the replay drops them at the erasure too).
func (tx *Tx) forgetServed(personID string) error {
	marks, err := tx.served(tx.ctx, `WHERE person_id = ?`, personID)
	if err != nil {
		return err
	}
	for _, m := range marks {
		if err := tx.delete(tServed, m.ID); err != nil {
			return err
		}
	}
	return nil
}
