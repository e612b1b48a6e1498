package main

import (
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestRoundSheetXLSX writes the delivery checklist of the sample round and
// reads it back cell by cell: a sheet per building then the property staff,
// the title and header rows, and the first stop of the first building.
func TestRoundSheetXLSX(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	env := map[string]string{
		"VOL_DB":   filepath.Join(dir, "kaixuan.db"),
		"VOL_NOW":  "2026-11-28T09:00:00Z",
		"VOL_SEED": "story",
		"USER":     "tester",
		"LANG":     "en",
	}
	run := func(args ...string) string {
		t.Helper()
		code, out, errOut := vol(t, env, args...)
		if code != 0 {
			t.Fatalf("vol %q: exit %d\n%s%s", args, code, out, errOut)
		}
		return errOut
	}
	run("demo", "--db", env["VOL_DB"])
	m := regexp.MustCompile(`committed round ([0-9a-f]{8})`).FindStringSubmatch(run("alloc", "--commit"))
	if m == nil {
		t.Fatal("vol alloc --commit named no round")
	}
	round := m[1]
	run("round", "deliver", round, "1-1-602")
	path := filepath.Join(dir, "sheet.xlsx")
	run("round", "sheet", round, "-o", path)

	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	wantSheets := []string{"1号楼", "2号楼", "3号楼", "4号楼", "5号楼", "6号楼", "7号楼", "8号楼", "9号楼", "10号楼", "property staff"}
	if got := f.GetSheetList(); !slices.Equal(got, wantSheets) {
		t.Errorf("sheets = %q, want %q", got, wantSheets)
	}
	tests := []struct {
		sheet, cell, want string
		text              bool // a string cell, not a number
	}{
		{"1号楼", "A1", "凯旋华庭 · round " + round + " · 2026-11-28 · ration", true},
		{"1号楼", "A2", "address", true},
		{"1号楼", "B2", "packs", true},
		{"1号楼", "C2", "done", true},
		{"1号楼", "D2", "recipient", true},
		{"1号楼", "E2", "contact", true},
		{"1号楼", "F2", "phone", true},
		{"1号楼", "A3", "1号楼1单元602室", true},
		{"1号楼", "B3", "1", false}, // a number, so the column sums
		{"1号楼", "C3", "✓", true},
		{"1号楼", "D3", "李**", true},
		{"1号楼", "E3", "李**", true}, // the recipient is the household's contact
		{"1号楼", "F3", "189****3617", true},
		{"1号楼", "C4", "", false},  // not delivered yet: left to tick
		{"1号楼", "B4", "2", false}, // two elders of one flat, one line
		{"property staff", "A3", "", false},
		{"property staff", "B3", "1", false},
	}
	for _, tt := range tests {
		got, err := f.GetCellValue(tt.sheet, tt.cell)
		if err != nil {
			t.Fatal(err)
		}
		if got != tt.want {
			t.Errorf("%s!%s = %q, want %q", tt.sheet, tt.cell, got, tt.want)
		}
		typ, err := f.GetCellType(tt.sheet, tt.cell)
		if err != nil {
			t.Fatal(err)
		}
		if text := typ == excelize.CellTypeInlineString || typ == excelize.CellTypeSharedString; tt.want != "" && text != tt.text {
			t.Errorf("%s!%s has cell type %v, want a string: %v", tt.sheet, tt.cell, typ, tt.text)
		}
	}
	rows, err := f.GetRows("1号楼")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(rows), 2+6; got != want {
		t.Errorf("1号楼 has %d rows, want %d (title, header, 6 stops)", got, want)
	}
}
