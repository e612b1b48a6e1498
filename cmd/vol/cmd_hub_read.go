package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"vol/allocate"
	"vol/cmd/internal/hub"
	dayreport "vol/cmd/internal/report"
	"vol/ledger"
	"vol/ledger/sheet"
)

// What vol hub reads from the store: a figure's trend, the needs, a
// delivery's split and the district's workbook.

func numText(p *int64) string {
	if p == nil {
		return "-"
	}
	return strconv.FormatInt(*p, 10)
}

type hubTrendOptions struct {
	Figure, Date string
	Days         int
	JSON         bool
}

func newHubTrendCmd(a *App, o *hubOptions) *cobra.Command {
	opts := hubTrendOptions{}
	c := &cobra.Command{
		Use:   "trend --figure NAME [--days N] [--date D] [--json]",
		Short: "A figure's district total day by day, with how many compounds reported",
		Long: `A figure's total over the compounds that reported, for each of the --days days
(default 7) ending on --date (default today), with how many compounds reported
each day: a total with fewer reporting compounds is not comparable. NAME is
one of the report's figure keys (vol hub status --json lists them).`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Days < 1 || opts.Days > 366 {
				return usageErr(&ledger.FieldError{Field: "--days", Value: strconv.Itoa(opts.Days), Accepted: a.T("hub.want.days"), Err: ledger.ErrInvalid})
			}
			return hubTrendRun(cmd.Context(), a, o, opts)
		},
	}
	c.Flags().StringVar(&opts.Figure, "figure", "", "the figure, such as present_households")
	c.Flags().IntVar(&opts.Days, "days", 7, "how many days, ending on --date")
	c.Flags().StringVar(&opts.Date, "date", "", "the last day, YYYY-MM-DD (default today)")
	c.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	_ = c.MarkFlagRequired("figure")
	return c
}

func hubTrendRun(ctx context.Context, a *App, o *hubOptions, opts hubTrendOptions) error {
	day, err := a.hubDay(opts.Date)
	if err != nil {
		return err
	}
	s, err := a.openHub(ctx, o)
	if err != nil {
		return err
	}
	defer s.Close()
	tr, err := s.Trend(ctx, opts.Figure, day, opts.Days)
	if err != nil {
		var fe *ledger.FieldError
		if errors.As(err, &fe) && fe.Field == "--figure" {
			return usageErr(err)
		}
		return err
	}
	if opts.JSON {
		return printJSON(a.Out, tr)
	}
	fmt.Fprintln(a.Out, a.T("hub.trend.title", strings.TrimSpace(a.T("fig."+opts.Figure)), opts.Figure))
	rows := make([][]string, len(tr.Days))
	for i, d := range tr.Days {
		rows[i] = []string{d.Date, fmt.Sprintf("%d/%d", d.Reported, d.Compounds), numText(d.Total)}
	}
	return printTable(a.Out, []string{a.T("hub.h.date"), a.T("hub.h.reported"), a.T("hub.h.total")}, rows)
}

type hubNeedsOptions struct {
	Date string
	JSON bool
}

func newHubNeedsCmd(a *App, o *hubOptions) *cobra.Command {
	opts := hubNeedsOptions{}
	c := &cobra.Command{
		Use:   "needs [--date D] [--json]",
		Short: "Where help is missing: medicine not found, elders without a volunteer, packs short",
		Long: `What the day's reports (--date, default today) say the office can act on: the
drugs not found after two runs, summed across the compounds, most requested
first (a compound names a drug only when 3 households or more wait for it;
the others are one count), and the compounds with elder households lacking a
volunteer, packs short in their last round, or other medicine not found, most
elder households first.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error { return hubNeedsRun(cmd.Context(), a, o, opts) },
	}
	c.Flags().StringVar(&opts.Date, "date", "", "the day, YYYY-MM-DD (default today)")
	c.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	return c
}

func hubNeedsRun(ctx context.Context, a *App, o *hubOptions, opts hubNeedsOptions) error {
	day, err := a.hubDay(opts.Date)
	if err != nil {
		return err
	}
	s, err := a.openHub(ctx, o)
	if err != nil {
		return err
	}
	defer s.Close()
	n, err := s.Needs(ctx, day)
	if err != nil {
		return err
	}
	if opts.JSON {
		return printJSON(a.Out, n)
	}
	fmt.Fprintln(a.Out, a.T("hub.needs.drugs", day))
	rows := [][]string{}
	for _, d := range n.Drugs {
		rows = append(rows, []string{ledger.Printable(d.Drug), strconv.FormatInt(d.Households, 10), strconv.Itoa(d.Compounds)})
	}
	if err := printTable(a.Out, []string{a.T("hub.h.drug"), a.T("hub.h.households"), a.T("hub.h.compounds")}, rows); err != nil {
		return err
	}
	fmt.Fprintln(a.Out, a.T("hub.needs.other", n.Other))
	fmt.Fprintln(a.Out, a.T("hub.needs.compounds"))
	rows = [][]string{}
	for _, c := range n.Compounds {
		rows = append(rows, []string{ledger.Printable(c.Street), ledger.Printable(c.Compound), strconv.FormatInt(c.UnpairedElderHouseholds, 10),
			numText(c.PacksShort), strconv.FormatInt(c.MedNotFoundOther, 10)})
	}
	return printTable(a.Out, []string{a.T("hub.h.street"), a.T("hub.h.compound"), a.T("fig.unpaired_elder_households"),
		a.T("hub.h.packs_short"), a.T("hub.h.med_other")}, rows)
}

type hubSplitOptions struct {
	Packs int64
	Date  string
	JSON  bool
}

func newHubSplitCmd(a *App, o *hubOptions) *cobra.Command {
	opts := hubSplitOptions{}
	c := &cobra.Command{
		Use:   "split --packs N --date D [--json]",
		Short: "Split a district delivery across the compounds by their present households",
		Long: `Split N packs across the compounds that reported on D, in proportion to their
present households: each gets its exact part rounded down, and the packs left
go one each to the largest remainders, equal remainders in the table's order
(district, street, compound, ledger ID). Each line says why. Compounds that did
not report that day get nothing: their households are not known.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Packs < 1 || opts.Packs > dayreport.MaxFigure {
				return usageErr(&ledger.FieldError{Field: "--packs", Value: strconv.FormatInt(opts.Packs, 10), Accepted: a.T("hub.want.packs"), Err: ledger.ErrInvalid})
			}
			return hubSplitRun(cmd.Context(), a, o, opts)
		},
	}
	c.Flags().Int64Var(&opts.Packs, "packs", 0, "the packs of the delivery")
	c.Flags().StringVar(&opts.Date, "date", "", "the day whose reports give the present households, YYYY-MM-DD")
	c.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	_ = c.MarkFlagRequired("packs")
	_ = c.MarkFlagRequired("date")
	return c
}

// hubSplitLine is one compound's line of vol hub split --json.
type hubSplitLine struct {
	LedgerID string `json:"ledger_id"`
	Compound string `json:"compound"`
	Street   string `json:"street"`
	District string `json:"district"`
	allocate.SplitLine
	Reason string `json:"reason"`
}

func hubSplitRun(ctx context.Context, a *App, o *hubOptions, opts hubSplitOptions) error {
	day, err := a.hubDay(opts.Date)
	if err != nil {
		return err
	}
	s, err := a.openHub(ctx, o)
	if err != nil {
		return err
	}
	defer s.Close()
	shares, err := s.Shares(ctx, day)
	if err != nil {
		return err
	}
	if len(shares) == 0 {
		return &ledger.FieldError{Field: "--date", Value: day, Accepted: a.T("hub.want.reported"), Err: ledger.ErrNotFound}
	}
	in := make([]allocate.DeliveryShare, len(shares))
	for i, sh := range shares {
		in[i] = allocate.DeliveryShare{ID: sh.LedgerID, Weight: sh.PresentHouseholds}
	}
	sp := allocate.SplitDelivery(opts.Packs, in)
	lines := make([]hubSplitLine, len(shares))
	for i, sh := range shares {
		l := sp.Lines[i]
		reason := a.T("hub.split.why", l.Weight, sp.Total, sp.Packs, l.Floor, l.Rest)
		if l.Extra {
			reason += a.T("hub.split.extra", l.RestRank)
		} else if sp.Left > 0 {
			reason += a.T("hub.split.noextra", l.RestRank, sp.Left)
		}
		lines[i] = hubSplitLine{LedgerID: sh.LedgerID, Compound: sh.Compound, Street: sh.Street, District: sh.District, SplitLine: l, Reason: reason}
	}
	if opts.JSON {
		return printJSON(a.Out, struct {
			Date  string         `json:"date"`
			Packs int64          `json:"packs"`
			Total int64          `json:"present_households"`
			Lines []hubSplitLine `json:"lines"`
		}{day, sp.Packs, sp.Total, lines})
	}
	rows := make([][]string, len(lines))
	for i, l := range lines {
		rows[i] = []string{ledger.Printable(l.Street), ledger.Printable(l.Compound), strconv.FormatInt(l.Weight, 10), strconv.FormatInt(l.Packs, 10), l.Reason}
	}
	fmt.Fprintln(a.Out, a.T("hub.split.title", sp.Packs, len(lines), day, sp.Total))
	return printTable(a.Out, []string{a.T("hub.h.street"), a.T("hub.h.compound"), a.T("fig.present_households"), a.T("hub.h.packs"), a.T("hub.h.why")}, rows)
}

type hubExportOptions struct {
	Out, Date string
}

func newHubExportCmd(a *App, o *hubOptions) *cobra.Command {
	opts := hubExportOptions{}
	c := &cobra.Command{
		Use:   "export [-o FILE] [--date D]",
		Short: "The district's table of a day as an XLSX workbook",
		Long: `Write the district's table of a day (--date, default today) as an XLSX workbook:
a sheet with every compound and every figure (blank where it has not
reported), the totals per street and district; a sheet of the needs.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error { return hubExportRun(cmd.Context(), a, o, opts) },
	}
	c.Flags().StringVarP(&opts.Out, "output", "o", "", "the XLSX file (default hub-DATE.xlsx)")
	c.Flags().StringVar(&opts.Date, "date", "", "the day, YYYY-MM-DD (default today)")
	return c
}

func hubExportRun(ctx context.Context, a *App, o *hubOptions, opts hubExportOptions) error {
	day, err := a.hubDay(opts.Date)
	if err != nil {
		return err
	}
	place, err := a.hubPlace(o)
	if err != nil {
		return err
	}
	out := opts.Out
	if out == "" {
		out = "hub-" + day + ".xlsx"
	}
	if err := a.checkHubOutput(place, out); err != nil {
		return err
	}
	s, err := hub.Open(ctx, place)
	if err != nil {
		return err
	}
	defer s.Close()
	st, err := s.Status(ctx, day, "")
	if err != nil {
		return err
	}
	n, err := s.Needs(ctx, day)
	if err != nil {
		return err
	}
	cols := []sheet.TableColumn{{Header: a.T("hub.h.district"), Text: true}, {Header: a.T("hub.h.street"), Text: true},
		{Header: a.T("hub.h.compound"), Text: true}, {Header: a.T("hub.h.reported"), Text: true}}
	for _, k := range dayreport.FigureKeys {
		cols = append(cols, sheet.TableColumn{Header: strings.TrimSpace(a.T("fig." + k))})
	}
	cell := func(p *int64) string {
		if p == nil {
			return ""
		}
		return strconv.FormatInt(*p, 10)
	}
	row := func(district, street, compound, reported string, f hub.Figures) []string {
		r := []string{district, street, compound, reported}
		for _, k := range dayreport.FigureKeys {
			r = append(r, cell(f.Get(k)))
		}
		return r
	}
	table := sheet.Table{Name: a.T("hub.sheet.status"), Columns: cols}
	for _, c := range st.Compounds {
		rep := a.T("no")
		if c.Reported {
			rep = a.T("yes")
		}
		table.Rows = append(table.Rows, row(c.District, c.Street, c.Compound, rep, c.Figures))
	}
	for _, t := range st.Streets {
		table.Rows = append(table.Rows, row(t.District, t.Street, a.T("hub.subtotal"), fmt.Sprintf("%d/%d", t.Reported, t.Compounds), t.Figures))
	}
	for _, d := range st.Districts {
		table.Rows = append(table.Rows, row(d.District, a.T("hub.all_streets"), a.T("hub.subtotal"), fmt.Sprintf("%d/%d", d.Reported, d.Compounds), d.Figures))
	}
	table.Rows = append(table.Rows, row(a.T("hub.all"), "", a.T("hub.total"), fmt.Sprintf("%d/%d", len(st.Compounds)-len(st.NotReported), len(st.Compounds)), st.Totals))
	needs := sheet.Table{Name: a.T("hub.sheet.needs"), Columns: []sheet.TableColumn{{Header: a.T("hub.h.what"), Text: true},
		{Header: a.T("hub.h.street"), Text: true}, {Header: a.T("hub.h.compound"), Text: true}, {Header: a.T("hub.h.count")}}}
	for _, d := range n.Drugs {
		needs.Rows = append(needs.Rows, []string{a.T("hub.need.drug", d.Drug), "", "", strconv.FormatInt(d.Households, 10)})
	}
	needs.Rows = append(needs.Rows, []string{a.T("hub.need.other"), "", "", strconv.FormatInt(n.Other, 10)})
	for _, c := range n.Compounds {
		needs.Rows = append(needs.Rows, []string{a.T("fig.unpaired_elder_households"), c.Street, c.Compound, strconv.FormatInt(c.UnpairedElderHouseholds, 10)})
		if c.PacksShort != nil && *c.PacksShort > 0 {
			needs.Rows = append(needs.Rows, []string{a.T("hub.h.packs_short"), c.Street, c.Compound, strconv.FormatInt(*c.PacksShort, 10)})
		}
	}
	// The workbook is tiny; whatever excelize spills goes beside the
	// output, never to the system's temporary folder.
	tmp, err := os.MkdirTemp(filepath.Dir(out), ".vol-hub-export-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	title := a.T("hub.sheet.title", day)
	if err := sheet.WriteFileAtomic(out, func(w io.Writer) error {
		return sheet.WriteXLSX(w, title, []sheet.Table{table, needs}, tmp, a.Now())
	}); err != nil {
		return err
	}
	a.info("%s", a.T("export.wrote", out))
	return nil
}

// checkHubOutput refuses an output path that is the hub's own file (or its
// -wal, -shm), by name or by file identity.
func (a *App) checkHubOutput(place, out string) error {
	if hub.IsPostgres(place) {
		return nil
	}
	ost, err := os.Stat(out)
	if err != nil {
		return nil // a new file
	}
	for _, p := range []string{place, place + "-wal", place + "-shm"} {
		if st, err := os.Stat(p); err == nil && os.SameFile(st, ost) {
			return &ledger.FieldError{Field: "-o", Value: out, Accepted: a.T("hub.want.output"), Err: ledger.ErrInvalid}
		}
	}
	return nil
}
