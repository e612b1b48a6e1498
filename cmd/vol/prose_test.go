package main

import (
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/spf13/cobra"
)

// Not prose in a Chinese line: flags, commands and their arguments as typed,
// placeholders, IDs, paths, file formats and units. A flag may follow a
// Chinese character or punctuation (；--commit), and one lower-case word
// right after it is its value (--keep kept). Values offered as a|b|c are
// values (zh|en, xlsx|csv). In help, an indented line's first word is a
// name in a list of commands, and a line indented with a tab is a command
// line quoted to be typed (the shell completion help).
var (
	proseFlag    = regexp.MustCompile(`(?:^|[^A-Za-z0-9_-])--?[a-zA-Z][a-zA-Z0-9-]*(=\S*| [a-z][a-z0-9-]*\b)?`)
	proseCommand = regexp.MustCompile(`\bvol(\.exe)?\b( [a-z][a-z-]*)*`)
	prosePath    = regexp.MustCompile(`\S*[/\\]\S*|\S+\.(db|csv|xlsx|json|txt|vol|volsync|age|gz|md|exe)\b[\w.-]*|\$[A-Z_]+`)
	proseQuoted  = regexp.MustCompile("`[^`]*`|\"[^\"]*\"|'[^']*'|“[^”]*”|「[^」]*」")
	// the value a field was given, as a refusal shows it: 电话（abc）：…
	proseValue        = regexp.MustCompile(`（[^（）]*）：`)
	proseAlternatives = regexp.MustCompile(`[\w.-]+(\|[\w.-]+)+`)
	proseListName     = regexp.MustCompile(`^[ ]+[a-z][a-z-]*`)
	proseWord         = regexp.MustCompile(`[A-Za-z]([A-Za-z'_-]*[A-Za-z])?`)
	proseAllowed      = map[string]bool{"CSV": true, "XLSX": true, "JSON": true, "SQLite": true, "ID": true, "IDs": true, "OK": true, "GB18030": true, "UTF": true, "TZ": true, "UTC": true, "MB": true, "KB": true, "GB": true, "WeChat": true, "Excel": true, "PowerShell": true, "Windows": true, "macOS": true, "Linux": true, "age": true, "scrypt": true, "Ed25519": true, "M": true, "F": true, "am": true, "pm": true, "bash": true, "zsh": true, "fish": true, "powershell": true}
	proseStableID     = regexp.MustCompile(`^[a-z]+([-_][a-z]+)+$`) // old-way, large-families, property_staff
)

// englishProse returns the English words of a line shown in Chinese that
// are prose (empty when there are none): two or more English words in a
// row, or one lower-case word of four letters or more that is not a word
// typed to vol as it is (proseTyped), once flags (after a space, a bracket
// or Chinese punctuation), commands, paths, quoted text (the value a user
// gave, quoted “so” in Chinese), IDs, placeholders (PERSON) and format
// names are taken out.
func englishProse(line string) string {
	if strings.HasPrefix(line, "\t") {
		return ""
	}
	s := proseValue.ReplaceAllString(line, " ")
	if name := proseListName.FindString(line); name != "" && strings.TrimSpace(name) != "vol" {
		s = " " + proseValue.ReplaceAllString(line[len(name):], " ")
	}
	s = proseQuoted.ReplaceAllString(s, " ")
	s = prosePath.ReplaceAllString(s, " ")
	s = proseAlternatives.ReplaceAllString(s, " ")
	s = proseFlag.ReplaceAllString(s, " ")
	s = proseCommand.ReplaceAllString(s, " ")
	var run []string
	flush := func() string {
		defer func() { run = run[:0] }()
		if len(run) >= 2 || (len(run) == 1 && len(run[0]) >= 4 && strings.ToLower(run[0]) == run[0] && !proseTyped()[run[0]]) {
			return strings.Join(run, " ")
		}
		return ""
	}
	last := 0
	for _, loc := range proseWord.FindAllStringIndex(s, -1) {
		w := s[loc[0]:loc[1]]
		// A word joins the run only when plain spaces separate it from the last one.
		if gap := s[last:loc[0]]; len(run) > 0 && strings.Trim(gap, " ") != "" {
			if p := flush(); p != "" {
				return p
			}
		}
		last = loc[1]
		upper := strings.ToUpper(w) == w
		if proseAllowed[w] || upper || proseStableID.MatchString(w) || looksLikeID(w) {
			if p := flush(); p != "" {
				return p
			}
			continue
		}
		run = append(run, w)
	}
	return flush()
}

// proseTyped is the set of words a user types to vol as they are, which a
// Chinese line may name alone (可用：add, list; 可接受：reserve 或 cycle):
// its command names and the values its flags and arguments accept.
var proseTyped = sync.OnceValue(func() map[string]bool {
	typed := map[string]bool{}
	for _, w := range []string{"reserve", "cycle", "kept", "other", "both", "merged", "seen", "xlsx", "csv", "all", "lang"} {
		typed[w] = true
	}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		typed[c.Name()] = true
		for _, s := range c.Commands() {
			walk(s)
		}
	}
	walk(newRootCmd(newApp(IO{Getenv: func(string) string { return "" }})))
	return typed
})

func TestEnglishProse(t *testing.T) {
	t.Parallel()
	for line, want := range map[string]string{
		"vol: 电话 (138****5678)：无效；可接受：11 位手机号":               "",
		"请先运行 vol init --compound 凯旋华庭":                      "",
		"no ledger file; 请先运行 vol init":                      "no ledger file",
		"规则 old-way 的档次 large-families":                      "",
		"写入 /tmp/x/凯旋华庭.xlsx 与 out.csv":                      "",
		"用法：vol alloc --surplus N [flags]":                   "flags",
		"accepts 1 arg(s), received 2":                       "accepts",
		"打开文件失败：open kaixuan.csv: no such file or directory": "open",
		"编号 3f2a9c 的轮次已作废":                                   "",
		"物资 ration 已分完":                                      "ration",
		"格式：CSV 或 XLSX；JSON 见 --json":                        "",
		"表 med_run_items 第 3 行":                              "",
		"vol: --surplus 的值“abc”不是整数；例如：--surplus 10":         "",
		"vol: --volunteer 的值“maybe”无效；可接受：是/否、yes/no":        "",
		"vol: vol person 后面要跟子命令：add, list, rm, set, show":   "",
		"--leftover 的值“x”无效；可接受：reserve（留作备用）或 cycle（再轮一遍）":  "",
		"可接受：kept、other、both、merged 或 seen":                  "",
		"请 check the list":                                   "check the list",
		"可用：add、remove":                                      "remove",
		"多余：「秀*」":                                            "",
		"vol: --rules（nosuch）：找不到；可接受：老样子，或规则文件":             "",
		// help (issue 16 item 1)
		"vol alloc 只做预览；--commit 按那一刻的台账记录本轮。--encrypt 加密":    "",
		"剩余的去向：--leftover reserve 留作备用，--leftover cycle 再分一遍": "",
		"--commit records the round":                           "the round",
		"处理方式：kept|other|both|merged|seen；格式 xlsx|csv":         "",
		"  volunteers  在住的志愿者及其技能":                             "",
		"  show        显示你的设置":                                 "",
		"  show the settings":                                  "the settings",
		"\tsource <(vol completion bash)":                      "",
		"生成 bash、zsh、fish 或 PowerShell 的自动补全脚本":                "",
		"  vol alloc [--surplus N] [选项]":                       "",
		"保留为 ledger.db.replaced-时间；默认为 vol-sync-设备-时间.volsync": "",
	} {
		if got := englishProse(line); got != want {
			t.Errorf("englishProse(%q) = %q, want %q", line, got, want)
		}
	}
}
