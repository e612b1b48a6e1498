package main

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"github.com/olekukonko/tablewriter/pkg/twwidth"
)

// randomCell mixes ASCII, Han, spaces and empty cells.
func randomCell(r *rand.Rand) string {
	parts := []string{"", "a", "12", "yes", "3号楼", "2单元", "501室", " ", "底楼", "一期A区", "ecbae360", "PRESENT SIZE", "<&>", "é"}
	s := ""
	for range r.IntN(4) {
		s += parts[r.IntN(len(parts))]
	}
	return s
}

// TestTableStream: a streamed table is byte for byte printTable's, given
// the widest cells.
func TestTableStream(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 300 {
		cols := 1 + r.IntN(5)
		header := make([]string, cols)
		for c := range header {
			header[c] = randomCell(r)
		}
		rows := make([][]string, 1+r.IntN(6))
		widest := make([]int, cols)
		for j := range rows {
			rows[j] = make([]string, cols)
			for c := range rows[j] {
				rows[j][c] = randomCell(r)
				widest[c] = max(widest[c], twwidth.Width(rows[j][c]))
			}
		}
		var want, got bytes.Buffer
		if err := printTable(&want, header, rows); err != nil {
			t.Fatal(err)
		}
		ts, err := newTableStream(&got, header, widest)
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range rows {
			if err := ts.Row(row); err != nil {
				t.Fatal(err)
			}
		}
		if err := ts.Close(); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Fatalf("case %d: streamed\n%s\nprintTable\n%s", i, got.String(), want.String())
		}
	}
}

// TestJSONArray: a streamed array is byte for byte printJSON's, empty or not.
func TestJSONArray(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(3, 4))
	for n := range 4 {
		hs := []householdJSON{}
		for range n {
			hs = append(hs, householdJSON{ID: randomCell(r), Address: randomCell(r), Present: r.IntN(2) == 0,
				PresentSize: r.IntN(9), Listed: r.IntN(12), ElderOnly: r.IntN(2) == 0})
		}
		var want, got bytes.Buffer
		if err := printJSON(&want, hs); err != nil {
			t.Fatal(err)
		}
		j := newJSONArray(&got)
		for _, h := range hs {
			if err := j.Add(h); err != nil {
				t.Fatal(err)
			}
		}
		if err := j.Close(); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Fatalf("%d elements: streamed\n%s\nprintJSON\n%s", n, got.String(), want.String())
		}
	}
}
