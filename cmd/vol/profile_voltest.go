//go:build voltest

package main

import (
	"os"
	"runtime/pprof"
)

// startProfile writes a CPU profile of the command to the file
// VOL_CPUPROFILE names, for finding where a slow command spends its time
// (make bench's rows). It exists only in a vol built with -tags voltest.
func startProfile() func() {
	path := os.Getenv("VOL_CPUPROFILE")
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err != nil {
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}
