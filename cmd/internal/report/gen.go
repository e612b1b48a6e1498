package report

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"time"

	"vol/ledger"
)

// Generator makes a district of made-up compounds' reports, for the hub's
// benchmark (cmd/volgen -reports) and its tests: no ledger behind them,
// each compound's key and figures drawn from the seed, so the same seed
// gives the same bytes. Compound i is "小区i" on one of Streets streets,
// 30 compounds to a street and 12 streets to a district.
type Generator struct {
	Seed uint64
}

// draw is a number from the seed and the parts, in [0, n).
func (g Generator) draw(n int64, parts ...any) int64 {
	h := sha256.Sum256(fmt.Appendf(nil, "%d%v", g.Seed, parts))
	return int64(binary.BigEndian.Uint64(h[:8]) % uint64(n))
}

// Key is compound i's device key.
func (g Generator) Key(i int) ed25519.PrivateKey {
	h := sha256.Sum256(fmt.Appendf(nil, "key %d %d", g.Seed, i))
	return ed25519.NewKeyFromSeed(h[:])
}

// LedgerID is compound i's ledger ID.
func (g Generator) LedgerID(i int) string {
	h := sha256.Sum256(fmt.Appendf(nil, "ledger %d %d", g.Seed, i))
	x := hex.EncodeToString(h[:16])
	return x[0:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:32]
}

// generatedDrugs are the drugs made-up compounds wait for.
var generatedDrugs = []string{"氨氯地平", "二甲双胍", "阿托伐他汀", "硝苯地平", "阿司匹林", "胰岛素", "左甲状腺素", "美托洛尔"}

// Report is compound i's report of day, made at 20:00 UTC that day plus
// version minutes (a later version of the same day replaces an earlier),
// signed with Key(i).
func (g Generator) Report(i int, day time.Time, version int) *Report {
	date := day.Format("2006-01-02")
	d := func(n int64, what string) int64 { return g.draw(n, i, what) }                 // the compound's own, every day
	dd := func(n int64, what string) int64 { return g.draw(n, i, what, date, version) } // the day's
	registered := 300 + d(700, "registered")
	present := registered*85/100 + dd(20, "present")
	elderHH := present*8/100 + dd(5, "elder")
	figs := map[string]int64{
		"registered_households": registered, "present_households": present, "present_residents": present*25/10 + dd(40, "residents"),
		"elders": elderHH * 13 / 10, "elder_households": elderHH, "large_households": present * 4 / 100,
		"property_staff": 5 + d(10, "staff"), "stranded_worker_households": d(3, "stranded"), "volunteers": present/6 + dd(10, "volunteers"),
		"unpaired_elder_households": dd(elderHH/4+1, "unpaired"), "med_open_requests": dd(30, "med open"),
		"packs_delivered": dd(200, "packs"), "rounds_open": dd(3, "rounds"), "med_requests_opened": dd(10, "med asked"),
		"med_filled": dd(8, "med filled"), "med_not_found": dd(4, "med not found"), "med_cards_out": dd(6, "cards"),
	}
	r := &Report{Format: Format, LedgerID: g.LedgerID(i), Date: date,
		MadeAt:   day.Add(20*time.Hour + time.Duration(version)*time.Minute).UTC().Format(time.RFC3339),
		Compound: fmt.Sprintf("小区%04d", i), Street: fmt.Sprintf("第%03d街道", i/30), District: fmt.Sprintf("第%02d区", i/360),
		Head:    ledger.JournalHead{Entries: 1000 + dd(1000, "entries"), Hash: hex.EncodeToString(g.Key(i).Seed())},
		Figures: map[string]*int64{}, Trust: []ledger.TrustLink{}, Signer: Signer{Device: g.LedgerID(i + 1_000_000)},
	}
	for _, k := range FigureKeys {
		if v, ok := figs[k]; ok {
			r.Figures[k] = &v
		} else {
			r.Figures[k] = nil
		}
	}
	short := dd(20, "short")
	r.Needs = Needs{UnpairedElderHouseholds: figs["unpaired_elder_households"], PacksShort: &short, MedNotFound: []DrugNeed{},
		MedNotFoundOther: dd(3, "other")}
	if dd(4, "drug?") == 0 {
		r.Needs.MedNotFound = append(r.Needs.MedNotFound, DrugNeed{Drug: generatedDrugs[dd(int64(len(generatedDrugs)), "drug")],
			Households: MinDrugHouseholds + dd(4, "drug households")})
	}
	if err := r.Sign(g.Key(i)); err != nil {
		panic(err) // a struct of our own always encodes
	}
	return r
}
