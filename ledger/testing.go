package ledger

import (
	"context"
	"slices"
	"strings"
)

// SettingHomeVisitNeeds lists the needs (tags) whose people are tested at
// home rather than called down: 卧床,行动不便,轮椅 by default.
const SettingHomeVisitNeeds = "home_visit_needs"

// DefaultHomeVisitNeeds are the needs of people tested at home.
var DefaultHomeVisitNeeds = []string{"卧床", "行动不便", "轮椅"}

// ParseHomeVisitNeeds reads the setting: tags separated by commas (or 、),
// one to twenty, each a short label.
func ParseHomeVisitNeeds(s string) ([]string, error) {
	tags := SplitTags(NormalizeText(s))
	bad := &FieldError{Field: "--home-visit-needs", Value: s, Want: T("one to twenty needs separated by commas, such as 卧床,行动不便,轮椅"), Err: ErrInvalid}
	if len(tags) == 0 || len(tags) > 20 {
		return nil, bad
	}
	for _, t := range tags {
		if len([]rune(t)) > 20 || CheckLabel("--home-visit-needs", t) != nil {
			return nil, bad
		}
	}
	slices.Sort(tags)
	return slices.Compact(tags), nil
}

var (
	tTestRounds = mustTable("test_rounds")
	tTestCalls  = mustTable("test_calls")
	tTestVisits = mustTable("test_visits")
	tTestDone   = mustTable("test_done")
)

// TestRound is a round of mass testing (核酸): its day (YYYY-MM-DD) and
// start (HH:MM) in the compound's time, Stations testing Service seconds
// a test, the longest queue allowed, the seconds a floor takes to come
// down, the walks to the site (B=MIN,…), the People to test (property
// staff among them), the predicted Finish (RFC 3339), and once closed the
// final counts.
type TestRound struct {
	ID, On, Start           string
	Stations, MaxQueue      int
	Service, PerFloor       int64
	Walks                   string
	People, Staff           int
	Finish, ClosedAt        string
	Tested, Missing, Visits int
}

// TestCall is a unit (Floors "") or floors of one ("1-6") called down at
// At (RFC 3339), in wave Wave (from 1).
type TestCall struct {
	ID, RoundID                string
	Wave                       int
	At, Building, Unit, Floors string
	People                     int
}

// TestVisit is a household whose People are tested at home.
type TestVisit struct {
	ID, RoundID, HouseholdID string
	People                   int
}

// TestRounds lists the rounds by day and start.
func (v View) TestRounds(ctx context.Context) ([]TestRound, error) {
	rows, err := v.q.QueryContext(ctx, `SELECT id, on_date, start, stations, service, max_queue, per_floor, walks, people,
		staff, finish, closed_at, tested, missing, visits FROM test_rounds ORDER BY on_date, start, id`)
	if err != nil {
		return nil, classify(err)
	}
	defer rows.Close()
	out := []TestRound{}
	for rows.Next() {
		var r TestRound
		if err := rows.Scan(&r.ID, &r.On, &r.Start, &r.Stations, &r.Service, &r.MaxQueue, &r.PerFloor, &r.Walks, &r.People,
			&r.Staff, &r.Finish, &r.ClosedAt, &r.Tested, &r.Missing, &r.Visits); err != nil {
			return nil, classify(err)
		}
		out = append(out, r)
	}
	return out, classify(rows.Err())
}

// FindTestRound finds a round by its ID (or a unique part of one, at least
// four characters) or its day when one round was on it.
func (v View) FindTestRound(ctx context.Context, ref string) (TestRound, error) {
	rs, err := v.TestRounds(ctx)
	if err != nil {
		return TestRound{}, err
	}
	var found []TestRound
	for _, r := range rs {
		if r.ID == ref || r.On == ref || len(ref) >= 4 && strings.Contains(r.ID, strings.ToLower(ref)) {
			found = append(found, r)
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return TestRound{}, &FieldError{Field: "ROUND", Value: ref, Want: T("a testing round's ID or day (vol test rounds)"), Err: ErrNotFound}
	}
	return TestRound{}, &FieldError{Field: "ROUND", Value: ref, Want: T("a testing round's ID (vol test rounds)"), Err: ErrAmbiguous}
}

// TestCalls lists a round's calls by time, wave and place.
func (v View) TestCalls(ctx context.Context, roundID string) ([]TestCall, error) {
	rows, err := v.q.QueryContext(ctx, `SELECT id, round_id, wave, call_at, building, unit, floors, people FROM test_calls
		WHERE round_id = ? ORDER BY wave, rowid`, roundID)
	if err != nil {
		return nil, classify(err)
	}
	defer rows.Close()
	out := []TestCall{}
	for rows.Next() {
		var c TestCall
		if err := rows.Scan(&c.ID, &c.RoundID, &c.Wave, &c.At, &c.Building, &c.Unit, &c.Floors, &c.People); err != nil {
			return nil, classify(err)
		}
		out = append(out, c)
	}
	return out, classify(rows.Err())
}

// TestVisits lists a round's home visits in the order they were planned.
func (v View) TestVisits(ctx context.Context, roundID string) ([]TestVisit, error) {
	rows, err := v.q.QueryContext(ctx, `SELECT id, round_id, household_id, people FROM test_visits WHERE round_id = ? ORDER BY rowid`, roundID)
	if err != nil {
		return nil, classify(err)
	}
	defer rows.Close()
	out := []TestVisit{}
	for rows.Next() {
		var t TestVisit
		if err := rows.Scan(&t.ID, &t.RoundID, &t.HouseholdID, &t.People); err != nil {
			return nil, classify(err)
		}
		out = append(out, t)
	}
	return out, classify(rows.Err())
}

// Tested lists who was tested in a round, by person ID.
func (v View) Tested(ctx context.Context, roundID string) (map[string]bool, error) {
	ids, err := queryStrings(ctx, v.q, `SELECT person_id FROM test_done WHERE round_id = ? ORDER BY person_id`, roundID)
	if err != nil {
		return nil, err
	}
	out := make(map[string]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out, nil
}

// AddTestRound records a round with its calls and home visits; it
// returns the round's ID.
func (tx *Tx) AddTestRound(r TestRound, calls []TestCall, visits []TestVisit) (string, error) {
	id := tx.NewID()
	if err := tx.insert(tTestRounds, id, map[string]any{"on_date": r.On, "start": r.Start, "stations": int64(r.Stations),
		"service": r.Service, "max_queue": int64(r.MaxQueue), "per_floor": r.PerFloor, "walks": r.Walks,
		"people": int64(r.People), "staff": int64(r.Staff), "finish": r.Finish, "closed_at": "",
		"tested": int64(0), "missing": int64(0), "visits": int64(0)}); err != nil {
		return "", err
	}
	for _, c := range calls {
		if err := tx.insert(tTestCalls, tx.NewID(), map[string]any{"round_id": id, "wave": int64(c.Wave), "call_at": c.At,
			"building": c.Building, "unit": c.Unit, "floors": c.Floors, "people": int64(c.People)}); err != nil {
			return "", err
		}
	}
	for _, v := range visits {
		if err := tx.insert(tTestVisits, tx.NewID(), map[string]any{"round_id": id, "household_id": v.HouseholdID,
			"people": int64(v.People)}); err != nil {
			return "", err
		}
	}
	return id, nil
}

// ErrClosed: the round is closed and takes no more changes.
var ErrClosed = Errorf("already closed")

// MarkTested records the people as tested in an open round, those not
// already; it returns how many it recorded.
func (tx *Tx) MarkTested(roundID string, personIDs []string) (int, error) {
	r, err := tx.FindTestRound(tx.ctx, roundID)
	if err != nil {
		return 0, err
	}
	if r.ClosedAt != "" {
		return 0, &FieldError{Field: "ROUND", Value: Short(r.ID), Want: T("an open testing round"), Err: ErrClosed}
	}
	done, err := tx.Tested(tx.ctx, r.ID)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, p := range personIDs {
		if done[p] {
			continue
		}
		if _, err := tx.person(p); err != nil {
			return 0, err
		}
		if err := tx.insert(tTestDone, tx.NewID(), map[string]any{"round_id": r.ID, "person_id": p,
			"at": tx.at.UTC().Format("2006-01-02T15:04:05Z")}); err != nil {
			return 0, err
		}
		done[p] = true
		n++
	}
	return n, nil
}

// CloseTestRound records a round's final counts and closes it.
func (tx *Tx) CloseTestRound(roundID string, tested, missing, visits int) error {
	r, err := tx.FindTestRound(tx.ctx, roundID)
	if err != nil {
		return err
	}
	if r.ClosedAt != "" {
		return &FieldError{Field: "ROUND", Value: Short(r.ID), Want: T("an open testing round"), Err: ErrClosed}
	}
	return tx.update(tTestRounds, r.ID, map[string]any{"closed_at": tx.at.UTC().Format("2006-01-02T15:04:05Z"),
		"tested": int64(tested), "missing": int64(missing), "visits": int64(visits)})
}
