//go:build !windows

package ledger

import (
	"errors"
	"os"
	"syscall"
)

// alive reports whether a process with this ID runs (signal 0 tests it
// without touching it; a process of another user counts as alive).
func alive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	err = p.Signal(syscall.Signal(0))
	return err == nil || errors.Is(err, syscall.EPERM)
}
