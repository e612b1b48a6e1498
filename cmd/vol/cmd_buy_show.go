package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"vol/ledger"
	"vol/ledger/sheet"
)

// buyShowJSON is a buy's sheets as scripts read them.
type buyShowJSON struct {
	ID         string             `json:"id"`
	Title      string             `json:"title"`
	Items      []buyItemJSON      `json:"items"`
	Buildings  []buyBuildingJSON  `json:"buildings"`
	Households []buyHouseholdJSON `json:"households"`
	Errors     []buyErrorJSON     `json:"errors"`
	TotalFen   int64              `json:"total_fen"`
	FeesFen    int64              `json:"fees_fen"`
	PaidFen    int64              `json:"paid_fen"`
}

type buyItemJSON struct {
	Name     string `json:"name"`
	Unit     string `json:"unit"`
	Qty      int    `json:"qty"`
	Short    int    `json:"short"`
	PriceFen int64  `json:"price_fen"`
	TotalFen int64  `json:"total_fen"`
}

type buyQtyJSON struct {
	Name string `json:"name"`
	Qty  int    `json:"qty"`
}

type buyBuildingJSON struct {
	Building   string       `json:"building"`
	Households int          `json:"households"`
	Items      []buyQtyJSON `json:"items"`
	Leader     string       `json:"leader"`
}

type buyLineJSON struct {
	Item     string `json:"item"`
	Qty      int    `json:"qty"`
	PriceFen int64  `json:"price_fen"`
	TotalFen int64  `json:"total_fen"`
}

type buyHouseholdJSON struct {
	Address   string        `json:"address"`
	Lines     []buyLineJSON `json:"lines"`
	FeesFen   int64         `json:"fees_fen"`
	RefundFen int64         `json:"refund_fen"`
	TotalFen  int64         `json:"total_fen"`
	PaidFen   int64         `json:"paid_fen"`
	Delivered bool          `json:"delivered"`
}

type buyErrorJSON struct {
	Line   int    `json:"line"`
	Text   string `json:"text"`
	Reason string `json:"reason"`
}

type buyShowOptions struct {
	Buy        string
	JSON, Full bool
}

func newBuyShowCmd(a *App) *cobra.Command {
	opts := buyShowOptions{}
	c := &cobra.Command{
		Use:   "show BUY [--json]",
		Short: "A buy's sheets: per item (the supplier's order), per building, per household (the bill)",
		Long: `A group buy's sheets: the total of each item (the order for the supplier), what
each building receives (with its leader as contact), and each household's bill
(goods, share of the fees, refunds, paid, received), then the lines of the
last 接龙 that were not read, and who has not paid or not received.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Buy = args[0]
			return buyShowRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	c.Flags().BoolVar(&opts.Full, "full", false, "show the leaders' names unmasked")
	return c
}

// buySheets reads a buy and lays out its sheets.
func (a *App) buySheets(ctx context.Context, v ledger.View, ref string, full bool) (buyShowJSON, error) {
	var out buyShowJSON
	b, err := v.FindBuy(ctx, ref)
	if err != nil {
		return out, err
	}
	st, err := v.BuyState(ctx, b.ID)
	if err != nil {
		return out, err
	}
	on, err := a.date()
	if err != nil {
		return out, err
	}
	reg, err := v.Register(ctx, on)
	if err != nil {
		return out, err
	}
	out = buyShowJSON{ID: b.ID, Title: b.Title, Items: []buyItemJSON{}, Buildings: []buyBuildingJSON{}, Households: []buyHouseholdJSON{}, Errors: []buyErrorJSON{}}
	items := map[string]*ledger.BuyItem{}
	itemIdx := map[string]int{}
	for i := range st.Items {
		it := &st.Items[i]
		items[it.ID] = it
		itemIdx[it.ID] = i
		out.Items = append(out.Items, buyItemJSON{Name: it.Name, Unit: it.Unit, PriceFen: it.PriceFen})
	}
	for _, o := range st.Orders {
		j := &out.Items[itemIdx[o.ItemID]]
		j.Qty += o.Qty
		j.TotalFen += int64(o.Qty) * j.PriceFen
	}
	for _, s := range st.Shorts {
		out.Items[itemIdx[s.ItemID]].Short += s.Qty
	}
	bills := map[string]ledger.BuyBill{}
	for _, bl := range st.Bills {
		bills[bl.HouseholdID] = bl
	}
	paid := map[string]int64{}
	for _, p := range st.Payments {
		paid[p.HouseholdID] += p.Fen
		out.PaidFen += p.Fen
	}
	for _, f := range st.Fees {
		out.FeesFen += f.Fen
	}
	byHousehold := map[string][]ledger.BuyOrder{}
	for _, o := range st.Orders {
		byHousehold[o.HouseholdID] = append(byHousehold[o.HouseholdID], o)
	}
	buildings := map[string]*buyBuildingJSON{}
	var border []string
	for _, h := range reg.Households { // address order
		os := byHousehold[h.ID]
		if len(os) == 0 {
			continue
		}
		slices.SortFunc(os, func(x, y ledger.BuyOrder) int { return itemIdx[x.ItemID] - itemIdx[y.ItemID] })
		hj := buyHouseholdJSON{Address: h.Address.String(), Lines: []buyLineJSON{}, PaidFen: paid[h.ID]}
		_, hj.Delivered = st.Delivered[h.ID]
		bk := ledger.Building{Area: h.Address.Area, Building: h.Address.Building}.String()
		bj := buildings[bk]
		if bj == nil {
			leader, err := a.leaderOf(ctx, v, reg, h.Address, full)
			if err != nil {
				return out, err
			}
			bj = &buyBuildingJSON{Building: bk, Items: []buyQtyJSON{}, Leader: leader}
			buildings[bk] = bj
			border = append(border, bk)
		}
		bj.Households++
		for _, o := range os {
			it := items[o.ItemID]
			hj.Lines = append(hj.Lines, buyLineJSON{Item: it.Name, Qty: o.Qty, PriceFen: it.PriceFen, TotalFen: int64(o.Qty) * it.PriceFen})
			if i := slices.IndexFunc(bj.Items, func(q buyQtyJSON) bool { return q.Name == it.Name }); i >= 0 {
				bj.Items[i].Qty += o.Qty
			} else {
				bj.Items = append(bj.Items, buyQtyJSON{Name: it.Name, Qty: o.Qty})
			}
		}
		bl := bills[h.ID]
		hj.FeesFen, hj.RefundFen, hj.TotalFen = bl.FeesFen, bl.RefundFen, bl.TotalFen
		out.TotalFen += bl.TotalFen
		out.Households = append(out.Households, hj)
	}
	rank := map[string]int{}
	for i, it := range st.Items {
		rank[it.Name] = i
	}
	for _, k := range border {
		bj := buildings[k]
		slices.SortFunc(bj.Items, func(x, y buyQtyJSON) int { return rank[x.Name] - rank[y.Name] })
		out.Buildings = append(out.Buildings, *bj)
	}
	for _, e := range st.Errors {
		out.Errors = append(out.Errors, buyErrorJSON{Line: e.Line, Text: e.Text, Reason: e.Reason})
	}
	return out, nil
}

func buyShowRun(ctx context.Context, a *App, opts buyShowOptions) error {
	db, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	out, err := a.buySheets(ctx, db.View, opts.Buy, opts.Full)
	if err != nil {
		return err
	}
	if opts.JSON {
		return printJSON(a.Out, out)
	}
	w := a.Out
	fmt.Fprintln(w, a.T("buy.show.items"))
	rows := [][]string{}
	for _, it := range out.Items {
		qty := strconv.Itoa(it.Qty)
		if it.Short > 0 {
			qty += a.T("buy.show.short", it.Short)
		}
		rows = append(rows, []string{it.Name, qty + " " + it.Unit, ledger.FormatFen(it.PriceFen), ledger.FormatFen(it.TotalFen)})
	}
	if err := printTable(w, []string{a.T("h.item"), a.T("h.qty"), a.T("h.price"), a.T("h.total")}, rows); err != nil {
		return err
	}
	fmt.Fprintln(w, a.T("buy.show.buildings"))
	rows = rows[:0]
	for _, b := range out.Buildings {
		var qs []string
		for _, q := range b.Items {
			qs = append(qs, q.Name+"×"+strconv.Itoa(q.Qty))
		}
		rows = append(rows, []string{b.Building, strconv.Itoa(b.Households), strings.Join(qs, " "), b.Leader})
	}
	if err := printTable(w, []string{a.T("h.building"), a.T("h.households"), a.T("h.goods"), a.T("h.leader")}, rows); err != nil {
		return err
	}
	fmt.Fprintln(w, a.T("buy.show.households"))
	rows = rows[:0]
	var unpaid, undelivered []string
	for _, h := range out.Households {
		var qs []string
		for _, l := range h.Lines {
			qs = append(qs, l.Item+"×"+strconv.Itoa(l.Qty))
		}
		rows = append(rows, []string{h.Address, strings.Join(qs, " "), ledger.FormatFen(h.FeesFen), ledger.FormatFen(h.RefundFen),
			ledger.FormatFen(h.TotalFen), ledger.FormatFen(h.PaidFen), a.yesno(h.Delivered)})
		if h.PaidFen < h.TotalFen {
			unpaid = append(unpaid, h.Address)
		}
		if !h.Delivered {
			undelivered = append(undelivered, h.Address)
		}
	}
	if err := printTable(w, []string{a.T("h.address"), a.T("h.goods"), a.T("h.fees"), a.T("h.refund"), a.T("h.bill"), a.T("h.paid"), a.T("h.buy_got")}, rows); err != nil {
		return err
	}
	fmt.Fprintln(w, a.T("buy.show.sum", len(out.Households), ledger.FormatFen(out.TotalFen), ledger.FormatFen(out.FeesFen), ledger.FormatFen(out.PaidFen)))
	if len(unpaid) > 0 {
		fmt.Fprintln(w, a.T("buy.show.unpaid", len(unpaid), strings.Join(unpaid, a.T("rota.text.sep"))))
	}
	if len(undelivered) > 0 {
		fmt.Fprintln(w, a.T("buy.show.undelivered", len(undelivered), strings.Join(undelivered, a.T("rota.text.sep"))))
	}
	if len(out.Errors) > 0 {
		fmt.Fprintln(w, a.T("buy.show.errors"))
		rows = rows[:0]
		for _, e := range out.Errors {
			rows = append(rows, []string{strconv.Itoa(e.Line), e.Text, a.T("buy.reason." + e.Reason)})
		}
		return printTable(w, []string{a.T("h.line"), a.T("h.text"), a.T("h.buy_why")}, rows)
	}
	return nil
}

func newBuyTextCmd(a *App) *cobra.Command {
	var full bool
	c := &cobra.Command{
		Use:   "text BUY",
		Short: "The buy's summary to paste back into the group",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			db, err := a.open(cmd.Context())
			if err != nil {
				return err
			}
			defer db.Close()
			out, err := a.buySheets(cmd.Context(), db.View, args[0], full)
			if err != nil {
				return err
			}
			return a.writeBuyText(a.Out, out)
		},
	}
	c.Flags().BoolVar(&full, "full", false, "the leaders' names unmasked")
	return c
}

// writeBuyText writes the summary for the group: the totals by item, each
// household's bill by address (no names), the fees and how they were
// shared, who still has to pay.
func (a *App) writeBuyText(w io.Writer, out buyShowJSON) error {
	var b strings.Builder
	b.WriteString(a.T("buy.text.title", out.Title) + "\n")
	for _, it := range out.Items {
		b.WriteString(a.T("buy.text.item", it.Name, it.Qty, it.Unit, ledger.FormatFen(it.PriceFen), ledger.FormatFen(it.TotalFen)) + "\n")
	}
	if out.FeesFen > 0 {
		b.WriteString(a.T("buy.text.fees", ledger.FormatFen(out.FeesFen)) + "\n")
	}
	b.WriteString(a.T("buy.text.bills") + "\n")
	for _, h := range out.Households {
		var qs []string
		for _, l := range h.Lines {
			qs = append(qs, l.Item+strconv.Itoa(l.Qty))
		}
		line := a.T("buy.text.bill", h.Address, strings.Join(qs, " "), ledger.FormatFen(h.TotalFen))
		if h.PaidFen >= h.TotalFen {
			line += a.T("buy.text.paid")
		}
		b.WriteString(line + "\n")
	}
	b.WriteString(a.T("buy.text.total", len(out.Households), ledger.FormatFen(out.TotalFen)) + "\n")
	_, err := io.WriteString(w, ledger.PrintableText(b.String()))
	return err
}

// buyTables are the export's group-buy sheets: every buy's items (the
// supplier's order) and every household's bill. Addresses, no names.
func (a *App) buyTables(ctx context.Context, db *ledger.DB, col func(string, bool) sheet.TableColumn) []sheet.Table {
	sheets := func(yield func(buyShowJSON) error) error {
		bs, err := db.Buys(ctx)
		if err != nil {
			return err
		}
		slices.Reverse(bs) // oldest first
		for _, b := range bs {
			out, err := a.buySheets(ctx, db.View, b.ID, false)
			if err != nil {
				return err
			}
			if err := yield(out); err != nil {
				return err
			}
		}
		return nil
	}
	items := sheet.Table{Name: "buy_items", Columns: []sheet.TableColumn{col("x.buy", true), col("x.item", true), col("x.unit", true),
		col("x.qty", false), col("x.short", false), col("x.price", false), col("x.total", false)}}
	items.Each = func(yield func([]string) error) error {
		return sheets(func(out buyShowJSON) error {
			for _, it := range out.Items {
				if err := yield([]string{out.Title, it.Name, it.Unit, strconv.Itoa(it.Qty), strconv.Itoa(it.Short),
					ledger.FormatFen(it.PriceFen), ledger.FormatFen(it.TotalFen)}); err != nil {
					return err
				}
			}
			return nil
		})
	}
	bills := sheet.Table{Name: "buy_bills", Columns: []sheet.TableColumn{col("x.buy", true), col("x.address", true), col("x.goods", true),
		col("x.fees", false), col("x.refund", false), col("x.bill", false), col("x.paid", false), col("x.received", true)}}
	bills.Each = func(yield func([]string) error) error {
		return sheets(func(out buyShowJSON) error {
			for _, h := range out.Households {
				var qs []string
				for _, l := range h.Lines {
					qs = append(qs, l.Item+"×"+strconv.Itoa(l.Qty))
				}
				if err := yield([]string{out.Title, h.Address, strings.Join(qs, " "), ledger.FormatFen(h.FeesFen), ledger.FormatFen(h.RefundFen),
					ledger.FormatFen(h.TotalFen), ledger.FormatFen(h.PaidFen), a.yesno(h.Delivered)}); err != nil {
					return err
				}
			}
			return nil
		})
	}
	return []sheet.Table{items, bills}
}
