package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
)

// header is the sample register's header (testdata/kaixuan.csv).
var header = []string{"楼号", "单元", "室号", "姓名", "性别", "出生年月", "联系电话", "在住", "身份", "志愿者", "技能", "备注"}

// Layout of a building: units × floors × flats a floor.
const (
	unitsPerBuilding = 3
	floorsPerUnit    = 18
	flatsPerFloor    = 4
	flatsPerBuilding = unitsPerBuilding * floorsPerUnit * flatsPerFloor
)

// The sample's proportions, per sampleHouseholds registered households.
const (
	sampleHouseholds = 438
	sampleSolo       = 25 // 独居: one elder
	sampleCouple     = 10 // 双独居: two elders
	sampleLarge      = 15 // 5 or 6 present residents
	sampleStranded   = 1  // a flat of stranded workers, its owners away
	sampleEmpty      = 3  // address-only rows
	samplePresent    = 370
	sampleStaff      = 7
	sampleRows       = 1136 // person and address-only rows of the sample
)

// The date the figures are computed for (vol --on). Elders are born 1930–1961
// and everyone else 1970 or later, so the figures hold from 2022 to 2029
// whatever the date (elder age 60).
const figuresOn = "2026-11-28"

// Kinds of household.
const (
	kindRegular = iota
	kindSolo
	kindCouple
	kindLarge
	kindStranded
	kindEmpty
	kindAway
)

type person struct {
	name, sex string
	by, bm    int
	phone     string
	present   bool
	role      string // 居民, 物业人员, 装修工人
	vol       bool
	skills    string
	note      string
}

// gen holds the random source and the counters that keep phones unique.
type gen struct {
	r      *rand.Rand
	phones int
	names  map[string]bool // names in the current household (or among staff)
}

var (
	surnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡沈俞顾钱陆汤")
	male     = []rune("伟强磊军勇杰涛明超辉刚平国华建文斌志鹏宇浩俊峰晨毅庆荣根福林宏海")
	female   = []rune("芳娟敏静丽艳娜霞玲秀英慧红梅琳洁雪倩婷颖萍燕兰珍凤佳蕾琴莉月")
	prefixes = []string{"139", "138", "137", "136", "135", "158", "159", "186", "187", "188", "131", "133", "177", "189"}
	skillSet = []string{"医生", "护士", "司机", "司机", "司机、上海话", "上海话", "上海话", "翻译、英语", "英语", "上海话、英语"}
	notesOld = []string{"需轮椅", "行动不便", "慢性病需定期取药", "听力不好"}
	staffJob = []string{"物业经理", "保安", "保安", "保安", "保洁", "保洁", "维修工"}
)

func (g *gen) between(lo, hi int) int { return lo + g.r.IntN(hi-lo+1) }

func (g *gen) sex() string {
	if g.r.IntN(2) == 0 {
		return "男"
	}
	return "女"
}

func (g *gen) surname() rune { return surnames[g.r.IntN(len(surnames))] }

func (g *gen) otherSurname(s rune) rune {
	for {
		if o := g.surname(); o != s {
			return o
		}
	}
}

// newPerson makes a present resident with a name not yet used in g.names
// and, for adults, a mobile number unique in the whole register: the n-th
// number is a prefix and an 8-digit scramble of n (1,234,567 is prime to 10⁸,
// so the scramble is one to one).
func (g *gen) newPerson(surname rune, sex string, by int) *person {
	given := male
	if sex == "女" {
		given = female
	}
	var name string
	for {
		name = string(surname) + string(given[g.r.IntN(len(given))])
		if g.r.IntN(10) < 7 {
			name += string(given[g.r.IntN(len(given))])
		}
		if !g.names[name] {
			break
		}
	}
	g.names[name] = true
	p := &person{name: name, sex: sex, by: by, bm: g.between(1, 12), present: true, role: "居民"}
	if by <= 2006 {
		n := g.phones
		g.phones++
		p.phone = prefixes[n%len(prefixes)] + fmt.Sprintf("%08d", (n/len(prefixes)*1_234_567+2_345_678)%100_000_000)
	}
	return p
}

func (g *gen) couple(s rune, lo, hi int) (h, w *person) {
	hy := g.between(lo, hi)
	wy := min(max(hy+g.between(-3, 2), lo), hi)
	return g.newPerson(s, "男", hy), g.newPerson(g.otherSurname(s), "女", wy)
}

func (g *gen) child(s rune, py int) *person {
	return g.newPerson(s, g.sex(), g.between(py+23, min(2021, py+40)))
}

func (g *gen) elders(s rune, cy, n int) []*person {
	fy := g.between(1935, min(1961, cy-22))
	f := g.newPerson(s, "男", fy)
	m := g.newPerson(g.otherSurname(s), "女", min(fy+g.between(-2, 3), 1961))
	if n == 2 {
		return []*person{f, m}
	}
	if g.r.IntN(2) == 0 {
		return []*person{f}
	}
	return []*person{m}
}

// family makes n present residents, at least one of them under 60 (as in
// gen_sample.go).
func (g *gen) family(n int) []*person {
	s := g.surname()
	switch n {
	case 1:
		return []*person{g.newPerson(s, g.sex(), g.between(1970, 2000))}
	case 2:
		switch k := g.r.IntN(20); {
		case k < 14:
			h, w := g.couple(s, 1970, 1998)
			return []*person{h, w}
		case k < 17:
			p := g.newPerson(s, g.sex(), g.between(1972, 1990))
			return []*person{p, g.child(s, p.by)}
		default:
			c := g.newPerson(s, g.sex(), g.between(1970, 1992))
			return append([]*person{c}, g.elders(s, c.by, 1)...)
		}
	case 3:
		h, w := g.couple(s, 1970, 1995)
		if g.r.IntN(4) == 0 {
			return append([]*person{h, w}, g.elders(s, h.by, 1)...)
		}
		return []*person{h, w, g.child(s, max(h.by, w.by))}
	case 4:
		h, w := g.couple(s, 1970, 1994)
		py := max(h.by, w.by)
		switch k := g.r.IntN(20); {
		case k < 11:
			return []*person{h, w, g.child(s, py), g.child(s, py)}
		case k < 17:
			return append([]*person{h, w, g.child(s, py)}, g.elders(s, h.by, 1)...)
		default:
			return append([]*person{h, w}, g.elders(s, h.by, 2)...)
		}
	default: // 5 or 6: three generations
		h, w := g.couple(s, 1975, 1994)
		py := max(h.by, w.by)
		ps := []*person{h, w, g.child(s, py)}
		if n == 6 || g.r.IntN(2) == 0 {
			ps = append(ps, g.child(s, py))
		}
		return append(ps, g.elders(s, h.by, n-len(ps))...)
	}
}

// awayMember is a registered member of the household living elsewhere.
func (g *gen) awayMember(head *person) *person {
	lo := 1975
	if head.by <= 1961 {
		lo = max(lo, head.by+22)
	}
	p := g.newPerson([]rune(head.name)[0], g.sex(), g.between(lo, 2003))
	p.present = false
	p.note = "在外地工作"
	if p.by >= 1999 {
		p.note = "在外地上学"
	}
	return p
}

var smallSizes = []int{1, 1, 2, 2, 2, 3, 3, 3, 3, 4, 4}
var awaySizes = []int{1, 2, 2, 3, 3, 4}

// household makes the people of a household of the given kind.
func (g *gen) household(kind int) []*person {
	clear(g.names)
	var ps []*person
	switch kind {
	case kindSolo:
		sex := "女"
		if g.r.IntN(3) == 0 {
			sex = "男"
		}
		ps = []*person{g.newPerson(g.surname(), sex, g.between(1930, 1961))}
	case kindCouple:
		s := g.surname()
		hb := g.between(1932, 1959)
		ps = []*person{g.newPerson(s, "男", hb), g.newPerson(g.otherSurname(s), "女", min(hb+g.between(-3, 3), 1961))}
	case kindLarge:
		ps = g.family(g.between(5, 6))
	case kindRegular:
		ps = g.family(smallSizes[g.r.IntN(len(smallSizes))])
	case kindAway:
		ps = g.family(awaySizes[g.r.IntN(len(awaySizes))])
		for _, p := range ps {
			p.present = false
		}
		if g.r.IntN(3) == 0 {
			ps[0].note = "业主在外地"
		}
	case kindStranded:
		o1, o2 := g.couple(g.surname(), 1975, 1990)
		o1.present, o2.present = false, false
		o1.note = "业主在外地，房屋装修中"
		ws := []*person{g.newPerson(g.surname(), "男", g.between(1975, 1995)), g.newPerson(g.surname(), "男", g.between(1975, 1995))}
		for _, w := range ws {
			w.role, w.note = "装修工人", "封控滞留"
		}
		ps = []*person{o1, o2, ws[0], ws[1]}
	case kindEmpty:
		return nil
	}
	// Some registered members live elsewhere (the sample: 25 of 438).
	switch {
	case (kind == kindSolo || kind == kindCouple) && g.r.IntN(12) == 0,
		kind == kindRegular && g.r.IntN(14) == 0:
		ps = append(ps, g.awayMember(ps[0]))
	}
	for _, p := range ps {
		if p.present && p.by <= 1945 && g.r.IntN(4) == 0 {
			p.note = notesOld[g.r.IntN(len(notesOld))]
		}
	}
	// Volunteers: present adults of households that are not elder-only,
	// at most two a household; a few young elders among them.
	if kind == kindRegular || kind == kindLarge {
		nv := 0
		for _, p := range ps {
			if nv == 2 || !p.present || p.by < 1952 || p.by > 2003 {
				continue
			}
			odds := 11 // percent
			if p.by <= 1961 {
				odds = 3
			}
			if g.r.IntN(100) < odds {
				p.vol = true
				nv++
				if p.by <= 1996 && g.r.IntN(10) < 4 {
					p.skills = skillSet[g.r.IntN(len(skillSet))]
				}
			}
		}
	}
	return ps
}

func (g *gen) staff() *person {
	job := staffJob[g.r.IntN(len(staffJob))]
	sex := g.sex()
	if job == "保安" || job == "维修工" {
		sex = "男"
	}
	// Staff have no household: the ledger tells them apart by name and
	// birth, so g.names (not cleared between staff) keeps names unique.
	p := g.newPerson(g.surname(), sex, g.between(1970, 1998))
	p.role, p.note = "物业人员", job
	return p
}

// Figures are what vol status should say about the register on figuresOn,
// counted from the rows written.
type Figures struct {
	On                       string `json:"on"`
	Rows                     int    `json:"rows"`   // data rows
	People                   int    `json:"people"` // person rows
	RegisteredHouseholds     int    `json:"registered_households"`
	PresentHouseholds        int    `json:"present_households"`
	PresentResidents         int    `json:"present_residents"`
	Elders                   int    `json:"elders"`
	ElderHouseholds          int    `json:"elder_households"`
	LargeHouseholds          int    `json:"large_households"`
	PropertyStaff            int    `json:"property_staff"`
	StrandedWorkerHouseholds int    `json:"stranded_worker_households"`
	Volunteers               int    `json:"volunteers"`
}

func (f Figures) json() []byte {
	b, _ := json.MarshalIndent(f, "", "  ")
	return append(b, '\n')
}

// count adds a household's people, as written, to the figures.
func (f *Figures) count(ps []*person) {
	f.RegisteredHouseholds++
	present, elders, stranded := 0, 0, 0
	for _, p := range ps {
		if !p.present {
			continue
		}
		switch p.role {
		case "居民":
			present++
			if p.by <= 1961 {
				elders++
			}
			if p.vol {
				f.Volunteers++
			}
		case "装修工人":
			stranded++
		}
	}
	if present > 0 {
		f.PresentHouseholds++
		f.PresentResidents += present
		if elders == present {
			f.ElderHouseholds++
			f.Elders += elders
		}
	}
	if present >= 5 {
		f.LargeHouseholds++
	}
	if stranded > 0 {
		f.StrandedWorkerHouseholds++
	}
}

// kinds returns n household kinds in the sample's proportions, shuffled.
func (g *gen) kinds(n int) []uint8 {
	share := func(per int) int { return (n*per + sampleHouseholds/2) / sampleHouseholds }
	ks := make([]uint8, 0, n)
	add := func(k uint8, c int) {
		for range c {
			if len(ks) < n {
				ks = append(ks, k)
			}
		}
	}
	add(kindSolo, share(sampleSolo))
	add(kindCouple, share(sampleCouple))
	add(kindLarge, share(sampleLarge))
	add(kindStranded, share(sampleStranded))
	add(kindEmpty, share(sampleEmpty))
	add(kindAway, share(sampleHouseholds-samplePresent-sampleStranded-sampleEmpty))
	add(kindRegular, n-len(ks))
	g.r.Shuffle(len(ks), func(i, j int) { ks[i], ks[j] = ks[j], ks[i] })
	return ks
}

// writeRegister writes the register: households in address order, then
// property staff. With rows > 0 (and households 0) it writes exactly rows
// data rows: households until rows minus the staff's share, the last one
// possibly cut short, then the staff.
func writeRegister(w io.Writer, households, rows int, seed uint64) (Figures, error) {
	g := &gen{r: rand.New(rand.NewPCG(seed, 401)), names: map[string]bool{}}
	fig := Figures{On: figuresOn}
	var staffN, hhRows int
	if households > 0 {
		staffN = (households*sampleStaff + sampleHouseholds/2) / sampleHouseholds
	} else {
		staffN = (rows*sampleStaff + sampleRows/2) / sampleRows
		hhRows = rows - staffN
		// Enough households for the rows, at the sample's 2.6 rows each, and
		// some to spare: the kinds must not run out.
		households = hhRows*sampleHouseholds/(sampleRows-sampleStaff) + hhRows/10 + 10
	}
	kinds := g.kinds(households)
	var line []byte
	put := func(fields ...string) error {
		line = line[:0]
		for i, f := range fields {
			if i > 0 {
				line = append(line, ',')
			}
			line = append(line, f...)
		}
		line = append(line, '\n')
		_, err := w.Write(line)
		return err
	}
	yn := func(b bool) string {
		if b {
			return "是"
		}
		return "否"
	}
	personRow := func(b, u, rm string, p *person) error {
		return put(b, u, rm, p.name, p.sex, strconv.Itoa(p.by)+"-"+twoDigits(p.bm), p.phone, yn(p.present), p.role, yn(p.vol), p.skills, p.note)
	}
	if err := put(header...); err != nil {
		return fig, err
	}
	for i, kind := range kinds {
		if hhRows > 0 && fig.Rows >= hhRows {
			break
		}
		b := strconv.Itoa(1 + i/flatsPerBuilding)
		u := strconv.Itoa(1 + i/(floorsPerUnit*flatsPerFloor)%unitsPerBuilding)
		rm := strconv.Itoa((1+i/flatsPerFloor%floorsPerUnit)*100 + 1 + i%flatsPerFloor)
		ps := g.household(int(kind))
		if hhRows > 0 && fig.Rows+max(len(ps), 1) > hhRows {
			ps = ps[:hhRows-fig.Rows] // the last household, cut short
		}
		if len(ps) == 0 {
			if err := put(b, u, rm, "", "", "", "", "", "", "", "", ""); err != nil {
				return fig, err
			}
			fig.Rows++
		}
		for _, p := range ps {
			if err := personRow(b, u, rm, p); err != nil {
				return fig, err
			}
			fig.Rows++
			fig.People++
		}
		fig.count(ps)
	}
	if hhRows > 0 && fig.Rows < hhRows {
		return fig, fmt.Errorf("ran out of households at %d rows of %d", fig.Rows, hhRows)
	}
	clear(g.names)
	for range staffN {
		p := g.staff()
		if err := personRow("", "", "", p); err != nil {
			return fig, err
		}
		fig.Rows++
		fig.People++
		fig.PropertyStaff++
	}
	return fig, nil
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}
