package ledger

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Limits on free text, in characters. A name longer than MaxName, or a
// note longer than MaxNote, is refused: no register needs more, and a
// sheet or sync file from outside must not fill the ledger.
const (
	MaxName = 100  // a person's name, a drug, a hospital, a skill or need tag, the compound's name
	MaxNote = 4000 // notes, an emergency contact, a reason (--why)
	// MaxAddress bounds an address as typed (or the parts of one in a sheet).
	MaxAddress = 200
)

// textKind says which characters a text field accepts.
type textKind int

const (
	nameText  textKind = iota // one line, no invisible characters, at least one letter
	labelText                 // as a name, digits alone allowed (a hospital called 301)
	noteText                  // line feeds and tabs allowed, and the joiners emoji use
)

// CheckName refuses a person's name that holds a control character, a
// bidirectional control or a zero-width character, that is longer than
// MaxName characters, or that has no letter or Han character. The error names the field and the code point, never
// the name.
func CheckName(field, s string) error { return checkText(field, s, nameText) }

// CheckLabel is CheckName for the names of things (a drug, a hospital, an
// item, a tag, the compound): they may be digits alone (301 is a hospital).
func CheckLabel(field, s string) error { return checkText(field, s, labelText) }

// CheckNote refuses free text (notes, reasons, contacts) that holds a
// control character other than line feed and tab, a bidirectional control
// or a zero-width space, or that is longer than MaxNote characters.
// Zero-width joiners and variation selectors, which emoji are made of, are
// allowed.
func CheckNote(field, s string) error { return checkText(field, s, noteText) }

func checkText(field, s string, kind textKind) error {
	limit, accepted := MaxName, T("at most %d characters, with at least one letter, and no control, direction or invisible characters", MaxName)
	if kind == labelText {
		accepted = T("at most %d characters, and no control, direction or invisible characters", MaxName)
	}
	if kind == noteText {
		limit, accepted = MaxNote, T("at most %d characters, and no control, direction or invisible characters", MaxNote)
	}
	if !utf8.ValidString(s) {
		return invalidAbout(field, T("bytes that are not UTF-8"), accepted)
	}
	rk := kind // the characters a label refuses are a name's
	if rk == labelText {
		rk = nameText
	}
	n, letter := 0, false
	for _, r := range s {
		n++
		if bad, what := refused(r, rk); bad {
			return invalidAbout(field, T("%s U+%04X at character %d", what, r, n), accepted)
		}
		letter = letter || unicode.IsLetter(r)
	}
	if n > limit {
		return invalidAbout(field, T("%d characters", n), accepted)
	}
	if kind == nameText && n > 0 && !letter {
		return invalidAbout(field, T("no letter"), accepted)
	}
	return nil
}

// refused reports whether r may not appear in text of the kind, and what it is.
func refused(r rune, kind textKind) (bool, Text) {
	switch {
	case r == '\n' || r == '\t':
		return kind == nameText, T("control character")
	case r < 0x20 || (r >= 0x7f && r <= 0x9f):
		return true, T("control character")
	case isBidi(r):
		return true, T("direction control")
	case r == 0x200b || r == 0x2060 || r == 0xfeff || r == 0x180e:
		return true, T("invisible character")
	case r == 0x200c || r == 0x200d || (r >= 0xfe00 && r <= 0xfe0f) || (r >= 0xe0100 && r <= 0xe01ef):
		return kind == nameText, T("invisible character")
	case r == utf8.RuneError:
		return true, T("replacement character")
	}
	return false, Text{}
}

// isBidi reports the characters that change the direction text is shown in.
func isBidi(r rune) bool {
	return r == 0x061c || r == 0x200e || r == 0x200f || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}

// Printable returns s with every character CheckNote refuses (and line
// feeds and tabs) shown as an escape (\u001b), so a value stored before
// these checks, or arriving from outside, cannot move the cursor, recolour
// the terminal or reverse the text around it.
func Printable(s string) string {
	clean := true
	for _, r := range s {
		if bad, _ := refused(r, nameText); bad {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	out := make([]rune, 0, len(s))
	for _, r := range s {
		if bad, _ := refused(r, nameText); bad && r != 0x200d && !(r >= 0xfe00 && r <= 0xfe0f) && !(r >= 0xe0100 && r <= 0xe01ef) {
			out = append(out, []rune(fmt.Sprintf("\\u%04x", r))...)
			continue
		}
		out = append(out, r)
	}
	return string(out)
}

// PrintableText is Printable for text of several lines: line feeds and
// tabs stay as they are.
func PrintableText(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		parts := strings.Split(l, "\t")
		for j, p := range parts {
			parts[j] = Printable(p)
		}
		lines[i] = strings.Join(parts, "\t")
	}
	return strings.Join(lines, "\n")
}

// badRune names the first character no address or name may hold (none
// when there is none), by its code point.
func badRune(s string) Text {
	if n := utf8.RuneCountInString(s); n > MaxAddress {
		return T("%d characters, more than %d", n, MaxAddress)
	}
	for _, r := range s {
		if bad, what := refused(r, nameText); bad {
			return T("%s U+%04X", what, r)
		}
	}
	return Text{}
}

// lazyRegexp compiles expr the first time it is used, not when vol starts:
// every command pays for the package's start-up, and most never parse a
// birth or a phone.
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
