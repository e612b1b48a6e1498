package hub

import (
	"context"
	"database/sql"
	"sort"
	"strings"
	"time"

	"vol/cmd/internal/report"
	"vol/ledger"
)

// Compound is one compound's row of a day: as vol hub status --json gives
// it, its figure keys beside ledger_id, compound, street, district,
// reported.
type Compound struct {
	LedgerID string `json:"ledger_id"`
	Compound string `json:"compound"`
	Street   string `json:"street"`
	District string `json:"district"`
	Reported bool   `json:"reported"`
	Figures
	MadeAt string `json:"-"` // when its report was made; "" when none
	// Needs of its report (zero when none).
	PacksShort       *int64 `json:"-"`
	MedNotFoundOther int64  `json:"-"`
}

// Subtotal is a street's or a district's sum.
type Subtotal struct {
	District  string  `json:"district"`
	Street    string  `json:"street,omitempty"`
	Compounds int     `json:"compounds"`
	Reported  int     `json:"reported"`
	Figures   Figures `json:"figures"`
}

// Missing is a compound that has not reported.
type Missing struct {
	LedgerID string `json:"ledger_id"`
	Compound string `json:"compound"`
	Street   string `json:"street"`
}

// Status is the district's day: vol hub status.
type Status struct {
	Date        string     `json:"date"`
	Compounds   []Compound `json:"compounds"`
	Totals      Figures    `json:"totals"`
	Streets     []Subtotal `json:"streets"`
	Districts   []Subtotal `json:"districts"`
	NotReported []Missing  `json:"not_reported"`
}

// Status reads day's figures of every compound (of one street when street
// is not ""), in order of district, street, compound name and ledger ID,
// with the totals over those that reported, per street and district, and
// those that did not report.
func (s *Store) Status(ctx context.Context, day, street string) (Status, error) {
	st := Status{Date: day, Compounds: []Compound{}, Streets: []Subtotal{}, Districts: []Subtotal{}, NotReported: []Missing{}}
	cols := "r.made_at, r.compound, r.street, r.district, r.packs_short, r.med_not_found_other"
	for _, k := range report.FigureKeys {
		cols += ", r." + k
	}
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT c.ledger_id, c.compound, c.street, c.district, c.told_street, `+cols+`
		FROM compounds c LEFT JOIN reports r ON r.ledger_id = c.ledger_id AND r.day = ?`), day)
	if err != nil {
		return st, s.fault(err)
	}
	defer rows.Close()
	for rows.Next() {
		var c Compound
		var told string
		var made, rc, rs, rd sql.NullString
		var short, other sql.NullInt64
		var figs [numFigures]sql.NullInt64
		dst := make([]any, 0, 11+numFigures)
		dst = append(dst, &c.LedgerID, &c.Compound, &c.Street, &c.District, &told, &made, &rc, &rs, &rd, &short, &other)
		for i := range figs {
			dst = append(dst, &figs[i])
		}
		if err := rows.Scan(dst...); err != nil {
			return st, s.fault(err)
		}
		if made.Valid {
			c.Reported, c.MadeAt = true, made.String
			c.Compound, c.Street, c.District = rc.String, rs.String, rd.String
			slots := c.Figures.slots()
			for i := range figs {
				if figs[i].Valid {
					n := figs[i].Int64
					*slots[i] = &n
				}
			}
			if short.Valid {
				n := short.Int64
				c.PacksShort = &n
			}
			c.MedNotFoundOther = other.Int64
		}
		if c.Street == "" {
			c.Street = told
		}
		if street != "" && c.Street != street {
			continue
		}
		st.Compounds = append(st.Compounds, c)
	}
	if err := rows.Err(); err != nil {
		return st, s.fault(err)
	}
	sort.Slice(st.Compounds, func(i, j int) bool {
		a, b := &st.Compounds[i], &st.Compounds[j]
		switch {
		case a.District != b.District:
			return a.District < b.District
		case a.Street != b.Street:
			return a.Street < b.Street
		case a.Compound != b.Compound:
			return a.Compound < b.Compound
		}
		return a.LedgerID < b.LedgerID
	})
	streets, districts := map[[2]string]*Subtotal{}, map[string]*Subtotal{}
	for i := range st.Compounds {
		c := &st.Compounds[i]
		sk := [2]string{c.District, c.Street}
		if streets[sk] == nil {
			streets[sk] = &Subtotal{District: c.District, Street: c.Street}
			st.Streets = append(st.Streets, Subtotal{})
		}
		if districts[c.District] == nil {
			districts[c.District] = &Subtotal{District: c.District}
			st.Districts = append(st.Districts, Subtotal{})
		}
		for _, t := range []*Subtotal{streets[sk], districts[c.District]} {
			t.Compounds++
			if c.Reported {
				t.Reported++
				t.Figures.add(&c.Figures)
			}
		}
		if c.Reported {
			st.Totals.add(&c.Figures)
		} else {
			st.NotReported = append(st.NotReported, Missing{LedgerID: c.LedgerID, Compound: c.Compound, Street: c.Street})
		}
	}
	// In the compounds' order (district, street).
	i, j := 0, 0
	seenS, seenD := map[[2]string]bool{}, map[string]bool{}
	for _, c := range st.Compounds {
		if sk := [2]string{c.District, c.Street}; !seenS[sk] {
			seenS[sk] = true
			st.Streets[i] = *streets[sk]
			i++
		}
		if !seenD[c.District] {
			seenD[c.District] = true
			st.Districts[j] = *districts[c.District]
			j++
		}
	}
	return st, nil
}

// TrendDay is one day of a figure's trend.
type TrendDay struct {
	Date      string `json:"date"`
	Reported  int    `json:"reported"` // compounds that reported that day
	Total     *int64 `json:"total"`    // null when none of them had the figure
	Compounds int    `json:"compounds"`
}

// Trend is a figure's total over the days ending on end: vol hub trend.
type Trend struct {
	Figure string     `json:"figure"`
	Days   []TrendDay `json:"days"`
}

// Trend sums figure over every compound that reported, day by day, for
// the days days ending on end (YYYY-MM-DD). figure must be one of the
// report's keys (ledger.ErrInvalid otherwise).
func (s *Store) Trend(ctx context.Context, figure, end string, days int) (Trend, error) {
	t := Trend{Figure: figure, Days: []TrendDay{}}
	if !isFigure(figure) {
		return t, &ledger.FieldError{Field: "--figure", Value: trimValue(figure), Err: ledger.ErrInvalid,
			Want: ledger.T("one of %s", strings.Join(report.FigureKeys, ", "))}
	}
	last, err := time.Parse("2006-01-02", end)
	if err != nil {
		return t, &ledger.FieldError{Field: "--date", Value: trimValue(end), Err: ledger.ErrInvalid, Want: ledger.T("a day, YYYY-MM-DD")}
	}
	first := last.AddDate(0, 0, -(days - 1)).Format("2006-01-02")
	var compounds int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM compounds`).Scan(&compounds); err != nil {
		return t, s.fault(err)
	}
	// figure is one of the report's keys, the name of its column.
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT day, count(*), sum(`+figure+`), count(`+figure+`) FROM reports
		WHERE day >= ? AND day <= ? GROUP BY day`), first, end)
	if err != nil {
		return t, s.fault(err)
	}
	defer rows.Close()
	got := map[string]TrendDay{}
	for rows.Next() {
		var d TrendDay
		var sum sql.NullInt64
		var with int
		if err := rows.Scan(&d.Date, &d.Reported, &sum, &with); err != nil {
			return t, s.fault(err)
		}
		if with > 0 && sum.Valid {
			n := sum.Int64
			d.Total = &n
		}
		got[d.Date] = d
	}
	if err := rows.Err(); err != nil {
		return t, s.fault(err)
	}
	for i := range days {
		day := last.AddDate(0, 0, i-(days-1)).Format("2006-01-02")
		d, ok := got[day]
		if !ok {
			d = TrendDay{Date: day}
		}
		d.Compounds = compounds
		t.Days = append(t.Days, d)
	}
	return t, nil
}

func isFigure(k string) bool {
	for _, f := range report.FigureKeys {
		if f == k {
			return true
		}
	}
	return false
}

// DrugTotal is a drug not found, summed over the compounds.
type DrugTotal struct {
	Drug       string `json:"drug"`
	Households int64  `json:"households"`
	Compounds  int    `json:"compounds"`
}

// CompoundNeed is a compound with something the office can act on.
type CompoundNeed struct {
	LedgerID                string `json:"ledger_id"`
	Compound                string `json:"compound"`
	Street                  string `json:"street"`
	District                string `json:"district"`
	UnpairedElderHouseholds int64  `json:"unpaired_elder_households"`
	PacksShort              *int64 `json:"packs_short"`
	MedNotFoundOther        int64  `json:"med_not_found_other"`
}

// Needs are the district's needs of a day: vol hub needs.
type Needs struct {
	Date string `json:"date"`
	// Drugs not found after two runs, summed across compounds, most
	// requested first; Other counts the requests of drugs each compound
	// only counted (fewer than 3 households asked).
	Drugs []DrugTotal `json:"med_not_found"`
	Other int64       `json:"med_not_found_other"`
	// Compounds with elder households lacking a volunteer, or packs
	// short, most elder households first.
	Compounds []CompoundNeed `json:"compounds"`
}

// Needs reads day's needs from the reports of that day.
func (s *Store) Needs(ctx context.Context, day string) (Needs, error) {
	n := Needs{Date: day, Drugs: []DrugTotal{}, Compounds: []CompoundNeed{}}
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT drug, sum(households), count(*) FROM report_drugs WHERE day = ?
		GROUP BY drug ORDER BY sum(households) DESC, drug`), day)
	if err != nil {
		return n, s.fault(err)
	}
	for rows.Next() {
		var d DrugTotal
		if err := rows.Scan(&d.Drug, &d.Households, &d.Compounds); err != nil {
			rows.Close()
			return n, s.fault(err)
		}
		n.Drugs = append(n.Drugs, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return n, s.fault(err)
	}
	// Go's order, not the store's collation: the same on both stores.
	sort.SliceStable(n.Drugs, func(i, j int) bool {
		if n.Drugs[i].Households != n.Drugs[j].Households {
			return n.Drugs[i].Households > n.Drugs[j].Households
		}
		return n.Drugs[i].Drug < n.Drugs[j].Drug
	})
	st, err := s.Status(ctx, day, "")
	if err != nil {
		return n, err
	}
	for _, c := range st.Compounds {
		if !c.Reported {
			continue
		}
		n.Other += c.MedNotFoundOther
		unpaired := int64(0)
		if p := c.UnpairedElderHouseholds; p != nil {
			unpaired = *p
		}
		if unpaired > 0 || (c.PacksShort != nil && *c.PacksShort > 0) || c.MedNotFoundOther > 0 {
			n.Compounds = append(n.Compounds, CompoundNeed{LedgerID: c.LedgerID, Compound: c.Compound, Street: c.Street, District: c.District,
				UnpairedElderHouseholds: unpaired, PacksShort: c.PacksShort, MedNotFoundOther: c.MedNotFoundOther})
		}
	}
	sort.SliceStable(n.Compounds, func(i, j int) bool {
		return n.Compounds[i].UnpairedElderHouseholds > n.Compounds[j].UnpairedElderHouseholds
	})
	return n, nil
}

// Share is a compound's share of a delivery: vol hub split's input.
type Share struct {
	LedgerID, Compound, Street, District string
	PresentHouseholds                    int64
}

// Shares are the compounds that reported on day with their present
// households, in the status's order (district, street, compound name,
// ledger ID): the order ties in a split go by.
func (s *Store) Shares(ctx context.Context, day string) ([]Share, error) {
	st, err := s.Status(ctx, day, "")
	if err != nil {
		return nil, err
	}
	out := []Share{}
	for _, c := range st.Compounds {
		if !c.Reported {
			continue
		}
		sh := Share{LedgerID: c.LedgerID, Compound: c.Compound, Street: c.Street, District: c.District}
		if p := c.PresentHouseholds; p != nil {
			sh.PresentHouseholds = *p
		}
		out = append(out, sh)
	}
	return out, nil
}
