package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"vol/ledger"
	"vol/ledger/sheet"
)

type importOptions struct {
	SameAs, New                             []string // LINE or all
	File                                    string
	MaxSize                                 int // MB
	Sheet, Encoding                         string
	DryRun, SkipBad, Prefer, UnknownAsNotes bool
	IncludeErased                           bool
}

func newImportCmd(a *App) *cobra.Command {
	opts := importOptions{}
	c := &cobra.Command{
		Use:   "import FILE",
		Short: "Import a register sheet (CSV or XLSX, one row per person)",
		Long: `Import the register a committee already keeps: CSV (UTF-8, GB18030/GBK or
UTF-16) or XLSX, one row per person, headers in simplified or traditional
Chinese or English, in any order (楼号/单元/室号 or one 地址 column, 姓名, 性别,
出生年月 or 身份证号 (only the birth month is kept), 联系电话, 在住, 身份, 志愿者,
技能, 需求, 紧急联系人, 备注). A row with only an address registers a household
with nobody in it.

All rows or none: any bad row fails the import and every bad row is reported,
unless --skip-bad, which imports the good rows and writes the bad ones to
FILE.rejects.csv with a reason. People are matched by household, name and
birth; a value changed by hand in vol is never overwritten by a later sheet
(the conflict is reported; --prefer-import settles it for the sheet). People
missing from the sheet are reported, never removed. Importing the same file
twice changes nothing.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File = args[0]
			return importRun(cmd.Context(), a, opts)
		},
	}
	f := c.Flags()
	f.StringVar(&opts.Sheet, "sheet", "", "XLSX sheet to read (default: the first with a name column)")
	f.StringVar(&opts.Encoding, "encoding", "", "CSV encoding: utf-8, gb18030 (gbk), utf-16 (default: detect)")
	f.BoolVar(&opts.DryRun, "dry-run", false, "show what would be added, changed and left alone; write nothing")
	f.BoolVar(&opts.SkipBad, "skip-bad", false, "import the good rows; write bad ones to FILE.rejects.csv")
	f.BoolVar(&opts.Prefer, "prefer-import", false, "let the sheet's values replace values changed by hand in vol")
	f.BoolVar(&opts.UnknownAsNotes, "unknown-as-notes", false, "keep columns vol does not know in the notes")
	f.StringArrayVar(&opts.SameAs, "same-as", nil, "a held row (LINE, or all) is the person it was held for, with a corrected name or birth")
	f.StringArrayVar(&opts.New, "new", nil, "a held row (LINE, or all) is a new person")
	f.BoolVar(&opts.IncludeErased, "include-erased", false, "add people an erasure left a tombstone for (skipped otherwise)")
	f.IntVar(&opts.MaxSize, "max-size", sheet.DefaultMaxBytes>>20, "largest file to read, in MB (an XLSX may unzip to 4 times as much)")
	return c
}

func importRun(ctx context.Context, a *App, opts importOptions) error {
	path := opts.File
	on, err := a.date()
	if err != nil {
		return err
	}
	if opts.MaxSize < 1 {
		return &ledger.FieldError{Field: "--max-size", Value: strconv.Itoa(opts.MaxSize), Accepted: a.T("cli.accept.mb"), Err: ledger.ErrInvalid}
	}
	fh, err := os.Open(path)
	if err != nil {
		return a.fileErr("", path, err)
	}
	if st, err := fh.Stat(); err == nil && st.IsDir() {
		fh.Close()
		return a.fileErr("", path, &fs.PathError{Op: "read", Path: path, Err: errors.ErrUnsupported})
	}
	tmp, done, err := a.tempDir()
	if err != nil {
		fh.Close()
		return err
	}
	defer done()
	limit := int64(opts.MaxSize) << 20
	doc, err := sheet.Read(fh, path, sheet.ReadOptions{Sheet: opts.Sheet, Encoding: opts.Encoding,
		MaxBytes: limit, MaxInflated: 4 * limit, TmpDir: tmp})
	fh.Close()
	var big *sheet.TooLargeError
	if errors.As(err, &big) {
		key := "import.too_large"
		if big.What != "file" {
			key = "import.too_large.unzipped"
		}
		return &ledger.FieldError{Field: "FILE", Value: path, Err: ledger.ErrInvalid, Accepted: a.T(key, big.Limit>>20, opts.MaxSize)}
	}
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	for _, r := range doc.Rows {
		if strings.Contains(r.Fields[sheet.ColPhone], "*") {
			return &ledger.FieldError{Field: a.T("cli.field.phone"), Value: a.T("cli.file.line", filepath.Base(path), r.Line), Err: ledger.ErrInvalid,
				Accepted: a.T("cli.accept.phone_full")}
		}
	}
	if len(doc.Totals) > 0 {
		lines := make([]string, len(doc.Totals))
		for i, l := range doc.Totals {
			lines[i] = strconv.Itoa(l)
		}
		a.info("%s", a.T("import.totals", len(doc.Totals), strings.Join(lines, ", ")))
	}
	if len(doc.Unknown) > 0 {
		if opts.UnknownAsNotes {
			keepUnknown(doc)
		} else {
			a.info("%s", a.T("import.unknown", strings.Join(doc.Unknown, ", ")))
		}
	}
	recs, errs, bad := sheet.Parse(doc.Rows, on)
	if len(errs) > 0 && !opts.SkipBad {
		for _, e := range errs {
			fmt.Fprintln(a.Err, "vol: "+a.T("cli.colon", filepath.Base(path), a.say(e)))
		}
		return fmt.Errorf("%s: %s", path, a.T("import.bad", len(errs), len(doc.Rows)))
	}
	db, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if opts.SkipBad && len(bad) > 0 && !opts.DryRun {
		rejects := path + ".rejects.csv"
		if err := db.CheckOutput(ctx, a.T("cli.field.rejects"), rejects); err != nil {
			return err
		}
		if err := writeRejects(rejects, doc, errs, bad, a.say); err != nil {
			return err
		}
		a.info("%s", a.T("import.rejects", len(bad), rejects))
	}
	cols := sheet.Fields(doc.Rows)
	doc = nil // the rows as read: the records hold what the import needs
	sopt := sheet.Options{Source: filepath.Base(path), On: on.Format("2006-01-02"), Prefer: opts.Prefer, DryRun: opts.DryRun,
		IncludeErased: opts.IncludeErased}
	if sopt.SameAs, sopt.SameAsAll, err = a.lines("--same-as", opts.SameAs); err != nil {
		return err
	}
	if sopt.New, sopt.NewAll, err = a.lines("--new", opts.New); err != nil {
		return err
	}
	prog := a.startProgress("progress.import")
	if prog != nil {
		sopt.Progress = prog.set
	}
	var rep sheet.Report
	_, err = a.changeIn(ctx, db, change{command: "import", dryRun: opts.DryRun, quiet: true, apply: func(tx *ledger.Tx, r *report) error {
		var err error
		rep, err = sheet.ImportInto(tx, recs, cols, sopt)
		return err
	}})
	prog.end()
	if errors.Is(err, ledger.ErrIO) || errors.Is(err, ledger.ErrBusy) || errors.Is(err, ledger.ErrCorrupt) {
		return fmt.Errorf("%s: %w", db.Path(), err) // the ledger's fault, not the sheet's
	}
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := a.printImport(rep, len(bad)); err != nil {
		return err
	}
	if opts.DryRun {
		a.info("%s", a.T("msg.dryrun"))
	}
	return nil
}

// lines reads --same-as and --new: line numbers, or all.
func (a *App) lines(flag string, vals []string) (map[int]bool, bool, error) {
	out := map[int]bool{}
	for _, v := range vals {
		for _, part := range strings.Split(v, ",") {
			part = strings.TrimSpace(part)
			if part == "all" {
				return nil, true, nil
			}
			n, err := strconv.Atoi(part)
			if err != nil || n < 1 {
				return nil, false, usageErr(errors.New(a.T("cli.import.line", flag, part)))
			}
			out[n] = true
		}
	}
	return out, false, nil
}

// keepUnknown appends the cells of unknown columns to each row's notes.
func keepUnknown(doc *sheet.Doc) {
	unknown := map[string]bool{}
	for _, u := range doc.Unknown {
		unknown[u] = true
	}
	for i := range doc.Rows {
		var extra []string
		for j, h := range doc.Header {
			if unknown[h] && j < len(doc.Raw[i]) && strings.TrimSpace(doc.Raw[i][j]) != "" {
				extra = append(extra, h+": "+ledger.NormalizeText(doc.Raw[i][j]))
			}
		}
		if len(extra) > 0 {
			n := doc.Rows[i].Fields[sheet.ColNotes]
			if n != "" {
				extra = append([]string{n}, extra...)
			}
			doc.Rows[i].Fields[sheet.ColNotes] = strings.Join(extra, "; ")
		}
	}
}

// writeRejects writes the bad rows verbatim with a reason column (0600),
// each reason rendered by say (in the user's language);
// a row longer than the header (a comma inside a cell) keeps its extra
// fields under empty headers.
func writeRejects(path string, doc *sheet.Doc, errs []error, bad []int, say func(any) string) error {
	width := len(doc.Header)
	for _, i := range bad {
		width = max(width, len(doc.Raw[i]))
	}
	header := append(append([]string{}, doc.Header...), make([]string, width-len(doc.Header))...)
	header = append(header, "reason")
	t := sheet.Table{Name: "rejects", Columns: make([]sheet.TableColumn, len(header))}
	for i, h := range header {
		t.Columns[i] = sheet.TableColumn{Header: h, Text: true}
	}
	for k, i := range bad {
		row := append([]string{}, doc.Raw[i]...)
		for len(row) < width {
			row = append(row, "")
		}
		t.Rows = append(t.Rows, append(row, say(errs[k])))
	}
	return sheet.WriteFileAtomic(path, func(w io.Writer) error { return sheet.WriteCSV(w, t) })
}

func (a *App) printImport(rep sheet.Report, rejected int) error {
	changed := len(rep.Changed)
	rows := [][]string{
		{a.T("import.households_added"), strconv.Itoa(rep.HouseholdsAdded)},
		{a.T("import.people_added"), strconv.Itoa(rep.PeopleAdded)},
		{a.T("import.people_changed"), strconv.Itoa(changed)},
		{a.T("import.unchanged"), strconv.Itoa(rep.Unchanged)},
		{a.T("import.held"), strconv.Itoa(len(rep.Held))},
		{a.T("import.conflicts"), strconv.Itoa(len(rep.Conflicts))},
		{a.T("import.missing"), strconv.Itoa(len(rep.Missing))},
		{a.T("import.rejected"), strconv.Itoa(rejected)},
	}
	if err := printTable(a.Out, []string{a.T("h.figure"), a.T("h.value")}, rows); err != nil {
		return err
	}
	for _, c := range rep.Changed {
		fmt.Fprintln(a.Out, a.T("import.changed_line", c.Line, personLabel(c.Label, c.Person), strings.Join(c.Fields, ", ")))
	}
	for _, c := range rep.Conflicts {
		fmt.Fprintln(a.Out, a.T("import.conflict_line", c.Line, personLabel(c.Label, c.Person), strings.Join(c.Fields, ", ")))
	}
	for _, c := range rep.Corrected {
		fmt.Fprintln(a.Out, a.T("import.corrected_line", c.Line, personLabel(c.Label, c.Person), strings.Join(c.Fields, ", ")))
	}
	for _, l := range rep.Erased {
		fmt.Fprintln(a.Out, a.T("import.erased_line", l))
	}
	for _, h := range rep.Held {
		for _, w := range h.Was {
			var what []string
			for _, f := range w.Differs {
				what = append(what, a.T("field."+f))
			}
			fmt.Fprintln(a.Out, a.T("import.held_line", h.Line, h.Name, h.Address.String(), w.Name, w.Source, w.Line, strings.Join(what, a.T("why.sep")), h.Line, h.Line))
		}
	}
	for _, l := range rep.LikelySame {
		fmt.Fprintln(a.Out, a.T("import.likely", l.Line, l.Address.String(), l.Existing.String()))
	}
	for i, m := range rep.Missing {
		if i == 20 {
			fmt.Fprintln(a.Out, a.T("import.missing_more", len(rep.Missing)-20))
			break
		}
		fmt.Fprintln(a.Out, a.T("import.missing_line", personLabel(m.Label, m.Person)))
	}
	return nil
}
