package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/olekukonko/tablewriter/pkg/twwidth"
	"github.com/spf13/cobra"

	"vol/cmd/internal/hub"
	dayreport "vol/cmd/internal/report"
	"vol/ledger"
)

// The street office's hub (issue 21): vol hub gathers the compounds'
// signed daily reports into one store, a SQLite file or PostgreSQL, and
// reads the district's figures from it.

type hubOptions struct {
	Hub string // --hub
}

func newHubCmd(a *App) *cobra.Command {
	o := &hubOptions{}
	c := groupCmd("hub", "The street office's hub: the compounds' daily reports in one store",
		newHubInitCmd(a, o), newHubTrustCmd(a, o), newHubRevokeCmd(a, o), newHubImportCmd(a, o), newHubStatusCmd(a, o),
		newHubTrendCmd(a, o), newHubNeedsCmd(a, o), newHubSplitCmd(a, o), newHubExportCmd(a, o), newHubServeCmd(a, o),
	)
	c.Long = `The street office's hub gathers the daily reports of its compounds (vol report
on each compound's laptop) into one store and reads the district's figures
from it: who reported, the totals per street and district, the needs. The
store is --hub, else $VOL_HUB, else hub.db in the user's data folder: a
SQLite file, or a PostgreSQL database given as a postgres:// URL.`
	c.PersistentFlags().StringVar(&o.Hub, "hub", "", "the hub store: a file, or a postgres:// URL (default $VOL_HUB, else hub.db in the user's data folder)")
	return c
}

// hubPlace is the hub store: --hub, else $VOL_HUB, else hub.db beside the
// default ledger.
func (a *App) hubPlace(o *hubOptions) (string, error) {
	if o.Hub != "" {
		return o.Hub, nil
	}
	if v := a.Getenv("VOL_HUB"); v != "" {
		return v, nil
	}
	p, err := ledger.DefaultPath(a.Getenv)
	if err != nil {
		return "", err
	}
	return filepath.Join(filepath.Dir(p), "hub.db"), nil
}

func (a *App) openHub(ctx context.Context, o *hubOptions) (*hub.Store, error) {
	p, err := a.hubPlace(o)
	if err != nil {
		return nil, err
	}
	return hub.Open(ctx, p)
}

// hubDay is --date (YYYY-MM-DD), else today on this machine's clock.
func (a *App) hubDay(s string) (string, error) {
	if s == "" {
		return a.Now().Format("2006-01-02"), nil
	}
	if _, err := time.Parse("2006-01-02", s); err != nil {
		return "", usageErr(&ledger.FieldError{Field: "--date", Value: s, Accepted: "YYYY-MM-DD", Err: ledger.ErrInvalid})
	}
	return s, nil
}

func newHubInitCmd(a *App, o *hubOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "init",
		Short: "Make a new hub store (a SQLite file, or the tables in a PostgreSQL database)",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := a.hubPlace(o)
			if err != nil {
				return err
			}
			if !hub.IsPostgres(p) {
				if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
					return err
				}
			}
			s, err := hub.Init(cmd.Context(), p)
			if err != nil {
				return err
			}
			a.info("%s", a.T("hub.created", hub.Redact(p)))
			return s.Close()
		},
	}
}

type hubTrustOptions struct {
	Args   []string
	Street string
	JSON   bool
}

func newHubTrustCmd(a *App, o *hubOptions) *cobra.Command {
	opts := hubTrustOptions{}
	c := &cobra.Command{
		Use:   "trust REPORT|FINGERPRINT… [--street S]",
		Short: "Trust a compound: by a report file of it, or by its key's fingerprint read out by phone",
		Long: `Trust a compound and the device key that signs its reports.

REPORT, a report file (vol report): registers its compound (by the ledger ID)
and the key that signed it, and shows the key's fingerprint: compare it with
the one the compound reads out by phone (vol sync whoami).
FINGERPRINT, 20 digits read out by phone: the key waits; the first report
signed by it that vol hub import takes registers its compound.
--street is the street office the compound belongs to, for a compound whose
reports name none (vol compound set --street on its laptop wins).`,
		Args: minArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Args = args
			return hubTrustRun(cmd.Context(), a, o, opts)
		},
	}
	c.Flags().StringVar(&opts.Street, "street", "", "the compound's street office, when its reports name none")
	c.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	return c
}

// isFingerprint: an argument of 20 digits with spaces or dashes.
func isFingerprint(s string) bool {
	_, ok := hub.Fingerprint(s)
	return ok || strings.Trim(s, "0123456789０１２３４５６７８９ -\u3000") == "" && s != ""
}

func hubTrustRun(ctx context.Context, a *App, o *hubOptions, opts hubTrustOptions) error {
	s, err := a.openHub(ctx, o)
	if err != nil {
		return err
	}
	defer s.Close()
	street := ledger.NormalizeText(opts.Street)
	out := []hub.Registered{}
	for _, arg := range opts.Args {
		var reg hub.Registered
		if isFingerprint(arg) {
			if reg, err = s.TrustFingerprint(ctx, arg, street, a.Now()); err != nil {
				return err
			}
		} else {
			r, err := readReport(arg)
			if err != nil {
				return err
			}
			if reg, err = s.TrustReport(ctx, r, street, a.Now()); err != nil {
				return err
			}
		}
		out = append(out, reg)
		if opts.JSON {
			continue
		}
		switch {
		case reg.Pending:
			a.info("%s", a.T("hub.trust.pending", reg.Fingerprint))
		case reg.LedgerID != "" && !reg.NewKey:
			a.info("%s", a.T("hub.trust.already", ledger.Printable(reg.Compound), reg.Fingerprint))
		case reg.NewCompound:
			a.info("%s", a.T("hub.trust.compound", ledger.Printable(reg.Compound), ledger.Printable(reg.Street), reg.Fingerprint))
		default:
			a.info("%s", a.T("hub.trust.key", ledger.Printable(reg.Compound), reg.Fingerprint))
		}
	}
	if opts.JSON {
		return printJSON(a.Out, out)
	}
	return nil
}

type hubRevokeOptions struct {
	Fingerprints []string
	JSON         bool
}

func newHubRevokeCmd(a *App, o *hubOptions) *cobra.Command {
	opts := hubRevokeOptions{}
	c := &cobra.Command{
		Use:   "revoke FINGERPRINT… [--json]",
		Short: "Stop trusting a key (a lost or stolen laptop): its reports are refused from now on",
		Long: `Stop trusting the key with FINGERPRINT (the 20 digits vol hub trust showed):
the reports it signs are refused from now on, and so are the trust links it
signs in other reports (a copy it handed over must be trusted on its own).
The reports it signed before stay. A fingerprint still waiting for its first
report is forgotten. vol hub trust on a report signed by the key trusts it
again.`,
		Args: minArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Fingerprints = args
			return hubRevokeRun(cmd.Context(), a, o, opts)
		},
	}
	c.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	return c
}

func hubRevokeRun(ctx context.Context, a *App, o *hubOptions, opts hubRevokeOptions) error {
	for _, f := range opts.Fingerprints {
		if _, ok := hub.Fingerprint(f); !ok {
			return usageErr(&ledger.FieldError{Field: "FINGERPRINT", Value: f, Accepted: a.T("hub.want.fingerprint"), Err: ledger.ErrInvalid})
		}
	}
	s, err := a.openHub(ctx, o)
	if err != nil {
		return err
	}
	defer s.Close()
	out := []hub.Revoked{}
	for _, f := range opts.Fingerprints {
		rs, err := s.Revoke(ctx, f, a.Now())
		if err != nil {
			return err
		}
		out = append(out, rs...)
		if opts.JSON {
			continue
		}
		for _, r := range rs {
			compound := ledger.Printable(r.Compound)
			switch {
			case r.Pending:
				a.info("%s", a.T("hub.revoke.pending", r.Fingerprint))
			case r.Already:
				a.info("%s", a.T("hub.revoke.already", r.Fingerprint, compound))
			case r.KeysLeft == 0:
				a.info("%s", a.T("hub.revoke.last", r.Fingerprint, compound, r.Reports))
			default:
				a.info("%s", a.T("hub.revoke.done", r.Fingerprint, compound, r.Reports, r.KeysLeft))
			}
		}
	}
	if opts.JSON {
		return printJSON(a.Out, out)
	}
	return nil
}

// readReport reads and checks one report file (its signature, not yet
// whether its key is trusted).
func readReport(path string) (*dayreport.Report, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r, _, err := dayreport.Read(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return r, nil
}

type hubImportOptions struct {
	Paths []string
	JSON  bool
}

func newHubImportCmd(a *App, o *hubOptions) *cobra.Command {
	opts := hubImportOptions{}
	c := &cobra.Command{
		Use:   "import FILE…|DIR",
		Short: "Take the compounds' report files into the hub",
		Long: `Take report files (vol report) into the hub: each FILE, or every .json file of
DIR. Each file's signature is verified and its key must be one the hub
trusts for its compound (vol hub trust), or vouched for by the decisions the
report carries (another copy of a trusted ledger). A damaged, forged or
untrusted file is refused, one line each, and nothing of it is stored; the
others go in. The hub keeps one report per compound and day: the one made
last (then the one with the larger hash), whatever order files come in, and
says which it replaced. Importing a file again changes nothing. Exit 1 when
a file was refused.`,
		Args: minArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			return hubImportRun(cmd.Context(), a, o, opts)
		},
	}
	c.Flags().BoolVar(&opts.JSON, "json", false, "print what was done with each file as JSON")
	return c
}

// reportFiles are the files of the arguments: each file, and the .json
// files of each folder, sorted; at most hub.MaxFiles.
func (a *App) reportFiles(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			out = append(out, p)
			continue
		}
		ents, err := os.ReadDir(p)
		if err != nil {
			return nil, err
		}
		var names []string
		for _, e := range ents {
			if !e.IsDir() && strings.HasSuffix(strings.ToLower(e.Name()), ".json") {
				names = append(names, filepath.Join(p, e.Name()))
			}
		}
		sort.Strings(names)
		out = append(out, names...)
		if len(out) > hub.MaxFiles {
			break
		}
	}
	if len(out) > hub.MaxFiles {
		return nil, &ledger.FieldError{Field: "FILE", Value: a.T("hub.import.files", len(out)),
			Accepted: a.T("hub.import.max", hub.MaxFiles), Err: ledger.ErrInvalid}
	}
	return out, nil
}

func hubImportRun(ctx context.Context, a *App, o *hubOptions, opts hubImportOptions) error {
	names, err := a.reportFiles(opts.Paths)
	if err != nil {
		return err
	}
	s, err := a.openHub(ctx, o)
	if err != nil {
		return err
	}
	defer s.Close()
	files := make([]hub.File, len(names))
	for i, n := range names {
		files[i] = hub.File{Name: n}
		f, err := os.Open(n)
		if err != nil {
			files[i].Err = err
			continue
		}
		_, files[i].Raw, files[i].Err = dayreport.Read(f)
		if cerr := f.Close(); files[i].Err == nil {
			files[i].Err = cerr
		}
		if files[i].Err != nil {
			files[i].Raw = nil
		}
	}
	outs, err := s.Import(ctx, files, a.Now())
	if err != nil {
		return err
	}
	refused := 0
	type outcomeJSON struct {
		hub.Outcome
		Error string `json:"error,omitempty"`
	}
	js := []outcomeJSON{}
	for _, x := range outs {
		name := ledger.Printable(x.File)
		if x.Err != nil {
			refused++
			js = append(js, outcomeJSON{x, a.say(x.Err)})
			if !opts.JSON {
				fmt.Fprintln(a.Err, a.T("hub.import.refused", name, a.say(x.Err)))
			}
			continue
		}
		js = append(js, outcomeJSON{Outcome: x})
		if opts.JSON {
			continue
		}
		a.info("%s", a.outcomeLine(name, x))
	}
	if opts.JSON {
		if err := printJSON(a.Out, js); err != nil {
			return err
		}
	}
	if refused > 0 {
		return errors.New(a.T("hub.import.some_refused", refused, len(outs)))
	}
	return nil
}

// outcomeLine says what an import did with a file (name) it stored or
// kept: the line vol hub import and the hub's server print.
func (a *App) outcomeLine(name string, x hub.Outcome) string {
	compound := ledger.Printable(x.Compound)
	var line string
	switch x.Outcome {
	case hub.Stored:
		line = a.T("hub.import.stored", name, compound, x.Date)
	case hub.Replaced:
		line = a.T("hub.import.replaced", name, compound, x.Date, a.hubTime(x.Other))
	case hub.Unchanged:
		line = a.T("hub.import.unchanged", name, compound, x.Date)
	default:
		line = a.T("hub.import.older", name, compound, x.Date, a.hubTime(x.Other))
	}
	if x.Registered {
		line += "\n" + a.T("hub.import.registered", compound)
	}
	return line
}

// hubTime shows a report's time (RFC 3339, UTC) on this machine's clock.
func (a *App) hubTime(s string) string {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return ledger.Printable(s)
	}
	return t.In(a.Now().Location()).Format("2006-01-02 15:04")
}

type hubStatusOptions struct {
	Date, Street string
	JSON         bool
}

func newHubStatusCmd(a *App, o *hubOptions) *cobra.Command {
	opts := hubStatusOptions{}
	c := &cobra.Command{
		Use:   "status [--date D] [--street S] [--json]",
		Short: "The district's day: every compound's figures, the totals, who has not reported",
		Long: `The figures of every compound for a day (--date, default today) as its report
gave them, with the totals per street and per district over the compounds that
reported, and the compounds that have not reported that day. --street shows
one street office's compounds. --json gives every figure: date, compounds
(ledger_id, compound, street, district, reported and the figure keys, null
when not reported), totals, streets, districts and not_reported.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error { return hubStatusRun(cmd.Context(), a, o, opts) },
	}
	c.Flags().StringVar(&opts.Date, "date", "", "the day, YYYY-MM-DD (default today)")
	c.Flags().StringVar(&opts.Street, "street", "", "only the compounds of this street office")
	c.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	return c
}

func hubStatusRun(ctx context.Context, a *App, o *hubOptions, opts hubStatusOptions) error {
	day, err := a.hubDay(opts.Date)
	if err != nil {
		return err
	}
	s, err := a.openHub(ctx, o)
	if err != nil {
		return err
	}
	defer s.Close()
	st, err := s.Status(ctx, day, ledger.NormalizeText(opts.Street))
	if err != nil {
		return err
	}
	if opts.JSON {
		return printJSON(a.Out, st)
	}
	fmt.Fprintln(a.Out, a.T("hub.status.title", day, len(st.Compounds)-len(st.NotReported), len(st.Compounds)))
	header := []string{a.T("hub.h.district"), a.T("hub.h.street"), a.T("hub.h.compound"), a.T("hub.h.reported")}
	for _, k := range hub.TableFigures {
		header = append(header, a.T("fig."+k))
	}
	var rows [][]string
	for _, r := range st.Rows() {
		var line []string
		switch r.Kind {
		case hub.RowCompound:
			line = []string{r.District, r.Street, r.Compound, a.yesno(r.Reported)}
		case hub.RowStreet:
			line = []string{r.District, r.Street, a.T("hub.subtotal"), fmt.Sprintf("%d/%d", r.With, r.Of)}
		case hub.RowDistrict:
			line = []string{r.District, a.T("hub.all_streets"), a.T("hub.subtotal"), fmt.Sprintf("%d/%d", r.With, r.Of)}
		default:
			line = []string{a.T("hub.all"), "", a.T("hub.total"), fmt.Sprintf("%d/%d", r.With, r.Of)}
		}
		for i := range 3 {
			line[i] = ledger.Printable(line[i])
		}
		for _, k := range hub.TableFigures {
			line = append(line, numText(r.Figures.Get(k)))
		}
		rows = append(rows, line)
	}
	if err := printLongTable(a.Out, header, rows); err != nil {
		return err
	}
	if len(st.NotReported) > 0 {
		names := make([]string, len(st.NotReported))
		for i, m := range st.NotReported {
			names[i] = ledger.Printable(m.Compound)
			if m.Street != "" {
				names[i] += "（" + ledger.Printable(m.Street) + "）"
			}
		}
		fmt.Fprintln(a.Out, a.T("hub.not_reported", len(names), strings.Join(names, a.T("cli.sep"))))
	}
	return nil
}

// printLongTable writes the table printTable writes, without tablewriter's
// cost per cell: a district's day has thousands of rows.
func printLongTable(w io.Writer, header []string, rows [][]string) error {
	widest := make([]int, len(header))
	for _, r := range rows {
		for i, c := range r {
			widest[i] = max(widest[i], twwidth.Width(ledger.Printable(c)))
		}
	}
	t, err := newTableStream(w, header, widest)
	if err != nil {
		return err
	}
	for _, r := range rows {
		if err := t.Row(r); err != nil {
			return err
		}
	}
	return t.Close()
}
