package hub

import "vol/cmd/internal/report"

// Figures are a compound's figures of a day, or a sum of them: one field
// per report.FigureKeys, in that order (TestFigures checks), nil where no
// report (or no compound summed) had one. A struct rather than a map, so a
// district's day of 6,000 compounds is read and encoded without a map per
// compound, and embedded in Compound its keys sit beside the compound's.
type Figures struct {
	RegisteredHouseholds     *int64 `json:"registered_households"`
	PresentHouseholds        *int64 `json:"present_households"`
	PresentResidents         *int64 `json:"present_residents"`
	Elders                   *int64 `json:"elders"`
	ElderHouseholds          *int64 `json:"elder_households"`
	LargeHouseholds          *int64 `json:"large_households"`
	PropertyStaff            *int64 `json:"property_staff"`
	StrandedWorkerHouseholds *int64 `json:"stranded_worker_households"`
	Volunteers               *int64 `json:"volunteers"`
	UnpairedElderHouseholds  *int64 `json:"unpaired_elder_households"`
	MedOpenRequests          *int64 `json:"med_open_requests"`
	PacksDelivered           *int64 `json:"packs_delivered"`
	RoundsOpen               *int64 `json:"rounds_open"`
	MedRequestsOpened        *int64 `json:"med_requests_opened"`
	MedFilled                *int64 `json:"med_filled"`
	MedNotFound              *int64 `json:"med_not_found"`
	MedCardsOut              *int64 `json:"med_cards_out"`
	Tested                   *int64 `json:"tested"`
	TestPeople               *int64 `json:"test_people"`
	BuysDelivered            *int64 `json:"buys_delivered"`
	ShiftsFilled             *int64 `json:"shifts_filled"`
	ShiftsUnfilled           *int64 `json:"shifts_unfilled"`
}

// numFigures is len(report.FigureKeys).
const numFigures = 22

// slots are the fields in report.FigureKeys' order.
func (f *Figures) slots() [numFigures]**int64 {
	return [numFigures]**int64{&f.RegisteredHouseholds, &f.PresentHouseholds, &f.PresentResidents, &f.Elders, &f.ElderHouseholds, &f.LargeHouseholds, &f.PropertyStaff, &f.StrandedWorkerHouseholds, &f.Volunteers, &f.UnpairedElderHouseholds, &f.MedOpenRequests, &f.PacksDelivered, &f.RoundsOpen, &f.MedRequestsOpened, &f.MedFilled, &f.MedNotFound, &f.MedCardsOut, &f.Tested, &f.TestPeople, &f.BuysDelivered, &f.ShiftsFilled, &f.ShiftsUnfilled}
}

// figureIndex is each figure key's place in report.FigureKeys.
var figureIndex = func() map[string]int {
	m := map[string]int{}
	for i, k := range report.FigureKeys {
		m[k] = i
	}
	return m
}()

// Get is the figure of key (nil when none, or for a key it does not have).
func (f Figures) Get(key string) *int64 {
	i, ok := figureIndex[key]
	if !ok {
		return nil
	}
	return *f.slots()[i]
}

// add sums g into f: a figure stays nil only while every one summed was.
func (f *Figures) add(g *Figures) {
	fs, gs := f.slots(), g.slots()
	for i := range fs {
		if *gs[i] == nil {
			continue
		}
		n := **gs[i]
		if *fs[i] != nil {
			n += **fs[i]
		}
		*fs[i] = &n
	}
}
