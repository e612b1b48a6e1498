//go:build voltest

package ledger

import (
	"os"
	"strings"
)

// Crash kills the process on the spot (as a power cut or kill -9 would) when
// the environment variable VOL_CRASH names this point (a comma-separated
// list). The crash tests use it to prove that a command interrupted anywhere
// leaves the ledger whole. It exists only in a vol built with -tags voltest,
// as the end-to-end tests build it; a release build has a no-op (crash.go).
func Crash(point string) {
	v := os.Getenv("VOL_CRASH")
	if v == "" {
		return
	}
	for _, p := range strings.Split(v, ",") {
		if p == point {
			if proc, err := os.FindProcess(os.Getpid()); err == nil {
				proc.Kill() // SIGKILL: no deferred function, no cleanup runs
			}
			select {} // wait for the signal to land
		}
	}
}
