package jielong

import (
	"bytes"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"vol/ledger"
)

// Limits on what Parse reads: a 接龙 from outside never fills the memory
// nor hides an order in a line no one reads.
const (
	MaxBytes     = 1 << 20 // the whole text
	MaxLines     = 5000    // lines in the text, empty ones too
	MaxLineChars = 500     // characters in one line; a longer line is a Problem
	MaxQty       = 999     // the largest quantity of one item on one line
	MaxItems     = 200     // the buy's items
	MaxAliases   = 20      // aliases of one item
)

// Item is one of the buy's items: its name and its aliases, as the caller
// keeps them. Parse folds them as it folds the lines (NFKC, traditional
// characters to simplified, Latin letters to lower case), so 雞蛋 in a
// line matches the item 鸡蛋 and 鸡蛋 matches an item declared as 雞蛋.
type Item struct {
	Name    string
	Aliases []string
}

// Order is a line read as an order.
type Order struct {
	Line    int            // 1-based line number in the text
	Seq     int            // the 接龙 number as written (12), 0 when none
	Address ledger.Address // as ledger.ParseAddress reads it: canonical
	// Who is the name part (王, 张先生, 王阿姨), the words before the first
	// item, or "": personal, shown only masked (Masked has it masked).
	Who string
	// Items are the buy's items in the order first written, each with its
	// quantity; an item written twice on the line (鸡蛋2 ... 鸡蛋1) is one
	// Qty with the quantities added up (3); written in two different units
	// (鸡蛋2盒 鸡蛋1箱) the line is a Problem.
	Items []Qty
	// Remark is the rest of the line that is neither an item nor the name
	// part: a note in brackets (（放门口）) or trailing words (谢谢), with
	// emoji left out; several are joined by a space.
	Remark string
	Text   string // the line as normalized (spaces, full-width forms), emoji kept
	// Masked is the line as read (emoji left out) with the name part
	// masked as ledger.MaskName does (王阿姨 → 王**): the form to show.
	Masked string
	// ReplacedBy is the line of a later order for the same address, which
	// wins over this one; 0 when this order stands.
	ReplacedBy int
}

// Qty is a quantity of one of the buy's items.
type Qty struct {
	Item string // the Item's Name as the caller gave it
	Qty  int    // 1 to MaxQty
	// Unit is the unit as written and folded (盒, 袋, 斤, kg), "" when none;
	// Parse does not check it against the item, the caller may.
	Unit string
}

// Reasons a line is not an order (Problem.Reason): stable codes, for a
// caller's tests and for --json. Problem.Why says each in words.
const (
	ReasonNoAddress      = "no_address"      // no address on the line
	ReasonBadAddress     = "bad_address"     // something like an address that is not one (3号楼, 501): Detail
	ReasonUnknownItem    = "unknown_item"    // a word with a quantity that is not one of the items: Detail
	ReasonNoQuantity     = "no_quantity"     // an item with no quantity: Detail, the items' names
	ReasonBadQuantity    = "bad_quantity"    // 0, 1.5, more than MaxQty: Detail, as written
	ReasonStrayQuantity  = "stray_quantity"  // a quantity after an item that already has one: Detail
	ReasonMixedUnits     = "mixed_units"     // an item written twice with different units (鸡蛋2盒 鸡蛋1箱): Detail
	ReasonNoItem         = "no_item"         // an address but none of the items
	ReasonNotNumbered    = "not_numbered"    // after the list started, no number and no address
	ReasonExample        = "example"         // a numbered example line (1. 例 3-501 王 鸡蛋2)
	ReasonEmpty          = "empty"           // a number and nothing else (an empty slot: 13.)
	ReasonTooLong        = "too_long"        // longer than MaxLineChars: Detail, the count
	ReasonBadCharacter   = "bad_character"   // a control or direction character: Detail, U+001B
	ReasonUnknownAddress = "unknown_address" // not Parse's: for a caller whose ledger has no such household
)

// Reasons are every reason Parse gives, then ReasonUnknownAddress.
var Reasons = []string{ReasonNoAddress, ReasonBadAddress, ReasonUnknownItem, ReasonNoQuantity, ReasonBadQuantity,
	ReasonStrayQuantity, ReasonMixedUnits, ReasonNoItem, ReasonNotNumbered, ReasonExample, ReasonEmpty, ReasonTooLong,
	ReasonBadCharacter, ReasonUnknownAddress}

// Problem is a line that is not an order, and why.
type Problem struct {
	Line   int    // 1-based line number in the text
	Seq    int    // the 接龙 number as written, 0 when none
	Text   string // the line as normalized; control characters escaped, a too long line cut
	Masked string // as Order.Masked; "" when the line could not be read (too long, a control character)
	Reason string // one of the Reason constants
	Detail string // what is wrong: the unknown item, the address as written ... ("" for some reasons)
	// Address is the line's address when it has one (an unknown item on a
	// line with an address): a caller may say which household it was for.
	Address ledger.Address
}

// Why says in words what is wrong with the line, for a person.
func (p Problem) Why() ledger.Text {
	switch p.Reason {
	case ReasonNoAddress:
		return ledger.T("no address (such as 3-501 or 3号楼2单元501室)")
	case ReasonBadAddress:
		return ledger.T("%s is not an address; want forms like 3-501, 3-2-501, 5号楼1203", p.Detail)
	case ReasonUnknownItem:
		return ledger.T("%s is not one of the buy's items or their aliases", p.Detail)
	case ReasonNoQuantity:
		return ledger.T("no quantity for %s; write 鸡蛋2, 鸡蛋 x2 or 鸡蛋两盒", p.Detail)
	case ReasonBadQuantity:
		return ledger.T("quantity %s: want a whole number from 1 to %d", p.Detail, MaxQty)
	case ReasonStrayQuantity:
		return ledger.T("quantity %s belongs to no item", p.Detail)
	case ReasonMixedUnits:
		return ledger.T("%s written twice, in different units", p.Detail)
	case ReasonNoItem:
		return ledger.T("none of the buy's items on the line")
	case ReasonNotNumbered:
		return ledger.T("neither a numbered line of the 接龙 nor an order")
	case ReasonExample:
		return ledger.T("an example line (例), not an order")
	case ReasonEmpty:
		return ledger.T("a number with nothing after it")
	case ReasonTooLong:
		return ledger.T("%s characters, more than %d", p.Detail, MaxLineChars)
	case ReasonBadCharacter:
		return ledger.T("holds the control or direction character %s", p.Detail)
	case ReasonUnknownAddress:
		return ledger.T("%s is not a registered household", p.Detail)
	}
	return ledger.T("%s", p.Reason)
}

// Parse reads a pasted 接龙 against the buy's items.
//
// The header (the lines before the list), example lines that are not
// numbered (例, 示例, 格式, 范例 ... at the start) and empty lines are
// skipped. The list starts at the first numbered line (12. 12、 12， 12)
// 12: (12) 【12】 12 followed by a space, full-width forms too), or at the
// first line that starts with an address, whichever comes first. From
// there every numbered line is an Order or a Problem; so is every other
// line that is not empty or an example: one without a number is an Order
// (Seq 0) when it reads as one, a Problem not_numbered when it has no
// address (谢谢团长), and a Problem for its fault otherwise.
//
// A line is read as: its number, an address (the first word that
// ledger.ParseAddress reads, after the number or after the name; 5号楼1203,
// 3栋501, 7-2-301, A座501 ...), the name part (the words before the first
// item), and items with quantities: 鸡蛋2, 鸡蛋 2, 鸡蛋x2, 鸡蛋×2, 鸡蛋*2,
// 鸡蛋2盒, 鸡蛋两盒, 鸡蛋十, 两盒鸡蛋, full-width digits, Chinese numerals
// (一 to 九十九, 两, 俩) and units (盒 袋 斤 箱 个 份 瓶 ...). Item names
// match longest first, so 土鸡蛋 is not 鸡蛋. Text in brackets, and words
// after the items that carry no quantity, are the remark. Emoji are left
// out of everything but Text. Orders for the same address are all
// returned; each but the last has ReplacedBy set.
//
// The error, for the text as a whole or the items, is a
// *ledger.FieldError wrapping ledger.ErrInvalid (a text over MaxBytes or
// MaxLines, not UTF-8; an item name that is empty or refused by
// ledger.CheckName, too many items) or ledger.ErrDuplicate (two items
// sharing a name or alias).
func Parse(text string, items []Item) (orders []Order, problems []Problem, err error) {
	if len(text) > MaxBytes {
		return nil, nil, tooLarge()
	}
	if !utf8.ValidString(text) {
		return nil, nil, &ledger.FieldError{Field: "FILE", ValueText: ledger.T("bytes that are not UTF-8"),
			Want: ledger.T("UTF-8 text, as copied from WeChat"), Err: ledger.ErrInvalid}
	}
	if !strings.Contains(text, "\n") {
		text = strings.ReplaceAll(text, "\r", "\n") // lines ended by CR alone
	}
	n := strings.Count(text, "\n")
	if text != "" && !strings.HasSuffix(text, "\n") {
		n++
	}
	if n > MaxLines {
		return nil, nil, &ledger.FieldError{Field: "FILE", ValueText: ledger.T("%d lines", n),
			Want: ledger.T("at most %d lines", MaxLines), Err: ledger.ErrInvalid}
	}
	m, err := newMatcher(items)
	if err != nil {
		return nil, nil, err
	}
	p := &parser{m: m}
	for i := 0; text != ""; i++ {
		line, rest, _ := strings.Cut(text, "\n")
		text = rest
		p.line(i+1, strings.TrimSuffix(line, "\r"))
	}
	last := map[ledger.Address]int{} // address -> index in p.orders of its latest order
	for i, o := range p.orders {
		if j, ok := last[o.Address]; ok {
			p.orders[j].ReplacedBy = o.Line
		}
		last[o.Address] = i
	}
	return p.orders, p.problems, nil
}

func tooLarge() error {
	return &ledger.FieldError{Field: "FILE", ValueText: ledger.T("more than %d MB", MaxBytes>>20),
		Want: ledger.T("at most %d MB", MaxBytes>>20), Err: ledger.ErrInvalid}
}

// ReadText reads a 接龙 from r (a file, or a paste on standard input) for
// Parse: at most MaxBytes, else the error Parse gives for a text too large.
// A byte order mark is dropped; UTF-16 with a byte order mark is decoded;
// text that is not UTF-8 is read as GB18030 (what Windows Notepad saves as
// ANSI on a Chinese system) when every byte of it decodes, and returned as
// it is otherwise (Parse refuses it).
func ReadText(r io.Reader) (string, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return "", err
	}
	if len(b) > MaxBytes {
		return "", tooLarge()
	}
	switch {
	case bytes.HasPrefix(b, []byte{0xef, 0xbb, 0xbf}):
		b = b[3:]
	case bytes.HasPrefix(b, []byte{0xff, 0xfe}), bytes.HasPrefix(b, []byte{0xfe, 0xff}):
		d, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(b)
		if err == nil && utf8.Valid(d) {
			b = d
		}
	case !utf8.Valid(b):
		d, err := simplifiedchinese.GB18030.NewDecoder().Bytes(b)
		if err == nil && !bytes.ContainsRune(d, utf8.RuneError) {
			b = d
		}
	}
	if len(b) > MaxBytes {
		return "", tooLarge()
	}
	return string(b), nil
}

// matcher finds the buy's items in a folded line, longest name first.
type matcher struct {
	items []Item
	// byFirst lists, for each first character, the folded names and
	// aliases that start with it, longest first, then in byte order.
	byFirst map[rune][]entry
}

type entry struct {
	name []rune
	item int // index in items
}

func newMatcher(items []Item) (*matcher, error) {
	if len(items) > MaxItems {
		return nil, &ledger.FieldError{Field: "buy item", ValueText: ledger.T("%d items", len(items)),
			Want: ledger.T("at most %d items", MaxItems), Err: ledger.ErrInvalid}
	}
	m := &matcher{items: items, byFirst: map[rune][]entry{}}
	owner := map[string]int{} // folded name -> item
	for i, it := range items {
		if len(it.Aliases) > MaxAliases {
			return nil, &ledger.FieldError{Field: "buy item", Value: it.Name, ValueText: ledger.T("%d aliases", len(it.Aliases)),
				Want: ledger.T("at most %d aliases", MaxAliases), Err: ledger.ErrInvalid}
		}
		for _, name := range append([]string{it.Name}, it.Aliases...) {
			if err := ledger.CheckName("buy item", name); err != nil {
				return nil, err
			}
			f := foldName(name)
			if len(f) == 0 {
				return nil, &ledger.FieldError{Field: "buy item", Value: name, Want: ledger.T("a name such as 鸡蛋"), Err: ledger.ErrInvalid}
			}
			if j, ok := owner[string(f)]; ok {
				if j != i {
					return nil, &ledger.FieldError{Field: "buy item", Value: name,
						Want: ledger.T("a name or alias of one item only (%s has it too)", items[j].Name), Err: ledger.ErrDuplicate}
				}
				continue
			}
			owner[string(f)] = i
			m.byFirst[f[0]] = append(m.byFirst[f[0]], entry{f, i})
		}
	}
	for _, es := range m.byFirst {
		sortEntries(es)
	}
	return m, nil
}

// sortEntries orders entries longest first, then in byte order of the name.
func sortEntries(es []entry) {
	less := func(a, b entry) bool {
		if len(a.name) != len(b.name) {
			return len(a.name) > len(b.name)
		}
		return string(a.name) < string(b.name)
	}
	for i := 1; i < len(es); i++ {
		for j := i; j > 0 && less(es[j], es[j-1]); j-- {
			es[j], es[j-1] = es[j-1], es[j]
		}
	}
}

// match returns the length of the longest name or alias at fold[i:end] and
// its item, or 0.
func (m *matcher) match(fold []rune, i, end int) (int, int) {
	if i >= end {
		return 0, -1
	}
	for _, e := range m.byFirst[fold[i]] {
		if hasAt(fold, i, end, e.name) {
			return len(e.name), e.item
		}
	}
	return 0, -1
}

// itoa is strconv.Itoa, short.
func itoa(n int) string { return strconv.Itoa(n) }
