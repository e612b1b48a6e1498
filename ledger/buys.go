package ledger

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"
)

var (
	tBuys          = mustTable("buys")
	tBuyItems      = mustTable("buy_items")
	tBuyFees       = mustTable("buy_fees")
	tBuyOrders     = mustTable("buy_orders")
	tBuyErrors     = mustTable("buy_errors")
	tBuyPayments   = mustTable("buy_payments")
	tBuyInvoices   = mustTable("buy_invoices")
	tBuyDeliveries = mustTable("buy_deliveries")
	tBuyShorts     = mustTable("buy_shorts")
	tBuyBills      = mustTable("buy_bills")
)

// SettingNecessities lists what a group buy may offer without a reason.
const SettingNecessities = "necessities"

// DefaultNecessities are the necessities of the story's compounds.
var DefaultNecessities = []string{"大米", "面粉", "面条", "食用油", "鸡蛋", "蔬菜", "青菜", "土豆", "肉", "猪肉", "鸡肉", "鱼",
	"牛奶", "奶粉", "药品", "卫生用品", "卫生纸", "纸巾", "尿不湿", "饮用水", "盐", "酱油", "水果"}

// ParseNecessities reads the setting: names separated by commas (or 、),
// one to a hundred, each a short label.
func ParseNecessities(s string) ([]string, error) {
	tags := SplitTags(NormalizeText(s))
	bad := &FieldError{Field: "--necessities", Value: s, Want: T("one to a hundred names separated by commas, such as 大米,食用油,鸡蛋"), Err: ErrInvalid}
	if len(tags) == 0 || len(tags) > 100 {
		return nil, bad
	}
	for i, t := range tags {
		if len([]rune(t)) > 20 || CheckLabel("--necessities", t) != nil {
			return nil, bad
		}
		tags[i] = Fold(t)
	}
	slices.Sort(tags)
	return slices.Compact(tags), nil
}

// Limits of a buy.
const (
	MaxPriceFen = 100_000_00 // ¥100,000 a unit
	MaxFeeFen   = 100_000_00
	MaxBuyItems = 200
	MaxQty      = 999
)

// Buy is a group buy (团购): its title, the person who leads it, the
// building it is for ("" for the compound), the supplier, when orders
// close (free text as given, RFC 3339 when parsed), and the time it was
// opened.
type Buy struct {
	ID, Title, Lead, Building, Supplier, Closes, CreatedAt string
}

// BuyItem is an item of a buy at a price in fen a unit (盒, 袋, 斤);
// Aliases are other names residents write; Why says why an item that is
// not a necessity is offered.
type BuyItem struct {
	ID, BuyID, Name, Unit string
	PriceFen              int64
	Aliases               []string
	Why                   string
}

// BuyFee is a fee shared by the households that ordered: Split is
// "household" (equal shares) or "value" (by the goods' value).
type BuyFee struct {
	ID, BuyID string
	Fen       int64
	Why       string
	Split     string
}

// BuyOrder is a household's order of one item; Seq is when it came, in the
// import's order (a later order has a larger Seq).
type BuyOrder struct {
	ID, BuyID, HouseholdID, ItemID string
	Qty, Seq                       int
}

// BuyError is a line of the last import that is not an order: its line
// number, its text with the names masked, why.
type BuyError struct {
	ID, BuyID    string
	Line         int
	Text, Reason string
}

// BuyPayment is money a household paid for a buy.
type BuyPayment struct {
	ID, BuyID, HouseholdID string
	Fen                    int64
	At                     string
}

// BuyShort is what a shortfall took from a household's order.
type BuyShort struct {
	ID, BuyID, ItemID, HouseholdID string
	Qty                            int
}

// BuyBill is a household's bill as recorded: goods, share of the fees,
// refunds, total (goods + fees − refunds), in fen.
type BuyBill struct {
	ID, BuyID, HouseholdID                 string
	GoodsFen, FeesFen, RefundFen, TotalFen int64
}

// BuyInvoice is what the supplier charged for the goods (fees apart), and
// the unit prices by item name when the invoice gives them.
type BuyInvoice struct {
	Fen    int64
	Prices map[string]int64
}

// BuyState is everything recorded about one buy.
type BuyState struct {
	Buy       Buy
	Items     []BuyItem
	Fees      []BuyFee
	Orders    []BuyOrder
	Errors    []BuyError
	Payments  []BuyPayment
	Invoice   *BuyInvoice
	Delivered map[string]string // household → when
	Shorts    []BuyShort
	Bills     []BuyBill
}

// Buys lists the buys, newest first.
func (v View) Buys(ctx context.Context) ([]Buy, error) {
	rows, err := v.q.QueryContext(ctx, `SELECT id, title, lead_id, building, supplier, closes, created_at FROM buys ORDER BY created_at DESC, id`)
	if err != nil {
		return nil, classify(err)
	}
	defer rows.Close()
	out := []Buy{}
	for rows.Next() {
		var b Buy
		if err := rows.Scan(&b.ID, &b.Title, &b.Lead, &b.Building, &b.Supplier, &b.Closes, &b.CreatedAt); err != nil {
			return nil, classify(err)
		}
		out = append(out, b)
	}
	return out, classify(rows.Err())
}

// FindBuy finds a buy by its ID, a unique part of one (four characters or
// more), or its title.
func (v View) FindBuy(ctx context.Context, ref string) (Buy, error) {
	bs, err := v.Buys(ctx)
	if err != nil {
		return Buy{}, err
	}
	title := NormalizeText(ref)
	var found []Buy
	for _, b := range bs {
		if b.ID == ref || b.Title == title {
			return b, nil
		}
		if len(ref) >= 4 && strings.Contains(b.ID, strings.ToLower(ref)) {
			found = append(found, b)
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return Buy{}, &FieldError{Field: "BUY", Value: ref, Want: T("a group buy's ID or title (vol buy list)"), Err: ErrNotFound}
	}
	return Buy{}, &FieldError{Field: "BUY", Value: ref, Want: T("a group buy's ID or title (vol buy list)"), Err: ErrAmbiguous}
}

// BuyState reads everything recorded about a buy.
func (v View) BuyState(ctx context.Context, buyID string) (*BuyState, error) {
	st := &BuyState{Delivered: map[string]string{}}
	err := v.q.QueryRowContext(ctx, `SELECT id, title, lead_id, building, supplier, closes, created_at FROM buys WHERE id = ?`, buyID).
		Scan(&st.Buy.ID, &st.Buy.Title, &st.Buy.Lead, &st.Buy.Building, &st.Buy.Supplier, &st.Buy.Closes, &st.Buy.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, &FieldError{Field: "BUY", Value: Short(buyID), Want: T("a group buy's ID or title (vol buy list)"), Err: ErrNotFound}
	} else if err != nil {
		return nil, classify(err)
	}
	scan := func(query string, each func(s func(...any) error) error) error {
		rows, err := v.q.QueryContext(ctx, query, buyID)
		if err != nil {
			return classify(err)
		}
		defer rows.Close()
		for rows.Next() {
			if err := each(rows.Scan); err != nil {
				return classify(err)
			}
		}
		return classify(rows.Err())
	}
	if err := scan(`SELECT id, buy_id, name, unit, price_fen, aliases, why FROM buy_items WHERE buy_id = ? ORDER BY rowid`, func(s func(...any) error) error {
		var it BuyItem
		var aliases string
		err := s(&it.ID, &it.BuyID, &it.Name, &it.Unit, &it.PriceFen, &aliases, &it.Why)
		it.Aliases = splitStored(aliases)
		st.Items = append(st.Items, it)
		return err
	}); err != nil {
		return nil, err
	}
	if err := scan(`SELECT id, buy_id, fen, why, split FROM buy_fees WHERE buy_id = ? ORDER BY rowid`, func(s func(...any) error) error {
		var f BuyFee
		err := s(&f.ID, &f.BuyID, &f.Fen, &f.Why, &f.Split)
		st.Fees = append(st.Fees, f)
		return err
	}); err != nil {
		return nil, err
	}
	if err := scan(`SELECT id, buy_id, household_id, item_id, qty, seq FROM buy_orders WHERE buy_id = ? ORDER BY seq, household_id, item_id`, func(s func(...any) error) error {
		var o BuyOrder
		err := s(&o.ID, &o.BuyID, &o.HouseholdID, &o.ItemID, &o.Qty, &o.Seq)
		st.Orders = append(st.Orders, o)
		return err
	}); err != nil {
		return nil, err
	}
	if err := scan(`SELECT id, buy_id, line, text, reason FROM buy_errors WHERE buy_id = ? ORDER BY line, id`, func(s func(...any) error) error {
		var e BuyError
		err := s(&e.ID, &e.BuyID, &e.Line, &e.Text, &e.Reason)
		st.Errors = append(st.Errors, e)
		return err
	}); err != nil {
		return nil, err
	}
	if err := scan(`SELECT id, buy_id, household_id, fen, at FROM buy_payments WHERE buy_id = ? ORDER BY at, rowid`, func(s func(...any) error) error {
		var p BuyPayment
		err := s(&p.ID, &p.BuyID, &p.HouseholdID, &p.Fen, &p.At)
		st.Payments = append(st.Payments, p)
		return err
	}); err != nil {
		return nil, err
	}
	if err := scan(`SELECT household_id, at FROM buy_deliveries WHERE buy_id = ? ORDER BY rowid`, func(s func(...any) error) error {
		var h, at string
		err := s(&h, &at)
		st.Delivered[h] = at
		return err
	}); err != nil {
		return nil, err
	}
	if err := scan(`SELECT id, buy_id, item_id, household_id, qty FROM buy_shorts WHERE buy_id = ? ORDER BY rowid`, func(s func(...any) error) error {
		var x BuyShort
		err := s(&x.ID, &x.BuyID, &x.ItemID, &x.HouseholdID, &x.Qty)
		st.Shorts = append(st.Shorts, x)
		return err
	}); err != nil {
		return nil, err
	}
	if err := scan(`SELECT id, buy_id, household_id, goods_fen, fees_fen, refund_fen, total_fen FROM buy_bills WHERE buy_id = ? ORDER BY household_id`, func(s func(...any) error) error {
		var b BuyBill
		err := s(&b.ID, &b.BuyID, &b.HouseholdID, &b.GoodsFen, &b.FeesFen, &b.RefundFen, &b.TotalFen)
		st.Bills = append(st.Bills, b)
		return err
	}); err != nil {
		return nil, err
	}
	var fen int64
	var prices string
	switch err := v.q.QueryRowContext(ctx, `SELECT fen, prices FROM buy_invoices WHERE id = ?`, buyID).Scan(&fen, &prices); {
	case err == nil:
		st.Invoice = &BuyInvoice{Fen: fen, Prices: map[string]int64{}}
		for _, kv := range splitStored(prices) {
			if k, v, ok := strings.Cut(kv, "="); ok {
				n, _ := strconv.ParseInt(v, 10, 64)
				st.Invoice.Prices[k] = n
			}
		}
	case !errors.Is(err, sql.ErrNoRows):
		return nil, classify(err)
	}
	return st, nil
}

// AddBuy opens a group buy; it returns its ID.
func (tx *Tx) AddBuy(b Buy) (string, error) {
	b.Title = NormalizeText(b.Title)
	if b.Title == "" {
		return "", invalid("TITLE", "", T("a title, such as 3号楼 鸡蛋大米团购"))
	}
	for _, f := range []struct{ field, v string }{{"TITLE", b.Title}, {"--supplier", b.Supplier}, {"--closes", b.Closes}} {
		if err := CheckLabel(f.field, f.v); err != nil {
			return "", err
		}
	}
	if _, err := tx.person(b.Lead); err != nil {
		return "", err
	}
	if _, err := tx.FindBuy(tx.ctx, b.Title); err == nil {
		return "", &FieldError{Field: "TITLE", Value: b.Title, Want: T("a title no other group buy has"), Err: ErrDuplicate}
	}
	id := tx.NewID()
	return id, tx.insert(tBuys, id, map[string]any{"title": b.Title, "lead_id": b.Lead, "building": b.Building,
		"supplier": NormalizeText(b.Supplier), "closes": b.Closes, "created_at": tx.at.UTC().Format("2006-01-02T15:04:05Z")})
}

// AddBuyItem adds an item to a buy. An item that is not a necessity (the
// setting) needs a reason.
func (tx *Tx) AddBuyItem(it BuyItem) (string, error) {
	st, err := tx.BuyState(tx.ctx, it.BuyID)
	if err != nil {
		return "", err
	}
	it.Name, it.Unit, it.Why = NormalizeText(it.Name), NormalizeText(it.Unit), NormalizeText(it.Why)
	if it.Name == "" || len([]rune(it.Name)) > 20 || CheckLabel("NAME", it.Name) != nil || strings.ContainsAny(it.Name, ",=") {
		return "", invalid("NAME", it.Name, T("an item's name of at most 20 characters, such as 鸡蛋"))
	}
	if it.Unit == "" || len([]rune(it.Unit)) > 4 || CheckLabel("--unit", it.Unit) != nil {
		return "", invalid("--unit", it.Unit, T("a unit of at most 4 characters, such as 盒, 袋, 斤"))
	}
	if it.PriceFen < 1 || it.PriceFen > MaxPriceFen {
		return "", invalid("--price", "", T("a price from ¥0.01 to ¥100000"))
	}
	if err := CheckLabel("--why", it.Why); err != nil {
		return "", err
	}
	if len(st.Items) >= MaxBuyItems {
		return "", invalid("NAME", it.Name, T("at most %d items in a buy", MaxBuyItems))
	}
	names := map[string]bool{}
	for _, x := range st.Items {
		names[Fold(x.Name)] = true
		for _, a := range x.Aliases {
			names[Fold(a)] = true
		}
	}
	for i, a := range it.Aliases {
		it.Aliases[i] = NormalizeText(a)
		if it.Aliases[i] == "" || len([]rune(it.Aliases[i])) > 20 || CheckLabel("--alias", it.Aliases[i]) != nil || strings.ContainsAny(it.Aliases[i], ",=") {
			return "", invalid("--alias", a, T("an item's name of at most 20 characters, such as 鸡蛋"))
		}
	}
	for _, n := range append([]string{it.Name}, it.Aliases...) {
		if names[Fold(n)] {
			return "", &FieldError{Field: "NAME", Value: n, Want: T("a name no other item of the buy has"), Err: ErrDuplicate}
		}
		names[Fold(n)] = true
	}
	set, err := tx.Settings(tx.ctx)
	if err != nil {
		return "", err
	}
	if it.Why == "" && !slices.Contains(set.Necessities, Fold(it.Name)) {
		return "", &FieldError{Field: "--why", Value: "", Want: T("a reason: %s is not on the necessities list (vol compound set --necessities)", it.Name), Err: ErrInvalid}
	}
	id := tx.NewID()
	return id, tx.insert(tBuyItems, id, map[string]any{"buy_id": it.BuyID, "name": it.Name, "unit": it.Unit,
		"price_fen": it.PriceFen, "aliases": strings.Join(it.Aliases, ","), "why": it.Why})
}

// AddBuyFee adds a fee to a buy.
func (tx *Tx) AddBuyFee(f BuyFee) (string, error) {
	if _, err := tx.BuyState(tx.ctx, f.BuyID); err != nil {
		return "", err
	}
	f.Why = NormalizeText(f.Why)
	if f.Fen < 1 || f.Fen > MaxFeeFen {
		return "", invalid("--yuan", "", T("a fee from ¥0.01 to ¥100000"))
	}
	if f.Why == "" || CheckLabel("--why", f.Why) != nil {
		return "", invalid("--why", f.Why, T("what the fee is for, such as 运费"))
	}
	if f.Split != "household" && f.Split != "value" {
		return "", invalid("--split", f.Split, verbatim("household, value"))
	}
	id := tx.NewID()
	return id, tx.insert(tBuyFees, id, map[string]any{"buy_id": f.BuyID, "fen": f.Fen, "why": f.Why, "split": f.Split})
}

// SetBuyOrders replaces the orders of the households in orders (all their
// items) and the buy's import errors; other households' orders stay.
func (tx *Tx) SetBuyOrders(buyID string, orders []BuyOrder, errs []BuyError) error {
	st, err := tx.BuyState(tx.ctx, buyID)
	if err != nil {
		return err
	}
	replaced := map[string]bool{}
	for _, o := range orders {
		if o.Qty < 1 || o.Qty > MaxQty {
			return invalid("qty", strconv.Itoa(o.Qty), T("1 to %d", MaxQty))
		}
		if !slices.ContainsFunc(st.Items, func(it BuyItem) bool { return it.ID == o.ItemID }) {
			return Errorf("item %s: %w", o.ItemID, ErrNotFound)
		}
		replaced[o.HouseholdID] = true
	}
	for _, o := range st.Orders {
		if replaced[o.HouseholdID] {
			if err := tx.delete(tBuyOrders, o.ID); err != nil {
				return err
			}
		}
	}
	for _, o := range orders {
		if err := tx.insert(tBuyOrders, tx.NewID(), map[string]any{"buy_id": buyID, "household_id": o.HouseholdID,
			"item_id": o.ItemID, "qty": int64(o.Qty), "seq": int64(o.Seq)}); err != nil {
			return err
		}
	}
	for _, e := range st.Errors {
		if err := tx.delete(tBuyErrors, e.ID); err != nil {
			return err
		}
	}
	for _, e := range errs {
		if err := tx.insert(tBuyErrors, tx.NewID(), map[string]any{"buy_id": buyID, "line": int64(e.Line),
			"text": PrintableText(trimTo(e.Text, 200)), "reason": e.Reason}); err != nil {
			return err
		}
	}
	return nil
}

// AddBuyPayment records money a household paid.
func (tx *Tx) AddBuyPayment(buyID, household string, fen int64) error {
	if fen < 1 || fen > MaxFeeFen {
		return invalid("--yuan", "", T("an amount from ¥0.01 to ¥100000"))
	}
	return tx.insert(tBuyPayments, tx.NewID(), map[string]any{"buy_id": buyID, "household_id": household, "fen": fen,
		"at": tx.at.UTC().Format("2006-01-02T15:04:05Z")})
}

// SetBuyInvoice records what the supplier charged for the goods, fees
// apart, and the unit prices it gives by item name.
func (tx *Tx) SetBuyInvoice(buyID string, inv BuyInvoice) error {
	if inv.Fen < 0 || inv.Fen > 100*MaxFeeFen {
		return invalid("--yuan", "", T("an amount from ¥0 to ¥10000000"))
	}
	var parts []string
	for _, k := range sortedKeys(inv.Prices) {
		parts = append(parts, k+"="+strconv.FormatInt(inv.Prices[k], 10))
	}
	set := map[string]any{"fen": inv.Fen, "prices": strings.Join(parts, ",")}
	if _, err := readRow(tx.ctx, cached{tx}, tBuyInvoices, buyID); errors.Is(err, ErrNotFound) {
		return tx.insert(tBuyInvoices, buyID, set)
	} else if err != nil {
		return err
	}
	return tx.update(tBuyInvoices, buyID, set)
}

// MarkBuyDelivered records households as having received their goods
// (those not already).
func (tx *Tx) MarkBuyDelivered(buyID string, households []string) (int, error) {
	st, err := tx.BuyState(tx.ctx, buyID)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, h := range households {
		if _, done := st.Delivered[h]; done {
			continue
		}
		if err := tx.insert(tBuyDeliveries, tx.NewID(), map[string]any{"buy_id": buyID, "household_id": h,
			"at": tx.at.UTC().Format("2006-01-02T15:04:05Z")}); err != nil {
			return n, err
		}
		st.Delivered[h] = "now"
		n++
	}
	return n, nil
}

// AddBuyShorts records what a shortfall took from orders.
func (tx *Tx) AddBuyShorts(buyID string, shorts []BuyShort) error {
	for _, s := range shorts {
		if err := tx.insert(tBuyShorts, tx.NewID(), map[string]any{"buy_id": buyID, "item_id": s.ItemID,
			"household_id": s.HouseholdID, "qty": int64(s.Qty)}); err != nil {
			return err
		}
	}
	return nil
}

// SetBuyBills replaces the buy's recorded bills: a row only changes when
// its figures do.
func (tx *Tx) SetBuyBills(buyID string, bills []BuyBill) error {
	st, err := tx.BuyState(tx.ctx, buyID)
	if err != nil {
		return err
	}
	old := map[string]BuyBill{}
	for _, b := range st.Bills {
		old[b.HouseholdID] = b
	}
	for _, b := range bills {
		set := map[string]any{"buy_id": buyID, "household_id": b.HouseholdID, "goods_fen": b.GoodsFen,
			"fees_fen": b.FeesFen, "refund_fen": b.RefundFen, "total_fen": b.TotalFen}
		o, ok := old[b.HouseholdID]
		delete(old, b.HouseholdID)
		switch {
		case !ok:
			if err := tx.insert(tBuyBills, tx.NewID(), set); err != nil {
				return err
			}
		case o.GoodsFen != b.GoodsFen || o.FeesFen != b.FeesFen || o.RefundFen != b.RefundFen || o.TotalFen != b.TotalFen:
			if err := tx.update(tBuyBills, o.ID, set); err != nil {
				return err
			}
		}
	}
	for _, h := range sortedKeys(old) {
		if err := tx.delete(tBuyBills, old[h].ID); err != nil {
			return err
		}
	}
	return nil
}

// ParseYuan reads an amount of money in yuan (12, 12.5, 12.50, ¥12.50,
// 12.50元, full-width digits) as integer fen, never through floating
// point. At most two decimals; at most ¥10,000,000.
func ParseYuan(field, s string) (int64, error) {
	t := NormalizeText(s)
	t = strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(t, "¥"), "￥"), "元")
	whole, frac, hasDot := strings.Cut(t, ".")
	bad := &FieldError{Field: field, Value: s, Want: T("an amount in yuan with at most two decimals, such as 12.50"), Err: ErrInvalid}
	if whole == "" || len(whole) > 8 || hasDot && (len(frac) == 0 || len(frac) > 2) {
		return 0, bad
	}
	for _, r := range whole + frac {
		if r < '0' || r > '9' {
			return 0, bad
		}
	}
	fen, _ := strconv.ParseInt(whole, 10, 64)
	fen *= 100
	if len(frac) == 1 {
		frac += "0"
	}
	if frac != "" {
		f, _ := strconv.ParseInt(frac, 10, 64)
		fen += f
	}
	return fen, nil
}

// FormatFen writes fen as yuan with two decimals: 1250 is 12.50.
func FormatFen(fen int64) string {
	sign := ""
	if fen < 0 {
		sign, fen = "-", -fen
	}
	return sign + strconv.FormatInt(fen/100, 10) + "." + strconv.FormatInt(fen%100/10, 10) + strconv.FormatInt(fen%10, 10)
}
