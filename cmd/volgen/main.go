// Command volgen writes deterministic benchmark inputs for vol and for the
// tools people would use instead (issue 7, `make bench`):
//
//	volgen -households N [-seed S] [-o FILE] [-figures FILE]
//	    a register of N households in the sample's CSV shape (one row per
//	    person, header 楼号,单元,室号,姓名,性别,出生年月,联系电话,在住,身份,志愿者,技能,备注)
//	volgen -people N ...
//	    the same, with as many households as it takes to reach N person rows
//	    (rows are cut at N exactly; the last household may be short)
//	volgen -pairing dense [-n 2000] -o DIR
//	    an n×n elder × volunteer cost matrix, DIR/cost.npy (int64)
//	volgen -pairing sparse [-elders 100000 -volunteers 120000 -k 16] -o DIR
//	    the k nearest volunteers of each elder plus a private "unpaired"
//	    column per elder, as CSR arrays DIR/{shape,indptr,indices,data}.npy
//	volgen -reports N [-days D] [-date END] [-later K] -o DIR
//	    the daily reports (vol report) of N made-up compounds for the D days
//	    ending on END (default 2026-11-28), signed with keys drawn from the
//	    seed, as DIR/YYYY-MM-DD/NNNNN.json, for the hub's benchmark; the
//	    first K compounds also report each day a second time, later
//	    (NNNNN-later.json), which the hub keeps instead
//	volgen -solve DIR
//	    vol's own solver (allocate.SolveDense or allocate.SolveSparse) on
//	    what -pairing wrote in DIR; prints the total cost
//	volgen -pairing ledger -db LEDGER [-date DAY] -o DIR
//	    the problem vol pair elders solves on a ledger as of DAY: the
//	    allocate.PairInput (DIR/input.json) and its full elders × volunteers
//	    cost matrix (DIR/cost.npy, int64; 2^40 where a volunteer would take
//	    their own household)
//	volgen -pairs DIR
//	    allocate.Pairs, vol pair's solver, on DIR/input.json; prints the
//	    total cost and the number of pairs
//
// The same flags and seed always give the same bytes. The register keeps
// the proportions of the sample compound 凯旋华庭 (testdata/gen_sample.go):
// of every 438 households 370 are present, 25 are elders living alone and 10
// elder couples (8% elder-only), 15 have 5 or 6 present residents (3.4%),
// 1 is a flat of stranded workers, 3 are empty (address-only rows) and the
// rest are away; 7 property staff per 438 households (no address, last);
// about 5% of the rows are volunteers, 40% of them with skills.
//
// Buildings have 3 units × 18 floors × 4 flats (216 households), so a
// million households need buildings 1..4630 and every address is unique.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
)

func main() {
	var (
		households = flag.Int("households", 0, "register: number of households")
		people     = flag.Int("people", 0, "register: number of person rows (instead of -households)")
		seed       = flag.Uint64("seed", 2022, "random seed")
		out        = flag.String("o", "", "output file (register; default stdout) or folder (pairing)")
		figures    = flag.String("figures", "", "register: also write the expected figures as JSON to this file")
		pairing    = flag.String("pairing", "", "dense or sparse: write a pairing instance into the -o folder")
		n          = flag.Int("n", 2000, "dense: elders and volunteers")
		elders     = flag.Int("elders", 100_000, "sparse: elder households")
		vols       = flag.Int("volunteers", 120_000, "sparse: volunteers")
		k          = flag.Int("k", 16, "sparse: nearest volunteers per elder")
		solve      = flag.String("solve", "", "solve the pairing instance in this folder with vol's solver and print the total")
		pairsDir   = flag.String("pairs", "", "run allocate.Pairs on the input.json of -pairing ledger in this folder; print the total cost and pairs")
		dbPath     = flag.String("db", "", "-pairing ledger: the ledger")
		reports    = flag.Int("reports", 0, "hub: number of compounds whose reports to write into the -o folder")
		days       = flag.Int("days", 1, "hub: days of reports")
		date       = flag.String("date", "2026-11-28", "hub: the last day of reports; -pairing ledger: the day")
		later      = flag.Int("later", 0, "hub: compounds that report each day twice")
	)
	flag.Parse()
	if flag.NArg() > 0 {
		fail(fmt.Errorf("unexpected arguments %q", flag.Args()))
	}
	switch {
	case *reports > 0:
		fail(writeReports(*out, *reports, *days, *date, *later, *seed))
	case *pairsDir != "":
		out, err := solvePairs(*pairsDir)
		fail(err)
		fmt.Println(out)
	case *pairing == "ledger":
		fail(writeLedgerPairing(*dbPath, *out, *date))
	case *solve != "":
		total, err := solveDir(*solve)
		if err != nil {
			fail(err)
		}
		fmt.Println(total)
	case *pairing == "dense":
		fail(writeDense(*out, *n, *seed))
	case *pairing == "sparse":
		fail(writeSparse(*out, *elders, *vols, *k, *seed))
	case *pairing != "":
		fail(fmt.Errorf("-pairing %q: want dense, sparse or ledger", *pairing))
	case *households > 0 && *people > 0:
		fail(fmt.Errorf("-households and -people exclude each other"))
	case *households > 0 || *people > 0:
		var w io.Writer = os.Stdout
		var f *os.File
		if *out != "" {
			var err error
			if f, err = os.Create(*out); err != nil {
				fail(err)
			}
			w = f
		}
		bw := bufio.NewWriterSize(w, 1<<20)
		fig, err := writeRegister(bw, *households, *people, *seed)
		if err == nil {
			err = bw.Flush()
		}
		if f != nil {
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
		if err == nil && *figures != "" {
			err = os.WriteFile(*figures, fig.json(), 0o644)
		}
		fail(err)
	default:
		flag.Usage()
		os.Exit(2)
	}
}

// fail exits with the error, if any.
func fail(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "volgen:", err)
		os.Exit(1)
	}
}
