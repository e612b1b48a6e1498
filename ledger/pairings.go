package ledger

import (
	"context"
	"strings"
)

var (
	tPairings = mustTable("pairings")
	tContacts = mustTable("pair_contacts")
)

// Pairing is an elder household's volunteer (current while Ended is "").
type Pairing struct {
	ID, ElderHousehold, Volunteer, Since, Reasons, Ended, EndWhy string
	LastContact                                                  string // YYYY-MM-DD of the newest contact, "" if none
	Contacts                                                     int
}

// AddPairing pairs an elder household with a volunteer from a date;
// reasons is the JSON the caller wants kept with it. It returns ErrInvalid
// when the household has a current pairing: end it first (two current
// pairings of one household arise only when two copies paired it before
// they synced, and vol conflicts lists them).
func (tx *Tx) AddPairing(elderHousehold, volunteer, since, reasons string) (string, error) {
	var n int
	if err := tx.queryRow(`SELECT count(*) FROM pairings WHERE elder_household = ? AND ended = ''`, elderHousehold).Scan(&n); err != nil {
		return "", classify(err)
	}
	if n > 0 {
		return "", &FieldError{Field: "elder", Value: short(elderHousehold), Err: ErrInvalid,
			Want: T("an elder household without a current pairing (it was paired by another command: vol pair list)")}
	}
	return tx.addPairing(elderHousehold, volunteer, since, reasons)
}

func (tx *Tx) addPairing(elderHousehold, volunteer, since, reasons string) (string, error) {
	id := tx.NewID()
	return id, tx.insert(tPairings, id, map[string]any{"elder_household": elderHousehold, "volunteer": volunteer,
		"since": since, "reasons": reasons, "ended": "", "end_why": ""})
}

// EndPairing ends a current pairing on a date, with a reason.
func (tx *Tx) EndPairing(id, on, why string) error {
	if strings.TrimSpace(why) == "" {
		return invalid("why", "", T("a reason (--why TEXT)"))
	}
	if err := CheckNote("why", why); err != nil {
		return err
	}
	row, err := readRow(tx.ctx, cached{tx}, tPairings, id)
	if err != nil {
		return err
	}
	if row["ended"] != "" {
		return &FieldError{Field: "pairing", Value: short(id), Want: T("a current pairing"), Err: ErrInvalid}
	}
	// A key of its own (two copies may end one pairing); erasing the
	// pairing's elder or volunteer erases it (subjectsOf).
	ref, err := tx.personal("why:"+tx.NewID(), why)
	if err != nil {
		return err
	}
	return tx.update(tPairings, id, map[string]any{"ended": on, "end_why_ref": ref})
}

// AddContact logs a visit or call for a pairing; the note is personal,
// under a key of its own (so erasing someone named in one pairing's notes
// never touches notes written later).
func (tx *Tx) AddContact(pairingID, on, note string) error {
	if err := CheckNote("note", note); err != nil {
		return err
	}
	id := tx.NewID()
	ref, err := tx.personal("contact:"+id, note)
	if err != nil {
		return err
	}
	return tx.insert(tContacts, id, map[string]any{"pairing_id": pairingID, "on_date": on, "note_ref": ref})
}

// Pairings lists pairings, current ones first, each with its last contact.
func (v View) Pairings(ctx context.Context, currentOnly bool) ([]Pairing, error) {
	q := `SELECT p.id, p.elder_household, p.volunteer, p.since, p.reasons, p.ended,
		coalesce((SELECT value FROM pvalues WHERE ref = p.end_why_ref), p.end_why),
		coalesce(max(c.on_date), ''), count(c.id)
		FROM pairings p LEFT JOIN pair_contacts c ON c.pairing_id = p.id`
	if currentOnly {
		q += ` WHERE p.ended = ''`
	}
	q += ` GROUP BY p.id ORDER BY p.ended <> '', p.since, p.id`
	rows, err := v.q.QueryContext(ctx, q)
	if err != nil {
		return nil, classify(err)
	}
	defer rows.Close()
	out := []Pairing{}
	for rows.Next() {
		var p Pairing
		if err := rows.Scan(&p.ID, &p.ElderHousehold, &p.Volunteer, &p.Since, &p.Reasons, &p.Ended, &p.EndWhy,
			&p.LastContact, &p.Contacts); err != nil {
			return nil, classify(err)
		}
		out = append(out, p)
	}
	return out, classify(rows.Err())
}
