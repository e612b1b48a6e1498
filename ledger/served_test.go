package ledger

import (
	"errors"
	"testing"
)

// TestCheckServed: a served shift arriving in a sync file is taken only as
// vol shift done makes it: its ID derived from its day, shift, post and
// person, a shift's length, a shift's name, row IDs where IDs go, and
// never changed once made.
func TestCheckServed(t *testing.T) {
	t.Parallel()
	const post, person = "01a25887-6d00-7ee3-8485-c4c85c984486", "01a25887-6d00-7ee3-8485-c4c85c989486"
	e := &Entry{ID: "01a25887-6d00-7ee3-8485-c4c85c980000", Device: "01a25887-6d00-7ee3-8485-c4c85c981111", Command: "shift done"}
	row := func(change func(map[string]any)) map[string]any {
		set := map[string]any{"on_date": "2026-12-07", "shift": "夜", "post_id": post, "person_id": person, "minutes": int64(480)}
		if change != nil {
			change(set)
		}
		return set
	}
	id := servedID("2026-12-07", "夜", post, person)
	for _, tt := range []struct {
		name string
		op   Op
		ok   bool
	}{
		{"as made", Op{Op: "insert", Table: "shifts_done", ID: id, Set: row(nil)}, true},
		{"taken back", Op{Op: "delete", Table: "shifts_done", ID: id}, true},
		{"an ID of its own", Op{Op: "insert", Table: "shifts_done", ID: "01a25887-6d00-7ee3-8485-c4c85c982222", Set: row(nil)}, false},
		{"another day under the ID", Op{Op: "insert", Table: "shifts_done", ID: id, Set: row(func(s map[string]any) { s["on_date"] = "2026-12-08" })}, false},
		{"a shift of 30 minutes", Op{Op: "insert", Table: "shifts_done", ID: id, Set: row(func(s map[string]any) { s["minutes"] = int64(30) })}, false},
		{"a shift of two days", Op{Op: "insert", Table: "shifts_done", ID: id, Set: row(func(s map[string]any) { s["minutes"] = int64(2880) })}, false},
		{"a changed length", Op{Op: "update", Table: "shifts_done", ID: id, Set: map[string]any{"minutes": int64(600)}}, false},
		{"a post that is no ID", Op{Op: "insert", Table: "shifts_done", ID: servedID("2026-12-07", "夜", "东门", person),
			Set: row(func(s map[string]any) { s["post_id"] = "东门" })}, false},
		{"a shift name with a comma", Op{Op: "insert", Table: "shifts_done", ID: servedID("2026-12-07", "夜,早", post, person),
			Set: row(func(s map[string]any) { s["shift"] = "夜,早" })}, false},
		{"no date", Op{Op: "insert", Table: "shifts_done", ID: servedID("yesterday", "夜", post, person),
			Set: row(func(s map[string]any) { s["on_date"] = "yesterday" })}, false},
	} {
		err := checkOp(e, &tt.op)
		if tt.ok && err != nil {
			t.Errorf("%s: refused: %v", tt.name, err)
		}
		if !tt.ok && !errors.Is(err, ErrForged) {
			t.Errorf("%s: %v, want it refused as forged", tt.name, err)
		}
	}
}
