//go:build !voltest

package ledger

// barrier is a test build's hold before a write (barrier_voltest.go); a
// release build never waits.
func barrier() {}
