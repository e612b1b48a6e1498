package main

import (
	"encoding/json"
	"slices"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"vol/ledger"
)

// rotaFile is a rota as vol rota plan, show --json print it.
type rotaFile struct {
	Seats []struct {
		Date, Shift, Start, End, Post, Reason string
		PersonID                              *string `json:"person_id"`
	}
}

func readRota(ts *testscript.TestScript, file string) rotaFile {
	var r rotaFile
	ts.Check(json.Unmarshal([]byte(ts.ReadFile(file)), &r))
	if len(r.Seats) == 0 {
		ts.Fatalf("%s: no places", file)
	}
	return r
}

// rotaRules ROTA PEOPLE POSTS checks every hard rule of a rota from its
// JSON, with the people (vol person list --json) and posts (vol post list
// --json) it was planned for: a filled place holds a present volunteer
// with the post's skill, under the night age on a night; nobody holds two
// places at once or rests less than 8 hours between two (a night and the
// next morning included); an empty place says why.
func rotaRules(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 3 || neg {
		ts.Fatalf("usage: rotarules ROTA PEOPLE POSTS")
	}
	rota := readRota(ts, args[0])
	var people []struct {
		ID                 string
		Age                *int
		Skills             []string
		Present, Volunteer bool
	}
	ts.Check(json.Unmarshal([]byte(ts.ReadFile(args[1])), &people))
	var posts []struct {
		Name, Skill string
	}
	ts.Check(json.Unmarshal([]byte(ts.ReadFile(args[2])), &posts))
	type span struct {
		start, end time.Time
		what       string
	}
	spans := map[string][]span{}
	for _, s := range rota.Seats {
		what := s.Date + " " + s.Shift + " " + s.Post
		if s.PersonID == nil {
			if s.Reason == "" {
				ts.Fatalf("%s: an empty place without a reason", what)
			}
			continue
		}
		i := slices.IndexFunc(people, func(p struct {
			ID                 string
			Age                *int
			Skills             []string
			Present, Volunteer bool
		}) bool {
			return p.ID == *s.PersonID
		})
		if i < 0 || !people[i].Present || !people[i].Volunteer {
			ts.Fatalf("%s: %s is not a present volunteer", what, *s.PersonID)
		}
		p := people[i]
		for _, post := range posts {
			if post.Name == s.Post && post.Skill != "" && !slices.Contains(p.Skills, post.Skill) {
				ts.Fatalf("%s: %s lacks the skill %s", what, p.ID, post.Skill)
			}
		}
		start, err1 := time.Parse(time.RFC3339, s.Start)
		end, err2 := time.Parse(time.RFC3339, s.End)
		if err1 != nil || err2 != nil || !end.After(start) {
			ts.Fatalf("%s: bad times %q %q", what, s.Start, s.End)
		}
		night := end.Day() != start.Day()
		if night && p.Age != nil && *p.Age >= ledger.DefaultNightAge {
			ts.Fatalf("%s: %s is %d, on a night", what, p.ID, *p.Age)
		}
		spans[p.ID] = append(spans[p.ID], span{start, end, what})
	}
	for id, ss := range spans {
		slices.SortFunc(ss, func(a, b span) int { return a.start.Compare(b.start) })
		for i := 1; i < len(ss); i++ {
			if gap := ss[i].start.Sub(ss[i-1].end); gap < 8*time.Hour {
				ts.Fatalf("%s rests %v between %s and %s", id, gap, ss[i-1].what, ss[i].what)
			}
		}
	}
}

// rotaMoved BEFORE AFTER PERSON DATE checks an absence: in AFTER, PERSON
// holds no place on DATE, every place of BEFORE not theirs on DATE is
// still there with the same volunteer, and as many places are filled or
// fewer only by the ones they left.
func rotaMoved(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 4 || neg {
		ts.Fatalf("usage: rotamoved BEFORE AFTER PERSON DATE")
	}
	before, after := readRota(ts, args[0]), readRota(ts, args[1])
	person, date := args[2], args[3]
	key := func(date, shift, post string, id *string) string {
		who := "-"
		if id != nil {
			who = *id
		}
		return date + "/" + shift + "/" + post + "/" + who
	}
	have := map[string]int{}
	for _, s := range after.Seats {
		if s.PersonID != nil && *s.PersonID == person && s.Date == date {
			ts.Fatalf("%s still on %s %s %s", person, s.Date, s.Shift, s.Post)
		}
		have[key(s.Date, s.Shift, s.Post, s.PersonID)]++
	}
	freed := 0
	for _, s := range before.Seats {
		if s.PersonID != nil && *s.PersonID == person && s.Date == date {
			freed++
			continue
		}
		if s.PersonID == nil {
			continue
		}
		k := key(s.Date, s.Shift, s.Post, s.PersonID)
		if have[k] == 0 {
			ts.Fatalf("%s moved: %s", *s.PersonID, k)
		}
		have[k]--
	}
	if freed == 0 {
		ts.Fatalf("%s held nothing on %s before", person, date)
	}
	if len(after.Seats) != len(before.Seats) {
		ts.Fatalf("%d places after, %d before", len(after.Seats), len(before.Seats))
	}
}

// rotaOff ROTA PERSON DATE checks PERSON holds no place of ROTA on DATE
// (and, negated, that they hold one).
func rotaOff(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 3 {
		ts.Fatalf("usage: rotaoff ROTA PERSON DATE")
	}
	on := false
	for _, s := range readRota(ts, args[0]).Seats {
		on = on || s.PersonID != nil && *s.PersonID == args[1] && s.Date == args[2]
	}
	if on != neg {
		ts.Fatalf("%s on %s: %v", args[1], args[2], on)
	}
}
