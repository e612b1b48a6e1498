// Package duty turns the register into allocate's problems: the elders' pairing
// (PairInput, for vol pair elders and make bench's P1), and the duty rota's for
// allocate.PlanRota and back: the posts' seats over some days in the
// compound's time, the present volunteers with what they cannot do, and
// what is recorded already. It reads; the command records.
package duty

import (
	"context"
	"slices"
	"strconv"
	"time"

	"vol/allocate"
	"vol/ledger"
)

// MaxSeats bounds a plan: the solver keeps a seat × seat table.
const MaxSeats = 5000

// MaxDays bounds the days of one plan.
const MaxDays = 31

// Seat is one shift of one post on one day: what allocate's seat ID
// stands for.
type Seat struct {
	ID, Date, Shift, PostID, Post, Building string
	Start, End                              time.Time
	Night                                   bool
}

// SeatID is the seat's ID in the problem: date/shift/post ID.
func SeatID(date, shift, postID string) string { return date + "/" + shift + "/" + postID }

// Problem is the rota over Days days from First (YYYY-MM-DD) to Last.
// Input.Existing holds what is recorded for those days; Recorded is every
// recorded seat, Seats the seats by ID, Volunteers the present volunteers
// by ID, People everyone registered by ID (a recorded seat may name
// someone who has left since), Shifts the day's shifts.
type Problem struct {
	Input       allocate.RotaInput
	Seats       map[string]Seat
	Volunteers  map[string]ledger.Person
	People      map[string]ledger.Person
	Recorded    []ledger.RotaSeat
	Shifts      []ledger.Shift
	First, Last string
	Day0        time.Time // midnight of First in the compound's zone
}

// Options say which days and how much rest: RestHours 0 means none.
type Options struct {
	From      time.Time // the first day (its date counts, not its zone)
	Days      int
	RestHours int
}

// Build reads the problem from v, with ages counted on on.
func Build(ctx context.Context, v ledger.View, on time.Time, o Options) (*Problem, error) {
	if o.Days < 1 || o.Days > MaxDays {
		return nil, &ledger.FieldError{Field: "--days", Value: strconv.Itoa(o.Days), Want: ledger.T("1 to 31 days"), Err: ledger.ErrInvalid}
	}
	set, err := v.Settings(ctx)
	if err != nil {
		return nil, err
	}
	reg, err := v.Register(ctx, on)
	if err != nil {
		return nil, err
	}
	posts, err := v.Posts(ctx)
	if err != nil {
		return nil, err
	}
	recorded, err := v.RotaSeats(ctx)
	if err != nil {
		return nil, err
	}
	avail, err := v.Availability(ctx)
	if err != nil {
		return nil, err
	}
	zone := set.Zone()
	day0 := time.Date(o.From.Year(), o.From.Month(), o.From.Day(), 0, 0, 0, 0, zone)
	pr := &Problem{Seats: map[string]Seat{}, Volunteers: map[string]ledger.Person{}, People: map[string]ledger.Person{}, Recorded: recorded,
		Shifts: set.Shifts, Day0: day0,
		First: day0.Format("2006-01-02"), Last: day0.AddDate(0, 0, o.Days-1).Format("2006-01-02")}
	in := &pr.Input
	in.Rest = int64(o.RestHours) * 60
	if o.RestHours == 0 {
		in.Rest = -1
	}
	for dd := range o.Days {
		date := day0.AddDate(0, 0, dd)
		for _, p := range posts {
			var where allocate.Location
			if p.Building != "" {
				if b, err := ledger.ParseBuilding(p.Building); err == nil {
					where = Location(ledger.Address{Area: b.Area, Building: b.Building})
				}
			}
			for _, sh := range set.Shifts {
				if len(p.Shifts) > 0 && !slices.Contains(p.Shifts, sh.Name) {
					continue
				}
				s := pr.seat(date, sh, p)
				pr.Seats[s.ID] = s
				in.Seats = append(in.Seats, allocate.RotaSeat{ID: s.ID, Day: dd, Shift: sh.Name, Post: p.ID,
					Start: pr.Minute(s.Start), End: pr.Minute(s.End), Week: dd / 7, Night: sh.Night(),
					Need: p.Need, Skill: p.Skill, Place: where})
			}
		}
	}
	if len(in.Seats) > MaxSeats {
		return nil, &ledger.FieldError{Field: "--days", Value: strconv.Itoa(o.Days), Want: ledger.T("few enough days that the posts make at most %d seats", MaxSeats), Err: ledger.ErrInvalid}
	}
	history, nights := map[string]int{}, map[string]int{}
	for _, s := range recorded {
		switch {
		case s.On < pr.First:
			history[s.PersonID]++
			if sh, ok := ledger.FindShift(set.Shifts, s.Shift); ok && sh.Night() {
				nights[s.PersonID]++
			}
		case s.On <= pr.Last:
			in.Existing = append(in.Existing, allocate.RotaAssignment{Seat: SeatID(s.On, s.Shift, s.PostID), Volunteer: s.PersonID})
		}
	}
	for _, p := range reg.People {
		pr.People[p.ID] = p
		if !p.Present || !p.Volunteer {
			continue
		}
		pr.Volunteers[p.ID] = p
		av := avail[p.ID]
		vol := allocate.RotaVolunteer{ID: p.ID, Skills: p.Skills, Home: Location(p.Address), History: history[p.ID],
			NightsBefore: nights[p.ID], NoNights: av.NoNights || ledger.Age(p.Birth, reg.On) >= set.NightAge, MaxPerWeek: av.MaxPerWeek}
		for dd := range o.Days {
			date := day0.AddDate(0, 0, dd)
			for _, sh := range set.Shifts {
				if slices.ContainsFunc(av.Not, func(n string) bool { return ledger.NotOn(n, date, sh.Name) }) {
					start, end := shiftTimes(date, sh)
					vol.Unavailable = append(vol.Unavailable, allocate.RotaWindow{Start: pr.Minute(start), End: pr.Minute(end)})
				}
			}
		}
		in.Volunteers = append(in.Volunteers, vol)
	}
	return pr, nil
}

// RecordedSeat is the seat a recorded place stands on: the problem's own,
// or, for a post removed or a shift renamed since, one made from the
// record (its times from the shifts when the name is still one of them).
func (pr *Problem) RecordedSeat(r ledger.RotaSeat) Seat {
	if s, ok := pr.Seats[SeatID(r.On, r.Shift, r.PostID)]; ok {
		return s
	}
	s := Seat{ID: SeatID(r.On, r.Shift, r.PostID), Date: r.On, Shift: r.Shift, PostID: r.PostID, Post: ledger.Short(r.PostID)}
	if date, err := time.ParseInLocation("2006-01-02", r.On, pr.Day0.Location()); err == nil {
		s.Start, s.End = date, date
		if sh, ok := ledger.FindShift(pr.Shifts, r.Shift); ok {
			s.Start, s.End = shiftTimes(date, sh)
			s.Night = sh.Night()
		}
	}
	return s
}

// InRange lists the recorded places from First to Last.
func (pr *Problem) InRange() []ledger.RotaSeat {
	var out []ledger.RotaSeat
	for _, r := range pr.Recorded {
		if r.On >= pr.First && r.On <= pr.Last {
			out = append(out, r)
		}
	}
	return out
}

// Minute is t in the problem's minutes (from midnight of its first day).
func (pr *Problem) Minute(t time.Time) int64 { return int64(t.Sub(pr.Day0) / time.Minute) }

func (pr *Problem) seat(date time.Time, sh ledger.Shift, p ledger.Post) Seat {
	start, end := shiftTimes(date, sh)
	d := date.Format("2006-01-02")
	return Seat{ID: SeatID(d, sh.Name, p.ID), Date: d, Shift: sh.Name, PostID: p.ID, Post: p.Name, Building: p.Building,
		Start: start, End: end, Night: sh.Night()}
}

// shiftTimes is when shift sh of date starts and ends, in date's zone (a
// night ends the next morning; a day that changes its clock moves it).
func shiftTimes(date time.Time, sh ledger.Shift) (time.Time, time.Time) {
	at := func(day time.Time, min int) time.Time {
		return time.Date(day.Year(), day.Month(), day.Day(), min/60, min%60, 0, 0, day.Location())
	}
	start := at(date, sh.Start)
	end := at(date, sh.End)
	if sh.Night() {
		end = at(date.AddDate(0, 0, 1), sh.End)
	}
	return start, end
}

// Location is where an address is, as allocate measures distance.
func Location(a ledger.Address) allocate.Location {
	return allocate.Location{Area: a.Area, Building: a.Building, BuildingNum: leadingInt(a.Building), Unit: a.Unit}
}

func leadingInt(s string) int {
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			break
		}
		n = n*10 + int(r-'0')
	}
	return n
}
