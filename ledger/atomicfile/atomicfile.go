package atomicfile

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
)

// bufSize is the write buffer of Write: exports are written in many small
// pieces.
const bufSize = 64 << 10

// Write writes the file at path through write, all or nothing.
//
// write gets a buffered writer on a temporary file in path's folder, mode
// 0600. When write returns nil the file is flushed, fsynced, closed and
// renamed over path, and the folder is fsynced (best effort: a failure
// there is not reported). beforeRename, when not nil, runs once the
// temporary file is whole and closed, just before the rename (the crash
// tests stop there).
//
// When write returns an error or panics, or any step fails, the temporary
// file is removed and whatever was at path is left as it was. Write returns
// write's error as it is, and the errors of the file system (a missing
// folder, a full disk) wrapped with the step that failed; a panic goes on
// after the clean-up.
func Write(path string, write func(w io.Writer) error, beforeRename func()) error {
	dir, base := filepath.Split(path)
	if base == "" {
		return fmt.Errorf("%q names a folder, not a file", path)
	}
	if dir == "" {
		dir = "."
	}
	f, err := create(dir, "."+base+".*.tmp")
	if err != nil {
		return err
	}
	committed := false
	defer func() {
		// Runs on errors and on panics alike; a panic keeps unwinding.
		if !committed {
			_ = f.Close() // may already be closed; the file goes anyway
			_ = os.Remove(f.Name())
		}
	}()
	bw := bufio.NewWriterSize(f, bufSize)
	if err := write(bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := commit(f, path, beforeRename); err != nil {
		return err
	}
	committed = true
	return nil
}

// Temp is a private temporary file for a writer that needs a file name
// rather than an io.Writer (SQLite's VACUUM INTO, a copy, a decryption).
// Commit puts it in place; Remove, deferred, cleans up when Commit was
// never reached.
type Temp struct {
	// Name is the temporary file's path.
	Name      string
	committed bool
}

// NewTemp creates an empty file, mode 0600, in dir, named after pattern as
// os.CreateTemp names it. It returns the file system's error when the file
// cannot be made.
func NewTemp(dir, pattern string) (*Temp, error) {
	f, err := create(dir, pattern)
	if err != nil {
		return nil, err
	}
	if err := f.Close(); err != nil {
		_ = os.Remove(f.Name())
		return nil, fmt.Errorf("creating %s: %w", f.Name(), err)
	}
	return &Temp{Name: f.Name()}, nil
}

// Commit makes the temporary file durable and renames it over path, which
// must be on the same file system (in the same folder for the rename to be
// atomic), then fsyncs path's folder (best effort). beforeRename, when not
// nil, runs just before the rename. Commit returns the file system's error
// of the step that failed, and then leaves path as it was.
func (t *Temp) Commit(path string, beforeRename func()) error {
	f, err := os.OpenFile(t.Name, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := commit(f, path, beforeRename); err != nil {
		return err
	}
	t.committed = true
	return nil
}

// Fill replaces the temporary file's content with what write writes
// through a buffer. It returns write's error as it is, and the file
// system's errors of opening, flushing and closing the file.
func (t *Temp) Fill(write func(w io.Writer) error) (err error) {
	f, err := os.OpenFile(t.Name, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("writing %s: %w", t.Name, cerr)
		}
	}()
	bw := bufio.NewWriterSize(f, bufSize)
	if err := write(bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("writing %s: %w", t.Name, err)
	}
	return nil
}

// Remove deletes the temporary file unless Commit put it in place. It
// reports nothing: it is the clean-up after a failure that is reported
// already, and a file that is gone is what it wants.
func (t *Temp) Remove() {
	if !t.committed {
		_ = os.Remove(t.Name)
	}
}

// create makes an empty temporary file, mode 0600, in dir.
func create(dir, pattern string) (*os.File, error) {
	f, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return nil, err
	}
	// CreateTemp already asks for 0600; Chmod makes it so whatever the umask
	// or the system.
	if err := f.Chmod(0o600); err != nil {
		_ = f.Close()
		_ = os.Remove(f.Name())
		return nil, err
	}
	return f, nil
}

// commit fsyncs and closes f, runs beforeRename, renames f over path and
// fsyncs path's folder. f is closed whatever happens.
func commit(f *os.File, path string, beforeRename func()) error {
	if err := f.Sync(); err != nil {
		_ = f.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if beforeRename != nil {
		beforeRename()
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return err
	}
	_ = syncDir(filepath.Dir(path)) // best effort: the file is in place
	return nil
}

// syncDir makes a rename in dir durable where the system allows it; folders
// cannot be opened for fsync on Windows.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}
