package main

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	dayreport "vol/cmd/internal/report"
	"vol/ledger"
	"vol/ledger/atomicfile"
)

type reportOptions struct {
	AsOf, Out string
	JSON      bool
}

func newReportCmd(a *App) *cobra.Command {
	opts := reportOptions{}
	c := &cobra.Command{
		Use:   "report [--as-of DATE] [-o FILE] [--json]",
		Short: "The day's report to the street office: figures and needs, signed, no names",
		Long: `Write the compound's report of a day (--as-of, default today) for the street
office's hub (vol hub import): the figures as they stood at the end of the
day (as vol status --as-of gives them, and the day's deliveries, medicine,
testing, buys and shifts), the compound's name, street and district (vol
compound set), the ledger's ID and journal head, and what the office can act
on: elder households without a volunteer, packs short in the last round, and
medicine not found after two runs, by drug for drugs at least 3 households
wait for (the others as one count). No names, phones or addresses. It is
signed with this copy's device key and carries the decisions that vouch for
the key, so the office takes a report from any copy of a ledger it trusts.
The file is FILE (-o), else report-DATE-LEDGER.json here; --json prints it
instead.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error { return reportRun(cmd.Context(), a, opts) },
	}
	c.Flags().StringVar(&opts.AsOf, "as-of", "", "the day, YYYY-MM-DD (default today)")
	c.Flags().StringVarP(&opts.Out, "output", "o", "", "the report file (default report-DATE-LEDGER.json)")
	c.Flags().BoolVar(&opts.JSON, "json", false, "print the report instead of writing a file")
	return c
}

func reportRun(ctx context.Context, a *App, opts reportOptions) error {
	db, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	day := opts.AsOf
	if day == "" {
		d, err := a.date()
		if err != nil {
			return err
		}
		day = d.Format("2006-01-02")
	}
	past, err := a.asOf(ctx, db, day)
	if err != nil {
		return err
	}
	defer func() { _ = past.Close() }() // a scratch copy in memory
	r, err := dayreport.Make(ctx, db, past.View, dayreport.DayIn(past.On, a.zone()), a.meta("report"))
	if err != nil {
		return err
	}
	body, err := r.Encode()
	if err != nil {
		return err
	}
	if opts.JSON {
		_, err := a.Out.Write(body)
		return err
	}
	out := opts.Out
	if out == "" {
		out = fmt.Sprintf("report-%s-%s.json", r.Date, ledger.Short(r.LedgerID))
	}
	if err := db.CheckOutput(ctx, "-o", out); err != nil {
		return err
	}
	if err := atomicfile.Write(out, func(w io.Writer) error {
		_, err := io.Copy(w, bytes.NewReader(body))
		return err
	}, nil); err != nil {
		return err
	}
	a.info("%s", a.T("report.written", out, r.Date, r.Signer.Fingerprint))
	return nil
}
