package ledger

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"
)

// colKind says how a register column is stored and whether it is personal.
type colKind int

const (
	kText     colKind = iota // TEXT NOT NULL
	kInt                     // INTEGER NOT NULL
	kNullText                // TEXT, NULL allowed (a reference to another row)
	kPersonal                // a pvalues reference, NULL when empty
)

type column struct {
	name string
	kind colKind
}

// addedLater are the columns a migration added to a register table after
// entries were written: inserts written before leave them out (NULL), and
// the replay accepts them.
var addedLater = map[string]bool{
	"round_voids.why_ref": true, "erasures.why_ref": true, "pairings.end_why_ref": true, "med_runs.close_why_ref": true,
	"people.share_phone": true, "people.duties": true,
}

type table struct {
	name string
	cols []column
}

// registerTables are the tables the journal rebuilds, in the order vol check
// compares them. Operations may only name these tables and columns.
var registerTables = []*table{
	{name: "settings", cols: []column{{"value", kText}}},
	{name: "households", cols: []column{{"area", kText}, {"building", kText}, {"unit", kText}, {"room", kText}}},
	{name: "people", cols: []column{
		{"household_id", kNullText}, {"name_ref", kPersonal}, {"birth_ref", kPersonal}, {"sex", kText},
		{"phone_ref", kPersonal}, {"role", kText}, {"present", kInt}, {"volunteer", kInt},
		{"skills", kText}, {"needs_ref", kPersonal}, {"emergency_ref", kPersonal}, {"notes_ref", kPersonal},
		{"share_phone", kInt}, {"duties", kText},
	}},
	{name: "rulesets", cols: []column{{"body", kText}}},
	{name: "rounds", cols: []column{{"on_date", kText}, {"item", kText}, {"rules", kText}, {"rules_body", kText},
		{"packs", kInt}, {"basis", kText}, {"given", kInt}, {"reserve", kInt}, {"tiers", kText}}},
	{name: "round_lines", cols: []column{{"round_id", kText}, {"tier", kText}, {"unit", kText}, {"claimant", kText},
		{"household_id", kNullText}, {"packs", kInt}, {"position", kInt}, {"of_count", kInt}, {"history", kInt},
		{"age", kInt}, {"size", kInt}, {"left_before", kInt}}},
	{name: "round_voids", cols: []column{{"why", kText}, {"at", kText}, {"why_ref", kPersonal}}},
	{name: "deliveries", cols: []column{{"round_id", kText}, {"by_person", kNullText}, {"at", kText}}},
	{name: "household_aliases", cols: []column{{"household_id", kText}}},
	{name: "import_marks", cols: []column{{"source", kText}, {"line", kInt}, {"on_date", kText}, {"fields", kText}}},
	{name: "erasures", cols: []column{{"why", kText}, {"at", kText}, {"why_ref", kPersonal}}},
	{name: "pairings", cols: []column{{"elder_household", kText}, {"volunteer", kText}, {"since", kText},
		{"reasons", kText}, {"ended", kText}, {"end_why", kText}, {"end_why_ref", kPersonal}}},
	{name: "pair_contacts", cols: []column{{"pairing_id", kText}, {"on_date", kText}, {"note_ref", kPersonal}}},
	{name: "med_requests", cols: []column{{"household_id", kText}, {"person_id", kNullText}, {"drug_ref", kPersonal},
		{"qty", kInt}, {"note_ref", kPersonal}, {"urgent", kInt}, {"requested_at", kText}, {"status", kText}, {"closed_at", kText}}},
	{name: "med_runs", cols: []column{{"planned_at", kText}, {"hospital", kText}, {"by_person", kNullText},
		{"status", kText}, {"closed_at", kText}, {"close_why", kText}, {"close_why_ref", kPersonal}}},
	{name: "med_run_items", cols: []column{{"run_id", kText}, {"request_id", kText}, {"outcome", kText}, {"hospital", kText}}},
	{name: "med_purges", cols: []column{{"at", kText}, {"cutoff", kText}, {"requests", kInt}}},
	{name: "med_cards", cols: []column{{"person_id", kText}, {"by_person", kText}, {"taken_at", kText}, {"returned_at", kText}}},
	{name: "sync_marks", cols: []column{{"device", kText}, {"have", kText}}},
	{name: "resolutions", cols: []column{{"choice", kText}, {"at", kText}}},
	{name: "person_merges", cols: []column{{"into_id", kText}}},
	{name: "tombstones", cols: []column{{"household_id", kNullText}, {"salt", kText}, {"mac", kText}}},
	{name: "device_trust", cols: []column{{"device", kText}, {"kind", kText}, {"pubkey", kText}, {"voucher", kText},
		{"sig", kText}, {"seq", kInt}, {"hash", kText}}},
	{name: "erased_subjects", cols: []column{{"erasure", kText}}},
	{name: "buildings", cols: []column{{"leader", kNullText}, {"deputy", kNullText}}},
	{name: "rota_seats", cols: []column{{"on_date", kText}, {"shift", kText}, {"post_id", kText}, {"person_id", kText}}},
	{name: "rota_avail", cols: []column{{"nots", kText}, {"max_per_week", kInt}, {"no_nights", kInt}}},
	{name: "posts", cols: []column{{"name", kText}, {"need", kInt}, {"skill", kText}, {"shifts", kText}, {"building", kText}}},
	{name: "test_rounds", cols: []column{{"on_date", kText}, {"start", kText}, {"stations", kInt}, {"service", kInt},
		{"max_queue", kInt}, {"per_floor", kInt}, {"walks", kText}, {"people", kInt}, {"staff", kInt}, {"finish", kText},
		{"closed_at", kText}, {"tested", kInt}, {"missing", kInt}, {"visits", kInt}}},
	{name: "test_calls", cols: []column{{"round_id", kText}, {"wave", kInt}, {"call_at", kText}, {"building", kText},
		{"unit", kText}, {"floors", kText}, {"people", kInt}}},
	{name: "test_visits", cols: []column{{"round_id", kText}, {"household_id", kText}, {"people", kInt}}},
	{name: "test_done", cols: []column{{"round_id", kText}, {"person_id", kText}, {"at", kText}}},
	{name: "buys", cols: []column{{"title", kText}, {"lead_id", kText}, {"building", kText}, {"supplier", kText},
		{"closes", kText}, {"created_at", kText}}},
	{name: "buy_items", cols: []column{{"buy_id", kText}, {"name", kText}, {"unit", kText}, {"price_fen", kInt},
		{"aliases", kText}, {"why", kText}}},
	{name: "buy_fees", cols: []column{{"buy_id", kText}, {"fen", kInt}, {"why", kText}, {"split", kText}}},
	{name: "buy_orders", cols: []column{{"buy_id", kText}, {"household_id", kText}, {"item_id", kText}, {"qty", kInt}, {"seq", kInt}}},
	{name: "buy_errors", cols: []column{{"buy_id", kText}, {"line", kInt}, {"text", kText}, {"reason", kText}}},
	{name: "buy_payments", cols: []column{{"buy_id", kText}, {"household_id", kText}, {"fen", kInt}, {"at", kText}}},
	{name: "buy_invoices", cols: []column{{"fen", kInt}, {"prices", kText}}},
	{name: "buy_deliveries", cols: []column{{"buy_id", kText}, {"household_id", kText}, {"at", kText}}},
	{name: "buy_shorts", cols: []column{{"buy_id", kText}, {"item_id", kText}, {"household_id", kText}, {"qty", kInt}}},
	{name: "bulletin_notes", cols: []column{{"text", kText}}},
	{name: "buy_bills", cols: []column{{"buy_id", kText}, {"household_id", kText}, {"goods_fen", kInt}, {"fees_fen", kInt},
		{"refund_fen", kInt}, {"total_fen", kInt}}},
	{name: "shifts_done", cols: []column{{"on_date", kText}, {"shift", kText}, {"post_id", kText}, {"person_id", kText}, {"minutes", kInt}}},
}

func tableByName(name string) (*table, bool) {
	for _, t := range registerTables {
		if t.name == name {
			return t, true
		}
	}
	return nil, false
}

func (t *table) column(name string) (column, bool) {
	for _, c := range t.cols {
		if c.name == name {
			return c, true
		}
	}
	return column{}, false
}

// missing names the first column an insert must set that set leaves out,
// "" when there is none: every column but those added later.
func (t *table) missing(set map[string]any) string {
	for _, c := range t.cols {
		if _, ok := set[c.name]; !ok && !addedLater[t.name+"."+c.name] {
			return c.name
		}
	}
	return ""
}

func (t *table) colNames() string {
	names := make([]string, len(t.cols))
	for i, c := range t.cols {
		names[i] = c.name
	}
	return strings.Join(names, ", ")
}

// Op is one row operation inside a journal entry: insert a row, update some
// of its columns, or delete it. Values are resolved (IDs, canonical address
// parts, integers); personal columns hold references into pvalues, and PV
// carries the keyed hash of each personal value this operation introduced.
type Op struct {
	Op    string         `json:"op"` // "insert", "update", "delete"
	Table string         `json:"table"`
	ID    string         `json:"id"`
	Set   map[string]any `json:"set,omitempty"`
	Old   map[string]any `json:"old,omitempty"`
	PV    []PMac         `json:"pv,omitempty"`
}

// PMac ties a personal value's reference to its keyed hash.
type PMac struct {
	Ref string `json:"ref"`
	Mac string `json:"mac"`
}

// decodeOps reads an entry's operations, numbers as int64.
func decodeOps(text string) ([]Op, error) {
	if ops, ok := decodeOpsFast(text); ok {
		return ops, nil
	}
	return decodeOpsJSON(text)
}

// decodeOpsJSON is decodeOps through encoding/json, for any text.
func decodeOpsJSON(text string) ([]Op, error) {
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	var ops []Op
	if err := dec.Decode(&ops); err != nil {
		return nil, Errorf("journal operations: %w", err)
	}
	for i := range ops {
		for _, m := range []map[string]any{ops[i].Set, ops[i].Old} {
			for k, v := range m {
				if n, ok := v.(json.Number); ok {
					iv, err := n.Int64()
					if err != nil {
						return nil, Errorf("journal operations: %s: %w", ColumnWord(k), err)
					}
					m[k] = iv
				}
			}
		}
	}
	return ops, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// checkValue refuses a value of the wrong type for its column.
func checkValue(t *table, col string, v any) error {
	c, ok := t.column(col)
	if !ok {
		return Errorf("%s: a column vol does not have (%q)", TableWord(t.name), col)
	}
	switch c.kind {
	case kText:
		if _, ok := v.(string); !ok {
			return Errorf("%s, %s: not text", TableWord(t.name), ColumnWord(col))
		}
	case kInt:
		if _, ok := v.(int64); !ok {
			return Errorf("%s, %s: not a whole number", TableWord(t.name), ColumnWord(col))
		}
	case kNullText, kPersonal:
		if _, ok := v.(string); !ok && v != nil {
			return Errorf("%s, %s: neither text nor empty", TableWord(t.name), ColumnWord(col))
		}
	}
	return nil
}

// apply carries out one operation on the register tables of q. It is the
// only code that writes those tables, live and in replay.
func apply(ctx context.Context, q querier, op Op) error {
	t, ok := tableByName(op.Table)
	if !ok {
		return Errorf("an operation on a table vol does not have (%q)", op.Table)
	}
	if op.ID == "" {
		return Errorf("an operation on %s without a row ID", TableWord(op.Table))
	}
	keys := sortedKeys(op.Set)
	args := make([]any, 0, len(keys)+1)
	for _, k := range keys {
		if err := checkValue(t, k, op.Set[k]); err != nil {
			return err
		}
		args = append(args, op.Set[k])
	}
	var res sql.Result
	var err error
	switch op.Op {
	case "insert":
		if missing := t.missing(op.Set); missing != "" {
			return Errorf("a new row of %s that sets %d of its %d columns", TableWord(t.name), len(keys), len(t.cols))
		}
		res, err = q.ExecContext(ctx, opSQL(op.Op, t, keys), append([]any{op.ID}, args...)...)
	case "update":
		if len(keys) == 0 {
			return Errorf("a change of %s row %s that sets nothing", TableWord(t.name), short(op.ID))
		}
		res, err = q.ExecContext(ctx, opSQL(op.Op, t, keys), append(args, op.ID)...)
	case "delete":
		res, err = q.ExecContext(ctx, fmt.Sprintf("DELETE FROM %s WHERE id = ?", t.name), op.ID)
	default:
		return Errorf("an operation vol does not have (%q)", op.Op)
	}
	if err != nil {
		return classify(err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return Errorf("%s of %s row %s: %w", opWords[op.Op], TableWord(t.name), short(op.ID), ErrNotFound)
	}
	return nil
}

// opSQLs holds the statement of each (operation, table, columns) met: a
// bulk import or a replay writes the same few hundred thousand times.
var opSQLs sync.Map

// opSQL is the statement of an insert or update of the columns keys
// (sorted, checked against the table) of a row of t.
func opSQL(op string, t *table, keys []string) string {
	cols := strings.Join(keys, ", ")
	key := op + " " + t.name + " " + cols
	if q, ok := opSQLs.Load(key); ok {
		return q.(string)
	}
	// A person's birth_ref brings the copy of the birth beside it (people.birth,
	// migration 0024), read from the value pvalues holds: a parameter numbered
	// as birth_ref's (after the row ID in an insert, first in an update).
	birth := ""
	if t == tPeople {
		if i := sort.SearchStrings(keys, "birth_ref"); i < len(keys) && keys[i] == "birth_ref" {
			n := i + 1
			if op == "insert" {
				n++
			}
			birth = fmt.Sprintf("(SELECT value FROM pvalues WHERE ref = ?%d)", n)
		}
	}
	var q string
	if op == "insert" {
		marks := strings.TrimSuffix(strings.Repeat("?, ", len(keys)+1), ", ")
		if birth != "" {
			cols, marks = cols+", birth", marks+", "+birth
		}
		q = fmt.Sprintf("INSERT INTO %s (id, %s) VALUES (%s)", t.name, cols, marks)
	} else {
		sets := make([]string, len(keys), len(keys)+1)
		for i, k := range keys {
			sets[i] = k + " = ?"
		}
		if birth != "" {
			sets = append(sets, "birth = "+birth)
		}
		q = fmt.Sprintf("UPDATE %s SET %s WHERE id = ?", t.name, strings.Join(sets, ", "))
	}
	opSQLs.Store(key, q)
	return q
}

// readRow returns a row's columns (not its id), or ErrNotFound.
func readRow(ctx context.Context, q querier, t *table, id string) (map[string]any, error) {
	vals := make([]any, len(t.cols))
	ptrs := make([]any, len(t.cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	err := q.QueryRowContext(ctx, fmt.Sprintf("SELECT %s FROM %s WHERE id = ?", t.colNames(), t.name), id).Scan(ptrs...)
	if err == sql.ErrNoRows {
		return nil, Errorf("%s row %s: %w", TableWord(t.name), short(id), ErrNotFound)
	}
	if err != nil {
		return nil, classify(err)
	}
	row := make(map[string]any, len(t.cols))
	for i, c := range t.cols {
		row[c.name] = normalizeSQL(vals[i])
	}
	return row, nil
}

func normalizeSQL(v any) any {
	switch x := v.(type) {
	case []byte:
		return string(x)
	case int:
		return int64(x)
	}
	return v
}

// inverse returns the operations that undo ops, in the order to apply them.
func inverse(ops []Op) []Op {
	inv := make([]Op, 0, len(ops))
	for i := len(ops) - 1; i >= 0; i-- {
		op := ops[i]
		switch op.Op {
		case "insert":
			inv = append(inv, Op{Op: "delete", Table: op.Table, ID: op.ID, Old: op.Set})
		case "update":
			inv = append(inv, Op{Op: "update", Table: op.Table, ID: op.ID, Set: op.Old, Old: op.Set})
		case "delete":
			inv = append(inv, Op{Op: "insert", Table: op.Table, ID: op.ID, Set: op.Old})
		}
	}
	return inv
}
