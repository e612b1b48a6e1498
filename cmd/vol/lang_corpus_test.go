package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/xuri/excelize/v2"
)

// Issue 16, items 1 and 5: what vol says when a command fails is in the
// user's language and free of the internals of the libraries under it.

// corpusCase is a failing invocation and the exit code it must end with.
type corpusCase struct {
	args []string
	code int
}

// corpus fails in cmd/vol's own words: cobra's and pflag's misuse as vol
// words it, and the CLI layer's own errors.
var corpus = []corpusCase{
	{[]string{"--on", "2026-13-01", "status"}, exitUsage},                           // a bad date
	{[]string{"person", "add"}, exitUsage},                                          // a missing argument
	{[]string{"pair", "set", "3-1-102"}, exitUsage},                                 // the second of two missing
	{[]string{"person", "show", "王", "秀英"}, exitUsage},                              // an extra argument (a name with a space)
	{[]string{"status", "extra"}, exitUsage},                                        // an argument to a command that takes none
	{[]string{"undo", "a", "b"}, exitUsage},                                         // more than an optional argument
	{[]string{"persn"}, exitUsage},                                                  // an unknown command, with a suggestion
	{[]string{"frobnicate"}, exitUsage},                                             // an unknown command, none close
	{[]string{"person", "frobnicate"}, exitUsage},                                   // an unknown subcommand
	{[]string{"person"}, exitUsage},                                                 // a group without its subcommand
	{[]string{"med", "card"}, exitUsage},                                            // a nested group
	{[]string{"alloc", "--surplss", "3"}, exitUsage},                                // an unknown flag, with a suggestion
	{[]string{"alloc", "-x"}, exitUsage},                                            // an unknown shorthand
	{[]string{"alloc", "---x"}, exitUsage},                                          // a flag written wrong
	{[]string{"alloc", "--surplus"}, exitUsage},                                     // a flag without its value
	{[]string{"status", "--on"}, exitUsage},                                         // a text flag without its value
	{[]string{"person", "add", "王五", "--address", "3-1-102", "--phone"}, exitUsage}, // one with no sample
	{[]string{"alloc", "--surplus", "abc"}, exitUsage},                              // not a number
	{[]string{"alloc", "--surplus", "99999999999999999999"}, exitUsage},             // out of range
	{[]string{"sync", "import", "x.volsync", "--max-size", "lots"}, exitUsage},
	{[]string{"person", "add", "王五", "--address", "3-1-102", "--volunteer=maybe"}, exitUsage},
	{[]string{"person", "add", "王五", "--address", "3-1-102", "--volunteer", "否"}, exitUsage},
	{[]string{"--lang", "fr", "status"}, exitUsage},
	{[]string{"alloc", "--surplus", "1", "--received", "2"}, exitUsage},
	{[]string{"alloc", "--leftover", "later"}, exitUsage},
	{[]string{"export", "--format", "pdf"}, exitUsage},
	{[]string{"household", "list", "--limit", "-1"}, exitUsage},
	{[]string{"household", "list", "--present", "--away"}, exitUsage},
	{[]string{"household", "set", "3-1-102"}, exitUsage},
	{[]string{"person", "set", "王五@3-1-102"}, exitUsage},
	{[]string{"compound", "set"}, exitUsage},
	{[]string{"log", "--limit", "-2"}, exitUsage},
	{[]string{"who", "--skill", "医生 护士"}, exitUsage},
	{[]string{"erase", "王五@3-1-102"}, exitUsage},
	{[]string{"pair", "end", "3-1-102"}, exitUsage},
	{[]string{"round", "void", "abc"}, exitUsage},
	{[]string{"round", "deliver", "abc"}, exitUsage},
	{[]string{"round", "sheet", "abc", "--text", "-o", "x.xlsx"}, exitUsage},
	{[]string{"med", "request", "3-1-102"}, exitUsage},
	{[]string{"med", "card", "take", "王五@3-1-102"}, exitUsage},
	{[]string{"med", "run", "result", "abc"}, exitUsage},
	{[]string{"med", "run", "close", "abc", "--force"}, exitUsage},
	{[]string{"med", "purge", "--older-than", "soon"}, exitUsage},
	{[]string{"resolve", "abc"}, exitUsage},
	{[]string{"sync", "pending", "--drop", "abc", "--all"}, exitUsage},
	{[]string{"sync", "import", "x.volsync", "--max-entries", "0"}, exitUsage},
	{[]string{"backup", "--list", "x.db"}, exitUsage},
	{[]string{"backup", "--encrypt"}, exitUsage}, // no passphrase
	{[]string{"import", "nosuch.csv"}, exitFailure},
	{[]string{"import", "x.csv", "--same-as", "first"}, exitUsage},
	{[]string{"restore", "nosuch.db", "--yes"}, exitFailure},
	{[]string{"sync", "import", "nosuch.volsync"}, exitFailure},
	{[]string{"rules", "add", "mine", "nosuch.rules"}, exitFailure},
	{[]string{"backup", "--encrypt", "--passphrase-file", "nosuch.txt"}, exitFailure},
	{[]string{"backup", "--encrypt", "--passphrase-file", "empty.txt"}, exitUsage},
	{[]string{"import", "."}, exitFailure}, // a folder
	// worded by ledger (cmd/vol/i18n_ledger.go)
	{[]string{"person", "show", "zzzz"}, exitFailure},                      // an unknown ID
	{[]string{"--db", "notes.txt", "status"}, exitFailure},                 // a file that is not a ledger
	{[]string{"--db", "nosuch.db", "status"}, exitFailure},                 // no ledger yet
	{[]string{"alloc", "--surplus", "-3"}, exitFailure},                    // a FieldError: ledger words it
	{[]string{"alloc", "--rules", "nosuch"}, exitFailure},                  // a FieldError
	{[]string{"config", "set", "lang", "fr"}, exitFailure},                 // a FieldError
	{[]string{"household", "list", "--building", "??"}, exitFailure},       // a FieldError
	{[]string{"household", "add", "nowhere"}, exitFailure},                 // ledger.ParseAddress
	{[]string{"person", "add", "王六", "--address", "9-9-909"}, exitFailure}, // a FieldError
}

// internals are texts of the libraries under vol that no message may show.
var internals = []string{"arg(s)", "strconv.", "no such file or directory", "_ref", "invalid syntax", "%!"}

// corpusEnv makes a small ledger and the files the corpus names, and
// returns the environment to run it in, in the language lang.
func corpusEnv(t *testing.T) (dir string, env func(lang string) map[string]string) {
	t.Helper()
	dir = t.TempDir()
	base := map[string]string{
		"VOL_DB":          filepath.Join(dir, "ledger.db"),
		"VOL_NOW":         "2026-11-28T09:00:00Z",
		"VOL_SEED":        "corpus",
		"USER":            "tester",
		"XDG_CONFIG_HOME": filepath.Join(dir, "config"),
		"HOME":            dir,
	}
	env = func(lang string) map[string]string {
		e := map[string]string{"LANG": map[string]string{"zh": "zh_CN.UTF-8", "en": "en_US.UTF-8"}[lang]}
		for k, v := range base {
			e[k] = v
		}
		return e
	}
	for _, args := range [][]string{{"init"}, {"household", "add", "3-1-102"}, {"person", "add", "王五", "--address", "3-1-102"}} {
		mustVol(t, env("en"), args...)
	}
	for name, body := range map[string]string{"notes.txt": "not a ledger\n", "empty.txt": "\n", "x.csv": "地址,姓名\n3-1-102,王五\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir, env
}

// inDir is args with the file names of the corpus made absolute in dir.
func inDir(dir string, args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = a
		if a == "." || strings.Contains(a, ".") && !strings.HasPrefix(a, "-") && !strings.Contains(a, "@") && !strings.HasPrefix(a, "2026") {
			out[i] = filepath.Join(dir, a)
		}
	}
	return out
}

// TestLanguageCorpus runs failing invocations in both languages: each
// ends with its exit code and one message (and for misuse a Try line), in
// Chinese when the user reads Chinese, and no line shows internals.
func TestLanguageCorpus(t *testing.T) {
	t.Parallel()
	dir, env := corpusEnv(t)
	check := func(c corpusCase) {
		t.Helper()
		args := inDir(dir, c.args)
		outs := map[string]string{}
		for _, lang := range []string{"zh", "en"} {
			code, _, errOut := vol(t, env(lang), args...)
			outs[lang] = errOut
			if code != c.code {
				t.Errorf("[%s] vol %s: exit %d, want %d\n%s", lang, strings.Join(c.args, " "), code, c.code, errOut)
			}
			lines := strings.Split(strings.TrimRight(errOut, "\n"), "\n")
			if want := map[bool]int{true: 2, false: 1}[c.code == exitUsage]; len(lines) != want || !strings.HasPrefix(lines[0], "vol: ") {
				t.Errorf("[%s] vol %s: want %d line(s), the first vol: …\n%s", lang, strings.Join(c.args, " "), want, errOut)
			}
			for _, l := range lines {
				for _, bad := range internals {
					if strings.Contains(l, bad) {
						t.Errorf("[%s] vol %s: %q shows internals (%s)", lang, strings.Join(c.args, " "), l, bad)
					}
				}
				if lang == "zh" {
					if p := englishProse(l); p != "" {
						t.Errorf("[zh] vol %s: English prose %q in %q", strings.Join(c.args, " "), p, l)
					}
				}
			}
		}
		if outs["zh"] == outs["en"] {
			t.Errorf("vol %s: the same words in both languages: %q", strings.Join(c.args, " "), outs["en"])
		}
	}
	for _, c := range corpus {
		check(c)
	}
}

// TestCatalogueKeys: every catalogue key the CLI asks for by name (T, say,
// note, a sheet column), with digits and hyphens too, exists in both
// languages; so do the keys sample values name and the built-in names.
func TestCatalogueKeys(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob("*.go")
	used := regexp.MustCompile(`(?:\.T|\bsay|\bnote|\bcol)\("([a-z][a-z0-9_.-]*[a-z0-9_])"`)
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range used.FindAllStringSubmatch(string(src), -1) {
			if w, ok := words[m[1]]; !ok || w[0] == "" || w[1] == "" {
				t.Errorf("%s: word %q is not in the catalogue in both languages", f, m[1])
			}
		}
	}
	for k, v := range samples {
		if strings.HasPrefix(v, "cli.") {
			if _, ok := words[v]; !ok {
				t.Errorf("sample of %s: word %q is not in the catalogue", k, v)
			}
		}
	}
	a := newApp(IO{Getenv: func(string) string { return "" }, Out: &strings.Builder{}, Err: &strings.Builder{}})
	a.Lang = "zh"
	for _, id := range []string{"old-way"} {
		if a.rulesName(id) == id {
			t.Errorf("built-in rule set %s has no Chinese name", id)
		}
	}
	for _, id := range []string{"elders", "large-families", "property-staff", "stranded-workers"} {
		if a.tierName(id) == id {
			t.Errorf("built-in tier %s has no Chinese name", id)
		}
	}
	if a.itemName(defaultItem) == defaultItem {
		t.Errorf("the default item %s has no Chinese name", defaultItem)
	}
}

// TestUseLineExamples: the example a misuse shows is made from the
// command's Use line with sample values: no placeholder is left in it, for
// every command of the tree.
func TestUseLineExamples(t *testing.T) {
	t.Parallel()
	a := newApp(IO{Getenv: func(string) string { return "" }, Out: &strings.Builder{}, Err: &strings.Builder{}})
	placeholder := regexp.MustCompile(`(^|\s)[A-Z][A-Z|.…]*(\s|$)`)
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Runnable() {
			for _, lang := range []string{"en", "zh"} {
				a.Lang = lang
				eg := a.example(c)
				if !strings.HasPrefix(eg, c.CommandPath()) || placeholder.MatchString(strings.TrimPrefix(eg, c.CommandPath())) {
					t.Errorf("%s (Use %q): example %q keeps a placeholder or lacks the command", c.CommandPath(), c.Use, eg)
				}
			}
		}
		for _, s := range c.Commands() {
			walk(s)
		}
	}
	walk(newRootCmd(a))
	for use, want := range map[string][]string{
		"add NAME --address ADDRESS [flags]":          {"NAME"},
		"deliver ROUND ADDRESS|PERSON... | --all":     {"ROUND", "ADDRESS|PERSON..."},
		"backup [FILE] [--encrypt] | --list":          {"[FILE]"},
		"result RUN --got ITEM… (ITEM: DRUG@ADDRESS)": {"RUN"},
		"set KEY VALUE": {"KEY", "VALUE"},
	} {
		got := parseUse(&cobra.Command{Use: use}).args
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("parseUse(%q).args = %q, want %q", use, got, want)
		}
	}
}

// TestYesNoFlags: every yes/no flag of the tree reads 是/否, y/n, yes/no,
// true/false, 1/0, and refuses anything else.
func TestYesNoFlags(t *testing.T) {
	t.Parallel()
	a := newApp(IO{Getenv: func(string) string { return "" }, Out: &strings.Builder{}, Err: &strings.Builder{}})
	n := 0
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		check := func(f *pflag.Flag) {
			if f.Value.Type() != "bool" {
				return
			}
			n++
			if _, ok := f.Value.(yesNoValue); !ok {
				t.Errorf("%s --%s is a bool flag that does not read 是/否", c.CommandPath(), f.Name)
				return
			}
			for in, want := range map[string]string{"是": "true", "否": "false", "y": "true", "N": "false", "yes": "true", "no": "false", "TRUE": "true", "false": "false", "1": "true", "0": "false"} {
				if err := f.Value.Set(in); err != nil || f.Value.String() != want {
					t.Errorf("%s --%s=%s: %v, reads %s, want %s", c.CommandPath(), f.Name, in, err, f.Value.String(), want)
				}
			}
			if err := f.Value.Set("maybe"); err == nil {
				t.Errorf("%s --%s=maybe accepted", c.CommandPath(), f.Name)
			}
		}
		c.LocalNonPersistentFlags().VisitAll(check)
		for _, s := range c.Commands() {
			walk(s)
		}
	}
	walk(newRootCmd(a))
	if n < 50 {
		t.Errorf("only %d yes/no flags found in the tree", n)
	}
	// End to end: --volunteer=否 records a person who is not a volunteer.
	env := testEnv(t, "yesno")
	mustVol(t, env, "init")
	mustVol(t, env, "household", "add", "1-1-101")
	mustVol(t, env, "person", "add", "赵六", "--address", "1-1-101", "--volunteer=是")
	if out := mustVol(t, env, "volunteers", "--json"); !strings.Contains(out, `"id"`) {
		t.Fatalf("--volunteer=是 did not make a volunteer: %s", out)
	}
	mustVol(t, env, "person", "set", "赵六@1-1-101", "--volunteer=否")
	if out := mustVol(t, env, "volunteers", "--json"); strings.Contains(out, `"id"`) {
		t.Errorf("--volunteer=否 left a volunteer: %s", out)
	}
}

// TestRequiredFlag: a flag a command requires (cobra.MarkFlagRequired; no
// command of vol does yet) is asked for in vol's words, not cobra's.
func TestRequiredFlag(t *testing.T) {
	t.Parallel()
	for lang, want := range map[string]string{
		"en": "vol demo needs --why; for example: vol demo",
		"zh": "vol demo 必须指定 --why；例如：vol demo",
	} {
		a := newApp(IO{Getenv: func(string) string { return "" }, Out: &strings.Builder{}, Err: &strings.Builder{}})
		a.Lang = lang
		root := &cobra.Command{Use: "vol"}
		c := &cobra.Command{Use: "demo", RunE: func(*cobra.Command, []string) error { return nil }}
		c.Flags().String("why", "", "")
		if err := c.MarkFlagRequired("why"); err != nil {
			t.Fatal(err)
		}
		root.AddCommand(c)
		err := missingRequired(c)
		if err == nil {
			t.Fatalf("no error for a required flag not given")
		}
		if got := a.worded(err).Error(); got != want {
			t.Errorf("[%s] %q, want %q", lang, got, want)
		}
		if err := c.Flags().Set("why", "x"); err != nil {
			t.Fatal(err)
		}
		if err := missingRequired(c); err != nil {
			t.Errorf("given, still %v", err)
		}
	}
}

// TestBuiltinNamesShown (issue 16, item 4): the built-in rule set, its
// tiers, the item and the export's sheets are IDs in input, JSON and file
// names (old-way, elders, ration, households.csv) and words on screen and
// paper in the user's language (老样子, 老人, 物资, sheet 住户).
func TestBuiltinNamesShown(t *testing.T) {
	t.Parallel()
	env := testEnv(t, "builtin")
	mustVol(t, env, "demo", "--db", env["VOL_DB"])
	zh := withEnv(env, "LANG", "zh_CN.UTF-8")
	ids := []string{"old-way", "large-families", "property-staff", "stranded-workers", "ration"}
	shown := func(what, out string, want ...string) {
		t.Helper()
		for _, w := range want {
			if !strings.Contains(out, w) {
				t.Errorf("%s: %q not shown:\n%s", what, w, out)
			}
		}
		for _, id := range ids {
			if strings.Contains(out, id) {
				t.Errorf("%s: the ID %s shown to a Chinese reader:\n%s", what, id, out)
			}
		}
	}
	shown("alloc", mustVol(t, zh, "alloc"), "老样子", "老人", "多人口家庭", "物业人员", "滞留人员", "物资")
	js := mustVol(t, zh, "alloc", "--json")
	for _, id := range []string{`"rules": "old-way"`, `"item": "ration"`, `"name": "elders"`, `"tier": "large-families"`} {
		if !strings.Contains(js, id) {
			t.Errorf("alloc --json in Chinese lacks %s", id)
		}
	}
	if strings.Contains(js, "老样子") || strings.Contains(js, "物资") {
		t.Errorf("alloc --json shows words, not IDs")
	}
	if en := mustVol(t, env, "alloc"); !strings.Contains(en, "old-way") || !strings.Contains(en, "item ration") {
		t.Errorf("alloc in English: want the IDs:\n%s", en)
	}
	// --item 物资 is the item ration (its history, its rounds).
	if js := mustVol(t, zh, "alloc", "--item", "物资", "--json"); !strings.Contains(js, `"item": "ration"`) {
		t.Errorf("--item 物资 is not the item ration")
	}
	mustVol(t, zh, "alloc", "--rules", "老样子", "--commit")
	var rounds []struct{ ID string }
	if err := json.Unmarshal([]byte(mustVol(t, zh, "rounds", "--json")), &rounds); err != nil || len(rounds) != 1 {
		t.Fatalf("rounds --json: %v %v", rounds, err)
	}
	id := rounds[0].ID
	shown("rounds", mustVol(t, zh, "rounds"), "老样子", "物资")
	shown("round show", mustVol(t, zh, "round", "show", id), "老样子", "老人", "物资")
	shown("why", mustVol(t, zh, "why", "3-1-102", "--round", id), "老样子")
	shown("rules list", mustVol(t, zh, "rules", "list"), "老样子")
	shown("round sheet", mustVol(t, zh, "round", "sheet", id, "--text"), "物资")
	dir := t.TempDir()
	book := filepath.Join(dir, "book.xlsx")
	mustVol(t, zh, "export", "--full", "-o", book) // --full: the medicine sheets too
	x, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	sheets := strings.Join(x.GetSheetList(), ",")
	rows, _ := x.GetRows("分配明细")
	x.Close()
	if sheets != "住户,人员,老人,志愿者,轮次,分配明细,值班表,志愿时长,团购商品,团购账单,配药请求,医保卡" {
		t.Errorf("sheets of a Chinese export: %s", sheets)
	}
	shown("round_lines sheet", fmt.Sprint(rows), "老人")
	mustVol(t, zh, "export", "--format", "csv", "-o", filepath.Join(dir, "csv"))
	if _, err := os.Stat(filepath.Join(dir, "csv", "round_lines.csv")); err != nil {
		t.Errorf("CSV files keep the table IDs: %v", err)
	}
	if code, _, errOut := vol(t, zh, "export", "--table", "分配明细", "-o", filepath.Join(dir, "x.csv")); code == 0 {
		t.Errorf("--table takes the IDs only, took a sheet's name: %s", errOut)
	}
}

// TestLangBeforeFlags: --lang speaks even when pflag refuses a flag before
// reaching it, and an interruption is said in the user's language.
func TestLangBeforeFlags(t *testing.T) {
	t.Parallel()
	env := map[string]string{"LANG": "en_US.UTF-8", "HOME": t.TempDir()}
	code, _, errOut := vol(t, env, "alloc", "--surplus", "abc", "--lang", "zh")
	if code != exitUsage || !strings.Contains(errOut, "不是整数") || !strings.Contains(errOut, "查看用法：vol alloc --help") {
		t.Errorf("--lang zh after a bad flag: exit %d %q", code, errOut)
	}
	code, _, errOut = vol(t, map[string]string{"LANG": "zh_CN.UTF-8", "HOME": t.TempDir()}, "--lang=xx", "status", "--surplus")
	if code != exitUsage || !strings.Contains(errOut, "没有选项 --surplus") {
		t.Errorf("a wrong --lang falls back to the locale's: exit %d %q", code, errOut)
	}
	var b strings.Builder
	a := newApp(IO{Getenv: func(string) string { return "" }, Out: &b, Err: &b})
	a.Lang = "zh"
	if code := exitCode(context.Canceled, "vol alloc", a, &b); code != exitInterrupted || b.String() != "vol: 已中断\n" {
		t.Errorf("interrupted: exit %d %q", code, b.String())
	}
}

// TestFlagSuggestions: a mistyped flag is answered with the flag meant,
// and a short or foreign one with none.
func TestFlagSuggestions(t *testing.T) {
	t.Parallel()
	root := newRootCmd(newApp(IO{Getenv: func(string) string { return "" }}))
	add, _, err := root.Find([]string{"person", "add"})
	if err != nil {
		t.Fatal(err)
	}
	for typed, want := range map[string]string{
		"adress": "address", "volunter": "volunteer", "dryrun": "dry-run", "vol": "volunteer",
		"x": "", "zz": "", "王五": "", "frobnicate": "",
		"lang2": "lang", // an inherited flag
	} {
		if got := suggestFlag(add, typed); got != want {
			t.Errorf("suggestFlag(person add, %q) = %q, want %q", typed, got, want)
		}
	}
}
