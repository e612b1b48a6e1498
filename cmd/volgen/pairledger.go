package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"vol/allocate"
	"vol/cmd/internal/duty"
	"vol/ledger"
)

// forbidden is the cost.npy entry of a pair the rules forbid (a volunteer
// and their own household): far above any allowed plan's total, so a solver
// on the full matrix takes one only when no plan pairs more elders without
// it, and exact in float64 (scipy's type) even summed over every row.
const forbidden = int64(1) << 40

// writeLedgerPairing writes the pairing problem vol pair elders solves on
// the ledger at path, as of the date on (YYYY-MM-DD), into dir:
// input.json, the allocate.PairInput as cmd/vol builds it, and cost.npy,
// the full elders × volunteers cost matrix of allocate.Pairs (distance
// plus the need weight for each need the volunteer's skills do not
// cover, see allocate.Pairs), with forbidden where a volunteer would take
// their own household. P1 of make bench: the peer solves cost.npy.
func writeLedgerPairing(path, dir, on string) error {
	day, err := time.Parse(time.DateOnly, on)
	if err != nil {
		return err
	}
	ctx := context.Background()
	db, err := ledger.Open(ctx, path, ledger.Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	reg, err := db.Register(ctx, day)
	if err != nil {
		return err
	}
	in := duty.PairInput(reg, 1)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	b, err := json.Marshal(in)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "input.json"), b, 0o644); err != nil {
		return err
	}
	w := allocate.DefaultWeights()
	accept := allocate.NeedSkills()
	n, m := len(in.Elders), len(in.Volunteers)
	c := make([]int64, n*m)
	for i, e := range in.Elders {
		needs := tags(e.Needs)
		for j, v := range in.Volunteers {
			if v.Household != "" && v.Household == e.ID {
				c[i*m+j] = forbidden
				continue
			}
			skills := tags(v.Skills)
			cost := w.Distance * allocate.Distance(e.Loc, v.Loc)
			for _, need := range needs {
				covered := slices.Contains(skills, need)
				for _, s := range accept[need] {
					covered = covered || slices.Contains(skills, s)
				}
				if !covered {
					cost += w.Need
				}
			}
			c[i*m+j] = cost
		}
	}
	return writeNpy(filepath.Join(dir, "cost.npy"), []int{n, m}, c)
}

// tags normalises need and skill tags as allocate.Pairs compares them.
func tags(in []string) []string {
	var out []string
	for _, t := range in {
		if t = strings.ToLower(strings.TrimSpace(t)); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// solvePairs runs allocate.Pairs, the solver vol pair elders calls, on the
// input.json writeLedgerPairing wrote in dir; it prints the total cost and
// the number of pairs.
func solvePairs(dir string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dir, "input.json"))
	if err != nil {
		return "", err
	}
	var in allocate.PairInput
	if err := json.Unmarshal(b, &in); err != nil {
		return "", err
	}
	plan := allocate.Pairs(in)
	return fmt.Sprintf("%d %d", plan.TotalCost, len(plan.Pairs)), nil
}
