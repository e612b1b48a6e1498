package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestDefaultLedgerPath: with neither --db nor VOL_DB, vol uses the ledger
// in the data folder its environment names (XDG_DATA_HOME), read through
// the command's environment like every other variable, not the process's.
func TestDefaultLedgerPath(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	env := map[string]string{"XDG_DATA_HOME": data, "VOL_NOW": "2026-11-28T09:00:00Z", "USER": "tester", "LANG": "en"}
	mustVol(t, env, "init", "--compound", "测试小区")
	want := filepath.Join(data, "vol", "ledger.db")
	if _, err := os.Stat(want); err != nil {
		t.Fatalf("vol init without --db or VOL_DB: %v", err)
	}
	mustVol(t, withEnv(env, "VOL_DB", want), "check")
}
