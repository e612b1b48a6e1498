package main

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"vol/allocate"
	"vol/ledger"
)

func newBuyCmd(a *App) *cobra.Command {
	return groupCmd("buy", "Group buys (团购) from the WeChat 接龙: orders, totals, no markup, proved to the fen",
		newBuyNewCmd(a), newBuyListCmd(a), newBuyItemCmd(a), newBuyFeeCmd(a), newBuyImportCmd(a), newBuyShowCmd(a),
		newBuyTextCmd(a), newBuyPayCmd(a), newBuyInvoiceCmd(a), newBuyDeliverCmd(a), newBuyShortCmd(a), newBuyCheckCmd(a))
}

type buyNewOptions struct {
	Title, Lead, Building, Supplier, Closes string
	JSON                                    bool
}

func newBuyNewCmd(a *App) *cobra.Command {
	opts := buyNewOptions{}
	c := &cobra.Command{
		Use:   "new TITLE --lead PERSON [--building BUILDING] [--supplier NAME] [--closes DATETIME] [--json]",
		Short: "Open a group buy; prints its ID",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Title = args[0]
			if opts.Lead == "" {
				return usageErr(&ledger.FieldError{Field: "--lead", Value: "", Accepted: a.T("buy.want.lead"), Err: ledger.ErrInvalid})
			}
			return buyNewRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().StringVar(&opts.Lead, "lead", "", "the person who runs it (usually the building leader)")
	c.Flags().StringVar(&opts.Building, "building", "", "the building it is for")
	c.Flags().StringVar(&opts.Supplier, "supplier", "", "the supplier's name")
	c.Flags().StringVar(&opts.Closes, "closes", "", "when orders close, as written (2026-12-08 18:00)")
	c.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	return c
}

func buyNewRun(ctx context.Context, a *App, opts buyNewOptions) error {
	building := ""
	if opts.Building != "" {
		b, err := ledger.ParseBuilding(opts.Building)
		if err != nil {
			return err
		}
		building = b.String()
	}
	db, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	lead, err := a.pickPerson(ctx, db.View, opts.Lead, a.T("buy.lead"))
	if err != nil {
		return err
	}
	var id string
	_, err = a.changeIn(ctx, db, change{command: "buy new", apply: func(tx *ledger.Tx, r *report) error {
		var err error
		id, err = tx.AddBuy(ledger.Buy{Title: opts.Title, Lead: lead.ID, Building: building, Supplier: opts.Supplier, Closes: ledger.NormalizeText(opts.Closes)})
		if err != nil {
			return err
		}
		r.say("buy.opened", ledger.NormalizeText(opts.Title), ledger.Short(id), whoIs(lead))
		return nil
	}})
	if err != nil {
		return err
	}
	if opts.JSON {
		return printJSON(a.Out, map[string]string{"id": id})
	}
	_, err = fmt.Fprintln(a.Out, id)
	return err
}

func newBuyListCmd(a *App) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "list [--json]",
		Short: "List the group buys",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			db, err := a.open(cmd.Context())
			if err != nil {
				return err
			}
			defer db.Close()
			bs, err := db.Buys(cmd.Context())
			if err != nil {
				return err
			}
			type row struct {
				ID       string `json:"id"`
				Title    string `json:"title"`
				Building string `json:"building"`
				Supplier string `json:"supplier"`
				Closes   string `json:"closes"`
			}
			out := make([]row, 0, len(bs))
			rows := make([][]string, 0, len(bs))
			for _, b := range bs {
				out = append(out, row{b.ID, b.Title, b.Building, b.Supplier, b.Closes})
				rows = append(rows, []string{shortID(b.ID), b.Title, b.Building, b.Supplier, b.Closes})
			}
			if asJSON {
				return printJSON(a.Out, out)
			}
			return printTable(a.Out, []string{a.T("h.id"), a.T("h.title"), a.T("h.building"), a.T("h.supplier"), a.T("h.closes")}, rows)
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}

type buyItemOptions struct {
	Buy, Name, Price, Unit, Why string
	Aliases                     []string
}

func newBuyItemCmd(a *App) *cobra.Command {
	opts := buyItemOptions{}
	c := &cobra.Command{
		Use:   "item BUY GOODS --price YUAN --unit UNIT [--alias NAME…] [--why TEXT]",
		Short: "Add an item to a buy at the supplier's price (no markup)",
		Long: `Add an item to a group buy at the supplier's unit price, in yuan (kept as whole
fen). --alias adds other names residents write (蛋 for 鸡蛋). An item that is
not on the necessities list (vol compound set --necessities) needs --why.`,
		Args: exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Buy, opts.Name = args[0], args[1]
			return buyItemRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().StringVar(&opts.Price, "price", "", "the unit price in yuan, such as 12.50")
	c.Flags().StringVar(&opts.Unit, "unit", "", "the unit, such as 盒, 袋, 斤")
	c.Flags().StringArrayVar(&opts.Aliases, "alias", nil, "another name residents write (repeat)")
	c.Flags().StringVar(&opts.Why, "why", "", "why an item that is not a necessity is offered")
	return c
}

func buyItemRun(ctx context.Context, a *App, opts buyItemOptions) error {
	fen, err := ledger.ParseYuan("--price", opts.Price)
	if err != nil {
		return err
	}
	return a.buyChange(ctx, opts.Buy, "buy item", func(tx *ledger.Tx, b ledger.Buy, r *report) error {
		if _, err := tx.AddBuyItem(ledger.BuyItem{BuyID: b.ID, Name: opts.Name, Unit: opts.Unit, PriceFen: fen, Aliases: opts.Aliases, Why: opts.Why}); err != nil {
			return err
		}
		r.say("buy.item.added", ledger.NormalizeText(opts.Name), ledger.FormatFen(fen), ledger.NormalizeText(opts.Unit))
		return nil
	})
}

// buyChange runs one change of a buy in one write, then recomputes its
// bills in the same write.
func (a *App) buyChange(ctx context.Context, ref, command string, apply func(tx *ledger.Tx, b ledger.Buy, r *report) error) error {
	db, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = a.changeIn(ctx, db, change{command: command, apply: func(tx *ledger.Tx, r *report) error {
		b, err := tx.FindBuy(ctx, ref)
		if err != nil {
			return err
		}
		if err := apply(tx, b, r); err != nil {
			return err
		}
		return rebill(ctx, tx, b.ID)
	}})
	return err
}

// rebill records the bills the buy's orders, prices, fees and shortfalls
// make (allocate.Bills), households in address order.
func rebill(ctx context.Context, tx *ledger.Tx, buyID string) error {
	st, err := tx.BuyState(ctx, buyID)
	if err != nil {
		return err
	}
	bills, err := computeBills(ctx, tx.View, st)
	if err != nil {
		return err
	}
	rec := make([]ledger.BuyBill, len(bills))
	for i, b := range bills {
		rec[i] = ledger.BuyBill{HouseholdID: b.Household, GoodsFen: b.GoodsFen, FeesFen: b.FeesFen, RefundFen: b.RefundFen, TotalFen: b.TotalFen}
	}
	return tx.SetBuyBills(buyID, rec)
}

// computeBills is what the buy's bills should be.
func computeBills(ctx context.Context, v ledger.View, st *ledger.BuyState) ([]allocate.Bill, error) {
	hs, err := v.Households(ctx)
	if err != nil {
		return nil, err
	}
	order := make([]string, len(hs))
	for i, h := range hs {
		order[i] = h.ID
	}
	price := map[string]int64{}
	for _, it := range st.Items {
		price[it.ID] = it.PriceFen
	}
	var lines, shorts []allocate.BillLine
	for _, o := range st.Orders {
		lines = append(lines, allocate.BillLine{Household: o.HouseholdID, Item: o.ItemID, Qty: o.Qty, PriceFen: price[o.ItemID]})
	}
	for _, s := range st.Shorts {
		shorts = append(shorts, allocate.BillLine{Household: s.HouseholdID, Item: s.ItemID, Qty: s.Qty, PriceFen: price[s.ItemID]})
	}
	var fees []allocate.BillFee
	for _, f := range st.Fees {
		fees = append(fees, allocate.BillFee{Fen: f.Fen, ByValue: f.Split == "value"})
	}
	return allocate.Bills(order, lines, fees, shorts), nil
}

type buyFeeOptions struct {
	Buy, Yuan, Why, Split string
}

func newBuyFeeCmd(a *App) *cobra.Command {
	opts := buyFeeOptions{}
	c := &cobra.Command{
		Use:   "fee BUY --yuan AMOUNT --why TEXT [--split household|value]",
		Short: "Add a fee (delivery and the like) shared by the households that ordered",
		Long: `Add a fee shared by the households that ordered: equal shares (--split
household, the default) or by the value of their goods (--split value). The
shares add up to the fee to the fen: the fen left over go one each to the
largest remainders, ties in address order.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Buy = args[0]
			return buyFeeRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().StringVar(&opts.Yuan, "yuan", "", "the fee in yuan")
	c.Flags().StringVar(&opts.Why, "why", "", "what it is for, such as 运费")
	c.Flags().StringVar(&opts.Split, "split", "household", "household (equal shares) or value (by the goods' value)")
	return c
}

func buyFeeRun(ctx context.Context, a *App, opts buyFeeOptions) error {
	fen, err := ledger.ParseYuan("--yuan", opts.Yuan)
	if err != nil {
		return err
	}
	return a.buyChange(ctx, opts.Buy, "buy fee", func(tx *ledger.Tx, b ledger.Buy, r *report) error {
		if _, err := tx.AddBuyFee(ledger.BuyFee{BuyID: b.ID, Fen: fen, Why: opts.Why, Split: opts.Split}); err != nil {
			return err
		}
		r.say("buy.fee.added", ledger.FormatFen(fen), ledger.NormalizeText(opts.Why))
		return nil
	})
}

type buyPayOptions struct {
	Buy, Address, Yuan string
}

func newBuyPayCmd(a *App) *cobra.Command {
	opts := buyPayOptions{}
	c := &cobra.Command{
		Use:   "pay BUY ADDRESS --yuan AMOUNT",
		Short: "Record money a household paid for a buy",
		Args:  exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Buy, opts.Address = args[0], args[1]
			return buyPayRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().StringVar(&opts.Yuan, "yuan", "", "the amount in yuan")
	return c
}

func buyPayRun(ctx context.Context, a *App, opts buyPayOptions) error {
	fen, err := ledger.ParseYuan("--yuan", opts.Yuan)
	if err != nil {
		return err
	}
	return a.buyChange(ctx, opts.Buy, "buy pay", func(tx *ledger.Tx, b ledger.Buy, r *report) error {
		h, err := tx.Household(ctx, opts.Address)
		if err != nil {
			return err
		}
		if err := tx.AddBuyPayment(b.ID, h.ID, fen); err != nil {
			return err
		}
		r.say("buy.paid", h.Address.String(), ledger.FormatFen(fen))
		return nil
	})
}

type buyInvoiceOptions struct {
	Buy, Yuan string
	Items     []string
}

func newBuyInvoiceCmd(a *App) *cobra.Command {
	opts := buyInvoiceOptions{}
	c := &cobra.Command{
		Use:   "invoice BUY --yuan AMOUNT [--item NAME=YUAN…]",
		Short: "Record what the supplier charged for the goods (fees apart)",
		Long: `Record what the supplier charged for the goods of a buy, fees apart, and the
unit prices by item when the invoice has them (--item 鸡蛋=12.50). vol buy
check then proves that the bills add up to the invoice plus the fees, less the
refunds, and that no item is charged above the invoice's price.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Buy = args[0]
			return buyInvoiceRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().StringVar(&opts.Yuan, "yuan", "", "the goods' total in yuan")
	c.Flags().StringArrayVar(&opts.Items, "item", nil, "an item's unit price on the invoice, NAME=YUAN (repeat)")
	return c
}

func buyInvoiceRun(ctx context.Context, a *App, opts buyInvoiceOptions) error {
	fen, err := ledger.ParseYuan("--yuan", opts.Yuan)
	if err != nil {
		return err
	}
	prices := map[string]string{}
	for _, kv := range opts.Items {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			return usageErr(&ledger.FieldError{Field: "--item", Value: kv, Accepted: a.T("buy.want.itemprice"), Err: ledger.ErrInvalid})
		}
		prices[strings.TrimSpace(k)] = strings.TrimSpace(v)
	}
	return a.buyChange(ctx, opts.Buy, "buy invoice", func(tx *ledger.Tx, b ledger.Buy, r *report) error {
		st, err := tx.BuyState(ctx, b.ID)
		if err != nil {
			return err
		}
		inv := ledger.BuyInvoice{Fen: fen, Prices: map[string]int64{}}
		for _, k := range sortedKeysOf(prices) {
			it, ok := findItem(st, k)
			if !ok {
				return &ledger.FieldError{Field: "--item", Value: k, Accepted: a.T("buy.want.item", itemNames(st)), Err: ledger.ErrNotFound}
			}
			p, err := ledger.ParseYuan("--item", prices[k])
			if err != nil {
				return err
			}
			inv.Prices[it.Name] = p
		}
		if err := tx.SetBuyInvoice(b.ID, inv); err != nil {
			return err
		}
		r.say("buy.invoiced", ledger.FormatFen(fen), len(inv.Prices))
		return nil
	})
}

func sortedKeysOf[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// findItem finds an item of a buy by its name or an alias, folded.
func findItem(st *ledger.BuyState, name string) (ledger.BuyItem, bool) {
	f := ledger.Fold(ledger.NormalizeText(name))
	for _, it := range st.Items {
		if ledger.Fold(it.Name) == f || slices.ContainsFunc(it.Aliases, func(x string) bool { return ledger.Fold(x) == f }) {
			return it, true
		}
	}
	return ledger.BuyItem{}, false
}

func itemNames(st *ledger.BuyState) string {
	names := make([]string, len(st.Items))
	for i, it := range st.Items {
		names[i] = it.Name
	}
	return strings.Join(names, ", ")
}

type buyDeliverOptions struct {
	Buy       string
	Addresses []string
	All       bool
}

func newBuyDeliverCmd(a *App) *cobra.Command {
	opts := buyDeliverOptions{}
	c := &cobra.Command{
		Use:   "deliver BUY [ADDRESS…] [--all]",
		Short: "Record that households received their goods",
		Args:  argCount(1, 1000),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Buy, opts.Addresses = args[0], args[1:]
			if len(opts.Addresses) == 0 && !opts.All || len(opts.Addresses) > 0 && opts.All {
				return usageErr(&ledger.FieldError{Field: "ADDRESS", Value: strconv.Itoa(len(opts.Addresses)), Accepted: a.T("buy.want.deliver"), Err: ledger.ErrInvalid})
			}
			return buyDeliverRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().BoolVar(&opts.All, "all", false, "every household that ordered")
	return c
}

func buyDeliverRun(ctx context.Context, a *App, opts buyDeliverOptions) error {
	return a.buyChange(ctx, opts.Buy, "buy deliver", func(tx *ledger.Tx, b ledger.Buy, r *report) error {
		st, err := tx.BuyState(ctx, b.ID)
		if err != nil {
			return err
		}
		ordered := map[string]bool{}
		for _, o := range st.Orders {
			ordered[o.HouseholdID] = true
		}
		var hs []string
		if opts.All {
			hs = sortedKeysOf(ordered)
		}
		for _, ref := range opts.Addresses {
			h, err := tx.Household(ctx, ref)
			if err != nil {
				return err
			}
			if !ordered[h.ID] {
				return &ledger.FieldError{Field: "ADDRESS", Value: h.Address.String(), Accepted: a.T("buy.want.ordered"), Err: ledger.ErrNotFound}
			}
			hs = append(hs, h.ID)
		}
		n, err := tx.MarkBuyDelivered(b.ID, hs)
		if err != nil {
			return err
		}
		r.say("buy.delivered", n, len(hs)-n)
		return nil
	})
}

type buyShortOptions struct {
	Buy, Item string
	Qty       int
}

func newBuyShortCmd(a *App) *cobra.Command {
	opts := buyShortOptions{}
	c := &cobra.Command{
		Use:   "short BUY GOODS --qty N",
		Short: "The supplier sent fewer: refund the shortfall to the last orders, to the fen",
		Long: `The supplier sent N fewer of an item than ordered: the shortfall is taken from
the orders that came last (the last line of the 接龙 first), each refunded at
the item's price, to the fen. The bills change in the same write.`,
		Args: exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Buy, opts.Item = args[0], args[1]
			if opts.Qty < 1 || opts.Qty > 100*ledger.MaxQty {
				return usageErr(&ledger.FieldError{Field: "--qty", Value: strconv.Itoa(opts.Qty), Accepted: a.T("buy.want.qty"), Err: ledger.ErrInvalid})
			}
			return buyShortRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().IntVar(&opts.Qty, "qty", 0, "how many fewer")
	return c
}

func buyShortRun(ctx context.Context, a *App, opts buyShortOptions) error {
	return a.buyChange(ctx, opts.Buy, "buy short", func(tx *ledger.Tx, b ledger.Buy, r *report) error {
		st, err := tx.BuyState(ctx, b.ID)
		if err != nil {
			return err
		}
		it, ok := findItem(st, opts.Item)
		if !ok {
			return &ledger.FieldError{Field: "ITEM", Value: opts.Item, Accepted: a.T("buy.want.item", itemNames(st)), Err: ledger.ErrNotFound}
		}
		left := map[string]int{} // what each order still has after earlier shortfalls
		seq := map[string]int{}
		for _, o := range st.Orders {
			if o.ItemID == it.ID {
				left[o.HouseholdID] += o.Qty
				seq[o.HouseholdID] = o.Seq
			}
		}
		for _, s := range st.Shorts {
			if s.ItemID == it.ID {
				left[s.HouseholdID] -= s.Qty
			}
		}
		var orders []allocate.ShortOrder
		for _, h := range sortedKeysOf(left) {
			orders = append(orders, allocate.ShortOrder{Household: h, Qty: left[h], Seq: seq[h]})
		}
		cuts, beyond := allocate.CutShortfall(orders, opts.Qty)
		if beyond > 0 {
			return &ledger.FieldError{Field: "--qty", Value: strconv.Itoa(opts.Qty), Accepted: a.T("buy.want.short", opts.Qty-beyond), Err: ledger.ErrInvalid}
		}
		var shorts []ledger.BuyShort
		for _, c := range cuts {
			shorts = append(shorts, ledger.BuyShort{BuyID: b.ID, ItemID: it.ID, HouseholdID: c.Household, Qty: c.Qty})
		}
		if err := tx.AddBuyShorts(b.ID, shorts); err != nil {
			return err
		}
		r.say("buy.shorted", opts.Qty, it.Unit, it.Name, len(cuts), ledger.FormatFen(int64(opts.Qty)*it.PriceFen))
		return nil
	})
}

type buyCheckOptions struct {
	Buy   string
	Final bool
}

func newBuyCheckCmd(a *App) *cobra.Command {
	opts := buyCheckOptions{}
	c := &cobra.Command{
		Use:   "check BUY [--final]",
		Short: "Prove the money rules of a buy; silent when they hold",
		Long: `Prove a buy's money rules: every recorded bill is what the orders, prices, fees
and refunds make; the bills add up to the invoice plus the fees, less the
refunds, to the fen; no item is charged above the invoice's unit price; every
item is a necessity or has a reason. Prints nothing and exits 0 when they
hold; otherwise says what differs and exits 1. --final also fails while a
household has not paid its bill or not received its goods, or there is no
invoice.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Buy = args[0]
			return buyCheckRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().BoolVar(&opts.Final, "final", false, "also fail while anyone has not paid or not received")
	return c
}

func buyCheckRun(ctx context.Context, a *App, opts buyCheckOptions) error {
	db, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	b, err := db.FindBuy(ctx, opts.Buy)
	if err != nil {
		return err
	}
	st, err := db.BuyState(ctx, b.ID)
	if err != nil {
		return err
	}
	in, err := buyCheckInput(ctx, db.View, st, opts.Final)
	if err != nil {
		return err
	}
	problems := allocate.CheckBuy(in)
	if len(problems) == 0 {
		return nil
	}
	hs, err := db.Households(ctx)
	if err != nil {
		return err
	}
	addr := map[string]string{}
	for _, h := range hs {
		addr[h.ID] = h.Address.String()
	}
	for _, p := range problems {
		fmt.Fprintln(a.Err, ledger.PrintableText(a.T("buy.check."+p.Rule, addr[p.Household], p.Item, ledger.FormatFen(p.Want), ledger.FormatFen(p.Got))))
	}
	return said(a.T("buy.check.failed", len(problems)), ledger.ErrInvalid)
}

// buyCheckInput gathers what allocate.CheckBuy judges.
func buyCheckInput(ctx context.Context, v ledger.View, st *ledger.BuyState, final bool) (allocate.BuyCheckInput, error) {
	set, err := v.Settings(ctx)
	if err != nil {
		return allocate.BuyCheckInput{}, err
	}
	computed, err := computeBills(ctx, v, st)
	if err != nil {
		return allocate.BuyCheckInput{}, err
	}
	in := allocate.BuyCheckInput{Computed: computed, Paid: map[string]int64{}, Delivered: map[string]bool{}, Final: final}
	for _, b := range st.Bills {
		in.Recorded = append(in.Recorded, allocate.Bill{Household: b.HouseholdID, GoodsFen: b.GoodsFen, FeesFen: b.FeesFen, RefundFen: b.RefundFen, TotalFen: b.TotalFen})
	}
	for _, f := range st.Fees {
		in.FeesFen += f.Fen
	}
	if st.Invoice != nil {
		fen := st.Invoice.Fen
		in.InvoiceFen, in.InvoicePrices = &fen, st.Invoice.Prices
	}
	for _, it := range st.Items {
		in.Items = append(in.Items, allocate.BuyItemCheck{Name: it.Name, PriceFen: it.PriceFen, Why: it.Why,
			Necessity: slices.Contains(set.Necessities, ledger.Fold(it.Name))})
	}
	for _, p := range st.Payments {
		in.Paid[p.HouseholdID] += p.Fen
	}
	for h := range st.Delivered {
		in.Delivered[h] = true
	}
	return in, nil
}
