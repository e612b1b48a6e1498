package main

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"vol/allocate"
	"vol/ledger"
)

func newPersonCmd(a *App) *cobra.Command {
	return groupCmd("person", "List, show, change or remove people",
		newPersonAddCmd(a), newPersonListCmd(a), newPersonShowCmd(a), newPersonSetCmd(a), newPersonRmCmd(a))
}

// personFlags are the fields person add and person set take.
type personFlags struct {
	Address, Birth, Sex, Phone, Role, Skills, Needs, Emergency, Notes, Name string
	SharePhone                                                              string
	Away, Present, Volunteer, NewHousehold                                  bool
}

func (pf *personFlags) register(c *cobra.Command, set bool) {
	f := c.Flags()
	f.StringVar(&pf.Address, "address", "", "household address (any form vol household add takes)")
	f.StringVar(&pf.Birth, "birth", "", "birth year or year-month (1948, 1948-03); an ID-card number keeps only its birth month")
	f.StringVar(&pf.Sex, "sex", "", "男/女 (M/F)")
	f.StringVar(&pf.Phone, "phone", "", "phone number (digits)")
	f.StringVar(&pf.SharePhone, "share-phone", "", "yes (是) when the person agrees to have their phone shown in full to the team (pair output, elders, round sheets); no (否) masks it")
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

// sharePhone reads --share-phone (是/否, yes/no, y/n).
func (pf *personFlags) sharePhone(a *App) (bool, error) {
	b, ok := ledger.ParseYesNo(pf.SharePhone)
	if !ok {
		return false, usageErr(&ledger.FieldError{Field: "--share-phone", Value: pf.SharePhone, Accepted: a.T("cli.accept.yesno"), Err: ledger.ErrInvalid})
	}
	return b, nil
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

type personAddOptions struct {
	Name   string
	Fields personFlags
	DryRun bool
}

func newPersonAddCmd(a *App) *cobra.Command {
	opts := personAddOptions{}
	c := &cobra.Command{
		Use:   "add NAME --address ADDRESS [flags]",
		Short: "List a person in a household (property staff need no address)",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Name = args[0]
			return personAddRun(cmd.Context(), a, opts)
		},
	}
	opts.Fields.register(c, false)
	c.Flags().BoolVar(&opts.DryRun, "dry-run", false, "check and show, write nothing")
	return c
}

func personAddRun(ctx context.Context, a *App, opts personAddOptions) error {
	pf := opts.Fields
	p := ledger.PersonFields{Name: ledger.NormalizeText(opts.Name), Present: !pf.Away, Volunteer: pf.Volunteer,
		Skills: ledger.SplitTags(pf.Skills), Needs: ledger.SplitTags(pf.Needs),
		Emergency: ledger.NormalizeText(pf.Emergency), Notes: ledger.NormalizeText(pf.Notes)}
	var err error
	if p.Birth, p.Sex, p.Phone, p.Role, err = pf.parse(); err != nil {
		return err
	}
	if p.SharePhone, err = pf.sharePhone(a); err != nil {
		return err
	}
	var addr ledger.Address
	if pf.Address != "" {
		if addr, err = ledger.ParseAddress(pf.Address); err != nil {
			return err
		}
	}
	where := addr.String()
	if addr.IsZero() {
		where = a.T("role.property_staff")
	}
	_, err = a.change(ctx, change{command: "person add", dryRun: opts.DryRun, apply: func(tx *ledger.Tx, r *report) error {
		if !addr.IsZero() {
			hid, err := tx.HouseholdAt(addr)
			if errors.Is(err, ledger.ErrNotFound) && pf.NewHousehold {
				hid, err = tx.AddHousehold(addr)
			}
			if errors.Is(err, ledger.ErrNotFound) {
				return &ledger.FieldError{Field: a.T("cli.field.address"), Value: addr.String(), Err: ledger.ErrNotFound,
					Accepted: a.T("cli.accept.household_add", addr.String())}
			}
			if err != nil {
				return err
			}
			p.HouseholdID = hid
		}
		if _, err := tx.AddPerson(p); err != nil {
			return err
		}
		r.say("msg.person.added", ledger.MaskName(p.Name), where)
		return nil
	}})
	return err
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
	// SharePhone: the person agreed to show their phone to the team, so
	// Phone is in full even without --full.
	SharePhone bool     `json:"share_phone"`
	Duties     []string `json:"duties"`
	Needs      []string `json:"needs"`
	Emergency  string   `json:"emergency,omitempty"`
	Notes      string   `json:"notes,omitempty"`
}

// personView shows a person: birth cut to the year and phone masked unless
// full; emergency contact and notes only when full.
func (a *App) personView(p ledger.Person, reg *ledger.Register, full bool) personJSON {
	j := personJSON{ID: p.ID, Name: p.Name, Address: p.Address.String(), Household: p.HouseholdID, Role: string(p.Role),
		Present: p.Present, Volunteer: p.Volunteer, Skills: p.Skills, Sex: p.Sex,
		Birth: ledger.MaskBirth(p.Birth), Phone: phoneShown(p, full), SharePhone: p.SharePhone, Needs: p.Needs, Duties: nonNilTags(p.Duties)}
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

type personListOptions struct {
	JSON, Full, Volunteers bool
	Role, Building         string
}

func newPersonListCmd(a *App) *cobra.Command {
	opts := personListOptions{}
	c := &cobra.Command{
		Use:   "list",
		Short: "List people in address order (phones masked unless --full)",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			return personListRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	c.Flags().BoolVar(&opts.Full, "full", false, "show phones and birth months unmasked")
	c.Flags().BoolVar(&opts.Volunteers, "volunteers", false, "only volunteers")
	c.Flags().StringVar(&opts.Role, "role", "", "only this role")
	c.Flags().StringVar(&opts.Building, "building", "", "only this building")
	return c
}

func personListRun(ctx context.Context, a *App, opts personListOptions) error {
	inBuilding, err := a.buildingFilter(opts.Building)
	if err != nil {
		return err
	}
	var want ledger.Role
	if opts.Role != "" {
		if want, err = ledger.ParseRole(opts.Role); err != nil {
			return err
		}
	}
	reg, err := a.register(ctx)
	if err != nil {
		return err
	}
	var ps []ledger.Person
	for _, p := range reg.People {
		if (want != "" && p.Role != want) || (opts.Volunteers && !p.Volunteer) ||
			(opts.Building != "" && !inBuilding(p.Address)) {
			continue
		}
		ps = append(ps, p)
	}
	if opts.Full {
		a.info("%s", a.T("msg.full"))
	}
	if opts.JSON {
		return printJSON(a.Out, a.peopleJSON(ps, reg, opts.Full))
	}
	return a.printPeople(ps, reg, opts.Full)
}

type personShowOptions struct {
	Ref        string
	JSON, Full bool
}

func newPersonShowCmd(a *App) *cobra.Command {
	opts := personShowOptions{}
	c := &cobra.Command{
		Use:   "show PERSON",
		Short: "Show one person (PERSON: a name, NAME@ADDRESS, a phone or its last 4 digits, an ID or part of one)",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ref = args[0]
			return personShowRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	c.Flags().BoolVar(&opts.Full, "full", false, "show birth month, phone, emergency contact and notes")
	return c
}

func personShowRun(ctx context.Context, a *App, opts personShowOptions) error {
	db, on, err := a.openOn(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	p, err := a.pickPerson(ctx, db.View, opts.Ref, a.T("pick.person"))
	if err != nil {
		return err
	}
	if opts.Full {
		a.info("%s", a.T("msg.full"))
	}
	v := a.personView(p, &ledger.Register{On: on}, opts.Full) // personView reads only the date
	if opts.JSON {
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
		{a.T("h.needs"), strings.Join(v.Needs, "、")}, {a.T("h.phone"), v.Phone}, {a.T("h.share_phone"), a.yesno(v.SharePhone)}, {a.T("h.duties"), strings.Join(v.Duties, "、")},
	}
	if opts.Full {
		rows = append(rows, []string{a.T("h.emergency"), v.Emergency}, []string{a.T("h.notes"), v.Notes})
	}
	return printTable(a.Out, []string{a.T("h.field"), a.T("h.value")}, rows)
}

type personSetOptions struct {
	Ref    string
	Change ledger.PersonChange
	// Move is set when --address was given: the new household's address
	// (zero for none: property staff).
	Move    bool
	Address ledger.Address
}

func newPersonSetCmd(a *App) *cobra.Command {
	pf := personFlags{}
	c := &cobra.Command{
		Use:   "set PERSON [flags]",
		Short: "Change a person's fields",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts, err := pf.change(a, cmd)
			if err != nil {
				return err
			}
			opts.Ref = args[0]
			return personSetRun(cmd.Context(), a, opts)
		},
	}
	pf.register(c, true)
	return c
}

// change reads the field flags person set was given into a change.
func (pf *personFlags) change(a *App, cmd *cobra.Command) (personSetOptions, error) {
	f := cmd.Flags()
	var o personSetOptions
	ch := &o.Change
	str := func(name, v string) *string {
		if !f.Changed(name) {
			return nil
		}
		v = ledger.NormalizeText(v)
		return &v
	}
	ch.Name, ch.Emergency, ch.Notes = str("name", pf.Name), str("emergency", pf.Emergency), str("notes", pf.Notes)
	if ch.Name != nil && *ch.Name == "" {
		return o, &ledger.FieldError{Field: a.T("field.name"), Accepted: a.T("cli.accept.nonempty"), Err: ledger.ErrInvalid}
	}
	birth, sex, phone, role, err := pf.parse()
	if err != nil {
		return o, err
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
	if f.Changed("share-phone") {
		share, err := pf.sharePhone(a)
		if err != nil {
			return o, err
		}
		ch.SharePhone = &share
	}
	if f.Changed("skills") {
		t := ledger.SplitTags(pf.Skills)
		ch.Skills = &t
	}
	if f.Changed("needs") {
		t := ledger.SplitTags(pf.Needs)
		ch.Needs = &t
	}
	if o.Move = f.Changed("address"); o.Move && pf.Address != "" {
		if o.Address, err = ledger.ParseAddress(pf.Address); err != nil {
			return o, err
		}
	}
	fields := 0 // global flags (--as, --db …) set no field
	cmd.LocalFlags().VisitAll(func(fl *pflag.Flag) {
		if fl.Changed {
			fields++
		}
	})
	if fields == 0 {
		return o, usageErr(errors.New(a.T("cli.person.nothing")))
	}
	return o, nil
}

func personSetRun(ctx context.Context, a *App, opts personSetOptions) error {
	db, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	picked, err := a.pickPerson(ctx, db.View, opts.Ref, a.T("pick.person"))
	if err != nil {
		return err
	}
	_, err = a.changeIn(ctx, db, change{command: "person set", apply: func(tx *ledger.Tx, r *report) error {
		p, err := tx.Person(ctx, picked.ID)
		if err != nil {
			return err
		}
		ch := opts.Change
		if opts.Move {
			hid := ""
			if !opts.Address.IsZero() {
				if hid, err = tx.HouseholdAt(opts.Address); err != nil {
					return &ledger.FieldError{Field: a.T("cli.field.address"), Value: opts.Address.String(), Err: err, Accepted: a.T("cli.accept.household")}
				}
			}
			ch.HouseholdID = &hid
		}
		if err := tx.SetPerson(p.ID, ch); err != nil {
			return err
		}
		r.say("msg.person.changed", whoIs(p))
		return nil
	}})
	return err
}

type personRmOptions struct {
	Ref string
	Yes bool
}

func newPersonRmCmd(a *App) *cobra.Command {
	opts := personRmOptions{}
	c := &cobra.Command{
		Use:   "rm PERSON",
		Short: "Take a person off the register (the journal keeps the change)",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ref = args[0]
			return personRmRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().BoolVar(&opts.Yes, "yes", false, "confirm without asking")
	return c
}

func personRmRun(ctx context.Context, a *App, opts personRmOptions) error {
	var p ledger.Person
	_, err := a.change(ctx, change{command: "person rm", yes: opts.Yes,
		ask: func(v ledger.View) (string, error) {
			var err error
			p, err = a.pickPerson(ctx, v, opts.Ref, a.T("pick.person"))
			return a.T("confirm.rm.person", whoIs(p)), err
		},
		apply: func(tx *ledger.Tx, r *report) error {
			if err := tx.RemovePerson(p.ID); err != nil {
				return err
			}
			r.say("msg.person.removed", whoIs(p))
			return nil
		}})
	return err
}

type elderJSON struct {
	personJSON
	Kind         string `json:"kind"`           // "alone" or "couple"
	PairedWith   string `json:"paired_with"`    // the volunteer's name (masked unless --full), "" when unpaired
	PairedWithID string `json:"paired_with_id"` // the volunteer's ID
	// PairedPhone is the volunteer's phone: in full when they share it.
	PairedPhone string `json:"paired_phone"`
}

type eldersOptions struct{ JSON, Full bool }

func newEldersCmd(a *App) *cobra.Command {
	opts := eldersOptions{}
	c := &cobra.Command{
		Use:   "elders",
		Short: "Elders in elder-only households (独居 and 双独居), with age and household",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			return eldersRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	c.Flags().BoolVar(&opts.Full, "full", false, "show phones and birth months unmasked")
	return c
}

func eldersRun(ctx context.Context, a *App, opts eldersOptions) error {
	db, on, err := a.openOn(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	reg, err := db.EldersOn(ctx, on)
	if err != nil {
		return err
	}
	st, err := loadPairState(ctx, db.View, reg)
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
		e := elderJSON{personJSON: a.personView(p, reg, opts.Full), Kind: kind}
		if pr, ok := st.valid[p.HouseholdID]; ok {
			e.PairedWithID = pr.Volunteer
			if v, ok := st.people[pr.Volunteer]; ok {
				e.PairedWith, e.PairedPhone = maskUnless(v.Name, opts.Full), phoneShown(v, opts.Full)
			}
		}
		out = append(out, e)
	}
	if opts.JSON {
		return printJSON(a.Out, out)
	}
	rows := make([][]string, 0, len(out))
	for _, e := range out {
		rows = append(rows, []string{shortID(e.ID), e.Name, a.sexWord(e.Sex), strconv.Itoa(*e.Age), e.Address,
			a.T("kind." + e.Kind), strings.Join(e.Needs, "、"), e.Phone, e.PairedWith, e.PairedPhone})
	}
	return printTable(a.Out, []string{a.T("h.id"), a.T("h.name"), a.T("h.sex"), a.T("h.age"), a.T("h.address"),
		a.T("h.kind"), a.T("h.needs"), a.T("h.phone"), a.T("h.volunteer_name"), a.T("h.volunteer_phone")}, rows)
}

type volunteersOptions struct {
	JSON, Full bool
	Duty       string
}

func newVolunteersCmd(a *App) *cobra.Command {
	opts := volunteersOptions{}
	c := &cobra.Command{
		Use:   "volunteers [--duty TAG]",
		Short: "Present volunteers with their skills (--duty: only those with that duty)",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			return volunteersRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	c.Flags().BoolVar(&opts.Full, "full", false, "show phones and birth months unmasked")
	c.Flags().StringVar(&opts.Duty, "duty", "", "only volunteers with this duty tag (门岗, 采购 …)")
	return c
}

func volunteersRun(ctx context.Context, a *App, opts volunteersOptions) error {
	db, on, err := a.openOn(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	duty := ledger.SplitTags(opts.Duty)
	var ps []ledger.Person
	// The present volunteers, streamed in the register's order.
	for p, err := range db.PeopleByAddress(ctx, ledger.PeopleQuery{Volunteers: true, Private: true}) {
		if err != nil {
			return err
		}
		if len(duty) == 0 || slices.Contains(p.Duties, duty[0]) {
			ps = append(ps, p)
		}
	}
	reg := &ledger.Register{On: on} // personView reads only the date
	if opts.JSON {
		return printJSON(a.Out, a.peopleJSON(ps, reg, opts.Full))
	}
	return a.printPeople(ps, reg, opts.Full)
}

type whoJSON struct {
	personJSON
	Distance string `json:"distance"` // same_unit, same_building, other_building, unknown
}

type whoOptions struct {
	Skill, Near string
	JSON, Full  bool
}

func newWhoCmd(a *App) *cobra.Command {
	opts := whoOptions{}
	c := &cobra.Command{
		Use:   "who --skill TAG [--near ADDRESS]",
		Short: "Present people with a skill (医生, 护士, 司机 …), nearest first",
		Long: `List present people with a skill, nearest to --near first: same unit, then
same building, then other buildings by distance (allocate.Distance, the one
pairing uses), then people with no address; people as far as each other
stay in address order.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			return whoRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().StringVar(&opts.Skill, "skill", "", "the skill to look for (required)")
	c.Flags().StringVar(&opts.Near, "near", "", "an address: same unit first, then same building, then other buildings by number")
	c.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	c.Flags().BoolVar(&opts.Full, "full", false, "show phones unmasked")
	return c
}

func whoRun(ctx context.Context, a *App, opts whoOptions) error {
	tags := ledger.SplitTags(opts.Skill)
	if len(tags) != 1 {
		return usageErr(errors.New(a.T("cli.who.skill", opts.Skill)))
	}
	var at ledger.Address
	if opts.Near != "" {
		var err error
		if at, err = ledger.ParseAddress(opts.Near); err != nil {
			return err
		}
	}
	reg, err := a.register(ctx)
	if err != nil {
		return err
	}
	var places []allocate.Place
	byID := map[string]ledger.Person{}
	for i, p := range reg.People {
		if !p.Present || !slices.Contains(p.Skills, tags[0]) {
			continue
		}
		pl := place(p, i)
		pl.Known = pl.Known && !at.IsZero() // with no --near, nobody is nearer: address order
		places = append(places, pl)
		byID[p.ID] = p
	}
	out := []whoJSON{}
	for _, n := range allocate.Nearest(location(at), places) {
		out = append(out, whoJSON{a.personView(byID[n.ID], reg, opts.Full), allocate.Nearness(n)})
	}
	if opts.JSON {
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
			dist = a.T("near.other", byID[w.ID].Address.Building)
		}
		rows = append(rows, []string{shortID(w.ID), w.Name, w.Address, dist, strings.Join(w.Skills, "、"), w.Phone})
	}
	return printTable(a.Out, []string{a.T("h.id"), a.T("h.name"), a.T("h.address"), a.T("h.distance"), a.T("h.skills"), a.T("h.phone")}, rows)
}

func nonNilTags(t []string) []string {
	if t == nil {
		return []string{}
	}
	return t
}
