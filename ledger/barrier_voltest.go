//go:build voltest

package ledger

import (
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// barrier holds a test build at the start of every Write, before the write
// transaction begins, when VOL_TEST_BARRIER names a folder: it creates
// ready.PID there and waits (up to a minute) until a file named go appears.
// The concurrency tests use it to let two vol processes read the ledger
// before either writes. Release builds have no barrier (barrier.go).
func barrier() {
	dir := os.Getenv("VOL_TEST_BARRIER")
	if dir == "" {
		return
	}
	ready := filepath.Join(dir, "ready."+strconv.Itoa(os.Getpid()))
	if err := os.WriteFile(ready, nil, 0o600); err != nil {
		return
	}
	for range 6000 {
		if _, err := os.Stat(filepath.Join(dir, "go")); err == nil {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}
