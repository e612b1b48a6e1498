package main

import (
	"bytes"
	"context"
	"database/sql"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	_ "modernc.org/sqlite"
)

var update = flag.Bool("update", false, "rewrite the expected output in testdata/script and golden files")

func TestMain(m *testing.M) {
	if os.Getenv("VOL_TEST_RUN_AS_VOL") == "1" {
		// volProcess runs this test binary as the vol command.
		os.Exit(run(context.Background(), os.Args[1:], systemIO()))
	}
	testscript.Main(m, map[string]func(){
		"vol": func() { os.Exit(run(context.Background(), os.Args[1:], systemIO())) },
	})
}

// TestScripts runs the end-to-end stories in testdata/script: each runs the
// vol binary against real ledger files in its own temporary folder.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:           filepath.Join("..", "..", "testdata", "script"),
		UpdateScripts: *update,
		Setup: func(env *testscript.Env) error {
			env.Setenv("VOL_NOW", "2026-11-28T09:00:00Z")
			env.Setenv("VOL_SEED", "story")
			env.Setenv("VOL_DB", filepath.Join(env.WorkDir, "ledger.db"))
			env.Setenv("LANG", "en_US.UTF-8")
			env.Setenv("USER", "chair")
			env.Setenv("XDG_DATA_HOME", filepath.Join(env.WorkDir, "xdg"))
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"sqlexec":  sqlExec,
			"filemode": fileMode,
		},
	})
}

// sqlexec FILE STATEMENT edits a ledger behind vol's back, as a person with
// the sqlite3 shell would.
func sqlExec(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: sqlexec FILE STATEMENT")
	}
	db, err := sql.Open("sqlite", ts.MkAbs(args[0]))
	if err != nil {
		ts.Fatalf("%v", err)
	}
	defer db.Close()
	res, err := db.Exec(args[1])
	if err == nil {
		var n int64
		n, err = res.RowsAffected()
		if err == nil && n == 0 && strings.HasPrefix(strings.ToUpper(args[1]), "UPDATE") {
			err = sql.ErrNoRows
		}
	}
	if (err != nil) != neg {
		ts.Fatalf("sqlexec: %v", err)
	}
}

// filemode FILE MODE checks a file's permission bits (skipped on Windows).
func fileMode(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: filemode FILE MODE")
	}
	st, err := os.Stat(ts.MkAbs(args[0]))
	ts.Check(err)
	if got := st.Mode().Perm().String(); (got == args[1]) == neg {
		ts.Fatalf("%s has mode %s, want %s", args[0], got, args[1])
	}
}

// volProcess returns a command that runs vol in its own process (this test
// binary acting as vol) with exactly env as its environment: for tests that
// kill vol, run two at once, or limit its file size.
func volProcess(env map[string]string, args ...string) *exec.Cmd {
	c := exec.Command(os.Args[0], args...)
	c.Env = []string{"VOL_TEST_RUN_AS_VOL=1", "PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME")}
	for k, v := range env {
		c.Env = append(c.Env, k+"="+v)
	}
	return c
}

// vol runs the command in process against buffers and returns its exit
// code, stdout and stderr.
func vol(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	io := IO{In: &bytes.Buffer{}, Out: &out, Err: &errb, Getenv: func(k string) string { return env[k] }}
	code := run(context.Background(), args, io)
	return code, out.String(), errb.String()
}

// tamper runs one statement on a ledger file behind vol's back.
func tamper(t *testing.T, path, stmt string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(stmt); err != nil {
		t.Fatal(err)
	}
}
