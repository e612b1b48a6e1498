//go:build windows

package ledger

import "os"

// alive reports whether a process with this ID runs: on Windows,
// FindProcess opens it, and fails when there is none.
func alive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	_ = p.Release()
	return true
}
