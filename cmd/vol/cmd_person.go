package main

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"vol/ledger"
)

func newPersonCmd(a *App) *cobra.Command {
	return groupCmd("person", "List, show, change or remove people",
		newPersonAddCmd(a), newPersonListCmd(a), newPersonShowCmd(a), newPersonSetCmd(a), newPersonRmCmd(a))
}

// personFlags are the fields person add and person set take.
type personFlags struct {
	Address, Birth, Sex, Phone, Role, Skills, Needs, Emergency, Notes, Name string
	Away, Present, Volunteer, NewHousehold                                  bool
}

func (pf *personFlags) register(c *cobra.Command, set bool) {
	f := c.Flags()
	f.StringVar(&pf.Address, "address", "", "household address (any form vol household add takes)")
	f.StringVar(&pf.Birth, "birth", "", "birth year or year-month (1948, 1948-03); an ID-card number keeps only its birth month")
	f.StringVar(&pf.Sex, "sex", "", "男/女 (M/F)")
	f.StringVar(&pf.Phone, "phone", "", "phone number (digits)")
	roleHelp := "resident/居民, property_staff/物业人员, stranded_worker/滞留人员"
	if !set {
		roleHelp += " (default resident)"
	}
	f.StringVar(&pf.Role, "role", "", roleHelp)
	f.StringVar(&pf.Skills, "skills", "", "skills, e.g. 医生、司机 (comma or 、 separated)")
	f.StringVar(&pf.Needs, "needs", "", "needs, e.g. 就医、配药 (used by pairing)")
	f.StringVar(&pf.Emergency, "emergency", "", "emergency contact")
	f.StringVar(&pf.Notes, "notes", "", "notes")
	f.BoolVar(&pf.Volunteer, "volunteer", false, "a volunteer (--volunteer=false to stop)")
	if set {
		f.StringVar(&pf.Name, "name", "", "corrected name")
		f.BoolVar(&pf.Present, "present", false, "living here now (--present=false when away)")
	} else {
		f.BoolVar(&pf.Away, "away", false, "registered but not living here now")
		f.BoolVar(&pf.NewHousehold, "new-household", false, "register the address as a new household if it is not one yet")
	}
}

// parse reads the flags that need checking: birth, sex, phone and role.
func (pf *personFlags) parse() (birth, sex, phone string, role ledger.Role, err error) {
	if birth, err = ledger.ParseBirth(pf.Birth); err != nil {
		return
	}
	if sex, err = ledger.ParseSex(pf.Sex); err != nil {
		return
	}
	if phone, err = ledger.NormalizePhone(pf.Phone); err != nil {
		return
	}
	role, err = ledger.ParseRole(pf.Role)
	return
}

func newPersonAddCmd(a *App) *cobra.Command {
	pf := personFlags{}
	var dryRun bool
	c := &cobra.Command{
		Use:   "add NAME --address ADDRESS [flags]",
		Short: "List a person in a household (property staff need no address)",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			p := ledger.PersonFields{Name: ledger.NormalizeText(args[0]), Present: !pf.Away, Volunteer: pf.Volunteer,
				Skills: ledger.SplitTags(pf.Skills), Needs: ledger.SplitTags(pf.Needs),
				Emergency: ledger.NormalizeText(pf.Emergency), Notes: ledger.NormalizeText(pf.Notes)}
			var err error
			if p.Birth, p.Sex, p.Phone, p.Role, err = pf.parse(); err != nil {
				return err
			}
			var addr ledger.Address
			if pf.Address != "" {
				if addr, err = ledger.ParseAddress(pf.Address); err != nil {
					return err
				}
			}
			db, err := a.open(ctx)
			if err != nil {
				return err
			}
			defer db.Close()
			e, err := db.Write(ctx, a.meta("person add"), func(tx *ledger.Tx) error {
				if !addr.IsZero() {
					hid, err := tx.HouseholdAt(addr)
					if errors.Is(err, ledger.ErrNotFound) && pf.NewHousehold {
						hid, err = tx.AddHousehold(addr)
					}
					if errors.Is(err, ledger.ErrNotFound) {
						return &ledger.FieldError{Field: "address", Value: addr.String(), Err: ledger.ErrNotFound,
							Accepted: "a registered household (vol household add " + addr.String() + ", or pass --new-household)"}
					}
					if err != nil {
						return err
					}
					p.HouseholdID = hid
				}
				if _, err := tx.AddPerson(p); err != nil {
					return err
				}
				if dryRun {
					return errDryRun
				}
				return nil
			})
			where := addr.String()
			if addr.IsZero() {
				where = a.T("role.property_staff")
			}
			if errors.Is(err, errDryRun) {
				a.info("%s", a.T("msg.person.added", ledger.MaskName(p.Name), where))
				a.info("%s", a.T("msg.dryrun"))
				return nil
			}
			return a.reportWrite(e, err, "msg.person.added", ledger.MaskName(p.Name), where)
		},
	}
	pf.register(c, false)
	c.Flags().BoolVar(&dryRun, "dry-run", false, "check and show, write nothing")
	return c
}

type personJSON struct {
	ID        string   `json:"id"`
	Name      string   `json:"name"`
	Address   string   `json:"address"`
	Household string   `json:"household"`
	Role      string   `json:"role"`
	Present   bool     `json:"present"`
	Volunteer bool     `json:"volunteer"`
	Skills    []string `json:"skills"`
	Sex       string   `json:"sex"`
	Birth     string   `json:"birth"`
	Age       *int     `json:"age"`
	Phone     string   `json:"phone"`
	Needs     []string `json:"needs"`
	Emergency string   `json:"emergency,omitempty"`
	Notes     string   `json:"notes,omitempty"`
}

// personView shows a person: birth cut to the year and phone masked unless
// full; emergency contact and notes only when full.
func (a *App) personView(p ledger.Person, reg *ledger.Register, full bool) personJSON {
	j := personJSON{ID: p.ID, Name: p.Name, Address: p.Address.String(), Household: p.HouseholdID, Role: string(p.Role),
		Present: p.Present, Volunteer: p.Volunteer, Skills: p.Skills, Sex: p.Sex,
		Birth: ledger.MaskBirth(p.Birth), Phone: ledger.MaskPhone(p.Phone), Needs: p.Needs}
	if age := ledger.Age(p.Birth, reg.On); age >= 0 {
		j.Age = &age
	}
	if full {
		j.Birth, j.Phone, j.Emergency, j.Notes = p.Birth, p.Phone, p.Emergency, p.Notes
	}
	return j
}

func (a *App) peopleJSON(ps []ledger.Person, reg *ledger.Register, full bool) []personJSON {
	out := make([]personJSON, 0, len(ps))
	for _, p := range ps {
		out = append(out, a.personView(p, reg, full))
	}
	return out
}

func (a *App) printPeople(ps []ledger.Person, reg *ledger.Register, full bool) error {
	rows := make([][]string, 0, len(ps))
	for _, p := range a.peopleJSON(ps, reg, full) {
		age := ""
		if p.Age != nil {
			age = strconv.Itoa(*p.Age)
		}
		rows = append(rows, []string{shortID(p.ID), p.Name, a.sexWord(p.Sex), age, p.Address, a.T("role." + p.Role),
			a.yesno(p.Present), a.yesno(p.Volunteer), strings.Join(p.Skills, "、"), p.Phone})
	}
	return printTable(a.Out, []string{a.T("h.id"), a.T("h.name"), a.T("h.sex"), a.T("h.age"), a.T("h.address"), a.T("h.role"),
		a.T("h.present"), a.T("h.volunteer"), a.T("h.skills"), a.T("h.phone")}, rows)
}

func (a *App) sexWord(s string) string {
	if s == "" {
		return ""
	}
	return a.T("sex." + s)
}

func newPersonListCmd(a *App) *cobra.Command {
	var asJSON, full, volunteers bool
	var role, building string
	c := &cobra.Command{
		Use:   "list",
		Short: "List people in address order (phones masked unless --full)",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			inBuilding, err := buildingFilter(building)
			if err != nil {
				return err
			}
			var want ledger.Role
			if role != "" {
				var err error
				if want, err = ledger.ParseRole(role); err != nil {
					return err
				}
			}
			reg, err := a.register(cmd.Context())
			if err != nil {
				return err
			}
			var ps []ledger.Person
			for _, p := range reg.People {
				if (want != "" && p.Role != want) || (volunteers && !p.Volunteer) ||
					(building != "" && !inBuilding(p.Address)) {
					continue
				}
				ps = append(ps, p)
			}
			if full {
				a.info("%s", a.T("msg.full"))
			}
			if asJSON {
				return printJSON(a.Out, a.peopleJSON(ps, reg, full))
			}
			return a.printPeople(ps, reg, full)
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	c.Flags().BoolVar(&full, "full", false, "show phones and birth months unmasked")
	c.Flags().BoolVar(&volunteers, "volunteers", false, "only volunteers")
	c.Flags().StringVar(&role, "role", "", "only this role")
	c.Flags().StringVar(&building, "building", "", "only this building")
	return c
}

func newPersonShowCmd(a *App) *cobra.Command {
	var asJSON, full bool
	c := &cobra.Command{
		Use:   "show PERSON",
		Short: "Show one person (PERSON: an ID, a unique part of one, or NAME@ADDRESS)",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			db, reg, err := a.openRegister(ctx)
			if err != nil {
				return err
			}
			defer db.Close()
			p, err := db.Person(ctx, args[0])
			if err != nil {
				return err
			}
			if full {
				a.info("%s", a.T("msg.full"))
			}
			v := a.personView(p, reg, full)
			if asJSON {
				return printJSON(a.Out, v)
			}
			age := ""
			if v.Age != nil {
				age = strconv.Itoa(*v.Age)
			}
			rows := [][]string{
				{a.T("h.id"), v.ID}, {a.T("h.name"), v.Name}, {a.T("h.sex"), a.sexWord(v.Sex)},
				{a.T("h.birth"), v.Birth}, {a.T("h.age"), age}, {a.T("h.address"), v.Address},
				{a.T("h.role"), a.T("role." + v.Role)}, {a.T("h.present"), a.yesno(v.Present)},
				{a.T("h.volunteer"), a.yesno(v.Volunteer)}, {a.T("h.skills"), strings.Join(v.Skills, "、")},
				{a.T("h.needs"), strings.Join(v.Needs, "、")}, {a.T("h.phone"), v.Phone},
			}
			if full {
				rows = append(rows, []string{a.T("h.emergency"), v.Emergency}, []string{a.T("h.notes"), v.Notes})
			}
			return printTable(a.Out, []string{a.T("h.field"), a.T("h.value")}, rows)
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	c.Flags().BoolVar(&full, "full", false, "show birth month, phone, emergency contact and notes")
	return c
}

func newPersonSetCmd(a *App) *cobra.Command {
	pf := personFlags{}
	c := &cobra.Command{
		Use:   "set PERSON [flags]",
		Short: "Change a person's fields",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			f := cmd.Flags()
			ch := ledger.PersonChange{}
			str := func(name, v string) *string {
				if !f.Changed(name) {
					return nil
				}
				v = ledger.NormalizeText(v)
				return &v
			}
			ch.Name, ch.Emergency, ch.Notes = str("name", pf.Name), str("emergency", pf.Emergency), str("notes", pf.Notes)
			if ch.Name != nil && *ch.Name == "" {
				return &ledger.FieldError{Field: "name", Accepted: "a non-empty name", Err: ledger.ErrInvalid}
			}
			birth, sex, phone, role, err := pf.parse()
			if err != nil {
				return err
			}
			if f.Changed("birth") {
				ch.Birth = &birth
			}
			if f.Changed("sex") {
				ch.Sex = &sex
			}
			if f.Changed("phone") {
				ch.Phone = &phone
			}
			if f.Changed("role") {
				ch.Role = &role
			}
			if f.Changed("present") {
				ch.Present = &pf.Present
			}
			if f.Changed("volunteer") {
				ch.Volunteer = &pf.Volunteer
			}
			if f.Changed("skills") {
				t := ledger.SplitTags(pf.Skills)
				ch.Skills = &t
			}
			if f.Changed("needs") {
				t := ledger.SplitTags(pf.Needs)
				ch.Needs = &t
			}
			var addr ledger.Address
			if f.Changed("address") && pf.Address != "" {
				var err error
				if addr, err = ledger.ParseAddress(pf.Address); err != nil {
					return err
				}
			}
			fields := 0 // global flags (--as, --db …) set no field
			cmd.LocalFlags().VisitAll(func(fl *pflag.Flag) {
				if fl.Changed {
					fields++
				}
			})
			if fields == 0 {
				return usageErr(errors.New("nothing to set: give at least one field flag (see --help)"))
			}
			db, err := a.open(ctx)
			if err != nil {
				return err
			}
			defer db.Close()
			p, err := db.Person(ctx, args[0])
			if err != nil {
				return err
			}
			e, err := db.Write(ctx, a.meta("person set"), func(tx *ledger.Tx) error {
				if f.Changed("address") {
					hid := ""
					if !addr.IsZero() {
						var err error
						if hid, err = tx.HouseholdAt(addr); err != nil {
							return &ledger.FieldError{Field: "address", Value: addr.String(), Err: err, Accepted: "a registered household (vol household add)"}
						}
					}
					ch.HouseholdID = &hid
				}
				return tx.SetPerson(p.ID, ch)
			})
			return a.reportWrite(e, err, "msg.person.changed", shortID(p.ID))
		},
	}
	pf.register(c, true)
	return c
}

func newPersonRmCmd(a *App) *cobra.Command {
	var yes bool
	c := &cobra.Command{
		Use:   "rm PERSON",
		Short: "Take a person off the register (the journal keeps the change)",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			db, err := a.open(cmd.Context())
			if err != nil {
				return err
			}
			defer db.Close()
			p, err := db.Person(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			if err := a.confirm(yes, a.T("confirm.rm.person", shortID(p.ID))); err != nil {
				return err
			}
			e, err := db.Write(cmd.Context(), a.meta("person rm"), func(tx *ledger.Tx) error { return tx.RemovePerson(p.ID) })
			return a.reportWrite(e, err, "msg.person.removed", shortID(p.ID))
		},
	}
	c.Flags().BoolVar(&yes, "yes", false, "confirm without asking")
	return c
}

type elderJSON struct {
	personJSON
	Kind         string `json:"kind"`           // "alone" or "couple"
	PairedWith   string `json:"paired_with"`    // the volunteer's name (masked unless --full), "" when unpaired
	PairedWithID string `json:"paired_with_id"` // the volunteer's ID
}

func newEldersCmd(a *App) *cobra.Command {
	var asJSON, full bool
	c := &cobra.Command{
		Use:   "elders",
		Short: "Elders in elder-only households (独居 and 双独居), with age and household",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			db, reg, err := a.openRegister(ctx)
			if err != nil {
				return err
			}
			defer db.Close()
			st, err := loadPairState(ctx, db, reg)
			if err != nil {
				return err
			}
			out := []elderJSON{}
			for _, p := range reg.People {
				f, ok := reg.Facts(p.HouseholdID)
				if !ok || !f.ElderOnly || !p.Present || !reg.IsElder(p) {
					continue
				}
				kind := "alone"
				if f.PresentSize > 1 {
					kind = "couple"
				}
				e := elderJSON{personJSON: a.personView(p, reg, full), Kind: kind}
				if pr, ok := st.valid[p.HouseholdID]; ok {
					e.PairedWithID = pr.Volunteer
					if v, ok := st.people[pr.Volunteer]; ok {
						e.PairedWith = maskUnless(v.Name, full)
					}
				}
				out = append(out, e)
			}
			if asJSON {
				return printJSON(a.Out, out)
			}
			rows := make([][]string, 0, len(out))
			for _, e := range out {
				rows = append(rows, []string{shortID(e.ID), e.Name, a.sexWord(e.Sex), strconv.Itoa(*e.Age), e.Address,
					a.T("kind." + e.Kind), strings.Join(e.Needs, "、"), e.Phone, e.PairedWith})
			}
			return printTable(a.Out, []string{a.T("h.id"), a.T("h.name"), a.T("h.sex"), a.T("h.age"), a.T("h.address"),
				a.T("h.kind"), a.T("h.needs"), a.T("h.phone"), a.T("h.volunteer_name")}, rows)
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	c.Flags().BoolVar(&full, "full", false, "show phones and birth months unmasked")
	return c
}

func newVolunteersCmd(a *App) *cobra.Command {
	var asJSON, full bool
	c := &cobra.Command{
		Use:   "volunteers",
		Short: "Present volunteers with their skills",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			reg, err := a.register(cmd.Context())
			if err != nil {
				return err
			}
			var ps []ledger.Person
			for _, p := range reg.People {
				if p.Volunteer && p.Present {
					ps = append(ps, p)
				}
			}
			if asJSON {
				return printJSON(a.Out, a.peopleJSON(ps, reg, full))
			}
			return a.printPeople(ps, reg, full)
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	c.Flags().BoolVar(&full, "full", false, "show phones and birth months unmasked")
	return c
}

type whoJSON struct {
	personJSON
	Distance string `json:"distance"` // same_unit, same_building, other_building, unknown
}

func newWhoCmd(a *App) *cobra.Command {
	var asJSON, full bool
	var skill, near string
	c := &cobra.Command{
		Use:   "who --skill TAG [--near ADDRESS]",
		Short: "Present people with a skill (医生, 护士, 司机 …), nearest first",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			tags := ledger.SplitTags(skill)
			if len(tags) != 1 {
				return usageErr(fmt.Errorf("--skill (%s): want one tag such as 医生, 护士, 司机", skill))
			}
			var at ledger.Address
			if near != "" {
				var err error
				if at, err = ledger.ParseAddress(near); err != nil {
					return err
				}
			}
			reg, err := a.register(cmd.Context())
			if err != nil {
				return err
			}
			type cand struct {
				p    ledger.Person
				rank int
				gap  int
			}
			var cs []cand
			for _, p := range reg.People {
				if !p.Present || !hasTag(p.Skills, tags[0]) {
					continue
				}
				c := cand{p: p, rank: 3}
				if !at.IsZero() && !p.Address.IsZero() {
					c.rank, c.gap = nearness(at, p.Address)
				}
				cs = append(cs, c)
			}
			sort.SliceStable(cs, func(i, j int) bool {
				if cs[i].rank != cs[j].rank {
					return cs[i].rank < cs[j].rank
				}
				return cs[i].gap < cs[j].gap
			}) // reg.People is already in address order, then ID
			out := []whoJSON{}
			for _, c := range cs {
				d := [...]string{"same_unit", "same_building", "other_building", "unknown"}[c.rank]
				out = append(out, whoJSON{a.personView(c.p, reg, full), d})
			}
			if asJSON {
				return printJSON(a.Out, out)
			}
			rows := make([][]string, 0, len(out))
			for _, w := range out {
				dist := a.T("near.none")
				switch w.Distance {
				case "same_unit":
					dist = a.T("near.unit")
				case "same_building":
					dist = a.T("near.building")
				case "other_building":
					var addr ledger.Address
					for _, c := range cs {
						if c.p.ID == w.ID {
							addr = c.p.Address
						}
					}
					dist = a.T("near.other", addr.Building)
				}
				rows = append(rows, []string{shortID(w.ID), w.Name, w.Address, dist, strings.Join(w.Skills, "、"), w.Phone})
			}
			return printTable(a.Out, []string{a.T("h.id"), a.T("h.name"), a.T("h.address"), a.T("h.distance"), a.T("h.skills"), a.T("h.phone")}, rows)
		},
	}
	c.Flags().StringVar(&skill, "skill", "", "the skill to look for (required)")
	c.Flags().StringVar(&near, "near", "", "an address: same unit first, then same building, then other buildings by number")
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	c.Flags().BoolVar(&full, "full", false, "show phones unmasked")
	return c
}

func hasTag(tags []string, t string) bool {
	for _, x := range tags {
		if x == t {
			return true
		}
	}
	return false
}

// nearness ranks b as seen from a: 0 same unit, 1 same building, 2 another
// building, with the gap between building numbers for the last.
func nearness(a, b ledger.Address) (rank, gap int) {
	if a.Area == b.Area && a.Building == b.Building {
		if a.Unit == b.Unit {
			return 0, 0
		}
		return 1, 0
	}
	x, y := leadingInt(a.Building), leadingInt(b.Building)
	gap = x - y
	if gap < 0 {
		gap = -gap
	}
	if a.Area != b.Area {
		gap += 1000
	}
	return 2, gap
}

func leadingInt(s string) int {
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			break
		}
		n = n*10 + int(r-'0')
	}
	return n
}
