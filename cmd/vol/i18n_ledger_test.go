package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// messagePackages are the packages whose messages ledgerZh translates.
var messagePackages = []string{"../../ledger", "../../ledger/sheet", "../../allocate"}

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
