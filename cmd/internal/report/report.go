// Package report is a compound's daily report to the street office (vol
// report, issue 21): its figures as of a day, its name and place, the
// aggregate needs the office can act on, signed with the key of the copy
// of the ledger that made it.
//
// Invariants: a report holds counts, the compound's name and place, IDs
// and keys, and drug names asked for by at least MinDrugHouseholds
// households; never a person's name, phone or address. Its signature
// covers its canonical bytes (Canonical): the JSON encoding of the report
// without its signature, fields in the struct's order and map keys sorted,
// so a reader re-encodes what it decoded and verifies that. Parse takes a
// file from outside: bounded (MaxSize, MaxFigures, MaxDrugs, the ledger's
// MaxTrustLinks), every string checked like a command's input.
package report

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"vol/ledger"
)

// Format names the report's format; a reader refuses another.
const Format = "vol-report/1"

// Bounds on a report from outside.
const (
	MaxSize           = 256 << 10 // bytes in a report file
	MaxFigures        = 64        // keys in its figures
	MaxDrugs          = 200       // drugs in its needs
	MaxFigure         = 1_000_000_000
	MinDrugHouseholds = 3 // a drug asked by fewer households is only counted
)

// FigureKeys are the figures a report carries, in the order tables show
// them: vol status's (the register as it stood at the end of the day) and
// the day's (vol bulletin's: null when the compound has no data of that
// kind yet).
var FigureKeys = []string{
	"registered_households", "present_households", "present_residents", "elders", "elder_households",
	"large_households", "property_staff", "stranded_worker_households", "volunteers",
	"unpaired_elder_households", "med_open_requests",
	"packs_delivered", "rounds_open", "med_requests_opened", "med_filled", "med_not_found", "med_cards_out",
	"tested", "test_people", "buys_delivered", "shifts_filled", "shifts_unfilled",
}

// Report is one compound's report of one day.
type Report struct {
	Format   string             `json:"format"`
	LedgerID string             `json:"ledger_id"`
	Date     string             `json:"date"`    // YYYY-MM-DD, the compound's day
	MadeAt   string             `json:"made_at"` // RFC 3339, UTC
	Compound string             `json:"compound"`
	Street   string             `json:"street"`
	District string             `json:"district"`
	Head     ledger.JournalHead `json:"head"`
	// Figures by key (FigureKeys; a newer vol may add keys): null where
	// the compound has no data of that kind.
	Figures   map[string]*int64  `json:"figures"`
	Needs     Needs              `json:"needs"`
	Signer    Signer             `json:"signer"`
	Trust     []ledger.TrustLink `json:"trust"`
	Signature string             `json:"signature,omitempty"`
}

// Needs are what the office can act on.
type Needs struct {
	UnpairedElderHouseholds int64 `json:"unpaired_elder_households"`
	// PacksShort: packs the last round (not void, dated on or before the
	// day) lacked for its claimants; null before any round.
	PacksShort *int64 `json:"packs_short"`
	// MedNotFound: open requests not found on two runs or more, by drug,
	// for drugs that many households asked for (MinDrugHouseholds);
	// MedNotFoundOther counts the requests of the other drugs.
	MedNotFound      []DrugNeed `json:"med_not_found"`
	MedNotFoundOther int64      `json:"med_not_found_other"`
}

// DrugNeed is a drug not found, and how many households wait for it.
type DrugNeed struct {
	Drug       string `json:"drug"`
	Households int64  `json:"households"`
}

// Signer is the copy that signed.
type Signer struct {
	Device      string `json:"device"`
	PublicKey   string `json:"public_key"`
	Fingerprint string `json:"fingerprint"`
}

// Canonical is what the signature covers: the report without its
// signature, encoded as JSON.
func (r *Report) Canonical() ([]byte, error) {
	c := *r
	c.Signature = ""
	return json.Marshal(&c)
}

// Encode is the report as written to its file.
func (r *Report) Encode() ([]byte, error) {
	b, err := json.MarshalIndent(r, "", "  ")
	return append(b, '\n'), err
}

// Day is the day a report is of: its date and where it starts and ends in
// the compound's zone.
type Day struct {
	Date       time.Time // midnight UTC of the date (ages are counted on it)
	Start, End time.Time
}

// DayIn is date's day in zone.
func DayIn(date time.Time, zone *time.Location) Day {
	start := time.Date(date.Year(), date.Month(), date.Day(), 0, 0, 0, 0, zone)
	return Day{Date: date, Start: start, End: start.AddDate(0, 0, 1)}
}

// Make builds the report of day from the ledger and signs it: past is the
// register as it stood at the end of the day (ledger.DB.AsOf), db the
// ledger (its identity, settings, journal head and key), m who asks (the
// entry a copied file writes before its key signs). It returns the
// ledger's errors.
func Make(ctx context.Context, db *ledger.DB, past ledger.View, day Day, m ledger.Meta) (*Report, error) {
	set, err := db.Settings(ctx)
	if err != nil {
		return nil, err
	}
	pastSet, err := past.Settings(ctx)
	if err != nil {
		return nil, err
	}
	f, err := past.DayFigures(ctx, day.Start, day.End, day.Date, pastSet.ElderAge)
	if err != nil {
		return nil, err
	}
	reqs, err := past.MedRequests(ctx)
	if err != nil {
		return nil, err
	}
	rounds, err := past.Rounds(ctx)
	if err != nil {
		return nil, err
	}
	r := &Report{Format: Format, Date: day.Date.Format("2006-01-02"), MadeAt: m.At.UTC().Format(time.RFC3339),
		Compound: set.Compound, Street: set.Street, District: set.District, Trust: []ledger.TrustLink{}}
	if err := r.setFigures(f, reqs); err != nil {
		return nil, err
	}
	r.Needs = needsOf(f, reqs, rounds, r.Date)
	// The key first: a copied file takes its device (an entry) before it
	// signs, and the head counts that entry.
	signer, links, err := db.ReportKey(ctx, m)
	if err != nil {
		return nil, err
	}
	if r.Head, err = db.JournalHead(ctx); err != nil {
		return nil, err
	}
	id, err := db.Identity(ctx)
	if err != nil {
		return nil, err
	}
	r.LedgerID = id.LedgerID
	r.Signer = Signer{Device: signer.Device, PublicKey: signer.PubKey, Fingerprint: ledger.Fingerprint(signer.PubKey)}
	r.Trust = links
	canon, err := r.Canonical()
	if err != nil {
		return nil, err
	}
	if r.Signature, err = db.SignReport(ctx, signer.PubKey, canon); err != nil {
		return nil, err
	}
	return r, nil
}

// setFigures fills the figures from the day's and the open requests.
func (r *Report) setFigures(f ledger.DayFigures, reqs []ledger.MedRequest) error {
	b, err := json.Marshal(f)
	if err != nil {
		return err
	}
	var all map[string]*int64
	if err := json.Unmarshal(b, &all); err != nil {
		return err
	}
	open := int64(0)
	for _, q := range reqs {
		if q.Status == "open" {
			open++
		}
	}
	all["med_open_requests"] = &open
	r.Figures = map[string]*int64{}
	for _, k := range FigureKeys {
		r.Figures[k] = all[k]
	}
	return nil
}

// needsOf finds what the office can act on.
func needsOf(f ledger.DayFigures, reqs []ledger.MedRequest, rounds []ledger.Round, date string) Needs {
	n := Needs{UnpairedElderHouseholds: int64(f.UnpairedElderHouseholds), MedNotFound: []DrugNeed{}}
	// The last round on or before the day (Rounds lists newest first;
	// dates decide, then the order they were committed in).
	var last *ledger.Round
	for i := range rounds {
		r := &rounds[i]
		if r.Voided || r.On > date {
			continue
		}
		if last == nil || r.On > last.On {
			last = r
		}
	}
	if last != nil {
		// Each tier's claimants given nothing, times the packs each of
		// those given some got (one when none was).
		var tiers []struct {
			Claimants, Packs, Short int64
		}
		short := int64(0)
		if json.Unmarshal([]byte(last.Tiers), &tiers) == nil {
			for _, t := range tiers {
				per := int64(1)
				if got := t.Claimants - t.Short; got > 0 && t.Packs > 0 {
					per = max(t.Packs/got, 1)
				}
				short += max(t.Short, 0) * per
			}
		}
		n.PacksShort = &short
	}
	// Requests still open after two runs or more that did not find them,
	// by drug; a drug fewer households wait for would point at a patient.
	homes := map[string]map[string]bool{} // drug -> households
	for _, q := range reqs {
		if q.Status != "open" || q.MissedRuns < 2 {
			continue
		}
		d := DrugKey(q.Drug)
		if q.Purged || d == "" {
			n.MedNotFoundOther++
			continue
		}
		if homes[d] == nil {
			homes[d] = map[string]bool{}
		}
		homes[d][q.HouseholdID] = true
	}
	for d, hs := range homes {
		if len(hs) >= MinDrugHouseholds {
			n.MedNotFound = append(n.MedNotFound, DrugNeed{Drug: d, Households: int64(len(hs))})
		} else {
			n.MedNotFoundOther += int64(len(hs))
		}
	}
	SortDrugs(n.MedNotFound)
	return n
}

// DrugKey is the form drug names are counted under: normalised text,
// spaces trimmed, Latin letters lower case.
func DrugKey(s string) string {
	return strings.ToLower(strings.TrimSpace(ledger.NormalizeText(s)))
}

// SortDrugs orders drugs most asked for first, then by name.
func SortDrugs(ds []DrugNeed) {
	sort.Slice(ds, func(i, j int) bool {
		if ds[i].Households != ds[j].Households {
			return ds[i].Households > ds[j].Households
		}
		return ds[i].Drug < ds[j].Drug
	})
}

// Sign signs the report with a key of its own (a generator's or a test's:
// a ledger signs its reports in Make, its key never leaving it), naming
// the key as the signer.
func (r *Report) Sign(key ed25519.PrivateKey) error {
	pub := hex.EncodeToString(key.Public().(ed25519.PublicKey))
	r.Signer.PublicKey, r.Signer.Fingerprint = pub, ledger.Fingerprint(pub)
	canon, err := r.Canonical()
	if err != nil {
		return err
	}
	r.Signature = hex.EncodeToString(ed25519.Sign(key, ledger.ReportMessage(canon)))
	return nil
}

// Errors of a report from outside.
var (
	// ErrDamaged: not a report vol wrote (truncated, not JSON, a field out
	// of bounds, another format).
	ErrDamaged = ledger.Errorf("not a whole vol report")
	// ErrForged: the signature does not cover what the report says (a
	// figure changed, say).
	ErrForged = ledger.Errorf("signature does not match the report (changed or forged)")
	// ErrUnknown: no compound with the report's ledger ID is trusted.
	ErrUnknown = ledger.Errorf("compound not trusted here")
	// ErrChangedKey: the compound is trusted, the key that signed is not,
	// and no link the report carries leads to it from a trusted key.
	ErrChangedKey = ledger.Errorf("signed by a key not trusted for this compound")
)

// Read reads a report file from r, at most MaxSize bytes (a larger one is
// refused before more is read), and parses it.
func Read(r io.Reader) (*Report, []byte, error) {
	raw, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, nil, err
	}
	if len(raw) > MaxSize {
		return nil, nil, &ledger.FieldError{Field: "FILE", ValueText: ledger.T("more than %d KiB", MaxSize>>10),
			Want: ledger.T("a report of at most %d KiB", MaxSize>>10), Err: ErrDamaged}
	}
	rep, err := Parse(raw)
	return rep, raw, err
}

// Parse checks a report's bytes: its form and bounds, every string, and
// that its signature, by the key it names, covers it. Whether that key is
// trusted is the reader's question (Trusted, Verify). It returns ErrDamaged
// or ErrForged, wrapped.
func Parse(raw []byte) (*Report, error) {
	if len(raw) > MaxSize {
		return nil, ledger.Errorf("%d bytes: %w", len(raw), ErrDamaged)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var r Report
	if err := dec.Decode(&r); err != nil {
		return nil, ledger.Errorf("%w", ErrDamaged)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, ledger.Errorf("%w", ErrDamaged)
	}
	if err := r.check(); err != nil {
		return nil, err
	}
	canon, err := r.Canonical()
	if err != nil {
		return nil, ledger.Errorf("%w", ErrDamaged)
	}
	if !ledger.VerifyReportSig(r.Signer.PublicKey, canon, r.Signature) {
		return nil, ledger.Errorf("%w", ErrForged)
	}
	return &r, nil
}

// check bounds every field of a report from outside.
func (r *Report) check() error {
	damaged := func(what string) error { return ledger.Errorf("%s: %w", what, ErrDamaged) }
	if r.Format != Format {
		return ledger.Errorf("format %q: %w", trim(r.Format), ErrDamaged)
	}
	if !isID(r.LedgerID) || !isID(r.Signer.Device) {
		return damaged("ledger_id")
	}
	if d, err := time.Parse("2006-01-02", r.Date); err != nil || d.Year() < 2000 || d.Year() > 9999 {
		return damaged("date")
	}
	if t, err := time.Parse(time.RFC3339, r.MadeAt); err != nil || t.Year() < 2000 || t.Year() > 9999 || !strings.HasSuffix(r.MadeAt, "Z") {
		return damaged("made_at")
	}
	for _, s := range []string{r.Compound, r.Street, r.District} {
		if s != "" && ledger.CheckLabel("name", s) != nil {
			return damaged("compound")
		}
	}
	if r.Head.Entries < 0 || r.Head.Entries > 1<<53 || (r.Head.Hash != "" && !isHex(r.Head.Hash, 64)) {
		return damaged("head")
	}
	if r.Figures == nil || len(r.Figures) > MaxFigures {
		return damaged("figures")
	}
	for k, v := range r.Figures {
		if !isKey(k) || (v != nil && (*v < 0 || *v > MaxFigure)) {
			return damaged("figures")
		}
	}
	n := r.Needs
	if n.UnpairedElderHouseholds < 0 || n.UnpairedElderHouseholds > MaxFigure || n.MedNotFoundOther < 0 || n.MedNotFoundOther > MaxFigure ||
		(n.PacksShort != nil && (*n.PacksShort < 0 || *n.PacksShort > MaxFigure)) || n.MedNotFound == nil || len(n.MedNotFound) > MaxDrugs {
		return damaged("needs")
	}
	seen := map[string]bool{}
	for _, d := range n.MedNotFound {
		if ledger.CheckLabel("drug", d.Drug) != nil || d.Drug != DrugKey(d.Drug) || seen[d.Drug] ||
			d.Households < MinDrugHouseholds || d.Households > MaxFigure {
			return damaged("needs")
		}
		seen[d.Drug] = true
	}
	if !isHex(r.Signer.PublicKey, 64) || r.Signer.Fingerprint != ledger.Fingerprint(r.Signer.PublicKey) || !isHex(r.Signature, 128) {
		return damaged("signer")
	}
	if r.Trust == nil || len(r.Trust) > ledger.MaxTrustLinks {
		return damaged("trust")
	}
	for _, l := range r.Trust {
		if (l.Kind != "handover" && l.Kind != "trust") || !isID(l.Device) || !isID(l.Voucher) ||
			!isHex(l.PubKey, 64) || !isHex(l.VoucherKey, 64) || !isHex(l.Sig, 128) {
			return damaged("trust")
		}
	}
	return nil
}

// Trusted reports whether the report's signer is one of the keys (hex)
// trusted for its compound, or is vouched for by the links it carries
// from one of them.
func (r *Report) Trusted(keys []string) bool {
	return ledger.Vouched(r.LedgerID, keys, r.Trust)[r.Signer.PublicKey]
}

// Verify parses a report (Parse) and checks that its signer is trusted
// for its compound: trusted gives the keys (hex) trusted for a ledger ID,
// none for a compound not trusted. It returns ErrDamaged, ErrForged,
// ErrUnknown or ErrChangedKey, wrapped.
func Verify(raw []byte, trusted func(ledgerID string) []string) (*Report, error) {
	r, err := Parse(raw)
	if err != nil {
		return nil, err
	}
	keys := trusted(r.LedgerID)
	switch {
	case len(keys) == 0:
		return r, ledger.Errorf("%w", ErrUnknown)
	case !r.Trusted(keys):
		return r, ledger.Errorf("%w", ErrChangedKey)
	}
	return r, nil
}

// Figure is a figure of the report (nil when null or absent).
func (r *Report) Figure(key string) *int64 { return r.Figures[key] }

func isID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, c := range s {
		if i == 8 || i == 13 || i == 18 || i == 23 {
			if c != '-' {
				return false
			}
		} else if !strings.ContainsRune("0123456789abcdef", c) {
			return false
		}
	}
	return true
}

func isHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for _, c := range s {
		if !strings.ContainsRune("0123456789abcdef", c) {
			return false
		}
	}
	return true
}

// isKey: a figure's key, lower case letters and underscores.
func isKey(s string) bool {
	if s == "" || len(s) > 40 {
		return false
	}
	for _, c := range s {
		if (c < 'a' || c > 'z') && c != '_' {
			return false
		}
	}
	return true
}

// trim keeps a value from outside short and printable for an error.
func trim(s string) string {
	if len(s) > 20 {
		s = s[:20]
		for !utf8.ValidString(s) {
			s = s[:len(s)-1]
		}
		s += "…"
	}
	return ledger.Printable(s)
}
