package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"vol/ledger/sheet"
	"vol/testdata"
)

// sampleRows is the sample register as CSV records, header first.
func sampleRows(t *testing.T) [][]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(testdata.Kaixuan)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func testEnv(t *testing.T, name string) map[string]string {
	return map[string]string{
		"VOL_DB":   filepath.Join(t.TempDir(), name+".db"),
		"VOL_NOW":  "2026-11-28T09:00:00Z",
		"VOL_SEED": name,
		"USER":     "tester",
		"LANG":     "en",
	}
}

func mustVol(t *testing.T, env map[string]string, args ...string) string {
	t.Helper()
	code, out, errOut := vol(t, env, args...)
	if code != 0 {
		t.Fatalf("vol %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errOut)
	}
	return out
}

// registerState dumps a ledger's register without its IDs (which differ
// between ledgers): households and people, in address order, in full.
func registerState(t *testing.T, env map[string]string) string {
	t.Helper()
	var lines []string
	for _, args := range [][]string{{"household", "list", "--json"}, {"person", "list", "--json", "--full"}} {
		var rows []map[string]any
		if err := json.Unmarshal([]byte(mustVol(t, env, args...)), &rows); err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			delete(r, "id")
			delete(r, "household")
			line, _ := json.Marshal(r)
			lines = append(lines, string(line))
		}
	}
	slices.Sort(lines) // people of one household and birth are ordered by ID, which differs between ledgers
	return strings.Join(lines, "\n")
}

func entries(t *testing.T, env map[string]string) int {
	var es []json.RawMessage
	if err := json.Unmarshal([]byte(mustVol(t, env, "log", "--json", "--limit", "0")), &es); err != nil {
		t.Fatal(err)
	}
	return len(es)
}

var toTraditional = strings.NewReplacer("号", "號", "楼", "樓", "单", "單", "业", "業", "员", "員", "装", "裝", "滞", "滯", "国", "國")

// TestImportThreeWays imports the same register as a GB18030 CSV with
// traditional headers and one address column, a UTF-8 CSV with a BOM and
// English headers, and an XLSX with simplified headers and a title row: all
// three give the same ledger as the embedded sample.
func TestImportThreeWays(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	rows := sampleRows(t)
	// 1. GB18030, traditional headers, one address column, traditional values
	var gb bytes.Buffer
	w := csv.NewWriter(&gb)
	w.Write([]string{"地址", "姓名", "性別", "出生年月", "聯繫電話", "是否在住", "人員類別", "志願者", "特長", "備註", "電話公開", "需求"})
	for _, r := range rows[1:] {
		addr := ""
		if r[0] != "" {
			addr = toTraditional.Replace(fmt.Sprintf("%s号楼%s单元%s室", r[0], r[1], r[2]))
		}
		w.Write([]string{addr, r[3], r[4], r[5], r[6], r[7], toTraditional.Replace(r[8]), r[9], r[10], r[11], r[12], r[13]})
	}
	w.Flush()
	enc, err := simplifiedchinese.GB18030.NewEncoder().Bytes(gb.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	gbPath := filepath.Join(dir, "traditional-gb18030.csv")
	os.WriteFile(gbPath, enc, 0o600)
	// 2. UTF-8 with BOM, English headers and values
	var en bytes.Buffer
	en.WriteString("\ufeff")
	w = csv.NewWriter(&en)
	w.Write([]string{"name", "building", "unit", "room", "sex", "birth", "phone", "present", "role", "volunteer", "skills", "notes", "share phone", "needs"})
	words := map[string]string{"是": "yes", "否": "no", "男": "M", "女": "F", "居民": "resident", "物业人员": "property staff", "装修工人": "stranded worker", "": ""}
	for _, r := range rows[1:] {
		w.Write([]string{r[3], r[0], r[1], r[2], words[r[4]], r[5], r[6], words[r[7]], words[r[8]], words[r[9]], r[10], r[11], words[r[12]], r[13]})
	}
	w.Flush()
	enPath := filepath.Join(dir, "english-bom.csv")
	os.WriteFile(enPath, en.Bytes(), 0o600)
	// 3. XLSX with simplified headers under a title row
	f := excelize.NewFile()
	f.SetCellValue("Sheet1", "A1", "凯旋华庭 住户台账")
	for i, r := range rows {
		cells := make([]any, len(r))
		for j, v := range r {
			cells[j] = v
		}
		if err := f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+2), &cells); err != nil {
			t.Fatal(err)
		}
	}
	xlsxPath := filepath.Join(dir, "simplified.xlsx")
	if err := f.SaveAs(xlsxPath); err != nil {
		t.Fatal(err)
	}

	sample := testEnv(t, "sample")
	mustVol(t, sample, "demo", "--db", sample["VOL_DB"])
	want := registerState(t, sample)
	for _, path := range []string{gbPath, enPath, xlsxPath} {
		t.Run(filepath.Base(path), func(t *testing.T) {
			t.Parallel() // each imports into its own ledger
			env := testEnv(t, "import")
			mustVol(t, env, "init")
			mustVol(t, env, "import", path)
			if got := registerState(t, env); got != want {
				t.Errorf("register differs from the sample's:\n%s", firstDiff(got, want))
			}
			// importing the same file again changes nothing
			n := entries(t, env)
			mustVol(t, env, "import", path)
			if got := entries(t, env); got != n {
				t.Errorf("a second import added %d journal entries", got-n)
			}
			mustVol(t, env, "check")
		})
	}
}

func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range min(len(g), len(w)) {
		if g[i] != w[i] {
			return fmt.Sprintf("line %d\n got: %s\nwant: %s", i+1, g[i], w[i])
		}
	}
	return fmt.Sprintf("got %d lines, want %d", len(g), len(w))
}

// TestExportImportRoundTrip: vol export --full then vol import into a new
// ledger reproduces the register exactly, empty households included; the
// masked export holds no full phone number.
func TestExportImportRoundTrip(t *testing.T) {
	t.Parallel()
	src := testEnv(t, "src")
	mustVol(t, src, "demo", "--db", src["VOL_DB"])
	mustVol(t, src, "household", "add", "11-1-101") // a household with nobody in it
	dir := t.TempDir()
	full, masked := filepath.Join(dir, "full.xlsx"), filepath.Join(dir, "masked.xlsx")
	mustVol(t, src, "export", "--full", "-o", full)
	mustVol(t, src, "export", "-o", masked)
	for _, p := range []string{full, masked} {
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if os.PathSeparator == '/' && st.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v, want 0600", p, st.Mode().Perm())
		}
	}
	dst := testEnv(t, "dst")
	mustVol(t, dst, "init")
	mustVol(t, dst, "import", full)
	if got, want := registerState(t, dst), registerState(t, src); got != want {
		t.Errorf("round trip changed the register:\n%s", firstDiff(got, want))
	}
	// The masked export: no phone in full, birth years only, no notes.
	x, err := excelize.OpenFile(masked)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	people, err := x.GetRows("people")
	if err != nil {
		t.Fatal(err)
	}
	if len(people) < 3 || people[0][0] != "凯旋华庭 · 2026-11-28" {
		t.Fatalf("people sheet title row: %q", people[0])
	}
	header := strings.Join(people[1], ",")
	if header != "address,name,sex,birth,phone,present,role,volunteer,skills,share phone" {
		t.Errorf("masked people header: %s", header)
	}
	for _, r := range people[2:] {
		if len(r) > 4 && r[4] != "" && !strings.Contains(r[4], "****") {
			t.Fatalf("masked export shows a phone in full: row %q", r)
		}
		if len(r) > 3 && len(r[3]) > 4 {
			t.Fatalf("masked export shows a birth month: row %q", r)
		}
	}
}

// TestFormulaLikeValues puts formula-like names and notes through export
// and import: no cell of the workbook is a formula and the same text comes
// back.
func TestFormulaLikeValues(t *testing.T) {
	t.Parallel()
	env := testEnv(t, "formula")
	mustVol(t, env, "init")
	mustVol(t, env, "household", "add", "1-1-101")
	odd := []string{"=HYPERLINK(\"http://x\",\"点我\")", "+86 老王", "-1号", "@SUM(A1)"} // a name needs a letter
	for i, name := range odd {
		mustVol(t, env, "person", "add", "--address", "1-1-101", "--birth", fmt.Sprint(1980+i), "--notes", "=1+1", "--", name)
	}
	path := filepath.Join(t.TempDir(), "out.xlsx")
	mustVol(t, env, "export", "--full", "-o", path)
	x, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	people, _ := x.GetRows("people")
	shown := map[string]bool{}
	for _, r := range people {
		for _, c := range r {
			shown[c] = true
		}
	}
	for _, name := range odd {
		if !shown[name] { // a string cell is never a formula: no apostrophe in front
			t.Errorf("the people sheet does not show %q as it is", name)
		}
	}
	for _, name := range x.GetSheetList() {
		rows, _ := x.GetRows(name)
		for i, r := range rows {
			for j := range r {
				cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
				if f, _ := x.GetCellFormula(name, cell); f != "" {
					t.Errorf("%s!%s is a formula: %s", name, cell, f)
				}
			}
		}
	}
	x.Close()
	back := testEnv(t, "back")
	mustVol(t, back, "init")
	mustVol(t, back, "import", path)
	if got, want := registerState(t, back), registerState(t, env); got != want {
		t.Errorf("formula-like values changed in the round trip:\n%s", firstDiff(got, want))
	}
}

// TestImportOneBadRowIn10000: one bad row fails the whole import and is
// named; with --skip-bad, good + rejected = input rows and the rejects file
// keeps the bad row verbatim with a reason.
func TestImportOneBadRowIn10000(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(sampleRows(t)[0])
	for i := range 10_000 {
		phone := fmt.Sprintf("139%08d", i)
		if i == 6789 {
			phone = "1.39E+10" // a phone Excel turned into a number
		}
		w.Write([]string{fmt.Sprint(1 + i/1000), fmt.Sprint(1 + i%2), fmt.Sprintf("%d", 101+i%1000), fmt.Sprintf("居民%05d", i),
			"女", "1980-01", phone, "是", "居民", "否", "", ""})
	}
	w.Flush()
	path := filepath.Join(dir, "big.csv")
	os.WriteFile(path, b.Bytes(), 0o600)
	env := testEnv(t, "big")
	mustVol(t, env, "init")
	before := registerState(t, env)
	code, _, errOut := vol(t, env, "import", path)
	if code != 1 || !strings.Contains(errOut, "line 6791, column phone") || !strings.Contains(errOut, "1 bad row(s) of 10000") {
		t.Fatalf("import with a bad row: exit %d\n%s", code, errOut)
	}
	if strings.Contains(errOut, "1.39E+10") {
		t.Errorf("the error repeats the phone in full: %s", errOut)
	}
	if got := registerState(t, env); got != before {
		t.Fatalf("a failed import changed the ledger")
	}
	out := mustVol(t, env, "import", path, "--skip-bad")
	var people []json.RawMessage
	json.Unmarshal([]byte(mustVol(t, env, "person", "list", "--json")), &people)
	rejects, err := os.ReadFile(path + ".rejects.csv")
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(rejects, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := len(people) + len(recs) - 1; got != 10_000 {
		t.Errorf("good %d + rejected %d = %d, want 10000 (%s)", len(people), len(recs)-1, got, out)
	}
	if len(recs) != 2 || recs[1][6] != "1.39E+10" || !strings.Contains(recs[1][len(recs[1])-1], "phone") {
		t.Errorf("rejects file: %q", recs)
	}
	if st, _ := os.Stat(path + ".rejects.csv"); os.PathSeparator == '/' && st.Mode().Perm() != 0o600 {
		t.Errorf("rejects file mode %v, want 0600", st.Mode().Perm())
	}
	_ = sheet.Guard
}
