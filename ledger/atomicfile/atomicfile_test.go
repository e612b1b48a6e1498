package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
)

// names lists what a folder holds, sorted.
func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// checkFile fails unless path holds want with mode perm (the mode is not
// checked on Windows, which has no such bits).
func checkFile(t *testing.T, path, want string, perm os.FileMode) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(b); got != want {
		t.Errorf("%s holds %q, want %q", filepath.Base(path), got, want)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); runtime.GOOS != "windows" && got != perm {
		t.Errorf("%s has mode %v, want %v", filepath.Base(path), got, perm)
	}
}

func TestWrite(t *testing.T) {
	t.Parallel()
	errWrite := errors.New("write failed")
	half := func(w io.Writer) {
		if _, err := io.WriteString(w, "half"); err != nil {
			panic(err)
		}
	}
	for _, tc := range []struct {
		name    string
		before  string // content at path beforehand; "" for no file
		write   func(w io.Writer) error
		panics  bool
		wantErr error
		want    string // content at path afterwards, when the file is there
	}{
		{
			name:  "new file",
			write: func(w io.Writer) error { _, err := io.WriteString(w, "住户,电话\r\n"); return err },
			want:  "住户,电话\r\n",
		},
		{
			name:   "replaces a file",
			before: "old",
			write:  func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err },
			want:   "new",
		},
		{
			name:  "empty content",
			write: func(io.Writer) error { return nil },
			want:  "",
		},
		{
			name:    "write error",
			write:   func(w io.Writer) error { half(w); return errWrite },
			wantErr: errWrite,
		},
		{
			name:    "write error keeps the old file",
			before:  "old",
			write:   func(w io.Writer) error { half(w); return errWrite },
			wantErr: errWrite,
			want:    "old",
		},
		{
			name:   "panic",
			write:  func(w io.Writer) error { half(w); panic("boom") },
			panics: true,
		},
		{
			name:   "panic keeps the old file",
			before: "old",
			write:  func(w io.Writer) error { half(w); panic("boom") },
			panics: true,
			want:   "old",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			path := filepath.Join(dir, "export.csv")
			if tc.before != "" {
				if err := os.WriteFile(path, []byte(tc.before), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			var err error
			var recovered any
			func() {
				defer func() { recovered = recover() }()
				err = Write(path, tc.write, nil)
			}()
			if got, want := recovered != nil, tc.panics; got != want {
				t.Fatalf("panicked = %v (%v), want %v", got, recovered, want)
			}
			if err != tc.wantErr {
				t.Errorf("err = %v, want %v (as it is)", err, tc.wantErr)
			}
			failed := tc.wantErr != nil || tc.panics
			exists := !failed || tc.before != ""
			var want []string
			if exists {
				want = []string{"export.csv"}
			}
			if got := names(t, dir); !slices.Equal(got, want) {
				t.Fatalf("folder holds %q, want %q (no temporary file)", got, want)
			}
			if !exists {
				return
			}
			perm := os.FileMode(0o600)
			if failed {
				perm = 0o644 // untouched
			}
			checkFile(t, path, tc.want, perm)
		})
	}
}

func TestWriteBadPath(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	called := false
	write := func(io.Writer) error { called = true; return nil }
	for _, path := range []string{
		filepath.Join(dir, "missing", "export.csv"), // no such folder
		dir + string(filepath.Separator),            // a folder
	} {
		if err := Write(path, write, nil); err == nil {
			t.Errorf("Write(%q) succeeded", path)
		}
	}
	if called {
		t.Error("write was called for a path that cannot be written")
	}
	if got := names(t, dir); len(got) != 0 {
		t.Errorf("folder holds %q, want nothing", got)
	}
}

// TestWriteRenameFails: a failure after the content is written (here the
// rename, over a folder that holds a file) leaves the target as it was and
// no temporary file.
func TestWriteRenameFails(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	target := filepath.Join(dir, "taken")
	if err := os.Mkdir(target, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(target, "inside"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	hooked := false
	err := Write(target, func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }, func() { hooked = true })
	if err == nil {
		t.Fatal("Write over a folder that holds a file succeeded")
	}
	if !hooked {
		t.Error("beforeRename did not run before the rename")
	}
	if got, want := names(t, dir), []string{"taken"}; !slices.Equal(got, want) {
		t.Errorf("folder holds %q, want %q", got, want)
	}
	if got, want := names(t, target), []string{"inside"}; !slices.Equal(got, want) {
		t.Errorf("the target folder holds %q, want %q", got, want)
	}
}

// TestWriteBeforeRename: the hook runs with the whole temporary file closed
// beside a target that is still as it was.
func TestWriteBeforeRename(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "people.csv")
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	calls := 0
	hook := func() {
		calls++
		checkFile(t, path, "old", 0o600)
		got := names(t, dir)
		if len(got) != 2 {
			t.Fatalf("before the rename the folder holds %q, want the target and one temporary file", got)
		}
		tmp := got[0] // ".people.csv.*.tmp" sorts before "people.csv"
		checkFile(t, filepath.Join(dir, tmp), "new", 0o600)
	}
	if err := Write(path, func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }, hook); err != nil {
		t.Fatal(err)
	}
	if calls != 1 {
		t.Errorf("beforeRename ran %d times, want 1", calls)
	}
	checkFile(t, path, "new", 0o600)
}

func TestTemp(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	tmp, err := NewTemp(dir, ".backup-*.db")
	if err != nil {
		t.Fatal(err)
	}
	defer tmp.Remove()
	if filepath.Dir(tmp.Name) != dir {
		t.Errorf("temporary file %s is not in %s", tmp.Name, dir)
	}
	checkFile(t, tmp.Name, "", 0o600)
	// Written by name, as SQLite's VACUUM INTO writes it.
	f, err := os.OpenFile(tmp.Name, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("a whole copy"); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "backup.db")
	hooked := false
	if err := tmp.Commit(path, func() { hooked = true }); err != nil {
		t.Fatal(err)
	}
	if !hooked {
		t.Error("beforeRename did not run")
	}
	tmp.Remove() // after Commit: leaves the file in place
	if got, want := names(t, dir), []string{"backup.db"}; !slices.Equal(got, want) {
		t.Fatalf("folder holds %q, want %q", got, want)
	}
	checkFile(t, path, "a whole copy", 0o600)
}

func TestTempCommitFails(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	tmp, err := NewTemp(dir, ".restore-*.db")
	if err != nil {
		t.Fatal(err)
	}
	if err := tmp.Commit(filepath.Join(dir, "missing", "ledger.db"), nil); err == nil {
		t.Fatal("Commit into a missing folder succeeded")
	}
	tmp.Remove()
	if got := names(t, dir); len(got) != 0 {
		t.Errorf("folder holds %q after a failed Commit and Remove, want nothing", got)
	}
	if _, err := NewTemp(filepath.Join(dir, "missing"), "x-*"); err == nil {
		t.Error("NewTemp in a missing folder succeeded")
	}
}

// TestSyncDir: the folder's fsync works on a folder and fails, without
// harm, where there is none; Write and Commit do not report it.
func TestSyncDir(t *testing.T) {
	t.Parallel()
	if err := syncDir(t.TempDir()); err != nil {
		t.Errorf("syncDir of a folder: %v", err)
	}
	if err := syncDir(filepath.Join(t.TempDir(), "missing")); err == nil && runtime.GOOS != "windows" {
		t.Error("syncDir of a missing folder reported nothing")
	}
}
