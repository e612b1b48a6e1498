package allocate

import (
	"fmt"
)

// The synthetic register of the story: 438 registered households, 370
// present. 45 elders live in 35 present elder-only households (24 alone,
// 10 couples, and 1 couple with one spouse away), 15 present households
// have 5+ present residents, 7 property staff are present (an 8th is
// away), and 3 stranded renovation workers live in flat FLAT-A, whose
// residents are away. The rest are distractors: ordinary households, an
// elder living with a grandchild, a household of 6 with only 4 present,
// absent households (one elder-only, one large), an absent stranded worker.

// large is one of the 15 large households: ID, address rank, present size.
type large struct {
	id         string
	rank, size int
}

var storyLarge = []large{
	{"LA", 40, 6}, {"LB", 12, 5}, {"LC", 77, 8}, {"LD", 55, 6}, {"LE", 55, 6},
	{"LF", 20, 7}, {"LG", 90, 5}, {"LH", 33, 5}, {"LI", 61, 5}, {"LJ", 41, 6},
	{"LK", 18, 5}, {"LL", 70, 5}, {"LM", 85, 7}, {"LN", 25, 5}, {"LO", 66, 5},
}

// storyRegister builds the register. Ranks: the flat 5, large households
// as listed (LD and LE share an address rank, so their ID decides),
// elder-only households 200.., others 300.., staff 10000 (ties by ID).
func storyRegister() ([]Household, []Person) {
	var hs []Household
	var ps []Person
	person := func(h string, rank int, role Role, present bool, age int) {
		ps = append(ps, Person{
			ID: fmt.Sprintf("P%04d", len(ps)+1), Household: h, Rank: rank,
			Role: role, Present: present, Age: age,
		})
	}
	// 35 elder-only households.
	for i := range 35 {
		id := fmt.Sprintf("E%02d", i+1)
		rank := 200 + i
		hs = append(hs, Household{ID: id, Rank: rank, Present: true, ElderOnly: true})
		switch {
		case i < 24: // alone
			person(id, rank, RoleResident, true, 70+i%25)
		case i < 34: // couple
			person(id, rank, RoleResident, true, 75+i%7)
			person(id, rank, RoleResident, true, 72+i%5)
		default: // couple, one away
			person(id, rank, RoleResident, true, 81)
			person(id, rank, RoleResident, false, 83)
		}
		hs[len(hs)-1].PresentSize = presentIn(ps, id)
	}
	// 15 large households.
	for _, l := range storyLarge {
		hs = append(hs, Household{ID: l.id, Rank: l.rank, Present: true, PresentSize: l.size})
		for k := range l.size {
			person(l.id, l.rank, RoleResident, true, 8+k*9)
		}
		person(l.id, l.rank, RoleResident, false, 40) // someone away
	}
	// 320 other present households, 1 to 4 present, some not counted.
	for i := range 320 {
		id := fmt.Sprintf("O%03d", i+1)
		rank := 300 + i
		size := 1 + i%4
		h := Household{ID: id, Rank: rank, Present: true, PresentSize: size}
		switch i {
		case 0: // an elder with a grandchild: not elder-only
			person(id, rank, RoleResident, true, 88)
			person(id, rank, RoleResident, true, 9)
			h.PresentSize = 2
		case 1: // 6 registered, 4 present: not large
			for k := range 6 {
				person(id, rank, RoleResident, k < 4, 20+k)
			}
			h.PresentSize = 4
		default:
			for k := range size {
				person(id, rank, RoleResident, true, 25+(i+k)%40)
			}
			if i%10 == 0 {
				ps[len(ps)-1].Volunteer = true
			}
		}
		hs = append(hs, h)
	}
	// 68 absent households, the flat among them.
	hs = append(hs, Household{ID: "FLAT-A", Rank: 5})
	for k := range 3 {
		person("FLAT-A", 5, RoleStrandedWorker, true, 30+k)
	}
	hs = append(hs, Household{ID: "FLAT-B", Rank: 6})
	person("FLAT-B", 6, RoleStrandedWorker, false, 45) // went home
	for i := range 66 {
		id := fmt.Sprintf("X%02d", i+1)
		rank := 700 + i
		hs = append(hs, Household{ID: id, Rank: rank})
		switch i {
		case 0: // elder-only when present, but away
			person(id, rank, RoleResident, false, 90)
		case 1: // large when present, but away
			for k := range 6 {
				person(id, rank, RoleResident, false, 10+k*10)
			}
		default:
			person(id, rank, RoleResident, false, 50)
		}
	}
	// Property staff: 7 present, 1 away.
	for k := range 8 {
		person("", 10000, RolePropertyStaff, k != 3, 35+k)
	}
	return hs, ps
}

func presentIn(ps []Person, household string) int {
	n := 0
	for _, p := range ps {
		if p.Household == household && p.Present {
			n++
		}
	}
	return n
}

// asHistory turns a plan's lines into history for the next round.
func asHistory(p Plan) []Given {
	var g []Given
	for _, l := range p.Lines {
		g = append(g, Given{Tier: l.Tier, Claimant: l.Claimant, Packs: l.Packs})
	}
	return g
}

// claimantsOf lists the claimants served in a tier, in allotment order.
func claimantsOf(p Plan, tier string) []string {
	var ids []string
	for _, l := range p.Lines {
		if l.Tier == tier {
			ids = append(ids, l.Claimant)
		}
	}
	return ids
}
