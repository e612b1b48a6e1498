package main

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// TestInputsAreBounded (issue 14, finding 6): a file from outside never
// fills the memory: /dev/zero as a sheet or a passphrase file, a sheet over
// --max-size, an XLSX that unzips past its limit, a cell of a million
// characters: each is refused in one line, and nothing is written.
func TestInputsAreBounded(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "l.db")
	volAt(t, db, "init", "--compound", "测试")
	volAt(t, db, "household", "add", "3-2-501")
	before := volAt(t, db, "log", "--json", "--limit", "0")
	csv := filepath.Join(dir, "big.csv")
	var b bytes.Buffer
	b.WriteString("楼号,单元,室号,姓名,备注\n")
	for b.Len() < 2<<20 {
		b.WriteString("3,2,501,王秀英,")
		b.WriteString(strings.Repeat("备", 1000))
		b.WriteString("\n")
	}
	if err := os.WriteFile(csv, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	longCell := filepath.Join(dir, "cell.csv")
	if err := os.WriteFile(longCell, []byte("楼号,单元,室号,姓名\n3,2,501,"+strings.Repeat("王", 1_000_000)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	bomb := filepath.Join(dir, "bomb.xlsx")
	writeBomb(t, bomb, 6<<20)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"import", "/dev/zero"}, "at most 256 MB"},
		{[]string{"import", "--max-size", "1", csv}, "at most 1 MB"},
		{[]string{"import", "--max-size", "1", bomb}, "unzip to at most 4 MB"},
		{[]string{"import", longCell}, "1000000 characters"},
		{[]string{"backup", "--encrypt", "--passphrase-file", "/dev/zero"}, "--passphrase-file (/dev/zero): larger than 4 KB"},
	} {
		start := time.Now()
		code, _, errOut := runVol(t, db, c.args...)
		if code != 1 || !strings.Contains(errOut, c.want) || strings.Count(errOut, "\n") > 2 {
			t.Errorf("vol %s: exit %d, stderr %q; want exit 1 saying %q", strings.Join(c.args, " "), code, errOut, c.want)
		}
		t.Logf("vol %s: %v", strings.Join(c.args, " "), time.Since(start))
	}
	if after := volAt(t, db, "log", "--json", "--limit", "0"); after != before {
		t.Error("a refused input wrote to the ledger")
	}
	// The same sheet fits a larger limit.
	if code, _, errOut := runVol(t, db, "import", "--dry-run", "--max-size", "3", csv); code == 1 && strings.Contains(errOut, "MB") {
		t.Errorf("--max-size 3 still refuses a 2 MB sheet: %s", errOut)
	}
}

// writeBomb writes a small XLSX whose one sheet unzips to size bytes.
func writeBomb(t *testing.T, path string, size int) {
	t.Helper()
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	files := map[string]string{
		"[Content_Types].xml":        `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
		"_rels/.rels":                `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml":            `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
	}
	for name, body := range files {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	w, err := z.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	head := `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`
	if _, err := w.Write([]byte(head + strings.Repeat(" ", size) + `</sheetData></worksheet>`)); err != nil {
		t.Fatal(err)
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestTemporaryFilesStayBeside: reading and writing workbooks leaves
// nothing in the system's temporary folder; what a killed command left
// beside the ledger goes with the next command once stale, and all of it
// with vol erase.
func TestTemporaryFilesStayBeside(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	sysTmp := t.TempDir()
	db := filepath.Join(dir, "kaixuan.db")
	volAt(t, db, "demo", "--db", db)
	volAt(t, db, "alloc", "--commit")
	round := regexp.MustCompile(`"id": "([0-9a-f-]{36})"`).FindStringSubmatch(volAt(t, db, "rounds", "--json"))[1]
	run := func(args ...string) {
		t.Helper()
		c := exec.Command(testBinary(t), args...)
		c.Env = raceEnv(db, "TMPDIR="+sysTmp)
		if out, err := c.CombinedOutput(); err != nil {
			t.Fatalf("vol %v: %v: %s", args, err, out)
		}
	}
	xlsx := filepath.Join(dir, "out.xlsx")
	run("export", "--full", "-o", xlsx)
	run("import", "--dry-run", xlsx)
	run("round", "sheet", round, "-o", filepath.Join(dir, "sheet.xlsx"))
	if es, _ := os.ReadDir(sysTmp); len(es) > 0 {
		t.Errorf("vol left %d file(s) in the system's temporary folder (%s…)", len(es), es[0].Name())
	}
	// What killed commands would leave: of processes gone, of this live
	// process (another command at work), and older files that name none.
	gone := exec.Command("true")
	if err := gone.Run(); err != nil {
		t.Fatal(err)
	}
	dead, live := gone.Process.Pid, os.Getpid()
	old := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	stale := []string{fmt.Sprintf(".vol-backup-%d-1.db", dead), fmt.Sprintf(".vol-tmp-%d-2", dead), ".vol-backup-3.db", ".kaixuan.db.123.tmp"}
	fresh := []string{fmt.Sprintf(".vol-backup-%d-9.db", live), fmt.Sprintf(".vol-tmp-%d-8", live), ".vol-backup-7.db"}
	for _, n := range append(append([]string{}, stale...), fresh...) {
		p := filepath.Join(dir, n)
		if strings.HasPrefix(n, ".vol-tmp-") {
			if err := os.Mkdir(p, 0o700); err != nil {
				t.Fatal(err)
			}
		} else if err := os.WriteFile(p, []byte("王秀英"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for _, n := range stale[2:] {
		if err := os.Chtimes(filepath.Join(dir, n), old, old); err != nil {
			t.Fatal(err)
		}
	}
	volAt(t, db, "status")
	for _, n := range stale {
		if _, err := os.Stat(filepath.Join(dir, n)); err == nil {
			t.Errorf("%s outlived the next command", n)
		}
	}
	for _, n := range fresh {
		if _, err := os.Stat(filepath.Join(dir, n)); err != nil {
			t.Errorf("%s, another command's, was swept: %v", n, err)
		}
	}
	volAt(t, db, "erase", "何鹏@1-1-101", "--why", "asked", "--yes")
	for _, n := range fresh {
		if _, err := os.Stat(filepath.Join(dir, n)); err == nil {
			t.Errorf("%s outlived vol erase", n)
		}
	}
}

// TestKilledXLSXImportLeavesNothingInTmp: a workbook large enough to be
// unzipped to disk, its import killed while reading it: nothing in the system's
// temporary folder, and the scratch folder beside the ledger is gone with
// the next command.
func TestKilledXLSXImportLeavesNothingInTmp(t *testing.T) {
	t.Parallel()
	dir, sysTmp := t.TempDir(), t.TempDir()
	db := filepath.Join(dir, "l.db")
	volAt(t, db, "init")
	book := filepath.Join(dir, "big.xlsx")
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	if err := sw.SetRow("A1", []any{"楼号", "单元", "室号", "姓名", "备注"}); err != nil {
		t.Fatal(err)
	}
	for i := range 20_000 {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, []any{1 + i/1000, 1, 101 + i%1000, fmt.Sprintf("王%d号", i), "每周二复诊"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(book); err != nil {
		t.Fatal(err)
	}
	c := exec.Command(testBinary(t), "import", "--max-size", "2", book)
	c.Env = raceEnv(db, "TMPDIR="+sysTmp, "VOL_CRASH=import-reading")
	out, err := c.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != -1 {
		t.Fatalf("want the import killed: %v: %s", err, out)
	}
	if es, _ := os.ReadDir(sysTmp); len(es) > 0 {
		t.Errorf("the killed import left %s in the system's temporary folder", es[0].Name())
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".vol-tmp-*", "*"))
	if len(left) == 0 {
		t.Fatal("the sheet was not unzipped beside the ledger: the test proves nothing")
	}
	volAt(t, db, "status")
	if left, _ := filepath.Glob(filepath.Join(dir, ".vol-tmp-*")); len(left) > 0 {
		t.Errorf("the next command left %v", left)
	}
}
