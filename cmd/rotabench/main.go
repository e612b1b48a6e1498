// Command rotabench compares vol's duty rota solver, allocate.PlanRota,
// with the same model solved as a mixed-integer program by CBC (issue 17;
// `make bench` runs it as the rows R1, testdata/bench/bench.sh):
//
//	rotabench [-vol PATH] [-cbc PATH] [-work DIR] [-runs 7] [-limit 300s]
//	          [-instances 300,60,sample] [-o FILE]
//
// The instances: "300" and "60", the generated bench instance (7 days × 3
// shifts × 5 posts, BenchmarkPlanRota's) with 300 and with 60 volunteers;
// "sample", the sample compound 凯旋华庭 (vol demo, built with the vol
// binary -vol) with three posts, read as vol rota plan reads it for the
// week from 2026-12-07. For each it times PlanRota (median of -runs runs
// in this process), writes the model as LP files and solves it with CBC
// aim by aim (see model), within -limit in all, and checks both plans
// with allocate.CheckRota and an objective computed here. It writes one
// Markdown section (a table and notes) to -o or stdout, and exits 1 when
// a check failed (not when a goal is missed).
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"time"

	"vol/allocate"
)

func main() {
	var (
		volBin    = flag.String("vol", "vol", "the vol binary, for the sample compound")
		cbc       = flag.String("cbc", "cbc", "the CBC binary")
		work      = flag.String("work", "", "folder for the LP files, CBC's solutions and logs, the sample ledger (default: a new temporary folder)")
		runs      = flag.Int("runs", 7, "timed runs of PlanRota per instance")
		limit     = flag.Duration("limit", 300*time.Second, "CBC's time limit per instance, every aim together")
		instances = flag.String("instances", "300,60,sample", "which instances, comma-separated")
		randoms   = flag.Int("random", 0, "also this many smaller random instances (spot checks)")
		out       = flag.String("o", "", "write the Markdown here (default stdout)")
		about     = flag.String("about", "", "a line for under the heading: the machine, the date, the version")
	)
	flag.Parse()
	if flag.NArg() > 0 {
		fail(fmt.Errorf("unexpected arguments %q", flag.Args()))
	}
	ctx := context.Background()
	if *work == "" {
		d, err := os.MkdirTemp("", "rotabench-")
		if err != nil {
			fail(err)
		}
		*work = d
	} else if err := os.MkdirAll(*work, 0o755); err != nil {
		fail(err)
	}
	var rows []row
	names := strings.Split(*instances, ",")
	if *instances == "" {
		names = nil
	}
	for i := range *randoms {
		names = append(names, fmt.Sprintf("r%d", i+1))
	}
	for _, name := range names {
		r := row{name: name}
		var seed uint64
		if rest, ok := strings.CutPrefix(name, "r"); ok {
			if _, err := fmt.Sscan(rest, &seed); err != nil || seed == 0 {
				fail(fmt.Errorf("-instances: %q: want r1, r2, …", name))
			}
		}
		switch {
		case seed > 0:
			r.in = random(seed)
			r.work = fmt.Sprintf("random %d: %d volunteers, 7 days × 3 shifts × %d posts", seed, len(r.in.Volunteers), len(r.in.Seats)/21)
			if len(r.in.Existing) > 0 {
				r.work += fmt.Sprintf(", %d recorded", len(r.in.Existing))
			}
		case name == "300" || name == "60":
			n := 300
			if name == "60" {
				n = 60
			}
			r.in = generated(n)
			r.work = fmt.Sprintf("generated: %d volunteers, 7 days × 3 shifts × 5 posts", n)
		case name == "sample":
			in, err := sample(ctx, *volBin, *work)
			if err != nil {
				fail(err)
			}
			r.in = in
			r.work = fmt.Sprintf("sample compound 凯旋华庭: %d volunteers, 7 days, posts 东门 (2 a shift), 巡逻 (2, 中 and 夜), 核酸点 (3, 早, doctor)", len(in.Volunteers))
		default:
			fail(fmt.Errorf("-instances: %q: want 300, 60, sample or rN", name))
		}
		fmt.Fprintf(os.Stderr, "== %s: %d seats, %d places, %d volunteers\n", name, len(r.in.Seats), places(r.in), len(r.in.Volunteers))
		r.vol(*runs)
		fmt.Fprintf(os.Stderr, "   vol: %.3f s, %s\n", r.volSec, describe(r.volObj, len(r.in.Existing) > 0))
		m, err := newModel(r.in)
		if err != nil {
			fail(err)
		}
		r.vars, r.rows = len(m.pairs), len(m.rows)
		r.peer, r.peerErr = solveCBC(ctx, *cbc, m, *work, "rota-"+name, *limit)
		if r.peer != nil {
			r.peerBad = allocate.CheckRota(r.in, r.peer.plan)
			fmt.Fprintf(os.Stderr, "   cbc: %.1f s, %s, proved %v\n", r.peer.seconds, describe(r.peer.obj, len(r.in.Existing) > 0), r.peer.proved)
		}
		if r.peerErr != nil {
			fmt.Fprintf(os.Stderr, "   cbc: %v\n", r.peerErr)
		}
		rows = append(rows, r)
	}
	var w io.Writer = os.Stdout
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			fail(err)
		}
		defer func() { _ = f.Close() }()
		w = f
	}
	failed := report(w, rows, cbcVersion(*cbc), *about, *limit)
	if failed > 0 {
		fmt.Fprintf(os.Stderr, "rotabench: %d checks failed\n", failed)
		os.Exit(1)
	}
}

// row is one instance's figures.
type row struct {
	name, work string
	in         allocate.RotaInput
	volSec     float64
	volObj     allocate.RotaObjective
	volBad     []allocate.RotaViolation
	volScore   allocate.RotaObjective // computed here
	vars, rows int                    // the model's size
	peer       *peerResult
	peerErr    error
	peerBad    []allocate.RotaViolation
}

// vol times PlanRota and checks its plan.
func (r *row) vol(runs int) {
	var secs []float64
	var plan allocate.RotaPlan
	for range max(runs, 1) {
		t0 := time.Now()
		plan = allocate.PlanRota(r.in)
		secs = append(secs, time.Since(t0).Seconds())
	}
	r.volSec = median(secs)
	r.volObj = plan.Objective
	r.volBad = allocate.CheckRota(r.in, plan)
	r.volScore = score(r.in, plan)
}

func cbcVersion(cbc string) string {
	out, _ := exec.Command(cbc, "-quit").CombinedOutput()
	for _, l := range strings.Split(string(out), "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(l), "Version:"); ok {
			return "CBC " + strings.TrimSpace(v)
		}
	}
	return "CBC (version unknown)"
}

func secs(s float64) string {
	switch {
	case s < 0.01:
		return fmt.Sprintf("%.1f ms", s*1000)
	case s < 1:
		return fmt.Sprintf("%.0f ms", s*1000)
	case s < 100:
		return fmt.Sprintf("%.2f s", s)
	}
	return fmt.Sprintf("%.0f s", s)
}

// report writes the Markdown section and returns the number of failed
// checks.
func report(w io.Writer, rows []row, version, about string, limit time.Duration) int {
	failed := 0
	fmt.Fprintf(w, "## R1: the duty rota (issue 17), allocate.PlanRota vs %s\n\n", version)
	if about != "" {
		fmt.Fprintf(w, "%s\n\n", about)
	}
	fmt.Fprintf(w, "The same model as a mixed-integer program (cmd/rotabench writes it as LP files), solved by CBC aim by aim"+
		" (filled, then load, nights, distance, each run holding the earlier aims at the values found), within %.0f s per instance in all."+
		" vol: the median of PlanRota's runs in one process. Goal: vol's objective equal to CBC's where CBC proves it optimal;"+
		" vol under 1 s, and at most 0.1 of CBC's time at 300 volunteers.\n\n", limit.Seconds())
	fmt.Fprintln(w, "| # | work | places | vol median | vol objective | CBC time | CBC objective | CBC proved optimal | ratio vol/CBC | gap vol − CBC | goal met | check |")
	fmt.Fprintln(w, "|---|---|---:|---:|---|---:|---|---|---:|---|---|---|")
	var notes []string
	for _, r := range rows {
		kept := len(r.in.Existing) > 0
		var checks []string
		if len(r.volBad) > 0 {
			checks = append(checks, fmt.Sprintf("vol's plan breaks %d rules (first %+v)", len(r.volBad), r.volBad[0]))
		}
		if r.volScore != r.volObj {
			checks = append(checks, fmt.Sprintf("vol reports %s, recomputed %s", describe(r.volObj, kept), describe(r.volScore, kept)))
		}
		peerT, peerO, proved, ratio, gp, met := "–", "–", "–", "–", "–", r.volSec < 1
		notes = append(notes, fmt.Sprintf("- %s: %d seats, %d volunteers; the model has %d binary variables and %d rows", r.name, len(r.in.Seats), len(r.in.Volunteers), r.vars, r.rows))
		if r.peerErr != nil {
			checks = append(checks, "CBC: "+r.peerErr.Error())
		}
		if r.peer != nil && r.peerErr == nil {
			p := r.peer
			if len(r.peerBad) > 0 {
				checks = append(checks, fmt.Sprintf("CBC's plan breaks %d rules (first %+v): the LP model is wrong", len(r.peerBad), r.peerBad[0]))
			}
			// vol better than CBC on an aim CBC proved (the aims before
			// it alike): the model or a scorer is wrong.
			for _, l := range p.levels {
				a := fieldOf(l.aim, r.volObj)
				if a == l.value && l.proved {
					continue
				}
				if l.proved && (a > l.value) == (l.aim == "filled" || l.aim == "kept") {
					checks = append(checks, fmt.Sprintf("vol beats CBC's proved optimum of %s: the model or a scorer is wrong", l.aim))
				}
				break
			}
			peerT, peerO = secs(p.seconds), describe(p.obj, kept)
			var lv []string
			for _, l := range p.levels {
				lv = append(lv, fmt.Sprintf("%s %s", l.aim, yes(l.proved)))
				notes = append(notes, fmt.Sprintf("- %s, aim %s: CBC %q in %s, value %d", r.name, l.aim, l.status, secs(l.seconds), l.value))
			}
			proved = strings.Join(lv, ", ")
			ratio = fmt.Sprintf("%.4f", r.volSec/p.seconds)
			gp = gap(r.volObj, p.obj)
			if p.proved {
				met = met && r.volObj == p.obj
			}
			if r.name == "300" {
				met = met && r.volSec <= 0.1*p.seconds
			}
		}
		check := "ok: both plans keep every hard rule"
		if len(checks) > 0 {
			failed++
			check = "**" + strings.Join(checks, "; ") + "**"
		}
		metTxt := "yes"
		if !met {
			metTxt = "**no**"
		}
		fmt.Fprintf(w, "| R1 | %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", r.work, places(r.in), secs(r.volSec),
			describe(r.volObj, kept), peerT, peerO, proved, ratio, gp, metTxt, check)
	}
	if len(notes) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, strings.Join(notes, "\n"))
	}
	return failed
}

// fieldOf is aim's field of o.
func fieldOf(aim string, o allocate.RotaObjective) int64 {
	switch aim {
	case "filled":
		return int64(o.Filled)
	case "load":
		return o.Load
	case "nights":
		return o.Nights
	case "distance":
		return o.Distance
	}
	return int64(o.Kept)
}

func yes(b bool) string {
	if b {
		return "yes"
	}
	return "**no**"
}

func fail(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "rotabench:", err)
		os.Exit(1)
	}
}
