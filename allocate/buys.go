package allocate

import (
	"cmp"
	"slices"
)

// SplitFee splits fee fen into one share per weight, in proportion to the
// weights (all equal: per household; the goods' value: by value), never
// losing or inventing a fen: each share is its exact part rounded down,
// and the fen left over go one each to the largest remainders, ties to the
// earlier share (the caller's stated order: address order). Weights below
// 0 count as 0; when every weight is 0 the fee is split equally. A fee
// below 0 gives every share 0.
func SplitFee(fee int64, weights []int64) []int64 {
	out := make([]int64, len(weights))
	if fee <= 0 || len(weights) == 0 {
		return out
	}
	w := make([]int64, len(weights))
	var total int64
	for i, x := range weights {
		w[i] = max(x, 0)
		total += w[i]
	}
	if total == 0 {
		for i := range w {
			w[i] = 1
		}
		total = int64(len(w))
	}
	rem := make([]int64, len(w)) // numerators of the fractional parts, over total
	left := fee
	for i, x := range w {
		// fee*x/total without overflow for fees and weights of a compound's scale
		q, r := mulDiv(fee, x, total)
		out[i], rem[i] = q, r
		left -= q
	}
	order := make([]int, len(w))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(rem[b], rem[a]) })
	for _, i := range order {
		if left == 0 {
			break
		}
		out[i]++
		left--
	}
	return out
}

// mulDiv is a×b÷c and its remainder, for 0 ≤ a, b and 0 < c with a×b
// within int64 (fees under ¥10⁶ and weights under 10¹² fen are).
func mulDiv(a, b, c int64) (int64, int64) {
	p := a * b
	return p / c, p % c
}

// ShortOrder is one household's order of an item, in the order the orders
// came (Seq: the later, the larger).
type ShortOrder struct {
	Household string `json:"household"`
	Qty       int    `json:"qty"`
	Seq       int    `json:"seq"`
}

// ShortCut is what a shortfall takes from one household's order.
type ShortCut struct {
	Household string `json:"household"`
	Qty       int    `json:"qty"`
}

// CutShortfall takes short units of an item from the orders, the last
// ordered first (largest Seq, ties by household ID), each order at most to
// nothing; it returns the cuts in that order and what it could not take
// (short beyond everything ordered).
func CutShortfall(orders []ShortOrder, short int) ([]ShortCut, int) {
	os := slices.Clone(orders)
	slices.SortFunc(os, func(a, b ShortOrder) int {
		return cmp.Or(cmp.Compare(b.Seq, a.Seq), cmp.Compare(a.Household, b.Household))
	})
	var cuts []ShortCut
	for _, o := range os {
		if short <= 0 {
			break
		}
		n := min(o.Qty, short)
		if n > 0 {
			cuts = append(cuts, ShortCut{Household: o.Household, Qty: n})
			short -= n
		}
	}
	return cuts, max(short, 0)
}
