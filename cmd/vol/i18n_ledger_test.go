package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode"

	"vol/allocate"
	"vol/ledger"
	"vol/ledger/sheet"
)

// messagePackages are the packages whose messages ledgerZh translates.
var messagePackages = []string{"../../ledger", "../../ledger/sheet", "../../ledger/jielong", "../internal/duty", "../internal/waves", "../internal/poster",
	"../internal/report", "../internal/hub", "../internal/hubweb", "../../allocate"}

// ledgerSource is what the non-test sources of messagePackages say: every
// message format, every field key, and every place a message escapes the
// catalogue.
type ledgerSource struct {
	formats map[string]string // format -> first place it is written
	fields  map[string]string // field key -> first place
	escapes []string          // places that build a message outside T/Errorf
}

// formatFuncs are the functions whose argument at the index is a message
// format: ledger's and allocate's T and Errorf (ledger.T, ledger.Errorf in
// sheet), and ledger's forged.
var formatFuncs = map[string]int{"T": 0, "Errorf": 0, "forged": 1}

// fieldFuncs are the functions whose first argument is a field's key.
var fieldFuncs = map[string]bool{"invalid": true, "invalidAbout": true, "CheckName": true, "CheckLabel": true,
	"CheckNote": true, "FieldKey": true, "bad": true, "limitError": true}

// forwarders are the functions that pass a format they were given on to
// T (their callers' formats are collected instead). Errorf itself calls
// fmt.Errorf.
var forwarders = map[string]bool{"forged": true}

func readLedgerSource(t *testing.T) ledgerSource {
	t.Helper()
	src := ledgerSource{formats: map[string]string{}, fields: map[string]string{}}
	fset := token.NewFileSet()
	for _, dir := range messagePackages {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		if len(files) == 0 {
			t.Fatalf("no Go files in %s", dir)
		}
		for _, name := range files {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, name, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			for _, decl := range f.Decls {
				fd, _ := decl.(*ast.FuncDecl)
				var fn string
				if fd != nil {
					fn = fd.Name.Name
				}
				ast.Inspect(decl, func(n ast.Node) bool {
					switch x := n.(type) {
					case *ast.CallExpr:
						src.call(fset, x, fn)
					case *ast.CompositeLit:
						src.composite(fset, x)
					}
					return true
				})
			}
		}
	}
	return src
}

func callName(fun ast.Expr) (pkg, name string) {
	switch f := fun.(type) {
	case *ast.Ident:
		return "", f.Name
	case *ast.SelectorExpr:
		if id, ok := f.X.(*ast.Ident); ok {
			return id.Name, f.Sel.Name
		}
	}
	return "", ""
}

func stringLit(e ast.Expr) (string, bool) {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}

func (s *ledgerSource) call(fset *token.FileSet, c *ast.CallExpr, fn string) {
	pos := fset.Position(c.Pos()).String()
	pkg, name := callName(c.Fun)
	switch {
	case (pkg == "fmt" && name == "Errorf" || pkg == "errors" && name == "New") && fn != "Errorf":
		s.escapes = append(s.escapes, pos+": "+pkg+"."+name+" (use Errorf: its message is translated)")
		return
	case pkg != "" && pkg != "ledger":
		return
	}
	if i, ok := formatFuncs[name]; ok && len(c.Args) > i {
		f, lit := stringLit(c.Args[i])
		switch {
		case lit:
			if _, seen := s.formats[f]; !seen {
				s.formats[f] = pos
			}
		case !forwarders[fn]:
			s.escapes = append(s.escapes, pos+": "+name+" with a format that is not a literal")
		}
	}
	if fieldFuncs[name] && len(c.Args) > 0 {
		if f, ok := stringLit(c.Args[0]); ok {
			s.fields[f] = pos
		}
	}
}

func (s *ledgerSource) composite(fset *token.FileSet, c *ast.CompositeLit) {
	_, name := callName(c.Type)
	if name != "FieldError" && name != "RowError" {
		return
	}
	for _, el := range c.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		key, _ := kv.Key.(*ast.Ident)
		switch {
		case key == nil:
		case key.Name == "Accepted":
			s.escapes = append(s.escapes, fset.Position(kv.Pos()).String()+": FieldError.Accepted (use Want: T(...))")
		case key.Name == "Field" || key.Name == "Column":
			if f, ok := stringLit(kv.Value); ok {
				s.fields[f] = fset.Position(kv.Pos()).String()
			}
		}
	}
}

// formatVerbs are the verbs of a format, sorted (%[2]s counts as s).
func formatVerbs(f string) []string {
	var vs []string
	for _, m := range verbPattern.FindAllStringSubmatch(f, -1) {
		if m[3] != "%" {
			vs = append(vs, m[3])
		}
	}
	sort.Strings(vs)
	return vs
}

var verbPattern = regexp.MustCompile(`%[-+# 0]*(\[\d+\])?\d*(?:\.\d+)?(\[\d+\])?([a-zA-Z%])`)

// translatable reports whether a format holds words (not only verbs and
// punctuation, which read the same in every language).
func translatable(f string) bool {
	return strings.IndexFunc(verbPattern.ReplaceAllString(f, ""), unicode.IsLetter) >= 0
}

// TestLedgerCatalogue: every message of ledger, ledger/sheet and allocate
// has a Chinese translation with the same verbs; every translation is of
// a message the code still has; every field key has a Chinese name; and
// no message is built outside the catalogue (fmt.Errorf, errors.New,
// FieldError.Accepted, a format that is not a literal).
func TestLedgerCatalogue(t *testing.T) {
	t.Parallel()
	src := readLedgerSource(t)
	if len(src.formats) < 200 {
		t.Fatalf("found only %d message formats: is the parser looking in the right places?", len(src.formats))
	}
	for _, e := range src.escapes {
		t.Errorf("%s", e)
	}
	var missing []string
	for f, pos := range src.formats {
		if !translatable(f) {
			continue
		}
		zh, ok := ledgerZh[f]
		if !ok {
			missing = append(missing, pos+": "+strconv.Quote(f))
			continue
		}
		if a, b := formatVerbs(f), formatVerbs(zh); strings.Join(a, " ") != strings.Join(b, " ") {
			t.Errorf("%s: %q has verbs %v, its Chinese %q has %v", pos, f, a, zh, b)
		}
		if p := englishProse(verbPattern.ReplaceAllString(zh, "X")); p != "" {
			t.Errorf("%s: the Chinese of %q holds English prose %q: %q", pos, f, p, zh)
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("no Chinese for %s", m)
	}
	for f := range ledgerZh {
		if _, ok := src.formats[f]; !ok {
			t.Errorf("ledgerZh translates %q, which the code no longer says", f)
		}
	}
	for f, pos := range src.fields {
		if strings.HasPrefix(f, "-") || strings.ToUpper(f) == f {
			continue // a flag or a placeholder: shown as typed
		}
		if _, ok := fieldZh[f]; !ok {
			t.Errorf("%s: field %q has no Chinese name in fieldZh", pos, f)
		}
	}
}

// TestSay renders the ledger's errors in both languages: wrapped errors,
// a FieldError, a file system error, the rules' and the sheet's errors.
// In English each reads as its Error() (or, for Go's own errors, in
// words); in Chinese each is whole Chinese and still names the field, the
// value and what is accepted.
func TestSay(t *testing.T) {
	t.Parallel()
	_, phoneErr := ledger.NormalizePhone("12345")
	_, birthErr := ledger.ParseBirth("2990")
	_, addrErr := ledger.ParseAddress("3x")
	_, rulesErr := allocate.ParseRules("r", []byte("tier a\nunit blah\n"))
	_, rowErrs, _ := sheet.Parse([]sheet.Row{{Line: 7, Fields: map[sheet.Column]string{sheet.ColName: "张三", sheet.ColAddress: "3-2-501", sheet.ColPhone: "12.5"}}}, time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC))
	if len(rowErrs) != 1 {
		t.Fatalf("sheet.Parse: %v", rowErrs)
	}
	notFound := ledger.Errorf("household %s: %w", "abcd1234", ledger.ErrNotFound)
	missing := &fs.PathError{Op: "open", Path: "kaixuan.csv", Err: syscall.ENOENT}
	for _, c := range []struct {
		name   string
		err    error
		en, zh string // the rendering, or in Chinese a part it must hold
		typed  bool   // holds words of the rules file, shown as typed
	}{
		{"wrapped", notFound, "household abcd1234: not found", "户 abcd1234：找不到", false},
		{"wrapped twice", ledger.Errorf("entry %s: %w", "0a1b2c3d", notFound), "entry 0a1b2c3d: household abcd1234: not found", "日志条目 0a1b2c3d：户 abcd1234：找不到", false},
		{"a command's wrapping", fmt.Errorf("%s: %w", "kaixuan.csv", notFound), "kaixuan.csv: household abcd1234: not found", "kaixuan.csv: 户 abcd1234：找不到", false},
		{"field", phoneErr, phoneErr.Error(), "电话（*****）：无效；可接受：11 位手机号", false},
		{"field with a value", birthErr, "birth (2990): invalid value; accepted: a year or year-month such as 1948 or 1948-03", "出生年月（2990）：无效；可接受：年份或年月，如 1948 或 1948-03", false},
		{"field by a command", &ledger.FieldError{Field: "--surplus", Value: "-1", Accepted: "0 或以上", Err: ledger.ErrInvalid}, "--surplus (-1): invalid value; accepted: 0 或以上", "--surplus（-1）：无效；可接受：0 或以上", false},
		{"address", addrErr, addrErr.Error(), `地址 "3x"：缺少楼号；应为3号楼2单元501室`, false},
		{"rules", rulesErr, rulesErr.Error(), `规则第 2 行：unit：不认识的发放单位 "blah"（可接受：person, household, flat）`, true},
		{"sheet row", rowErrs[0], rowErrs[0].Error(), "第 7 行，电话 栏：电话（****）：无效；可接受：以文本保存的电话", false},
		{"file not found", missing, "no such file: kaixuan.csv", "找不到文件 kaixuan.csv", false},
		{"file not found, wrapped", fmt.Errorf("%s: %w", "导入", missing), "导入: no such file: kaixuan.csv", "导入: 找不到文件 kaixuan.csv", false},
		{"no permission", &fs.PathError{Op: "open", Path: "/srv/l.db", Err: fs.ErrPermission}, "no permission to read or write /srv/l.db", "没有权限读写 /srv/l.db", false},
		{"a number", ledger.Errorf("conflict %s: %w", "0a1b", &strconv.NumError{Func: "ParseInt", Num: "x1", Err: strconv.ErrSyntax}), `conflict 0a1b: "x1" is not a number`, `冲突 0a1b："x1" 不是数字`, false},
	} {
		en, zh := (&App{Lang: "en"}).say(c.err), (&App{Lang: "zh"}).say(c.err)
		if en != c.en {
			t.Errorf("%s: in English %q, want %q", c.name, en, c.en)
		}
		if !strings.Contains(zh, c.zh) {
			t.Errorf("%s: in Chinese %q, want it to hold %q", c.name, zh, c.zh)
		}
		if p := englishProse(zh); p != "" && !c.typed {
			t.Errorf("%s: in Chinese %q holds English prose %q", c.name, zh, p)
		}
	}
	// A problem vol check found, and the words of vol log.
	p := ledger.Problem{What: ledger.T("%s row %s: %s", ledger.TableWord("med_run_items"), "0a1b2c3d", ledger.ColumnWord("outcome")), Want: ledger.T("a row"), Got: ledger.T("no row")}
	if got, want := (&App{Lang: "zh"}).say(p), "送药单 0a1b2c3d：结果：应为 有一行，实际为 没有该行"; got != want {
		t.Errorf("problem in Chinese: %q, want %q", got, want)
	}
	if got, want := (&App{Lang: "en"}).say(p), p.String(); got != want {
		t.Errorf("problem in English: %q, want %q", got, want)
	}
}

// TestLedgerErrorsInChinese: with --lang zh, errors that come from the
// ledger reach the user as one Chinese line that still names the field,
// the value and what is accepted.
func TestLedgerErrorsInChinese(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "l.db")
	notLedger := filepath.Join(dir, "notes.db")
	if err := os.WriteFile(notLedger, []byte("这不是台账\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"VOL_DB": db, "XDG_CONFIG_HOME": dir}
	for _, args := range [][]string{{"init", "--compound", "测试小区"}, {"household", "add", "3-2-501"}} {
		if code, _, errOut := vol(t, env, args...); code != 0 {
			t.Fatalf("%v: %s", args, errOut)
		}
	}
	for _, c := range []struct {
		name  string
		args  []string
		holds []string // the field, the value, what is accepted
	}{
		{"bad birth", []string{"person", "add", "王秀英", "--address", "3-2-501", "--birth", "2990"},
			[]string{"出生年月", "2990", "可接受：年份或年月，如 1948 或 1948-03"}},
		{"bad phone", []string{"person", "add", "王秀英", "--address", "3-2-501", "--phone", "12345"},
			[]string{"电话", "*****", "可接受：11 位手机号"}},
		{"unknown household", []string{"household", "show", "abcd1234"},
			[]string{"户", "abcd1234", "找不到", "可接受：户编号"}},
		{"no such file", []string{"import", filepath.Join(dir, "kaixuan.csv")},
			[]string{"找不到文件", "kaixuan.csv"}},
		{"not a ledger", []string{"--db", notLedger, "household", "list"},
			[]string{"notes.db", "不是 vol 台账文件"}},
	} {
		code, _, errOut := vol(t, env, append([]string{"--lang", "zh"}, c.args...)...)
		if code != exitFailure {
			t.Errorf("%s: exit %d, want %d (%s)", c.name, code, exitFailure, errOut)
		}
		line := strings.TrimSuffix(errOut, "\n")
		if strings.Contains(line, "\n") || !strings.HasPrefix(line, "vol: ") {
			t.Errorf("%s: want one line starting vol:, got %q", c.name, errOut)
		}
		if p := englishProse(line); p != "" {
			t.Errorf("%s: %q holds English prose %q", c.name, line, p)
		}
		for _, h := range c.holds {
			if !strings.Contains(line, h) {
				t.Errorf("%s: %q does not hold %q", c.name, line, h)
			}
		}
		// The same error in English reads as before: English words, no Chinese.
		_, _, enOut := vol(t, env, append([]string{"--lang", "en"}, c.args...)...)
		if strings.ContainsAny(enOut, "找户电话出生不") {
			t.Errorf("%s: in English %q", c.name, enOut)
		}
	}
}

// TestRejectsInChinese: the reason column of an import's rejects file is
// in the user's language.
func TestRejectsInChinese(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	env := map[string]string{"VOL_DB": filepath.Join(dir, "l.db"), "XDG_CONFIG_HOME": dir}
	if code, _, errOut := vol(t, env, "init", "--compound", "测试小区"); code != 0 {
		t.Fatal(errOut)
	}
	csvPath := filepath.Join(dir, "名单.csv")
	if err := os.WriteFile(csvPath, []byte("姓名,楼号,室号,出生年月,联系电话\n张三,3,501,2990,13800138000\n李四,3,502,1950,12345\n王五,3,503,1948,13900139000\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := vol(t, env, "--lang", "zh", "import", csvPath, "--skip-bad"); code != 0 {
		t.Fatalf("import --skip-bad: exit %d: %s", code, errOut)
	}
	b, err := os.ReadFile(csvPath + ".rejects.csv")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 3 {
		t.Fatalf("rejects file: want a header and 2 rows, got\n%s", b)
	}
	for i, want := range []string{"出生年月（2990）：无效；可接受：", "电话（*****）：无效；可接受："} {
		line := lines[i+1]
		if !strings.Contains(line, want) {
			t.Errorf("rejects row %d %q: want it to hold %q", i+1, line, want)
		}
		if p := englishProse(line); p != "" {
			t.Errorf("rejects row %d %q holds English prose %q", i+1, line, p)
		}
	}
}
