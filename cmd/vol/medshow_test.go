package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// TestMedResultAsked: on a terminal, vol med run result with nothing to
// record asks item by item (是 got, 否 not found, Enter skips, anything
// else asked again) and records the answers in one write.
func TestMedResultAsked(t *testing.T) {
	t.Parallel()
	env := testEnv(t, "medask")
	mustVol(t, env, "demo", "--db", env["VOL_DB"])
	mustVol(t, env, "med", "request", "1-1-101", "--drug", "氨氯地平")
	mustVol(t, env, "med", "request", "1-1-102", "--drug", "二甲双胍")
	mustVol(t, env, "med", "request", "1-1-201", "--drug", "阿司匹林")
	var plan struct{ ID string }
	if err := json.Unmarshal([]byte(mustVol(t, env, "med", "run", "plan", "--commit", "--json")), &plan); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	io := IO{In: strings.NewReader("是\nmaybe\n否\n\n"), Out: &out, Err: &errb, Terminal: true,
		Getenv: func(k string) string { return env[k] }}
	if code := run(context.Background(), []string{"med", "run", "result", plan.ID[:8], "--lang", "zh"}, io); code != 0 {
		t.Fatalf("exit %d\n%s", code, errb.String())
	}
	if n := strings.Count(errb.String(), "配到了吗？"); n != 4 { // three items, one asked twice
		t.Errorf("asked %d times, want 4:\n%s", n, errb.String())
	}
	if !strings.Contains(errb.String(), "请回答 是（y）或 否（n）") || !strings.Contains(errb.String(), "已记录配到 1 项，未配到 1 项") {
		t.Errorf("stderr:\n%s", errb.String())
	}
	var sheet struct{ Items []struct{ Outcome string } }
	if err := json.Unmarshal([]byte(mustVol(t, env, "med", "run", "show", plan.ID[:8], "--json")), &sheet); err != nil {
		t.Fatal(err)
	}
	got := []string{}
	for _, it := range sheet.Items {
		got = append(got, it.Outcome)
	}
	if strings.Join(got, ",") != "got,not_found,planned" {
		t.Errorf("outcomes %q, want got, not_found and one without", got)
	}
}
