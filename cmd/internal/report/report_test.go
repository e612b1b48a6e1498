package report

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"vol/ledger"
)

// TestParseBounds: a generated report parses and is trusted by its key;
// the same seed gives the same bytes; a report that breaks a bound is
// refused as damaged even when signed anew, one with its signature kept
// and a field changed as forged.
func TestParseBounds(t *testing.T) {
	g := Generator{Seed: 1}
	day := time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)
	r := g.Report(3, day, 0)
	raw, err := r.Encode()
	if err != nil {
		t.Fatal(err)
	}
	again, _ := g.Report(3, day, 0).Encode()
	if !bytes.Equal(raw, again) {
		t.Error("the generator gives other bytes for the same seed")
	}
	p, err := Parse(raw)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if !p.Trusted([]string{r.Signer.PublicKey}) || p.Trusted([]string{g.Report(4, day, 0).Signer.PublicKey}) {
		t.Error("Trusted does not go by the signer's key")
	}
	key := g.Key(3)
	big := int64(MaxFigure + 1)
	neg := int64(-1)
	for _, c := range []struct {
		name   string
		change func(r *Report)
		resign bool
		want   error
	}{
		{"a figure over the bound", func(r *Report) { r.Figures["volunteers"] = &big }, true, ErrDamaged},
		{"a negative figure", func(r *Report) { r.Figures["elders"] = &neg }, true, ErrDamaged},
		{"a figure key that is no key", func(r *Report) { r.Figures["Volunteers!"] = nil }, true, ErrDamaged},
		{"too many figures", func(r *Report) {
			for i := range MaxFigures {
				r.Figures[string(rune('a'+i%26))+string(rune('a'+i/26))] = nil
			}
		}, true, ErrDamaged},
		{"a drug two households wait for", func(r *Report) { r.Needs.MedNotFound = []DrugNeed{{Drug: "阿司匹林", Households: 2}} }, true, ErrDamaged},
		{"a drug named twice", func(r *Report) {
			r.Needs.MedNotFound = []DrugNeed{{Drug: "阿司匹林", Households: 3}, {Drug: "阿司匹林", Households: 4}}
		}, true, ErrDamaged},
		{"a control character in the name", func(r *Report) { r.Compound = "小区\u202e1" }, true, ErrDamaged},
		{"a name too long", func(r *Report) { r.Street = string(bytes.Repeat([]byte("街"), ledger.MaxName+1)) }, true, ErrDamaged},
		{"another format", func(r *Report) { r.Format = "vol-report/2" }, true, ErrDamaged},
		{"a day that is no day", func(r *Report) { r.Date = "2026-13-01" }, true, ErrDamaged},
		{"too many trust links", func(r *Report) {
			for range ledger.MaxTrustLinks + 1 {
				r.Trust = append(r.Trust, ledger.TrustLink{Kind: "trust", Device: r.LedgerID, Voucher: r.LedgerID,
					PubKey: r.Signer.PublicKey, VoucherKey: r.Signer.PublicKey, Sig: r.Signature})
			}
		}, true, ErrDamaged},
		{"a figure changed under the signature", func(r *Report) { n := int64(1); r.Figures["volunteers"] = &n }, false, ErrForged},
		{"the day changed under the signature", func(r *Report) { r.Date = "2026-11-27" }, false, ErrForged},
	} {
		x := g.Report(3, day, 0)
		c.change(x)
		if c.resign {
			if err := x.Sign(key); err != nil {
				t.Fatal(err)
			}
		}
		b, err := x.Encode()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Parse(b); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
}
