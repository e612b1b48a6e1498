package ledger

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode"
)

// A PERSON argument names one person. Person and Target read it as the
// first of these kinds that matches anyone, in this order:
//
//  1. a whole ID (36 characters), or the whole ID of a person vol sync
//     merged into another;
//  2. NAME@ADDRESS (＠ too): the name, folded, among the people of the
//     household at that address (any form Household takes);
//  3. a name, folded (FoldName): 杨强平, 楊強平 and ＹＡＮＧ ｑｉａｎｇ alike;
//  4. a whole phone number (any form NormalizePhone takes);
//  5. a unique part of an ID (4 characters or more) and a phone's last four
//     digits, as one kind: 1234 that is part of one person's ID and the end
//     of another's phone names two people, not the first found.
//
// A kind that matches several people makes a *PersonError listing them,
// never a guess; an argument that matches no one makes one naming the
// people whose names are closest to it. Target reads an address first, and
// takes household IDs along with people's in kinds 1 and 5.

// personAccepted is what a PERSON argument may be.
const personAccepted = "a name, NAME@ADDRESS, a phone or its last 4 digits, or an ID (or a unique part of one)"

// maxCandidates bounds the people an ambiguous argument lists; maxNear the
// closest names an unknown one suggests.
const (
	maxCandidates = 20
	maxNear       = 5
)

// PersonError says why a PERSON argument names no one person: nobody
// matches it (Err is ErrNotFound, Near the people whose names are closest)
// or several do (ErrAmbiguous, Candidates and Households list them, in
// address order, More counts those left out). Query is the argument as
// typed: the user's own words, repeated as they are, never masked; the
// people it lists show only masked names (Label).
type PersonError struct {
	Query      string
	Err        error
	Candidates []Person
	Households []Household // Target only: households whose ID the argument is part of
	More       int
	Near       []Person
}

func (e *PersonError) Error() string {
	s := fmt.Sprintf("person (%s): %s", e.Query, e.Err)
	var shown []string
	for _, h := range e.Households {
		shown = append(shown, "household "+h.Address.String()+" ("+short(h.ID)+")")
	}
	for _, p := range append(e.Candidates, e.Near...) {
		shown = append(shown, Label(p.Name, p.Address)+" ("+short(p.ID)+")")
	}
	if e.More > 0 {
		shown = append(shown, fmt.Sprintf("%d more", e.More))
	}
	switch {
	case errors.Is(e.Err, ErrAmbiguous):
		s += ": " + strings.Join(shown, ", ") + "; accepted: one of them by its ID"
	case len(shown) > 0:
		s += "; closest names: " + strings.Join(shown, ", ") + "; accepted: " + personAccepted
	default:
		s += "; accepted: " + personAccepted
	}
	return s
}

func (e *PersonError) Unwrap() error { return e.Err }

// FoldName is a name as it is compared when typed: NFKC (full-width
// letters and digits), traditional characters folded to simplified (Fold),
// lower case, without spaces and middle dots (阿卜杜·热合曼). Names are
// stored as written; only the comparison folds.
func FoldName(s string) string {
	s = strings.ToLower(Fold(NormalizeText(s)))
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '·' || r == '•' || r == '・' {
			return -1
		}
		return r
	}, s)
}

// Person finds the one person a PERSON argument names (see above). It
// returns a *PersonError wrapping ErrNotFound or ErrAmbiguous.
func (v View) Person(ctx context.Context, ref string) (Person, error) {
	r := resolver{v: v, ctx: ctx}
	f, err := r.resolve(ref, false)
	if err != nil {
		return Person{}, err
	}
	if len(f.people) == 1 && f.more == 0 {
		return f.people[0], nil
	}
	return Person{}, r.failure(ref, f)
}

// Target resolves an ADDRESS|PERSON argument: an address first, else a
// person (any kind Person takes) or a household ID. The error is the
// household's when the argument reads as an address and nothing else
// matches it, else a *PersonError.
func (v View) Target(ctx context.Context, ref string) (Target, error) {
	var herr error
	if _, perr := ParseAddress(ref); perr == nil {
		h, err := v.Household(ctx, ref)
		if err == nil {
			return Target{HouseholdID: h.ID, Address: h.Address}, nil
		}
		herr = err
	}
	r := resolver{v: v, ctx: ctx}
	f, err := r.resolve(ref, true)
	if err != nil {
		return Target{}, err
	}
	switch {
	case f.count() == 1 && len(f.people) == 1:
		p := f.people[0]
		return Target{HouseholdID: p.HouseholdID, Address: p.Address, Person: &p}, nil
	case f.count() == 1:
		h := f.households[0]
		return Target{HouseholdID: h.ID, Address: h.Address}, nil
	case f.count() == 0 && herr != nil:
		return Target{}, herr
	}
	return Target{}, r.failure(ref, f)
}

// found is what one kind of PERSON argument matched.
type found struct {
	people     []Person
	households []Household
	more       int // matched but left out of people (past maxCandidates)
}

func (f found) count() int { return len(f.people) + len(f.households) + f.more }

// resolver reads one argument; it keeps the names it read, so an unknown
// name's suggestions need no second pass over the register.
type resolver struct {
	v     View
	ctx   context.Context
	names []idName // nil until read
}

type idName struct{ id, name string }

// resolve returns what the first kind that matches anyone matched (empty
// when none does).
func (r *resolver) resolve(ref string, households bool) (found, error) {
	q := NormalizeText(ref) // ＠ becomes @, full-width digits ASCII
	lq := strings.ToLower(q)
	if len(lq) == 36 && idPattern(lq) { // 1. a whole ID
		f, err := r.byIDs([]string{lq}, households)
		if err != nil || f.count() > 0 {
			return f, err
		}
		if into := r.mergedWhole(lq); into != "" {
			return r.byIDs([]string{into}, households)
		}
		return found{}, nil // a whole ID is no name, phone or other ID's part
	}
	if name, addr, ok := strings.Cut(q, "@"); ok { // 2. NAME@ADDRESS, and nothing else
		return r.atAddress(name, addr)
	}
	if hasLetter(q) { // 3. a name (every name holds a letter)
		ids, err := r.sameName(FoldName(q))
		if err != nil || len(ids) > 0 {
			return r.peopleByIDs(ids, err)
		}
	}
	if p, err := NormalizePhone(q); err == nil && p != "" { // 4. a whole phone
		ids, err := queryStrings(r.ctx, r.v.q, `SELECT p.id FROM people p JOIN pvalues ph ON ph.ref = p.phone_ref WHERE ph.value = ?`, p)
		if err != nil || len(ids) > 0 {
			return r.peopleByIDs(ids, err)
		}
	}
	// 5. part of an ID, and a phone's last four digits, together
	var pids, hids []string
	if idPattern(lq) {
		var err error
		if pids, err = queryStrings(r.ctx, r.v.q, `SELECT id FROM people WHERE `+idMatch("id"), idArgs(lq)...); err != nil {
			return found{}, err
		}
		if households {
			if hids, err = queryStrings(r.ctx, r.v.q, `SELECT id FROM households WHERE `+idMatch("id"), idArgs(lq)...); err != nil {
				return found{}, err
			}
		}
	}
	if isLastFour(q) {
		ids, err := queryStrings(r.ctx, r.v.q, `SELECT p.id FROM people p JOIN pvalues ph ON ph.ref = p.phone_ref WHERE substr(ph.value, -4) = ?`, q)
		if err != nil {
			return found{}, err
		}
		pids = append(pids, ids...)
	}
	if len(pids)+len(hids) == 0 && idPattern(lq) {
		if into := r.v.mergedInto(r.ctx, lq); into != "" {
			return r.byIDs([]string{into}, households)
		}
	}
	f, err := r.peopleByIDs(pids, nil)
	if err != nil || len(hids) == 0 {
		return f, err
	}
	f.households, err = r.householdsByIDs(hids, maxCandidates-len(f.people))
	f.more += len(hids) - len(f.households)
	return f, err
}

// byIDs finds whole IDs among people, and households when asked.
func (r *resolver) byIDs(ids []string, households bool) (found, error) {
	f, err := r.peopleByIDs(ids, nil)
	if err != nil || f.count() > 0 || !households {
		return f, err
	}
	f.households, err = r.householdsByIDs(ids, maxCandidates)
	return f, err
}

// mergedWhole follows a whole ID merged into another.
func (r *resolver) mergedWhole(id string) string {
	ids, err := queryStrings(r.ctx, r.v.q, `SELECT into_id FROM merged_ids WHERE id = ?`, id)
	if err != nil || len(ids) != 1 {
		return ""
	}
	return ids[0]
}

// atAddress finds NAME@ADDRESS: the household as Household finds it, then
// the folded name among its people.
func (r *resolver) atAddress(name, addr string) (found, error) {
	h, err := r.v.Household(r.ctx, addr)
	if errors.Is(err, ErrNotFound) || errors.Is(err, ErrAmbiguous) || errors.Is(err, ErrBadAddress) {
		return found{}, nil // no such household: nobody there by that name
	}
	if err != nil {
		return found{}, err
	}
	ps, err := queryPeople(r.ctx, r.v.q, "WHERE p.household_id = ?", h.ID)
	if err != nil {
		return found{}, err
	}
	want := FoldName(name)
	var ids []string
	for _, p := range ps {
		if FoldName(p.Name) == want {
			ids = append(ids, p.ID)
		}
	}
	return r.peopleByIDs(ids, nil)
}

// readNames reads every person's ID and name once.
func (r *resolver) readNames() error {
	if r.names != nil {
		return nil
	}
	rows, err := r.v.q.QueryContext(r.ctx, `SELECT p.id, n.value FROM people p JOIN pvalues n ON n.ref = p.name_ref`)
	if err != nil {
		return classify(err)
	}
	defer rows.Close()
	r.names = []idName{}
	for rows.Next() {
		var n idName
		if err := rows.Scan(&n.id, &n.name); err != nil {
			return classify(err)
		}
		n.name = FoldName(n.name)
		r.names = append(r.names, n)
	}
	return classify(rows.Err())
}

// sameName lists the people whose folded name is folded.
func (r *resolver) sameName(folded string) ([]string, error) {
	if err := r.readNames(); err != nil {
		return nil, err
	}
	var ids []string
	for _, n := range r.names {
		if n.name == folded {
			ids = append(ids, n.id)
		}
	}
	return ids, nil
}

// peopleByIDs reads the people with these IDs (repeats dropped), at most
// maxCandidates of them in address order; the rest are counted in more.
func (r *resolver) peopleByIDs(ids []string, err error) (found, error) {
	if err != nil || len(ids) == 0 {
		return found{}, err
	}
	ids = uniqueSorted(ids)
	f := found{}
	if len(ids) > maxCandidates {
		f.more, ids = len(ids)-maxCandidates, ids[:maxCandidates]
	}
	if f.people, err = queryPeople(r.ctx, r.v.q, "WHERE p.id IN ("+marks(len(ids))+")", anys(ids)...); err != nil {
		return found{}, err
	}
	sortPeople(f.people)
	return f, nil
}

// householdsByIDs reads at most limit of the households with these IDs.
func (r *resolver) householdsByIDs(ids []string, limit int) ([]Household, error) {
	ids = uniqueSorted(ids)
	if len(ids) > max(limit, 0) {
		ids = ids[:max(limit, 0)]
	}
	if len(ids) == 0 {
		return nil, nil
	}
	hs, err := queryHouseholds(r.ctx, r.v.q, "WHERE h.id IN ("+marks(len(ids))+")", anys(ids)...)
	sort.Slice(hs, func(i, j int) bool { return CompareAddress(hs[i].Address, hs[j].Address) < 0 })
	return hs, err
}

// failure makes the error for an argument that matched no one person:
// ambiguous with what it matched, or not found with the closest names.
func (r *resolver) failure(ref string, f found) error {
	if f.count() > 1 {
		return &PersonError{Query: ref, Err: ErrAmbiguous, Candidates: f.people, Households: f.households, More: f.more}
	}
	e := &PersonError{Query: ref, Err: ErrNotFound}
	name, _, _ := strings.Cut(NormalizeText(ref), "@")
	if !hasLetter(name) || idPattern(strings.ToLower(name)) {
		return e // digits or an ID part: no name to be close to
	}
	near, err := r.closest(FoldName(name))
	if err != nil {
		return err
	}
	e.Near = near
	return e
}

// closest returns the people whose folded names are within a third of the
// query's length (at least one edit) of it, nearest first, at most maxNear.
func (r *resolver) closest(folded string) ([]Person, error) {
	if err := r.readNames(); err != nil {
		return nil, err
	}
	limit := max(1, len([]rune(folded))/3)
	dist := map[string]int{}
	var ids []string
	for _, n := range r.names {
		if d := editDistance(folded, n.name, limit); d <= limit {
			dist[n.id] = d
			ids = append(ids, n.id)
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	// the nearest maxNear, ties by ID, then read and shown nearest first
	sort.Slice(ids, func(i, j int) bool {
		if dist[ids[i]] != dist[ids[j]] {
			return dist[ids[i]] < dist[ids[j]]
		}
		return ids[i] < ids[j]
	})
	if len(ids) > maxNear {
		ids = ids[:maxNear]
	}
	ps, err := queryPeople(r.ctx, r.v.q, "WHERE p.id IN ("+marks(len(ids))+")", anys(ids)...)
	if err != nil {
		return nil, err
	}
	sortPeople(ps)
	sort.SliceStable(ps, func(i, j int) bool { return dist[ps[i].ID] < dist[ps[j].ID] })
	return ps, nil
}

// editDistance is the Levenshtein distance between a and b in runes, or
// limit+1 when it is larger than limit.
func editDistance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > limit || -d > limit {
		return limit + 1
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		low := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			low = min(low, cur[j])
		}
		if low > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// isLastFour reports whether s is four ASCII digits.
func isLastFour(s string) bool {
	if len(s) != 4 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func uniqueSorted(ids []string) []string {
	out := append([]string(nil), ids...)
	sort.Strings(out)
	n := 0
	for i, id := range out {
		if i == 0 || id != out[n-1] {
			out[n] = id
			n++
		}
	}
	return out[:n]
}

func marks(n int) string { return strings.TrimSuffix(strings.Repeat("?,", n), ",") }

func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
