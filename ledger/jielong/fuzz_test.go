package jielong

import (
	"errors"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"vol/ledger"
)

// numberedLine is a line every reading of a 接龙 takes as numbered: the
// oracle of FuzzParse, narrower than Parse's.
var numberedLine = regexp.MustCompile(`^[0-9]{1,5}[.、] `)

// reasons are the reasons Parse gives: all but the caller's.
var reasons = func() map[string]bool {
	m := map[string]bool{}
	for _, r := range Reasons {
		m[r] = r != ReasonUnknownAddress
	}
	return m
}()

// blank reports whether a line holds only spaces and zero-width characters.
func blank(s string) bool {
	for _, r := range s {
		if !unicode.IsSpace(r) && !isZeroWidth(r) {
			return false
		}
	}
	return true
}

// shown reports whether s may be printed: UTF-8, no control, direction or
// zero-width character.
func shown(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if badChar(r) || isZeroWidth(r) {
			return false
		}
	}
	return true
}

// FuzzParse: Parse never panics and gives the same result twice; each
// line gives at most one order or problem; every line numbered as
// numberedLine says, and every later line that is not blank and not an
// example, gives exactly one; orders hold only the buy's items, from 1 to
// MaxQty each; what Parse returns may be printed.
func FuzzParse(f *testing.F) {
	for _, c := range lineShapes {
		f.Add(c.in)
		f.Add("团购\n例 3-101 鸡蛋1\n" + c.in + "\n" + c.in + "\n谢谢")
	}
	f.Add(sampleText)
	f.Add("1. 3-501 鸡蛋2\n\x00\n2. 3-502 \u202e鸡蛋2\n例\n\u3000\n🥚\n3\n")
	names := map[string]bool{}
	for _, it := range testItems {
		names[it.Name] = true
	}
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 1<<16 { // Parse's limits are tested apart; long inputs only slow the search
			return
		}
		read := text // as Parse splits it into lines
		if !strings.Contains(read, "\n") {
			read = strings.ReplaceAll(read, "\r", "\n") // lines ended by CR alone
		}
		orders, problems, err := Parse(text, testItems)
		if err != nil {
			lines := strings.Count(read, "\n")
			if !strings.HasSuffix(read, "\n") {
				lines++
			}
			if !errors.Is(err, ledger.ErrInvalid) || (len(text) <= MaxBytes && utf8.ValidString(text) && lines <= MaxLines) {
				t.Fatalf("Parse(%q): error %v", text, err)
			}
			return
		}
		o2, p2, _ := Parse(text, testItems)
		if !reflect.DeepEqual(orders, o2) || !reflect.DeepEqual(problems, p2) {
			t.Fatalf("Parse(%q) differs from itself", text)
		}
		lines := strings.Split(strings.TrimSuffix(read, "\n"), "\n")
		if text == "" {
			lines = nil
		}
		seen := map[int]int{}
		for _, o := range orders {
			seen[o.Line]++
			if o.Address.IsZero() || len(o.Items) == 0 {
				t.Fatalf("Parse(%q): order %+v with no address or items", text, o)
			}
			items := map[string]bool{}
			for _, q := range o.Items {
				if !names[q.Item] || items[q.Item] || q.Qty < 1 || q.Qty > MaxQty {
					t.Fatalf("Parse(%q): order %+v: item %q quantity %d", text, o, q.Item, q.Qty)
				}
				items[q.Item] = true
			}
			if o.ReplacedBy != 0 && o.ReplacedBy <= o.Line {
				t.Fatalf("Parse(%q): order %+v replaced by an earlier line", text, o)
			}
			for _, s := range []string{o.Text, o.Who, o.Remark, o.Masked} {
				if !shown(s) {
					t.Fatalf("Parse(%q): order %+v holds %q", text, o, s)
				}
			}
		}
		for _, p := range problems {
			seen[p.Line]++
			if !reasons[p.Reason] {
				t.Fatalf("Parse(%q): problem %+v: reason %q", text, p, p.Reason)
			}
			for _, s := range []string{p.Text, p.Detail, p.Masked} {
				if !shown(s) {
					t.Fatalf("Parse(%q): problem %+v holds %q", text, p, s)
				}
			}
		}
		started := false
		for i, l := range lines {
			l = strings.TrimSuffix(l, "\r")
			numbered := numberedLine.MatchString(l)
			started = started || numbered
			must := numbered || (started && !blank(l) && !strings.Contains(l, "例") && !strings.Contains(l, "格式") && !strings.Contains(l, "模板"))
			if n := seen[i+1]; n > 1 || (must && n != 1) {
				t.Fatalf("Parse(%q): line %d (%q) gives %d orders and problems", text, i+1, l, n)
			}
			delete(seen, i+1)
		}
		for line := range seen {
			t.Fatalf("Parse(%q): an order or problem for line %d, of %d", text, line, len(lines))
		}
	})
}
