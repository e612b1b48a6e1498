package allocate

import (
	"cmp"
	"slices"
	"strings"
)

// Household is what the caller knows about one household on the
// allocation date.
type Household struct {
	ID          string `json:"id"`           // stable ID
	Rank        int    `json:"rank"`         // position in address order; lower first
	Present     bool   `json:"present"`      // at least one resident present
	PresentSize int    `json:"present_size"` // present residents
	ElderOnly   bool   `json:"elder_only"`   // present, and every present resident is an elder
}

// Person is what the caller knows about one person on the allocation date.
type Person struct {
	ID        string `json:"id"`        // stable ID
	Household string `json:"household"` // household ID; "" for property staff
	Rank      int    `json:"rank"`      // address rank of the household (staff: after all households)
	Role      Role   `json:"role"`      // RoleResident, RolePropertyStaff or RoleStrandedWorker
	Present   bool   `json:"present"`   // present on the allocation date
	Age       int    `json:"age"`       // whole years on the allocation date; -1 when unknown
	Volunteer bool   `json:"volunteer"` // on the volunteer team
}

// Given is one entry of history: packs already allotted to a claimant in a
// tier, in committed, non-voided rounds for the same item. The caller
// filters; entries of the same tier and claimant add up, and entries for
// tiers not in the rule set are ignored.
type Given struct {
	Tier     string `json:"tier"`
	Claimant string `json:"claimant"`
	Packs    int    `json:"packs"`
}

// Input is everything Rations works from.
type Input struct {
	Households []Household // the register's households, in any order
	People     []Person    // its people, in any order; faster grouped by household in Households' order
	Rules      RuleSet     // the rule set to apply
	Packs      int         // packs to allot; below 0 counts as 0
	History    []Given     // packs already given for the same item, in any order
}

// Plan is the outcome of Rations. It carries facts only; the caller words
// them. Given + Reserve == Packs always.
type Plan struct {
	Rules    string       `json:"rules"`    // RuleSet.Name
	Leftover Leftover     `json:"leftover"` // policy applied: LeftoverReserve or LeftoverCycle
	Packs    int          `json:"packs"`    // packs to allot (Input.Packs, 0 if it was below 0)
	Given    int          `json:"given"`    // packs allotted
	Reserve  int          `json:"reserve"`  // packs kept back
	Rounds   int          `json:"rounds"`   // passes over the tiers that gave something: 0, 1, or more under cycle
	Tiers    []TierResult `json:"tiers"`    // every tier in rule order, even those given nothing
	Lines    []Line       `json:"lines"`    // recipients in allotment order: by tier, then Position
	Missed   []Line       `json:"missed"`   // claimants given nothing, by tier then Position
}

// TierResult sums up one tier of a Plan.
type TierResult struct {
	Name            string     `json:"name"`
	Unit            Unit       `json:"unit"`
	PerClaimant     int        `json:"per_claimant"`      // the tier's Packs (clamped to 1..MaxTierPacks)
	Order           []OrderKey `json:"order"`             // the order applied, ending on id
	Claimants       int        `json:"claimants"`         // claimants in the tier
	Packs           int        `json:"packs"`             // packs given in the tier
	Short           int        `json:"short"`             // claimants given nothing
	PacksLeftBefore int        `json:"packs_left_before"` // packs left when the tier started in the first pass
}

// Line is one claimant of one tier and what it got, with the facts that
// placed it. Every field is a fact; nothing is prose.
type Line struct {
	Tier      string `json:"tier"`
	Unit      Unit   `json:"unit"`
	Claimant  string `json:"claimant"`  // person ID (unit person) or household ID
	Household string `json:"household"` // the claimant's household ID; "" for a person without one
	Packs     int    `json:"packs"`     // packs given: Helpings times the tier's Packs
	Helpings  int    `json:"helpings"`  // 1 under reserve; more possible under cycle; 0 in Missed
	Position  int    `json:"position"`  // 1-based place in the tier's order
	Of        int    `json:"of"`        // claimants in the tier
	History   int    `json:"history"`   // packs in History for this claimant in this tier
	Age       int    `json:"age"`       // age used by the order (oldest matching member for a household; -1 unknown); 0 if the order has no age
	Size      int    `json:"size"`      // household present size used by the order; 0 if the order has no size
	// PacksLeftBefore is the packs left when the tier started in the first
	// pass, the one that decided who gets anything.
	PacksLeftBefore int `json:"packs_left_before"`
}

// Rations allots in.Packs packs by in.Rules to the people and households of
// the register, taking History into account. See the package documentation
// for the rules of the game and the invariants.
//
// Rations expects rules that pass RuleSet.Validate. Given others it still
// returns a Plan and never panics: a tier's Packs is clamped to
// 1..MaxTierPacks, unknown units count as UnitPerson, unknown order keys and
// roles never match or sort, an unknown Leftover counts as reserve.
func Rations(in Input) Plan {
	packs := max(in.Packs, 0)
	leftover := LeftoverReserve
	if in.Rules.Leftover == LeftoverCycle {
		leftover = LeftoverCycle
	}
	reg := newRegister(in.Households, in.People)
	hist := historyByTier(in.History)

	runs := make([]tierRun, len(in.Rules.Tiers))
	for i := range in.Rules.Tiers {
		runs[i] = reg.claims(&in.Rules.Tiers[i], int32(i+1), hist[in.Rules.Tiers[i].Name])
	}

	plan := Plan{
		Rules:    in.Rules.Name,
		Leftover: leftover,
		Packs:    packs,
		Tiers:    make([]TierResult, len(runs)),
	}
	var (
		left   = packs
		pass   = 0
		start  = make([]int, len(runs)) // packs left at each tier's start in the current pass
		counts = make([]int, len(runs)) // claimants served in each tier in the current pass
	)
	for {
		// One pass: in tier t, with r packs left, min(n, r/Packs)
		// claimants are served and the tier stops there.
		r, gave := left, 0
		for t := range runs {
			run := &runs[t]
			start[t] = r
			c := min(len(run.claims), r/run.per)
			counts[t] = c
			r -= c * run.per
			gave += c * run.per
		}
		if pass == 0 {
			for t := range runs {
				runs[t].firstStart = start[t]
				runs[t].reached = counts[t]
			}
		}
		if gave == 0 {
			break
		}
		// The same pass repeats while every tier keeps its count: the
		// packs at each tier's start drop by gave per pass, and tier t
		// keeps its count while its start still covers counts[t] helpings.
		// A tier that stopped short leaves fewer packs than its Packs to
		// everything after it, so it never gives again: later passes serve
		// only tiers served in full in every pass before, and each change
		// of pattern takes a tier from full to short or from short to
		// nothing. So this loop runs at most 2×tiers+1 times.
		reps := 1
		if leftover == LeftoverCycle {
			reps = left // an upper bound, since gave >= 1
			for t := range runs {
				reps = min(reps, 1+(start[t]-counts[t]*runs[t].per)/gave)
			}
		}
		for t := range runs {
			if counts[t] > 0 {
				runs[t].segs = append(runs[t].segs, seg{counts[t], reps})
			}
		}
		left -= reps * gave
		pass += reps
		if leftover != LeftoverCycle {
			break
		}
	}

	// Lines: tier by tier, the served prefix of each order, with the
	// helpings of the passes each position took part in.
	served := 0
	for t := range runs {
		served += runs[t].reached
	}
	lines := make([]Line, 0, served)
	for t := range runs {
		run := &runs[t]
		h := make([]int, run.reached+1)
		for _, s := range run.segs {
			h[0] += s.reps
			h[s.count] -= s.reps
		}
		for pos := range run.reached {
			if pos > 0 {
				h[pos] += h[pos-1]
			}
			l := run.line(pos)
			l.Helpings = h[pos]
			l.Packs = h[pos] * run.per
			plan.Tiers[t].Packs += l.Packs
			plan.Given += l.Packs
			lines = append(lines, l)
		}
	}

	missed := 0
	for t := range runs {
		missed += len(runs[t].claims) - runs[t].reached
	}
	plan.Missed = make([]Line, 0, missed)
	for t := range runs {
		run := &runs[t]
		for pos := run.reached; pos < len(run.claims); pos++ {
			plan.Missed = append(plan.Missed, run.line(pos))
		}
		tr := &plan.Tiers[t]
		tr.Name = run.tier.Name
		tr.Unit = run.unit
		tr.PerClaimant = run.per
		tr.Order = run.keys
		tr.Claimants = len(run.claims)
		tr.Short = len(run.claims) - run.reached
		tr.PacksLeftBefore = run.firstStart
	}
	plan.Lines = lines
	plan.Rounds = pass
	plan.Reserve = packs - plan.Given
	return plan
}

// seg records that a tier served its first count claimants in reps passes.
type seg struct{ count, reps int }

// tierRun is one tier with its claimants in order.
type tierRun struct {
	tier       *Tier
	unit       Unit
	per        int        // packs per helping
	keys       []OrderKey // effective order, ending on id
	useAge     bool
	useSize    bool
	claims     []claim
	reached    int   // claimants served in the first pass (and so at all)
	segs       []seg // passes that served something
	firstStart int   // packs left at the tier's start in the first pass
}

func (run *tierRun) line(pos int) Line {
	c := &run.claims[pos]
	l := Line{
		Tier:            run.tier.Name,
		Unit:            run.unit,
		Claimant:        c.id,
		Household:       c.household,
		Position:        pos + 1,
		Of:              len(run.claims),
		History:         c.history,
		PacksLeftBefore: run.firstStart,
	}
	if run.useAge {
		l.Age = c.age
	}
	if run.useSize {
		l.Size = c.size
	}
	return l
}

// claim is one claimant of a tier with its sort facts.
type claim struct {
	id        string
	household string
	history   int
	age       int // person's age, or oldest matching member's; -1 unknown
	size      int // household PresentSize; 0 without household
	rank      int // address rank
}

// hhFact is a household as the register sees it. It holds no pointers,
// which spares the garbage collector a million strings.
type hhFact struct {
	raw       int32 // index in Input.Households; -1-u for unlisted u
	present   bool
	elderOnly bool
	rank      int
	size      int
}

func (h *hhFact) less(o *hhFact) bool {
	if h.rank != o.rank {
		return h.rank < o.rank
	}
	if h.size != o.size {
		return h.size < o.size
	}
	if h.present != o.present {
		return !h.present
	}
	return !h.elderOnly && o.elderOnly
}

// Bits of pfact.flags.
const (
	bitResident uint8 = 1 << iota
	bitStaff
	bitStranded
	bitPresent
	bitVolunteer
	bitHasHousehold
	bitHouseholdPresent
	bitElderOnly
)

func roleBit(r Role) uint8 {
	switch r {
	case RoleResident:
		return bitResident
	case RolePropertyStaff:
		return bitStaff
	case RoleStrandedWorker:
		return bitStranded
	}
	return 0
}

// pfact is what selectors look at for one person, packed small so that
// each tier's scan of the register reads little memory.
type pfact struct {
	hh    int32 // household index; -1 none
	age   int32 // clamped to int32
	size  int32 // the household's present size, clamped; 0 none
	flags uint8
}

func clamp32(n int) int32 {
	return int32(min(max(n, -1<<31), 1<<31-1))
}

// register indexes households and people once per Rations call.
type register struct {
	households []Household
	people     []Person
	unlisted   []string // IDs of households named by people but not listed
	facts      []pfact  // one per person
	hh         []hhFact // listed households, then unlisted ones
	stamp      []int32  // per household: last tier stamp that claimed it
	slot       []int32  // per household: its claim index in that tier
}

// newRegister indexes the register. Of households listed twice under one
// ID the one that sorts first by all its facts is kept, so input order does
// not matter. A household named by a person but not listed gets no facts
// (not present, size 0, not elder-only) and the lowest Rank of its people.
func newRegister(households []Household, people []Person) *register {
	reg := &register{
		households: households,
		people:     people,
		facts:      make([]pfact, len(people)),
		hh:         make([]hhFact, 0, len(households)),
	}
	// canon[k] is the index in hh of households[k].
	canon := make([]int32, len(households))
	idx := newIDIndex(len(households))
	for k := range households {
		h := &households[k]
		f := hhFact{raw: int32(k), rank: h.Rank, size: h.PresentSize, present: h.Present, elderOnly: h.ElderOnly}
		j, ok := idx.insert(households, reg.hh, h.ID, int32(len(reg.hh)))
		if ok {
			if f.less(&reg.hh[j]) {
				reg.hh[j] = f
			}
		} else {
			reg.hh = append(reg.hh, f)
		}
		canon[k] = j
	}
	b := builder{reg: reg, households: households, canon: canon, idx: idx}
	// Callers usually list people household by household, in the order of
	// the households: try the last household and the next one first. The
	// others are looked up in batches, so that their cache misses overlap.
	// After a miss the hint is cold and not tried (trying costs a cache
	// miss of its own) until a batch is resolved.
	hint, warm := -1, true
	var pend [lookupBatch]int32
	npend := 0
	for i := range people {
		p := &people[i]
		f := pfact{hh: -1, age: clamp32(p.Age), flags: roleBit(p.Role)}
		if p.Present {
			f.flags |= bitPresent
		}
		if p.Volunteer {
			f.flags |= bitVolunteer
		}
		reg.facts[i] = f
		switch {
		case p.Household == "":
		case warm && hint >= 0 && households[hint].ID == p.Household:
			b.setHousehold(i, canon[hint])
		case warm && hint+1 < len(households) && households[hint+1].ID == p.Household:
			hint++
			b.setHousehold(i, canon[hint])
		default:
			warm = false
			pend[npend] = int32(i)
			npend++
			if npend == lookupBatch {
				hint, warm = b.resolve(pend[:], hint), true
				npend = 0
			}
		}
	}
	b.resolve(pend[:npend], hint)
	return reg
}

// lookupBatch is how many household lookups are done together.
const lookupBatch = 16

// builder holds what newRegister needs while joining people to households.
type builder struct {
	reg        *register
	households []Household
	canon      []int32 // index in hh of each listed household
	idx        idIndex
	unlisted   map[string]int32
	touch      byte // keeps the touching loads in resolve
}

// setHousehold records that person i lives in household j.
func (b *builder) setHousehold(i int, j int32) {
	h := &b.reg.hh[j]
	f := &b.reg.facts[i]
	f.hh = j
	f.size = clamp32(h.size)
	f.flags |= bitHasHousehold
	if h.present {
		f.flags |= bitHouseholdPresent
	}
	if h.elderOnly {
		f.flags |= bitElderOnly
	}
}

// resolve looks up the households of the people pend, in stages over the
// whole batch so that the processor overlaps their cache misses. It
// returns the position in Input.Households of the last one's household,
// as the next hint, or hint when it is unlisted.
func (b *builder) resolve(pend []int32, hint int) int {
	var (
		hash [lookupBatch]uint64
		js   [lookupBatch]int32
		raws [lookupBatch]int32
		ids  [lookupBatch]string
	)
	n := len(pend)
	people, hh, slots, mask := b.reg.people, b.reg.hh, b.idx.slots, b.idx.mask
	for k := range n {
		hash[k] = hashID(people[pend[k]].Household)
	}
	for k := range n {
		js[k] = -1
		tag := hash[k] >> 32
		for i := hash[k] & mask; ; i = (i + 1) & mask {
			s := slots[i]
			if s == 0 {
				break
			}
			if s>>32 == tag {
				js[k] = int32(s) - 1
				break
			}
		}
	}
	for k := range n {
		raws[k] = -1
		if js[k] >= 0 {
			raws[k] = hh[js[k]].raw
		}
	}
	for k := range n {
		if raws[k] >= 0 {
			ids[k] = b.households[raws[k]].ID
		}
	}
	// Touch each ID's first byte, so that the comparisons below find
	// them in cache.
	var touch byte
	for k := range n {
		if len(ids[k]) > 0 {
			touch ^= ids[k][0]
		}
	}
	b.touch ^= touch
	for k := range n {
		i := pend[k]
		p := &people[i]
		j := js[k]
		if j < 0 || ids[k] != p.Household {
			j = b.lookup(p.Household, hash[k], p.Rank)
		}
		b.setHousehold(int(i), j)
		if r := b.reg.hh[j].raw; r >= 0 {
			hint = int(r)
		}
	}
	return hint
}

// lookup returns the index in hh of the household with the given ID and
// hash, adding it as unlisted when it is not listed; rank is the Rank of a
// person in it.
func (b *builder) lookup(id string, hash uint64, rank int) int32 {
	if j, ok := b.idx.find(b.households, b.reg.hh, id, hash); ok {
		return j
	}
	j, ok := b.unlisted[id]
	if !ok {
		if b.unlisted == nil {
			b.unlisted = make(map[string]int32)
		}
		j = int32(len(b.reg.hh))
		b.unlisted[id] = j
		b.reg.hh = append(b.reg.hh, hhFact{raw: -1 - int32(len(b.reg.unlisted)), rank: rank})
		b.reg.unlisted = append(b.reg.unlisted, id)
	}
	if rank < b.reg.hh[j].rank {
		b.reg.hh[j].rank = rank
	}
	return j
}

// id returns the ID of household h.
func (reg *register) id(h *hhFact) string {
	if h.raw >= 0 {
		return reg.households[h.raw].ID
	}
	return reg.unlisted[-1-h.raw]
}

// idIndex maps IDs of listed households to indexes into a []hhFact, by open addressing with
// linear probing. A slot holds the high 32 bits of the ID's hash and the
// index plus one; 0 is empty.
type idIndex struct {
	slots []uint64
	mask  uint64
}

func newIDIndex(n int) idIndex {
	size := 8
	for size < 2*n {
		size <<= 1
	}
	return idIndex{slots: make([]uint64, size), mask: uint64(size - 1)}
}

// hashID is 64-bit FNV-1a, finished with the splitmix64 mixer: FNV's low
// bits, which pick the slot, depend only on the keys' low bits, and IDs
// that differ in one digit would crowd together.
func hashID(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	h = (h ^ h>>30) * 0xbf58476d1ce4e5b9
	h = (h ^ h>>27) * 0x94d049bb133111eb
	return h ^ h>>31
}

// find returns the index of id, whose hashID is h.
func (x *idIndex) find(households []Household, hh []hhFact, id string, h uint64) (int32, bool) {
	tag := h >> 32
	for i := h & x.mask; ; i = (i + 1) & x.mask {
		s := x.slots[i]
		if s == 0 {
			return 0, false
		}
		if s>>32 == tag && households[hh[int32(s)-1].raw].ID == id {
			return int32(s) - 1, true
		}
	}
}

// insert records id at index j unless present; it returns the index of id
// and whether it was present. The table never fills: it has at least twice
// as many slots as inserts.
func (x *idIndex) insert(households []Household, hh []hhFact, id string, j int32) (int32, bool) {
	h := hashID(id)
	tag := h >> 32
	for i := h & x.mask; ; i = (i + 1) & x.mask {
		s := x.slots[i]
		if s == 0 {
			x.slots[i] = tag<<32 | uint64(uint32(j+1))
			return j, false
		}
		if s>>32 == tag && households[hh[int32(s)-1].raw].ID == id {
			return int32(s) - 1, true
		}
	}
}

// historyByTier adds up History per tier and claimant.
func historyByTier(history []Given) map[string]map[string]int {
	if len(history) == 0 {
		return nil
	}
	m := make(map[string]map[string]int)
	for _, g := range history {
		byClaimant := m[g.Tier]
		if byClaimant == nil {
			byClaimant = make(map[string]int)
			m[g.Tier] = byClaimant
		}
		byClaimant[g.Claimant] += g.Packs
	}
	return m
}

// matcher is a compiled Selector.
type matcher struct {
	anyRole          bool
	roles            uint8 // any of these
	need, forbid     uint8 // flags that must be set, must be clear
	minAge, belowAge int32 // 0: no condition
	minSize          int32 // 0: no condition
}

func compile(s *Selector) matcher {
	m := matcher{
		anyRole:  len(s.Roles) == 0,
		minAge:   clamp32(max(s.MinAge, 0)),
		belowAge: clamp32(max(s.BelowAge, 0)),
		minSize:  clamp32(max(s.MinSize, 0)),
	}
	for _, r := range s.Roles {
		m.roles |= roleBit(r)
	}
	if s.Present {
		m.need |= bitPresent
	}
	if s.HouseholdPresent {
		m.need |= bitHouseholdPresent
	}
	if s.ElderOnly {
		m.need |= bitElderOnly
	}
	if m.minSize > 0 {
		m.need |= bitHasHousehold
	}
	switch s.Volunteer {
	case OnlyVolunteers:
		m.need |= bitVolunteer
	case NoVolunteers:
		m.forbid |= bitVolunteer
	}
	return m
}

func (m *matcher) match(f *pfact) bool {
	return f.flags&m.need == m.need && f.flags&m.forbid == 0 &&
		(m.anyRole || f.flags&m.roles != 0) &&
		(m.minAge == 0 || f.age >= m.minAge) &&
		(m.belowAge == 0 || f.age >= 0 && f.age < m.belowAge) &&
		f.size >= m.minSize
}

// claims collects and orders the claimants of tier t. stamp is unique to
// the tier within one Rations call and not 0.
func (reg *register) claims(t *Tier, stamp int32, hist map[string]int) tierRun {
	run := tierRun{tier: t, unit: t.Unit, per: min(max(t.Packs, 1), MaxTierPacks)}
	if !validUnit(run.unit) {
		run.unit = UnitPerson
	}
	for _, k := range t.Order {
		if validKey(k) && !slices.Contains(run.keys, k) {
			run.keys = append(run.keys, k)
		}
	}
	if !slices.Contains(run.keys, OrderID) {
		run.keys = append(run.keys, OrderID)
	}
	run.useAge = slices.Contains(run.keys, OrderAge)
	run.useSize = slices.Contains(run.keys, OrderSize)

	m := compile(&t.Select)
	var claims []claim
	if run.unit == UnitPerson {
		for i := range reg.facts {
			f := &reg.facts[i]
			if !m.match(f) {
				continue
			}
			p := &reg.people[i]
			c := claim{id: p.ID, household: p.Household, age: p.Age, rank: p.Rank}
			if f.hh >= 0 {
				c.size = reg.hh[f.hh].size
			}
			claims = append(claims, c)
		}
	} else {
		if reg.stamp == nil {
			reg.stamp = make([]int32, len(reg.hh))
			reg.slot = make([]int32, len(reg.hh))
		}
		for i := range reg.facts {
			f := &reg.facts[i]
			j := f.hh
			if j < 0 || !m.match(f) {
				continue
			}
			age := reg.people[i].Age
			if reg.stamp[j] == stamp {
				c := &claims[reg.slot[j]]
				c.age = max(c.age, age)
				continue
			}
			h := &reg.hh[j]
			reg.stamp[j] = stamp
			reg.slot[j] = int32(len(claims))
			id := reg.id(h)
			claims = append(claims, claim{id: id, household: id, age: age, size: h.size, rank: h.rank})
		}
	}
	if hist != nil {
		for i := range claims {
			claims[i].history = hist[claims[i].id]
		}
	}
	keys := run.keys
	slices.SortFunc(claims, func(a, b claim) int {
		for _, k := range keys {
			var c int
			switch k {
			case OrderHistory:
				c = cmp.Compare(a.history, b.history)
			case OrderAge:
				c = cmp.Compare(b.age, a.age)
			case OrderSize:
				c = cmp.Compare(b.size, a.size)
			case OrderAddress:
				c = cmp.Compare(a.rank, b.rank)
			case OrderID:
				c = strings.Compare(a.id, b.id)
			}
			if c != 0 {
				return c
			}
		}
		// Only claimants sharing an ID get here (bad input); finish on
		// every fact so the order stays total.
		if c := strings.Compare(a.household, b.household); c != 0 {
			return c
		}
		return cmp.Or(cmp.Compare(a.age, b.age), cmp.Compare(a.size, b.size),
			cmp.Compare(a.rank, b.rank), cmp.Compare(a.history, b.history))
	})
	run.claims = claims
	return run
}
