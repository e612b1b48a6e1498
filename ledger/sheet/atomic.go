package sheet

import (
	"vol/ledger"

	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
)

// WriteFileAtomic writes a file at path through write, all or nothing.
//
// write gets a buffered writer on a temporary file in path's folder,
// created with os.CreateTemp and set to mode 0600 (owner only: exports hold
// names and phone numbers). When write returns nil the file is flushed,
// fsynced, closed and renamed over path, and the folder is fsynced (best
// effort: the file is in place by then, so a failure there is not reported).
// When write returns an error or panics, or any step fails, the temporary
// file is removed, whatever was at path is left as it was, and the error
// is returned (a panic goes on after the clean-up).
func WriteFileAtomic(path string, write func(w io.Writer) error) (err error) {
	dir, base := filepath.Split(path)
	if base == "" {
		return fmt.Errorf("sheet: %q names a folder, not a file", path)
	}
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return fmt.Errorf("sheet: %w", err)
	}
	name := tmp.Name()
	renamed := false
	defer func() {
		// Runs on errors and on panics alike; a panic keeps unwinding.
		if !renamed {
			_ = tmp.Close() // may already be closed
			_ = os.Remove(name)
		}
	}()
	if err := tmp.Chmod(0o600); err != nil {
		return fmt.Errorf("sheet: %w", err)
	}
	bw := bufio.NewWriterSize(tmp, 64<<10)
	if err := write(bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("sheet: writing %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("sheet: writing %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("sheet: writing %s: %w", path, err)
	}
	ledger.Crash("export-before-rename") // tests: a whole temporary file, not yet renamed
	if err := os.Rename(name, path); err != nil {
		return fmt.Errorf("sheet: %w", err)
	}
	renamed = true
	syncDir(dir)
	return nil
}

// syncDir makes a rename in dir durable where the system allows it.
func syncDir(dir string) {
	if runtime.GOOS == "windows" {
		return // folders cannot be opened for fsync there
	}
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	_ = d.Sync()
	_ = d.Close()
}
