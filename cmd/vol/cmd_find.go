package main

import (
	"context"
	"strings"

	"github.com/spf13/cobra"

	"vol/ledger"
)

type findOptions struct {
	Text       string
	JSON, Full bool
}

func newFindCmd(a *App) *cobra.Command {
	opts := findOptions{}
	c := &cobra.Command{
		Use:   "find TEXT [--full] [--json]",
		Short: "Find people by a part of their name, phone, address or notes",
		Long: `Find the people whose name, phone, address or notes hold TEXT, in address
order, with what matched. Names and notes are compared folded: full-width
letters, traditional characters, capitals and spaces do not matter (杨 finds
楊 and 杨强平). A phone matches by its digits, 3 or more, anywhere in the
number (5678 finds 139****5678). An address matches as any form vol
household add takes (the people of that household), as a building (3号楼,
A座) or as part of the written address (501室, 一期). Names and phones are
masked unless --full.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Text = args[0]
			if strings.TrimSpace(opts.Text) == "" {
				return usageErr(&ledger.FieldError{Field: "TEXT", Accepted: a.T("find.empty"), Err: ledger.ErrInvalid})
			}
			return findPeopleRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	c.Flags().BoolVar(&opts.Full, "full", false, "show names and phones unmasked")
	return c
}

type foundJSON struct {
	ID        string   `json:"id"`
	Name      string   `json:"name"`
	Address   string   `json:"address"`
	Household string   `json:"household"`
	Phone     string   `json:"phone"`
	Matched   []string `json:"matched"` // name, phone, address, notes
}

// finder says which of a person's fields hold the text of vol find.
type finder struct {
	name      string                    // folded, "" when the text holds no letter or digit
	digits    string                    // the text's digits when it is a phone's part, else ""
	address   func(ledger.Address) bool // nil when the text reads as no address
	inAddress string                    // folded, matched in the written address
}

func newFinder(text string) finder {
	f := finder{name: ledger.FoldName(text)}
	t := ledger.NormalizeText(text)
	var digits strings.Builder
	phoneLike := true
	for _, r := range t {
		switch {
		case r >= '0' && r <= '9':
			digits.WriteRune(r)
		case r == ' ' || r == '-' || r == '+' || r == '(' || r == ')':
		default:
			phoneLike = false
		}
	}
	if phoneLike && digits.Len() >= 3 {
		f.digits = digits.String()
	}
	if addr, err := ledger.ParseAddress(t); err == nil {
		f.address = func(a ledger.Address) bool { return a == addr }
	} else if !phoneLike {
		if b, err := ledger.ParseBuilding(t); err == nil {
			f.address = b.Has
		}
		f.inAddress = ledger.FoldName(t)
	}
	return f
}

// match lists the fields of p that hold the text.
func (f finder) match(p ledger.Person) []string {
	var m []string
	if f.name != "" && strings.Contains(ledger.FoldName(p.Name), f.name) {
		m = append(m, "name")
	}
	if f.digits != "" && p.Phone != "" && strings.Contains(p.Phone, f.digits) {
		m = append(m, "phone")
	}
	if !p.Address.IsZero() && (f.address != nil && f.address(p.Address) ||
		f.inAddress != "" && strings.Contains(ledger.FoldName(p.Address.String()), f.inAddress)) {
		m = append(m, "address")
	}
	if f.name != "" && p.Notes != "" && strings.Contains(ledger.FoldName(p.Notes), f.name) {
		m = append(m, "notes")
	}
	return m
}

func findPeopleRun(ctx context.Context, a *App, opts findOptions) error {
	db, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	f := newFinder(opts.Text)
	out := []foundJSON{}
	// Everyone, streamed in the register's order (address, then older
	// first, then ID) with their notes; only the matches are kept.
	for p, err := range db.PeopleByAddress(ctx, ledger.PeopleQuery{Private: true}) {
		if err != nil {
			return err
		}
		if p.ID == "" {
			continue // a household nobody is listed in
		}
		m := f.match(p)
		if len(m) == 0 {
			continue
		}
		j := foundJSON{ID: p.ID, Name: ledger.MaskName(p.Name), Address: p.Address.String(), Household: p.HouseholdID,
			Phone: ledger.MaskPhone(p.Phone), Matched: m}
		if opts.Full {
			j.Name, j.Phone = p.Name, p.Phone
		}
		out = append(out, j)
	}
	if opts.Full {
		a.info("%s", a.T("msg.full"))
	}
	if opts.JSON {
		return printJSON(a.Out, out)
	}
	rows := make([][]string, 0, len(out))
	for _, j := range out {
		words := make([]string, len(j.Matched))
		for i, m := range j.Matched {
			words[i] = a.T("find." + m)
		}
		rows = append(rows, []string{shortID(j.ID), j.Name, j.Address, j.Phone, strings.Join(words, a.T("pick.sep"))})
	}
	return printTable(a.Out, []string{a.T("h.id"), a.T("h.name"), a.T("h.address"), a.T("h.phone"), a.T("h.matched")}, rows)
}
