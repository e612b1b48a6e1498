package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// volWith runs vol in process like vol, with io's In, Terminal,
// ErrTerminal, ReadPassword and ProgressAfter; its output goes to buffers.
func volWith(t *testing.T, env map[string]string, io IO, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	io.Out, io.Err, io.Getenv = &out, &errb, func(k string) string { return env[k] }
	if io.In == nil {
		io.In = &bytes.Buffer{}
	}
	code := run(context.Background(), args, io)
	return code, out.String(), errb.String()
}

// twoOfAName is a ledger where two people share the name 杨强平:
// 1号楼1单元101室 first in address order, then 3号楼2单元502室.
func twoOfAName(t *testing.T) map[string]string {
	t.Helper()
	env := testEnv(t, "pick")
	mustVol(t, env, "init")
	mustVol(t, env, "household", "add", "3-2-502", "1-1-101")
	mustVol(t, env, "person", "add", "杨强平", "--address", "3-2-502", "--birth", "1960", "--phone", "13811112222")
	mustVol(t, env, "person", "add", "杨强平", "--address", "1-1-101", "--birth", "1975", "--phone", "13633334444")
	return env
}

// TestPickOnTerminal: on a terminal an ambiguous PERSON lists whom it
// matches and asks which one; the number answered is the person acted on,
// no number changes nothing, and a confirmation after the choice reads the
// next line.
func TestPickOnTerminal(t *testing.T) {
	t.Parallel()
	env := twoOfAName(t)
	terminal := func(answers string) IO { return IO{In: strings.NewReader(answers), Terminal: true} }

	code, out, errOut := volWith(t, env, terminal("2\n"), "person", "show", "杨强平", "--json")
	if code != exitOK {
		t.Fatalf("person show 杨强平, answering 2: exit %d: %s", code, errOut)
	}
	var shown personJSON
	if err := json.Unmarshal([]byte(out), &shown); err != nil {
		t.Fatal(err)
	}
	if shown.Address != "3号楼2单元502室" {
		t.Errorf("answering 2 showed the person at %s, want 3号楼2单元502室", shown.Address)
	}
	for _, want := range []string{"杨强平 matches 2:", "1) 杨**@1号楼1单元101室", "2) 杨**@3号楼2单元502室", "which one? a number from 1 to 2"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("the question lacks %q:\n%s", want, errOut)
		}
	}

	for _, answer := range []string{"", "\n", "3\n", "x\n"} {
		code, _, errOut = volWith(t, env, terminal(answer), "person", "set", "杨强平", "--present=false")
		if code != exitFailure || !strings.Contains(errOut, "vol: no one chosen: nothing changed") {
			t.Errorf("answering %q: exit %d, %q; want exit 1, no one chosen", answer, code, errOut)
		}
	}
	var people []personJSON
	if err := json.Unmarshal([]byte(mustVol(t, env, "person", "list", "--json")), &people); err != nil {
		t.Fatal(err)
	}
	for _, p := range people {
		if !p.Present {
			t.Errorf("a command that had no answer changed %s", p.ID)
		}
	}

	// the choice, then the confirmation of rm, each on its own line
	code, _, errOut = volWith(t, env, terminal("1\ny\n"), "person", "rm", "杨强平")
	if code != exitOK || !strings.Contains(errOut, "removed person 杨**@1号楼1单元101室") {
		t.Fatalf("person rm 杨强平, answering 1 then y: exit %d: %s", code, errOut)
	}
	// one left: the name alone finds them, off a terminal too
	if out := mustVol(t, env, "person", "show", "杨强平"); !strings.Contains(out, "3号楼2单元502室") {
		t.Errorf("person show 杨强平 after the rm:\n%s", out)
	}
	mustCheck(t, env, "after the choices")
}

// TestPickOffTerminal: off a terminal an ambiguous PERSON is an error
// (exit 1) that lists everyone it matches, and reads nothing from stdin.
func TestPickOffTerminal(t *testing.T) {
	t.Parallel()
	env := twoOfAName(t)
	in := strings.NewReader("1\n")
	code, out, errOut := volWith(t, env, IO{In: in}, "pair", "contact", "杨强平")
	if code != exitFailure || out != "" {
		t.Fatalf("exit %d, stdout %q; want exit 1 and nothing on stdout", code, out)
	}
	want := "vol: elder (杨强平): matches 2: 杨**@1号楼1单元101室 ("
	if !strings.HasPrefix(errOut, want) || strings.Count(errOut, "\n") != 1 {
		t.Errorf("stderr %q, want one line starting %q", errOut, want)
	}
	if in.Len() != 2 {
		t.Errorf("vol read stdin off a terminal")
	}
}

// TestPeopleWordsInChinese: what finding people, the passphrase prompt and
// the progress line say in Chinese holds no English prose.
func TestPeopleWordsInChinese(t *testing.T) {
	t.Parallel()
	env := twoOfAName(t)
	mismatch := &typed{answers: []string{"一", "二"}}
	for _, c := range []struct {
		io   IO
		args []string
	}{
		{IO{}, []string{"person", "show", "杨强平"}},
		{IO{}, []string{"person", "show", "杨强萍"}},
		{IO{}, []string{"person", "show", "0000"}},
		{IO{}, []string{"pair", "set", "1-1-101", "杨强平"}},
		{IO{}, []string{"find", "杨", "--full"}},
		{IO{Terminal: true, In: strings.NewReader("\n")}, []string{"person", "show", "杨强平"}},
		{IO{ReadPassword: mismatch.read}, []string{"backup", "--encrypt", t.TempDir() + "/b.age"}},
		{IO{ErrTerminal: true}, []string{"check"}},
	} {
		_, out, errOut := volWith(t, env, c.io, append([]string{"--lang", "zh"}, c.args...)...)
		if strings.TrimSpace(out+errOut) == "" {
			t.Errorf("vol %s said nothing", strings.Join(c.args, " "))
		}
		for _, line := range strings.FieldsFunc(out+errOut, func(r rune) bool { return r == '\n' || r == '\r' }) {
			if p := englishProse(line); p != "" {
				t.Errorf("vol --lang zh %s: English %q in %q", strings.Join(c.args, " "), p, line)
			}
		}
	}
}
