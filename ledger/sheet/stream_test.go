package sheet

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"testing"
)

// streamed is t with its rows given by Each instead of Rows.
func streamed(t Table) Table {
	rows := t.Rows
	t.Rows = nil
	t.Each = func(yield func([]string) error) error {
		for _, r := range rows {
			if err := yield(r); err != nil {
				return err
			}
		}
		return nil
	}
	return t
}

// allParts reads every part of a workbook, by name.
func allParts(t *testing.T, b []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string]string{}
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		parts[zf.Name] = string(data)
	}
	return parts
}

// TestWriteStreamedSame holds a table written row by row through Each to the
// same workbook and CSV as the table held whole in Rows, on both sides of the
// rows that size the columns.
func TestWriteStreamedSame(t *testing.T) {
	for _, n := range []int{0, 1, widthSample - 1, widthSample, widthSample + 1, 3*widthSample + 7} {
		whole := benchTable(n)

		if n > 0 {
			// a wide value past the sampled rows must not widen its column
			whole.Rows[n-1] = append([]string(nil), whole.Rows[n-1]...)
			whole.Rows[n-1][4] = strings.Repeat("很长的名字", 8)
		}
		small := testTables()[0]
		tables := []Table{whole, small}
		stream := []Table{streamed(whole), streamed(small)}
		var a, b bytes.Buffer
		if err := WriteXLSX(&a, testTitle, tables, t.TempDir(), testTime); err != nil {
			t.Fatal(err)
		}
		if err := WriteXLSX(&b, testTitle, stream, t.TempDir(), testTime); err != nil {
			t.Fatal(err)
		}
		pa, pb := allParts(t, a.Bytes()), allParts(t, b.Bytes())
		if len(pa) != len(pb) {
			t.Fatalf("%d rows: %d parts streamed, %d whole", n, len(pb), len(pa))
		}
		for name, want := range pa {
			if pb[name] != want {
				t.Errorf("%d rows: %s differs streamed:\n got %.600s\nwant %.600s", n, name, pb[name], want)
			}
		}
		var ca, cb bytes.Buffer
		if err := WriteCSV(&ca, whole); err != nil {
			t.Fatal(err)
		}
		if err := WriteCSV(&cb, streamed(whole)); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(ca.Bytes(), cb.Bytes()) {
			t.Errorf("%d rows: streamed CSV differs", n)
		}
	}
}

// TestWriteStreamedErrors: a streamed row too long, and an error from Each,
// end the write with that error.
func TestWriteStreamedErrors(t *testing.T) {
	long := streamed(Table{Name: "t", Columns: []TableColumn{{Header: "a"}}, Rows: [][]string{{"1"}, {"2", "3"}}})
	want := `sheet: table "t" row 2 has 2 values for 1 columns`
	if err := WriteXLSX(io.Discard, testTitle, []Table{long}, t.TempDir(), testTime); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("XLSX: err = %v, want %q", err, want)
	}
	if err := WriteCSV(io.Discard, long); err == nil || err.Error() != want {
		t.Errorf("CSV: err = %v, want %q", err, want)
	}
	boom := errors.New("boom")
	failing := Table{Name: "t", Columns: []TableColumn{{Header: "a"}}, Each: func(yield func([]string) error) error {
		if err := yield([]string{"1"}); err != nil {
			return err
		}
		return boom
	}}
	dir := t.TempDir()
	if err := WriteXLSX(io.Discard, testTitle, []Table{failing}, dir, testTime); !errors.Is(err, boom) {
		t.Errorf("XLSX: err = %v, want %v", err, boom)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
	if err := WriteCSV(io.Discard, failing); !errors.Is(err, boom) {
		t.Errorf("CSV: err = %v, want %v", err, boom)
	}
}

// BenchmarkWriteXLSXStream100k is BenchmarkWriteXLSX100k with the rows made
// one at a time as they are written, as vol export gives them.
func BenchmarkWriteXLSXStream100k(b *testing.B) {
	b.ReportAllocs()
	tmpDir := b.TempDir()
	for b.Loop() {
		tb := benchTable(0)
		tb.Each = func(yield func([]string) error) error {
			for i := range 100_000 {
				if err := yield(benchRow(i)); err != nil {
					return err
				}
			}
			return nil
		}
		var n countWriter
		if err := WriteXLSX(&n, testTitle, []Table{tb}, tmpDir, testTime); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWriteCSVStream100k writes 100,000 rows made one at a time as CSV.
func BenchmarkWriteCSVStream100k(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		tb := benchTable(0)
		tb.Each = func(yield func([]string) error) error {
			for i := range 100_000 {
				if err := yield(benchRow(i)); err != nil {
					return err
				}
			}
			return nil
		}
		var n countWriter
		if err := WriteCSV(&n, tb); err != nil {
			b.Fatal(err)
		}
	}
}
