package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"vol/allocate"
	"vol/ledger"
)

func newMedCmd(a *App) *cobra.Command {
	card := groupCmd("card", "Medical insurance cards (医保卡) out of their homes",
		newMedCardTakeCmd(a), newMedCardReturnCmd(a))
	run := groupCmd("run", "Hospital runs: plan a batch, record what was got, close it",
		newMedRunPlanCmd(a), newMedRunShowCmd(a), newMedRunResultCmd(a), newMedRunCloseCmd(a))
	return groupCmd("med", "Medicine runs (配药): requests, runs, insurance cards",
		newMedRequestCmd(a), newMedListCmd(a), card, newMedCardsCmd(a), run, newMedRunsCmd(a), newMedPurgeCmd(a))
}

// medTarget resolves ADDRESS|PERSON to a household and, for a person, its ID.
func (a *App) medTarget(ctx context.Context, v ledger.View, ref string) (string, string, ledger.Address, error) {
	t, err := v.Target(ctx, ref)
	if err != nil {
		return "", "", ledger.Address{}, err
	}
	if t.Person == nil {
		return t.HouseholdID, "", t.Address, nil
	}
	if t.HouseholdID == "" {
		return "", "", ledger.Address{}, &ledger.FieldError{Field: a.T("cli.field.patient"), Value: whoIs(*t.Person), Accepted: a.T("cli.accept.patient"), Err: ledger.ErrInvalid}
	}
	return t.HouseholdID, t.Person.ID, t.Address, nil
}

type medRequestOptions struct {
	Ref    string
	Drugs  []string
	Qty    int
	Note   string
	Urgent bool
}

func newMedRequestCmd(a *App) *cobra.Command {
	opts := medRequestOptions{}
	c := &cobra.Command{
		Use:   "request ADDRESS|PERSON --drug NAME [--drug NAME…] [--qty N] [--note TEXT] [--urgent]",
		Short: "Record a household's request for drugs",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(opts.Drugs) == 0 {
				return usageErr(errors.New(a.T("cli.med.drug")))
			}
			opts.Ref = args[0]
			return medRequestRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().StringArrayVar(&opts.Drugs, "drug", nil, "a drug to fetch (repeat for several)")
	c.Flags().IntVar(&opts.Qty, "qty", 1, "how many of each")
	c.Flags().StringVar(&opts.Note, "note", "", "a note for the volunteer (kept as health data)")
	c.Flags().BoolVar(&opts.Urgent, "urgent", false, "put it first in the next run")
	return c
}

func medRequestRun(ctx context.Context, a *App, opts medRequestOptions) error {
	db, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	t, err := a.pickTarget(ctx, db.View, opts.Ref, a.T("pick.target"))
	if err != nil {
		return err
	}
	_, err = a.changeIn(ctx, db, change{command: "med request", apply: func(tx *ledger.Tx, r *report) error {
		hid, pid, addr, err := a.medTarget(ctx, tx.View, targetRef(t))
		if err != nil {
			return err
		}
		for _, d := range opts.Drugs {
			if _, err := tx.AddMedRequest(hid, pid, ledger.NormalizeText(d), opts.Qty, ledger.NormalizeText(opts.Note), opts.Urgent); err != nil {
				return err
			}
		}
		r.say("med.requested", len(opts.Drugs), addr.String())
		return nil
	}})
	return err
}

type medItemJSON struct {
	ID             string   `json:"id"`
	Address        string   `json:"address"`
	Household      string   `json:"household_id"`
	Drug           string   `json:"drug"`
	Qty            int      `json:"qty"`
	Urgent         bool     `json:"urgent"`
	Note           string   `json:"note,omitempty"`
	Status         string   `json:"status"`
	MissedRuns     int      `json:"missed_runs"`
	HospitalsTried []string `json:"hospitals_tried"`
	RequestedAt    string   `json:"requested_at"`
	Outcome        string   `json:"outcome,omitempty"`
	Phone          string   `json:"phone,omitempty"`
	CardNeeded     bool     `json:"card_needed"`         // the run needs the household's card (every item does)
	CardWith       string   `json:"card_with,omitempty"` // the volunteer who holds it already (masked), "" when it is at home
	// BuildingLeader is the household's building leader as a contact
	// (masked name, phone in full when shared); vol med run show.
	BuildingLeader string `json:"building_leader,omitempty"`
}

// medState is the register on --on's date and every request, in plan order.
type medState struct {
	reg  *ledger.Register
	reqs []ledger.MedRequest
}

// waiting reports whether a run may take the request (see allocate.MedRequest).
func waiting(r ledger.MedRequest) bool { return r.Status == "open" && r.InOpenRun == "" && !r.Purged }

// loadMedState reads the register and the requests through v and puts the
// requests in plan order (allocate.MedOrder).
func loadMedState(ctx context.Context, v ledger.View, on time.Time) (*medState, error) {
	reg, err := v.Register(ctx, on)
	if err != nil {
		return nil, err
	}
	reqs, err := v.MedRequests(ctx)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]ledger.MedRequest, len(reqs))
	in := make([]allocate.MedRequest, len(reqs))
	for i, r := range reqs {
		byID[r.ID] = r
		in[i] = medRequestIn(reg, r)
	}
	allocate.MedOrder(in)
	st := &medState{reg: reg, reqs: make([]ledger.MedRequest, len(in))}
	for i, r := range in {
		st.reqs[i] = byID[r.ID]
	}
	return st, nil
}

func medRequestIn(reg *ledger.Register, r ledger.MedRequest) allocate.MedRequest {
	rank, ok := reg.Rank(r.HouseholdID)
	if !ok {
		rank = len(reg.Households)
	}
	return allocate.MedRequest{ID: r.ID, Household: r.HouseholdID, Rank: rank, Urgent: r.Urgent, MissedRuns: r.MissedRuns,
		RequestedAt: r.RequestedAt, Waiting: waiting(r)}
}

func (a *App) medItem(reg *ledger.Register, r ledger.MedRequest) medItemJSON {
	j := medItemJSON{ID: r.ID, Household: r.HouseholdID, Drug: r.Drug, Qty: r.Qty, Urgent: r.Urgent, Note: r.Note,
		Status: r.Status, MissedRuns: r.MissedRuns, HospitalsTried: r.HospitalsTried, RequestedAt: a.jsonTime(r.RequestedAt)}
	if r.Purged {
		j.Drug = a.T("med.purged")
	}
	if f, ok := reg.Facts(r.HouseholdID); ok {
		j.Address = f.Address.String()
	}
	return j
}

func (a *App) printMedItems(items []medItemJSON, sheet bool) error {
	rows := make([][]string, 0, len(items))
	for _, it := range items {
		flag := ""
		if it.Urgent {
			flag = a.T("med.urgent")
		}
		row := []string{shortID(it.ID), it.Address, it.Drug, strconv.Itoa(it.Qty), flag, strconv.Itoa(it.MissedRuns), strings.Join(it.HospitalsTried, "、"), it.Note}
		if sheet {
			card := a.T("med.card.collect")
			if it.CardWith != "" {
				card = a.T("med.card.with", it.CardWith)
			}
			row = append(row, card, it.Phone)
		} else {
			row = append(row, a.T("med.status."+it.Status))
		}
		rows = append(rows, row)
	}
	head := []string{a.T("h.id"), a.T("h.address"), a.T("h.drug"), a.T("h.qty"), a.T("h.urgent"), a.T("h.missed"), a.T("h.tried"), a.T("h.notes")}
	if sheet {
		head = append(head, a.T("h.card"), a.T("h.phone"))
	} else {
		head = append(head, a.T("h.status"))
	}
	return printTable(a.Out, head, rows)
}

type medListOptions struct {
	Open, JSON bool
	Building   string
}

func newMedListCmd(a *App) *cobra.Command {
	opts := medListOptions{}
	c := &cobra.Command{
		Use:   "list [--open] [--building B]",
		Short: "Requests in plan order, with the runs each has missed",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			return medListRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().BoolVar(&opts.Open, "open", false, "only requests not yet got")
	c.Flags().StringVar(&opts.Building, "building", "", "only this building")
	c.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	return c
}

func medListRun(ctx context.Context, a *App, opts medListOptions) error {
	inBuilding, err := a.buildingFilter(opts.Building)
	if err != nil {
		return err
	}
	db, on, err := a.openOn(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	st, err := loadMedState(ctx, db.View, on)
	if err != nil {
		return err
	}
	out := []medItemJSON{}
	for _, r := range st.reqs {
		if opts.Open && r.Status != "open" {
			continue
		}
		if f, ok := st.reg.Facts(r.HouseholdID); !ok || !inBuilding(f.Address) {
			continue
		}
		out = append(out, a.medItem(st.reg, r))
	}
	if opts.JSON {
		return printJSON(a.Out, out)
	}
	return a.printMedItems(out, false)
}

type medCardTakeOptions struct{ Ref, By string }

func newMedCardTakeCmd(a *App) *cobra.Command {
	opts := medCardTakeOptions{}
	c := &cobra.Command{
		Use:   "take PERSON --by VOLUNTEER",
		Short: "Record a card leaving its home with a volunteer",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.By == "" {
				return usageErr(errors.New(a.T("cli.med.by")))
			}
			opts.Ref = args[0]
			return medCardTakeRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().StringVar(&opts.By, "by", "", "the volunteer (PERSON) who holds it")
	return c
}

func medCardTakeRun(ctx context.Context, a *App, opts medCardTakeOptions) error {
	db, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	owner, err := a.pickPerson(ctx, db.View, opts.Ref, a.T("pick.person"))
	if err != nil {
		return err
	}
	by, err := a.pickPerson(ctx, db.View, opts.By, "--by")
	if err != nil {
		return err
	}
	_, err = a.changeIn(ctx, db, change{command: "med card take", apply: func(tx *ledger.Tx, r *report) error {
		p, err := tx.Person(ctx, owner.ID)
		if err != nil {
			return err
		}
		v, err := tx.Person(ctx, by.ID)
		if err != nil {
			return said(a.T("cli.colon", "--by", err.Error()), err)
		}
		if err := tx.TakeCard(p.ID, v.ID); err != nil {
			return err
		}
		r.say("med.card.taken", ledger.MaskName(p.Name), ledger.MaskName(v.Name))
		return nil
	}})
	return err
}

type medCardReturnOptions struct{ Ref string }

func newMedCardReturnCmd(a *App) *cobra.Command {
	opts := medCardReturnOptions{}
	return &cobra.Command{
		Use:   "return PERSON",
		Short: "Record a card back home",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ref = args[0]
			return medCardReturnRun(cmd.Context(), a, opts)
		},
	}
}

func medCardReturnRun(ctx context.Context, a *App, opts medCardReturnOptions) error {
	db, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	owner, err := a.pickPerson(ctx, db.View, opts.Ref, a.T("pick.person"))
	if err != nil {
		return err
	}
	_, err = a.changeIn(ctx, db, change{command: "med card return", apply: func(tx *ledger.Tx, r *report) error {
		p, err := tx.Person(ctx, owner.ID)
		if err != nil {
			return err
		}
		if err := tx.ReturnCard(p.ID); err != nil {
			return err
		}
		r.say("med.card.returned", ledger.MaskName(p.Name))
		return nil
	}})
	return err
}

type cardJSON struct {
	Person   string `json:"person"`
	PersonID string `json:"person_id"`
	Address  string `json:"address"`
	Holder   string `json:"holder"`
	HolderID string `json:"holder_id"`
	Since    string `json:"since"`
	Hours    int    `json:"hours_out"`
	Overdue  bool   `json:"overdue"`
}

// cardsOut lists the cards out of their homes, with who holds them. It
// reads the names of only the people concerned.
func (a *App) cardsOut(ctx context.Context, v ledger.View, s ledger.Settings) ([]cardJSON, error) {
	return a.cardsOutAt(ctx, v, s, a.Now())
}

// cardsOutAt is cardsOut with the hours counted up to now.
func (a *App) cardsOutAt(ctx context.Context, v ledger.View, s ledger.Settings, now time.Time) ([]cardJSON, error) {
	cards, err := v.MedCards(ctx, false)
	if err != nil {
		return nil, err
	}
	people := map[string]ledger.Person{}
	for _, c := range cards {
		for _, id := range []string{c.PersonID, c.ByPerson} {
			if _, ok := people[id]; ok {
				continue
			}
			p, err := v.Person(ctx, id)
			if err == nil {
				people[id] = p
			} else if !errors.Is(err, ledger.ErrNotFound) {
				return nil, err
			}
		}
	}
	out := []cardJSON{}
	for _, c := range cards {
		j := cardJSON{PersonID: c.PersonID, HolderID: c.ByPerson, Since: a.jsonTime(c.TakenAt)}
		if p, ok := people[c.PersonID]; ok {
			j.Person, j.Address = ledger.MaskName(p.Name), p.Address.String()
		}
		if v, ok := people[c.ByPerson]; ok {
			j.Holder = ledger.MaskName(v.Name)
		}
		if t, err := time.Parse(time.RFC3339, c.TakenAt); err == nil {
			j.Hours = int(now.Sub(t).Hours())
			j.Overdue = now.Sub(t) > time.Duration(s.CardOverdueHours)*time.Hour
		}
		out = append(out, j)
	}
	return out, nil
}

type medCardsOptions struct{ Overdue, JSON bool }

func newMedCardsCmd(a *App) *cobra.Command {
	opts := medCardsOptions{}
	c := &cobra.Command{
		Use:   "cards [--overdue]",
		Short: "Every insurance card out of its home, who holds it and since when",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			return medCardsRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().BoolVar(&opts.Overdue, "overdue", false, "only cards out longer than the compound's setting (24 hours unless set)")
	c.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	return c
}

func medCardsRun(ctx context.Context, a *App, opts medCardsOptions) error {
	db, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	s, err := db.Settings(ctx)
	if err != nil {
		return err
	}
	all, err := a.cardsOut(ctx, db.View, s)
	if err != nil {
		return err
	}
	out := []cardJSON{}
	for _, c := range all {
		if !opts.Overdue || c.Overdue {
			out = append(out, c)
		}
	}
	if opts.JSON {
		return printJSON(a.Out, out)
	}
	rows := make([][]string, 0, len(out))
	for _, c := range out {
		flag := ""
		if c.Overdue {
			flag = a.T("med.overdue")
		}
		rows = append(rows, []string{c.Person, c.Address, c.Holder, a.showTime(c.Since), strconv.Itoa(c.Hours), flag})
	}
	return printTable(a.Out, []string{a.T("h.name"), a.T("h.address"), a.T("h.holder"), a.T("h.since"), a.T("h.hours"), a.T("h.status")}, rows)
}

type runJSON struct {
	ID       string        `json:"id"`
	Hospital string        `json:"hospital"`
	By       string        `json:"by"`
	Items    []medItemJSON `json:"items"`
}

type medRunPlanOptions struct {
	Hospital, By  string
	MaxHouseholds int
	Commit, JSON  bool
}

func newMedRunPlanCmd(a *App) *cobra.Command {
	opts := medRunPlanOptions{}
	c := &cobra.Command{
		Use:   "plan [--hospital NAME] [--max-households 10] [--by VOLUNTEER|auto] [--commit]",
		Short: "Batch open requests into a run sheet (preview; --commit records the run)",
		Long: `Batch open requests into one run: urgent first, then those that missed more
runs, then the oldest requests, then by building so the volunteer walks less.
A run holds at most --max-households households (what one person can carry
in an afternoon); a household's open requests go together. --by auto
suggests the nearest present volunteer who is a doctor or nurse (prescriptions)
and not already on an open run. The sheet shows each address, its drugs,
whether its card is needed, and a masked phone. --commit records the run,
planned from the ledger as it stands at that moment: requests another run
took in the meantime are left out.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.MaxHouseholds < 1 {
				return &ledger.FieldError{Field: "--max-households", Value: strconv.Itoa(opts.MaxHouseholds), Accepted: a.T("cli.accept.one"), Err: ledger.ErrInvalid}
			}
			return medRunPlanRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().StringVar(&opts.Hospital, "hospital", "", "the hospital the run goes to")
	c.Flags().IntVar(&opts.MaxHouseholds, "max-households", 10, "households one run holds")
	c.Flags().StringVar(&opts.By, "by", "", "the volunteer going (PERSON), or auto")
	c.Flags().BoolVar(&opts.Commit, "commit", false, "record the run")
	c.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	return c
}

// medRunDecision is a planned run: its sheet, requests and volunteer.
type medRunDecision struct {
	sheet      runJSON
	requests   []string
	households int
	by         string // the volunteer's ID, "" for none
}

// decideMedRun plans a run from what v reads (see allocate.PlanMedRun and
// allocate.ChooseCourier).
func (a *App) decideMedRun(ctx context.Context, v ledger.View, on time.Time, opts medRunPlanOptions) (*medRunDecision, error) {
	st, err := loadMedState(ctx, v, on)
	if err != nil {
		return nil, err
	}
	in := make([]allocate.MedRequest, len(st.reqs))
	byID := make(map[string]ledger.MedRequest, len(st.reqs))
	for i, r := range st.reqs {
		in[i], byID[r.ID] = medRequestIn(st.reg, r), r
	}
	plan := allocate.PlanMedRun(in, opts.MaxHouseholds)
	cards, err := v.MedCards(ctx, false)
	if err != nil {
		return nil, err
	}
	d := &medRunDecision{sheet: runJSON{Hospital: ledger.NormalizeText(opts.Hospital), Items: []medItemJSON{}}, households: len(plan.Households)}
	if d.sheet.Hospital != "" {
		if err := ledger.CheckLabel("--hospital", d.sheet.Hospital); err != nil { // the preview refuses what --commit would
			return nil, err
		}
	}
	for _, pk := range plan.Picks {
		r := byID[pk.Request]
		it := a.medItem(st.reg, r)
		it.Phone = householdPhone(st.reg, r.HouseholdID)
		it.CardNeeded = true
		if holder := cardHolder(st.reg, cards, r.HouseholdID); holder != nil {
			it.CardWith = ledger.MaskName(holder.Name)
		}
		d.sheet.Items = append(d.sheet.Items, it)
		d.requests = append(d.requests, r.ID)
	}
	switch opts.By {
	case "":
	case "auto":
		if d.by, err = courier(ctx, v, st.reg, plan.Households); err != nil {
			return nil, err
		}
	default:
		p, err := v.Person(ctx, opts.By)
		if err != nil {
			return nil, said(a.T("cli.colon", "--by", err.Error()), err)
		}
		d.by = p.ID
	}
	for _, p := range st.reg.People {
		if p.ID == d.by {
			d.sheet.By = ledger.MaskName(p.Name)
		}
	}
	return d, nil
}

func medRunPlanRun(ctx context.Context, a *App, opts medRunPlanOptions) error {
	db, on, err := a.openOn(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if opts.By != "" && opts.By != "auto" {
		p, err := a.pickPerson(ctx, db.View, opts.By, "--by")
		if err != nil {
			return err
		}
		opts.By = p.ID
	}
	var d *medRunDecision
	if !opts.Commit {
		if d, err = a.decideMedRun(ctx, db.View, on, opts); err != nil {
			return err
		}
	} else {
		_, err = a.changeIn(ctx, db, change{command: "med run plan", decides: true, apply: func(tx *ledger.Tx, r *report) error {
			var err error
			if d, err = a.decideMedRun(ctx, tx.View, on, opts); err != nil {
				return err
			}
			if d.sheet.ID, err = tx.AddMedRun(d.sheet.Hospital, d.by, d.requests); err != nil {
				return err
			}
			r.say("med.run.committed", shortID(d.sheet.ID), d.households, len(d.requests))
			return nil
		}})
		if err != nil {
			return err
		}
	}
	if opts.JSON {
		return printJSON(a.Out, d.sheet)
	}
	if d.sheet.By != "" {
		fmt.Fprintln(a.Out, ledger.Printable(a.T("med.run.by", d.sheet.By)))
	}
	return a.printMedItems(d.sheet.Items, true)
}

func householdPhone(reg *ledger.Register, hid string) string {
	for _, p := range reg.People {
		if p.HouseholdID == hid && p.Present && p.Phone != "" {
			return ledger.MaskPhone(p.Phone)
		}
	}
	return ""
}

// cardHolder is the volunteer who holds a card of the household, nil when
// every card is at home.
func cardHolder(reg *ledger.Register, cards []ledger.MedCard, hid string) *ledger.Person {
	for _, c := range cards {
		for _, p := range reg.People {
			if p.ID == c.PersonID && p.HouseholdID == hid {
				for i := range reg.People {
					if reg.People[i].ID == c.ByPerson {
						return &reg.People[i]
					}
				}
				return &ledger.Person{}
			}
		}
	}
	return nil
}

func cardOutFor(reg *ledger.Register, cards []ledger.MedCard, hid string) bool {
	for _, c := range cards {
		for _, p := range reg.People {
			if p.ID == c.PersonID && p.HouseholdID == hid {
				return true
			}
		}
	}
	return false
}

// courier suggests the run's volunteer (allocate.ChooseCourier): the
// nearest present doctor or nurse volunteer to the run's first household
// who is not on an open run; "" when there is no household or nobody.
func courier(ctx context.Context, v ledger.View, reg *ledger.Register, households []string) (string, error) {
	if len(households) == 0 {
		return "", nil
	}
	runs, err := v.MedRuns(ctx)
	if err != nil {
		return "", err
	}
	busy := map[string]bool{}
	for _, r := range runs {
		if r.Status == "open" {
			busy[r.ByPerson] = true
		}
	}
	var cs []allocate.Courier
	for i, p := range reg.People {
		if p.Present && p.Volunteer {
			cs = append(cs, allocate.Courier{Place: place(p, i), Skills: p.Skills, Busy: busy[p.ID]})
		}
	}
	first, _ := reg.Facts(households[0])
	c, ok := allocate.ChooseCourier(location(first.Address), cs)
	if !ok {
		return "", nil
	}
	return c.ID, nil
}

// findRun finds a run by ID or a unique part of one.
func (a *App) findRun(ctx context.Context, v ledger.View, ref string) (ledger.MedRun, error) {
	runs, err := v.MedRuns(ctx)
	if err != nil {
		return ledger.MedRun{}, err
	}
	var found []ledger.MedRun
	r := strings.ToLower(ref)
	for _, run := range runs {
		if len(r) >= 4 && strings.Contains(run.ID, r) {
			found = append(found, run)
		}
	}
	if len(found) != 1 {
		return ledger.MedRun{}, &ledger.FieldError{Field: a.T("cli.field.run"), Value: ref, Accepted: a.T("cli.accept.run"), Err: ledger.ErrNotFound}
	}
	return found[0], nil
}

// itemRef finds the run's item for DRUG@ADDRESS, or for a request's or
// an item's ID (or a unique part of one, 4 characters or more).
func (a *App) itemRef(reg *ledger.Register, reqs map[string]ledger.MedRequest, run ledger.MedRun, ref string) (ledger.MedRunItem, error) {
	drug, addr, ok := strings.Cut(ref, "@")
	shown := ref
	if ok {
		shown = "***@" + addr
	}
	bad := &ledger.FieldError{Field: a.T("cli.field.item"), Value: shown, Accepted: a.T("cli.accept.item", shortID(run.ID)), Err: ledger.ErrNotFound}
	if !ok {
		id := strings.ToLower(strings.TrimSpace(ref))
		if len(id) < 4 {
			return ledger.MedRunItem{}, bad
		}
		var found []ledger.MedRunItem
		for _, it := range run.Items {
			if strings.Contains(it.RequestID, id) || strings.Contains(it.ID, id) {
				found = append(found, it)
			}
		}
		if len(found) == 1 {
			return found[0], nil
		}
		if len(found) > 1 {
			return ledger.MedRunItem{}, &ledger.FieldError{Field: a.T("cli.field.item"), Value: ref, Accepted: a.T("cli.accept.more_id"), Err: ledger.ErrAmbiguous}
		}
		return ledger.MedRunItem{}, bad
	}
	at, err := ledger.ParseAddress(addr)
	if err != nil {
		return ledger.MedRunItem{}, bad
	}
	for _, it := range run.Items {
		r := reqs[it.RequestID]
		if f, ok := reg.Facts(r.HouseholdID); ok && f.Address == at && r.Drug == ledger.NormalizeText(drug) {
			return it, nil
		}
	}
	return ledger.MedRunItem{}, bad
}

type medRunResultOptions struct {
	Run           string
	Got, NotFound []string
	Hospital      string
	File          string
}

func newMedRunResultCmd(a *App) *cobra.Command {
	opts := medRunResultOptions{}
	c := &cobra.Command{
		Use:   "result RUN [--got ITEM…] [--not-found ITEM…] [--file REPLY.txt] [--hospital NAME] (ITEM: DRUG@ADDRESS or a request ID)",
		Short: "Record what a run got and what it did not find: item by item, from the sheet sent back, or asked one by one",
		Long: `Record a run's results in one write, from any of:
  --got ITEM / --not-found ITEM   an item (DRUG@ADDRESS, or its request ID), repeated
  --file REPLY.txt                the sheet of vol med run show RUN --text, sent back
                                  with each ☐ changed to ✓ (got) or ✗ (not found);
                                  - reads it from stdin
  nothing, on a terminal          vol asks item by item (是 got, 否 not found, Enter skips)
A result recorded already and given again the same is left as it is.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(opts.Got)+len(opts.NotFound) == 0 && opts.File == "" && !a.Terminal {
				return usageErr(errors.New(a.T("med.result.none")))
			}
			opts.Run = args[0]
			return medRunResultRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().StringVar(&opts.File, "file", "", "the run sheet's text sent back, marked ✓ or ✗ (- for stdin)")
	c.Flags().StringArrayVar(&opts.Got, "got", nil, "an item that was got (DRUG@ADDRESS; repeat)")
	c.Flags().StringArrayVar(&opts.NotFound, "not-found", nil, "an item that was not found (DRUG@ADDRESS; repeat)")
	c.Flags().StringVar(&opts.Hospital, "hospital", "", "the hospital tried (default: the run's)")
	return c
}

func medRunResultRun(ctx context.Context, a *App, opts medRunResultOptions) error {
	on, err := a.date()
	if err != nil {
		return err
	}
	var outcomes []medOutcome
	for _, g := range opts.Got {
		outcomes = append(outcomes, medOutcome{g, "got"})
	}
	for _, n := range opts.NotFound {
		outcomes = append(outcomes, medOutcome{n, "not_found"})
	}
	if opts.File != "" {
		more, err := readResultsFile(a, opts.File)
		if err != nil {
			return err
		}
		outcomes = append(outcomes, more...)
	}
	if len(outcomes) == 0 { // on a terminal: ask
		if outcomes, err = resultsAsked(ctx, a, opts.Run); err != nil {
			return err
		}
		if len(outcomes) == 0 {
			a.info("%s", a.T("med.result.nothing"))
			return nil
		}
	}
	_, err = a.change(ctx, change{command: "med run result", apply: func(tx *ledger.Tx, r *report) error {
		st, err := loadMedState(ctx, tx.View, on)
		if err != nil {
			return err
		}
		byID := map[string]ledger.MedRequest{}
		for _, q := range st.reqs {
			byID[q.ID] = q
		}
		run, err := a.findRun(ctx, tx.View, opts.Run)
		if err != nil {
			return err
		}
		got, notFound, same := 0, 0, 0
		for _, o := range outcomes {
			it, err := a.itemRef(st.reg, byID, run, o.Ref)
			if err != nil {
				return err
			}
			if it.Outcome == o.What { // given again, the same
				same++
				continue
			}
			if err := tx.SetMedOutcome(run.ID, it.ID, it.RequestID, o.What, ledger.NormalizeText(opts.Hospital)); err != nil {
				return err
			}
			if o.What == "got" {
				got++
			} else {
				notFound++
			}
		}
		r.say("med.run.result", got, notFound)
		if same > 0 {
			r.note("med.result.same", same)
		}
		return nil
	}})
	return err
}

type medRunCloseOptions struct {
	Run   string
	Force bool
	Why   string
}

func newMedRunCloseCmd(a *App) *cobra.Command {
	opts := medRunCloseOptions{}
	c := &cobra.Command{
		Use:   "close RUN [--force --why TEXT]",
		Short: "Close a run; refused while a card from its households is not back home",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Force && strings.TrimSpace(opts.Why) == "" {
				return usageErr(errors.New(a.T("cli.med.force")))
			}
			opts.Run = args[0]
			return medRunCloseRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().BoolVar(&opts.Force, "force", false, "close although a card is not back (needs --why)")
	c.Flags().StringVar(&opts.Why, "why", "", "why the run is closed by force")
	return c
}

// medRunCloseRun closes a run, checking inside the write that every card of
// its households is back: a card taken while the command waited counts.
func medRunCloseRun(ctx context.Context, a *App, opts medRunCloseOptions) error {
	on, err := a.date()
	if err != nil {
		return err
	}
	_, err = a.change(ctx, change{command: "med run close", decides: true, apply: func(tx *ledger.Tx, r *report) error {
		st, err := loadMedState(ctx, tx.View, on)
		if err != nil {
			return err
		}
		run, err := a.findRun(ctx, tx.View, opts.Run)
		if err != nil {
			return err
		}
		cards, err := tx.MedCards(ctx, false)
		if err != nil {
			return err
		}
		households := map[string]bool{}
		for _, it := range run.Items {
			for _, q := range st.reqs {
				if q.ID == it.RequestID {
					households[q.HouseholdID] = true
				}
			}
		}
		out := 0
		for h := range households {
			if cardOutFor(st.reg, cards, h) {
				out++
			}
		}
		if out > 0 && !opts.Force {
			return &ledger.FieldError{Field: a.T("cli.field.run"), Value: shortID(run.ID), Err: ledger.ErrInvalid,
				Accepted: a.T("cli.accept.cards_home", out)}
		}
		pending := 0
		for _, it := range run.Items {
			if it.Outcome == "planned" {
				pending++
			}
		}
		if err := tx.CloseMedRun(run.ID, ledger.NormalizeText(opts.Why)); err != nil {
			return err
		}
		if pending > 0 {
			r.say("med.run.pending", pending)
		}
		r.say("med.run.closed", shortID(run.ID))
		return nil
	}})
	return err
}

type medPurgeOptions struct {
	Older string
	Yes   bool
}

func newMedPurgeCmd(a *App) *cobra.Command {
	opts := medPurgeOptions{}
	c := &cobra.Command{
		Use:   "purge --older-than 30d",
		Short: "Erase the drug names and notes of requests got long ago (counts stay)",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			return medPurgeRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().StringVar(&opts.Older, "older-than", "30d", "requests got more than this many days ago")
	c.Flags().BoolVar(&opts.Yes, "yes", false, "confirm without asking")
	return c
}

func medPurgeRun(ctx context.Context, a *App, opts medPurgeOptions) error {
	days, err := strconv.Atoi(strings.TrimSuffix(opts.Older, "d"))
	if err != nil || days < 0 || !strings.HasSuffix(opts.Older, "d") {
		return usageErr(errors.New(a.T("cli.med.older", opts.Older)))
	}
	var n int
	_, err = a.change(ctx, change{command: "med purge", yes: opts.Yes,
		ask: func(ledger.View) (string, error) { return a.T("med.purge.confirm", days), nil },
		apply: func(tx *ledger.Tx, r *report) error {
			var err error
			n, err = tx.PurgeMed(a.Now().Add(-time.Duration(days) * 24 * time.Hour))
			return err
		},
		after: func(db *ledger.DB) error {
			if err := db.Compact(ctx); err != nil {
				return err
			}
			a.info("%s", a.T("med.purged.n", n))
			return nil
		}})
	return err
}

// medStatus is the bulletin line of vol status.
type medStatus struct {
	OpenRequests int `json:"med_open_requests"`
	CardsOut     int `json:"med_cards_out"`
	CardsOverdue int `json:"med_cards_overdue"`
	RunsThisWeek int `json:"med_runs_this_week"`
}

// medStatus counts the bulletin line from v; the week and the hours a card
// has been out end at now.
func (a *App) medStatus(ctx context.Context, v ledger.View, s ledger.Settings, now time.Time) (medStatus, error) {
	var m medStatus
	reqs, err := v.MedRequests(ctx)
	if err != nil {
		return m, err
	}
	for _, r := range reqs {
		if r.Status == "open" {
			m.OpenRequests++
		}
	}
	cards, err := a.cardsOutAt(ctx, v, s, now)
	if err != nil {
		return m, err
	}
	m.CardsOut = len(cards)
	for _, c := range cards {
		if c.Overdue {
			m.CardsOverdue++
		}
	}
	runs, err := v.MedRuns(ctx)
	if err != nil {
		return m, err
	}
	weekAgo := now.Add(-7 * 24 * time.Hour)
	for _, r := range runs {
		if t, err := time.Parse(time.RFC3339, r.PlannedAt); err == nil && t.After(weekAgo) {
			m.RunsThisWeek++
		}
	}
	return m, nil
}

type medRunJSON struct {
	ID       string `json:"id"`
	Planned  string `json:"planned_at"`
	Hospital string `json:"hospital"`
	By       string `json:"by"`
	Status   string `json:"status"`
	Items    int    `json:"items"`
	Got      int    `json:"got"`
	NotFound int    `json:"not_found"`
	Pending  int    `json:"pending"`
}

type medRunsOptions struct{ JSON bool }

func newMedRunsCmd(a *App) *cobra.Command {
	opts := medRunsOptions{}
	c := &cobra.Command{
		Use:   "runs",
		Short: "Medicine runs, newest first, with what each got",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			return medRunsRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	return c
}

func medRunsRun(ctx context.Context, a *App, opts medRunsOptions) error {
	db, reg, err := a.openRegister(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	runs, err := db.MedRuns(ctx)
	if err != nil {
		return err
	}
	names := map[string]string{}
	for _, p := range reg.People {
		names[p.ID] = ledger.MaskName(p.Name)
	}
	out := []medRunJSON{}
	for _, r := range runs {
		j := medRunJSON{ID: r.ID, Planned: a.jsonTime(r.PlannedAt), Hospital: r.Hospital, By: names[r.ByPerson], Status: r.Status, Items: len(r.Items)}
		for _, it := range r.Items {
			switch it.Outcome {
			case "got":
				j.Got++
			case "not_found":
				j.NotFound++
			default:
				j.Pending++
			}
		}
		out = append(out, j)
	}
	if opts.JSON {
		return printJSON(a.Out, out)
	}
	rows := make([][]string, 0, len(out))
	for _, r := range out {
		rows = append(rows, []string{shortID(r.ID), a.showTime(r.Planned), r.Hospital, r.By, a.T(map[string]string{"open": "med.run.open", "closed": "med.run.closed.st"}[r.Status]),
			strconv.Itoa(r.Items), strconv.Itoa(r.Got), strconv.Itoa(r.NotFound), strconv.Itoa(r.Pending)})
	}
	return printTable(a.Out, []string{a.T("h.id"), a.T("h.at"), a.T("h.hospital"), a.T("h.volunteer_name"), a.T("h.status"),
		a.T("h.items"), a.T("h.got"), a.T("h.not_found"), a.T("h.pending")}, rows)
}
