//go:build !voltest

package ledger

// Crash marks a point where the crash tests kill vol (see crash_voltest.go).
// In a release build it does nothing: the hook that reads the test-only
// variable is compiled only with -tags voltest, so no environment variable
// can make a shipped vol kill itself.
func Crash(point string) {}
