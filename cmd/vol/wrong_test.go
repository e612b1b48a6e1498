package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Issue 15: wrong answers found on real registers.

// TestExtraFieldsAreABadRow (item 2): an unquoted comma in the notes made
// the row longer than the header and the rest of the cell was lost.
func TestExtraFieldsAreABadRow(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "l.db")
	volAt(t, db, "init")
	sheet := filepath.Join(dir, "r.csv")
	body := "楼号,单元,室号,姓名,备注\n" +
		"3,2,501,王秀英,需要轮椅,每周二复诊\n" + // one field too many: refused
		"3,2,502,李四,,,\n" + // extra fields, all empty: fine
		"3,2,503,赵五\n" // missing trailing fields read as empty
	if err := os.WriteFile(sheet, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := runVol(t, db, "import", sheet)
	if code != 1 || !strings.Contains(errOut, "line 2") || !strings.Contains(errOut, "1 filled field(s) beyond the header's 5") {
		t.Fatalf("exit %d, stderr %q; want line 2 refused for its extra field", code, errOut)
	}
	if strings.Contains(errOut, "line 3") || strings.Contains(errOut, "line 4") {
		t.Errorf("empty extra fields or missing ones refused: %q", errOut)
	}
	code, out, errOut := runVol(t, db, "import", "--skip-bad", sheet)
	if code != 0 || !strings.Contains(out, "rows rejected") {
		t.Fatalf("--skip-bad: exit %d: %s %s", code, out, errOut)
	}
	rejects, err := os.ReadFile(sheet + ".rejects.csv")
	if err != nil || !strings.Contains(string(rejects), "每周二复诊") || !strings.Contains(string(rejects), "beyond the header") {
		t.Errorf("the rejects file keeps the whole row with its reason: %q %v", rejects, err)
	}
	if list := volAt(t, db, "person", "list", "--json"); strings.Count(list, `"id"`) != 2 || strings.Contains(list, "王") {
		t.Errorf("want the two good rows only: %s", list)
	}
}
