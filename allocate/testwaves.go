package allocate

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Mass testing in waves (核酸): call the compound down unit by unit so the
// queue at the testing site stays short, and predict what that gives.
//
// The model, in whole seconds from the round's start:
//   - A group called at T comes down floor by floor: the n people of floor
//     f arrive spread evenly over [T+Walk+f·PerFloor, T+Walk+(f+1)·PerFloor),
//     the k-th of them (from 0) at T+Walk+f·PerFloor+⌊k·PerFloor/n⌋. Walk
//     is the building's walk to the site. Property staff, already at work,
//     come as one group at the start, spread over the time the stations
//     take to test them.
//   - Stations test first come, first served: arrivals in time order (ties
//     by group, then place in the group), each taking the station free
//     first; a test takes Service seconds.
//   - The queue at a time is the people arrived and not yet at a station;
//     the longest queue is its maximum over the arrival instants; a wait is
//     the time from arrival to a station.

// TestFloor is the people present on one floor of a unit.
type TestFloor struct {
	Floor  int `json:"floor"`
	People int `json:"people"`
}

// TestUnit is a unit of a building (or a whole building without units):
// its people by floor, and the walk from its door to the site in seconds.
// Rank orders units (address order); ties end on Building, Unit.
type TestUnit struct {
	Building string      `json:"building"`
	Unit     string      `json:"unit"`
	Rank     int         `json:"rank"`
	Walk     int64       `json:"walk"`
	Floors   []TestFloor `json:"floors"`
}

// TestInput is a testing round to plan. Service is the seconds one test
// takes at one station; Step the spacing of call times in seconds (call
// times are multiples of it); MaxQueue the longest queue allowed.
type TestInput struct {
	Units    []TestUnit `json:"units"`
	Staff    int        `json:"staff"`
	Stations int        `json:"stations"`
	Service  int64      `json:"service"`
	PerFloor int64      `json:"per_floor"`
	MaxQueue int        `json:"max_queue"`
	Step     int64      `json:"step"`
}

// TestGroup is who is called together: a unit, or floors From-To of one
// when the unit has more people than the queue allows. Floors is "" for
// the whole unit, else "1-6", or "11" for one floor.
type TestGroup struct {
	Building string `json:"building"`
	Unit     string `json:"unit"`
	Floors   string `json:"floors"`
	People   int    `json:"people"`
	From     int    `json:"-"`
	To       int    `json:"-"`
	unit     int    // index in the normalised units
}

// TestWave is the groups called at Start (seconds from the round's start).
type TestWave struct {
	Start  int64       `json:"start"`
	Groups []TestGroup `json:"groups"`
}

// TestOutcome is what the simulation predicts for a schedule: the last
// test's end, the longest queue, the longest wait (seconds).
type TestOutcome struct {
	Finish   int64 `json:"finish"`
	MaxQueue int   `json:"max_queue"`
	MaxWait  int64 `json:"max_wait"`
}

// TestPlan is PlanTesting's answer: the waves in time order, the staff
// called at 0, the predicted outcome, the lower bound on the finish, and
// the two ways compounds did it before: everyone at once, and one group
// after another with no gap (the next called when the last of the one
// before is tested).
type TestPlan struct {
	Waves      []TestWave  `json:"waves"`
	Staff      int         `json:"staff"`
	People     int         `json:"people"`
	Outcome    TestOutcome `json:"outcome"`
	LowerBound int64       `json:"lower_bound"`
	AllAtOnce  TestOutcome `json:"all_at_once"`
	UnitByUnit TestOutcome `json:"unit_by_unit"`
}

// testCall is a group called at a time.
type testCall struct {
	g     TestGroup
	at    int64
	index int // its place among the calls, which orders ties
}

// maxTries is how many groups PlanTesting tries at one call time after
// the first that did not fit: enough to let a smaller group in after a
// larger one, few enough that a long round plans in time linear in its
// calls.
const maxTries = 4

// PlanTesting makes the wave schedule: the units, split by floors where
// one has more people than MaxQueue, are called at multiples of Step so
// that the predicted queue never exceeds MaxQueue. Method: at each call
// time in turn, the groups not yet called are tried in order (Rank, then
// building and unit, then floors), until maxTries of them did not fit,
// and each is called then if the simulation with it keeps the queue
// within MaxQueue; a group that alone
// would exceed it (one floor with more people than MaxQueue) is called
// when the site is empty. It is pure and deterministic.
func PlanTesting(in TestInput) TestPlan {
	in = normTesting(in)
	groups := testGroups(in)
	plan := TestPlan{Waves: []TestWave{}, Staff: in.Staff}
	for _, g := range groups {
		plan.People += g.People
	}
	plan.People += in.Staff
	plan.LowerBound = testLowerBound(in, plan.People)
	var calls []testCall
	base := arrivals(in, nil) // the staff
	cur := stations(in, base)
	pending := groups
	for at := int64(0); len(pending) > 0; at += in.Step {
		var wave, left []TestGroup
		fails := 0
		for gi, g := range pending {
			if fails == maxTries {
				left = append(left, pending[gi:]...)
				break
			}
			// A group that alone exceeds MaxQueue, called when the site
			// was empty, raised the longest queue: later ones keep to it.
			limit := max(in.MaxQueue, cur.MaxQueue)
			c := testCall{g, at, len(calls)}
			try := mergeArrivals(base, groupArrivals(in, c))
			out := stations(in, try)
			if out.MaxQueue <= limit || g.People > limit && cur.Finish <= at {
				calls = append(calls, c)
				base, cur = try, out
				wave = append(wave, g)
				continue
			}
			fails++
			left = append(left, g)
		}
		pending = left
		if len(wave) > 0 {
			plan.Waves = append(plan.Waves, TestWave{Start: at, Groups: wave})
		}
	}
	plan.Outcome = simulateTesting(in, calls)
	var all []testCall
	for _, g := range groups {
		all = append(all, testCall{g: g})
	}
	plan.AllAtOnce = simulateTesting(in, all)
	plan.UnitByUnit = unitByUnit(in, groups)
	return plan
}

// SimulateTesting predicts the outcome of calling each group of waves at
// its wave's start (and the staff at 0): what the bench checks against an
// independent simulation.
func SimulateTesting(in TestInput, waves []TestWave) TestOutcome {
	in = normTesting(in)
	var calls []testCall
	units := map[[2]string]int{}
	for i, u := range in.Units {
		units[[2]string{u.Building, u.Unit}] = i
	}
	for _, w := range waves {
		for _, g := range w.Groups {
			if i, ok := units[[2]string{g.Building, g.Unit}]; ok {
				g.unit = i
				g.From, g.To = floorRange(g.Floors)
				calls = append(calls, testCall{g: g, at: w.Start})
			}
		}
	}
	return simulateTesting(in, calls)
}

// floorRange reads a group's Floors: "" for every floor, "5" or "1-6".
func floorRange(s string) (int, int) {
	if s == "" {
		return -1 << 31, 1<<31 - 1
	}
	from, to, ok := strings.Cut(s, "-")
	a, err1 := strconv.Atoi(from)
	b, err2 := strconv.Atoi(to)
	switch {
	case !ok && err1 == nil:
		return a, a
	case err1 == nil && err2 == nil:
		return a, b
	}
	return 1, 0 // no floor
}

func normTesting(in TestInput) TestInput {
	in.Stations = max(in.Stations, 1)
	in.Service = max(in.Service, 1)
	in.PerFloor = max(in.PerFloor, 0)
	in.MaxQueue = max(in.MaxQueue, 1)
	in.Step = max(in.Step, 1)
	units := slices.Clone(in.Units)
	slices.SortFunc(units, func(a, b TestUnit) int {
		return cmp.Or(cmp.Compare(a.Rank, b.Rank), cmp.Compare(a.Building, b.Building), cmp.Compare(a.Unit, b.Unit))
	})
	in.Units = units[:0:0]
	for _, u := range units {
		if n := len(in.Units); n > 0 && in.Units[n-1].Building == u.Building && in.Units[n-1].Unit == u.Unit {
			continue // a repeated unit keeps the first
		}
		floors := map[int]int{}
		for _, f := range u.Floors {
			if f.People > 0 {
				floors[f.Floor] += f.People
			}
		}
		u.Floors = nil
		for _, f := range sortedIntKeys(floors) {
			u.Floors = append(u.Floors, TestFloor{f, floors[f]})
		}
		u.Walk = max(u.Walk, 0)
		if len(u.Floors) > 0 {
			in.Units = append(in.Units, u)
		}
	}
	return in
}

func sortedIntKeys(m map[int]int) []int {
	keys := make([]int, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// testGroups splits each unit into as few runs of floors as keep every
// run within MaxQueue (from the lowest floor up), a run being at least
// one floor.
func testGroups(in TestInput) []TestGroup {
	var out []TestGroup
	for ui, u := range in.Units {
		total := 0
		for _, f := range u.Floors {
			total += f.People
		}
		if total <= in.MaxQueue {
			out = append(out, TestGroup{Building: u.Building, Unit: u.Unit, People: total, From: -1 << 31, To: 1<<31 - 1, unit: ui})
			continue
		}
		var cur *TestGroup
		for _, f := range u.Floors {
			if cur == nil || cur.People+f.People > in.MaxQueue {
				out = append(out, TestGroup{Building: u.Building, Unit: u.Unit, From: f.Floor, unit: ui})
				cur = &out[len(out)-1]
			}
			cur.People += f.People
			cur.To = f.Floor
			cur.Floors = fmt.Sprintf("%d-%d", cur.From, cur.To)
			if cur.From == cur.To {
				cur.Floors = fmt.Sprint(cur.From)
			}
		}
	}
	return out
}

// testLowerBound is the earliest the last test can end: the first arrival
// (the staff at 0, else the shortest walk), then ⌈P ÷ N⌉ tests back to
// back at the busiest station. It is the issue's ⌈P ÷ (N × R)⌉ minutes
// plus the smallest walk, counted in seconds and so never above it by
// more than the rounding to a minute.
func testLowerBound(in TestInput, people int) int64 {
	if people == 0 {
		return 0
	}
	first := int64(-1)
	for _, u := range in.Units {
		if first < 0 || u.Walk < first {
			first = u.Walk
		}
	}
	if in.Staff > 0 || first < 0 {
		first = 0 // the staff are at the site
	}
	return first + (int64(people)+int64(in.Stations)-1)/int64(in.Stations)*in.Service
}

// arrival is one person reaching the site: when, and their call (-1 for
// the staff) and place in it, which order ties.
type arrival struct {
	at          int64
	call, index int
}

func arrivalOrder(a, b arrival) int {
	return cmp.Or(cmp.Compare(a.at, b.at), cmp.Compare(a.call, b.call), cmp.Compare(a.index, b.index))
}

// arrivals lists when the staff and each person of calls reach the site,
// in the order the stations take them.
func arrivals(in TestInput, calls []testCall) []arrival {
	var as []arrival
	for k := range in.Staff {
		as = append(as, arrival{int64(k) * in.Service / int64(in.Stations), -1, k})
	}
	for ci, c := range calls {
		c.index = ci
		as = append(as, groupArrivals(in, c)...)
	}
	slices.SortFunc(as, arrivalOrder)
	return as
}

// groupArrivals lists the arrivals of one call, in order.
func groupArrivals(in TestInput, c testCall) []arrival {
	u := in.Units[c.g.unit]
	var as []arrival
	k := 0
	for _, f := range u.Floors {
		if f.Floor < c.g.From || f.Floor > c.g.To {
			continue
		}
		base := c.at + u.Walk + int64(max(f.Floor, 0))*in.PerFloor
		for i := range f.People {
			as = append(as, arrival{base + int64(i)*in.PerFloor/int64(f.People), c.index, k})
			k++
		}
	}
	slices.SortFunc(as, arrivalOrder)
	return as
}

// mergeArrivals merges two ordered lists into a new one.
func mergeArrivals(a, b []arrival) []arrival {
	out := make([]arrival, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		if arrivalOrder(a[i], b[j]) <= 0 {
			out = append(out, a[i])
			i++
		} else {
			out = append(out, b[j])
			j++
		}
	}
	return append(append(out, a[i:]...), b[j:]...)
}

// simulateTesting runs the stations over the arrivals of calls.
func simulateTesting(in TestInput, calls []testCall) TestOutcome {
	return stations(in, arrivals(in, calls))
}

// stations runs the stations over ordered arrivals. With one service time
// for all, first come first served gives the i-th person the station the
// (i−N)-th left: start_i = max(arrival_i, start_{i−N} + Service).
func stations(in TestInput, arr []arrival) TestOutcome {
	n := in.Stations
	starts := make([]int64, len(arr))
	var out TestOutcome
	for i, a := range arr {
		start := a.at
		if i >= n {
			start = max(start, starts[i-n]+in.Service)
		}
		starts[i] = start
		out.Finish = max(out.Finish, start+in.Service)
		out.MaxWait = max(out.MaxWait, start-a.at)
	}
	// The queue at each arrival instant: arrived by then, not started by
	// then (starts are in order, as arrivals are).
	started := 0
	for i := 0; i < len(arr); i++ {
		t := arr[i].at
		for i+1 < len(arr) && arr[i+1].at == t {
			i++
		}
		for started < len(starts) && starts[started] <= t {
			started++
		}
		out.MaxQueue = max(out.MaxQueue, i+1-started)
	}
	return out
}

// unitByUnit calls the staff, then each group when the last person of the
// one before is tested.
func unitByUnit(in TestInput, groups []TestGroup) TestOutcome {
	base := arrivals(in, nil)
	out := stations(in, base)
	for i, g := range groups {
		base = mergeArrivals(base, groupArrivals(in, testCall{g, out.Finish, i}))
		out = stations(in, base)
	}
	return out
}
