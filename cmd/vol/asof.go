package main

import (
	"context"
	"time"

	"vol/ledger"
)

// pastDay is the ledger as it stood at the end of a day (vol status
// --as-of; vol bulletin and vol report are to take the same).
type pastDay struct {
	*ledger.AsOfView
	// On is the day, as a.date gives days (midnight UTC): ages are
	// counted on it.
	On time.Time
	// Now is where the day's counts that run to an instant end (cards out
	// for hours, runs this week): the day's last instant, or now for today.
	Now time.Time
}

// asOf rebuilds the ledger as it stood at the end of day (YYYY-MM-DD, the
// compound's day, checked by the caller) from its journal. It refuses a
// day after today, when the figures are not there yet, and a day before
// the ledger's first entry, when there were none: both are usage errors
// naming the days it takes. The caller closes what it returns.
func (a *App) asOf(ctx context.Context, db *ledger.DB, day string) (*pastDay, error) {
	d, err := time.Parse("2006-01-02", day)
	if err != nil {
		return nil, usageErr(&ledger.FieldError{Field: "--as-of", Value: day, Accepted: "YYYY-MM-DD", Err: ledger.ErrInvalid})
	}
	zone := a.zone()
	began, err := db.Began(ctx)
	if err != nil {
		return nil, err
	}
	today, first := dayOf(a.Now().In(zone)), dayOf(began.In(zone))
	if d.After(today) || d.Before(first) {
		return nil, usageErr(&ledger.FieldError{Field: "--as-of", Value: day,
			Accepted: a.T("asof.accept", first.Format("2006-01-02"), today.Format("2006-01-02")), Err: ledger.ErrInvalid})
	}
	// The day's last instant in the compound's zone (AddDate keeps a day
	// whole across a change of clocks).
	end := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, zone).AddDate(0, 0, 1).Add(-time.Nanosecond)
	v, err := db.AsOf(ctx, end)
	if err != nil {
		return nil, err
	}
	p := &pastDay{AsOfView: v, On: d, Now: end}
	if d.Equal(today) {
		p.Now = a.Now()
	}
	return p, nil
}

// dayOf is t's calendar day in t's zone, as midnight UTC.
func dayOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
