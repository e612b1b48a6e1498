package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"vol/allocate"
	"vol/cmd/internal/duty"
	"vol/ledger"
)

// shifts are the default shifts as minutes from a day's midnight.
var shifts = []struct {
	name       string
	start, end int64
	night      bool
}{{"早", 6 * 60, 14 * 60, false}, {"中", 14 * 60, 22 * 60, false}, {"夜", 22 * 60, 30 * 60, true}}

// generated is issue 17's bench instance: 7 days × 3 shifts × 5 posts of
// 2-4 seats (the fifth needs the skill 医护), and vols volunteers with a
// history of 0-9 shifts, a week's limit of 0 (none) to 4, one in five no
// nights, one in five 医护, up to three shifts they cannot do; drawn with
// a fixed seed, so the same vols always gives the same instance. All seats
// are in week 0; the rest is the default 8 hours.
func generated(vols int) allocate.RotaInput {
	rnd := rand.New(rand.NewPCG(17, uint64(vols)))
	var in allocate.RotaInput
	for d := range 7 {
		for _, sh := range shifts {
			for p := range 5 {
				skill := ""
				if p == 4 {
					skill = "医护"
				}
				in.Seats = append(in.Seats, allocate.RotaSeat{ID: fmt.Sprintf("d%d-%s-p%d", d, sh.name, p), Day: d, Shift: sh.name,
					Post: fmt.Sprintf("p%d", p), Start: int64(d)*1440 + sh.start, End: int64(d)*1440 + sh.end,
					Night: sh.night, Need: 2 + rnd.IntN(3), Skill: skill, Place: allocate.Location{Building: fmt.Sprint(p + 1), BuildingNum: p + 1}})
			}
		}
	}
	for v := range vols {
		vol := allocate.RotaVolunteer{ID: fmt.Sprintf("v%03d", v), History: rnd.IntN(10), MaxPerWeek: rnd.IntN(5), NoNights: rnd.IntN(5) == 0,
			Home: allocate.Location{Building: fmt.Sprint(1 + rnd.IntN(30)), BuildingNum: 1 + rnd.IntN(30)}}
		vol.NightsBefore = rnd.IntN(vol.History + 1)
		if rnd.IntN(5) == 0 {
			vol.Skills = []string{"医护"}
		}
		for range rnd.IntN(4) {
			d, sh := rnd.IntN(7), shifts[rnd.IntN(3)]
			vol.Unavailable = append(vol.Unavailable, allocate.RotaWindow{Start: int64(d)*1440 + sh.start, End: int64(d)*1440 + sh.end})
		}
		in.Volunteers = append(in.Volunteers, vol)
	}
	return in
}

// Dates of the sample instance: the ledger's day and the rota's first day
// (a Monday).
const (
	sampleOn   = "2026-11-28"
	sampleFrom = "2026-12-07"
)

// samplePosts are the posts added to the sample compound, as vol post add
// arguments (those of testdata/script/posts.txtar and one more).
var samplePosts = [][]string{
	{"东门", "--need", "2"},
	{"巡逻", "--need", "2", "--shifts", "中,夜"},
	{"核酸点", "--need", "3", "--skill", "doctor", "--shifts", "早", "--building", "3号楼"},
}

// sample builds the sample compound 凯旋华庭 with the vol binary volBin in
// dir (vol demo, then samplePosts, with fixed IDs) and reads the rota's
// problem for the week from sampleFrom as vol rota plan does.
func sample(ctx context.Context, volBin, dir string) (allocate.RotaInput, error) {
	db := filepath.Join(dir, "kaixuan.db")
	for _, f := range []string{db, db + "-wal", db + "-shm"} {
		if err := os.Remove(f); err != nil && !os.IsNotExist(err) {
			return allocate.RotaInput{}, err
		}
	}
	vol := func(args ...string) error {
		cmd := exec.CommandContext(ctx, volBin, append(args, "--db", db, "--on", sampleOn, "--as", "bench", "--lang", "en")...)
		cmd.Env = append(os.Environ(), "VOL_SEED=rotabench")
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("vol %v: %w\n%s", args, err, out)
		}
		return nil
	}
	if err := vol("demo"); err != nil {
		return allocate.RotaInput{}, err
	}
	for _, p := range samplePosts {
		if err := vol(append([]string{"post", "add"}, p...)...); err != nil {
			return allocate.RotaInput{}, err
		}
	}
	l, err := ledger.Open(ctx, db, ledger.Options{})
	if err != nil {
		return allocate.RotaInput{}, err
	}
	defer func() { _ = l.Close() }()
	on, _ := time.Parse(time.DateOnly, sampleOn)
	from, _ := time.Parse(time.DateOnly, sampleFrom)
	pr, err := duty.Build(ctx, l.View, on, duty.Options{From: from, Days: 7, RestHours: 8})
	if err != nil {
		return allocate.RotaInput{}, err
	}
	return pr.Input, nil
}

// random draws a smaller instance for spot checks (rotabench -random):
// 7 days × 3 shifts × 2-3 posts of 1-3 seats (one post may need 医护),
// 12-40 volunteers with a history of 0-5, a week's limit of 0 (none) to 5,
// one in four no nights, up to two shifts they cannot do; some of them
// recorded on a seat already (Existing) when seed is odd. The same seed
// always gives the same instance.
func random(seed uint64) allocate.RotaInput {
	rnd := rand.New(rand.NewPCG(1717, seed))
	var in allocate.RotaInput
	posts := 2 + rnd.IntN(2)
	for d := range 7 {
		for _, sh := range shifts {
			for p := range posts {
				skill := ""
				if p == 0 && rnd.IntN(2) == 0 {
					skill = "医护"
				}
				in.Seats = append(in.Seats, allocate.RotaSeat{ID: fmt.Sprintf("d%d-%s-p%d", d, sh.name, p), Day: d, Shift: sh.name,
					Post: fmt.Sprintf("p%d", p), Start: int64(d)*1440 + sh.start, End: int64(d)*1440 + sh.end,
					Night: sh.night, Need: 1 + rnd.IntN(3), Skill: skill, Place: allocate.Location{Building: fmt.Sprint(p + 1), BuildingNum: p + 1}})
			}
		}
	}
	for v := range 12 + rnd.IntN(29) {
		vol := allocate.RotaVolunteer{ID: fmt.Sprintf("v%03d", v), History: rnd.IntN(6), MaxPerWeek: rnd.IntN(6), NoNights: rnd.IntN(4) == 0,
			Home: allocate.Location{Building: fmt.Sprint(1 + rnd.IntN(10)), BuildingNum: 1 + rnd.IntN(10)}}
		vol.NightsBefore = rnd.IntN(vol.History + 1)
		if rnd.IntN(4) == 0 {
			vol.Skills = []string{"医护"}
		}
		for range rnd.IntN(3) {
			d, sh := rnd.IntN(7), shifts[rnd.IntN(3)]
			vol.Unavailable = append(vol.Unavailable, allocate.RotaWindow{Start: int64(d)*1440 + sh.start, End: int64(d)*1440 + sh.end})
		}
		in.Volunteers = append(in.Volunteers, vol)
		if seed%2 == 1 && rnd.IntN(3) == 0 {
			s := in.Seats[rnd.IntN(len(in.Seats))]
			in.Existing = append(in.Existing, allocate.RotaAssignment{Seat: s.ID, Volunteer: vol.ID})
		}
	}
	return in
}
