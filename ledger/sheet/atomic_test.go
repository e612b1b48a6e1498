package sheet

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
)

func TestWriteFileAtomic(t *testing.T) {
	errWrite := errors.New("write failed")
	for _, tc := range []struct {
		name    string
		before  string // content at path beforehand; "" for no file
		write   func(w io.Writer) error
		panics  bool
		wantErr error
		want    string // content at path afterwards; "" for no file
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
			name: "write error",
			write: func(w io.Writer) error {
				io.WriteString(w, "half")
				return errWrite
			},
			wantErr: errWrite,
		},
		{
			name:   "write error keeps the old file",
			before: "old",
			write: func(w io.Writer) error {
				io.WriteString(w, "half")
				return errWrite
			},
			wantErr: errWrite,
			want:    "old",
		},
		{
			name: "panic",
			write: func(w io.Writer) error {
				io.WriteString(w, "half")
				panic("boom")
			},
			panics: true,
		},
		{
			name:   "panic keeps the old file",
			before: "old",
			write: func(w io.Writer) error {
				io.WriteString(w, "half")
				panic("boom")
			},
			panics: true,
			want:   "old",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
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
				err = WriteFileAtomic(path, tc.write)
			}()
			if got, want := recovered != nil, tc.panics; got != want {
				t.Fatalf("panicked = %v (%v), want %v", got, recovered, want)
			}
			if !errors.Is(err, tc.wantErr) {
				t.Errorf("err = %v, want %v", err, tc.wantErr)
			}
			// Only the file at path, no temporary file, is left.
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			exists := tc.wantErr == nil && !tc.panics || tc.before != ""
			wantNames := []string(nil)
			if exists {
				wantNames = []string{"export.csv"}
			}
			if !slices.Equal(names, wantNames) {
				t.Fatalf("folder holds %q, want %q", names, wantNames)
			}
			if !exists {
				return
			}
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if got := string(b); got != tc.want {
				t.Errorf("content = %q, want %q", got, tc.want)
			}
			fi, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			wantMode := os.FileMode(0o600)
			if tc.before != "" && (tc.wantErr != nil || tc.panics) {
				wantMode = 0o644 // untouched
			}
			if got := fi.Mode().Perm(); runtime.GOOS != "windows" && got != wantMode {
				t.Errorf("mode = %v, want %v", got, wantMode)
			}
		})
	}
}

func TestWriteFileAtomicBadPath(t *testing.T) {
	dir := t.TempDir()
	called := false
	write := func(io.Writer) error { called = true; return nil }
	for _, path := range []string{
		filepath.Join(dir, "missing", "export.csv"), // no such folder
		dir + string(filepath.Separator),            // a folder
	} {
		if err := WriteFileAtomic(path, write); err == nil {
			t.Errorf("WriteFileAtomic(%q) succeeded", path)
		}
	}
	if called {
		t.Error("write was called for a path that cannot be written")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("folder holds %v, want nothing", entries)
	}
}

// TestWriteFileAtomicXLSX writes an export the way vol export does, and
// checks a failure half way through the workbook leaves nothing behind.
func TestWriteFileAtomicXLSX(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "export.xlsx")
	bad := testTables()
	bad[1].Name = bad[0].Name // rejected before anything is written
	err := WriteFileAtomic(path, func(w io.Writer) error { return WriteXLSX(w, testTitle, bad, dir, testTime) })
	if err == nil {
		t.Fatal("duplicate sheet names were accepted")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("folder holds %v after a failed export, want nothing", entries)
	}
}
