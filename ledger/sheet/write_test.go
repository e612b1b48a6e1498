package sheet

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

const testTitle = "凯旋华庭 · 住户 · 2026-11-28"

// testTime is when the test workbooks say they were written.
var testTime = time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)

// testTables are two tables covering text columns, numbers, the values
// Guard must defuse, and blanks.
func testTables() []Table {
	return []Table{
		{
			Name: "住户",
			Columns: []TableColumn{
				{Header: "地址", Text: true},
				{Header: "户主"},
				{Header: "联系电话", Text: true},
				{Header: "人数"},
				{Header: "备注", Width: 30},
			},
			Rows: [][]string{
				{"3-2-501", "张伟", "13800138000", "3", "独居老人，每周探访"},
				{"3-2-502", "李娜", "05712345678", "12.5", "=SUM(A1)"},
				{"007", "+1", "-1", "007", "@x"},
				{"12-1-101", "\tx", "\rx", "-1", "'quoted"},
				{"1", "", "", "", ""},
				{"2"},
			},
		},
		{
			Name: "people",
			Columns: []TableColumn{
				{Header: "姓名"},
				{Header: "phone", Text: true},
				{Header: "age"},
			},
			Rows: [][]string{
				{"王芳", "13912345678", "68"},
				{"Zhao, Lei", "+86 139 1234 5678", "1.50"},
			},
		},
	}
}

func TestWriteXLSX(t *testing.T) {
	dir := t.TempDir()
	tmpDir := filepath.Join(dir, "tmp")
	if err := os.Mkdir(tmpDir, 0o700); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "export.xlsx")
	tables := testTables()
	err := WriteFileAtomic(path, func(w io.Writer) error { return WriteXLSX(w, testTitle, tables, tmpDir, testTime) })
	if err != nil {
		t.Fatal(err)
	}
	if left, _ := os.ReadDir(tmpDir); len(left) != 0 {
		t.Errorf("temporary files left in tmpDir: %v", left)
	}

	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()

	if got, want := f.GetSheetList(), []string{"住户", "people"}; !slices.Equal(got, want) {
		t.Errorf("sheets = %q, want %q", got, want)
	}
	if got := f.GetActiveSheetIndex(); got != 0 {
		t.Errorf("active sheet = %d, want 0", got)
	}
	filters := map[string]string{}
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm._FilterDatabase" {
			filters[dn.Scope] = dn.RefersTo
		}
	}
	sheetXML := readZipParts(t, path)

	for ti, tb := range tables {
		t.Run(tb.Name, func(t *testing.T) {
			ncol := len(tb.Columns)
			lastCol, _ := excelize.ColumnNumberToName(ncol)
			lastRow := 2 + len(tb.Rows)

			rows, err := f.GetRows(tb.Name)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := rows[0], []string{testTitle}; !slices.Equal(got, want) {
				t.Errorf("title row = %q, want %q", got, want)
			}
			var headers []string
			for _, c := range tb.Columns {
				headers = append(headers, c.Header)
			}
			if got := rows[1]; !slices.Equal(got, headers) {
				t.Errorf("header row = %q, want %q", got, headers)
			}
			if got, want := len(rows), lastRow; got != want {
				t.Errorf("GetRows gave %d rows, want %d", got, want)
			}

			for r, row := range tb.Rows {
				for c, col := range tb.Columns {
					want := ""
					if c < len(row) {
						want = row[c]
					}
					cell, _ := excelize.CoordinatesToCellName(c+1, r+3)
					got := ""
					if r+2 < len(rows) && c < len(rows[r+2]) {
						got = rows[r+2][c]
					}
					if got != want { // a string cell is never a formula: no guard, no apostrophe in Excel
						t.Errorf("%s = %q, want %q", cell, got, want)
					}
					typ, err := f.GetCellType(tb.Name, cell)
					if err != nil {
						t.Fatal(err)
					}
					wantType := excelize.CellTypeInlineString
					switch {
					case want == "":
						wantType = excelize.CellTypeUnset
					case !col.Text && plainNumber(want):
						wantType = excelize.CellTypeUnset // a number: no t attribute
					}
					if typ != wantType {
						t.Errorf("%s (%q) type = %v, want %v", cell, want, typ, wantType)
					}
					if col.Text && want != "" {
						if got := numFmt(t, f, tb.Name, cell); got != textNumFmt {
							t.Errorf("%s (%q) number format = %d, want %d (@)", cell, want, got, textNumFmt)
						}
					}
				}
			}

			// Every cell of the used range holds no formula.
			for r := 1; r <= lastRow; r++ {
				for c := 1; c <= ncol; c++ {
					cell, _ := excelize.CoordinatesToCellName(c, r)
					if fm, err := f.GetCellFormula(tb.Name, cell); err != nil || fm != "" {
						t.Errorf("%s formula = %q, %v; want none", cell, fm, err)
					}
					if typ, _ := f.GetCellType(tb.Name, cell); typ == excelize.CellTypeFormula {
						t.Errorf("%s has the formula-string type", cell)
					}
				}
			}

			// Title: bold, merged across the columns.
			if s := cellStyle(t, f, tb.Name, "A1"); s.Font == nil || !s.Font.Bold {
				t.Errorf("title style = %+v, want bold", s)
			}
			merges, err := f.GetMergeCells(tb.Name)
			if err != nil {
				t.Fatal(err)
			}
			if len(merges) != 1 || merges[0].GetStartAxis() != "A1" || merges[0].GetEndAxis() != lastCol+"1" {
				t.Errorf("merged cells = %v, want A1:%s1", merges, lastCol)
			}
			// Header: bold with a fill.
			for c := 1; c <= ncol; c++ {
				cell, _ := excelize.CoordinatesToCellName(c, 2)
				s := cellStyle(t, f, tb.Name, cell)
				if s.Font == nil || !s.Font.Bold || s.Fill.Type != "pattern" || len(s.Fill.Color) == 0 {
					t.Errorf("header %s style font %+v fill %+v, want bold and filled", cell, s.Font, s.Fill)
				}
			}

			panes, err := f.GetPanes(tb.Name)
			if err != nil {
				t.Fatal(err)
			}
			if !panes.Freeze || panes.YSplit != 2 || panes.XSplit != 0 || panes.TopLeftCell != "A3" {
				t.Errorf("panes = %+v, want frozen below row 2 with A3 top-left", panes)
			}

			// excelize writes the filter range absolute, as Excel does in
			// the defined name.
			wantRef := "$A$2:$" + lastCol + "$" + strconv.Itoa(lastRow)
			if got, want := filters[tb.Name], "'"+tb.Name+"'!"+wantRef; got != want {
				t.Errorf("_FilterDatabase = %q, want %q", got, want)
			}
			xml := sheetXML[fmt.Sprintf("xl/worksheets/sheet%d.xml", ti+1)]
			if want := `<autoFilter ref="` + wantRef + `"`; !strings.Contains(xml, want) {
				t.Errorf("sheet XML lacks %s", want)
			}
			if strings.Contains(xml, "<f>") || strings.Contains(xml, "<f ") {
				t.Error("sheet XML holds a formula")
			}
			// Excel wants <col> elements in ascending order.
			var mins []int
			for _, m := range colMin.FindAllStringSubmatch(xml, -1) {
				n, _ := strconv.Atoi(m[1])
				mins = append(mins, n)
			}
			if want := seq(1, ncol); !slices.Equal(mins, want) {
				t.Errorf("<col min> order = %v, want %v", mins, want)
			}

			for c, col := range tb.Columns {
				name, _ := excelize.ColumnNumberToName(c + 1)
				w, err := f.GetColWidth(tb.Name, name)
				if err != nil {
					t.Fatal(err)
				}
				if col.Width > 0 {
					if w != col.Width {
						t.Errorf("column %s width = %g, want the set %g", name, w, col.Width)
					}
				} else if w < minAutoWidth || w > maxAutoWidth {
					t.Errorf("column %s width = %g, want within %d..%d", name, w, minAutoWidth, maxAutoWidth)
				}
			}
		})
	}
}

func TestColumnWidth(t *testing.T) {
	long := strings.Repeat("很长", 40)
	tb := Table{
		Columns: []TableColumn{
			{Header: "地址"},   // 4+3 = 7; rows: "12-1-101" 8+1 = 9
			{Header: "联系电话"}, // 8+3 = 11; rows: 11+1 = 12
			{Header: "x"},    // 1+3 = 4: clamped up to 6
			{Header: "备注"},   // clamped down to 50
			{Header: "n", Width: 7.5},
			{Header: "多行"}, // widest line "abcdefghij" 10+1
		},
		Rows: [][]string{
			{"12-1-101", "13800138000", "", long, "whatever", "abc\nabcdefghij\nab"},
			{"3-2-501", "-1"},
		},
	}
	for _, tc := range []struct {
		col  int
		want float64
	}{
		{0, 9}, {1, 12}, {2, 6}, {3, 50}, {4, 7.5}, {5, 11},
	} {
		if got := columnWidth(tb.Columns[tc.col], tb.Rows, tc.col); got != tc.want {
			t.Errorf("columnWidth(%q) = %g, want %g", tb.Columns[tc.col].Header, got, tc.want)
		}
	}
}

func TestDisplayWidth(t *testing.T) {
	for _, tc := range []struct {
		s    string
		want int
	}{
		{"", 0},
		{"abc", 3},
		{"张伟", 4},
		{"3号楼", 5},
		{"ＡＢ", 4}, // full-width
		{"·", 1},
		{"ab\n张伟伟", 6},
	} {
		if got := displayWidth(tc.s); got != tc.want {
			t.Errorf("displayWidth(%q) = %d, want %d", tc.s, got, tc.want)
		}
	}
}

func TestPlainNumber(t *testing.T) {
	for _, tc := range []struct {
		s    string
		want bool
	}{
		{"0", true}, {"7", true}, {"12.5", true}, {"0.25", true}, {"13800138000", true},
		{"", false}, {"007", false}, {"1.50", false}, {"1.", false}, {".5", false},
		{"+1", false}, {"-1", false}, {"1e5", false}, {"1,000", false}, {"1 000", false},
		{"123456789012", false}, {"1.2345678901234", true}, {"1.23456789012345", false},
		{"１２", false}, {"1.2.3", false}, {"NaN", false}, {"Inf", false},
	} {
		if got := plainNumber(tc.s); got != tc.want {
			t.Errorf("plainNumber(%q) = %v, want %v", tc.s, got, tc.want)
		}
	}
}

func TestWriteXLSXRejects(t *testing.T) {
	dir := t.TempDir()
	col := []TableColumn{{Header: "a"}}
	for _, tc := range []struct {
		name   string
		tables []Table
		tmpDir string
		want   string
	}{
		{"no tables", nil, dir, "no tables"},
		{"no name", []Table{{Columns: col}}, dir, "no name"},
		{"bad character", []Table{{Name: "a/b", Columns: col}}, dir, "contains"},
		{"too long", []Table{{Name: strings.Repeat("住", 32), Columns: col}}, dir, "longer than 31"},
		{"apostrophe", []Table{{Name: "'a", Columns: col}}, dir, "apostrophe"},
		{"reserved", []Table{{Name: "History", Columns: col}}, dir, "reserved"},
		{"duplicate", []Table{{Name: "People", Columns: col}, {Name: "people", Columns: col}}, dir, "two tables"},
		{"no columns", []Table{{Name: "a"}}, dir, "no columns"},
		{"long row", []Table{{Name: "a", Columns: col, Rows: [][]string{{"1", "2"}}}}, dir, "row 1 has 2 values"},
		{"bad width", []Table{{Name: "a", Columns: []TableColumn{{Header: "a", Width: -1}}}}, dir, "width"},
		{"missing tmpDir", []Table{{Name: "a", Columns: col}}, filepath.Join(dir, "nope"), "temporary folder"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := WriteXLSX(&buf, "t", tc.tables, tc.tmpDir, testTime)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("WriteXLSX error = %v, want one mentioning %q", err, tc.want)
			}
			if buf.Len() != 0 {
				t.Errorf("wrote %d bytes before failing", buf.Len())
			}
		})
	}
}

// TestWriteXLSXOddText checks that text XML cannot hold (control
// characters, invalid UTF-8) still gives a workbook excelize can read.
func TestWriteXLSXOddText(t *testing.T) {
	var buf bytes.Buffer
	tb := Table{Name: "odd", Columns: []TableColumn{{Header: "a", Text: true}, {Header: "b"}},
		Rows: [][]string{{"x\x00y\x0bz", "\xffok"}, {" lead", "trail\n"}}}
	if err := WriteXLSX(&buf, "t", []Table{tb}, t.TempDir(), testTime); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("odd")
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"t"}, {"a", "b"}, {"x\uFFFDy\uFFFDz", "\uFFFDok"}, {" lead", "trail\n"}}
	if got := fmt.Sprintf("%q", rows); got != fmt.Sprintf("%q", want) {
		t.Errorf("rows = %s, want %q", got, want)
	}
}

func TestWriteXLSXEmptyTable(t *testing.T) {
	var buf bytes.Buffer
	tb := Table{Name: "empty", Columns: []TableColumn{{Header: "only"}}}
	if err := WriteXLSX(&buf, "", []Table{tb}, t.TempDir(), testTime); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("empty")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fmt.Sprint(rows), "[[] [only]]"; got != want {
		t.Errorf("rows = %s, want %s", got, want)
	}
}

func TestWriteCSV(t *testing.T) {
	tb := Table{
		Name: "people",
		Columns: []TableColumn{
			{Header: "姓名"}, {Header: "电话", Text: true}, {Header: "备注"}, {Header: "=x"},
		},
		Rows: [][]string{
			{"张伟", "13800138000", "独居, 每周探访", "=SUM(A1)"},
			{"Zhao \"Lei\"", "+86 139", "two\nlines", "@x"},
			{" padded ", "-1", "\tx", "\rx"},
			{"'quoted", "", "lone\rcr"},
		},
	}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, tb); err != nil {
		t.Fatal(err)
	}
	got := buf.String()
	want := "\ufeff" +
		"姓名,电话,备注,'=x\r\n" +
		"张伟,13800138000,\"独居, 每周探访\",'=SUM(A1)\r\n" +
		"\"Zhao \"\"Lei\"\"\",'+86 139,\"two\nlines\",'@x\r\n" +
		"\" padded \",'-1,'\tx,\"'\rx\"\r\n" +
		"''quoted,,\"lone\rcr\",\r\n"
	if got != want {
		t.Errorf("CSV =\n%q\nwant\n%q", got, want)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte{0xEF, 0xBB, 0xBF}) {
		t.Error("CSV does not start with the UTF-8 BOM")
	}

	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(buf.Bytes(), []byte{0xEF, 0xBB, 0xBF})))
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	wantRecs := [][]string{{"姓名", "电话", "备注", "=x"}}
	for _, row := range tb.Rows {
		wantRecs = append(wantRecs, append(slices.Clone(row), make([]string, len(tb.Columns)-len(row))...))
	}
	if len(recs) != len(wantRecs) {
		t.Fatalf("read %d records, want %d", len(recs), len(wantRecs))
	}
	for i := range recs {
		for j := range recs[i] {
			if got, want := Unguard(recs[i][j]), wantRecs[i][j]; got != want {
				t.Errorf("record %d field %d = %q, want %q", i, j, got, want)
			}
		}
	}

	if err := WriteCSV(io.Discard, Table{Name: "x", Columns: tb.Columns[:1], Rows: [][]string{{"a", "b"}}}); err == nil {
		t.Error("WriteCSV took a row longer than the columns")
	}
}

// TestWriteCSVRoundTrip writes random fields and reads them back with
// encoding/csv, which turns a CRLF inside a field into LF.
func TestWriteCSVRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	alphabet := []string{"a", "1", " ", ",", "\"", "'", "=", "+", "-", "@", "\t", "\r", "\n", "中", "·"}
	for n := 0; n < 300; n++ {
		tb := Table{Name: "r", Columns: make([]TableColumn, 1+rng.IntN(4))}
		for i := range tb.Columns {
			tb.Columns[i].Header = "h" + strconv.Itoa(i)
		}
		for range 1 + rng.IntN(5) {
			row := make([]string, len(tb.Columns))
			for i := range row {
				row[i] = randomString(rng, alphabet, 8)
			}
			tb.Rows = append(tb.Rows, row)
		}
		var buf bytes.Buffer
		if err := WriteCSV(&buf, tb); err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), "\ufeff"))).ReadAll()
		if err != nil {
			t.Fatalf("reading %q: %v", buf.String(), err)
		}
		if len(recs) != 1+len(tb.Rows) {
			t.Fatalf("read %d records from %q, want %d", len(recs), buf.String(), 1+len(tb.Rows))
		}
		for i, row := range tb.Rows {
			for j, orig := range row {
				got := recs[i+1][j]
				if want := strings.ReplaceAll(Guard(orig), "\r\n", "\n"); got != want {
					t.Fatalf("field %q came back as %q from %q, want %q", orig, got, buf.String(), want)
				}
				if !strings.Contains(orig, "\r\n") && Unguard(got) != orig {
					t.Fatalf("field %q came back as %q, which Unguard makes %q", orig, got, Unguard(got))
				}
			}
		}
	}
}

func TestGuard(t *testing.T) {
	for _, tc := range []struct {
		s, want string
	}{
		{"", ""},
		{"张伟", "张伟"},
		{"13800138000", "13800138000"},
		{"=SUM(A1)", "'=SUM(A1)"},
		{"+1", "'+1"},
		{"-1", "'-1"},
		{"@x", "'@x"},
		{"\tx", "'\tx"},
		{"\rx", "'\rx"},
		{"'", "''"},
		{"'quoted", "''quoted"},
		{"''", "'''"},
		{"a=1", "a=1"},
		{" =1", " =1"},
		{"\nx", "\nx"},
	} {
		got := Guard(tc.s)
		if got != tc.want {
			t.Errorf("Guard(%q) = %q, want %q", tc.s, got, tc.want)
		}
		if back := Unguard(got); back != tc.s {
			t.Errorf("Unguard(%q) = %q, want %q", got, back, tc.s)
		}
	}
}

func TestUnguard(t *testing.T) {
	for _, tc := range []struct {
		s, want string
	}{
		{"", ""},
		{"'", "'"},                 // nothing after the apostrophe to guard
		{"'a", "'a"},               // not a guard: Guard never writes this
		{"'=1", "=1"},              // one apostrophe only
		{"''=1", "'=1"},            // exactly one
		{"'''", "''"},              // Guard("''")
		{"=1", "=1"},               // nothing to remove
		{"a'=1", "a'=1"},           // not leading
		{"'\u00a0=1", "'\u00a0=1"}, // a non-breaking space is not a trigger
	} {
		if got := Unguard(tc.s); got != tc.want {
			t.Errorf("Unguard(%q) = %q, want %q", tc.s, got, tc.want)
		}
	}
}

// TestGuardProperties checks over random strings, many with leading quotes
// and triggers, that Unguard undoes Guard and that a guarded value never
// starts with a formula trigger.
func TestGuardProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(2026, 11))
	alphabet := []string{"'", "'", "=", "+", "-", "@", "\t", "\r", "\n", " ", "a", "1", "中", "\u00a0", "\x00", "\xff"}
	for n := 0; n < 20000; n++ {
		s := strings.Repeat("'", rng.IntN(4)) + randomString(rng, alphabet, 6)
		g := Guard(s)
		if got := Unguard(g); got != s {
			t.Fatalf("Unguard(Guard(%q)) = %q", s, got)
		}
		if g != "" && strings.ContainsRune("=+-@\t\r", rune(g[0])) {
			t.Fatalf("Guard(%q) = %q starts with a formula trigger", s, g)
		}
		if g != s && g != "'"+s {
			t.Fatalf("Guard(%q) = %q changes more than a leading apostrophe", s, g)
		}
		if Unguard(s) != s && Guard(Unguard(s)) != s {
			t.Fatalf("Guard(Unguard(%q)) = %q", s, Guard(Unguard(s)))
		}
	}
}

var colMin = regexp.MustCompile(`<col min="(\d+)"`)

func seq(from, to int) []int {
	var s []int
	for i := from; i <= to; i++ {
		s = append(s, i)
	}
	return s
}

func randomString(rng *rand.Rand, alphabet []string, maxLen int) string {
	var b strings.Builder
	for range rng.IntN(maxLen + 1) {
		b.WriteString(alphabet[rng.IntN(len(alphabet))])
	}
	return b.String()
}

func numFmt(t *testing.T, f *excelize.File, sheet, cell string) int {
	t.Helper()
	return cellStyle(t, f, sheet, cell).NumFmt
}

func cellStyle(t *testing.T, f *excelize.File, sheet, cell string) *excelize.Style {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	s, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestWriteXLSXTime: the workbook records the time it is given as created
// and modified (in UTC), never the machine's clock, so the same tables and
// time give the same bytes, and another time changes only the document
// properties.
func TestWriteXLSXTime(t *testing.T) {
	write := func(at time.Time) []byte {
		t.Helper()
		var buf bytes.Buffer
		if err := WriteXLSX(&buf, testTitle, testTables(), t.TempDir(), at); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	a, b := write(testTime), write(testTime)
	if !bytes.Equal(a, b) {
		t.Fatalf("two workbooks of the same tables and time differ (%d and %d bytes)", len(a), len(b))
	}
	later := write(testTime.Add(36*time.Hour + 30*time.Second).In(time.FixedZone("CST", 8*3600)))
	pa, pl := allParts(t, a), allParts(t, later)
	for name, want := range pa {
		if name != "docProps/core.xml" && pl[name] != want {
			t.Errorf("%s differs with another time", name)
		}
	}
	for _, tc := range []struct {
		core, want string
	}{
		{pa["docProps/core.xml"], "2026-11-28T09:00:00Z"},
		{pl["docProps/core.xml"], "2026-11-29T21:00:30Z"},
	} {
		if got := strings.Count(tc.core, tc.want); got != 2 {
			t.Errorf("docProps/core.xml names %s %d times, want 2 (created, modified):\n%s", tc.want, got, tc.core)
		}
	}
}

// readZipParts returns the worksheet parts of an XLSX file by name.
func readZipParts(t *testing.T, path string) map[string]string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	parts := map[string]string{}
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/worksheets/") {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		parts[zf.Name] = string(b)
	}
	return parts
}

// TestPartWriterLimit checks that a zip part may not pass 4 GiB, which the
// stream cannot mark as zip64 the way Excel wants.
func TestPartWriterLimit(t *testing.T) {
	p := &partWriter{w: io.Discard, name: "xl/worksheets/sheet1.xml", n: maxPartSize - 2}
	if _, err := p.Write([]byte("ab")); err != nil {
		t.Fatalf("writing up to the limit: %v", err)
	}
	_, err := p.Write([]byte("c"))
	if err == nil || !strings.Contains(err.Error(), "4 GiB") {
		t.Errorf("writing past the limit: err = %v, want a 4 GiB error", err)
	}
}

// errWriter fails after n bytes, like a full disk.
type errWriter struct{ n int }

var errDiskFull = errors.New("disk full")

func (w *errWriter) Write(b []byte) (int, error) {
	if len(b) > w.n {
		k := w.n
		w.n = 0
		return k, errDiskFull
	}
	w.n -= len(b)
	return len(b), nil
}

func TestWriteXLSXWriteError(t *testing.T) {
	tmpDir := t.TempDir()
	err := WriteXLSX(&errWriter{n: 100}, testTitle, testTables(), tmpDir, testTime)
	if !errors.Is(err, errDiskFull) {
		t.Errorf("err = %v, want %v", err, errDiskFull)
	}
	if left, _ := os.ReadDir(tmpDir); len(left) != 0 {
		t.Errorf("temporary files left in tmpDir: %v", left)
	}
}

func BenchmarkWriteXLSX100k(b *testing.B) {
	tb := benchTable(100_000)
	tmpDir := b.TempDir()
	b.ReportAllocs()
	for b.Loop() {
		var n countWriter
		if err := WriteXLSX(&n, testTitle, []Table{tb}, tmpDir, testTime); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(n.n)/1e6, "MB/file")
	}
}

// benchTable is a people-like table of n rows by 10 columns.
func benchTable(n int) Table {
	tb := Table{
		Name: "people",
		Columns: []TableColumn{
			{Header: "编号", Text: true}, {Header: "楼号"}, {Header: "单元"}, {Header: "室号", Text: true},
			{Header: "姓名"}, {Header: "性别"}, {Header: "出生年月"}, {Header: "联系电话", Text: true},
			{Header: "人数"}, {Header: "备注"},
		},
		Rows: make([][]string, n),
	}
	for i := range tb.Rows {
		tb.Rows[i] = benchRow(i)
	}
	return tb
}

// benchRow is row i of benchTable.
func benchRow(i int) []string {
	names := []string{"张伟", "王芳", "李娜", "刘洋", "陈静", "Zhao Lei"}
	return []string{
		fmt.Sprintf("P%07d", i), strconv.Itoa(1 + i%30), strconv.Itoa(1 + i%4), fmt.Sprintf("%d%02d", 1+i%18, 1+i%4),
		names[i%len(names)], []string{"男", "女"}[i%2], fmt.Sprintf("19%02d-%02d", 30+i%70, 1+i%12),
		fmt.Sprintf("138%08d", i), strconv.Itoa(1 + i%6), []string{"", "独居老人", "=SUM(A1)", "行动不便，需上门"}[i%4],
	}
}
