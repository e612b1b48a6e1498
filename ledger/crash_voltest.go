//go:build voltest

package ledger

import (
	"os"
	"os/signal"
	"strings"
	"time"
)

// Crash kills the process on the spot (as a power cut or kill -9 would) when
// the environment variable VOL_CRASH names this point (a comma-separated
// list). The crash tests use it to prove that a command interrupted anywhere
// leaves the ledger whole. It exists only in a vol built with -tags voltest,
// as the end-to-end tests build it; a release build has a no-op (crash.go).
//
// VOL_INTERRUPT works the same way with an interrupt (Ctrl-C) instead:
// the process goes on, and the change must stop and leave nothing.
func Crash(point string) {
	if armed(os.Getenv("VOL_INTERRUPT"), point) {
		// Wait until the interrupt has landed, so the change certainly
		// meets it before its end.
		got := make(chan os.Signal, 1)
		signal.Notify(got, os.Interrupt)
		if proc, err := os.FindProcess(os.Getpid()); err == nil && proc.Signal(os.Interrupt) == nil {
			<-got
			time.Sleep(100 * time.Millisecond) // the command's own handler runs too
		}
		signal.Stop(got)
	}
	if armed(os.Getenv("VOL_CRASH"), point) {
		if proc, err := os.FindProcess(os.Getpid()); err == nil {
			proc.Kill() // SIGKILL: no deferred function, no cleanup runs
		}
		select {} // wait for the signal to land
	}
}

// armed reports whether the comma-separated list v names point.
func armed(v, point string) bool {
	for _, p := range strings.Split(v, ",") {
		if v != "" && p == point {
			return true
		}
	}
	return false
}
