package allocate

import (
	"cmp"
	"slices"
)

// DeliveryShare is one receiver of a split delivery (a compound of the
// district) and its weight (its present households).
type DeliveryShare struct {
	ID     string `json:"id"`
	Weight int64  `json:"weight"`
}

// SplitLine is one receiver's part of a split delivery, with the facts that
// placed it: its exact part is Packs×Weight÷Total (Total, Weight as used:
// 1 each when every weight is 0), Floor that rounded down and Rest the
// remainder of the division (over Total); Extra says it got one of the
// packs left over, which go to the largest remainders, RestRank its place
// among them (1 the largest; equal remainders in the order given).
type SplitLine struct {
	ID       string `json:"id"`
	Weight   int64  `json:"weight"`
	Packs    int64  `json:"packs"`
	Floor    int64  `json:"floor"`
	Rest     int64  `json:"rest"`
	Extra    bool   `json:"extra"`
	RestRank int    `json:"rest_rank"`
}

// Split is a delivery split across receivers.
type Split struct {
	Packs int64       `json:"packs"`
	Total int64       `json:"total"` // the weights' sum, as used
	Left  int64       `json:"left"`  // packs left after every floor: one each to the largest remainders
	Lines []SplitLine `json:"lines"` // in the order given
}

// SplitDelivery splits packs across the shares in proportion to their
// weights, largest remainder (SplitFee's rule): never a pack lost or
// invented; ties go to the share given first, so the caller states the
// order (the district's: district, street, compound, ID). Weights below 0
// count as 0; when every weight is 0 the packs are split equally.
func SplitDelivery(packs int64, shares []DeliveryShare) Split {
	sp := Split{Packs: max(packs, 0), Lines: make([]SplitLine, len(shares))}
	weights := make([]int64, len(shares))
	for i, s := range shares {
		weights[i] = max(s.Weight, 0)
		sp.Total += weights[i]
	}
	if sp.Total == 0 {
		for i := range weights {
			weights[i] = 1
		}
		sp.Total = int64(len(weights))
	}
	got := SplitFee(sp.Packs, weights)
	order := make([]int, len(shares))
	sp.Left = sp.Packs
	for i, s := range shares {
		l := SplitLine{ID: s.ID, Weight: weights[i], Packs: got[i]}
		if sp.Total > 0 {
			l.Floor, l.Rest = mulDiv(sp.Packs, weights[i], sp.Total)
		}
		l.Extra = l.Packs > l.Floor
		sp.Left -= l.Floor
		sp.Lines[i] = l
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(sp.Lines[b].Rest, sp.Lines[a].Rest) })
	for rank, i := range order {
		sp.Lines[i].RestRank = rank + 1
	}
	return sp
}
