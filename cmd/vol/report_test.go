package main

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	dayreport "vol/cmd/internal/report"
)

// sampleCompound is a ledger of the sample compound for the report and
// hub tests, with its key.
type sampleCompound struct {
	env              map[string]string
	ledgerID, pubkey string
	fingerprint      string
}

// The drugs of the sample's medicine requests: asked for by three
// households (a report may name it), two and one (it must not).
const (
	drugThree = "氨氯地平"
	drugTwo   = "二甲双胍"
	drugOne   = "阿托伐他汀"
)

// newSampleCompound makes the sample compound on 2 December 2026 under a
// name and street ("" for none), and on the 3rd: variant 0 has medicine not found on two runs (drugThree
// for three households, drugTwo for two, drugOne for one) and a round 18
// packs short; 1 has a household moved away and a full round; 2 nothing
// more.
func newSampleCompound(t *testing.T, name, compound, street string, variant int) sampleCompound {
	t.Helper()
	env := testEnv(t, name)
	env["VOL_NOW"] = "2026-12-02T10:00:00+08:00"
	mustVol(t, env, "demo", "--db", env["VOL_DB"])
	set := []string{"compound", "set", "--name", compound, "--district", "长宁区", "--timezone", "Asia/Shanghai"}
	if street != "" {
		set = append(set, "--street", street)
	}
	mustVol(t, env, set...)
	env["VOL_NOW"] = "2026-12-03T10:00:00+08:00"
	switch variant {
	case 0:
		asks := map[string][]string{drugThree: {"1-1-101", "1-1-102", "1-1-201"}, drugTwo: {"1-1-202", "1-1-301"}, drugOne: {"1-1-302"}}
		var notFound []string
		for drug, homes := range asks {
			for _, h := range homes {
				mustVol(t, env, "med", "request", h, "--drug", drug)
				notFound = append(notFound, "--not-found", drug+"@"+h)
			}
		}
		mustVol(t, env, "med", "request", "1-1-402", "--drug", "布洛芬")
		for i := range 2 {
			var run struct {
				ID string `json:"id"`
			}
			if err := json.Unmarshal([]byte(mustVol(t, env, "med", "run", "plan", "--commit", "--json")), &run); err != nil {
				t.Fatal(err)
			}
			args := append([]string{"med", "run", "result", run.ID}, notFound...)
			if i == 0 {
				args = append(args, "--got", "布洛芬@1-1-402")
			}
			mustVol(t, env, args...)
		}
		mustVol(t, env, "alloc", "--surplus", "50", "--commit")
	case 1:
		moveAway(t, env, "1号楼1单元101室")
		mustVol(t, env, "alloc", "--commit")
	}
	var w map[string]string
	if err := json.Unmarshal([]byte(mustVol(t, env, "sync", "whoami", "--json")), &w); err != nil {
		t.Fatal(err)
	}
	env["VOL_NOW"] = "2026-12-03T20:00:00+08:00"
	return sampleCompound{env: env, ledgerID: w["ledger"], pubkey: w["public_key"], fingerprint: w["fingerprint"]}
}

// moveAway marks everyone at a household (its address as lists show it)
// not present.
func moveAway(t *testing.T, env map[string]string, address string) {
	t.Helper()
	var people []struct {
		ID, Address string
		Present     bool
	}
	if err := json.Unmarshal([]byte(mustVol(t, env, "person", "list", "--json", "--full")), &people); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, p := range people {
		if p.Address == address && p.Present {
			mustVol(t, env, "person", "set", p.ID, "--present=false")
			n++
		}
	}
	if n == 0 {
		t.Fatalf("nobody present at %s", address)
	}
}

// report makes the compound's report of day and returns its bytes.
func (c sampleCompound) report(t *testing.T, day string) []byte {
	t.Helper()
	return []byte(mustVol(t, c.env, "report", "--as-of", day, "--json"))
}

// personalData is every name, phone and address of a ledger's people and
// households, as its lists give them in full.
func personalData(t *testing.T, env map[string]string) []string {
	t.Helper()
	var people []struct{ Name, Phone, Address string }
	if err := json.Unmarshal([]byte(mustVol(t, env, "person", "list", "--json", "--full")), &people); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range people {
		for _, v := range []string{p.Name, p.Phone, p.Address} {
			if len([]rune(v)) >= 2 {
				out = append(out, v)
			}
		}
	}
	if len(out) < 1000 {
		t.Fatalf("only %d names, phones and addresses in the sample", len(out))
	}
	return out
}

// TestReport (issue 21): vol report gives status --as-of's figures and the
// needs (packs short, elders without a volunteer, drugs not found after
// two runs named only when three households wait for them), signed by
// the ledger's key; no name, phone or address and no rare drug is in it;
// a changed figure, a truncated file, an unknown compound and another key
// are refused; a copy of the ledger (a hand-over) and a second
// coordinator's laptop (trusted by vol sync trust) are vouched for by the
// links their reports carry.
func TestReport(t *testing.T) {
	t.Parallel()
	c := newSampleCompound(t, "report", "凯旋华庭", "长宁路街道", 0)
	raw := c.report(t, "2026-12-03")
	trusted := func(keys ...string) func(string) []string {
		return func(id string) []string {
			if id == c.ledgerID {
				return keys
			}
			return nil
		}
	}
	r, err := dayreport.Verify(raw, trusted(c.pubkey))
	if err != nil {
		t.Fatalf("Verify: %v\n%s", err, raw)
	}
	if r.Compound != "凯旋华庭" || r.Street != "长宁路街道" || r.District != "长宁区" || r.Date != "2026-12-03" || r.LedgerID != c.ledgerID ||
		r.Signer.Fingerprint != c.fingerprint || r.Head.Entries < 10 || len(r.Head.Hash) != 64 {
		t.Errorf("report: %+v", r)
	}
	st := statusJSONOf(t, c.env, "--as-of", "2026-12-03")
	for _, k := range dayreport.FigureKeys[:11] {
		if got := r.Figures[k]; got == nil || float64(*got) != st[k] {
			t.Errorf("figure %s: %v, status --as-of says %v", k, got, st[k])
		}
	}
	if got := r.Figures["med_open_requests"]; got == nil || *got != 6 {
		t.Errorf("med_open_requests %v, want 6", got)
	}
	if n := r.Needs; n.PacksShort == nil || *n.PacksShort != 18 || n.UnpairedElderHouseholds != 35 || n.MedNotFoundOther != 3 ||
		!reflect.DeepEqual(n.MedNotFound, []dayreport.DrugNeed{{Drug: drugThree, Households: 3}}) {
		t.Errorf("needs: %+v (packs short %v), want 18 packs short, 35 elder households, %s for 3, 3 others", n, n.PacksShort, drugThree)
	}
	// A day before the ledger's first entry has no report.
	if code, _, errOut := vol(t, c.env, "report", "--as-of", "2026-11-01"); code != 2 || !strings.Contains(errOut, "--as-of") {
		t.Errorf("report --as-of before the ledger: exit %d %q, want 2", code, errOut)
	}
	// No personal data, no drug fewer than three households wait for.
	text := string(raw)
	for _, v := range append(personalData(t, c.env), drugTwo, drugOne) {
		if strings.Contains(text, v) {
			t.Errorf("the report holds %q", v)
		}
	}

	// The file vol report writes is the same report.
	file := filepath.Join(t.TempDir(), "r.json")
	mustVol(t, c.env, "report", "--as-of", "2026-12-03", "-o", file)
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if fr, err := dayreport.Verify(b, trusted(c.pubkey)); err != nil || !reflect.DeepEqual(fr.Figures, r.Figures) {
		t.Errorf("report -o: %v", err)
	}

	// Refused: a figure changed under the signature, a truncated file, a
	// compound not trusted, a key not trusted for the compound, a file
	// too large.
	forged := strings.Replace(text, `"present_households": 370`, `"present_households": 371`, 1)
	if forged == text {
		t.Fatalf("no present_households 370 in %s", text)
	}
	other := newSampleCompound(t, "report-other", "百汇园", "长宁路街道", 2)
	for _, c2 := range []struct {
		name string
		raw  []byte
		keys []string
		want error
	}{
		{"forged", []byte(forged), []string{c.pubkey}, dayreport.ErrForged},
		{"truncated", raw[:len(raw)/2], []string{c.pubkey}, dayreport.ErrDamaged},
		{"empty", nil, []string{c.pubkey}, dayreport.ErrDamaged},
		{"untrusted", raw, nil, dayreport.ErrUnknown},
		{"another key", raw, []string{other.pubkey}, dayreport.ErrChangedKey},
		{"too large", append(raw, make([]byte, dayreport.MaxSize)...), []string{c.pubkey}, dayreport.ErrDamaged},
		{"unknown field", []byte(strings.Replace(text, `"format"`, `"extra": 1, "format"`, 1)), []string{c.pubkey}, dayreport.ErrDamaged},
	} {
		if _, err := dayreport.Verify(c2.raw, trusted(c2.keys...)); !errors.Is(err, c2.want) {
			t.Errorf("%s: %v, want %v", c2.name, err, c2.want)
		}
	}

	// A copy of the file elsewhere is a new device with a new key, handed
	// over from the old one: its report is vouched for.
	copied := filepath.Join(t.TempDir(), "copy.db")
	b, err = os.ReadFile(c.env["VOL_DB"])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(copied, b, 0o600); err != nil {
		t.Fatal(err)
	}
	copyEnv := map[string]string{}
	for k, v := range c.env {
		copyEnv[k] = v
	}
	copyEnv["VOL_DB"] = copied
	cr, err := dayreport.Verify([]byte(mustVol(t, copyEnv, "report", "--as-of", "2026-12-03", "--json")), trusted(c.pubkey))
	if err != nil || cr.Signer.PublicKey == c.pubkey || len(cr.Trust) != 1 || cr.Trust[0].Kind != "handover" {
		t.Errorf("a copy's report: %v, signer %s, links %+v", err, cr.Signer.Fingerprint, cr.Trust)
	}

	// A second coordinator's laptop: adopted from the chair's file; the
	// chair trusts its key; the decision comes back with the chair's file.
	lead := testEnv(t, "report-lead")
	lead["VOL_NOW"], lead["VOL_PASSPHRASE"] = c.env["VOL_NOW"], "x"
	dir := t.TempDir()
	chairFile, leadFile := filepath.Join(dir, "chair.volsync"), filepath.Join(dir, "lead.volsync")
	mustVol(t, lead, "init", "--compound", "凯旋华庭")
	mustVol(t, c.env, "sync", "export", "-o", chairFile)
	mustVol(t, lead, "sync", "import", chairFile, "--adopt")
	mustVol(t, lead, "sync", "export", "-o", leadFile)
	leadRaw := []byte(mustVol(t, lead, "report", "--as-of", "2026-12-03", "--json"))
	if _, err := dayreport.Verify(leadRaw, trusted(c.pubkey)); !errors.Is(err, dayreport.ErrChangedKey) {
		t.Errorf("the lead's report before the chair trusts the lead: %v, want %v", err, dayreport.ErrChangedKey)
	}
	var lw map[string]string
	if err := json.Unmarshal([]byte(mustVol(t, lead, "sync", "whoami", "--json")), &lw); err != nil {
		t.Fatal(err)
	}
	mustVol(t, c.env, "sync", "import", leadFile)
	mustVol(t, c.env, "sync", "trust", lw["fingerprint"])
	mustVol(t, c.env, "sync", "export", "-o", chairFile)
	mustVol(t, lead, "sync", "import", chairFile)
	leadRaw = []byte(mustVol(t, lead, "report", "--as-of", "2026-12-03", "--json"))
	lr, err := dayreport.Verify(leadRaw, trusted(c.pubkey))
	if err != nil {
		t.Fatalf("the lead's report once the chair trusts the lead: %v", err)
	}
	if lr.Signer.PublicKey != lw["public_key"] || !reflect.DeepEqual(lr.Figures, r.Figures) {
		t.Errorf("the lead's report: signer %s, figures %v; want the lead's key and the chair's figures", lr.Signer.Fingerprint, lr.Figures)
	}
	// And the other way: the chair's report is vouched for by the lead's
	// adoption, for an office that trusted the lead first.
	if _, err := dayreport.Verify(c.report(t, "2026-12-03"), trusted(lw["public_key"])); err != nil {
		t.Errorf("the chair's report to an office that trusts the lead: %v", err)
	}
}
