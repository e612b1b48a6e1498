package jielong

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"vol/ledger"
)

// parser reads the lines of one text in order.
type parser struct {
	m        *matcher
	started  bool // the list has started: lines are no longer header
	orders   []Order
	problems []Problem
}

// headChars is how much of a too long line is read for its number and
// shown.
const headChars = 40

// line reads line no.
func (p *parser) line(no int, raw string) {
	if n := utf8.RuneCountInString(raw); n > MaxLineChars {
		head := normalize(firstChars(raw, headChars))
		fold := foldRunes([]rune(stripEmoji(head)))
		seq, _, numbered := cutSeq(fold)
		if !numbered && !p.started {
			return
		}
		p.started = true
		p.problems = append(p.problems, Problem{Line: no, Seq: seq, Text: ledger.Printable(head) + "…",
			Reason: ReasonTooLong, Detail: itoa(n)})
		return
	}
	text := normalize(raw)
	if text == "" {
		return
	}
	orig := []rune(stripEmoji(text))
	fold := foldRunes(orig)
	seq, at, numbered := cutSeq(fold)
	if numbered && at > 0 && at < len(fold) && fold[at-1] != ' ' && isDigit(fold[at]) {
		// A number and a digit with only punctuation between is a date or
		// a time (2022.4.15团购, 12:30截止) unless an address follows
		// (12.3-501).
		if _, _, _, ok := p.address(fold, at, len(fold), 1); !ok {
			seq, at, numbered = 0, 0, false
		}
	}
	if !numbered {
		if isExample(fold) {
			return
		}
		if !p.started {
			if _, _, _, ok := p.address(fold, 0, len(fold), 1); !ok {
				return // the header
			}
		}
	}
	p.started = true
	if i := strings.IndexFunc(text, badChar); i >= 0 {
		r, _ := utf8.DecodeRuneInString(text[i:])
		p.problems = append(p.problems, Problem{Line: no, Seq: seq, Text: ledger.Printable(text),
			Reason: ReasonBadCharacter, Detail: fmt.Sprintf("U+%04X", r)})
		return
	}
	l := &lineReader{p: p, no: no, seq: seq, numbered: numbered, text: text, orig: orig, fold: fold, at: at}
	l.read()
}

// firstChars returns the first n characters of s.
func firstChars(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

func foldRunes(rs []rune) []rune {
	out := make([]rune, len(rs))
	for i, r := range rs {
		out[i] = foldRune(r)
	}
	return out
}

func isDigit(r rune) bool { return '0' <= r && r <= '9' }
func isLatin(r rune) bool { return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' }

// closers pair the brackets a line may hold (after NFKC) with their ends.
var closers = map[rune]rune{'(': ')', '[': ']', '{': '}', '【': '】', '〔': '〕', '〖': '〗', '「': '」', '『': '』', '《': '》', '〈': '〉'}

// cutSeq reads the number a line starts with: 12. 12、 12, 12) 12: 12。 (12)
// [12] 【12】 or 12 followed by a space or nothing (all after NFKC: １２．
// is 12.). It returns the number, where the rest of the line starts, and
// whether there was a number.
func cutSeq(rs []rune) (seq, at int, ok bool) {
	i := 0
	closer := rune(0)
	if i < len(rs) && (rs[i] == '(' || rs[i] == '[' || rs[i] == '【') {
		closer = closers[rs[i]]
		i++
		i = skipSpaces(rs, i)
	}
	j := i
	for j < len(rs) && isDigit(rs[j]) && j-i < 6 {
		j++
	}
	if j == i || j-i > 5 {
		return 0, 0, false
	}
	for _, r := range rs[i:j] {
		seq = seq*10 + int(r-'0')
	}
	k := skipSpaces(rs, j)
	switch {
	case closer != 0:
		if k >= len(rs) || rs[k] != closer {
			return 0, 0, false
		}
		k++
		if k < len(rs) && strings.ContainsRune(".、,:", rs[k]) {
			k++
		}
	case k < len(rs) && strings.ContainsRune(".、,:)]】。", rs[k]):
		k++
	case k == len(rs) || k > j:
		// 12 alone, or 12 and a space
	default:
		return 0, 0, false
	}
	return seq, skipSpaces(rs, k), true
}

func skipSpaces(rs []rune, i int) int {
	for i < len(rs) && rs[i] == ' ' {
		i++
	}
	return i
}

// maxAddressWords bounds the words of a line tried as its address, and
// maxAddressChars the characters of one: reading a line stays quick.
const (
	maxAddressWords = 12
	maxAddressChars = 40
)

func isASCIIWord(r rune) bool { return isDigit(r) || isLatin(r) }

// address finds the first word of fold[from:to] that ledger.ParseAddress
// reads, trying at most the first only words, each in its first
// maxAddressChars characters. A word starts after a space or
// punctuation, or at a digit after a character that cannot be an
// address's (王3-501). The address is the longest run of address
// characters at the word's start that reads (3-501门口 is 3-501). It
// returns the address and where it is, fold[a:b], or ok false.
func (p *parser) address(fold []rune, from, to, only int) (a, b int, addr ledger.Address, ok bool) {
	words := 0
	for i := from; i < to; i++ {
		if !wordStart(fold, from, i) {
			continue
		}
		if words++; words > only {
			break
		}
		end := scanAddress(fold, i, min(to, i+maxAddressChars))
		for k := end; k > i; k-- {
			// an address ends with a room's digit or letter, or its 室 or
			// 号, and not inside a run of digits or letters
			if !canEndAddress(fold[k-1]) || (k < to && isASCIIWord(fold[k-1]) && isASCIIWord(fold[k])) {
				continue
			}
			if ad, err := ledger.ParseAddress(string(fold[i:k])); err == nil {
				return i, k, ad, true
			}
		}
	}
	return 0, 0, ledger.Address{}, false
}

// badAddress finds the first word of fold[from:to] that looks like an
// address but is none: one with a building or room marker or a dash
// (3号楼, 3-), or a first word of three or more digits (501). It returns
// its place, or ok false.
func badAddress(fold []rune, from, to int) (a, b int, ok bool) {
	words := 0
	for i := from; i < to; i++ {
		if !wordStart(fold, from, i) {
			continue
		}
		if words++; words > maxAddressWords {
			break
		}
		end := scanAddress(fold, i, min(to, i+maxAddressChars))
		for end > i && fold[end-1] == ' ' {
			end--
		}
		w := fold[i:end]
		if len(w) == 0 {
			continue
		}
		digits := true
		for _, r := range w {
			if strings.ContainsRune("-/#号楼栋幢座单室门期弄区", r) || isDash(r) {
				return i, end, true
			}
			digits = digits && isDigit(r)
		}
		if words == 1 && digits && len(w) >= 3 {
			return i, end, true
		}
	}
	return 0, 0, false
}

// wordStart reports whether a word starts at fold[i].
func wordStart(fold []rune, from, i int) bool {
	if fold[i] == ' ' || isBreak(fold[i]) {
		return false
	}
	if i == from {
		return true
	}
	prev := fold[i-1]
	return prev == ' ' || isBreak(prev) || (isDigit(fold[i]) && !addressChar(prev) && !isDigit(prev) && !isLatin(prev))
}

// isBreak reports punctuation and symbols that end a word, but for those
// an address holds (3-501, 3/2/501, 3#501).
func isBreak(r rune) bool {
	return (unicode.IsPunct(r) || unicode.IsSymbol(r)) && !strings.ContainsRune("-/#", r) && !isDash(r)
}

func isDash(r rune) bool { return strings.ContainsRune("‐‑‒–—―−", r) }

// markers are the characters that end an address's parts.
const markers = "号楼栋幢座元门期弄区#-/"

// addressChar reports whether r may be part of an address (but for the
// Chinese numerals and stems, which scanAddress treats apart).
func addressChar(r rune) bool {
	return isDigit(r) || isLatin(r) || isDash(r) || strings.ContainsRune("-/#号楼栋幢座单元室门期弄区", r)
}

// numeralsAndStems may name a building, unit or area (三号楼, 二单元,
// 一期, 12甲号楼) when a marker follows them.
const numeralsAndStems = "一二三四五六七八九十甲乙丙丁戊己庚辛壬癸"

// scanAddress returns where the run of address characters starting at
// fold[i] ends: digits, Latin letters, dashes, markers (号楼 栋 幢 座 单元
// 室 门 期 弄 区 #), Chinese numerals and stems followed by a marker, and a
// space after a marker or beside a dash (3号楼 2单元 501).
func scanAddress(fold []rune, i, to int) int {
	j := i
	for j < to {
		r := fold[j]
		switch {
		case r == '单':
			if j+1 < to && fold[j+1] == '元' {
				j += 2
				continue
			}
			return j
		case r == '元':
			return j // 元 alone is money, 单元 is read above
		case addressChar(r):
			j++
		case strings.ContainsRune(numeralsAndStems, r):
			k := j
			for k < to && strings.ContainsRune(numeralsAndStems, fold[k]) {
				k++
			}
			if k == to || !strings.ContainsRune("号楼栋幢座单门期弄区", fold[k]) {
				return j
			}
			j = k
		case r == ' ' && j > i && j+1 < to:
			prev, next := fold[j-1], fold[j+1]
			if !(strings.ContainsRune(markers, prev) || isDash(prev) || next == '-' || isDash(next)) ||
				!(addressChar(next) || strings.ContainsRune(numeralsAndStems, next)) || next == '元' {
				return j
			}
			j++
		default:
			return j
		}
	}
	return j
}

// canEndAddress reports whether an address may end with r: a room's last
// digit or letter, or its 室 or 号.
func canEndAddress(r rune) bool { return isDigit(r) || isLatin(r) || r == '室' || r == '号' }

// tokKind is what a piece of a line is.
type tokKind int

const (
	tText    tokKind = iota // words: the name part, a remark, or an unknown item
	tSep                    // spaces and punctuation
	tItem                   // one of the buy's items
	tQty                    // a quantity
	tRemark                 // the text inside brackets
	tUnknown                // words with a quantity that are none of the items
)

type tok struct {
	kind       tokKind
	start, end int // in the line's runes
	item       int // tItem: the item
	qty        int // tQty: the value, or -1 when it is not one from 1 to MaxQty
	unit       string
	owner      int // tQty: the index of the tItem token it is for, -1 none
	has        int // tItem: the index of its tQty token, -1 none
}

// lineReader reads one line of the list.
type lineReader struct {
	p          *parser
	no, seq    int
	numbered   bool
	text       string
	orig, fold []rune // the line as read (emoji left out), and folded
	at         int    // where the line starts after its number
	toks       []tok
}

func (l *lineReader) problem(reason, detail string, addr ledger.Address, masked string) {
	l.p.problems = append(l.p.problems, Problem{Line: l.no, Seq: l.seq, Text: l.text, Masked: masked,
		Reason: reason, Detail: detail, Address: addr})
}

func (l *lineReader) read() {
	end := len(l.fold)
	if l.numbered && isExample(l.fold[l.at:]) {
		l.tokenize(l.at, end)
		l.problem(ReasonExample, "", ledger.Address{}, l.masked(true))
		return
	}
	if l.at == end {
		l.problem(ReasonEmpty, "", ledger.Address{}, l.text)
		return
	}
	a, b, addr, ok := l.p.address(l.fold, l.at, end, maxAddressWords)
	if !ok {
		l.tokenize(l.at, end)
		masked := l.masked(true)
		switch ba, bb, bad := badAddress(l.fold, l.at, end); {
		case bad:
			l.problem(ReasonBadAddress, string(l.orig[ba:bb]), ledger.Address{}, masked)
		case l.numbered:
			l.problem(ReasonNoAddress, "", ledger.Address{}, masked)
		default:
			l.problem(ReasonNotNumbered, "", ledger.Address{}, masked)
		}
		return
	}
	l.tokenize(l.at, a)
	l.toks = append(l.toks, tok{kind: tSep, start: a, end: b, owner: -1, has: -1})
	l.tokenize(b, end)
	l.assemble(addr)
}

// tokenize reads fold[from:to] into tokens.
func (l *lineReader) tokenize(from, to int) {
	fold, m := l.fold, l.p.m
	for p := from; p < to; {
		if n, item := m.match(fold, p, to); n > 0 {
			it := tok{kind: tItem, start: p, end: p + n, item: item, owner: -1, has: -1}
			l.toks = append(l.toks, it)
			k := len(l.toks) - 1
			p += n
			if q := l.leading(k); q >= 0 {
				l.toks[q].owner, l.toks[k].has = k, q
				continue
			}
			if q, ok := l.quantity(p, to, true); ok {
				q.owner = k
				l.toks = append(l.toks, q)
				l.toks[k].has = len(l.toks) - 1
				p = q.end
			}
			continue
		}
		r := fold[p]
		if c, ok := closers[r]; ok {
			e := p + 1
			for e < to && fold[e] != c {
				e++
			}
			l.toks = append(l.toks, tok{kind: tRemark, start: p + 1, end: e, owner: -1, has: -1})
			p = min(e+1, to)
			continue
		}
		if q, ok := l.quantity(p, to, false); ok {
			l.toks = append(l.toks, q)
			p = q.end
			continue
		}
		kind := tText
		if (r == ' ' || isBreak(r) || isDash(r) || r == '-' || r == '/' || r == '#') && !isMoney(r) {
			kind = tSep
		}
		if isMoney(r) { // ¥70 is a price: words of the remark, no quantity
			for p+1 < to && (isDigit(fold[p+1]) || fold[p+1] == '.') {
				l.appendText(p)
				p++
			}
		}
		l.appendRune(kind, p)
		p++
	}
}

// appendRune adds fold[p] to the tokens, to the last token if it is of the
// kind and ends at p.
func (l *lineReader) appendRune(kind tokKind, p int) {
	if n := len(l.toks); n > 0 && l.toks[n-1].kind == kind && l.toks[n-1].end == p {
		l.toks[n-1].end++
		return
	}
	l.toks = append(l.toks, tok{kind: kind, start: p, end: p + 1, owner: -1, has: -1})
}

func (l *lineReader) appendText(p int) { l.appendRune(tText, p) }

// isMoney reports the currency signs (after NFKC: ￥ is ¥).
func isMoney(r rune) bool { return r == '¥' || r == '$' || r == '€' || r == '£' }

// leading returns the quantity written before the item token k (两盒鸡蛋,
// 2袋 大米): a quantity no item has taken, right before it or with a unit
// and only spaces or punctuation between; or -1.
func (l *lineReader) leading(k int) int {
	j := k - 1
	for j >= 0 && l.toks[j].kind == tSep {
		j--
	}
	if j < 0 || l.toks[j].kind != tQty || l.toks[j].owner >= 0 {
		return -1
	}
	if l.toks[j].unit == "" && j != k-1 {
		return -1
	}
	return j
}

// quantity reads a quantity at fold[p:to]. After an item (afterItem) it
// may follow spaces, ":", "=", or words such as 要 and 来 (鸡蛋 要2盒), and
// digits need nothing after them (鸡蛋2谢谢). Elsewhere, and for Chinese
// numerals anywhere, what follows must end it: a unit, a space or
// punctuation, a bracket, an item or the line's end (so 3点送 and 一定 are
// words, not quantities); a Chinese numeral away from an item needs a
// unit (王二 is a name, 两盒鸡蛋 a quantity). A quantity may start with x,
// X, × or * (x2), and a unit may follow it after a space.
func (l *lineReader) quantity(p, to int, afterItem bool) (tok, bool) {
	fold := l.fold
	j := p
	if afterItem {
		for j < to {
			if fold[j] == ' ' || fold[j] == ':' || fold[j] == '=' {
				j++
				continue
			}
			if n := wordAt(fillers, fold, j, to); n > 0 {
				j += n
				continue
			}
			break
		}
	}
	start := j
	if j < to && strings.ContainsRune("x×*", fold[j]) {
		j = skipSpaces(fold, j+1)
	}
	if j >= to {
		return tok{}, false
	}
	q := tok{kind: tQty, start: start, owner: -1, has: -1}
	numeral := false
	switch {
	case isDigit(fold[j]):
		k := j
		for k < to && isDigit(fold[k]) {
			k++
		}
		q.qty = -1
		if k-j <= 6 {
			v := 0
			for _, r := range fold[j:k] {
				v = v*10 + int(r-'0')
			}
			if v >= 1 && v <= MaxQty {
				q.qty = v
			}
		}
		if k+1 < to && fold[k] == '.' && isDigit(fold[k+1]) { // 1.5
			q.qty = -1
			for k++; k < to && isDigit(fold[k]); k++ {
			}
		}
		j = k
	case strings.ContainsRune(cnDigits, fold[j]):
		k := j
		for k < to && k-j < 3 && strings.ContainsRune(cnDigits, fold[k]) {
			k++
		}
		v, ok := 0, false
		for ; k > j; k-- {
			if v, ok = cnNumber(fold[j:k]); ok {
				break
			}
		}
		if !ok {
			return tok{}, false
		}
		q.qty = v
		if v < 1 {
			q.qty = -1
		}
		numeral = true
		j = k
	default:
		return tok{}, false
	}
	u := j
	if u < to && fold[u] == ' ' {
		u++
	}
	if n := unitAt(fold, u, to); n > 0 {
		q.unit = string(fold[u : u+n])
		j = u + n
	}
	ends := j == to || fold[j] == ' ' || isBreak(fold[j]) || isDash(fold[j]) || fold[j] == '-' || fold[j] == '/'
	if !ends {
		_, bracket := closers[fold[j]]
		n, _ := l.p.m.match(fold, j, to)
		ends = bracket || n > 0
	}
	switch {
	case numeral && q.unit == "" && (!afterItem || !ends):
		return tok{}, false
	case !afterItem && !ends:
		return tok{}, false
	}
	q.end = j
	return q, true
}

// wordAt returns the length of the first of words at fold[i:end], or 0.
func wordAt(words [][]rune, fold []rune, i, end int) int {
	for _, w := range words {
		if hasAt(fold, i, end, w) {
			return len(w)
		}
	}
	return 0
}

// assemble makes the line's tokens an Order, or a Problem.
func (l *lineReader) assemble(addr ledger.Address) {
	var unknown, noQty, badQty, stray []string
	items := 0
	for k, t := range l.toks {
		switch t.kind {
		case tItem:
			items++
			if t.has < 0 {
				noQty = appendOnce(noQty, l.p.m.items[t.item].Name)
			}
		case tQty:
			switch {
			case t.owner >= 0 && t.qty < 0:
				badQty = appendOnce(badQty, l.str(t))
			case t.owner < 0:
				j := k - 1
				for j >= 0 && l.toks[j].kind == tSep {
					j--
				}
				if j >= 0 && l.toks[j].kind == tText {
					l.toks[j].kind = tUnknown // an item's name, not a person's: shown unmasked
					unknown = appendOnce(unknown, l.str(l.toks[j]))
				} else {
					stray = appendOnce(stray, l.str(t))
				}
			}
		}
	}
	masked := l.masked(false)
	switch {
	case len(unknown) > 0:
		l.problem(ReasonUnknownItem, strings.Join(unknown, "、"), addr, masked)
		return
	case len(noQty) > 0:
		l.problem(ReasonNoQuantity, strings.Join(noQty, "、"), addr, masked)
		return
	case len(badQty) > 0:
		l.problem(ReasonBadQuantity, strings.Join(badQty, "、"), addr, masked)
		return
	case len(stray) > 0:
		l.problem(ReasonStrayQuantity, strings.Join(stray, "、"), addr, masked)
		return
	case items == 0:
		l.problem(ReasonNoItem, "", addr, masked)
		return
	}
	o := Order{Line: l.no, Seq: l.seq, Address: addr, Text: l.text, Masked: masked}
	var who, remark, mixed []string
	first := true       // before the first item or quantity
	at := map[int]int{} // item -> index in o.Items
	for _, t := range l.toks {
		switch t.kind {
		case tItem, tQty:
			first = false
			if t.kind == tItem {
				q := l.toks[t.has]
				if i, ok := at[t.item]; ok {
					o.Items[i].Qty += q.qty
					switch {
					case o.Items[i].Unit == "":
						o.Items[i].Unit = q.unit
					case q.unit != "" && q.unit != o.Items[i].Unit:
						mixed = appendOnce(mixed, o.Items[i].Item)
					}
					continue
				}
				at[t.item] = len(o.Items)
				o.Items = append(o.Items, Qty{Item: l.p.m.items[t.item].Name, Qty: q.qty, Unit: q.unit})
			}
		case tText:
			if s := l.str(t); first {
				who = append(who, s)
			} else {
				remark = append(remark, s)
			}
		case tRemark:
			if s := l.str(t); s != "" {
				remark = append(remark, s)
			}
		}
	}
	if len(mixed) > 0 {
		l.problem(ReasonMixedUnits, strings.Join(mixed, "、"), addr, masked)
		return
	}
	for _, q := range o.Items {
		if q.Qty > MaxQty {
			l.problem(ReasonBadQuantity, q.Item+itoa(q.Qty), addr, masked)
			return
		}
	}
	o.Who, o.Remark = strings.Join(who, " "), strings.Join(remark, " ")
	l.p.orders = append(l.p.orders, o)
}

// str is a token's text as read, trimmed of spaces.
func (l *lineReader) str(t tok) string {
	return strings.TrimSpace(string(l.orig[t.start:t.end]))
}

func appendOnce(ss []string, s string) []string {
	for _, x := range ss {
		if x == s {
			return ss
		}
	}
	return append(ss, s)
}

// masked returns the line as read with the name part masked: the words
// before the first item or quantity, or (all, when the line's parts could
// not be told apart) every word that is not an item or a quantity.
func (l *lineReader) masked(all bool) string {
	var b strings.Builder
	pos := 0
	first := true
	for _, t := range l.toks {
		if t.kind == tItem || t.kind == tQty {
			first = false
		}
		if t.kind != tText || !(first || all) {
			continue
		}
		b.WriteString(string(l.orig[pos:t.start]))
		w := string(l.orig[t.start:t.end])
		b.WriteString(ledger.MaskName(w))
		pos = t.end
	}
	b.WriteString(string(l.orig[pos:]))
	return b.String()
}
