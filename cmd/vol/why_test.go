package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestReasonsArePersonal: what a coordinator types after --why can name
// people and their health: it is kept as a personal value, masked in vol
// log unless --full, and erased with what it concerns; an erasure's own
// reason stays, masked the same way.
func TestReasonsArePersonal(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "kaixuan.db")
	volAt(t, db, "demo", "--db", db)
	volAt(t, db, "alloc", "--commit")
	round := regexp.MustCompile(`"id": "([0-9a-f-]{36})"`).FindStringSubmatch(volAt(t, db, "rounds", "--json"))[1]
	volAt(t, db, "round", "void", round, "--why", "何鹏 说分错了 13912345678")
	volAt(t, db, "pair", "elders")
	elders := volAt(t, db, "pair", "list", "--json", "--full")
	elder := regexp.MustCompile(`"elder_household": "([^"]+)"`).FindStringSubmatch(elders)[1]
	person := regexp.MustCompile(`"elders": \[\s*"([^"]+)"`).FindStringSubmatch(elders)[1]
	volAt(t, db, "pair", "end", elder, "--why", "老人住院 糖尿病")
	log := volAt(t, db, "log", "--json", "--limit", "0")
	for _, secret := range []string{"何鹏 说分错了", "13912345678", "糖尿病"} {
		if strings.Contains(log, secret) {
			t.Errorf("vol log without --full shows a reason: %q", secret)
		}
	}
	full := volAt(t, db, "log", "--json", "--limit", "0", "--full")
	if !strings.Contains(full, "何鹏 说分错了") || !strings.Contains(full, "糖尿病") {
		t.Errorf("vol log --full lacks the reasons")
	}
	if !strings.Contains(volAt(t, db, "rounds"), "何鹏 说分错了") {
		t.Errorf("vol rounds no longer says why the round is void")
	}
	// Erasing the elder erases the reason their pairing ended with.
	volAt(t, db, "erase", person+"@"+elder, "--why", "家属要求 删除", "--yes")
	full = volAt(t, db, "log", "--json", "--limit", "0", "--full")
	if strings.Contains(full, "糖尿病") {
		t.Errorf("the pairing's end reason outlived the elder's erasure")
	}
	if !strings.Contains(full, "家属要求 删除") || strings.Contains(volAt(t, db, "log", "--json", "--limit", "0"), "家属要求") {
		t.Errorf("the erasure's own reason: want kept, shown with --full only")
	}
	raw, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(raw), "糖尿病") {
		t.Errorf("the erased reason is still in the ledger's bytes")
	}
	volAt(t, db, "check")
}

func TestOldReasonsMasked(t *testing.T) {
	t.Parallel()
	out, err := resolveValues(context.Background(), nil, "round_voids", map[string]any{"why": "张三 不在家", "at": "2026-11-28T09:00:00Z"}, false)
	if err != nil || out["why"] != "***" || out["at"] != "2026-11-28T09:00:00Z" {
		t.Fatalf("an old reason in vol log: %v %v, want masked", out, err)
	}
	out, err = resolveValues(context.Background(), nil, "round_voids", map[string]any{"why": "张三 不在家"}, true)
	if err != nil || out["why"] != "张三 不在家" {
		t.Fatalf("with --full: %v %v, want shown", out, err)
	}
}
