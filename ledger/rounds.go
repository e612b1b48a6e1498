package ledger

import (
	"context"
	"errors"
	"slices"
	"strings"
)

var (
	tRuleSets   = mustTable("rulesets")
	tRounds     = mustTable("rounds")
	tRoundLines = mustTable("round_lines")
	tVoids      = mustTable("round_voids")
	tDeliveries = mustTable("deliveries")
)

func mustTable(name string) *table {
	t, ok := tableByName(name)
	if !ok {
		panic("ledger: no register table " + name)
	}
	return t
}

// SetRuleSet stores a rule set under its name, replacing an older body.
func (tx *Tx) SetRuleSet(name, body string) error {
	if err := CheckLabel("name", name); err != nil {
		return err
	}
	if _, err := readRow(tx.ctx, cached{tx}, tRuleSets, name); errors.Is(err, ErrNotFound) {
		return tx.insert(tRuleSets, name, map[string]any{"body": body})
	} else if err != nil {
		return err
	}
	return tx.update(tRuleSets, name, map[string]any{"body": body})
}

// RuleSetBody returns a stored rule set's body, or ErrNotFound.
func (v View) RuleSetBody(ctx context.Context, name string) (string, error) {
	row, err := readRow(ctx, v.q, tRuleSets, name)
	if err != nil {
		return "", err
	}
	return row["body"].(string), nil
}

// RuleSetNames lists the stored rule sets' names in order.
func (v View) RuleSetNames(ctx context.Context) ([]string, error) {
	rows, err := v.q.QueryContext(ctx, `SELECT id FROM rulesets ORDER BY id`)
	if err != nil {
		return nil, classify(err)
	}
	defer rows.Close()
	names := []string{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, classify(err)
		}
		names = append(names, n)
	}
	return names, classify(rows.Err())
}

// Round is a committed ration round with the lines it was computed with.
type Round struct {
	ID         string
	On         string // YYYY-MM-DD
	Item       string
	Rules      string
	RulesBody  string
	Packs      int
	Basis      string // "surplus", "received" or "default"
	Given      int
	Reserve    int
	Tiers      string // JSON, as the caller stored it
	Lines      []RoundLine
	Voided     bool
	VoidWhy    string
	Delivered  int // lines with packs that were delivered
	Recipients int // lines with packs
}

// RoundLine is one claimant's place in a round (Packs 0 when the packs ran
// out before it).
type RoundLine struct {
	ID, Tier, Unit, Claimant, HouseholdID               string
	Packs, Position, Of, History, Age, Size, LeftBefore int
	Delivered                                           bool
	DeliveredBy, DeliveredAt                            string
}

// CommitRound records a round and its lines; it returns the round's ID.
func (tx *Tx) CommitRound(r Round) (string, error) {
	if r.Given == 0 {
		return "", invalid("round", "", T("an allocation that hands out at least one pack (this one gives none)"))
	}
	if err := CheckLabel("item", r.Item); err != nil {
		return "", err
	}
	r.ID = tx.NewID()
	err := tx.insert(tRounds, r.ID, map[string]any{"on_date": r.On, "item": r.Item, "rules": r.Rules, "rules_body": r.RulesBody,
		"packs": int64(r.Packs), "basis": r.Basis, "given": int64(r.Given), "reserve": int64(r.Reserve), "tiers": r.Tiers})
	if err != nil {
		return "", err
	}
	for _, l := range r.Lines {
		err := tx.insert(tRoundLines, tx.NewID(), map[string]any{"round_id": r.ID, "tier": l.Tier, "unit": l.Unit,
			"claimant": l.Claimant, "household_id": nullable(l.HouseholdID), "packs": int64(l.Packs),
			"position": int64(l.Position), "of_count": int64(l.Of), "history": int64(l.History),
			"age": int64(l.Age), "size": int64(l.Size), "left_before": int64(l.LeftBefore)})
		if err != nil {
			return "", err
		}
	}
	return r.ID, nil
}

// VoidRound marks a committed round void with a reason, by a new row; the
// round itself is never edited. It returns ErrInvalid when it is void already.
func (tx *Tx) VoidRound(id, why string) error {
	if strings.TrimSpace(why) == "" {
		return invalid("why", "", T("a reason (--why TEXT)"))
	}
	if err := CheckNote("why", why); err != nil {
		return err
	}
	if _, err := readRow(tx.ctx, cached{tx}, tRounds, id); err != nil {
		return &FieldError{Field: "round", Value: short(id), Err: ErrNotFound}
	}
	if _, err := readRow(tx.ctx, cached{tx}, tVoids, id); err == nil {
		return &FieldError{Field: "round", Value: short(id), Want: T("a round that is not void already"), Err: ErrInvalid}
	}
	ref, err := tx.personal("why:"+tx.NewID(), why) // a key of its own: two copies may void one round
	if err != nil {
		return err
	}
	return tx.insert(tVoids, id, map[string]any{"why": "", "why_ref": ref, "at": tx.at.UTC().Format("2006-01-02T15:04:05Z")})
}

// Deliver records lines of a round as handed over. Lines already delivered
// are left as they are; it returns the lines it recorded.
func (tx *Tx) Deliver(roundID string, lineIDs []string, byPerson string) ([]string, error) {
	if _, err := readRow(tx.ctx, cached{tx}, tVoids, roundID); err == nil {
		return nil, &FieldError{Field: "round", Value: short(roundID), Want: T("a round that is not void"), Err: ErrInvalid}
	}
	var done []string
	for _, id := range lineIDs {
		if _, err := readRow(tx.ctx, cached{tx}, tDeliveries, id); err == nil || slices.Contains(done, id) {
			continue
		}
		err := tx.insert(tDeliveries, id, map[string]any{"round_id": roundID, "by_person": nullable(byPerson),
			"at": tx.at.UTC().Format("2006-01-02T15:04:05Z")})
		if err != nil {
			return done, err
		}
		done = append(done, id)
	}
	return done, nil
}

const roundCols = `r.id, r.on_date, r.item, r.rules, r.rules_body, r.packs, r.basis, r.given, r.reserve, r.tiers,
	v.id IS NOT NULL, coalesce(vw.value, v.why, ''),
	(SELECT count(*) FROM round_lines l WHERE l.round_id = r.id AND l.packs > 0),
	(SELECT count(*) FROM deliveries d WHERE d.round_id = r.id)`

func scanRound(sc interface{ Scan(...any) error }) (Round, error) {
	var r Round
	err := sc.Scan(&r.ID, &r.On, &r.Item, &r.Rules, &r.RulesBody, &r.Packs, &r.Basis, &r.Given, &r.Reserve, &r.Tiers,
		&r.Voided, &r.VoidWhy, &r.Recipients, &r.Delivered)
	return r, err
}

// Rounds lists committed rounds, newest first, without their lines.
func (v View) Rounds(ctx context.Context) ([]Round, error) {
	rows, err := v.q.QueryContext(ctx, `SELECT `+roundCols+` FROM rounds r LEFT JOIN round_voids v ON v.id = r.id
		LEFT JOIN pvalues vw ON vw.ref = v.why_ref ORDER BY r.rowid DESC`)
	if err != nil {
		return nil, classify(err)
	}
	defer rows.Close()
	out := []Round{}
	for rows.Next() {
		r, err := scanRound(rows)
		if err != nil {
			return nil, classify(err)
		}
		out = append(out, r)
	}
	return out, classify(rows.Err())
}

// Round finds a round by ID (or a unique part of one) with its
// lines in their stored order (tier order, then place in the tier).
func (v View) Round(ctx context.Context, ref string) (Round, error) {
	accepted := T("a round ID, or a unique part of one, from vol rounds")
	r := strings.ToLower(ref)
	if !idPattern(r) {
		return Round{}, &FieldError{Field: "round", Value: ref, Want: accepted, Err: ErrNotFound}
	}
	rows, err := v.q.QueryContext(ctx, `SELECT `+roundCols+` FROM rounds r LEFT JOIN round_voids v ON v.id = r.id
		LEFT JOIN pvalues vw ON vw.ref = v.why_ref WHERE `+idMatch("r.id")+` LIMIT 2`, idArgs(r)...)
	if err != nil {
		return Round{}, classify(err)
	}
	var found []Round
	for rows.Next() {
		rd, err := scanRound(rows)
		if err != nil {
			rows.Close()
			return Round{}, classify(err)
		}
		found = append(found, rd)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return Round{}, classify(err)
	}
	switch len(found) {
	case 0:
		return Round{}, &FieldError{Field: "round", Value: ref, Want: accepted, Err: ErrNotFound}
	case 2:
		return Round{}, &FieldError{Field: "round", Value: ref, Want: T("more characters of the ID"), Err: ErrAmbiguous}
	}
	rd := found[0]
	lrows, err := v.q.QueryContext(ctx, `SELECT l.id, l.tier, l.unit, l.claimant, coalesce(l.household_id, ''), l.packs,
		l.position, l.of_count, l.history, l.age, l.size, l.left_before, d.id IS NOT NULL, coalesce(d.by_person, ''), coalesce(d.at, '')
		FROM round_lines l LEFT JOIN deliveries d ON d.id = l.id WHERE l.round_id = ? ORDER BY l.rowid`, rd.ID)
	if err != nil {
		return Round{}, classify(err)
	}
	defer lrows.Close()
	for lrows.Next() {
		var l RoundLine
		if err := lrows.Scan(&l.ID, &l.Tier, &l.Unit, &l.Claimant, &l.HouseholdID, &l.Packs, &l.Position, &l.Of, &l.History,
			&l.Age, &l.Size, &l.LeftBefore, &l.Delivered, &l.DeliveredBy, &l.DeliveredAt); err != nil {
			return Round{}, classify(err)
		}
		rd.Lines = append(rd.Lines, l)
	}
	return rd, classify(lrows.Err())
}

// Given is the packs one claimant was allotted in one tier.
type Given struct {
	Tier, Claimant string
	Packs          int
}

// History sums the packs allotted per tier and claimant in committed rounds
// of this item that were not voided, delivered or not, in a stable order.
func (v View) History(ctx context.Context, item string) ([]Given, error) {
	rows, err := v.q.QueryContext(ctx, `SELECT l.tier, l.claimant, sum(l.packs) FROM round_lines l
		JOIN rounds r ON r.id = l.round_id LEFT JOIN round_voids v ON v.id = r.id
		WHERE v.id IS NULL AND r.item = ? AND l.packs > 0
		GROUP BY l.tier, l.claimant ORDER BY l.tier, l.claimant`, item)
	if err != nil {
		return nil, classify(err)
	}
	defer rows.Close()
	out := []Given{}
	for rows.Next() {
		var g Given
		if err := rows.Scan(&g.Tier, &g.Claimant, &g.Packs); err != nil {
			return nil, classify(err)
		}
		out = append(out, g)
	}
	return out, classify(rows.Err())
}
