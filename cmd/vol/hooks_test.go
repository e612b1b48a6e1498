package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// testHooks are the environment variables only a test build of vol reads.
var testHooks = []string{"VOL_CRASH", "VOL_TEST_SCRYPT_LOGN", "VOL_TEST_BARRIER"}

// TestReleaseBuildHasNoTestHooks builds vol as it ships (no tags, no cgo)
// and fails if its bytes name a test hook: a variable that kills vol or
// weakens its encryption must not work on a user's machine. The test build
// (volBin, -tags voltest) must name them, or this test could not fail.
func TestReleaseBuildHasNoTestHooks(t *testing.T) {
	t.Parallel()
	release := filepath.Join(t.TempDir(), "vol"+exeSuffix())
	if err := goBuild(release, []string{"CGO_ENABLED=0"}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, path string
		want       bool
	}{
		{"release build", release, false},
		{"test build (-tags voltest)", volBin, true},
	} {
		b, err := os.ReadFile(tc.path)
		if err != nil {
			t.Fatal(err)
		}
		for _, hook := range testHooks {
			if got := bytes.Contains(b, []byte(hook)); got != tc.want {
				t.Errorf("the %s names %s: %v, want %v", tc.name, hook, got, tc.want)
			}
		}
	}
}
