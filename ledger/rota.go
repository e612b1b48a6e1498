package ledger

import "context"

var tRotaSeats = mustTable("rota_seats")

// RotaSeat is one recorded place on the rota: a person at a post on a
// shift of a day.
type RotaSeat struct {
	ID, On, Shift, PostID, PersonID string
}

// RotaSeats lists the recorded rota, by day, shift, post and person.
func (v View) RotaSeats(ctx context.Context) ([]RotaSeat, error) {
	rows, err := v.q.QueryContext(ctx, `SELECT id, on_date, shift, post_id, person_id FROM rota_seats
		ORDER BY on_date, shift, post_id, person_id, id`)
	if err != nil {
		return nil, classify(err)
	}
	defer rows.Close()
	out := []RotaSeat{}
	for rows.Next() {
		var s RotaSeat
		if err := rows.Scan(&s.ID, &s.On, &s.Shift, &s.PostID, &s.PersonID); err != nil {
			return nil, classify(err)
		}
		out = append(out, s)
	}
	return out, classify(rows.Err())
}

// ReplaceRota records seats for the days from first to last (YYYY-MM-DD,
// inclusive), replacing what was recorded for them.
func (tx *Tx) ReplaceRota(first, last string, seats []RotaSeat) error {
	cur, err := tx.RotaSeats(tx.ctx)
	if err != nil {
		return err
	}
	var remove []string
	for _, s := range cur {
		if s.On >= first && s.On <= last {
			remove = append(remove, s.ID)
		}
	}
	return tx.ChangeRota(remove, seats)
}

// ChangeRota removes the recorded seats with the IDs in remove and records
// add: an absence or a swap, which touches nothing else.
func (tx *Tx) ChangeRota(remove []string, add []RotaSeat) error {
	for _, id := range remove {
		if err := tx.delete(tRotaSeats, id); err != nil {
			return err
		}
	}
	for _, s := range add {
		if err := tx.insert(tRotaSeats, tx.NewID(), map[string]any{"on_date": s.On, "shift": s.Shift,
			"post_id": s.PostID, "person_id": s.PersonID}); err != nil {
			return err
		}
	}
	return nil
}
