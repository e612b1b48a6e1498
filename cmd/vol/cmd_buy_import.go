package main

import (
	"context"
	"io"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"vol/ledger"
	"vol/ledger/jielong"
)

// maxJielong bounds a pasted 接龙, from a file or stdin.
const maxJielong = 1 << 20

type buyImportOptions struct {
	Buy, File    string
	DryRun, JSON bool
}

func newBuyImportCmd(a *App) *cobra.Command {
	opts := buyImportOptions{}
	c := &cobra.Command{
		Use:   "import BUY FILE|- [--dry-run] [--json]",
		Short: "Read the pasted 接龙 into orders, by household",
		Long: `Read a 接龙 as pasted from WeChat (a file, or - for what is pasted in): a
header, an optional example line (例, 格式), then numbered lines such as
"12. 3-501 王 鸡蛋2 大米1" or "13、5号楼1203 鸡蛋 x2". Each line becomes the
order of a registered household or is listed with its line number and why
(unknown address, unknown item, no quantity); nothing is guessed. Orders are
kept by household, not by line number: importing a longer 接龙 again adds only
what is new, and a household whose line changed is shown as a change; a
household twice in one paste: the later line wins, and both are shown.
Households no longer in the paste keep their orders. --dry-run shows what
would be recorded.`,
		Args: exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Buy, opts.File = args[0], args[1]
			return buyImportRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().BoolVar(&opts.DryRun, "dry-run", false, "show what would be recorded, record nothing")
	c.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	return c
}

// readPasted reads FILE or stdin (-), at most max bytes.
func (a *App) readPasted(name string, max int64) (string, error) {
	var r io.Reader = a.In
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return "", &ledger.FieldError{Field: "FILE", Value: name, Accepted: a.T("buy.want.file"), Err: ledger.ErrNotFound}
		}
		defer f.Close()
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return "", err
	}
	if int64(len(b)) > max {
		return "", &ledger.FieldError{Field: "FILE", Value: name, Accepted: a.T("buy.want.size", max>>10), Err: ledger.ErrInvalid}
	}
	return string(b), nil
}

// importLine is one line of the paste as the import judged it.
type importLine struct {
	Line    int    `json:"line"`
	Address string `json:"address"`
	What    string `json:"items"`  // the items, as recorded
	Status  string `json:"status"` // new, changed, same, replaced, or a reason it was not read
}

func buyImportRun(ctx context.Context, a *App, opts buyImportOptions) error {
	raw, err := a.readPasted(opts.File, maxJielong)
	if err != nil {
		return err
	}
	// Notepad's GBK and UTF-16 files read too.
	text, err := jielong.ReadText(strings.NewReader(raw))
	if err != nil {
		return err
	}
	var shown []importLine
	db, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = a.changeIn(ctx, db, change{command: "buy import", dryRun: opts.DryRun, apply: func(tx *ledger.Tx, r *report) error {
		b, err := tx.FindBuy(ctx, opts.Buy)
		if err != nil {
			return err
		}
		st, err := tx.BuyState(ctx, b.ID)
		if err != nil {
			return err
		}
		items := make([]jielong.Item, len(st.Items))
		byName := map[string]ledger.BuyItem{}
		for i, it := range st.Items {
			items[i] = jielong.Item{Name: it.Name, Aliases: it.Aliases}
			byName[it.Name] = it
		}
		orders, problems, err := jielong.Parse(text, items)
		if err != nil {
			return err
		}
		var errs []ledger.BuyError
		for _, p := range problems {
			errs = append(errs, ledger.BuyError{Line: p.Line, Text: p.Masked, Reason: p.Reason})
			shown = append(shown, importLine{Line: p.Line, Status: p.Reason})
		}
		// The later line of a household wins.
		type got struct {
			order jielong.Order
			hh    ledger.Household
		}
		latest := map[string]got{}
		var hhOrder []string
		for _, o := range orders {
			h, reason := resolveHousehold(ctx, tx.View, o.Address)
			if reason != "" {
				errs = append(errs, ledger.BuyError{Line: o.Line, Text: o.Masked, Reason: reason})
				shown = append(shown, importLine{Line: o.Line, Address: o.Address.String(), Status: reason})
				continue
			}
			if prev, ok := latest[h.ID]; ok {
				shown = append(shown, importLine{Line: prev.order.Line, Address: h.Address.String(), What: qtyText(prev.order), Status: "replaced"})
			} else {
				hhOrder = append(hhOrder, h.ID)
			}
			latest[h.ID] = got{o, h}
		}
		had := map[string]map[string]int{} // household → item → qty recorded
		seq := 0
		for _, o := range st.Orders {
			if had[o.HouseholdID] == nil {
				had[o.HouseholdID] = map[string]int{}
			}
			had[o.HouseholdID][o.ItemID] += o.Qty
			seq = max(seq, o.Seq)
		}
		var record []ledger.BuyOrder
		news, changed := 0, 0
		for _, hid := range hhOrder {
			g := latest[hid]
			want := map[string]int{}
			for _, q := range g.order.Items {
				want[byName[q.Item].ID] += q.Qty
			}
			status := "new"
			if old, ok := had[hid]; ok {
				status = "changed"
				if maps.Equal(old, want) {
					status = "same"
				}
			}
			shown = append(shown, importLine{Line: g.order.Line, Address: g.hh.Address.String(), What: qtyText(g.order), Status: status})
			if status == "same" {
				continue
			}
			if status == "new" {
				news++
			} else {
				changed++
			}
			seq++
			for _, id := range sortedKeysOf(want) {
				record = append(record, ledger.BuyOrder{HouseholdID: hid, ItemID: id, Qty: want[id], Seq: seq})
			}
		}
		kept := 0
		for hid := range had {
			if _, ok := latest[hid]; !ok {
				kept++
			}
		}
		if err := tx.SetBuyOrders(b.ID, record, errs); err != nil {
			return err
		}
		if err := rebill(ctx, tx, b.ID); err != nil {
			return err
		}
		r.say("buy.imported", news, changed, len(latest)-news-changed, len(errs), kept)
		return nil
	}})
	if err != nil {
		return err
	}
	slices.SortStableFunc(shown, func(x, y importLine) int { return x.Line - y.Line })
	if opts.JSON {
		if shown == nil {
			shown = []importLine{}
		}
		return printJSON(a.Out, shown)
	}
	rows := make([][]string, 0, len(shown))
	for _, l := range shown {
		rows = append(rows, []string{strconv.Itoa(l.Line), l.Address, l.What, a.T("buy.reason." + l.Status)})
	}
	return printTable(a.Out, []string{a.T("h.line"), a.T("h.address"), a.T("h.goods"), a.T("h.status")}, rows)
}

// resolveHousehold finds the household of an address written in a 接龙:
// the address itself, or, written without its unit (3-501), the one flat
// of that number in the building; otherwise a reason.
func resolveHousehold(ctx context.Context, v ledger.View, addr ledger.Address) (ledger.Household, string) {
	if h, err := v.Household(ctx, addr.String()); err == nil {
		return h, ""
	}
	if addr.Unit == "" {
		hs, err := v.Households(ctx)
		if err != nil {
			return ledger.Household{}, "unknown_address"
		}
		var found []ledger.Household
		for _, h := range hs {
			if h.Address.Area == addr.Area && h.Address.Building == addr.Building && h.Address.Room == addr.Room {
				found = append(found, h)
			}
		}
		switch len(found) {
		case 1:
			return found[0], ""
		case 0:
		default:
			return ledger.Household{}, "ambiguous_address"
		}
	}
	return ledger.Household{}, "unknown_address"
}

func qtyText(o jielong.Order) string {
	var parts []string
	for _, q := range o.Items {
		parts = append(parts, q.Item+"×"+strconv.Itoa(q.Qty))
	}
	return strings.Join(parts, " ")
}
