package poster

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Line breaking: Chinese (and other wide) text breaks between any two
// characters, Latin text at spaces; a closing punctuation mark stays with
// what it closes and an opening one with what it opens, so no line starts
// with ，or ends with （. A word wider than the line is broken where it
// must.

// closing and opening are the punctuation marks that must not start,
// respectively end, a line.
const (
	closing = "，。、；：！？）」』】》〉”’…％,.;:!?)]}%"
	opening = "（「『【《〈“‘([{"
)

// wide reports whether r is a character a line may break before or
// after: the CJK blocks, full-width forms, and everything from U+2E80 up
// but the specials.
func wide(r rune) bool {
	return r >= 0x2e80 && r < 0xfff0 && !unicode.Is(unicode.Variation_Selector, r) || r >= 0x20000 && r < 0x3fffe
}

// tokens splits s into the pieces between which a line may break: runs of
// spaces, Latin words (with their punctuation), single wide characters
// (with the punctuation that clings to them).
func tokens(s string) []string {
	var toks []string
	glue := false // the next rune joins the last token (after an opening mark)
	lastWord := false
	for _, r := range s {
		n := len(toks)
		switch {
		case unicode.IsSpace(r):
			if n > 0 && isSpace(toks[n-1]) {
				toks[n-1] += string(r)
			} else {
				toks = append(toks, string(r))
			}
			glue, lastWord = false, false
			continue
		case strings.ContainsRune(closing, r) && n > 0 && !isSpace(toks[n-1]),
			glue,
			!wide(r) && lastWord:
			toks[n-1] += string(r)
		default:
			toks = append(toks, string(r))
		}
		glue = strings.ContainsRune(opening, r)
		lastWord = !wide(r)
	}
	return toks
}

func isSpace(tok string) bool { return strings.TrimSpace(tok) == "" }

// wrap breaks s into lines no wider than width as measure measures them
// (at least one line, "" for an empty s). A line break in s starts a new
// line; other control characters are dropped, tabs become spaces.
func wrap(s string, width int, measure func(string) int) []string {
	var lines []string
	for _, para := range strings.Split(clean(s), "\n") {
		lines = append(lines, wrapPara(para, width, measure)...)
	}
	return lines
}

// clean turns tabs into spaces and drops the control characters but for
// line breaks (CRLF and CR become LF), and invalid UTF-8.
func clean(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\r' || r == '\n':
			return '\n'
		case r == '\t':
			return ' '
		case r == utf8.RuneError, unicode.IsControl(r), unicode.Is(unicode.Cf, r) && r != 0x200d:
			return -1
		}
		return r
	}, s)
}

func wrapPara(para string, width int, measure func(string) int) []string {
	var lines []string
	line, space := "", "" // space: the spaces before the next word, dropped at a break
	for _, tok := range tokens(para) {
		if isSpace(tok) {
			if line != "" {
				space = tok
			}
			continue
		}
		try := tok
		if line != "" {
			try = line + space + tok
		}
		space = ""
		if measure(try) <= width {
			line = try
			continue
		}
		if line != "" {
			lines = append(lines, line)
		}
		line = ""
		// tok alone may still be too wide: break it by characters.
		for _, r := range tok {
			if line != "" && measure(line+string(r)) > width {
				lines = append(lines, line)
				line = ""
			}
			line += string(r)
		}
	}
	return append(lines, line)
}

// fit returns s cut so that s+tail is no wider than width, with tail.
func fit(s, tail string, width int, measure func(string) int) string {
	r := []rune(strings.TrimRight(s, " "))
	for len(r) > 0 && measure(string(r)+tail) > width {
		r = r[:len(r)-1]
	}
	return string(r) + tail
}
