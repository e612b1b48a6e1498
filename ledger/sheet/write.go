package sheet

import (
	"archive/zip"
	"bufio"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/width"

	"vol/ledger"
)

// Table is one sheet of an export: a name, typed columns, rows of text.
type Table struct {
	// Name is the sheet name (and the CSV file stem), e.g. "households" or
	// "住户": at most 31 characters, none of []:*?/\, not starting or
	// ending with an apostrophe, unique within a workbook ignoring case.
	Name    string
	Columns []TableColumn
	// Rows are the data rows, one string per column; a short row is padded
	// with blanks, a row longer than Columns is an error.
	Rows [][]string
	// Each, when set, gives the data rows instead of Rows, one at a time as
	// they are written: it calls yield with each row in order and returns
	// the first error yield returns. The writer keeps no row past its yield
	// but the first widthSample (which size the columns), so a row must not
	// be changed once yielded.
	Each func(yield func(row []string) error) error
}

// each calls yield with every data row of t, from Each or Rows.
func (t Table) each(yield func(row []string) error) error {
	if t.Each != nil {
		return t.Each(yield)
	}
	for _, r := range t.Rows {
		if err := yield(r); err != nil {
			return err
		}
	}
	return nil
}

// errTooLong is a data row with more values than columns, n counting from 1.
func (t Table) errTooLong(n int, row []string) error {
	return ledger.Errorf("sheet: table %q row %d has %d values for %d columns", t.Name, n, len(row), len(t.Columns))
}

// errTooMany is a table with more data rows than a sheet holds.
func (t Table) errTooMany(n int) error {
	return ledger.Errorf("sheet: table %q has %d rows; a sheet holds %d below its title and header", t.Name, n, excelize.TotalRows-headerRow)
}

// TableColumn is one column of a Table.
type TableColumn struct {
	Header string
	// Text keeps the column as text (phones, ID numbers, room numbers): in
	// XLSX its cells are strings with the "@" (text) number format, so a
	// spreadsheet never shows 13800138000 as 1.38E+10 or drops a leading 0.
	// In a column that is not Text, a plain unsigned decimal such as 3 or
	// 12.5 (no sign, no leading zero, no trailing fractional zero, at most
	// 11 integer digits and 15 characters) is written as a number so it can
	// be summed; anything else is written as a string.
	Text bool
	// Width is the column width in Excel character units; 0 sizes it from
	// the header and the first rows (CJK characters count 2), within 6..50.
	Width float64
}

// Sizing and layout of an XLSX export.
const (
	titleRow      = 1
	headerRow     = 2
	firstDataRow  = 3
	widthSample   = 200 // data rows looked at to size a column
	minAutoWidth  = 6
	maxAutoWidth  = 50
	filterArrow   = 3 // room for the auto-filter drop-down button
	cellPadding   = 1
	titleHeight   = 24
	maxPartSize   = math.MaxUint32 // archive/zip without zip64 headers Excel accepts
	textNumFmt    = 49             // built-in number format "@"
	headerFillRGB = "DDEBF7"
)

// WriteXLSX writes tables as an XLSX workbook, one sheet per table in order,
// the first sheet active. Each sheet has title in row 1 (bold, merged across
// the columns), the headers in row 2 (bold, filled), rows 1-2 frozen, an
// auto-filter over the header and data, and the data from row 3. Every
// value is written as a string (or a number) cell, never a formula, so it
// needs no guard: "=1+1" shows as =1+1, not '=1+1.
//
// Sheets are written with excelize's stream writer, which keeps 16-32 MB
// of a sheet's XML in memory and spills the rest to a temporary file in
// tmpDir (the system temporary folder if tmpDir is ""): about 500 MB of
// disk for a million rows of ten columns. The caller should make tmpDir
// private (0700), as the files hold the sheet's contents; they are removed
// before WriteXLSX returns. The workbook is zipped straight into w, never
// assembled in memory.
//
// at is the time the workbook records as created and last modified (its
// document properties, in UTC to the second): the caller's clock, so the
// same tables and time give the same bytes.
func WriteXLSX(w io.Writer, title string, tables []Table, tmpDir string, at time.Time) (err error) {
	if len(tables) == 0 {
		return ledger.Errorf("sheet: no tables to write")
	}
	if err := checkTables(tables); err != nil {
		return err
	}
	// excelize quietly keeps a sheet in memory when it cannot make its
	// temporary file, so a folder it cannot write in is an error here.
	probe, err := os.CreateTemp(tmpDir, "vol-probe-")
	if err != nil {
		return ledger.Errorf("sheet: temporary folder: %w", err)
	}
	probe.Close()
	os.Remove(probe.Name())
	f := excelize.NewFile(excelize.Options{TmpDir: tmpDir})
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = ledger.Errorf("sheet: removing temporary files: %w", cerr)
		}
	}()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	for i, t := range tables {
		if i == 0 {
			err = f.SetSheetName("Sheet1", t.Name) // the default sheet becomes the first table
		} else {
			_, err = f.NewSheet(t.Name)
		}
		if err != nil {
			return ledger.Errorf("sheet: table %q: %w", t.Name, err)
		}
		if err := writeSheet(f, st, title, t); err != nil {
			return ledger.Errorf("sheet: table %q: %w", t.Name, err)
		}
	}
	// The first sheet is active already; SetActiveSheet would re-read every
	// sheet written so far (a sixth of an export's time).
	now := at.UTC().Format(time.RFC3339)
	if err := f.SetDocProps(&excelize.DocProperties{
		Title: title, Creator: "vol", LastModifiedBy: "vol", Created: now, Modified: now,
	}); err != nil {
		return ledger.Errorf("sheet: document properties: %w", err)
	}
	return saveXLSX(f, w, tmpDir)
}

// checkTables rejects what Excel or excelize would reject, before any work.
func checkTables(tables []Table) error {
	seen := map[string]bool{}
	for _, t := range tables {
		key := strings.ToLower(t.Name)
		switch {
		case t.Name == "":
			return ledger.Errorf("sheet: a table has no name")
		case utf16Len(t.Name) > 31:
			return ledger.Errorf("sheet: table name %q is longer than 31 characters", t.Name)
		case strings.ContainsAny(t.Name, `[]:*?/\`):
			return ledger.Errorf(`sheet: table name %q contains one of []:*?/\`, t.Name)
		case strings.HasPrefix(t.Name, "'") || strings.HasSuffix(t.Name, "'"):
			return ledger.Errorf("sheet: table name %q starts or ends with an apostrophe", t.Name)
		case key == "history":
			return ledger.Errorf("sheet: table name %q is reserved by Excel", t.Name)
		case seen[key]:
			return ledger.Errorf("sheet: two tables are named %q", t.Name)
		case len(t.Columns) == 0:
			return ledger.Errorf("sheet: table %q has no columns", t.Name)
		case len(t.Columns) > excelize.MaxColumns:
			return ledger.Errorf("sheet: table %q has %d columns; a sheet holds %d", t.Name, len(t.Columns), excelize.MaxColumns)
		case len(t.Rows) > excelize.TotalRows-headerRow:
			return t.errTooMany(len(t.Rows))
		}
		seen[key] = true
		for i, c := range t.Columns {
			if c.Width < 0 || c.Width > excelize.MaxColumnWidth {
				return ledger.Errorf("sheet: table %q column %d (%q): width %g is outside 0..%d", t.Name, i+1, c.Header, c.Width, excelize.MaxColumnWidth)
			}
		}
		for i, r := range t.Rows {
			if len(r) > len(t.Columns) {
				return t.errTooLong(i+1, r)
			}
		}
	}
	return nil
}

// utf16Len is the length of s in UTF-16 code units, as Excel counts.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

type styles struct{ title, header, text int }

func newStyles(f *excelize.File) (styles, error) {
	var st styles
	var err error
	if st.title, err = f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Size: 14},
		Alignment: &excelize.Alignment{Vertical: "center"},
	}); err != nil {
		return st, ledger.Errorf("sheet: title style: %w", err)
	}
	if st.header, err = f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{headerFillRGB}},
		Border:    []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"},
		NumFmt:    textNumFmt,
	}); err != nil {
		return st, ledger.Errorf("sheet: header style: %w", err)
	}
	if st.text, err = f.NewStyle(&excelize.Style{NumFmt: textNumFmt}); err != nil {
		return st, ledger.Errorf("sheet: text style: %w", err)
	}
	return st, nil
}

// writeSheet streams one table into its (existing, empty) sheet. The stream
// writer wants column widths, column styles and panes before the first row,
// and the auto-filter and merged cells before Flush. The first widthSample
// rows wait in memory until the columns are sized; the rest go straight to
// the stream writer as they come.
func writeSheet(f *excelize.File, st styles, title string, t Table) error {
	sw, err := f.NewStreamWriter(t.Name)
	if err != nil {
		return err
	}
	ncol := len(t.Columns)
	lastCol, err := excelize.ColumnNumberToName(ncol)
	if err != nil {
		return err
	}
	filter := func(rows int) error {
		return f.AutoFilter(t.Name, "A"+strconv.Itoa(headerRow)+":"+lastCol+strconv.Itoa(headerRow+rows), nil)
	}
	vals := make([]any, ncol)
	var head [][]string // the rows that size the columns
	n, started := 0, false
	start := func() error {
		started = true
		// excelize puts the column set last first in <cols>, and Excel wants
		// them in ascending order: set them from the last column back.
		for i := ncol - 1; i >= 0; i-- {
			if err := sw.SetColWidth(i+1, i+1, columnWidth(t.Columns[i], head, i)); err != nil {
				return err
			}
			if t.Columns[i].Text {
				// New cells typed below the data stay text too.
				if err := sw.SetColStyle(i+1, i+1, st.text); err != nil {
					return err
				}
			}
		}
		first := excelize.Selection{SQRef: "A" + strconv.Itoa(firstDataRow), ActiveCell: "A" + strconv.Itoa(firstDataRow), Pane: "bottomLeft"}
		if err := sw.SetPanes(&excelize.Panes{
			Freeze:      true,
			YSplit:      headerRow,
			TopLeftCell: first.ActiveCell,
			ActivePane:  "bottomLeft",
			Selection:   []excelize.Selection{first},
		}); err != nil {
			return err
		}
		// The range is set again after the last row when the count is not
		// known yet; only the last call shows in the file.
		if err := filter(len(head)); err != nil {
			return err
		}
		titleCell := []any{excelize.Cell{StyleID: st.title, Value: title}}
		if err := sw.SetRow("A1", titleCell, excelize.RowOpts{Height: titleHeight}); err != nil {
			return err
		}
		if ncol > 1 {
			if err := sw.MergeCell("A1", lastCol+"1"); err != nil {
				return err
			}
		}
		for i, c := range t.Columns {
			vals[i] = excelize.Cell{StyleID: st.header, Value: c.Header}
		}
		if err := sw.SetRow("A"+strconv.Itoa(headerRow), vals); err != nil {
			return err
		}
		for r, row := range head {
			if err := writeRow(sw, t, vals, firstDataRow+r, row); err != nil {
				return err
			}
		}
		head = nil
		return nil
	}
	err = t.each(func(row []string) error {
		n++
		switch {
		case len(row) > ncol:
			return t.errTooLong(n, row)
		case n > excelize.TotalRows-headerRow:
			return t.errTooMany(n)
		case !started && n <= widthSample:
			head = append(head, row)
			return nil
		case !started:
			if err := start(); err != nil {
				return err
			}
		}
		return writeRow(sw, t, vals, headerRow+n, row)
	})
	if err != nil {
		return err
	}
	if !started {
		if err := start(); err != nil {
			return err
		}
	} else if err := filter(n); err != nil {
		return err
	}
	return sw.Flush()
}

// writeRow writes one data row at row number r, vals its scratch space.
func writeRow(sw *excelize.StreamWriter, t Table, vals []any, r int, row []string) error {
	clear(vals)
	for i, s := range row {
		vals[i] = cellValue(s, t.Columns[i].Text)
	}
	return sw.SetRow("A"+strconv.Itoa(r), vals)
}

// cellValue is what SetRow gets for one data cell: nil for a blank, a number
// for a plain decimal in a column that is not Text, else the text as it is:
// a string cell is never a formula, so it needs no guard (an apostrophe
// would show in Excel).
// Text cells take the "@" format from their column style.
func cellValue(s string, text bool) any {
	switch {
	case s == "":
		return nil
	case !text && plainNumber(s):
		if v, err := strconv.ParseFloat(s, 64); err == nil {
			return v
		}
	}
	return s
}

// plainNumber reports whether s is an unsigned decimal that survives the
// trip to a spreadsheet number and back in the General format unchanged:
// 0, 7, 12.5, 0.25; not 007, 1.50, +1, -1, 1e5, 1,000 or 123456789012.
func plainNumber(s string) bool {
	if len(s) > 15 {
		return false
	}
	intPart, frac, hasDot := strings.Cut(s, ".")
	if intPart == "" || len(intPart) > 11 || (len(intPart) > 1 && intPart[0] == '0') {
		return false
	}
	if hasDot && (frac == "" || frac[len(frac)-1] == '0') {
		return false
	}
	for _, part := range []string{intPart, frac} {
		for i := 0; i < len(part); i++ {
			if part[i] < '0' || part[i] > '9' {
				return false
			}
		}
	}
	return true
}

// columnWidth is the column's set width, or one sized from its header and
// the first widthSample rows, clamped to minAutoWidth..maxAutoWidth.
func columnWidth(c TableColumn, rows [][]string, col int) float64 {
	if c.Width > 0 {
		return c.Width
	}
	w := displayWidth(c.Header) + filterArrow
	for _, row := range rows[:min(len(rows), widthSample)] {
		if col < len(row) {
			w = max(w, displayWidth(row[col])+cellPadding)
		}
	}
	return float64(min(max(w, minAutoWidth), maxAutoWidth))
}

// displayWidth is the width of the widest line of s in character cells:
// East Asian wide and full-width characters count 2, others 1.
func displayWidth(s string) int {
	widest, n := 0, 0
	for _, r := range s {
		switch {
		case r == '\n':
			widest, n = max(widest, n), 0
			continue
		case r < 0x1100: // nothing below U+1100 is wide
			n++
		default:
			switch width.LookupRune(r).Kind() {
			case width.EastAsianWide, width.EastAsianFullwidth:
				n += 2
			default:
				n++
			}
		}
	}
	return max(widest, n)
}

// saveXLSX zips the workbook straight into w. excelize's Write assembles the
// whole archive in a bytes.Buffer handed to its ZipWriter hook; the hook here
// ignores that buffer and zips into w instead, so the archive is never held
// in memory. A part over 4 GiB is refused: excelize would patch the zip64
// version into the buffered headers, which cannot be done on a stream.
func saveXLSX(f *excelize.File, w io.Writer, tmpDir string) error {
	zw := &streamZip{zw: zip.NewWriter(w), tmpDir: tmpDir, next: 1, held: map[int]string{}}
	defer zw.cleanup()
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return zw })
	var stray countWriter
	if err := f.Write(&stray); err != nil {
		return ledger.Errorf("sheet: writing the workbook: %w", err)
	}
	if stray.n != 0 {
		return ledger.Errorf("sheet: excelize wrote outside the zip stream")
	}
	return nil
}

// streamZip is an excelize.ZipWriter zipping into the real destination.
// excelize hands over the streamed worksheets in map order; streamZip puts
// them in the zip as sheet1, sheet2, … (one that comes early waits in a
// private file in tmpDir), so the same tables always give the same bytes.
type streamZip struct {
	zw     *zip.Writer
	tmpDir string
	next   int            // the worksheet the zip takes next
	held   map[int]string // worksheets that came early, by number: their files
	hold   *os.File       // the worksheet being written to a file, if any
	holdN  int
}

var sheetPart = regexp.MustCompile(`^xl/worksheets/sheet([0-9]+)\.xml$`)

func (z *streamZip) Create(name string) (io.Writer, error) {
	if err := z.settle(); err != nil {
		return nil, err
	}
	if m := sheetPart.FindStringSubmatch(name); m != nil {
		n, _ := strconv.Atoi(m[1])
		if n != z.next {
			f, err := os.CreateTemp(z.tmpDir, "vol-sheet-")
			if err != nil {
				return nil, err
			}
			z.hold, z.holdN = f, n
			return &partWriter{w: f, name: name}, nil
		}
		z.next++
	}
	w, err := z.zw.Create(name)
	if err != nil {
		return nil, err
	}
	return &partWriter{w: w, name: name}, nil
}

// settle files away the worksheet just written to a file, then puts in the
// zip every held worksheet whose turn has come.
func (z *streamZip) settle() error {
	if z.hold != nil {
		z.held[z.holdN] = z.hold.Name()
		if err := z.hold.Close(); err != nil {
			return err
		}
		z.hold = nil
	}
	for {
		path, ok := z.held[z.next]
		if !ok {
			return nil
		}
		w, err := z.zw.Create(fmt.Sprintf("xl/worksheets/sheet%d.xml", z.next))
		if err != nil {
			return err
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		_, err = io.Copy(w, f)
		f.Close()
		if err != nil {
			return err
		}
		_ = os.Remove(path)
		delete(z.held, z.next)
		z.next++
	}
}

// cleanup removes what is still held (after an error).
func (z *streamZip) cleanup() {
	if z.hold != nil {
		z.hold.Close()
		_ = os.Remove(z.hold.Name())
	}
	for _, p := range z.held {
		_ = os.Remove(p)
	}
}

func (z *streamZip) AddFS(fsys fs.FS) error { return z.zw.AddFS(fsys) }

func (z *streamZip) Close() error {
	if err := z.settle(); err != nil {
		return err
	}
	if len(z.held) > 0 {
		return ledger.Errorf("sheet: worksheet %d never came", z.next)
	}
	return z.zw.Close()
}

// partWriter refuses to let one zip part grow past maxPartSize.
type partWriter struct {
	w    io.Writer
	name string
	n    int64
}

func (p *partWriter) Write(b []byte) (int, error) {
	if p.n+int64(len(b)) > maxPartSize {
		return 0, ledger.Errorf("%s is over 4 GiB; split the export into smaller sheets", p.name)
	}
	n, err := p.w.Write(b)
	p.n += int64(n)
	return n, err
}

type countWriter struct{ n int64 }

func (c *countWriter) Write(b []byte) (int, error) {
	c.n += int64(len(b))
	return len(b), nil
}

// WriteCSV writes t as CSV for Excel and WPS: UTF-8 with a byte order mark,
// so Chinese text opens correctly, the header row then the data rows, CRLF
// line ends, a field quoted when it holds a comma, a quote, CR, LF or
// leading or trailing space (quotes doubled), a record of one empty field
// written as "" so it is not read as a blank line. Every field goes through
// Guard. Line breaks inside a field are written as they are; encoding/csv
// reads a CRLF inside a field back as LF. There is no title row.
//
// CSV carries no types: Excel opening a CSV turns 13800138000 into
// 1.38E+10 and drops leading zeros whatever is written, so Text columns
// survive only in the XLSX export (or a CSV import with the column set to
// text).
func WriteCSV(w io.Writer, t Table) error {
	for n, row := range t.Rows {
		if len(row) > len(t.Columns) {
			return t.errTooLong(n+1, row)
		}
	}
	bw := bufio.NewWriter(w)
	bw.WriteString("\ufeff")
	rec := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		rec[i] = c.Header
	}
	writeCSVRecord(bw, rec)
	n := 0
	if err := t.each(func(row []string) error {
		n++
		if len(row) > len(rec) {
			return t.errTooLong(n, row)
		}
		clear(rec)
		copy(rec, row)
		writeCSVRecord(bw, rec)
		return nil
	}); err != nil {
		return err
	}
	return bw.Flush()
}

func writeCSVRecord(bw *bufio.Writer, rec []string) {
	if len(rec) == 1 && rec[0] == "" {
		bw.WriteString("\"\"\r\n") // a bare empty line would be skipped as no record
		return
	}
	for i, s := range rec {
		if i > 0 {
			bw.WriteByte(',')
		}
		s = Guard(s)
		if !csvNeedsQuotes(s) {
			bw.WriteString(s)
			continue
		}
		bw.WriteByte('"')
		for {
			j := strings.IndexByte(s, '"')
			if j < 0 {
				break
			}
			bw.WriteString(s[:j+1])
			bw.WriteByte('"')
			s = s[j+1:]
		}
		bw.WriteString(s)
		bw.WriteByte('"')
	}
	bw.WriteString("\r\n")
}

func csvNeedsQuotes(s string) bool {
	if s == "" {
		return false
	}
	if strings.ContainsAny(s, ",\"\r\n") {
		return true
	}
	first, last := s[0], s[len(s)-1]
	return first == ' ' || first == '\t' || last == ' ' || last == '\t'
}

// Guard defuses formula injection: a value starting with = + - @, a tab or a
// carriage return, which a spreadsheet could take for a formula, gets a
// leading apostrophe; so does a value already starting with an apostrophe,
// so that Unguard(Guard(s)) == s for every s.
func Guard(s string) string {
	if s != "" && guarded(s[0]) {
		return "'" + s
	}
	return s
}

// Unguard removes the apostrophe Guard added: exactly one leading
// apostrophe, and only when the rest starts with = + - @, tab, CR or '.
func Unguard(s string) string {
	if len(s) >= 2 && s[0] == '\'' && guarded(s[1]) {
		return s[1:]
	}
	return s
}

func guarded(b byte) bool {
	switch b {
	case '=', '+', '-', '@', '\t', '\r', '\'':
		return true
	}
	return false
}
