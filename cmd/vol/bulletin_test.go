package main

import (
	"encoding/json"
	"image/png"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// TestBulletin: three days on the sample compound (a round, its deliveries
// and medicine requests, a household moving away, a testing round): each
// day's bulletin has the figures of status --as-of that day, the packs the
// day delivered, and for each figure the change since the day before; the
// Chinese and English texts carry the same numbers; no name or phone of
// the register appears in any bulletin.
func TestBulletin(t *testing.T) {
	t.Parallel()
	env := testEnv(t, "bulletin")
	at := func(day, clock string) { env["VOL_NOW"] = day + "T" + clock + ":00+08:00" }
	at("2026-12-01", "09:00")
	mustVol(t, env, "demo", "--db", env["VOL_DB"])
	var round struct {
		Round string `json:"round"`
		Given int    `json:"given"`
	}
	if err := json.Unmarshal([]byte(mustVol(t, env, "alloc", "--commit", "--json")), &round); err != nil || round.Round == "" {
		t.Fatalf("alloc: %v", err)
	}
	at("2026-12-02", "10:00")
	mustVol(t, env, "round", "deliver", round.Round, "--all")
	mustVol(t, env, "med", "request", "1-1-101", "--drug", "氨氯地平")
	mustVol(t, env, "med", "request", "1-1-102", "--drug", "二甲双胍")
	var hs []struct {
		Address string `json:"address"`
		Present bool   `json:"present"`
	}
	if err := json.Unmarshal([]byte(mustVol(t, env, "household", "list", "--json")), &hs); err != nil {
		t.Fatal(err)
	}
	var mover string
	for _, h := range hs {
		if h.Present && strings.HasPrefix(h.Address, "4号楼") {
			mover = h.Address
			break
		}
	}
	var people []struct {
		ID, Name, Phone, Address string
		Present                  bool
	}
	if err := json.Unmarshal([]byte(mustVol(t, env, "person", "list", "--json", "--full")), &people); err != nil {
		t.Fatal(err)
	}
	for _, p := range people {
		if p.Address == mover && p.Present {
			mustVol(t, env, "person", "set", p.ID, "--present=false")
		}
	}
	at("2026-12-03", "08:00")
	var test struct {
		Round string `json:"round"`
	}
	if err := json.Unmarshal([]byte(mustVol(t, env, "test", "plan", "--date", "2026-12-03", "--stations", "4", "--commit", "--json")), &test); err != nil {
		t.Fatal(err)
	}
	mustVol(t, env, "test", "done", test.Round, "--unit", "1-1")
	mustVol(t, env, "bulletin", "note", "今晚八点发放蔬菜", "--lang", "zh")
	mustVol(t, env, "bulletin", "note", "Vegetables at 8 pm tonight", "--lang", "en")
	mustVol(t, env, "compound", "set", "--contact", "居委会 021-5555 0000")
	at("2026-12-03", "20:00")

	type figures map[string]*float64
	type doc struct {
		Date    string
		Figures figures
		Changes figures
		Note    map[string]string
	}
	days := []string{"2026-12-01", "2026-12-02", "2026-12-03"}
	var docs []doc
	var texts []string
	for _, d := range days {
		var b doc
		out := mustVol(t, env, "bulletin", "--as-of", d, "--json")
		if err := json.Unmarshal([]byte(out), &b); err != nil {
			t.Fatal(err)
		}
		docs = append(docs, b)
		texts = append(texts, out)
		// The register's figures are status --as-of's.
		st := statusJSONOf(t, env, "--as-of", d)
		for _, k := range []string{"registered_households", "present_households", "present_residents", "elders", "elder_households", "volunteers", "unpaired_elder_households"} {
			if got := b.Figures[k]; got == nil || *got != st[k] {
				t.Errorf("%s: %s %v, status --as-of says %v", d, k, got, st[k])
			}
		}
		zh := mustVol(t, env, "bulletin", "--as-of", d, "--lang", "zh")
		en := mustVol(t, env, "bulletin", "--as-of", d, "--lang", "en")
		both := mustVol(t, env, "bulletin", "--as-of", d, "--lang", "zh,en")
		if both != zh+"\n"+en {
			t.Errorf("%s: --lang zh,en is not the two bulletins", d)
		}
		num := regexp.MustCompile(`[+−]?\d+`)
		strip := func(s string) []string { // the numbers of the figures: the title's date and the note apart
			lines := strings.Split(strings.TrimSpace(s), "\n")
			var out []string
			for _, l := range lines[1:] {
				if strings.Contains(l, "八点") || strings.Contains(l, "8 pm") || strings.Contains(l, "021") {
					continue
				}
				out = append(out, num.FindAllString(l, -1)...)
			}
			return out
		}
		if a, b := strip(zh), strip(en); !reflect.DeepEqual(a, b) || len(a) < 5 {
			t.Errorf("%s: the Chinese bulletin's numbers %v, the English %v", d, a, b)
		}
		texts = append(texts, zh, en)
	}
	if docs[0].Changes != nil {
		t.Errorf("the first day has no day before: changes %v", docs[0].Changes)
	}
	for i := 1; i < len(docs); i++ {
		for k, v := range docs[i].Figures {
			prev, ch := docs[i-1].Figures[k], docs[i].Changes[k]
			switch {
			case v == nil || prev == nil:
				if ch != nil {
					t.Errorf("%s: %s has a change %v without both days", days[i], k, *ch)
				}
			case ch == nil || *ch != *v-*prev:
				t.Errorf("%s: %s change %v, want %v − %v", days[i], k, ch, *v, *prev)
			}
		}
	}
	if v := docs[1].Figures["packs_delivered"]; v == nil || int(*v) != round.Given {
		t.Errorf("12-02: packs delivered %v, the round gave %d", v, round.Given)
	}
	if v := docs[0].Figures["packs_delivered"]; v == nil || *v != 0 {
		t.Errorf("12-01: packs delivered %v, want 0 (nothing handed over yet)", v)
	}
	if v := docs[1].Figures["present_households"]; v == nil || docs[1].Changes["present_households"] == nil || *docs[1].Changes["present_households"] != -1 {
		t.Errorf("12-02: a household moved away: change %v", docs[1].Changes["present_households"])
	}
	if v := docs[1].Figures["med_requests_opened"]; v == nil || *v != 2 {
		t.Errorf("12-02: medicine requests opened %v, want 2", v)
	}
	if docs[0].Figures["tested"] != nil || docs[2].Figures["tested"] == nil || *docs[2].Figures["tested"] == 0 {
		t.Errorf("testing: 12-01 %v, 12-03 %v", docs[0].Figures["tested"], docs[2].Figures["tested"])
	}
	if docs[2].Note["zh"] != "今晚八点发放蔬菜" || docs[2].Note["en"] != "Vegetables at 8 pm tonight" || len(docs[1].Note) != 0 {
		t.Errorf("notes %v %v", docs[1].Note, docs[2].Note)
	}
	if zh := texts[len(texts)-2]; !strings.Contains(zh, "【核酸】已测 ") || !strings.Contains(zh, "今日说明：今晚八点发放蔬菜") || !strings.Contains(zh, "联系：居委会") {
		t.Errorf("12-03 zh:\n%s", zh)
	}
	// No personal data: no name, no phone of the register.
	all := strings.Join(texts, "\n")
	for _, p := range people {
		if p.Name != "" && strings.Contains(all, p.Name) || p.Phone != "" && strings.Contains(all, p.Phone) {
			t.Fatalf("a bulletin holds %s's name or phone", p.ID)
		}
	}
	if strings.Contains(all, "室") {
		t.Error("a bulletin holds an address below the building")
	}
}

// TestBulletinPicture: --png draws the bulletin 1080 pixels wide and not
// blank, --html writes the page holding the same figures; neither may be
// the ledger, nor one file for both.
func TestBulletinPicture(t *testing.T) {
	t.Parallel()
	env := testEnv(t, "bulletinpng")
	env["VOL_NOW"] = "2026-12-01T09:00:00+08:00"
	mustVol(t, env, "demo", "--db", env["VOL_DB"])
	dir := t.TempDir()
	pngPath, htmlPath := filepath.Join(dir, "b.png"), filepath.Join(dir, "b.html")
	mustVol(t, env, "bulletin", "--lang", "zh", "--png", pngPath, "--html", htmlPath)
	f, err := os.Open(pngPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	if b.Dx() != 1080 || b.Dy() < 600 || b.Dy() > 4000 {
		t.Fatalf("picture %v", b)
	}
	dark := 0
	for y := b.Min.Y; y < b.Max.Y; y += 3 {
		for x := b.Min.X; x < b.Max.X; x += 3 {
			if r, g, bl, _ := img.At(x, y).RGBA(); r+g+bl < 3*0x8000 {
				dark++
			}
		}
	}
	if dark < 2000 {
		t.Fatalf("the picture is nearly blank: %d dark samples", dark)
	}
	page, err := os.ReadFile(htmlPath)
	if err != nil || !strings.Contains(string(page), "在住 370 户") {
		t.Fatalf("the page: %v", err)
	}
	for _, args := range [][]string{{"--png", env["VOL_DB"]}, {"--png", pngPath, "--html", pngPath}} {
		if code, _, errOut := vol(t, env, append([]string{"bulletin"}, args...)...); code == 0 || errOut == "" {
			t.Errorf("bulletin %v: exit %d", args, code)
		}
	}
}
