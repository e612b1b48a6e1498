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

// BillLine is a household's order of one item at its price.
type BillLine struct {
	Household string `json:"household"`
	Item      string `json:"item"`
	Qty       int    `json:"qty"`
	PriceFen  int64  `json:"price_fen"`
}

// BillFee is a fee and how it is shared.
type BillFee struct {
	Fen     int64 `json:"fen"`
	ByValue bool  `json:"by_value"`
}

// Bill is what a household owes for a buy: its goods, its share of the
// fees and the refunds for goods not delivered, in fen.
type Bill struct {
	Household string `json:"household"`
	GoodsFen  int64  `json:"goods_fen"`
	FeesFen   int64  `json:"fees_fen"`
	RefundFen int64  `json:"refund_fen"`
	TotalFen  int64  `json:"total_fen"`
}

// Bills makes the households' bills: goods at the item's price, each fee
// shared by the households that ordered (SplitFee per household, or by the
// goods' value), refunds of the shortfalls at the price. households is
// the stated order (address order) that ties and leftover fen follow;
// bills come in that order, only for households with an order.
func Bills(households []string, lines []BillLine, fees []BillFee, shorts []BillLine) []Bill {
	goods := map[string]int64{}
	refund := map[string]int64{}
	ordered := map[string]bool{}
	for _, l := range lines {
		goods[l.Household] += int64(l.Qty) * l.PriceFen
		ordered[l.Household] = true
	}
	for _, s := range shorts {
		refund[s.Household] += int64(s.Qty) * s.PriceFen
	}
	var who []string
	for _, h := range households {
		if ordered[h] {
			who = append(who, h)
			ordered[h] = false // once
		}
	}
	feeOf := map[string]int64{}
	for _, f := range fees {
		w := make([]int64, len(who))
		for i, h := range who {
			w[i] = 1
			if f.ByValue {
				w[i] = goods[h]
			}
		}
		for i, share := range SplitFee(f.Fen, w) {
			feeOf[who[i]] += share
		}
	}
	out := make([]Bill, 0, len(who))
	for _, h := range who {
		b := Bill{Household: h, GoodsFen: goods[h], FeesFen: feeOf[h], RefundFen: refund[h]}
		b.TotalFen = b.GoodsFen + b.FeesFen - b.RefundFen
		out = append(out, b)
	}
	return out
}

// BuyProblem is a money rule a buy breaks: Rule is bill (a recorded bill
// is not what the orders, prices, fees and refunds make; Household names
// it), sum (the bills do not add up to the invoice plus fees less
// refunds), price (an item charged above the invoice's unit price; Item
// names it), necessity (an item neither a necessity nor justified),
// unpaid and undelivered (with final).
type BuyProblem struct {
	Rule      string `json:"rule"`
	Household string `json:"household,omitempty"`
	Item      string `json:"item,omitempty"`
	Want      int64  `json:"want"`
	Got       int64  `json:"got"`
}

// BuyItemCheck is an item as the check sees it.
type BuyItemCheck struct {
	Name      string `json:"name"`
	PriceFen  int64  `json:"price_fen"`
	Necessity bool   `json:"necessity"`
	Why       string `json:"why"`
}

// BuyCheckInput is a buy as recorded: the bills as recorded, what the
// orders make (Bills), the invoice (nil when none yet), payments and
// deliveries by household.
type BuyCheckInput struct {
	Items         []BuyItemCheck   `json:"items"`
	Recorded      []Bill           `json:"recorded"`
	Computed      []Bill           `json:"computed"`
	FeesFen       int64            `json:"fees_fen"`
	InvoiceFen    *int64           `json:"invoice_fen"`
	InvoicePrices map[string]int64 `json:"invoice_prices"`
	Paid          map[string]int64 `json:"paid"`
	Delivered     map[string]bool  `json:"delivered"`
	Final         bool             `json:"final"`
}

// CheckBuy lists the money rules the buy breaks, in a fixed order: bills
// by household, the sum, prices and necessities by item, then (Final)
// unpaid and undelivered households. None means every rule holds.
func CheckBuy(in BuyCheckInput) []BuyProblem {
	var out []BuyProblem
	rec := map[string]Bill{}
	for _, b := range in.Recorded {
		rec[b.Household] = b
	}
	seen := map[string]bool{}
	var sum, refunds int64
	for _, b := range in.Computed {
		seen[b.Household] = true
		refunds += b.RefundFen
		r, ok := rec[b.Household]
		if !ok || r.TotalFen != b.TotalFen || r.GoodsFen != b.GoodsFen || r.FeesFen != b.FeesFen || r.RefundFen != b.RefundFen {
			out = append(out, BuyProblem{Rule: "bill", Household: b.Household, Want: b.TotalFen, Got: r.TotalFen})
		}
	}
	for _, b := range in.Recorded {
		sum += b.TotalFen
		if !seen[b.Household] {
			out = append(out, BuyProblem{Rule: "bill", Household: b.Household, Want: 0, Got: b.TotalFen})
		}
	}
	if in.InvoiceFen != nil {
		if want := *in.InvoiceFen + in.FeesFen - refunds; sum != want {
			out = append(out, BuyProblem{Rule: "sum", Want: want, Got: sum})
		}
	}
	for _, it := range in.Items {
		if p, ok := in.InvoicePrices[it.Name]; ok && it.PriceFen > p {
			out = append(out, BuyProblem{Rule: "price", Item: it.Name, Want: p, Got: it.PriceFen})
		}
		if !it.Necessity && it.Why == "" {
			out = append(out, BuyProblem{Rule: "necessity", Item: it.Name})
		}
	}
	if in.Final {
		if in.InvoiceFen == nil {
			out = append(out, BuyProblem{Rule: "invoice"})
		}
		for _, b := range in.Computed {
			if in.Paid[b.Household] < b.TotalFen {
				out = append(out, BuyProblem{Rule: "unpaid", Household: b.Household, Want: b.TotalFen, Got: in.Paid[b.Household]})
			}
			if !in.Delivered[b.Household] {
				out = append(out, BuyProblem{Rule: "undelivered", Household: b.Household})
			}
		}
	}
	return out
}
