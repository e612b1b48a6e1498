package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	_ "modernc.org/sqlite"
)

var update = flag.Bool("update", false, "rewrite the expected output in testdata/script and golden files")

// volBin is the vol binary the end-to-end tests run (scripts, volProcess):
// built once by TestMain with -tags voltest, so it has the test hooks
// (VOL_CRASH, VOL_TEST_SCRYPT_LOGN) a release build leaves out.
var volBin string

func TestMain(m *testing.M) { os.Exit(testMain(m)) }

func testMain(m *testing.M) int {
	dir, err := os.MkdirTemp("", "vol-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	volBin = filepath.Join(dir, "vol"+exeSuffix())
	if err := goBuild(volBin, nil, "-tags", "voltest"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return m.Run()
}

// goBuild builds this package (vol) into out with the toolchain that built
// the tests (GOROOT/bin/go, else go on PATH), in the tests' environment
// (GOFLAGS included) plus env.
func goBuild(out string, env []string, flags ...string) error {
	goCmd := filepath.Join(runtime.GOROOT(), "bin", "go"+exeSuffix())
	if _, err := os.Stat(goCmd); err != nil {
		goCmd = "go"
	}
	c := exec.Command(goCmd, append(append([]string{"build"}, flags...), "-o", out, ".")...)
	c.Env = append(os.Environ(), env...)
	if b, err := c.CombinedOutput(); err != nil {
		return fmt.Errorf("%s: %v\n%s", strings.Join(c.Args, " "), err, b)
	}
	return nil
}

func exeSuffix() string {
	if runtime.GOOS == "windows" {
		return ".exe"
	}
	return ""
}

// TestScripts runs the end-to-end stories in testdata/script: each runs the
// vol binary against real ledger files in its own temporary folder.
func TestScripts(t *testing.T) {
	t.Parallel() // each script runs in its own folder (testscript runs them in parallel)
	testscript.Run(t, testscript.Params{
		Dir:           filepath.Join("..", "..", "testdata", "script"),
		UpdateScripts: *update,
		Setup: func(env *testscript.Env) error {
			// exec vol finds the test build first.
			env.Setenv("PATH", filepath.Dir(volBin)+string(os.PathListSeparator)+env.Getenv("PATH"))
			env.Setenv("VOL_NOW", "2026-11-28T09:00:00Z")
			env.Setenv("TZ", "UTC") // vol init takes the machine's zone: the same on every machine
			env.Setenv("VOL_SEED", "story")
			env.Setenv("VOL_DB", filepath.Join(env.WorkDir, "ledger.db"))
			env.Setenv("LANG", "en_US.UTF-8")
			env.Setenv("USER", "chair")
			env.Setenv("XDG_DATA_HOME", filepath.Join(env.WorkDir, "xdg"))
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"sqlexec":   sqlExec,
			"filemode":  fileMode,
			"jsonvar":   jsonVar,
			"rotarules": rotaRules,
			"rotamoved": rotaMoved,
			"rotaoff":   rotaOff,
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

// jsonvar VAR FIELD sets VAR to a field of the JSON object the last
// command printed (a fingerprint from vol sync whoami --json, which a
// coordinator reads out by phone: keys are random, run by run).
func jsonVar(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 || neg {
		ts.Fatalf("usage: jsonvar VAR FIELD")
	}
	var obj map[string]any
	ts.Check(json.Unmarshal([]byte(ts.ReadFile("stdout")), &obj))
	v, ok := obj[args[1]].(string)
	if !ok {
		ts.Fatalf("no text field %q in the last stdout", args[1])
	}
	ts.Setenv(args[0], v)
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

// volProcess returns a command that runs vol in its own process (the test
// build, volBin) with exactly env as its environment: for tests that kill
// vol, run two at once, or limit its file size.
func volProcess(env map[string]string, args ...string) *exec.Cmd {
	c := exec.Command(volBin, args...)
	c.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME")}
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
