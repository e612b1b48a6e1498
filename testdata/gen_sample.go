//go:build ignore

// gen_sample writes the sample register of the fictional compound 凯旋华庭
// (Shanghai, spring 2022), one CSV row per person, built to the numbers of
// the news story. It checks those numbers before writing anything.
//
//	go run testdata/gen_sample.go > testdata/kaixuan.csv
//
// The output is deterministic: the same seed gives the same bytes.
package main

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
)

var header = []string{"楼号", "单元", "室号", "姓名", "性别", "出生年月", "联系电话", "在住", "身份", "志愿者", "技能", "备注", "电话公开", "需求"}

// The story's numbers.
const (
	registered   = 438
	present      = 370
	livingAlone  = 25 // 独居: one elder
	elderCouples = 10 // 双独居: two elders
	large        = 15 // 5 or 6 present residents
	staff        = 7
	emptyFlats   = 3 // address-only rows
	volunteers   = 60
)

// Layout: buildings 1–10, 2 units, 11 floors, 2 flats a floor (x01, x02);
// the ground floor of building 10 unit 2 is the property office, so 438 flats.

type person struct {
	name, sex string
	by, bm    int // birth year and month
	phone     string
	present   bool
	role      string // 居民, 物业人员, 装修工人
	vol       bool
	skills    []string
	note      string
}

type household struct {
	bld, unit, room int
	kind            string // solo, couple, large, regular, away, empty, stranded
	people          []*person
}

var (
	r          = rand.New(rand.NewPCG(2022, 401))
	usedNames  = map[string]bool{}
	usedPhones = map[string]bool{}

	surnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡沈俞顾钱陆汤")
	male     = []rune("伟强磊军勇杰涛明超辉刚平国华建文斌志鹏宇浩俊峰晨毅庆荣根福林宏海")
	female   = []rune("芳娟敏静丽艳娜霞玲秀英慧红梅琳洁雪倩婷颖萍燕兰珍凤佳蕾琴莉月")
)

func pick[T any](s []T) T { return s[r.IntN(len(s))] }

func between(lo, hi int) int { return lo + r.IntN(hi-lo+1) }

// newPerson makes a present resident with a name unique in the whole register
// and a unique mobile number (none for children born 2007 or later).
func newPerson(surname rune, sex string, by int) *person {
	given := male
	if sex == "女" {
		given = female
	}
	var name string
	for {
		name = string(surname) + string(pick(given))
		if r.IntN(10) < 7 {
			name += string(pick(given))
		}
		if !usedNames[name] {
			break
		}
	}
	usedNames[name] = true
	p := &person{name: name, sex: sex, by: by, bm: between(1, 12), present: true, role: "居民"}
	if by <= 2006 {
		for {
			p.phone = pick([]string{"139", "138", "137", "136", "135", "158", "159", "186", "187", "188", "131", "133", "177", "189"}) +
				fmt.Sprintf("%08d", r.IntN(100000000))
			if !usedPhones[p.phone] {
				break
			}
		}
		usedPhones[p.phone] = true
	}
	return p
}

func randSex() string { return pick([]string{"男", "女"}) }

func otherSurname(s rune) rune {
	for {
		if o := pick(surnames); o != s {
			return o
		}
	}
}

// couple returns a husband born in [lo, hi] and a wife of about his age.
func couple(s rune, lo, hi int) (h, w *person) {
	hy := between(lo, hi)
	wy := min(max(hy+between(-3, 2), lo), hi)
	return newPerson(s, "男", hy), newPerson(otherSurname(s), "女", wy)
}

// children of parents born no earlier than py.
func child(s rune, py int) *person {
	return newPerson(s, randSex(), between(py+23, min(2021, py+40)))
}

// elders returns n (1 or 2) parents of someone born in cy.
func elders(s rune, cy, n int) []*person {
	fy := between(1935, min(1961, cy-22))
	f := newPerson(s, "男", fy)
	m := newPerson(otherSurname(s), "女", min(fy+between(-2, 3), 1961))
	if n == 2 {
		return []*person{f, m}
	}
	return []*person{pick([]*person{f, m})}
}

// family makes n present residents, at least one of them under 60.
func family(n int) []*person {
	s := pick(surnames)
	switch n {
	case 1:
		return []*person{newPerson(s, randSex(), between(1970, 2000))}
	case 2:
		switch k := r.IntN(20); {
		case k < 14:
			h, w := couple(s, 1970, 1998)
			return []*person{h, w}
		case k < 17:
			p := newPerson(s, randSex(), between(1972, 1990))
			return []*person{p, child(s, p.by)}
		default:
			c := newPerson(s, randSex(), between(1970, 1992))
			return append([]*person{c}, elders(s, c.by, 1)...)
		}
	case 3:
		h, w := couple(s, 1970, 1995)
		if r.IntN(4) == 0 {
			return append([]*person{h, w}, elders(s, h.by, 1)...)
		}
		return []*person{h, w, child(s, max(h.by, w.by))}
	case 4:
		h, w := couple(s, 1970, 1994)
		py := max(h.by, w.by)
		switch k := r.IntN(20); {
		case k < 11:
			return []*person{h, w, child(s, py), child(s, py)}
		case k < 17:
			return append([]*person{h, w, child(s, py)}, elders(s, h.by, 1)...)
		default:
			return append([]*person{h, w}, elders(s, h.by, 2)...)
		}
	default: // 5 or 6: three generations
		h, w := couple(s, 1975, 1994)
		py := max(h.by, w.by)
		ps := []*person{h, w, child(s, py)}
		if n == 6 || r.IntN(2) == 0 {
			ps = append(ps, child(s, py))
		}
		return append(ps, elders(s, h.by, n-len(ps))...)
	}
}

// awayMember is a registered resident of h who is not living there now:
// a grown child of an elder head, else a relative born 1975–2003.
func awayMember(h *household) *person {
	head := h.people[0]
	lo := 1975
	if head.by <= 1961 {
		lo = max(lo, head.by+22)
	}
	p := newPerson([]rune(head.name)[0], randSex(), between(lo, 2003))
	p.present = false
	p.note = "在外地工作"
	if p.by >= 1999 {
		p.note = "在外地上学"
	}
	return p
}

func build() (hs []*household, staffRows []*person) {
	var flats []*household
	for b := 1; b <= 10; b++ {
		for u := 1; u <= 2; u++ {
			for f := 1; f <= 11; f++ {
				if b == 10 && u == 2 && f == 1 {
					continue
				}
				for k := 1; k <= 2; k++ {
					flats = append(flats, &household{bld: b, unit: u, room: f*100 + k})
				}
			}
		}
	}
	var kinds []string
	add := func(kind string, n int) {
		for range n {
			kinds = append(kinds, kind)
		}
	}
	add("solo", livingAlone)
	add("couple", elderCouples)
	add("large", large)
	add("regular", present-livingAlone-elderCouples-large)
	add("stranded", 1)
	add("empty", emptyFlats)
	add("away", registered-present-1-emptyFlats)
	r.Shuffle(len(kinds), func(i, j int) { kinds[i], kinds[j] = kinds[j], kinds[i] })

	for i, h := range flats {
		h.kind = kinds[i]
		switch h.kind {
		case "solo":
			e := newPerson(pick(surnames), pick([]string{"女", "女", "男"}), between(1930, 1961))
			h.people = []*person{e}
		case "couple":
			s := pick(surnames)
			hb := between(1932, 1959)
			h.people = []*person{newPerson(s, "男", hb), newPerson(otherSurname(s), "女", min(hb+between(-3, 3), 1961))}
		case "large":
			h.people = family(between(5, 6))
		case "regular":
			n := pick([]int{1, 1, 2, 2, 2, 3, 3, 3, 3, 4, 4})
			h.people = family(n)
		case "away":
			h.people = family(pick([]int{1, 2, 2, 3, 3, 4}))
			for _, p := range h.people {
				p.present = false
			}
			if r.IntN(3) == 0 {
				h.people[0].note = "业主在外地"
			}
		case "stranded":
			s := pick(surnames)
			o1, o2 := couple(s, 1975, 1990)
			o1.present, o2.present = false, false
			o1.note = "业主在外地，房屋装修中"
			w1 := newPerson(pick(surnames), "男", between(1975, 1995))
			w2 := newPerson(pick(surnames), "男", between(1975, 1995))
			for _, w := range []*person{w1, w2} {
				w.role, w.note = "装修工人", "封控滞留"
			}
			h.people = []*person{o1, o2, w1, w2}
		}
	}

	// A few registered members living elsewhere, also in elder-only and
	// four-person households (they change neither kind).
	var solo, four, small []*household
	for _, h := range flats {
		switch {
		case h.kind == "solo" || h.kind == "couple":
			solo = append(solo, h)
		case h.kind == "regular" && len(h.people) == 4:
			four = append(four, h)
		case h.kind == "regular":
			small = append(small, h)
		}
	}
	for _, set := range []struct {
		hs []*household
		n  int
	}{{solo, 3}, {four, 4}, {small, 18}} {
		for _, i := range r.Perm(len(set.hs))[:set.n] {
			h := set.hs[i]
			h.people = append(h.people, awayMember(h))
		}
	}

	// Notes for some elders.
	for _, h := range flats {
		for _, p := range h.people {
			if p.present && p.by <= 1945 && r.IntN(4) == 0 {
				p.note = pick([]string{"需轮椅", "行动不便", "慢性病需定期取药", "听力不好"})
			}
		}
	}

	// Volunteers: present adult residents of households that are not
	// elder-only, at most two a household and a handful of young elders.
	type cand struct {
		h *household
		p *person
	}
	var cands []cand
	for _, h := range flats {
		if h.kind == "regular" || h.kind == "large" {
			for _, p := range h.people {
				if p.present && p.by >= 1952 && p.by <= 2003 {
					cands = append(cands, cand{h, p})
				}
			}
		}
	}
	r.Shuffle(len(cands), func(i, j int) { cands[i], cands[j] = cands[j], cands[i] })
	perHouse := map[*household]int{}
	var vols []*person
	oldVols := 0
	for _, c := range cands {
		if len(vols) == volunteers {
			break
		}
		if perHouse[c.h] == 2 || (c.p.by <= 1961 && oldVols == 5) {
			continue
		}
		if c.p.by <= 1961 {
			oldVols++
		}
		perHouse[c.h]++
		c.p.vol = true
		vols = append(vols, c.p)
	}
	for _, sk := range [][]string{
		{"医生"}, {"医生"}, {"护士"}, {"护士"}, {"司机"}, {"司机"}, {"司机"}, {"司机", "上海话"},
		{"上海话"}, {"上海话"}, {"上海话"}, {"上海话"}, {"翻译", "英语"}, {"英语"}, {"英语"}, {"上海话", "英语"},
	} {
		for _, v := range vols {
			if v.skills == nil && v.by <= 1996 {
				v.skills = sk
				break
			}
		}
	}

	for _, note := range []string{"物业经理", "保安", "保安", "保安", "保洁", "保洁", "维修工"} {
		sex := randSex()
		if note == "保安" || note == "维修工" {
			sex = "男"
		}
		p := newPerson(pick(surnames), sex, between(1970, 1998))
		p.role, p.note = "物业人员", note
		staffRows = append(staffRows, p)
	}
	return flats, staffRows
}

// needs are the tags the team acts on (a home visit for testing, help to
// go down): from the note, and bedridden (卧床) for the present residents
// born in 1932 or before.
func needs(p *person) string {
	var tags []string
	switch p.note {
	case "需轮椅":
		tags = append(tags, "轮椅")
	case "行动不便":
		tags = append(tags, "行动不便")
	}
	if p.present && p.by <= 1932 {
		tags = append(tags, "卧床")
	}
	return strings.Join(tags, "、")
}

func yn(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

func rows(hs []*household, staffRows []*person) [][]string {
	out := [][]string{header}
	row := func(b, u, rm string, p *person) []string {
		return []string{b, u, rm, p.name, p.sex, fmt.Sprintf("%d-%02d", p.by, p.bm), p.phone,
			yn(p.present), p.role, yn(p.vol), strings.Join(p.skills, "、"), p.note,
			yn(p.vol), // the volunteers agree to show their phones to the team
			needs(p)}
	}
	for _, h := range hs { // hs is already in address order
		b, u, rm := strconv.Itoa(h.bld), strconv.Itoa(h.unit), strconv.Itoa(h.room)
		if len(h.people) == 0 {
			out = append(out, []string{b, u, rm, "", "", "", "", "", "", "", "", "", "", ""})
		}
		for _, p := range h.people {
			out = append(out, row(b, u, rm, p))
		}
	}
	for _, p := range staffRows {
		out = append(out, row("", "", "", p))
	}
	return out
}

// verify recounts the story's numbers from the rows alone.
func verify(rs [][]string) error {
	var errs []string
	check := func(what string, got, want int) {
		if got != want {
			errs = append(errs, fmt.Sprintf("%s: got %d, want %d", what, got, want))
		}
	}
	if !slices.Equal(rs[0], header) {
		errs = append(errs, "bad header")
	}
	type hh struct {
		present, presentElders, workers int
		vols                            int
	}
	var order []string
	houses := map[string]*hh{}
	seen := map[string]bool{}
	nStaff, nVols, doctors, drivers := 0, 0, 0, 0
	for i, f := range rs[1:] {
		if len(f) != len(header) {
			errs = append(errs, fmt.Sprintf("row %d: %d fields", i+2, len(f)))
			continue
		}
		addr := strings.Join(f[:3], "-")
		if f[8] == "物业人员" {
			nStaff++
			if addr != "--" || f[7] != "是" {
				errs = append(errs, "staff with an address or not present: "+f[3])
			}
			continue
		}
		h := houses[addr]
		if h == nil {
			h = &hh{}
			houses[addr] = h
			order = append(order, addr)
		}
		if f[3] == "" {
			continue // address-only row
		}
		key := addr + "|" + f[3] + "|" + f[5]
		if seen[key] {
			errs = append(errs, "duplicate person "+key)
		}
		seen[key] = true
		y, _ := strconv.Atoi(f[5][:4])
		m, _ := strconv.Atoi(f[5][5:])
		if (y > 1961 && y < 1970) || y < 1930 || y > 2021 || m < 1 || m > 12 {
			errs = append(errs, "birth outside the stable ranges: "+key)
		}
		elder := y <= 1961
		switch {
		case f[8] == "居民" && f[7] == "是":
			h.present++
			if elder {
				h.presentElders++
			}
			if f[9] == "是" {
				h.vols++
				nVols++
				doctors += b2i(strings.Contains(f[10], "医生"))
				drivers += b2i(strings.Contains(f[10], "司机"))
			}
		case f[8] == "装修工人" && f[7] == "是":
			h.workers++
		case f[9] == "是":
			errs = append(errs, "volunteer who is not a present resident: "+key)
		}
	}
	nPresent, eoHouses, eoElders, alone, couples, nLarge, stranded, eoVols, badOther := 0, 0, 0, 0, 0, 0, 0, 0, 0
	for _, a := range order {
		h := houses[a]
		if h.workers > 0 && h.present == 0 {
			stranded++
			check("stranded workers", h.workers, 2)
		}
		if h.present == 0 {
			continue
		}
		nPresent++
		switch {
		case h.present == h.presentElders:
			eoHouses++
			eoElders += h.presentElders
			alone += b2i(h.present == 1)
			couples += b2i(h.present == 2)
			eoVols += h.vols
		case h.present >= 5:
			nLarge++
			if h.present > 6 {
				badOther++
			}
		}
	}
	check("registered households", len(order), registered)
	check("present households", nPresent, present)
	check("elder-only households", eoHouses, livingAlone+elderCouples)
	check("elders in elder-only households", eoElders, livingAlone+2*elderCouples)
	check("elders living alone", alone, livingAlone)
	check("elder couples", couples, elderCouples)
	check("households with 5-6 present", nLarge, large)
	check("households with 7+ present", badOther, 0)
	check("property staff", nStaff, staff)
	check("stranded flats", stranded, 1)
	check("volunteers", nVols, volunteers)
	check("volunteers in elder-only households", eoVols, 0)
	if doctors == 0 || drivers == 0 {
		errs = append(errs, "no doctor or no driver among the volunteers")
	}
	if len(errs) > 0 {
		return fmt.Errorf("%s", strings.Join(errs, "\n"))
	}
	fmt.Fprintf(os.Stderr, "ok: %d rows; %d registered, %d present households; %d elder-only households (%d alone, %d couples, %d elders); %d large; %d staff; %d stranded flat; %d volunteers (%d doctors, %d drivers)\n",
		len(rs)-1, len(order), nPresent, eoHouses, alone, couples, eoElders, nLarge, nStaff, stranded, nVols, doctors, drivers)
	return nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func main() {
	rs := rows(build())
	if err := verify(rs); err != nil {
		fmt.Fprintln(os.Stderr, "gen_sample:", err)
		os.Exit(1)
	}
	w := bufio.NewWriter(os.Stdout)
	cw := csv.NewWriter(w)
	cw.WriteAll(rs)
	if err := cw.Error(); err != nil {
		fmt.Fprintln(os.Stderr, "gen_sample:", err)
		os.Exit(1)
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "gen_sample:", err)
		os.Exit(1)
	}
}
