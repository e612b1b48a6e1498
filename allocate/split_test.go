package allocate

import (
	"math/rand/v2"
	"testing"
)

// TestSplitDelivery: no pack lost or invented, each share within one of
// its exact part, the extra packs to the largest remainders with ties to
// the earlier share, and the facts of every line consistent.
func TestSplitDelivery(t *testing.T) {
	sp := SplitDelivery(100, []DeliveryShare{{"a", 370}, {"b", 369}, {"c", 370}})
	got := []int64{sp.Lines[0].Packs, sp.Lines[1].Packs, sp.Lines[2].Packs}
	// 100×370/1109 = 33.36, 100×369/1109 = 33.27: 33+33+33 = 99, one left
	// to the largest remainder, a tie between a and c: a, the earlier.
	if want := []int64{34, 33, 33}; got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Errorf("split of 100 over 370, 369, 370: %v, want %v", got, want)
	}
	if sp.Left != 1 || !sp.Lines[0].Extra || sp.Lines[2].Extra || sp.Lines[0].RestRank != 1 || sp.Lines[2].RestRank != 2 || sp.Lines[1].RestRank != 3 {
		t.Errorf("split facts: %+v", sp)
	}
	if z := SplitDelivery(5, []DeliveryShare{{"a", 0}, {"b", 0}}); z.Lines[0].Packs != 3 || z.Lines[1].Packs != 2 || z.Total != 2 {
		t.Errorf("split over zero weights: %+v", z)
	}
	if e := SplitDelivery(5, nil); len(e.Lines) != 0 || e.Left != 5 {
		t.Errorf("split over nobody: %+v", e)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 500 {
		n := 1 + r.IntN(50)
		shares := make([]DeliveryShare, n)
		for i := range shares {
			shares[i] = DeliveryShare{ID: string(rune('a' + i)), Weight: r.Int64N(2000)}
		}
		packs := r.Int64N(100000)
		sp := SplitDelivery(packs, shares)
		var sum int64
		extras := int64(0)
		for _, l := range sp.Lines {
			sum += l.Packs
			if l.Packs != l.Floor && l.Packs != l.Floor+1 || l.Floor*sp.Total+l.Rest != packs*l.Weight {
				t.Fatalf("line %+v of %+v", l, sp)
			}
			if l.Extra {
				extras++
				// Every share with a larger remainder got an extra too.
				for _, o := range sp.Lines {
					if o.Rest > l.Rest && !o.Extra {
						t.Fatalf("%+v got an extra pack before %+v", l, o)
					}
				}
			}
		}
		if sum != packs || extras != sp.Left {
			t.Fatalf("split of %d: %d handed out, %d extras for %d left", packs, sum, extras, sp.Left)
		}
	}
}
