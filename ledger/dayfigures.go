package ledger

import (
	"context"
	"time"
)

// DayFigures are one day's counts for the bulletin: the register as it
// stood at the end of the day (the view's tables) and what happened during
// it. A section with no data that day is nil, not zero: packs (no round
// yet), medicine (no request yet), testing (no round that day), buys (no
// buy yet), shifts (no rota recorded that day).
type DayFigures struct {
	Status
	UnpairedElderHouseholds int `json:"unpaired_elder_households"`

	PacksDelivered *int `json:"packs_delivered"`
	RoundsOpen     *int `json:"rounds_open"`

	MedRequestsOpened *int `json:"med_requests_opened"`
	MedFilled         *int `json:"med_filled"`
	MedNotFound       *int `json:"med_not_found"`
	MedCardsOut       *int `json:"med_cards_out"`

	Tested     *int `json:"tested"`
	TestPeople *int `json:"test_people"`

	BuysDelivered *int `json:"buys_delivered"`

	ShiftsFilled   *int `json:"shifts_filled"`
	ShiftsUnfilled *int `json:"shifts_unfilled"`
}

// DayFigures counts the day that starts at start and ends at end (the
// compound's midnights, as instants); ages are counted on on.
func (v View) DayFigures(ctx context.Context, start, end, on time.Time, elderAge int) (DayFigures, error) {
	var f DayFigures
	var err error
	if f.Status, f.UnpairedElderHouseholds, err = v.StatusOn(ctx, on, elderAge); err != nil {
		return f, err
	}
	from, to := start.UTC().Format("2006-01-02T15:04:05Z"), end.UTC().Format("2006-01-02T15:04:05Z")
	day := start.Format("2006-01-02")
	count := func(query string, args ...any) (int, error) {
		var n int
		err := v.q.QueryRowContext(ctx, query, args...).Scan(&n)
		return n, classify(err)
	}
	some := func(query string, args ...any) (bool, error) {
		n, err := count(query, args...)
		return n > 0, err
	}
	set := func(dst **int, query string, args ...any) error {
		n, err := count(query, args...)
		if err != nil {
			return err
		}
		*dst = &n
		return nil
	}
	// Rounds: packs handed over that day, rounds not void with lines still
	// to hand over.
	if ok, err := some(`SELECT count(*) FROM rounds WHERE on_date <= ?`, day); err != nil {
		return f, err
	} else if ok {
		if err := set(&f.PacksDelivered, `SELECT coalesce(sum(l.packs), 0) FROM deliveries d JOIN round_lines l ON l.id = d.id
			WHERE d.at >= ? AND d.at < ?`, from, to); err != nil {
			return f, err
		}
		if err := set(&f.RoundsOpen, `SELECT count(*) FROM rounds r WHERE r.id NOT IN (SELECT id FROM round_voids)
			AND EXISTS (SELECT 1 FROM round_lines l WHERE l.round_id = r.id AND l.packs > 0
				AND l.id NOT IN (SELECT id FROM deliveries))`); err != nil {
			return f, err
		}
	}
	// Medicine: requests opened, filled, not found on runs closed that
	// day; cards out of their homes at the end of it.
	if ok, err := some(`SELECT count(*) FROM med_requests WHERE requested_at < ?`, to); err != nil {
		return f, err
	} else if ok {
		for _, q := range []struct {
			dst   **int
			query string
			args  []any
		}{
			{&f.MedRequestsOpened, `SELECT count(*) FROM med_requests WHERE requested_at >= ? AND requested_at < ?`, []any{from, to}},
			{&f.MedFilled, `SELECT count(*) FROM med_requests WHERE status = 'got' AND closed_at >= ? AND closed_at < ?`, []any{from, to}},
			{&f.MedNotFound, `SELECT count(*) FROM med_run_items i JOIN med_runs r ON r.id = i.run_id
				WHERE i.outcome = 'not_found' AND r.closed_at >= ? AND r.closed_at < ?`, []any{from, to}},
			{&f.MedCardsOut, `SELECT count(*) FROM med_cards WHERE taken_at < ? AND (returned_at = '' OR returned_at >= ?)`, []any{to, to}},
		} {
			if err := set(q.dst, q.query, q.args...); err != nil {
				return f, err
			}
		}
	}
	// Testing: the rounds of that day, tested and to test.
	if ok, err := some(`SELECT count(*) FROM test_rounds WHERE on_date = ?`, day); err != nil {
		return f, err
	} else if ok {
		if err := set(&f.Tested, `SELECT count(DISTINCT d.person_id) FROM test_done d JOIN test_rounds r ON r.id = d.round_id
			WHERE r.on_date = ?`, day); err != nil {
			return f, err
		}
		if err := set(&f.TestPeople, `SELECT coalesce(sum(people), 0) FROM test_rounds WHERE on_date = ?`, day); err != nil {
			return f, err
		}
	}
	// Group buys: households that received their goods that day.
	if ok, err := some(`SELECT count(*) FROM buys WHERE created_at < ?`, to); err != nil {
		return f, err
	} else if ok {
		if err := set(&f.BuysDelivered, `SELECT count(*) FROM buy_deliveries WHERE at >= ? AND at < ?`, from, to); err != nil {
			return f, err
		}
	}
	// Shifts: places recorded for the day, and those the posts need but
	// the rota left empty.
	if ok, err := some(`SELECT count(*) FROM rota_seats WHERE on_date = ?`, day); err != nil {
		return f, err
	} else if ok {
		if err := set(&f.ShiftsFilled, `SELECT count(*) FROM rota_seats WHERE on_date = ?`, day); err != nil {
			return f, err
		}
		set, err := v.Settings(ctx)
		if err != nil {
			return f, err
		}
		posts, err := v.Posts(ctx)
		if err != nil {
			return f, err
		}
		need := 0
		for _, p := range posts {
			n := len(p.Shifts)
			if n == 0 {
				n = len(set.Shifts)
			}
			need += n * p.Need
		}
		unfilled := max(need-*f.ShiftsFilled, 0)
		f.ShiftsUnfilled = &unfilled
	}
	return f, nil
}

// Minus is f − g for the figures both have (nil where either has none):
// the change since the day before.
func (f DayFigures) Minus(g DayFigures) DayFigures {
	d := DayFigures{Status: Status{
		RegisteredHouseholds:     f.RegisteredHouseholds - g.RegisteredHouseholds,
		PresentHouseholds:        f.PresentHouseholds - g.PresentHouseholds,
		PresentResidents:         f.PresentResidents - g.PresentResidents,
		Elders:                   f.Elders - g.Elders,
		ElderHouseholds:          f.ElderHouseholds - g.ElderHouseholds,
		LargeHouseholds:          f.LargeHouseholds - g.LargeHouseholds,
		PropertyStaff:            f.PropertyStaff - g.PropertyStaff,
		StrandedWorkerHouseholds: f.StrandedWorkerHouseholds - g.StrandedWorkerHouseholds,
		Volunteers:               f.Volunteers - g.Volunteers,
	}, UnpairedElderHouseholds: f.UnpairedElderHouseholds - g.UnpairedElderHouseholds}
	sub := func(a, b *int) *int {
		if a == nil || b == nil {
			return nil
		}
		n := *a - *b
		return &n
	}
	d.PacksDelivered, d.RoundsOpen = sub(f.PacksDelivered, g.PacksDelivered), sub(f.RoundsOpen, g.RoundsOpen)
	d.MedRequestsOpened, d.MedFilled = sub(f.MedRequestsOpened, g.MedRequestsOpened), sub(f.MedFilled, g.MedFilled)
	d.MedNotFound, d.MedCardsOut = sub(f.MedNotFound, g.MedNotFound), sub(f.MedCardsOut, g.MedCardsOut)
	d.Tested, d.TestPeople = sub(f.Tested, g.Tested), sub(f.TestPeople, g.TestPeople)
	d.BuysDelivered = sub(f.BuysDelivered, g.BuysDelivered)
	d.ShiftsFilled, d.ShiftsUnfilled = sub(f.ShiftsFilled, g.ShiftsFilled), sub(f.ShiftsUnfilled, g.ShiftsUnfilled)
	return d
}
