package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// helpTree is vol's command tree as it runs: with the help and completion
// commands cobra adds when it executes.
func helpTree(t *testing.T) *cobra.Command {
	t.Helper()
	a := newApp(IO{In: strings.NewReader(""), Out: io.Discard, Err: io.Discard, Getenv: func(string) string { return "" }})
	root := newRootCmd(a)
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	return root
}

// everyCommand is every command under root, root first, hidden ones too.
func everyCommand(root *cobra.Command) []*cobra.Command {
	all := []*cobra.Command{root}
	for _, c := range root.Commands() {
		all = append(all, everyCommand(c)...)
	}
	return all
}

// cobrasOwn is a flag cobra adds to every command (-h): help.go translates it.
func cobrasOwn(f *pflag.Flag) bool { return f.Annotations[cobra.FlagSetByCobraAnnotation] != nil }

// TestHelpCatalogue (issue 16): every command has its Chinese help, with a
// Short, a Long where the English has one (and only then), an Example
// likewise, and every flag of its own a usage; and the catalogue holds
// nothing for a command or flag that is gone.
func TestHelpCatalogue(t *testing.T) {
	t.Parallel()
	var problems []string
	seen := map[string]bool{}
	for _, c := range everyCommand(helpTree(t)) {
		key := helpKey(c)
		seen[key] = true
		h, ok := zhHelp[key]
		if !ok {
			problems = append(problems, "missing: command "+c.CommandPath())
			continue
		}
		if h.Short == "" {
			problems = append(problems, "missing: Short of "+c.CommandPath())
		}
		if (c.Long != "") != (h.Long != "") {
			problems = append(problems, "Long of "+c.CommandPath()+": the English and the Chinese differ in having one")
		}
		if (c.Example != "") != (h.Example != "") {
			problems = append(problems, "Example of "+c.CommandPath()+": the English and the Chinese differ in having one")
		}
		if name, _, _ := strings.Cut(h.Use, " "); h.Use != "" && name != c.Name() {
			problems = append(problems, "Use of "+c.CommandPath()+": names the command "+name)
		}
		flags := c.LocalFlags()
		flags.VisitAll(func(f *pflag.Flag) {
			if !cobrasOwn(f) && h.Flags[f.Name] == "" {
				problems = append(problems, "missing: usage of --"+f.Name+" of "+c.CommandPath())
			}
		})
		for name := range h.Flags {
			if flags.Lookup(name) == nil {
				problems = append(problems, "gone: --"+name+" of "+c.CommandPath()+" is in help_zh.go but not in the command")
			}
		}
		for _, text := range []string{h.Long, h.Example} {
			for _, line := range strings.Split(text, "\n") {
				if w := displayWidth(strings.ReplaceAll(line, "\t", "        ")); w > 80 {
					problems = append(problems, fmt.Sprintf("too wide: a line of %s takes %d columns (80 at most): %s", c.CommandPath(), w, line))
				}
			}
		}
	}
	for key := range zhHelp {
		if !seen[key] {
			problems = append(problems, "gone: help_zh.go has "+strings.TrimSpace("vol "+key)+", which is not a command")
		}
	}
	sort.Strings(problems)
	for _, p := range problems {
		t.Error(p)
	}
}

// helpEnv is an environment with no language of its own, no settings and a
// ledger path where nothing is: help must not need one.
func helpEnv(t *testing.T) map[string]string {
	dir := t.TempDir()
	return map[string]string{"XDG_CONFIG_HOME": dir, "VOL_DB": filepath.Join(dir, "ledger.db"), "USER": "tester"}
}

// TestHelpOutput (issue 16): vol CMD --help for every command, in Chinese
// with no line of English prose and the catalogue's texts in it, in
// English with the commands' own texts; vol help CMD prints the same.
func TestHelpOutput(t *testing.T) {
	t.Parallel()
	env := helpEnv(t)
	for _, c := range everyCommand(helpTree(t)) {
		path := strings.Fields(helpKey(c))
		usage := c.Runnable() || c.HasSubCommands() // else a help topic: its text alone
		for _, lang := range []string{"zh", "en"} {
			args := append(append([]string{"--lang", lang}, path...), "--help")
			code, out, errOut := vol(t, env, args...)
			name := lang + ": vol " + strings.Join(args, " ")
			if code != 0 || errOut != "" {
				t.Errorf("%s: exit %d, stderr %q", name, code, errOut)
				continue
			}
			if _, same, _ := vol(t, env, append([]string{"--lang", lang, "help"}, path...)...); same != out {
				t.Errorf("%s: vol help %s prints otherwise:\n%s\n---\n%s", name, strings.Join(path, " "), same, out)
			}
			var want []string
			if lang == "zh" {
				for i, line := range strings.Split(out, "\n") {
					if p := englishProse(line); p != "" {
						t.Errorf("%s: line %d has English %q: %s", name, i+1, p, line)
					}
				}
				h := zhHelp[helpKey(c)]
				want = append(want, helpHead(h.Long, h.Short))
				for _, u := range h.Flags {
					want = append(want, strings.ReplaceAll(u, "`", "")) // pflag shows a value's name without its quotes
				}
				if c.HasParent() && usage {
					want = append(want, "用法：", "全局选项：", "提示和表头的语言")
				}
				for _, s := range c.Commands() {
					if s.IsAvailableCommand() {
						want = append(want, s.Name()+" ", zhHelp[helpKey(s)].Short)
					}
				}
			} else {
				want = append(want, helpHead(c.Long, c.Short))
				c.LocalFlags().VisitAll(func(f *pflag.Flag) { want = append(want, f.Usage) })
				if c.HasParent() && usage {
					want = append(want, "Usage:", "Global Flags:", "language for messages and headers")
				}
				if strings.Contains(out, "用法") {
					t.Errorf("%s: Chinese headings in English help:\n%s", name, out)
				}
			}
			for _, w := range want {
				if !strings.Contains(out, w) {
					t.Errorf("%s: no %q in\n%s", name, w, out)
				}
			}
		}
	}
}

// helpHead is the first line of help: the long text's, else the short one.
func helpHead(long, short string) string {
	if long != "" {
		return firstLine(long)
	}
	return short
}

// TestHelpLanguage: help follows the language vol speaks (--lang, the
// locale, the saved default), vol alone too, and never touches the ledger.
func TestHelpLanguage(t *testing.T) {
	t.Parallel()
	env := helpEnv(t)
	// A file that is not a ledger: help that opened it would fail.
	if err := os.WriteFile(env["VOL_DB"], []byte("not a ledger"), 0o600); err != nil {
		t.Fatal(err)
	}
	saved := t.TempDir()
	if code, _, errOut := vol(t, map[string]string{"XDG_CONFIG_HOME": saved}, "config", "set", "lang", "zh"); code != 0 {
		t.Fatal(errOut)
	}
	for _, c := range []struct {
		env  map[string]string
		args []string
		want string
	}{
		{nil, nil, "Usage:"},
		{nil, []string{"--lang", "zh"}, "用法："},
		{map[string]string{"LANG": "zh_CN.UTF-8"}, nil, "用法："},
		{map[string]string{"LC_ALL": "zh_TW", "LANG": "en_US.UTF-8"}, nil, "用法："},
		{map[string]string{"LANG": "zh_CN.UTF-8"}, []string{"--lang", "en"}, "Usage:"},
		{map[string]string{"XDG_CONFIG_HOME": saved}, nil, "用法："},
		{map[string]string{"XDG_CONFIG_HOME": saved, "LANG": "en_US.UTF-8"}, nil, "Usage:"},
	} {
		e := map[string]string{}
		for k, v := range env {
			e[k] = v
		}
		for k, v := range c.env {
			e[k] = v
		}
		for _, tail := range [][]string{nil, {"--help"}, {"help"}, {"help", "sync", "import"}, {"sync", "import", "-h"}} {
			args := append(slices.Clone(c.args), tail...)
			code, out, errOut := vol(t, e, args...)
			if code != 0 || errOut != "" || !strings.Contains(out, c.want) {
				t.Errorf("%v vol %v: exit %d, stderr %q, want %q in\n%s", c.env, args, code, errOut, c.want, out)
			}
		}
	}
	if b, err := os.ReadFile(env["VOL_DB"]); err != nil || string(b) != "not a ledger" {
		t.Errorf("help touched the ledger file: %q %v", b, err)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(env["VOL_DB"]), "backups")); err == nil {
		t.Errorf("help made a backups folder")
	}
}

// TestHelpUnknownTopic: vol help with a topic that is no command is wrong
// usage, said in the user's language.
func TestHelpUnknownTopic(t *testing.T) {
	t.Parallel()
	env := helpEnv(t)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"help", "nosuch"}, "help topic (nosuch): want a command of vol"},
		{[]string{"help", "household", "nosuch"}, "help topic (household nosuch)"},
		{[]string{"--lang", "zh", "help", "nosuch"}, "帮助主题（nosuch）：没有这个命令"},
	} {
		code, out, errOut := vol(t, env, c.args...)
		if code != exitUsage || out != "" || !strings.Contains(errOut, c.want) {
			t.Errorf("vol %v: exit %d, stdout %q, stderr %q, want exit 2 and %q", c.args, code, out, errOut, c.want)
		}
	}
}

// TestCompletionLanguage: the shell's completion menu describes commands
// and flags in the user's language (the locale: completion parses no flags).
func TestCompletionLanguage(t *testing.T) {
	t.Parallel()
	en, zh := helpEnv(t), helpEnv(t)
	zh["LANG"] = "zh_CN.UTF-8"
	for _, c := range []struct {
		env  map[string]string
		args []string
		want string
	}{
		{en, []string{"__complete", ""}, "alloc\tSplit surplus packs"},
		{zh, []string{"__complete", ""}, "alloc\t" + zhHelp["alloc"].Short},
		{zh, []string{"__complete", "help", ""}, "alloc\t" + zhHelp["alloc"].Short},
		{en, []string{"__complete", "alloc", "--"}, "--surplus\tpacks to split"},
		{zh, []string{"__complete", "alloc", "--"}, "--surplus\t要分的份数（默认"}, // no back quotes
		{zh, []string{"__complete", "alloc", "--"}, "--db\t台账文件"},
	} {
		code, out, _ := vol(t, c.env, c.args...)
		if code != 0 || !strings.Contains(out, c.want) {
			t.Errorf("%v vol %q: exit %d, want %q in\n%s", c.env["LANG"], c.args, code, c.want, out)
		}
	}
}
