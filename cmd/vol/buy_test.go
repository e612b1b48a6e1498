package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBuyImportLimits: a 接龙 over 1 MiB, from a file or pasted on stdin,
// is refused in one line and changes nothing; so is a file that is not
// there.
func TestBuyImportLimits(t *testing.T) {
	t.Parallel()
	env := testEnv(t, "buylimits")
	mustVol(t, env, "demo", "--db", env["VOL_DB"])
	mustVol(t, env, "buy", "new", "鸡蛋团购", "--lead", "13773985980")
	mustVol(t, env, "buy", "item", "鸡蛋团购", "鸡蛋", "--price", "12.5", "--unit", "盒")
	before := mustVol(t, env, "log", "--json")
	big := strings.Repeat("1. 3-2-501 王 鸡蛋2\n", (1<<20)/20+10)
	path := filepath.Join(t.TempDir(), "big.txt")
	if err := os.WriteFile(path, []byte(big), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := vol(t, env, "buy", "import", "鸡蛋团购", path)
	if code != exitFailure || !strings.Contains(errOut, "FILE") || strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
		t.Fatalf("a big file: exit %d %q", code, errOut)
	}
	c := volProcess(env, "buy", "import", "鸡蛋团购", "-")
	c.Stdin = strings.NewReader(big)
	var stderr bytes.Buffer
	c.Stderr = &stderr
	if err := c.Run(); err == nil || !strings.Contains(stderr.String(), "KiB") {
		t.Fatalf("a big paste on stdin: %v %q", err, stderr.String())
	}
	if code, _, errOut := vol(t, env, "buy", "import", "鸡蛋团购", filepath.Join(t.TempDir(), "none.txt")); code != exitFailure || !strings.Contains(errOut, "FILE") {
		t.Fatalf("no file: exit %d %q", code, errOut)
	}
	if after := mustVol(t, env, "log", "--json"); after != before {
		t.Fatal("a refused import changed the ledger")
	}
}
