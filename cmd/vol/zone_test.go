package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestLocalTime (issue 16, item 3): vol init takes the machine's zone (TZ);
// every time shown is in the compound's zone, in tables, JSON and sheets;
// today is the compound's day; the setting changes them all.
func TestLocalTime(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	env := map[string]string{"VOL_DB": filepath.Join(dir, "l.db"), "VOL_NOW": "2026-12-04T14:57:33Z", "USER": "chair",
		"TZ": "America/New_York", "XDG_CONFIG_HOME": dir}
	run := func(args ...string) string {
		t.Helper()
		code, out, errOut := vol(t, env, args...)
		if code != 0 {
			t.Fatalf("vol %v: %s", args, errOut)
		}
		return out
	}
	run("init")
	run("household", "add", "3-2-501")
	run("med", "request", "3-2-501", "--drug", "氨氯地平")
	if out := run("log"); !strings.Contains(out, "2026-12-04 09:57") {
		t.Errorf("log in New York: want 09:57:\n%s", out)
	}
	if out := run("log", "--json"); !strings.Contains(out, `"at": "2026-12-04T09:57:33-05:00"`) {
		t.Errorf("log --json: want the offset:\n%s", out)
	}
	run("compound", "set", "--timezone", "Asia/Shanghai")
	if out := run("log"); !strings.Contains(out, "2026-12-04 22:57") || strings.Contains(out, "T14:57") {
		t.Errorf("log in Shanghai: want 22:57:\n%s", out)
	}
	if out := run("med", "list", "--json"); !strings.Contains(out, `"requested_at": "2026-12-04T22:57:33+08:00"`) {
		t.Errorf("med list --json: %s", out)
	}
	xlsx := filepath.Join(dir, "x.xlsx")
	run("export", "--full", "-o", xlsx)
	f, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("med_requests")
	if err != nil || len(rows) < 3 || !strings.Contains(strings.Join(rows[2], "|"), "2026-12-04 22:57") {
		t.Errorf("the medicine sheet: %v %v", rows, err)
	}
	// At 20:00 UTC it is already the 5th in Shanghai.
	env["VOL_NOW"] = "2026-12-04T20:00:00Z"
	if out := run("status", "--json"); !strings.Contains(out, `"on": "2026-12-05"`) {
		t.Errorf("status: want the compound's day:\n%s", out)
	}
	if code, _, errOut := vol(t, env, "compound", "set", "--timezone", "Mars/Olympus"); code != 1 || !strings.Contains(errOut, "Asia/Shanghai") {
		t.Errorf("a made-up zone: %d %q", code, errOut)
	}
}
