package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"vol/ledger"
)

func newMedCmd(a *App) *cobra.Command {
	card := groupCmd("card", "Medical insurance cards (医保卡) out of their homes",
		newMedCardTakeCmd(a), newMedCardReturnCmd(a))
	run := groupCmd("run", "Hospital runs: plan a batch, record what was got, close it",
		newMedRunPlanCmd(a), newMedRunResultCmd(a), newMedRunCloseCmd(a))
	return groupCmd("med", "Medicine runs (配药): requests, runs, insurance cards",
		newMedRequestCmd(a), newMedListCmd(a), card, newMedCardsCmd(a), run, newMedRunsCmd(a), newMedPurgeCmd(a))
}

// medTarget resolves ADDRESS|PERSON to a household and, for a person, its ID.
func medTarget(ctx context.Context, db *ledger.DB, ref string) (string, string, ledger.Address, error) {
	t, err := db.Target(ctx, ref)
	if err != nil {
		return "", "", ledger.Address{}, err
	}
	if t.Person == nil {
		return t.HouseholdID, "", t.Address, nil
	}
	if t.HouseholdID == "" {
		return "", "", ledger.Address{}, &ledger.FieldError{Field: "patient", Value: shortID(t.Person.ID), Accepted: "a household or a person living in one", Err: ledger.ErrInvalid}
	}
	return t.HouseholdID, t.Person.ID, t.Address, nil
}

func newMedRequestCmd(a *App) *cobra.Command {
	var drugs []string
	var qty int
	var note string
	var urgent bool
	c := &cobra.Command{
		Use:   "request ADDRESS|PERSON --drug NAME [--drug NAME…] [--qty N] [--note TEXT] [--urgent]",
		Short: "Record a household's request for drugs",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if len(drugs) == 0 {
				return usageErr(errors.New("--drug: name at least one drug"))
			}
			db, err := a.open(ctx)
			if err != nil {
				return err
			}
			defer db.Close()
			hid, pid, addr, err := medTarget(ctx, db, args[0])
			if err != nil {
				return err
			}
			e, err := db.Write(ctx, a.meta("med request"), func(tx *ledger.Tx) error {
				for _, d := range drugs {
					if _, err := tx.AddMedRequest(hid, pid, ledger.NormalizeText(d), qty, ledger.NormalizeText(note), urgent); err != nil {
						return err
					}
				}
				return nil
			})
			return a.reportWrite(e, err, "med.requested", len(drugs), addr.String())
		},
	}
	c.Flags().StringArrayVar(&drugs, "drug", nil, "a drug to fetch (repeat for several)")
	c.Flags().IntVar(&qty, "qty", 1, "how many of each")
	c.Flags().StringVar(&note, "note", "", "a note for the volunteer (kept as health data)")
	c.Flags().BoolVar(&urgent, "urgent", false, "put it first in the next run")
	return c
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
	CardNeeded     bool     `json:"card_needed"`
}

// medState loads the register and every request, in plan order.
func (a *App) medState(ctx context.Context, db *ledger.DB) (*ledger.Register, []ledger.MedRequest, map[string]int, error) {
	on, err := a.date()
	if err != nil {
		return nil, nil, nil, err
	}
	reg, err := db.Register(ctx, on)
	if err != nil {
		return nil, nil, nil, err
	}
	reqs, err := db.MedRequests(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	rank := map[string]int{}
	for i, f := range reg.Households {
		rank[f.ID] = i
	}
	ledger.PlanOrder(reqs, func(h string) int { return rank[h] })
	return reg, reqs, rank, nil
}

func (a *App) medItem(reg *ledger.Register, r ledger.MedRequest) medItemJSON {
	j := medItemJSON{ID: r.ID, Household: r.HouseholdID, Drug: r.Drug, Qty: r.Qty, Urgent: r.Urgent, Note: r.Note,
		Status: r.Status, MissedRuns: r.MissedRuns, HospitalsTried: r.HospitalsTried, RequestedAt: r.RequestedAt}
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
			row = append(row, a.yesno(it.CardNeeded), it.Phone)
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

func newMedListCmd(a *App) *cobra.Command {
	var open, asJSON bool
	var building string
	c := &cobra.Command{
		Use:   "list [--open] [--building B]",
		Short: "Requests in plan order, with the runs each has missed",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			inBuilding, err := buildingFilter(building)
			if err != nil {
				return err
			}
			db, err := a.open(ctx)
			if err != nil {
				return err
			}
			defer db.Close()
			reg, reqs, _, err := a.medState(ctx, db)
			if err != nil {
				return err
			}
			out := []medItemJSON{}
			for _, r := range reqs {
				if open && r.Status != "open" {
					continue
				}
				it := a.medItem(reg, r)
				if f, ok := reg.Facts(r.HouseholdID); !ok || !inBuilding(f.Address) {
					continue
				}
				out = append(out, it)
			}
			if asJSON {
				return printJSON(a.Out, out)
			}
			return a.printMedItems(out, false)
		},
	}
	c.Flags().BoolVar(&open, "open", false, "only requests not yet got")
	c.Flags().StringVar(&building, "building", "", "only this building")
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}

func newMedCardTakeCmd(a *App) *cobra.Command {
	var by string
	c := &cobra.Command{
		Use:   "take PERSON --by VOLUNTEER",
		Short: "Record a card leaving its home with a volunteer",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if by == "" {
				return usageErr(errors.New("--by: name the volunteer who takes the card"))
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
			v, err := db.Person(ctx, by)
			if err != nil {
				return fmt.Errorf("--by: %w", err)
			}
			e, err := db.Write(ctx, a.meta("med card take"), func(tx *ledger.Tx) error { return tx.TakeCard(p.ID, v.ID) })
			return a.reportWrite(e, err, "med.card.taken", ledger.MaskName(p.Name), ledger.MaskName(v.Name))
		},
	}
	c.Flags().StringVar(&by, "by", "", "the volunteer (PERSON) who holds it")
	return c
}

func newMedCardReturnCmd(a *App) *cobra.Command {
	return &cobra.Command{
		Use:   "return PERSON",
		Short: "Record a card back home",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			db, err := a.open(ctx)
			if err != nil {
				return err
			}
			defer db.Close()
			p, err := db.Person(ctx, args[0])
			if err != nil {
				return err
			}
			e, err := db.Write(ctx, a.meta("med card return"), func(tx *ledger.Tx) error { return tx.ReturnCard(p.ID) })
			return a.reportWrite(e, err, "med.card.returned", ledger.MaskName(p.Name))
		},
	}
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

// cardsOut lists the cards out of their homes, with who holds them.
func (a *App) cardsOut(ctx context.Context, db *ledger.DB, reg *ledger.Register) ([]cardJSON, error) {
	cards, err := db.MedCards(ctx, false)
	if err != nil {
		return nil, err
	}
	people := map[string]ledger.Person{}
	for _, p := range reg.People {
		people[p.ID] = p
	}
	now := a.Now()
	out := []cardJSON{}
	for _, c := range cards {
		j := cardJSON{PersonID: c.PersonID, HolderID: c.ByPerson, Since: c.TakenAt}
		if p, ok := people[c.PersonID]; ok {
			j.Person, j.Address = ledger.MaskName(p.Name), p.Address.String()
		}
		if v, ok := people[c.ByPerson]; ok {
			j.Holder = ledger.MaskName(v.Name)
		}
		if t, err := time.Parse(time.RFC3339, c.TakenAt); err == nil {
			j.Hours = int(now.Sub(t).Hours())
			j.Overdue = now.Sub(t) > time.Duration(reg.Settings.CardOverdueHours)*time.Hour
		}
		out = append(out, j)
	}
	return out, nil
}

func newMedCardsCmd(a *App) *cobra.Command {
	var overdue, asJSON bool
	c := &cobra.Command{
		Use:   "cards [--overdue]",
		Short: "Every insurance card out of its home, who holds it and since when",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			db, err := a.open(ctx)
			if err != nil {
				return err
			}
			defer db.Close()
			reg, err := db.Register(ctx, a.Now())
			if err != nil {
				return err
			}
			all, err := a.cardsOut(ctx, db, reg)
			if err != nil {
				return err
			}
			out := []cardJSON{}
			for _, c := range all {
				if !overdue || c.Overdue {
					out = append(out, c)
				}
			}
			if asJSON {
				return printJSON(a.Out, out)
			}
			rows := make([][]string, 0, len(out))
			for _, c := range out {
				flag := ""
				if c.Overdue {
					flag = a.T("med.overdue")
				}
				rows = append(rows, []string{c.Person, c.Address, c.Holder, c.Since, strconv.Itoa(c.Hours), flag})
			}
			return printTable(a.Out, []string{a.T("h.name"), a.T("h.address"), a.T("h.holder"), a.T("h.since"), a.T("h.hours"), a.T("h.status")}, rows)
		},
	}
	c.Flags().BoolVar(&overdue, "overdue", false, "only cards out longer than the compound's setting (24 hours unless set)")
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}

type runJSON struct {
	ID       string        `json:"id"`
	Hospital string        `json:"hospital"`
	By       string        `json:"by"`
	Items    []medItemJSON `json:"items"`
}

func newMedRunPlanCmd(a *App) *cobra.Command {
	var hospital, by string
	var maxHouseholds int
	var commit, asJSON bool
	c := &cobra.Command{
		Use:   "plan [--hospital NAME] [--max-households 10] [--by VOLUNTEER|auto] [--commit]",
		Short: "Batch open requests into a run sheet (preview; --commit records the run)",
		Long: `Batch open requests into one run: urgent first, then those that missed more
runs, then the oldest requests, then by building so the volunteer walks less.
A run holds at most --max-households households (what one person can carry
in an afternoon); a household's open requests go together. --by auto
suggests the nearest present volunteer who is a doctor or nurse (prescriptions)
and not already on an open run. The sheet shows each address, its drugs,
whether its card is needed, and a masked phone. --commit records the run.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if maxHouseholds < 1 {
				return &ledger.FieldError{Field: "--max-households", Value: strconv.Itoa(maxHouseholds), Accepted: "1 or more", Err: ledger.ErrInvalid}
			}
			db, err := a.open(ctx)
			if err != nil {
				return err
			}
			defer db.Close()
			reg, reqs, _, err := a.medState(ctx, db)
			if err != nil {
				return err
			}
			// Households in the order of their first request; all of a chosen household's requests.
			var households []string
			picked := map[string]bool{}
			for _, r := range reqs {
				if r.Status != "open" || r.InOpenRun != "" || r.Purged {
					continue
				}
				if !picked[r.HouseholdID] && len(households) < maxHouseholds {
					picked[r.HouseholdID] = true
					households = append(households, r.HouseholdID)
				}
			}
			cards, err := db.MedCards(ctx, false)
			if err != nil {
				return err
			}
			out := runJSON{Hospital: ledger.NormalizeText(hospital), Items: []medItemJSON{}}
			var ids []string
			for _, r := range reqs {
				if r.Status != "open" || r.InOpenRun != "" || r.Purged || !picked[r.HouseholdID] {
					continue
				}
				it := a.medItem(reg, r)
				it.Phone = householdPhone(reg, r.HouseholdID)
				it.CardNeeded = !cardOutFor(reg, cards, r.HouseholdID)
				out.Items = append(out.Items, it)
				ids = append(ids, r.ID)
			}
			byID := ""
			switch by {
			case "":
			case "auto":
				byID = a.autoVolunteer(ctx, db, reg, households)
			default:
				v, err := db.Person(ctx, by)
				if err != nil {
					return fmt.Errorf("--by: %w", err)
				}
				byID = v.ID
			}
			for _, p := range reg.People {
				if p.ID == byID {
					out.By = ledger.MaskName(p.Name)
				}
			}
			if commit {
				_, err := db.Write(ctx, a.meta("med run plan"), func(tx *ledger.Tx) error {
					id, err := tx.AddMedRun(out.Hospital, byID, ids)
					out.ID = id
					return err
				})
				if err != nil {
					return err
				}
				a.info("%s", a.T("med.run.committed", shortID(out.ID), len(households), len(ids)))
			}
			if asJSON {
				return printJSON(a.Out, out)
			}
			if out.By != "" {
				fmt.Fprintln(a.Out, a.T("med.run.by", out.By))
			}
			return a.printMedItems(out.Items, true)
		},
	}
	c.Flags().StringVar(&hospital, "hospital", "", "the hospital the run goes to")
	c.Flags().IntVar(&maxHouseholds, "max-households", 10, "households one run holds")
	c.Flags().StringVar(&by, "by", "", "the volunteer going (PERSON), or auto")
	c.Flags().BoolVar(&commit, "commit", false, "record the run")
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}

func householdPhone(reg *ledger.Register, hid string) string {
	for _, p := range reg.People {
		if p.HouseholdID == hid && p.Present && p.Phone != "" {
			return ledger.MaskPhone(p.Phone)
		}
	}
	return ""
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

// autoVolunteer suggests the nearest present doctor or nurse volunteer to
// the run's first household who is not on an open run.
func (a *App) autoVolunteer(ctx context.Context, db *ledger.DB, reg *ledger.Register, households []string) string {
	if len(households) == 0 {
		return ""
	}
	runs, _ := db.MedRuns(ctx)
	busy := map[string]bool{}
	for _, r := range runs {
		if r.Status == "open" {
			busy[r.ByPerson] = true
		}
	}
	first, _ := reg.Facts(households[0])
	best, bestRank, bestGap := "", 99, 0
	for _, p := range reg.People {
		if !p.Present || !p.Volunteer || busy[p.ID] || !(hasTag(p.Skills, "医生") || hasTag(p.Skills, "护士")) {
			continue
		}
		rank, gap := 3, 0
		if !p.Address.IsZero() {
			rank, gap = nearness(first.Address, p.Address)
		}
		if best == "" || rank < bestRank || (rank == bestRank && gap < bestGap) {
			best, bestRank, bestGap = p.ID, rank, gap
		}
	}
	return best
}

// itemRef finds the run's item for DRUG@ADDRESS.
func itemRef(reg *ledger.Register, reqs map[string]ledger.MedRequest, run ledger.MedRun, ref string) (ledger.MedRunItem, error) {
	drug, addr, ok := strings.Cut(ref, "@")
	bad := &ledger.FieldError{Field: "item", Value: "***@" + addr, Accepted: "DRUG@ADDRESS of an item in run " + shortID(run.ID), Err: ledger.ErrNotFound}
	if !ok {
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

func (a *App) findRun(ctx context.Context, db *ledger.DB, ref string) (ledger.MedRun, error) {
	runs, err := db.MedRuns(ctx)
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
		return ledger.MedRun{}, &ledger.FieldError{Field: "run", Value: ref, Accepted: "a run ID (or a unique part of one) from vol med run plan --commit", Err: ledger.ErrNotFound}
	}
	return found[0], nil
}

func newMedRunResultCmd(a *App) *cobra.Command {
	var got, notFound []string
	var hospital string
	c := &cobra.Command{
		Use:   "result RUN --got DRUG@ADDRESS… --not-found DRUG@ADDRESS… [--hospital NAME]",
		Short: "Record what a run got and what it did not find",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if len(got)+len(notFound) == 0 {
				return usageErr(errors.New("give --got or --not-found items (DRUG@ADDRESS)"))
			}
			db, err := a.open(ctx)
			if err != nil {
				return err
			}
			defer db.Close()
			reg, reqs, _, err := a.medState(ctx, db)
			if err != nil {
				return err
			}
			byID := map[string]ledger.MedRequest{}
			for _, r := range reqs {
				byID[r.ID] = r
			}
			run, err := a.findRun(ctx, db, args[0])
			if err != nil {
				return err
			}
			type outcome struct {
				item ledger.MedRunItem
				what string
			}
			var todo []outcome
			for _, list := range []struct {
				refs []string
				what string
			}{{got, "got"}, {notFound, "not_found"}} {
				for _, ref := range list.refs {
					it, err := itemRef(reg, byID, run, ref)
					if err != nil {
						return err
					}
					todo = append(todo, outcome{it, list.what})
				}
			}
			e, err := db.Write(ctx, a.meta("med run result"), func(tx *ledger.Tx) error {
				for _, o := range todo {
					if err := tx.SetMedOutcome(run.ID, o.item.ID, o.item.RequestID, o.what, ledger.NormalizeText(hospital)); err != nil {
						return err
					}
				}
				return nil
			})
			return a.reportWrite(e, err, "med.run.result", len(got), len(notFound))
		},
	}
	c.Flags().StringArrayVar(&got, "got", nil, "an item that was got (DRUG@ADDRESS; repeat)")
	c.Flags().StringArrayVar(&notFound, "not-found", nil, "an item that was not found (DRUG@ADDRESS; repeat)")
	c.Flags().StringVar(&hospital, "hospital", "", "the hospital tried (default: the run's)")
	return c
}

func newMedRunCloseCmd(a *App) *cobra.Command {
	var force bool
	var why string
	c := &cobra.Command{
		Use:   "close RUN [--force --why TEXT]",
		Short: "Close a run; refused while a card from its households is not back home",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if force && strings.TrimSpace(why) == "" {
				return usageErr(errors.New("--force needs --why TEXT"))
			}
			db, err := a.open(ctx)
			if err != nil {
				return err
			}
			defer db.Close()
			reg, reqs, _, err := a.medState(ctx, db)
			if err != nil {
				return err
			}
			run, err := a.findRun(ctx, db, args[0])
			if err != nil {
				return err
			}
			cards, err := db.MedCards(ctx, false)
			if err != nil {
				return err
			}
			households := map[string]bool{}
			for _, it := range run.Items {
				for _, r := range reqs {
					if r.ID == it.RequestID {
						households[r.HouseholdID] = true
					}
				}
			}
			out := 0
			for h := range households {
				if cardOutFor(reg, cards, h) {
					out++
				}
			}
			if out > 0 && !force {
				return &ledger.FieldError{Field: "run", Value: shortID(run.ID), Err: ledger.ErrInvalid,
					Accepted: fmt.Sprintf("a run whose cards are all back home (%d household(s) still without theirs: vol med cards), or --force --why", out)}
			}
			pending := 0
			for _, it := range run.Items {
				if it.Outcome == "planned" {
					pending++
				}
			}
			if pending > 0 {
				a.info("%s", a.T("med.run.pending", pending))
			}
			e, err := db.Write(ctx, a.meta("med run close"), func(tx *ledger.Tx) error {
				return tx.CloseMedRun(run.ID, ledger.NormalizeText(why))
			})
			return a.reportWrite(e, err, "med.run.closed", shortID(run.ID))
		},
	}
	c.Flags().BoolVar(&force, "force", false, "close although a card is not back (needs --why)")
	c.Flags().StringVar(&why, "why", "", "why the run is closed by force")
	return c
}

func newMedPurgeCmd(a *App) *cobra.Command {
	var older string
	var yes bool
	c := &cobra.Command{
		Use:   "purge --older-than 30d",
		Short: "Erase the drug names and notes of requests got long ago (counts stay)",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			days, err := strconv.Atoi(strings.TrimSuffix(older, "d"))
			if err != nil || days < 0 || !strings.HasSuffix(older, "d") {
				return usageErr(fmt.Errorf("--older-than (%s): want days such as 30d", older))
			}
			if err := a.confirm(yes, a.T("med.purge.confirm", days)); err != nil {
				return err
			}
			db, err := a.open(ctx)
			if err != nil {
				return err
			}
			defer db.Close()
			var n int
			_, err = db.Write(ctx, a.meta("med purge"), func(tx *ledger.Tx) error {
				n, err = tx.PurgeMed(a.Now().Add(-time.Duration(days) * 24 * time.Hour))
				return err
			})
			if err != nil {
				return err
			}
			if err := db.Compact(ctx); err != nil {
				return err
			}
			a.info("%s", a.T("med.purged.n", n))
			return nil
		},
	}
	c.Flags().StringVar(&older, "older-than", "30d", "requests got more than this many days ago")
	c.Flags().BoolVar(&yes, "yes", false, "confirm without asking")
	return c
}

// medStatus is the bulletin line of vol status.
type medStatus struct {
	OpenRequests int `json:"med_open_requests"`
	CardsOut     int `json:"med_cards_out"`
	CardsOverdue int `json:"med_cards_overdue"`
	RunsThisWeek int `json:"med_runs_this_week"`
}

func (a *App) medStatus(ctx context.Context, db *ledger.DB, reg *ledger.Register) (medStatus, error) {
	var s medStatus
	reqs, err := db.MedRequests(ctx)
	if err != nil {
		return s, err
	}
	for _, r := range reqs {
		if r.Status == "open" {
			s.OpenRequests++
		}
	}
	cards, err := a.cardsOut(ctx, db, reg)
	if err != nil {
		return s, err
	}
	s.CardsOut = len(cards)
	for _, c := range cards {
		if c.Overdue {
			s.CardsOverdue++
		}
	}
	runs, err := db.MedRuns(ctx)
	if err != nil {
		return s, err
	}
	weekAgo := a.Now().Add(-7 * 24 * time.Hour)
	for _, r := range runs {
		if t, err := time.Parse(time.RFC3339, r.PlannedAt); err == nil && t.After(weekAgo) {
			s.RunsThisWeek++
		}
	}
	return s, nil
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

func newMedRunsCmd(a *App) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "runs",
		Short: "Medicine runs, newest first, with what each got",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
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
				j := medRunJSON{ID: r.ID, Planned: r.PlannedAt, Hospital: r.Hospital, By: names[r.ByPerson], Status: r.Status, Items: len(r.Items)}
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
			if asJSON {
				return printJSON(a.Out, out)
			}
			rows := make([][]string, 0, len(out))
			for _, r := range out {
				rows = append(rows, []string{shortID(r.ID), r.Planned, r.Hospital, r.By, a.T(map[string]string{"open": "med.run.open", "closed": "med.run.closed.st"}[r.Status]),
					strconv.Itoa(r.Items), strconv.Itoa(r.Got), strconv.Itoa(r.NotFound), strconv.Itoa(r.Pending)})
			}
			return printTable(a.Out, []string{a.T("h.id"), a.T("h.at"), a.T("h.hospital"), a.T("h.volunteer_name"), a.T("h.status"),
				a.T("h.items"), a.T("h.got"), a.T("h.not_found"), a.T("h.pending")}, rows)
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}
