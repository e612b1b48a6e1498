package main

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"vol/ledger"
)

// Wrong usage (exit 2) is typed where cobra and pflag report it and worded
// for people at the edge (run), in the user's language: a misuse says what
// is missing, extra or wrong, and how the command is written, with an
// example made from its Use line. Cobra's and pflag's own texts ("accepts 1
// arg(s), received 2", strconv's "invalid syntax") never reach the user.

// misuse is wrong usage that vol words for people once it knows their
// language.
type misuse interface {
	error
	say(a *App) string
}

// worded replaces a misuse anywhere in err's chain by its words in a's
// language, as a usage error.
func (a *App) worded(err error) error {
	var m misuse
	if err == nil || !errors.As(err, &m) {
		return err
	}
	return usageErr(&saidError{msg: m.say(a), err: err})
}

// argCountError is a command given too few or too many arguments.
type argCountError struct {
	cmd    *cobra.Command
	args   []string
	lo, hi int // hi < 0: no upper bound
}

func (e *argCountError) Error() string {
	return fmt.Sprintf("%s: %d arguments given, want %d to %d", e.cmd.CommandPath(), len(e.args), e.lo, e.hi)
}

func (e *argCountError) say(a *App) string {
	path := e.cmd.CommandPath()
	use := parseUse(e.cmd)
	eg := a.T("cli.eg", a.example(e.cmd))
	if len(e.args) < e.lo {
		missing := []string{}
		for i := len(e.args); i < e.lo && i < len(use.args); i++ {
			missing = append(missing, use.args[i])
		}
		if len(missing) == 0 { // a Use line naming fewer arguments than the command takes
			return a.T("cli.args.missing_n", e.lo-len(e.args)) + eg
		}
		return a.T("cli.args.missing", strings.Join(missing, " ")) + eg
	}
	extra := make([]string, 0, len(e.args)-e.hi)
	for _, x := range e.args[e.hi:] {
		extra = append(extra, maskArg(x))
	}
	msg := ""
	if e.hi == 0 {
		msg = a.T("cli.args.none", path, strings.Join(extra, " "))
	} else {
		msg = a.T("cli.args.extra", path, strings.Join(use.args, " "), strings.Join(extra, " "))
	}
	// --volunteer 否 reads 否 as an argument: a yes/no flag takes its value after =.
	for _, x := range e.args[e.hi:] {
		if _, ok := parseYesNo(x); !ok {
			continue
		}
		if f := changedBoolFlag(e.cmd); f != "" {
			return msg + a.T("cli.args.yesno", f, x)
		}
	}
	if e.hi > 0 {
		msg += a.T("cli.args.quote")
	}
	return msg + eg
}

// changedBoolFlag is the name of a yes/no flag given to c, "" when none was.
func changedBoolFlag(c *cobra.Command) string {
	name := ""
	c.Flags().Visit(func(f *pflag.Flag) {
		if name == "" && f.Value.Type() == "bool" && f.Name != "help" {
			name = f.Name
		}
	})
	return name
}

// maskArg shows an argument in an error without personal data: a value
// with Chinese characters may be a name (王*), a long number a phone.
func maskArg(s string) string {
	if _, yesNo := parseYesNo(s); yesNo {
		return s
	}
	digits := 0
	for _, r := range s {
		if r > unicode.MaxASCII {
			return ledger.MaskName(s)
		}
		if unicode.IsDigit(r) {
			digits++
		}
	}
	if digits >= 7 {
		return ledger.MaskPhone(s)
	}
	return s
}

func argCount(lo, hi int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) < lo || (hi >= 0 && len(args) > hi) {
			return &argCountError{cmd: cmd, args: args, lo: lo, hi: hi}
		}
		return nil
	}
}

// exactArgs, rangeArgs and minArgs check a command's arguments; a wrong
// count is a usage error that names what is missing or extra.
func exactArgs(n int) cobra.PositionalArgs      { return argCount(n, n) }
func rangeArgs(lo, hi int) cobra.PositionalArgs { return argCount(lo, hi) }
func minArgs(n int) cobra.PositionalArgs        { return argCount(n, -1) }

// commandError is an unknown command: at the top (cobra finds no command
// for the word) or under a group (vol person nosuch), or a group run
// without one (vol person).
type commandError struct {
	cmd  *cobra.Command // the command the word was given to
	word string         // "" when no subcommand was given
}

func (e *commandError) Error() string {
	return fmt.Sprintf("%s: unknown command %q", e.cmd.CommandPath(), e.word)
}

func (e *commandError) say(a *App) string {
	path := e.cmd.CommandPath()
	names := []string{}
	for _, s := range e.cmd.Commands() {
		if s.IsAvailableCommand() {
			names = append(names, s.Name())
		}
	}
	if e.word == "" {
		return a.T("cli.cmd.needs", path, strings.Join(names, a.T("cli.sep")))
	}
	msg := a.T("cli.cmd.unknown", path, maskArg(e.word))
	if sug := e.cmd.SuggestionsFor(e.word); len(sug) > 0 {
		for i, s := range sug {
			sug[i] = path + " " + s
		}
		return msg + a.T("cli.suggest", strings.Join(sug, a.T("cli.sep")))
	}
	if e.cmd.HasParent() { // a group's few commands; the top's many are in vol --help
		msg += a.T("cli.cmd.accepted", strings.Join(names, a.T("cli.sep")))
	}
	return msg
}

// unknownCommand is the commandError for args that name no command of
// root, nil when they do. Cobra reports it as text only (its legacyArgs):
// this finds it the way cobra does, before cobra runs.
func unknownCommand(root *cobra.Command, args []string) error {
	if len(args) > 0 && strings.HasPrefix(args[0], "__complete") {
		return nil // the shell asking for completions: cobra's own
	}
	// help and completion are added by cobra as it executes: add them now
	// so Find sees them.
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd(args...)
	c, rest, err := root.Find(args)
	if err == nil {
		return nil
	}
	return &commandError{cmd: c, word: firstWord(c, rest)}
}

// firstWord is the first argument of args that is not a flag or a flag's
// value, for c's flags.
func firstWord(c *cobra.Command, args []string) string {
	for i := 0; i < len(args); i++ {
		s := args[i]
		switch {
		case s == "--":
			if i+1 < len(args) {
				return args[i+1]
			}
			return ""
		case strings.HasPrefix(s, "--") && !strings.Contains(s, "="):
			if f := c.Flags().Lookup(s[2:]); f != nil && f.NoOptDefVal == "" {
				i++ // its value
			} else if f := c.PersistentFlags().Lookup(s[2:]); f != nil && f.NoOptDefVal == "" {
				i++
			}
		case strings.HasPrefix(s, "-") && len(s) == 2:
			if f := c.Flags().ShorthandLookup(s[1:]); f != nil && f.NoOptDefVal == "" {
				i++
			}
		case strings.HasPrefix(s, "-") && len(s) > 1:
		default:
			return s
		}
	}
	return ""
}

// flagError is what pflag found wrong with a command's flags; the
// command's FlagErrorFunc returns it.
type flagError struct {
	cmd *cobra.Command
	err error
}

func (e *flagError) Error() string { return e.err.Error() }
func (e *flagError) Unwrap() error { return e.err }

func (e *flagError) say(a *App) string {
	path := e.cmd.CommandPath()
	var (
		notExist *pflag.NotExistError
		needs    *pflag.ValueRequiredError
		invalid  *pflag.InvalidValueError
		syntax   *pflag.InvalidSyntaxError
	)
	switch {
	case errors.As(e.err, &notExist):
		if short := []rune(notExist.GetSpecifiedShortnames()); len(short) > 0 { // -x, or the first of -xyz
			return a.T("cli.flag.unknown", path, "-"+maskArg(string(short[:1])))
		}
		msg := a.T("cli.flag.unknown", path, "--"+maskArg(notExist.GetSpecifiedName()))
		if sug := suggestFlag(e.cmd, notExist.GetSpecifiedName()); sug != "" {
			msg += a.T("cli.suggest", "--"+sug)
		}
		return msg
	case errors.As(e.err, &needs):
		f := needs.GetFlag()
		name := "--" + f.Name
		if needs.GetSpecifiedShortnames() != "" {
			name = "-" + f.Shorthand
		}
		if t := f.Value.Type(); t == "string" || t == "stringArray" {
			return a.T("cli.flag.needs_value", name) + a.flagExample(e.cmd, f) // the example says what kind
		}
		return a.T("cli.flag.needs", name, a.valueWord(f)) + a.flagExample(e.cmd, f)
	case errors.As(e.err, &invalid):
		f := invalid.GetFlag()
		v := invalid.GetValue() // a number or a yes/no: pflag never refuses a text
		var num *strconv.NumError
		switch {
		case errors.Is(e.err, errNotYesNo):
			return a.T("cli.flag.yesno", "--"+f.Name, v)
		case errors.As(e.err, &num) && errors.Is(num.Err, strconv.ErrRange):
			return a.T("cli.flag.range", "--"+f.Name, v)
		case errors.As(e.err, &num):
			return a.T("cli.flag.notnumber", "--"+f.Name, v) + a.flagExample(e.cmd, f)
		}
		return a.T("cli.flag.invalid", "--"+f.Name, v, a.valueWord(f))
	case errors.As(e.err, &syntax):
		return a.T("cli.flag.syntax", maskArg(syntax.GetSpecifiedFlag()))
	}
	return a.T("cli.flag.other", path)
}

// valueWord says what kind of value a flag takes.
func (a *App) valueWord(f *pflag.Flag) string {
	switch f.Value.Type() {
	case "int", "int64", "uint":
		return a.T("cli.value.number")
	case "bool":
		return a.T("cli.value.yesno")
	}
	return a.T("cli.value.text")
}

// flagSample is a value for f in an example: the sample of the placeholder
// the Use line gives it (--surplus N), else the flag's own sample, else one
// for its kind; "" when there is none worth showing.
func (a *App) flagSample(c *cobra.Command, f *pflag.Flag) string {
	for _, p := range parseUse(c).flags {
		if p.flag == "--"+f.Name && p.value != "" {
			return a.sample(c, p.flag, p.value)
		}
	}
	path := strings.TrimPrefix(c.CommandPath(), "vol ")
	for _, k := range []string{path + " --" + f.Name, "--" + f.Name} {
		if s, ok := samples[k]; ok {
			return a.sampleWord(s)
		}
	}
	switch f.Value.Type() {
	case "int", "int64", "uint":
		return "10"
	}
	return ""
}

// flagExample is "; for example: --flag value", "" when f has no sample.
func (a *App) flagExample(c *cobra.Command, f *pflag.Flag) string {
	if s := a.flagSample(c, f); s != "" {
		return a.T("cli.eg", "--"+f.Name+" "+s)
	}
	return ""
}

// suggestFlag is the flag of c whose name is closest to name (a typo of it,
// or a start of it), "" when none is close or name is too short to tell.
func suggestFlag(c *cobra.Command, name string) string {
	if len(name) < 3 || strings.IndexFunc(name, func(r rune) bool { return r > unicode.MaxASCII }) >= 0 {
		return ""
	}
	maxD := 1
	if len(name) >= 5 {
		maxD = 2
	}
	best, bestD := "", maxD+1
	visit := func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		d := editDistance(name, f.Name)
		if strings.HasPrefix(f.Name, name) {
			d = 1
		}
		if d < bestD || (d == bestD && f.Name < best) {
			best, bestD = f.Name, d
		}
	}
	c.Flags().VisitAll(visit)
	c.InheritedFlags().VisitAll(visit)
	return best
}

// editDistance is the Levenshtein distance of a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// requiredError is a command run without a flag it requires
// (cobra.MarkFlagRequired).
type requiredError struct {
	cmd   *cobra.Command
	flags []string
}

func (e *requiredError) Error() string {
	return fmt.Sprintf("%s: missing %s", e.cmd.CommandPath(), strings.Join(e.flags, ", "))
}

func (e *requiredError) say(a *App) string {
	return a.T("cli.flag.required", e.cmd.CommandPath(), strings.Join(e.flags, " ")) + a.T("cli.eg", a.example(e.cmd))
}

// missingRequired is the requiredError for c's required flags not given,
// nil when all were. It runs before cobra's own check, whose error is text.
func missingRequired(c *cobra.Command) error {
	var missing []string
	c.Flags().VisitAll(func(f *pflag.Flag) {
		if req := f.Annotations[cobra.BashCompOneRequiredFlag]; len(req) > 0 && req[0] == "true" && !f.Changed {
			missing = append(missing, "--"+f.Name)
		}
	})
	if len(missing) == 0 {
		return nil
	}
	sort.Strings(missing)
	return &requiredError{cmd: c, flags: missing}
}

// A yes/no flag takes 是/否, y/n, yes/no, true/false, 1/0 (and what
// strconv.ParseBool takes): vol person set 王秀英 --volunteer=否.

var errNotYesNo = errors.New("not a yes or no")

// yesNoValue wraps a bool flag's value so it reads yes and no in both
// languages. It keeps the type name "bool", so help and cobra's GetBool
// treat it as the bool it is.
type yesNoValue struct{ pflag.Value }

func (v yesNoValue) Set(s string) error {
	b, ok := parseYesNo(s)
	if !ok {
		return errNotYesNo
	}
	return v.Value.Set(strconv.FormatBool(b))
}

// parseYesNo reads a yes or a no.
func parseYesNo(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "是", "y", "yes", "1", "t", "true":
		return true, true
	case "否", "n", "no", "0", "f", "false":
		return false, true
	}
	return false, false
}

// humanizeFlags makes every bool flag in the tree under c read yes and no
// in both languages.
func humanizeFlags(c *cobra.Command) {
	wrap := func(f *pflag.Flag) {
		if _, done := f.Value.(yesNoValue); !done && f.Value.Type() == "bool" {
			f.Value = yesNoValue{f.Value}
		}
	}
	c.Flags().VisitAll(wrap)
	c.PersistentFlags().VisitAll(wrap)
	for _, s := range c.Commands() {
		humanizeFlags(s)
	}
}

// useLine is a command's Use line read for its parts: the positional
// arguments (NAME, [FILE], ADDRESS...) and the flags with their
// placeholders (--address ADDRESS), required ones first.
type useLine struct {
	args  []string
	flags []useFlag
	// example is the required part: name, arguments, required flags.
	example []useWord
}

type useFlag struct{ flag, value string }

// useWord is a word of an example: a flag as written, or a placeholder
// (after flag, when it is a flag's value).
type useWord struct {
	word, flag string
	holder     bool
}

// parseUse reads c's Use line: "add NAME --address ADDRESS [flags]",
// "deliver ROUND ADDRESS|PERSON... | --all", "backup [FILE] [--encrypt] | --list".
func parseUse(c *cobra.Command) useLine {
	use := c.Use
	if i := strings.Index(use, " | "); i >= 0 { // another way to run it
		use = use[:i]
	}
	var u useLine
	optional, inParen := 0, false
	lastFlag := ""
	positional := true
	for _, w := range strings.Fields(use)[1:] {
		opens, closes := strings.Count(w, "["), strings.Count(w, "]")
		if strings.HasPrefix(w, "(") {
			inParen = true
		}
		paren := inParen
		if strings.HasSuffix(w, ")") {
			inParen = false
		}
		isOptional := optional > 0 || opens > 0
		optional += opens - closes
		if paren {
			continue
		}
		bare := strings.Trim(w, "[]")
		if bare == "flags" {
			continue
		}
		if strings.HasPrefix(bare, "-") {
			positional = false
			lastFlag = bare
			u.flags = append(u.flags, useFlag{flag: bare})
			if !isOptional {
				u.example = append(u.example, useWord{word: bare})
			}
			continue
		}
		if positional {
			u.args = append(u.args, w)
		} else if n := len(u.flags); n > 0 && u.flags[n-1].value == "" {
			u.flags[n-1].value = bare
		}
		if !isOptional {
			u.example = append(u.example, useWord{word: bare, flag: lastFlag, holder: isPlaceholder(bare)})
		}
	}
	return u
}

// isPlaceholder reports whether a word of a Use line stands for a value
// (NAME, ADDRESS|ID, PERSON..., ITEM…) rather than being typed as is (30d).
func isPlaceholder(w string) bool {
	w = strings.TrimRight(w, ".…")
	return w != "" && strings.ToUpper(w) == w && strings.IndexFunc(w, unicode.IsLetter) >= 0
}

// example is how c is run, made from its Use line: placeholders replaced
// by sample values, optional parts left out.
func (a *App) example(c *cobra.Command) string {
	parts := []string{c.CommandPath()}
	for _, w := range parseUse(c).example {
		if w.holder {
			parts = append(parts, a.sample(c, w.flag, w.word))
		} else {
			parts = append(parts, w.word)
		}
	}
	return strings.Join(parts, " ")
}

// sample is a value for a placeholder of c's Use line (after flag when it
// is a flag's value): the first of "command path placeholder",
// "flag placeholder" and "placeholder" that samples knows.
func (a *App) sample(c *cobra.Command, flag, holder string) string {
	h := strings.TrimRight(holder, ".…")
	if i := strings.Index(h, "|"); i >= 0 {
		h = h[:i]
	}
	path := strings.TrimPrefix(c.CommandPath(), "vol ")
	for _, k := range []string{path + " " + h, flag + " " + h, h, flag} {
		if s, ok := samples[k]; ok {
			return a.sampleWord(s)
		}
	}
	return h
}

// sampleWord is a sample value as shown: a catalogue key's word, or data.
func (a *App) sampleWord(s string) string {
	if strings.HasPrefix(s, "cli.") {
		return a.T(s)
	}
	return s
}

// samples are the values examples show for placeholders: data, as a
// coordinator would type it (a catalogue key for words).
var samples = map[string]string{
	"NAME":             "杨强平",
	"BUILDING":         "3号楼",
	"POST":             "东门",
	"ADDRESS":          "3-2-501",
	"NEW":              "3-2-502",
	"PERSON":           "杨强平",
	"OTHER":            "李梅",
	"SHIFT":            "夜",
	"HH:MM":            "07:00",
	"BUY":              "鸡蛋团购",
	"TITLE":            "鸡蛋团购",
	"AMOUNT":           "12.50",
	"YUAN":             "12.50",
	"UNIT":             "盒",
	"DATETIME":         `"2026-12-08 18:00"`,
	"GOODS":            "鸡蛋",
	"NAME=YUAN…":       "鸡蛋=12.50",
	"MIN":              "0.5",
	"B=MIN…":           "3=4",
	"Q":                "30",
	"ELDER":            "3-2-501",
	"VOLUNTEER":        "李梅",
	"FILE":             "台账.xlsx",
	"TEXT":             "cli.eg.text",
	"KEY":              "lang",
	"VALUE":            "zh",
	"ROUND":            "3f2a9c",
	"RUN":              "3f2a9c",
	"ENTRY":            "3f2a9c",
	"CONFLICT":         "3f2a9c",
	"DEVICE":           "3f2a9c",
	"ID":               "3f2a9c",
	"ITEM":             "阿司匹林@3-2-501",
	"CHOICE":           "kept",
	"TAG":              "医生",
	"FINGERPRINT":      `"1234 5678 9012 3456 7890"`,
	"hub trust REPORT": "report-2026-12-03-67b518a1.json",
	"hub import FILE…": "reports",
	"--street":         "长宁路街道",
	"--district":       "长宁区",
	"--figure":         "present_households",
	"--packs":          "100",
	"--hub":            "hub.db",
	"--days":           "30",
	"N":                "10",
	"D":                "2",
	"B":                "3",
	"R":                "old-way",
	"DATE":             "2026-11-28",
	"PEER":             "3f2a9c",
	"--drug NAME":      "阿司匹林",
	// flags, for a flag given without its value
	"--on":                "2026-11-28",
	"--date":              "2026-11-28",
	"--shift":             "早",
	"--db":                "ledger.db",
	"--lang":              "zh",
	"--as":                "李梅",
	"--address":           "3-2-501",
	"--near":              "3-2-501",
	"--by":                "李梅",
	"--why":               "cli.eg.text",
	"--note":              "cli.eg.text",
	"--notes":             "cli.eg.text",
	"--emergency":         "李梅",
	"--drug":              "阿司匹林",
	"--hospital":          "瑞金医院",
	"--item":              "cli.eg.item",
	"--rules":             "old-way",
	"--building":          "3",
	"test done UNIT":      "3号楼2单元",
	"--skill":             "医生",
	"--skills":            "医生",
	"--needs":             "医生",
	"--birth":             "1950-03",
	"--sex":               "女",
	"--role":              "resident",
	"--keep":              "kept",
	"--format":            "xlsx",
	"--table":             "people",
	"--older-than":        "30d",
	"--output":            "台账.xlsx",
	"--passphrase-file":   "passphrase.txt",
	"--for":               "3f2a9c",
	"--round":             "3f2a9c",
	"--drop":              "3f2a9c",
	"--timezone":          "Asia/Shanghai",
	"--compound":          "凯旋华庭",
	"--leftover":          "reserve",
	"--encoding":          "gb18030",
	"--same-as":           "12",
	"--new":               "12",
	"--got":               "阿司匹林@3-2-501",
	"--not-found":         "阿司匹林@3-2-501",
	"--name":              "杨强平",
	"compound set --name": "凯旋华庭",
	"--hospital NAME":     "瑞金医院",
	"--item TEXT":         "cli.eg.item",
	"rules add NAME":      "my-rules",
	"rules add FILE":      "rules.txt",
	"rules show NAME":     "old-way",
	"import FILE":         "台账.xlsx",
	"restore FILE":        "backup.db",
	"backup FILE":         "backup.db",
	"sync import FILE":    "vol-sync-3f2a9c.volsync",
}
