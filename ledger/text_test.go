package ledger

import (
	"errors"
	"strings"
	"testing"
)

func TestCheckText(t *testing.T) {
	for _, c := range []struct {
		name, in string
		note     bool // checked as a note, not a name
		bad      string
	}{
		{"plain name", "王秀英", false, ""},
		{"latin name", "Anna Müller", false, ""},
		{"NUL", "王\x00秀英", false, "control character U+0000 at character 2"},
		{"terminal title escape", "\x1b]0;PWNED\x07", false, "control character U+001B at character 1"},
		{"C1", "王\u0085", false, "control character U+0085"},
		{"right-to-left override", "王\u202e英秀", false, "direction control U+202E"},
		{"isolate", "\u2066王", false, "direction control U+2066"},
		{"only a zero-width space", "\u200b", false, "invisible character U+200B"},
		{"zero-width joiner in a name", "王\u200d英", false, "invisible character U+200D"},
		{"no letter", "123", false, "no letter"},
		{"too long", strings.Repeat("王", MaxName+1), false, "101 characters"},
		{"line feed in a name", "王\n英", false, "control character U+000A"},
		{"note with lines and tabs", "周二复诊\n\t带医保卡", true, ""},
		{"note with an emoji family", "👨\u200d👩\u200d👧 ✌\ufe0f", true, ""},
		{"note with ESC", "ok\x1b[31m", true, "control character U+001B"},
		{"note with a bidi override", "a\u202eb", true, "direction control U+202E"},
		{"note with a zero-width space", "a\u200bb", true, "invisible character U+200B"},
		{"note too long", strings.Repeat("x", MaxNote+1), true, "4001 characters"},
		{"note of digits", "13912345678", true, ""},
		{"not UTF-8", "\xff\xfe", true, "not UTF-8"},
	} {
		check := CheckName
		if c.note {
			check = CheckNote
		}
		err := check("field", c.in)
		switch {
		case c.bad == "" && err != nil:
			t.Errorf("%s: %v, want accepted", c.name, err)
		case c.bad != "" && (!errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), c.bad) || !strings.HasPrefix(err.Error(), "field (")):
			t.Errorf("%s: %v, want ErrInvalid naming the field and %q", c.name, err, c.bad)
		}
		if err != nil && len(c.in) > 3 && strings.Contains(err.Error(), c.in) {
			t.Errorf("%s: the error repeats the value: %v", c.name, err)
		}
	}
}

func TestCheckLabel(t *testing.T) {
	if err := CheckLabel("hospital", "301"); err != nil {
		t.Errorf("a hospital called 301: %v", err)
	}
	if err := CheckLabel("hospital", "30\u202e1"); !errors.Is(err, ErrInvalid) {
		t.Errorf("a label with a direction control: %v, want refused", err)
	}
	if got := PrintableText("a\n\tb\x1b"); got != "a\n\tb\\u001b" {
		t.Errorf("PrintableText keeps lines and tabs, escapes the rest: %q", got)
	}
}

func TestPrintable(t *testing.T) {
	for in, want := range map[string]string{
		"王秀英":              "王秀英",
		"\x1b]0;PWNED\x07": `\u001b]0;PWNED\u0007`,
		"a\u202eb":         `a\u202eb`,
		"a\nb":             `a\u000ab`,
		"👨\u200d👩":         "👨\u200d👩",
		"\u200b":           `\u200b`,
	} {
		if got := Printable(in); got != want {
			t.Errorf("Printable(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestAddressRefusesControls(t *testing.T) {
	for _, s := range []string{"3-2-501\x1b[2J", "3-2-5\u202e01", "3号楼\u200b2单元501室"} {
		if _, err := ParseAddress(s); !errors.Is(err, ErrBadAddress) || !strings.Contains(err.Error(), "U+") {
			t.Errorf("ParseAddress(%q): %v, want ErrBadAddress naming the code point", s, err)
		}
	}
	if _, err := NewAddress("", "3", "2", "50\x001"); !errors.Is(err, ErrBadAddress) {
		t.Errorf("NewAddress with NUL: %v, want ErrBadAddress", err)
	}
}
