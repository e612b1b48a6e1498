package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"vol/ledger"
	"vol/ledger/sheet"
)

type medRunShowOptions struct {
	Out              string
	Text, JSON, Full bool
}

func newMedRunShowCmd(a *App) *cobra.Command {
	opts := medRunShowOptions{}
	c := &cobra.Command{
		Use:   "show RUN [--text | -o FILE.xlsx | --json] [--full]",
		Short: "Print a run's sheet again: a table, --text for WeChat, or -o FILE.xlsx",
		Long: `Print the sheet of a recorded run: each item's request ID, address, drug,
quantity, whether it is urgent, the household's card, its phone (in full
when the person shares it) and its result so far (✓ got, ✗ not found, ☐
none yet).

With --text the sheet is plain text for the volunteer's WeChat: they change
☐ to ✓ or ✗ on each line and send it back; vol med run result RUN --file
reads that reply. -o FILE.xlsx writes the sheet as a workbook to print.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if n := btoi(opts.Text) + btoi(opts.JSON) + btoi(opts.Out != ""); n > 1 {
				return usageErr(errors.New(a.T("med.show.one")))
			}
			return medRunShowRun(cmd.Context(), a, args[0], opts)
		},
	}
	c.Flags().BoolVar(&opts.Text, "text", false, "plain text for WeChat, one line per item to mark ✓ or ✗")
	c.Flags().StringVarP(&opts.Out, "output", "o", "", "write the sheet as an XLSX workbook")
	c.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	c.Flags().BoolVar(&opts.Full, "full", false, "show phones in full")
	return c
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// runSheet is a recorded run as its sheet shows it.
type runSheet struct {
	runJSON
	Status   string `json:"status"`
	Planned  string `json:"planned_at"`
	Compound string `json:"-"`
}

// loadRunSheet reads a run's sheet: its items in the run's order, each
// with its household's card and phone and its outcome.
func (a *App) loadRunSheet(ctx context.Context, v ledger.View, ref string, full bool) (runSheet, error) {
	on, err := a.date()
	if err != nil {
		return runSheet{}, err
	}
	st, err := loadMedState(ctx, v, on)
	if err != nil {
		return runSheet{}, err
	}
	run, err := a.findRun(ctx, v, ref)
	if err != nil {
		return runSheet{}, err
	}
	cards, err := v.MedCards(ctx, false)
	if err != nil {
		return runSheet{}, err
	}
	byID := make(map[string]ledger.MedRequest, len(st.reqs))
	for _, r := range st.reqs {
		byID[r.ID] = r
	}
	s := runSheet{runJSON: runJSON{ID: run.ID, Hospital: run.Hospital, Items: []medItemJSON{}}, Status: run.Status,
		Planned: a.jsonTime(run.PlannedAt), Compound: st.reg.Settings.Compound}
	for _, p := range st.reg.People {
		if p.ID == run.ByPerson {
			s.By = maskUnless(p.Name, full)
		}
	}
	for _, it := range run.Items {
		r, ok := byID[it.RequestID]
		if !ok {
			continue
		}
		j := a.medItem(st.reg, r)
		j.Outcome, j.CardNeeded = it.Outcome, true
		j.Phone = householdPhoneShown(st.reg, r.HouseholdID, full)
		if holder := cardHolder(st.reg, cards, r.HouseholdID); holder != nil {
			j.CardWith = maskUnless(holder.Name, full)
		}
		if f, ok := st.reg.Facts(r.HouseholdID); ok {
			if j.BuildingLeader, err = a.leaderOf(ctx, v, st.reg, f.Address, full); err != nil {
				return runSheet{}, err
			}
		}
		s.Items = append(s.Items, j)
	}
	return s, nil
}

// householdPhoneShown is the phone to call for a household: its first
// present member with one, in full when they share it (or full).
func householdPhoneShown(reg *ledger.Register, hid string, full bool) string {
	for _, p := range reg.People {
		if p.HouseholdID == hid && p.Present && p.Phone != "" {
			return phoneShown(p, full)
		}
	}
	return ""
}

func medRunShowRun(ctx context.Context, a *App, ref string, opts medRunShowOptions) error {
	db, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	s, err := a.loadRunSheet(ctx, db.View, ref, opts.Full)
	if err != nil {
		return err
	}
	if opts.Full {
		a.info("%s", a.T("msg.full"))
	}
	switch {
	case opts.JSON:
		return printJSON(a.Out, s)
	case opts.Text:
		_, err := io.WriteString(a.Out, a.runSheetText(s))
		return err
	case opts.Out != "":
		if err := db.CheckOutput(ctx, "-o", opts.Out); err != nil {
			return err
		}
		tmp, done, err := db.TempDir()
		if err != nil {
			return err
		}
		defer done()
		t := sheet.Table{Name: sheetName(a.T("med.show.sheet"), map[string]bool{}), Columns: []sheet.TableColumn{
			{Header: a.T("x.request"), Text: true}, {Header: a.T("x.address"), Text: true}, {Header: a.T("x.drug"), Text: true},
			{Header: a.T("x.qty")}, {Header: a.T("x.urgent")}, {Header: a.T("x.card"), Text: true}, {Header: a.T("x.phone"), Text: true},
			{Header: a.T("x.outcome"), Width: 10}}}
		for _, it := range s.Items {
			t.Rows = append(t.Rows, []string{shortID(it.ID), it.Address, it.Drug, strconv.Itoa(it.Qty), a.urgentWord(it.Urgent),
				a.cardWords(it), it.Phone, outcomeMark(it.Outcome)})
		}
		if err := sheet.WriteFileAtomic(opts.Out, func(w io.Writer) error {
			return sheet.WriteXLSX(w, a.runSheetHead(s), []sheet.Table{t}, tmp, a.Now())
		}); err != nil {
			return err
		}
		a.info("%s", a.T("export.wrote", opts.Out))
		return nil
	}
	if s.By != "" {
		fmt.Fprintln(a.Out, ledger.Printable(a.T("med.run.by", s.By)))
	}
	rows := make([][]string, 0, len(s.Items))
	for _, it := range s.Items {
		rows = append(rows, []string{shortID(it.ID), it.Address, it.Drug, strconv.Itoa(it.Qty), a.urgentWord(it.Urgent),
			a.cardWords(it), it.Phone, outcomeMark(it.Outcome)})
	}
	return printTable(a.Out, []string{a.T("h.id"), a.T("h.address"), a.T("h.drug"), a.T("h.qty"), a.T("h.urgent"),
		a.T("h.card"), a.T("h.phone"), a.T("h.outcome")}, rows)
}

func (a *App) urgentWord(u bool) string {
	if u {
		return a.T("med.urgent")
	}
	return ""
}

func (a *App) cardWords(it medItemJSON) string {
	if it.CardWith != "" {
		return a.T("med.card.with", it.CardWith)
	}
	return a.T("med.card.collect")
}

// Marks of a run sheet's lines: no result yet, got, not found.
const (
	markNone     = "☐"
	markGot      = "✓"
	markNotFound = "✗"
)

func outcomeMark(outcome string) string {
	switch outcome {
	case "got":
		return markGot
	case "not_found":
		return markNotFound
	}
	return markNone
}

func (a *App) runSheetHead(s runSheet) string {
	parts := []string{a.T("med.show.head", shortID(s.ID))}
	if s.Compound != "" {
		parts = append([]string{s.Compound}, parts...)
	}
	if s.Hospital != "" {
		parts = append(parts, s.Hospital)
	}
	if s.By != "" {
		parts = append(parts, a.T("med.run.by", s.By))
	}
	return strings.Join(parts, " · ")
}

// runSheetText is the sheet as WeChat text: the head, then one line per
// item, "☐ ID address drug ×qty ...", and how to mark it.
func (a *App) runSheetText(s runSheet) string {
	var b strings.Builder
	b.WriteString(ledger.Printable(a.runSheetHead(s)) + "\n\n")
	got, missing := 0, 0
	for _, it := range s.Items {
		switch it.Outcome {
		case "got":
			got++
		case "not_found":
			missing++
		}
		leader := ""
		if it.BuildingLeader != "" {
			leader = a.T("sheet.leader", it.BuildingLeader)
		}
		b.WriteString(outcomeMark(it.Outcome) + " " + sheetFields(shortID(it.ID), it.Address, it.Drug+"×"+strconv.Itoa(it.Qty),
			a.urgentWord(it.Urgent), a.cardWords(it), it.Phone, leader) + "\n")
	}
	b.WriteString("\n" + a.T("med.show.total", len(s.Items), got, missing, len(s.Items)-got-missing) + "\n")
	b.WriteString(a.T("med.show.how") + "\n")
	return b.String()
}

// medOutcome is one result to record: the item and got or not_found.
type medOutcome struct {
	Ref, What string
}

// resultsFromText reads a run sheet's text sent back (see runSheetText):
// each line that starts with a mark and an item ID; ✓ (√ ✔ 有 是) is got,
// ✗ (× ✘ 无 否) not found, ☐ (□) no result yet. Every other line is left
// alone. A line with a mark but no item, or an item twice, is refused.
func resultsFromText(a *App, r io.Reader, name string) ([]medOutcome, error) {
	const maxBytes = 1 << 20
	b, err := io.ReadAll(io.LimitReader(r, maxBytes+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxBytes {
		return nil, &ledger.FieldError{Field: "--file", Value: name, Accepted: a.T("med.result.size"), Err: ledger.ErrInvalid}
	}
	var out []medOutcome
	seen := map[string]int{}
	sc := bufio.NewScanner(strings.NewReader(string(b)))
	sc.Buffer(make([]byte, 64*1024), maxBytes)
	for n := 1; sc.Scan(); n++ {
		f := strings.Fields(ledger.NormalizeText(sc.Text()))
		if len(f) == 0 {
			continue
		}
		what := ""
		switch f[0] {
		case markGot, "√", "✔", "☑", "有", "是", "v", "V":
			what = "got"
		case markNotFound, "×", "✘", "☒", "无", "否", "x", "X":
			what = "not_found"
		case markNone, "□":
			continue
		default:
			continue // the head, the totals, a note
		}
		if len(f) < 2 || !looksLikeID(strings.ToLower(f[1])) {
			return nil, &ledger.FieldError{Field: "--file", Value: fmt.Sprintf("%s:%d", name, n), Accepted: a.T("med.result.line"), Err: ledger.ErrInvalid}
		}
		id := strings.ToLower(f[1])
		if first, dup := seen[id]; dup {
			return nil, &ledger.FieldError{Field: "--file", Value: fmt.Sprintf("%s:%d", name, n), Accepted: a.T("med.result.twice", first), Err: ledger.ErrDuplicate}
		}
		seen[id] = n
		out = append(out, medOutcome{Ref: id, What: what})
	}
	return out, sc.Err()
}

func looksLikeID(s string) bool {
	if len(s) < 4 {
		return false
	}
	for _, r := range s {
		if !strings.ContainsRune("0123456789abcdef", r) {
			return false
		}
	}
	return true
}

// resultsAsked asks, item by item, what a run got: 是 (y) got, 否 (n) not
// found, blank skips. It reads the run as it stands now; the answers are
// recorded in one write afterwards, which checks each item again.
func resultsAsked(ctx context.Context, a *App, ref string) ([]medOutcome, error) {
	db, err := a.open(ctx)
	if err != nil {
		return nil, err
	}
	s, err := a.loadRunSheet(ctx, db.View, ref, false)
	db.Close()
	if err != nil {
		return nil, err
	}
	in := bufio.NewScanner(a.In)
	var out []medOutcome
	for _, it := range s.Items {
		if it.Outcome == "got" || it.Outcome == "not_found" {
			continue
		}
		for {
			fmt.Fprintf(a.Err, "%s ", ledger.PrintableText(a.T("med.result.ask", it.Address, it.Drug, it.Qty)))
			if !in.Scan() {
				return out, nil // end of input: the answers so far
			}
			ans := strings.TrimSpace(in.Text())
			if ans == "" {
				break
			}
			if b, ok := ledger.ParseYesNo(ans); ok {
				what := "not_found"
				if b {
					what = "got"
				}
				out = append(out, medOutcome{Ref: it.ID, What: what})
				break
			}
			fmt.Fprintln(a.Err, a.T("med.result.again"))
		}
	}
	return out, nil
}

// readResultsFile opens --file (- for stdin).
func readResultsFile(a *App, path string) ([]medOutcome, error) {
	if path == "-" {
		return resultsFromText(a, a.In, "-")
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return resultsFromText(a, f, path)
}
