package hub

// TableFigures are the figures a status table shows (--json and the
// workbook have them all).
var TableFigures = []string{"present_households", "present_residents", "elder_households", "unpaired_elder_households",
	"med_open_requests", "packs_delivered"}

// Row kinds of a status table.
const (
	RowCompound = "compound" // one compound
	RowStreet   = "street"   // a street's subtotal, after its last compound
	RowDistrict = "district" // a district's subtotal, after every street
	RowTotal    = "total"    // the sum over every compound, last
)

// Row is one line of the district's table as vol hub status and the hub's
// page show it: the compounds in the status's order, each street's
// subtotal after its last compound, then each district's, then the total.
type Row struct {
	Kind     string
	LedgerID string // a compound's
	District string
	Street   string // "" on a district's and the total's row
	Compound string // a compound's name
	// Reported: a compound's row, whether it reported; MadeAt its report's
	// time (RFC 3339, UTC).
	Reported bool
	MadeAt   string
	// Of, With: how many compounds the sum covers, how many reported.
	Of, With int
	Figures  Figures
}

// Rows lays st out as the table's lines.
func (st Status) Rows() []Row {
	rows := make([]Row, 0, len(st.Compounds)+len(st.Streets)+len(st.Districts)+1)
	street := 0
	for i, c := range st.Compounds {
		rows = append(rows, Row{Kind: RowCompound, LedgerID: c.LedgerID, District: c.District, Street: c.Street, Compound: c.Compound,
			Reported: c.Reported, MadeAt: c.MadeAt, Of: 1, With: b2i(c.Reported), Figures: c.Figures})
		last := i+1 == len(st.Compounds) || st.Compounds[i+1].Street != c.Street || st.Compounds[i+1].District != c.District
		if last && street < len(st.Streets) {
			t := st.Streets[street]
			street++
			rows = append(rows, Row{Kind: RowStreet, District: t.District, Street: t.Street, Of: t.Compounds, With: t.Reported, Figures: t.Figures})
		}
	}
	for _, d := range st.Districts {
		rows = append(rows, Row{Kind: RowDistrict, District: d.District, Of: d.Compounds, With: d.Reported, Figures: d.Figures})
	}
	return append(rows, Row{Kind: RowTotal, Of: len(st.Compounds), With: len(st.Compounds) - len(st.NotReported), Figures: st.Totals})
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
