package ledger

import (
	"context"
	"errors"
	"slices"
	"strings"
)

var tBuildings = mustTable("buildings")

// BuildingRoles are a building's leader (楼组长) and deputy: person IDs, ""
// for none.
type BuildingRoles struct {
	Building       Building
	Leader, Deputy string
}

// FindBuilding finds the registered building ref names (3, 3号楼, 一期3号楼,
// A座): one that a registered household is in. A number found in several
// areas is ErrAmbiguous, naming them.
func (v View) FindBuilding(ctx context.Context, ref string) (Building, error) {
	want, err := ParseBuilding(ref)
	if err != nil {
		return Building{}, err
	}
	hs, err := v.Households(ctx)
	if err != nil {
		return Building{}, err
	}
	var found []Building
	for _, h := range hs {
		b := Building{Area: h.Address.Area, Building: h.Address.Building}
		if want.Has(h.Address) && !slices.Contains(found, b) {
			found = append(found, b)
		}
	}
	switch len(found) {
	case 0:
		return Building{}, &FieldError{Field: "building", Value: ref, Want: T("a building a registered household is in"), Err: ErrNotFound}
	case 1:
		return found[0], nil
	}
	names := make([]string, len(found))
	for i, b := range found {
		names[i] = b.String()
	}
	return Building{}, &FieldError{Field: "building", Value: ref, Want: T("one of %s, with its area", strings.Join(names, ", ")), Err: ErrAmbiguous}
}

// BuildingRoles lists every building with a leader or a deputy, keyed by
// the building as it prints (3号楼, 一期3号楼). A leader a sync merged into
// another person is shown as that person.
func (v View) BuildingRoles(ctx context.Context) (map[string]BuildingRoles, error) {
	rows, err := v.q.QueryContext(ctx, `SELECT id, coalesce(leader, ''), coalesce(deputy, '') FROM buildings ORDER BY id`)
	if err != nil {
		return nil, classify(err)
	}
	defer rows.Close()
	out := map[string]BuildingRoles{}
	for rows.Next() {
		var id string
		var r BuildingRoles
		if err := rows.Scan(&id, &r.Leader, &r.Deputy); err != nil {
			return nil, classify(err)
		}
		b, err := ParseBuilding(id)
		if err != nil {
			return nil, err
		}
		r.Building = b
		out[id] = r
	}
	if err := rows.Err(); err != nil {
		return nil, classify(err)
	}
	for id, r := range out {
		for _, p := range []*string{&r.Leader, &r.Deputy} {
			if *p != "" {
				if into := v.mergedInto(ctx, *p); into != "" {
					*p = into
				}
			}
		}
		out[id] = r
	}
	return out, nil
}

// SetBuildingRoles sets a building's leader and deputy: nil leaves one as
// it is, "" clears it. A leader who is also the deputy is refused.
func (tx *Tx) SetBuildingRoles(b Building, leader, deputy *string) error {
	id := b.String()
	cur := map[string]any{"leader": nil, "deputy": nil}
	row, err := readRow(tx.ctx, cached{tx}, tBuildings, id)
	exists := err == nil
	if err != nil && !errors.Is(err, ErrNotFound) {
		return err
	}
	if exists {
		cur["leader"], cur["deputy"] = row["leader"], row["deputy"]
	}
	for _, f := range []struct {
		col string
		v   *string
	}{{"leader", leader}, {"deputy", deputy}} {
		if f.v == nil {
			continue
		}
		if *f.v != "" {
			if _, err := tx.person(*f.v); err != nil {
				return err
			}
		}
		cur[f.col] = nullable(*f.v)
	}
	if cur["leader"] != nil && cur["leader"] == cur["deputy"] {
		return &FieldError{Field: "--deputy", Want: T("someone other than the leader"), Err: ErrInvalid}
	}
	if !exists {
		return tx.insert(tBuildings, id, cur)
	}
	return tx.update(tBuildings, id, cur)
}
