package ledger

import "context"

// checkChains is the chain check over entries already read, in (device,
// seq) order (vol check reads them through a cursor).
func checkChains(entries []Entry) []Problem {
	var c chainCheck
	for i := range entries {
		c.add(&entries[i])
	}
	return c.probs
}

// dumpTable reads a whole table in ID order, as vol check's cursors walk it.
func dumpTable(ctx context.Context, q querier, t *table) ([]dumpedRow, error) {
	c, err := openTableCursor(ctx, q, t)
	if err != nil {
		return nil, err
	}
	defer c.rows.Close()
	var out []dumpedRow
	for c.next() {
		out = append(out, dumpedRow{id: c.row.id, vals: append([]any(nil), c.row.vals...)})
	}
	return out, c.err
}
