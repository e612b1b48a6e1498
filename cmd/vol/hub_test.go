package main

import (
	"bytes"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	dayreport "vol/cmd/internal/report"
)

// hubStore is a hub store a test runs on.
type hubStore struct {
	name, dsn string
}

// pgURL is the PostgreSQL server the hub's tests use ($VOL_TEST_PG), or ""
// when there is none: then the test is skipped, loudly, unless
// $VOL_REQUIRE_PG is set (CI), when it fails.
func pgURL(t *testing.T) string {
	t.Helper()
	u := os.Getenv("VOL_TEST_PG")
	if u == "" {
		if os.Getenv("VOL_REQUIRE_PG") != "" {
			t.Fatal("VOL_REQUIRE_PG is set but VOL_TEST_PG names no PostgreSQL server: the hub's PostgreSQL tests cannot run")
		}
		t.Skip("SKIPPED: the hub on PostgreSQL is NOT TESTED: set VOL_TEST_PG to a postgres:// URL of a server to test on (.ci/run starts one)")
	}
	return u
}

// freshPG is a PostgreSQL hub store of its own for the test: a new schema
// on the test server, dropped when the test ends.
func freshPG(t *testing.T) string {
	t.Helper()
	u := pgURL(t)
	db, err := sql.Open("pgx", u)
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	schema := "voltest_" + hex.EncodeToString(b)
	if _, err := db.Exec(`CREATE SCHEMA ` + schema); err != nil {
		db.Close()
		t.Fatalf("PostgreSQL at $VOL_TEST_PG: %v", err)
	}
	t.Cleanup(func() {
		if _, err := db.Exec(`DROP SCHEMA ` + schema + ` CASCADE`); err != nil {
			t.Errorf("dropping %s: %v", schema, err)
		}
		db.Close()
	})
	sep := "?"
	if strings.Contains(u, "?") {
		sep = "&"
	}
	return u + sep + "search_path=" + schema
}

// hubStores are a SQLite hub and, when a server is there, a PostgreSQL
// hub; without one the PostgreSQL half is skipped loudly (or fails under
// VOL_REQUIRE_PG).
func hubStores(t *testing.T) []hubStore {
	t.Helper()
	stores := []hubStore{{"sqlite", filepath.Join(t.TempDir(), "hub.db")}}
	if os.Getenv("VOL_TEST_PG") == "" {
		// A subtest of its own, so go test lists it as SKIP (or FAIL under
		// VOL_REQUIRE_PG).
		t.Run("postgres", func(t *testing.T) { pgURL(t) })
		return stores
	}
	return append(stores, hubStore{"postgres", freshPG(t)})
}

// storedBytes is everything a hub store holds: the SQLite file and its
// WAL, byte for byte, or every row of every table of the PostgreSQL
// schema as text.
func storedBytes(t *testing.T, dsn string) []byte {
	t.Helper()
	if !strings.HasPrefix(dsn, "postgres") {
		var all []byte
		for _, p := range []string{dsn, dsn + "-wal"} {
			b, err := os.ReadFile(p)
			if err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
			all = append(all, b...)
		}
		return all
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tables := []string{}
	rows, err := db.Query(`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, n)
	}
	rows.Close()
	if len(tables) < 5 {
		t.Fatalf("only tables %v in the PostgreSQL hub", tables)
	}
	var all bytes.Buffer
	for _, tb := range tables {
		rows, err := db.Query(`SELECT t::text FROM ` + tb + ` t`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			all.WriteString(s + "\n")
		}
		rows.Close()
	}
	return all.Bytes()
}

// hubVol runs vol hub on a store.
func hubVol(t *testing.T, env map[string]string, dsn string, args ...string) (int, string, string) {
	t.Helper()
	return vol(t, env, append([]string{"hub", "--hub", dsn}, args...)...)
}

func mustHub(t *testing.T, env map[string]string, dsn string, args ...string) string {
	t.Helper()
	code, out, errOut := hubVol(t, env, dsn, args...)
	if code != 0 {
		t.Fatalf("vol hub %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errOut)
	}
	return out
}

// writeFiles writes each report to dir under its name.
func writeFiles(t *testing.T, dir string, files map[string][]byte) {
	t.Helper()
	for n, b := range files {
		if err := os.WriteFile(filepath.Join(dir, n), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// TestHub (issue 21): three compounds (different figures) make reports of
// two days, one of them twice; a hub on SQLite and a hub on PostgreSQL
// trust them (by a report, by a fingerprint read out, with a street the
// office was told) and import the files in different orders, in one go
// and one by one, and give the same status JSON, which holds each
// compound's figures of its latest report, the totals and who has not
// reported; a forged, an untrusted and a truncated report are refused
// and change nothing; importing again changes nothing; no name, phone,
// address or drug asked for by fewer than 3 households is in either store.
func TestHub(t *testing.T) {
	t.Parallel()
	cs := []sampleCompound{
		newSampleCompound(t, "hub-a", "凯旋华庭", "长宁路街道", 0),
		newSampleCompound(t, "hub-b", "百汇园一期", "长宁路街道", 1),
		newSampleCompound(t, "hub-c", "虹桥新村", "", 2),
	}
	files := map[string][]byte{}
	for i, c := range cs {
		for _, d := range []string{"2026-12-02", "2026-12-03"} {
			files[string(rune('a'+i))+"-"+d+".json"] = c.report(t, d)
		}
	}
	// Compound a's day is reported again later, after a household moved.
	a := cs[0]
	a.env["VOL_NOW"] = "2026-12-03T20:30:00+08:00"
	moveAway(t, a.env, "1号楼1单元102室")
	a.env["VOL_NOW"] = "2026-12-03T21:00:00+08:00"
	later := a.report(t, "2026-12-03")
	files["a-2026-12-03-later.json"] = later
	var laterR dayreport.Report
	if err := json.Unmarshal(later, &laterR); err != nil {
		t.Fatal(err)
	}
	// Bad files: one figure changed with the signature kept, a compound
	// no one trusted, a truncated file.
	good := string(files["b-2026-12-03.json"])
	forged := strings.Replace(good, `"volunteers": 60`, `"volunteers": 61`, 1)
	if forged == good {
		t.Fatalf("no volunteers 60 in %s", good)
	}
	stranger := newSampleCompound(t, "hub-x", "陌生小区", "长宁路街道", 2)
	bad := map[string][]byte{
		"forged.json":    []byte(forged),
		"untrusted.json": stranger.report(t, "2026-12-03"),
		"truncated.json": files["c-2026-12-03.json"][:300],
	}

	dir := t.TempDir()
	writeFiles(t, dir, files)
	badDir := t.TempDir()
	writeFiles(t, badDir, bad)
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)

	env := testEnv(t, "hub")
	env["VOL_NOW"] = "2026-12-03T22:00:00+08:00"
	type result struct {
		store    string
		statuses []string
	}
	var results []result
	stores := hubStores(t)
	// A second SQLite hub takes the files one by one, in reverse.
	stores = append(stores, hubStore{"sqlite, one by one", filepath.Join(t.TempDir(), "hub2.db")})
	for i, st := range stores {
		mustHub(t, env, st.dsn, "init")
		if code, _, errOut := hubVol(t, env, st.dsn, "init"); code != 1 || !strings.Contains(errOut, "already") {
			t.Errorf("%s: a second init: exit %d %q", st.name, code, errOut)
		}
		mustHub(t, env, st.dsn, "trust", filepath.Join(dir, "a-2026-12-02.json"))
		mustHub(t, env, st.dsn, "trust", cs[1].fingerprint)
		if code, _, errOut := hubVol(t, env, st.dsn, "trust", filepath.Join(dir, "a-2026-12-02.json"), "--street", "别的街道"); code != 1 || !strings.Contains(errOut, "--street") {
			t.Errorf("%s: --street for a report that names its street: exit %d %q", st.name, code, errOut)
		}
		mustHub(t, env, st.dsn, "trust", filepath.Join(dir, "c-2026-12-02.json"), "--street", "虹桥街道")
		switch i {
		case 0:
			mustHub(t, env, st.dsn, "import", dir)
		case 1:
			args := []string{"import"}
			for j := len(names) - 1; j >= 0; j-- {
				args = append(args, filepath.Join(dir, names[j]))
			}
			mustHub(t, env, st.dsn, args...)
		default:
			for j := len(names) - 1; j >= 0; j-- {
				mustHub(t, env, st.dsn, "import", filepath.Join(dir, names[j]))
			}
		}
		status := func() []string {
			var out []string
			for _, d := range []string{"2026-12-01", "2026-12-02", "2026-12-03"} {
				out = append(out, mustHub(t, env, st.dsn, "status", "--date", d, "--json"))
			}
			return append(out,
				mustHub(t, env, st.dsn, "trend", "--figure", "present_households", "--days", "3", "--date", "2026-12-03", "--json"),
				mustHub(t, env, st.dsn, "needs", "--date", "2026-12-03", "--json"),
				mustHub(t, env, st.dsn, "split", "--packs", "100", "--date", "2026-12-03", "--json"))
		}
		before, stored := status(), storedBytes(t, st.dsn)
		// The bad files: refused one line each, nothing changes.
		code, _, errOut := hubVol(t, env, st.dsn, "import", badDir)
		if code != 1 || strings.Count(errOut, "refused") != 4 || !strings.Contains(errOut, "signature does not match") ||
			!strings.Contains(errOut, "not trusted") || !strings.Contains(errOut, "not a whole vol report") {
			t.Errorf("%s: import of bad files: exit %d\n%s", st.name, code, errOut)
		}
		if i == 0 {
			// In Chinese, the same refusals in Chinese words.
			_, _, zh := hubVol(t, env, st.dsn, "--lang", "zh", "import", badDir)
			if strings.Count(zh, "拒收") != 4 || !strings.Contains(zh, "签名与报表内容不符") || !strings.Contains(zh, "未信任") || !strings.Contains(zh, "不是完整的 vol 报表") {
				t.Errorf("%s: import of bad files in Chinese:\n%s", st.name, zh)
			}
		}
		// Again: nothing changes, and the hub says so.
		_, _, errOut = hubVol(t, env, st.dsn, "import", dir)
		if strings.Count(errOut, "stored already") != len(files)-1 || !strings.Contains(errOut, "keeps the later report") {
			t.Errorf("%s: importing again:\n%s", st.name, errOut)
		}
		if after := status(); !reflect.DeepEqual(after, before) {
			t.Errorf("%s: the status changed after refused and repeated imports", st.name)
		}
		if st.name == "sqlite" {
			if after := storedBytes(t, st.dsn); !bytes.Equal(after, stored) && len(after) != len(stored) {
				t.Errorf("%s: the store's size changed after refused and repeated imports", st.name)
			}
		} else if after := storedBytes(t, st.dsn); !bytes.Equal(after, stored) {
			t.Errorf("%s: the store changed after refused and repeated imports", st.name)
		}
		results = append(results, result{st.name, before})

		// No personal data: names, phones and addresses of compound a's
		// households, and drugs fewer than 3 households asked for.
		all := storedBytes(t, st.dsn)
		for _, v := range append(personalData(t, a.env), drugTwo, drugOne) {
			if bytes.Contains(all, []byte(v)) {
				t.Errorf("%s: the store holds %q", st.name, v)
			}
		}
		if !bytes.Contains(all, []byte(drugThree)) {
			t.Errorf("%s: the store lacks %s, which 3 households wait for: is the check looking?", st.name, drugThree)
		}
	}
	for _, r := range results[1:] {
		for d := range r.statuses {
			if r.statuses[d] != results[0].statuses[d] {
				t.Errorf("%s and %s differ in answer %d:\n%s\n%s", results[0].store, r.store, d, results[0].statuses[d], r.statuses[d])
			}
		}
	}

	// What the status says.
	var st struct {
		Date      string
		Compounds []map[string]any
		Totals    map[string]*float64
		Streets   []struct {
			Street              string
			Compounds, Reported int
		}
		NotReported []struct{ LedgerID, Compound, Street string } `json:"not_reported"`
	}
	if err := json.Unmarshal([]byte(results[0].statuses[2]), &st); err != nil {
		t.Fatal(err)
	}
	if len(st.Compounds) != 3 || len(st.NotReported) != 0 {
		t.Fatalf("status of 3 December: %d compounds, %d not reported", len(st.Compounds), len(st.NotReported))
	}
	byName := map[string]map[string]any{}
	for _, c := range st.Compounds {
		byName[c["compound"].(string)] = c
	}
	if c := byName["凯旋华庭"]; c == nil || c["present_households"] != float64(*laterR.Figures["present_households"]) || c["present_households"] != float64(369) {
		t.Errorf("凯旋华庭 on the 3rd: %v, want the later report's present households (369)", c)
	}
	if c := byName["虹桥新村"]; c == nil || c["street"] != "虹桥街道" {
		t.Errorf("虹桥新村: street %v, want the one the office was told", c["street"])
	}
	if c := byName["百汇园一期"]; c == nil || c["street"] != "长宁路街道" || c["present_households"] != float64(369) || c["packs_delivered"] != float64(0) {
		t.Errorf("百汇园一期 (trusted by fingerprint): %v", c)
	}
	for _, k := range dayreport.FigureKeys {
		var sum float64
		some := false
		for _, c := range st.Compounds {
			if v, ok := c[k].(float64); ok {
				sum, some = sum+v, true
			}
		}
		if got := st.Totals[k]; (got == nil) != !some || (got != nil && *got != sum) {
			t.Errorf("total %s: %v, want %v", k, got, sum)
		}
	}
	if len(st.Streets) != 2 || st.Streets[1].Street != "长宁路街道" || st.Streets[1].Reported != 2 || st.Streets[1].Compounds != 2 {
		t.Errorf("streets: %+v", st.Streets)
	}
	var first struct {
		Compounds   []map[string]any
		NotReported []map[string]string `json:"not_reported"`
	}
	if err := json.Unmarshal([]byte(results[0].statuses[0]), &first); err != nil {
		t.Fatal(err)
	}
	if len(first.NotReported) != 3 || first.Compounds[0]["reported"] != false || first.Compounds[0]["present_households"] != nil {
		t.Errorf("1 December, before any report: %s", results[0].statuses[0])
	}
	// The trend, the needs, the split.
	var trend struct {
		Days []struct {
			Date                string
			Reported, Compounds int
			Total               *int
		}
	}
	if err := json.Unmarshal([]byte(results[0].statuses[3]), &trend); err != nil {
		t.Fatal(err)
	}
	if d := trend.Days; len(d) != 3 || d[0].Reported != 0 || d[0].Total != nil || d[1].Reported != 3 || d[1].Total == nil || *d[1].Total != 1110 ||
		d[2].Total == nil || *d[2].Total != 1108 || d[2].Compounds != 3 {
		t.Errorf("trend of present households: %s", results[0].statuses[3])
	}
	var needs struct {
		Drugs []struct {
			Drug                  string
			Households, Compounds int
		} `json:"med_not_found"`
		Other     int `json:"med_not_found_other"`
		Compounds []struct {
			Compound                string
			UnpairedElderHouseholds int  `json:"unpaired_elder_households"`
			PacksShort              *int `json:"packs_short"`
		}
	}
	if err := json.Unmarshal([]byte(results[0].statuses[4]), &needs); err != nil {
		t.Fatal(err)
	}
	if len(needs.Drugs) != 1 || needs.Drugs[0].Drug != drugThree || needs.Drugs[0].Households != 3 || needs.Other != 3 || len(needs.Compounds) != 3 {
		t.Errorf("needs: %s", results[0].statuses[4])
	}
	for _, c := range needs.Compounds {
		if c.Compound == "凯旋华庭" && (c.PacksShort == nil || *c.PacksShort != 18) {
			t.Errorf("凯旋华庭's packs short: %v, want 18", c.PacksShort)
		}
	}
	var split struct {
		Packs int
		Lines []struct {
			Compound      string
			Weight, Packs int
			Reason        string
		}
	}
	if err := json.Unmarshal([]byte(results[0].statuses[5]), &split); err != nil {
		t.Fatal(err)
	}
	sum := 0
	for _, l := range split.Lines {
		sum += l.Packs
		if l.Packs < 33 || l.Packs > 34 || !strings.Contains(l.Reason, "100 × ") {
			t.Errorf("split line %+v", l)
		}
	}
	if sum != 100 || len(split.Lines) != 3 {
		t.Errorf("split of 100 packs: %s", results[0].statuses[5])
	}
	// The workbook: every compound, its figures as numbers.
	book := filepath.Join(t.TempDir(), "district.xlsx")
	mustHub(t, env, stores[0].dsn, "export", "--date", "2026-12-03", "-o", book)
	f, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetList()[0])
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 6 || !strings.Contains(strings.Join(rows[2], ","), "凯旋华庭") && !strings.Contains(strings.Join(rows[3], ","), "凯旋华庭") {
		t.Errorf("the workbook's first sheet: %q", rows)
	}
	if code, _, errOut := hubVol(t, env, stores[0].dsn, "export", "-o", stores[0].dsn); code != 1 || !strings.Contains(errOut, "hub store itself") {
		t.Errorf("export over the hub store: exit %d %q", code, errOut)
	}

	// A file past the limit is refused before it is read in full.
	if _, err := os.Stat("/dev/zero"); err == nil {
		for _, args := range [][]string{{"import", "/dev/zero"}, {"trust", "/dev/zero"}} {
			if code, _, errOut := hubVol(t, env, stores[0].dsn, args...); code != 1 || !strings.Contains(errOut, "256 KiB") || strings.Count(errOut, "\n") > 2 {
				t.Errorf("hub %s: exit %d %q, want a refusal naming the limit", strings.Join(args, " "), code, errOut)
			}
		}
	}

	// The table and --street.
	table := mustHub(t, env, stores[0].dsn, "status", "--date", "2026-12-03", "--street", "虹桥街道")
	if !strings.Contains(table, "虹桥新村") || strings.Contains(table, "凯旋华庭") || !strings.Contains(table, "1 of 1 compounds reported") {
		t.Errorf("status --street 虹桥街道:\n%s", table)
	}
}

// storeCount runs a counting query on a hub store.
func storeCount(t *testing.T, dsn, query string) int {
	t.Helper()
	driver := "sqlite"
	if strings.HasPrefix(dsn, "postgres") {
		driver = "pgx"
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(query).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// TestHubImportersAtOnce (issue 21): eight vol hub import processes at
// once, each with seven eighths of the files (every file in seven of
// them, a compound's two reports of a day in different ones), lose no
// report and store no duplicate, on SQLite and on PostgreSQL: every
// compound has one report a day, the later one where it made two.
func TestHubImportersAtOnce(t *testing.T) {
	t.Parallel()
	const compounds, later = 60, 12
	g := dayreport.Generator{Seed: 7}
	dir := t.TempDir()
	var files []string
	drugs := 0
	for _, day := range []string{"2026-11-27", "2026-11-28"} {
		d, _ := time.Parse("2006-01-02", day)
		for i := range compounds {
			for v := range 1 + min(1, later/(i+1)) {
				r := g.Report(i, d, v)
				if v == 1 || i >= later {
					drugs += len(r.Needs.MedNotFound)
				}
				b, err := r.Encode()
				if err != nil {
					t.Fatal(err)
				}
				p := filepath.Join(dir, fmt.Sprintf("%s-%03d-%d.json", day, i, v))
				if err := os.WriteFile(p, b, 0o600); err != nil {
					t.Fatal(err)
				}
				files = append(files, p)
			}
		}
	}
	env := testEnv(t, "hub-race")
	for _, st := range hubStores(t) {
		t.Run(st.name, func(t *testing.T) {
			mustHub(t, env, st.dsn, "init")
			var first []string
			for _, f := range files {
				if strings.HasPrefix(filepath.Base(f), "2026-11-27") && strings.HasSuffix(f, "-0.json") {
					first = append(first, f)
				}
			}
			mustHub(t, env, st.dsn, append([]string{"trust"}, first...)...)
			var procs []*exec.Cmd
			var outs []*bytes.Buffer
			for k := range 8 {
				args := []string{"hub", "--hub", st.dsn, "import"}
				for j, f := range files {
					if j%8 != k {
						args = append(args, f)
					}
				}
				c := volProcess(env, args...)
				var b bytes.Buffer
				c.Stdout, c.Stderr = &b, &b
				if err := c.Start(); err != nil {
					t.Fatal(err)
				}
				procs, outs = append(procs, c), append(outs, &b)
			}
			for k, c := range procs {
				if err := c.Wait(); err != nil {
					t.Errorf("importer %d: %v\n%s", k, err, outs[k])
				}
			}
			if n := storeCount(t, st.dsn, `SELECT count(*) FROM reports`); n != 2*compounds {
				t.Errorf("%d reports stored, want %d", n, 2*compounds)
			}
			if n := storeCount(t, st.dsn, `SELECT count(*) FROM (SELECT DISTINCT ledger_id, day FROM reports) x`); n != 2*compounds {
				t.Errorf("%d compound-days stored, want %d", n, 2*compounds)
			}
			if n := storeCount(t, st.dsn, `SELECT count(*) FROM reports WHERE made_at LIKE '%T20:01:00Z'`); n != 2*later {
				t.Errorf("%d later reports kept, want %d", n, 2*later)
			}
			if n := storeCount(t, st.dsn, `SELECT count(*) FROM report_drugs`); n != drugs {
				t.Errorf("%d drug rows, want %d", n, drugs)
			}
			var status struct {
				NotReported []any `json:"not_reported"`
				Compounds   []any
			}
			if err := json.Unmarshal([]byte(mustHub(t, env, st.dsn, "status", "--date", "2026-11-28", "--json")), &status); err != nil {
				t.Fatal(err)
			}
			if len(status.Compounds) != compounds || len(status.NotReported) != 0 {
				t.Errorf("status: %d compounds, %d not reported", len(status.Compounds), len(status.NotReported))
			}
		})
	}
}

// TestHubRevoke: the office revokes a key (a lost laptop). A copy of the
// compound's ledger (handed over from the chair's key, so vouched for) is
// taken, then its key revoked: its reports are refused, the chair's still
// taken; the chair's key revoked too: the compound has no trusted key and
// the copy's report, vouched for by a revoked key, is refused as well;
// trusting the chair's report again takes both again. Refusals change
// nothing; on both stores; a store of the first layout is brought up to
// date when opened.
func TestHubRevoke(t *testing.T) {
	t.Parallel()
	c := newSampleCompound(t, "revoke-a", "凯旋华庭", "长宁路街道", 1)
	chair12, chair13 := c.report(t, "2026-12-02"), c.report(t, "2026-12-03")
	// A copy of the file elsewhere: a new device, handed over.
	copied := filepath.Join(t.TempDir(), "copy.db")
	b, err := os.ReadFile(c.env["VOL_DB"])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(copied, b, 0o600); err != nil {
		t.Fatal(err)
	}
	copyEnv := map[string]string{}
	for k, v := range c.env {
		copyEnv[k] = v
	}
	copyEnv["VOL_DB"] = copied
	copyEnv["VOL_NOW"] = "2026-12-03T21:00:00+08:00"
	copy13 := []byte(mustVol(t, copyEnv, "report", "--as-of", "2026-12-03", "--json"))
	var cr dayreport.Report
	if err := json.Unmarshal(copy13, &cr); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	writeFiles(t, dir, map[string][]byte{"chair12.json": chair12, "chair13.json": chair13, "copy13.json": copy13})
	f := func(n string) string { return filepath.Join(dir, n) }

	env := testEnv(t, "revoke")
	env["VOL_NOW"] = "2026-12-03T22:00:00+08:00"
	for _, st := range hubStores(t) {
		mustHub(t, env, st.dsn, "init")
		mustHub(t, env, st.dsn, "trust", f("chair12.json"))
		mustHub(t, env, st.dsn, "import", f("chair12.json"), f("copy13.json"))
		// The copy's key revoked: its report of a later time is refused.
		_, _, errOut := hubVol(t, env, st.dsn, "revoke", cr.Signer.Fingerprint)
		if !strings.Contains(errOut, "revoked key "+cr.Signer.Fingerprint+" of 凯旋华庭") || !strings.Contains(errOut, "the 1 reports it signed stay; 1 other keys") {
			t.Errorf("%s: revoke: %s", st.name, errOut)
		}
		if _, _, errOut := hubVol(t, env, st.dsn, "revoke", cr.Signer.Fingerprint); !strings.Contains(errOut, "revoked already") {
			t.Errorf("%s: revoke again: %s", st.name, errOut)
		}
		before, stored := mustHub(t, env, st.dsn, "status", "--date", "2026-12-03", "--json"), storedBytes(t, st.dsn)
		copyEnv["VOL_NOW"] = "2026-12-03T23:00:00+08:00"
		later := []byte(mustVol(t, copyEnv, "report", "--as-of", "2026-12-03", "--json"))
		writeFiles(t, dir, map[string][]byte{"copy13-later.json": later})
		code, _, errOut := hubVol(t, env, st.dsn, "import", f("copy13-later.json"))
		if code != 1 || !strings.Contains(errOut, "signed by a key the hub revoked") {
			t.Errorf("%s: the revoked key's report: exit %d %s", st.name, code, errOut)
		}
		if after := mustHub(t, env, st.dsn, "status", "--date", "2026-12-03", "--json"); after != before {
			t.Errorf("%s: a refused report changed the status", st.name)
		}
		if st.name == "postgres" {
			if !bytes.Equal(storedBytes(t, st.dsn), stored) {
				t.Errorf("%s: a refused report changed the store", st.name)
			}
		}
		// The chair's report is still taken (it is older than the copy's
		// kept report of that day: kept, not replaced).
		if _, _, errOut := hubVol(t, env, st.dsn, "import", f("chair13.json")); !strings.Contains(errOut, "keeps the later report") {
			t.Errorf("%s: the chair's report after the copy's key was revoked: %s", st.name, errOut)
		}
		// The chair's key revoked: nothing of the compound is taken, not
		// even what the revoked chair vouched for.
		_, _, errOut = hubVol(t, env, st.dsn, "--lang", "zh", "revoke", c.fingerprint)
		if !strings.Contains(errOut, "已没有受信任的密钥") {
			t.Errorf("%s: revoking the last key: %s", st.name, errOut)
		}
		if code, _, errOut := hubVol(t, env, st.dsn, "import", f("chair13.json")); code != 1 || !strings.Contains(errOut, "revoked") {
			t.Errorf("%s: the chair's report once revoked: exit %d %s", st.name, code, errOut)
		}
		// Trusted again by a report of the chair's key.
		mustHub(t, env, st.dsn, "trust", f("chair13.json"))
		if _, _, errOut := hubVol(t, env, st.dsn, "import", f("chair13.json")); !strings.Contains(errOut, "keeps the later report") {
			t.Errorf("%s: the chair's report trusted again: %s", st.name, errOut)
		}
		// Misuse and an unknown key.
		if code, _, errOut := hubVol(t, env, st.dsn, "revoke", "12345"); code != 2 || !strings.Contains(errOut, "FINGERPRINT (12345)") {
			t.Errorf("%s: a short fingerprint: exit %d %s", st.name, code, errOut)
		}
		if code, _, errOut := hubVol(t, env, st.dsn, "revoke", "1234 5678 9012 3456 7890"); code != 1 || !strings.Contains(errOut, "no key with this fingerprint") {
			t.Errorf("%s: an unknown fingerprint: exit %d %s", st.name, code, errOut)
		}
	}

	// A store of the first layout (no revoked_keys) is brought up to date
	// when opened, and works.
	old := filepath.Join(t.TempDir(), "v1.db")
	mustHub(t, env, old, "init")
	db, err := sql.Open("sqlite", old)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`DROP TABLE revoked_keys; UPDATE hub_meta SET value = '1' WHERE key = 'schema'`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	mustHub(t, env, old, "trust", f("chair12.json"))
	mustHub(t, env, old, "revoke", c.fingerprint)
	if code, _, errOut := hubVol(t, env, old, "import", f("chair12.json")); code != 1 || !strings.Contains(errOut, "revoked") {
		t.Errorf("an upgraded store: exit %d %s", code, errOut)
	}
}
