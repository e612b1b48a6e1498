package sheet

import (
	"vol/ledger"
	"vol/ledger/atomicfile"

	"io"
)

// WriteFileAtomic writes a file at path through write, all or nothing.
//
// write gets a buffered writer on a temporary file in path's folder, mode
// 0600 (owner only: exports hold names and phone numbers). When write
// returns nil the file is flushed, fsynced, closed and renamed over path,
// and the folder is fsynced (best effort: the file is in place by then, so
// a failure there is not reported). When write returns an error or panics,
// or any step fails, the temporary file is removed, whatever was at path is
// left as it was, and the error is returned: write's as it is, the file
// system's after "sheet: " (a panic goes on after the clean-up). See
// package atomicfile, which does the work.
func WriteFileAtomic(path string, write func(w io.Writer) error) error {
	var werr error
	err := atomicfile.Write(path, func(w io.Writer) error {
		werr = write(w)
		return werr
	}, func() {
		ledger.Crash("export-before-rename") // tests: a whole temporary file, not yet renamed
	})
	if err == nil || werr != nil {
		return err
	}
	return ledger.Errorf("sheet: %w", err)
}
