package main

import (
	"testing"

	"vol/ledger/jielong"
)

// TestBuyReasonsWorded: every reason a 接龙 line is not read for, and
// every status vol buy import gives a line, has words in both languages
// (a missing one would show its key, buy.reason.mixed_units).
func TestBuyReasonsWorded(t *testing.T) {
	t.Parallel()
	statuses := append([]string{"new", "changed", "same", "replaced", "ambiguous_address"}, jielong.Reasons...)
	for _, r := range statuses {
		w, ok := words["buy.reason."+r]
		if !ok || w[0] == "" || w[1] == "" {
			t.Errorf("no words for buy.reason.%s", r)
		}
	}
}
