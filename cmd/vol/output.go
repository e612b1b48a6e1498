package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/pkg/twwidth"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"

	"vol/ledger"
)

// printTable writes an ASCII table, the same on a terminal and in a pipe.
func printTable(w io.Writer, header []string, rows [][]string) error {
	t := tablewriter.NewTable(w,
		tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{Symbols: tw.NewSymbols(tw.StyleASCII)})),
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithHeaderAlignment(tw.AlignLeft),
		tablewriter.WithRowAlignment(tw.AlignLeft),
		tablewriter.WithTrimSpace(tw.Off),
	)
	t.Header(header)
	safe := make([][]string, len(rows))
	for i, row := range rows {
		safe[i] = make([]string, len(row))
		for j, c := range row {
			safe[i][j] = ledger.Printable(c)
		}
	}
	if err := t.Bulk(safe); err != nil {
		return err
	}
	return t.Render()
}

// printJSON writes one JSON document; callers pass dedicated structs with
// snake_case tags and empty slices, never nil ones.
func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// tableStream writes, a row at a time, the table printTable writes for the
// same rows, given each column's widest cell beforehand (printTable sizes
// its columns from every row, so a long list could not start before its
// end). Cells must be single lines without tabs or escape sequences, which
// printTable would expand.
type tableStream struct {
	w      *bufio.Writer
	widths []int
	line   []byte
}

// newTableStream writes the table's head; widest holds each column's widest
// cell (the header's width is taken into account here).
func newTableStream(w io.Writer, header []string, widest []int) (*tableStream, error) {
	t := &tableStream{w: bufio.NewWriter(w), widths: make([]int, len(header))}
	for i, h := range header {
		t.widths[i] = max(twwidth.Width(h), widest[i])
	}
	if err := t.border(); err != nil {
		return nil, err
	}
	if err := t.Row(header); err != nil {
		return nil, err
	}
	return t, t.border()
}

func (t *tableStream) border() error {
	t.line = append(t.line[:0], '+')
	for _, w := range t.widths {
		t.line = append(t.line, strings.Repeat("-", w+2)...)
		t.line = append(t.line, '+')
	}
	t.line = append(t.line, '\n')
	_, err := t.w.Write(t.line)
	return err
}

// Row writes one row.
func (t *tableStream) Row(cells []string) error {
	t.line = append(t.line[:0], '|')
	for i, c := range cells {
		c = ledger.Printable(c)
		t.line = append(t.line, ' ')
		t.line = append(t.line, c...)
		t.line = append(t.line, strings.Repeat(" ", max(t.widths[i]-twwidth.Width(c), 0)+1)...)
		t.line = append(t.line, '|')
	}
	t.line = append(t.line, '\n')
	_, err := t.w.Write(t.line)
	return err
}

// Close writes the table's foot.
func (t *tableStream) Close() error {
	if err := t.border(); err != nil {
		return err
	}
	return t.w.Flush()
}

// jsonArray writes, an element at a time, the document printJSON writes
// for a slice of the same elements.
type jsonArray struct {
	w   *bufio.Writer
	n   int
	buf bytes.Buffer
	enc *json.Encoder
}

func newJSONArray(w io.Writer) *jsonArray {
	j := &jsonArray{w: bufio.NewWriter(w)}
	j.enc = json.NewEncoder(&j.buf)
	j.enc.SetIndent("  ", "  ")
	j.enc.SetEscapeHTML(false)
	return j
}

// Add writes one element.
func (j *jsonArray) Add(v any) error {
	j.buf.Reset()
	if err := j.enc.Encode(v); err != nil {
		return err
	}
	sep := ",\n  "
	if j.n == 0 {
		sep = "[\n  "
	}
	j.n++
	j.w.WriteString(sep)
	_, err := j.w.Write(bytes.TrimSuffix(j.buf.Bytes(), []byte("\n")))
	return err
}

// Close ends the array.
func (j *jsonArray) Close() error {
	end := "\n]\n"
	if j.n == 0 {
		end = "[]\n"
	}
	j.w.WriteString(end)
	return j.w.Flush()
}

// personLabel names a person for a message: the masked name and address
// (ledger.Label) with the short ID that tells two namesakes apart; the ID
// alone only when nothing else is known.
func personLabel(label, id string) string {
	if label == "" {
		return shortID(id)
	}
	return label + " (" + shortID(id) + ")"
}

// whoIs is personLabel for a person read from the ledger.
func whoIs(p ledger.Person) string { return personLabel(ledger.Label(p.Name, p.Address), p.ID) }

// phoneShown is a person's phone as the team sees it: in full when they
// agreed to share it (vol person set --share-phone yes) or with --full,
// masked (138****1234) otherwise.
func phoneShown(p ledger.Person, full bool) string {
	if full || p.SharePhone {
		return p.Phone
	}
	return ledger.MaskPhone(p.Phone)
}
