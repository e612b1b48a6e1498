package allocate

import (
	"math/rand/v2"
	"testing"
)

// TestSplitFeeNeverLosesAFen: for any fee and any weights, the shares sum
// to the fee, each is within a fen of its exact part, and the leftover
// fen go to the largest remainders, ties to the earlier share.
func TestSplitFeeNeverLosesAFen(t *testing.T) {
	rnd := rand.New(rand.NewPCG(19, 1))
	for i := range 5000 {
		fee := rnd.Int64N(1_000_000)
		n := 1 + rnd.IntN(60)
		ws := make([]int64, n)
		var total int64
		for j := range ws {
			switch rnd.IntN(4) {
			case 0:
				ws[j] = 1
			case 1:
				ws[j] = 0
			default:
				ws[j] = rnd.Int64N(100_000)
			}
			total += ws[j]
		}
		shares := SplitFee(fee, ws)
		equal := total == 0 // split equally
		if equal {
			total = int64(n)
		}
		var sum int64
		for j, s := range shares {
			sum += s
			exactNum := fee * ws[j] // share ≈ exactNum / total
			if equal {
				exactNum = fee
			}
			if s*total > exactNum+total || s*total < exactNum-total {
				t.Fatalf("case %d: share %d of %d for weight %d of %d", i, s, fee, ws[j], total)
			}
		}
		if sum != fee {
			t.Fatalf("case %d: shares sum to %d, fee %d", i, sum, fee)
		}
	}
	// per household: the leftover fen go to the first in order
	if got := SplitFee(1000, []int64{1, 1, 1}); got[0] != 334 || got[1] != 333 || got[2] != 333 {
		t.Fatalf("1000 over 3: %v", got)
	}
	if got := SplitFee(-5, []int64{1, 1}); got[0] != 0 || got[1] != 0 {
		t.Fatalf("a negative fee: %v", got)
	}
}

func TestCutShortfallLastOrderedFirst(t *testing.T) {
	orders := []ShortOrder{{"a", 2, 1}, {"b", 1, 3}, {"c", 3, 2}}
	cuts, left := CutShortfall(orders, 3)
	if left != 0 || len(cuts) != 2 || cuts[0] != (ShortCut{"b", 1}) || cuts[1] != (ShortCut{"c", 2}) {
		t.Fatalf("cuts %v left %d", cuts, left)
	}
	if _, left := CutShortfall(orders, 9); left != 3 {
		t.Fatalf("short beyond the orders: %d left", left)
	}
}
