package allocate

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// BenchmarkPlanRota plans issue 17's bench instance: 300 volunteers,
// 7 days × 3 shifts × 5 posts of 2-4 seats, drawn with a fixed seed; and
// the same seats with 60 volunteers, too few to fill them all.
func BenchmarkPlanRota(b *testing.B) {
	for _, n := range []int{300, 60} {
		b.Run(fmt.Sprint(n), func(b *testing.B) { benchRota(b, n) })
	}
}

func benchRota(b *testing.B, vols int) {
	in := benchInput(vols)
	var plan RotaPlan
	for b.Loop() {
		plan = PlanRota(in)
	}
	if v := CheckRota(in, plan); len(v) > 0 {
		b.Fatalf("plan breaks %+v", v)
	}
	b.Logf("%d seats, %+v, %d unfilled seats", len(in.Seats), plan.Objective, len(plan.Unfilled))
}

func benchInput(vols int) RotaInput {
	rnd := rand.New(rand.NewPCG(17, uint64(vols)))
	var in RotaInput
	for d := range 7 {
		for _, sh := range rotaShifts {
			for p := range 5 {
				skill := ""
				if p == 4 {
					skill = "医护"
				}
				in.Seats = append(in.Seats, RotaSeat{ID: fmt.Sprintf("d%d-%s-p%d", d, sh.name, p), Day: d, Shift: sh.name,
					Post: fmt.Sprintf("p%d", p), Start: int64(d)*1440 + sh.start, End: int64(d)*1440 + sh.end,
					Night: sh.night, Need: 2 + rnd.IntN(3), Skill: skill, Place: Location{Building: fmt.Sprint(p + 1), BuildingNum: p + 1}})
			}
		}
	}
	for v := range vols {
		vol := RotaVolunteer{ID: fmt.Sprintf("v%03d", v), History: rnd.IntN(10), MaxPerWeek: rnd.IntN(5), NoNights: rnd.IntN(5) == 0,
			Home: Location{Building: fmt.Sprint(1 + rnd.IntN(30)), BuildingNum: 1 + rnd.IntN(30)}}
		vol.NightsBefore = rnd.IntN(vol.History + 1)
		if rnd.IntN(5) == 0 {
			vol.Skills = []string{"医护"}
		}
		for range rnd.IntN(4) {
			d, sh := rnd.IntN(7), rotaShifts[rnd.IntN(3)]
			vol.Unavailable = append(vol.Unavailable, RotaWindow{Start: int64(d)*1440 + sh.start, End: int64(d)*1440 + sh.end})
		}
		in.Volunteers = append(in.Volunteers, vol)
	}
	return in
}
