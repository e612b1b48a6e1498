package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"golang.org/x/text/width"
)

// Help speaks the user's language. The commands keep their English texts
// (Short, Long, Example, flag usages) where they are built, in the cmd_*.go
// constructors; help_zh.go holds the Chinese of each, keyed by command path.
// In English, cobra's own help prints as it always has. In Chinese, the
// tree's texts are swapped for the catalogue's once, when help is asked for,
// and help is laid out with Chinese headings (cobra's template has English
// words in it: Usage, Flags, [flags], the flag types). cobra's own commands
// (help, completion and its subcommands, the hidden __complete) and the -h
// flag speak Chinese too. Help never opens the ledger: the language comes
// from --lang, the locale or the user's settings file.

// setupHelp makes vol's help, its help command and its shell completions
// speak the user's language.
func setupHelp(root *cobra.Command, a *App) {
	root.SetHelpCommand(newHelpCmd(a))
	enHelp, enUsage := root.HelpFunc(), root.UsageFunc()
	translated := false
	chinese := func(plain bool) bool {
		if a.lang() != "zh" {
			return false
		}
		if !translated {
			translated = true
			speakChinese(root, plain)
		}
		return true
	}
	root.SetHelpFunc(func(c *cobra.Command, args []string) {
		if !chinese(false) {
			enHelp(c, args)
			return
		}
		writeHelpZh(c.OutOrStdout(), c)
	})
	root.SetUsageFunc(func(c *cobra.Command) error {
		if !chinese(false) {
			return enUsage(c)
		}
		writeUsageZh(c.OutOrStderr(), c)
		return nil
	})
	// Shell completion (the hidden __complete command the completion
	// scripts call) describes commands and flags with their help texts;
	// it parses no flags, so the locale or the settings file decide.
	pre := root.PersistentPreRunE
	root.PersistentPreRunE = func(c *cobra.Command, args []string) error {
		if c.Name() == cobra.ShellCompRequestCmd {
			chinese(true)
		}
		if pre != nil {
			return pre(c, args)
		}
		return nil
	}
}

// newHelpCmd replaces cobra's help command, with the same English texts, so
// that an unknown topic is wrong usage (exit 2) in the user's language
// rather than cobra's English line and exit 0.
func newHelpCmd(a *App) *cobra.Command {
	return &cobra.Command{
		Use:   "help [command]",
		Short: "Help about any command",
		Long: `Help provides help for any command in the application.
Simply type vol help [path to command] for full details.`,
		ValidArgsFunction: func(c *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
			cmd, _, err := c.Root().Find(args)
			if err != nil {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			var names []cobra.Completion
			for _, s := range cmd.Commands() {
				if (s.IsAvailableCommand() || s.Name() == "help") && strings.HasPrefix(s.Name(), toComplete) {
					names = append(names, cobra.CompletionWithDesc(s.Name(), s.Short))
				}
			}
			return names, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(c *cobra.Command, args []string) error {
			cmd, rest, err := c.Root().Find(args)
			if err != nil || len(rest) > 0 {
				return usageErr(errors.New(a.T("help.unknown", strings.Join(args, " "))))
			}
			cmd.InitDefaultHelpFlag() // so its -h shows, as when called with --help
			return cmd.Help()
		},
	}
}

// speakChinese swaps every command's help texts and flag usages for the
// Chinese of help_zh.go. What the catalogue lacks stays English (a test
// lists it). A persistent flag is one *pflag.Flag shared by every command
// under the one that defines it, so it is translated once, there. plain
// drops the back quotes around a value's name, for shell completion, which
// shows a usage as it is.
func speakChinese(c *cobra.Command, plain bool) {
	if h, ok := zhHelp[helpKey(c)]; ok {
		if h.Use != "" {
			c.Use = h.Use
		}
		c.Short, c.Long, c.Example = h.Short, h.Long, h.Example
		c.LocalFlags().VisitAll(func(f *pflag.Flag) {
			if u, ok := h.Flags[f.Name]; ok {
				f.Usage = u
				if plain {
					_, f.Usage = pflag.UnquoteUsage(&pflag.Flag{Usage: u, Value: f.Value})
				}
			}
		})
	}
	for _, s := range c.Commands() {
		speakChinese(s, plain)
	}
}

// helpKey is a command's key in zhHelp: its path without "vol " ("" for vol
// itself).
func helpKey(c *cobra.Command) string {
	_, key, _ := strings.Cut(c.CommandPath(), " ")
	return key
}

// writeHelpZh is cobra's help laid out in Chinese: the long text (else the
// short one), then the usage.
func writeHelpZh(w io.Writer, c *cobra.Command) {
	text := c.Long
	if text == "" {
		text = c.Short
	}
	if text = strings.TrimRightFunc(text, unicode.IsSpace); text != "" {
		fmt.Fprintf(w, "%s\n\n", text)
	}
	if c.Runnable() || c.HasSubCommands() {
		writeUsageZh(w, c)
	}
}

// writeUsageZh is cobra's usage template in Chinese, section for section.
func writeUsageZh(w io.Writer, c *cobra.Command) {
	fmt.Fprint(w, "用法：")
	if c.Runnable() {
		fmt.Fprintf(w, "\n  %s", strings.Replace(c.UseLine(), "[flags]", "[选项]", 1))
	}
	if c.HasAvailableSubCommands() {
		fmt.Fprintf(w, "\n  %s [命令]", c.CommandPath())
	}
	if len(c.Aliases) > 0 {
		fmt.Fprintf(w, "\n\n别名：\n  %s", c.NameAndAliases())
	}
	if c.HasExample() {
		fmt.Fprintf(w, "\n\n示例：\n%s", c.Example)
	}
	if c.HasAvailableSubCommands() {
		title := "子命令："
		if !c.HasParent() {
			title = "命令："
		}
		fmt.Fprintf(w, "\n\n%s", title)
		for _, s := range c.Commands() {
			if s.IsAvailableCommand() || s.Name() == "help" {
				fmt.Fprintf(w, "\n  %-*s %s", s.NamePadding(), s.Name(), s.Short)
			}
		}
	}
	if c.HasAvailableLocalFlags() {
		fmt.Fprintf(w, "\n\n选项：\n%s", flagUsagesZh(c.LocalFlags()))
	}
	if c.HasAvailableInheritedFlags() {
		fmt.Fprintf(w, "\n\n全局选项：\n%s", flagUsagesZh(c.InheritedFlags()))
	}
	if c.HasHelpSubCommands() {
		fmt.Fprint(w, "\n\n其他帮助主题：")
		for _, s := range c.Commands() {
			if s.IsAdditionalHelpTopicCommand() {
				fmt.Fprintf(w, "\n  %-*s  %s", s.CommandPathPadding(), s.CommandPath(), s.Short)
			}
		}
	}
	if c.HasAvailableSubCommands() {
		fmt.Fprintf(w, "\n\n运行 %s [命令] --help 查看各命令的详细说明。", c.CommandPath())
	}
	fmt.Fprintln(w)
}

// zhTypes names a flag's value in Chinese where its usage gives no
// `name` in back quotes (pflag's convention, kept for the Chinese).
var zhTypes = map[string]string{"string": "文本", "stringArray": "文本", "int": "数字", "int64": "数字"}

// flagUsagesZh lists flags as pflag's FlagUsages does, with the value's
// name and the default in Chinese, and aligned by display width (a Chinese
// character takes two columns).
func flagUsagesZh(fs *pflag.FlagSet) string {
	type row struct{ left, usage string }
	var rows []row
	widest := 0
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		left := "      --" + f.Name
		if f.Shorthand != "" && f.ShorthandDeprecated == "" {
			left = "  -" + f.Shorthand + ", --" + f.Name
		}
		usage := f.Usage
		if f.Name == "help" && f.Annotations[cobra.FlagSetByCobraAnnotation] != nil {
			usage = "显示本帮助"
		}
		name, usage := pflag.UnquoteUsage(&pflag.Flag{Usage: usage, Value: f.Value})
		if zh, ok := zhTypes[name]; ok {
			name = zh
		}
		if name != "" {
			left += " " + name
		}
		switch {
		case f.NoOptDefVal == "" || f.Value.Type() == "bool" && f.NoOptDefVal == "true":
		case f.Value.Type() == "string":
			left += fmt.Sprintf("[=%q]", f.NoOptDefVal)
		default:
			left += "[=" + f.NoOptDefVal + "]"
		}
		switch d := f.DefValue; {
		case d == "" || d == "0" || d == "false" || d == "[]":
		case f.Value.Type() == "string":
			usage += fmt.Sprintf("（默认 %q）", d)
		default:
			usage += "（默认 " + d + "）"
		}
		rows = append(rows, row{left, usage})
		widest = max(widest, displayWidth(left))
	})
	var b strings.Builder
	for i, r := range rows {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(r.left + strings.Repeat(" ", widest-displayWidth(r.left)+3) + r.usage)
	}
	return b.String()
}

// displayWidth is how many terminal columns s takes.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}
