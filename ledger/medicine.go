package ledger

import (
	"context"
	"fmt"
	"strings"
	"time"
)

var (
	tMedRequests = mustTable("med_requests")
	tMedRuns     = mustTable("med_runs")
	tMedItems    = mustTable("med_run_items")
	tMedCards    = mustTable("med_cards")
	tMedPurges   = mustTable("med_purges")
)

func (tx *Tx) stamp() string { return tx.at.UTC().Format(time.RFC3339) }

// AddMedRequest records a household's (or patient's) request for a drug.
func (tx *Tx) AddMedRequest(householdID, personID, drug string, qty int, note string, urgent bool) (string, error) {
	if strings.TrimSpace(drug) == "" {
		return "", invalid("drug", "", T("a drug name (--drug NAME)"))
	}
	if qty < 1 {
		return "", invalid("qty", fmt.Sprint(qty), T("1 or more"))
	}
	if err := CheckLabel("drug", drug); err != nil {
		return "", err
	}
	if err := CheckNote("note", note); err != nil {
		return "", err
	}
	id := tx.NewID()
	subject := "med:" + id
	drugRef, err := tx.personal(subject, drug)
	if err != nil {
		return "", err
	}
	noteRef, err := tx.personal(subject, note)
	if err != nil {
		return "", err
	}
	return id, tx.insert(tMedRequests, id, map[string]any{"household_id": householdID, "person_id": nullable(personID),
		"drug_ref": drugRef, "qty": int64(qty), "note_ref": noteRef, "urgent": b2i(urgent),
		"requested_at": tx.stamp(), "status": "open", "closed_at": ""})
}

// MedRequest is a request with what the runs made of it.
type MedRequest struct {
	ID, HouseholdID, PersonID, Drug, Note string
	Qty                                   int
	Urgent                                bool
	RequestedAt, Status, ClosedAt         string
	MissedRuns                            int      // runs in which it was planned and not got
	HospitalsTried                        []string // where it was not found, in order
	InOpenRun                             string   // the open run it is planned in, if any
	Purged                                bool
}

// MedRequests lists every request with its run history.
func (v View) MedRequests(ctx context.Context) ([]MedRequest, error) {
	rows, err := v.q.QueryContext(ctx, `SELECT r.id, r.household_id, coalesce(r.person_id, ''), coalesce(d.value, ''),
		coalesce(n.value, ''), r.qty, r.urgent, r.requested_at, r.status, r.closed_at, r.drug_ref IS NULL OR d.value IS NULL
		FROM med_requests r LEFT JOIN pvalues d ON d.ref = r.drug_ref LEFT JOIN pvalues n ON n.ref = r.note_ref
		ORDER BY r.requested_at, r.id`)
	if err != nil {
		return nil, classify(err)
	}
	var out []MedRequest
	idx := map[string]int{}
	for rows.Next() {
		var r MedRequest
		if err := rows.Scan(&r.ID, &r.HouseholdID, &r.PersonID, &r.Drug, &r.Note, &r.Qty, &r.Urgent, &r.RequestedAt,
			&r.Status, &r.ClosedAt, &r.Purged); err != nil {
			rows.Close()
			return nil, classify(err)
		}
		r.HospitalsTried = []string{}
		idx[r.ID] = len(out)
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, classify(err)
	}
	items, err := v.q.QueryContext(ctx, `SELECT i.request_id, i.outcome, i.hospital, r.status, r.id
		FROM med_run_items i JOIN med_runs r ON r.id = i.run_id ORDER BY r.planned_at, r.id, i.id`)
	if err != nil {
		return nil, classify(err)
	}
	defer items.Close()
	for items.Next() {
		var req, outcome, hospital, runStatus, runID string
		if err := items.Scan(&req, &outcome, &hospital, &runStatus, &runID); err != nil {
			return nil, classify(err)
		}
		i, ok := idx[req]
		if !ok {
			continue
		}
		r := &out[i]
		switch {
		case outcome == "not_found":
			r.MissedRuns++
			if hospital != "" && !contains(r.HospitalsTried, hospital) {
				r.HospitalsTried = append(r.HospitalsTried, hospital)
			}
		case outcome == "planned" && runStatus == "closed":
			r.MissedRuns++
		case outcome == "planned":
			r.InOpenRun = runID
		}
	}
	return out, classify(items.Err())
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// AddMedRun records a planned run with its requests. It returns ErrInvalid
// when a request is no longer waiting for a run: got, purged, or planned in
// another open run (by a command that wrote first).
func (tx *Tx) AddMedRun(hospital, byPerson string, requestIDs []string) (string, error) {
	if len(requestIDs) == 0 {
		return "", invalid("run", "", T("at least one open request (vol med list --open)"))
	}
	if hospital != "" {
		if err := CheckLabel("hospital", hospital); err != nil {
			return "", err
		}
	}
	for _, r := range requestIDs {
		var status string
		var drugRef any
		var planned int
		err := tx.queryRow(`SELECT status, drug_ref, (SELECT count(*) FROM med_run_items i JOIN med_runs m ON m.id = i.run_id
			WHERE i.request_id = med_requests.id AND i.outcome = 'planned' AND m.status = 'open')
			FROM med_requests WHERE id = ?`, r).Scan(&status, &drugRef, &planned)
		if err != nil {
			return "", &FieldError{Field: "request", Value: short(r), Err: ErrNotFound}
		}
		if status != "open" || drugRef == nil || planned > 0 {
			return "", &FieldError{Field: "request", Value: short(r), Err: ErrInvalid,
				Want: T("an open request not planned in another open run (vol med list --open)")}
		}
	}
	id := tx.NewID()
	if err := tx.insert(tMedRuns, id, map[string]any{"planned_at": tx.stamp(), "hospital": hospital,
		"by_person": nullable(byPerson), "status": "open", "closed_at": "", "close_why": ""}); err != nil {
		return "", err
	}
	for _, r := range requestIDs {
		if err := tx.insert(tMedItems, tx.NewID(), map[string]any{"run_id": id, "request_id": r, "outcome": "planned", "hospital": hospital}); err != nil {
			return "", err
		}
	}
	return id, nil
}

// MedRunItem is one request in a run.
type MedRunItem struct {
	ID, RequestID, Outcome, Hospital string
}

// MedRun is a run with its items.
type MedRun struct {
	ID, PlannedAt, Hospital, ByPerson, Status, ClosedAt, CloseWhy string
	Items                                                         []MedRunItem
}

// MedRuns lists runs (newest first) with their items.
func (v View) MedRuns(ctx context.Context) ([]MedRun, error) {
	rows, err := v.q.QueryContext(ctx, `SELECT id, planned_at, hospital, coalesce(by_person, ''), status, closed_at,
		coalesce((SELECT value FROM pvalues WHERE ref = close_why_ref), close_why)
		FROM med_runs ORDER BY planned_at DESC, rowid DESC`)
	if err != nil {
		return nil, classify(err)
	}
	var out []MedRun
	idx := map[string]int{}
	for rows.Next() {
		var r MedRun
		if err := rows.Scan(&r.ID, &r.PlannedAt, &r.Hospital, &r.ByPerson, &r.Status, &r.ClosedAt, &r.CloseWhy); err != nil {
			rows.Close()
			return nil, classify(err)
		}
		idx[r.ID] = len(out)
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, classify(err)
	}
	items, err := v.q.QueryContext(ctx, `SELECT id, run_id, request_id, outcome, hospital FROM med_run_items ORDER BY rowid`)
	if err != nil {
		return nil, classify(err)
	}
	defer items.Close()
	for items.Next() {
		var it MedRunItem
		var run string
		if err := items.Scan(&it.ID, &run, &it.RequestID, &it.Outcome, &it.Hospital); err != nil {
			return nil, classify(err)
		}
		if i, ok := idx[run]; ok {
			out[i].Items = append(out[i].Items, it)
		}
	}
	return out, classify(items.Err())
}

// SetMedOutcome records what happened to one item of an open run: "got"
// closes the request; "not_found" leaves it open for the next run.
func (tx *Tx) SetMedOutcome(runID, itemID, requestID, outcome, hospital string) error {
	run, err := readRow(tx.ctx, cached{tx}, tMedRuns, runID)
	if err != nil {
		return err
	}
	if run["status"] != "open" {
		return &FieldError{Field: "run", Value: short(runID), Want: T("an open run"), Err: ErrInvalid}
	}
	item, err := readRow(tx.ctx, cached{tx}, tMedItems, itemID)
	if err != nil {
		return err
	}
	if item["outcome"] != "planned" {
		return &FieldError{Field: "item", Value: short(itemID), Want: T("an item whose outcome is not recorded yet (it is %s)", outcomeWord(item["outcome"])), Err: ErrInvalid}
	}
	set := map[string]any{"outcome": outcome}
	if hospital != "" {
		if err := CheckLabel("hospital", hospital); err != nil {
			return err
		}
		set["hospital"] = hospital
	}
	if err := tx.update(tMedItems, itemID, set); err != nil {
		return err
	}
	if outcome == "got" {
		return tx.update(tMedRequests, requestID, map[string]any{"status": "got", "closed_at": tx.stamp()})
	}
	return nil
}

// CloseMedRun closes a run; why is "" unless forced past an unreturned card.
func (tx *Tx) CloseMedRun(runID, why string) error {
	if err := CheckNote("why", why); err != nil {
		return err
	}
	run, err := readRow(tx.ctx, cached{tx}, tMedRuns, runID)
	if err != nil {
		return err
	}
	if run["status"] != "open" {
		return &FieldError{Field: "run", Value: short(runID), Want: T("an open run"), Err: ErrInvalid}
	}
	set := map[string]any{"status": "closed", "closed_at": tx.stamp()}
	if why != "" {
		ref, err := tx.personal("why:"+tx.NewID(), why)
		if err != nil {
			return err
		}
		set["close_why_ref"] = ref
	}
	return tx.update(tMedRuns, runID, set)
}

// TakeCard records a person's insurance card leaving home with a volunteer.
func (tx *Tx) TakeCard(personID, byPerson string) error {
	var n int
	if err := tx.queryRow(`SELECT count(*) FROM med_cards WHERE person_id = ? AND returned_at = ''`, personID).Scan(&n); err != nil {
		return classify(err)
	}
	if n > 0 {
		return &FieldError{Field: "card", Value: tx.personLabel(personID), Want: T("a card that is at home (this one is out already)"), Err: ErrInvalid}
	}
	return tx.insert(tMedCards, tx.NewID(), map[string]any{"person_id": personID, "by_person": byPerson, "taken_at": tx.stamp(), "returned_at": ""})
}

// ReturnCard records a card back home. It returns ErrInvalid for a card
// that was never taken (or is home already).
func (tx *Tx) ReturnCard(personID string) error {
	var id string
	if err := tx.queryRow(`SELECT id FROM med_cards WHERE person_id = ? AND returned_at = ''`, personID).Scan(&id); err != nil {
		return &FieldError{Field: "card", Value: tx.personLabel(personID), Want: T("a card that was taken (vol med cards lists them)"), Err: ErrInvalid}
	}
	return tx.update(tMedCards, id, map[string]any{"returned_at": tx.stamp()})
}

// MedCard is a card's custody record.
type MedCard struct {
	ID, PersonID, ByPerson, TakenAt, ReturnedAt string
}

// MedCards lists cards out of their homes (all records when all is set).
func (v View) MedCards(ctx context.Context, all bool) ([]MedCard, error) {
	q := `SELECT id, person_id, by_person, taken_at, returned_at FROM med_cards`
	if !all {
		q += ` WHERE returned_at = ''`
	}
	rows, err := v.q.QueryContext(ctx, q+` ORDER BY taken_at, id`)
	if err != nil {
		return nil, classify(err)
	}
	defer rows.Close()
	out := []MedCard{}
	for rows.Next() {
		var c MedCard
		if err := rows.Scan(&c.ID, &c.PersonID, &c.ByPerson, &c.TakenAt, &c.ReturnedAt); err != nil {
			return nil, classify(err)
		}
		out = append(out, c)
	}
	return out, classify(rows.Err())
}

// PurgeMed erases the health details (drug, note) of requests closed before
// the cutoff, under their own keys, keeping the rows for counts. It returns
// how many requests it purged; call DB.Compact afterwards.
func (tx *Tx) PurgeMed(before time.Time) (int, error) {
	n, err := tx.purgeMedValues(before.UTC().Format(time.RFC3339))
	if err != nil {
		return 0, err
	}
	// Always a journalled record of the purge (who, when, the cutoff), so it
	// shows in vol log and a restore can apply it again.
	err = tx.insert(tMedPurges, tx.NewID(), map[string]any{"at": tx.stamp(), "cutoff": before.UTC().Format(time.RFC3339), "requests": int64(n)})
	return n, err
}

// purgeMedValues deletes the health details of requests closed before the
// cutoff (RFC 3339) whose values are still held, and returns how many.
func (tx *Tx) purgeMedValues(before string) (int, error) {
	rows, err := tx.tx.QueryContext(tx.ctx, `SELECT id FROM med_requests
		WHERE status = 'got' AND closed_at <> '' AND closed_at < ? AND drug_ref IS NOT NULL
		AND EXISTS (SELECT 1 FROM pvalues WHERE ref = med_requests.drug_ref)`, before)
	if err != nil {
		return 0, classify(err)
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, classify(err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, classify(err)
	}
	subjects := make([]string, len(ids))
	for i, id := range ids {
		subjects[i] = "med:" + id
	}
	return len(ids), tx.forgetSubjects(subjects)
}

// purgeCutoffs lists the cutoffs of every medicine purge, oldest first.
func (db *DB) purgeCutoffs(ctx context.Context) ([]string, error) {
	return queryStrings(ctx, db.sql, `SELECT cutoff FROM med_purges ORDER BY at, id`)
}
