package jielong

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"vol/ledger"
)

// testItems are a buy's items as the tests declare them: an alias (蛋),
// an item whose name holds another's (土鸡蛋), an item declared in
// traditional characters (豬肉), an alias longer than its name (蔬菜包).
var testItems = []Item{
	{Name: "鸡蛋", Aliases: []string{"蛋"}},
	{Name: "土鸡蛋"},
	{Name: "大米", Aliases: []string{"米"}},
	{Name: "豬肉"},
	{Name: "青菜", Aliases: []string{"蔬菜包"}},
}

// got renders what Parse made of a text of one line, for comparison:
// "order seq=12 3号楼501室 who=王 鸡蛋2 大米1袋 remark=谢谢" or
// "problem seq=22 unknown_item 牛奶".
func got(orders []Order, problems []Problem) string {
	var out []string
	for _, o := range orders {
		s := fmt.Sprintf("order seq=%d %s", o.Seq, o.Address)
		if o.Who != "" {
			s += " who=" + o.Who
		}
		for _, q := range o.Items {
			s += fmt.Sprintf(" %s%d%s", q.Item, q.Qty, q.Unit)
		}
		if o.Remark != "" {
			s += " remark=" + o.Remark
		}
		out = append(out, s)
	}
	for _, p := range problems {
		s := fmt.Sprintf("problem seq=%d %s", p.Seq, p.Reason)
		if p.Detail != "" {
			s += " " + p.Detail
		}
		out = append(out, s)
	}
	return strings.Join(out, "; ")
}

// lineShapes are lines as residents write them in a 接龙 (issue 19), each
// with what it must give.
var lineShapes = []struct{ name, in, want string }{
	// The four.
	{"dot, building-room, name, two items", "12. 3-501 王 鸡蛋2 大米1", "order seq=12 3号楼501室 who=王 鸡蛋2 大米1"},
	{"顿号, 号楼 and room, x with a space", "13、5号楼1203 鸡蛋 x2", "order seq=13 5号楼1203室 鸡蛋2"},
	{"building-unit-room, title, 两盒", "14. 7-2-301 张先生 鸡蛋两盒", "order seq=14 7号楼2单元301室 who=张先生 鸡蛋2盒"},
	{"number and a space, 栋, units", "15 3栋501 大米1袋 鸡蛋1", "order seq=15 3号楼501室 大米1袋 鸡蛋1"},
	// Numbering.
	{"full-width digits and dot", "１２．３－５０１ 王 鸡蛋２", "order seq=12 3号楼501室 who=王 鸡蛋2"},
	{"full-width comma", "19，3幢501 大米一袋 谢谢", "order seq=19 3号楼501室 大米1袋 remark=谢谢"},
	{"closing bracket", "17) 3-2-501 李 鸡蛋×2 大米*1", "order seq=17 3号楼2单元501室 who=李 鸡蛋2 大米1"},
	{"full-width brackets around", "（18）5号楼1203室 鸡蛋3盒", "order seq=18 5号楼1203室 鸡蛋3盒"},
	{"【】 around", "【47】3-501 王 鸡蛋2", "order seq=47 3号楼501室 who=王 鸡蛋2"},
	{"colon", "20：A座501 王 鸡蛋2", "order seq=20 A座501室 who=王 鸡蛋2"},
	{"space before the dot", "48 . 3-501 王 鸡蛋2", "order seq=48 3号楼501室 who=王 鸡蛋2"},
	{"no space after the dot", "32.3-501王鸡蛋2", "order seq=32 3号楼501室 who=王 鸡蛋2"},
	{"circled number", "⑫ 3-501 王 鸡蛋2", "order seq=12 3号楼501室 who=王 鸡蛋2"},
	{"no number, after the list started", "3-501 王 鸡蛋2", "order seq=0 3号楼501室 who=王 鸡蛋2"},
	// Addresses.
	{"号楼 unit room", "21. 3号楼2单元501 土鸡蛋2 鸡蛋1", "order seq=21 3号楼2单元501室 土鸡蛋2 鸡蛋1"},
	{"address in three words", "39. 3号楼 2单元 501室 鸡蛋2", "order seq=39 3号楼2单元501室 鸡蛋2"},
	{"slashes", "52. 3/2/501 王 鸡蛋2", "order seq=52 3号楼2单元501室 who=王 鸡蛋2"},
	{"name before the address", "40. 王阿姨 3-501 鸡蛋2", "order seq=40 3号楼501室 who=王阿姨 鸡蛋2"},
	{"name glued to the address", "44. 3-501丁阿姨 鸡蛋2", "order seq=44 3号楼501室 who=丁阿姨 鸡蛋2"},
	{"area", "45. 一期3-2-501 鸡蛋2", "order seq=45 一期3号楼2单元501室 鸡蛋2"},
	{"traditional markers", "46. 3號樓2單元501 雞蛋2", "order seq=46 3号楼2单元501室 鸡蛋2"},
	{"Chinese numeral building", "47. 三号楼二单元501 鸡蛋2", "order seq=47 3号楼2单元501室 鸡蛋2"},
	// Quantities.
	{"十", "16. 3-501 王阿姨 鸡蛋十", "order seq=16 3号楼501室 who=王阿姨 鸡蛋10"},
	{"二 alone", "16. 3-501 鸡蛋二", "order seq=16 3号楼501室 鸡蛋2"},
	{"quantity before the item", "31. 3-501 两盒鸡蛋 2袋大米", "order seq=31 3号楼501室 鸡蛋2盒 大米2袋"},
	{"a filler word", "33、 3-501 王 鸡蛋 要2盒", "order seq=33 3号楼501室 who=王 鸡蛋2盒"},
	{"unit after a space", "41. 3-501 王 鸡蛋 2 盒", "order seq=41 3号楼501室 who=王 鸡蛋2盒"},
	{"plus between items", "51. 3-501 王 鸡蛋2盒+大米1袋", "order seq=51 3号楼501室 who=王 鸡蛋2盒 大米1袋"},
	{"full-width x and digit", "52. 3-501 鸡蛋Ｘ２", "order seq=52 3号楼501室 鸡蛋2"},
	{"kilograms", "53. 3-501 豬肉2kg", "order seq=53 3号楼501室 豬肉2kg"},
	{"the same item twice adds up", "26. 3-501 鸡蛋2 鸡蛋1", "order seq=26 3号楼501室 鸡蛋3"},
	// Item names.
	{"traditional item name", "20. A座501 王 雞蛋2", "order seq=20 A座501室 who=王 鸡蛋2"},
	{"item declared traditional, written simplified", "42. 3-501 猪肉1斤", "order seq=42 3号楼501室 豬肉1斤"},
	{"an alias", "42. 3-501 蔬菜包1 蛋3", "order seq=42 3号楼501室 青菜1 鸡蛋3"},
	{"longest name first", "42. 3-501 土鸡蛋1", "order seq=42 3号楼501室 土鸡蛋1"},
	// Spaces, emoji, remarks.
	{"chat spaces", "41.\u00a03-501\u2005王\u3000鸡蛋\t2\u200b", "order seq=41 3号楼501室 who=王 鸡蛋2"},
	{"zero-width inside a word", "41. 3-5\u200d01 王 鸡\ufeff蛋2", "order seq=41 3号楼501室 who=王 鸡蛋2"},
	{"emoji", "27. 3-501👍 鸡蛋2️⃣ 🙏", "order seq=27 3号楼501室 鸡蛋2"},
	{"emoji as the times sign", "27. 3-501 鸡蛋✖️2", "order seq=27 3号楼501室 鸡蛋2"},
	{"remark in brackets", "18. 5号楼1203 鸡蛋3盒（放门口）", "order seq=18 5号楼1203室 鸡蛋3盒 remark=放门口"},
	{"remarks after", "18. 3-501 王 鸡蛋2 (放门口) 谢谢🙏", "order seq=18 3号楼501室 who=王 鸡蛋2 remark=放门口 谢谢"},
	{"a time in the remark", "35. 3-501 王 鸡蛋2 明天3点送", "order seq=35 3号楼501室 who=王 鸡蛋2 remark=明天3点送"},
	{"prices", "35. 3-501 王 鸡蛋2盒 ￥70 大米1袋 60元", "order seq=35 3号楼501室 who=王 鸡蛋2盒 大米1袋 remark=¥70 60元"},
	{"a Latin name", "50. 3-501 Tom 鸡蛋2", "order seq=50 3号楼501室 who=Tom 鸡蛋2"},
	// Problems.
	{"unknown item", "22. 3-501 王 牛奶2", "problem seq=22 unknown_item 牛奶"},
	{"unknown items", "22. 3-501 牛奶2 可乐x3 鸡蛋1", "problem seq=22 unknown_item 牛奶、可乐"},
	{"no quantity", "23. 3-501 王 鸡蛋", "problem seq=23 no_quantity 鸡蛋"},
	{"no quantity for the second item", "49. 3-501 王 鸡蛋2 大米", "problem seq=49 no_quantity 大米"},
	{"a numeral that is a word", "34. 3-501 王二 鸡蛋一定要新鲜", "problem seq=34 no_quantity 鸡蛋"},
	{"no address", "24. 王 鸡蛋2", "problem seq=24 no_address"},
	{"building without room", "25. 3号楼 王 鸡蛋2", "problem seq=25 bad_address 3号楼"},
	{"room without building", "43. 501 鸡蛋2", "problem seq=43 bad_address 501"},
	{"zero", "28. 3-501 王 鸡蛋0", "problem seq=28 bad_quantity 0"},
	{"over 999", "29. 3-501 王 鸡蛋1000", "problem seq=29 bad_quantity 1000"},
	{"a fraction", "30. 3-501 王 大米1.5袋", "problem seq=30 bad_quantity 1.5袋"},
	{"adds up past 999", "30. 3-501 鸡蛋999 鸡蛋1", "problem seq=30 bad_quantity 鸡蛋1000"},
	{"mixed units", "30. 3-501 鸡蛋2盒 鸡蛋1箱", "problem seq=30 mixed_units 鸡蛋"},
	{"a quantity of nothing", "46. 3-501 王 鸡蛋2 3", "problem seq=46 stray_quantity 3"},
	{"no item", "36. 3-501 王 谢谢", "problem seq=36 no_item"},
	{"an empty slot", "37.", "problem seq=37 empty"},
	{"a numbered example", "1. 例：3-1-101 鸡蛋1", "problem seq=1 example"},
	{"a control character", "12. 3-501 王\x1b[31m 鸡蛋2", "problem seq=12 bad_character U+001B"},
	{"a direction control", "12. 3-501 \u202e王 鸡蛋2", "problem seq=12 bad_character U+202E"},
	{"too long", "12. 3-501 王 鸡蛋2 " + strings.Repeat("谢", 500), "problem seq=12 too_long 516"},
}

// TestLineShapes: each line shape gives its order, or its problem.
func TestLineShapes(t *testing.T) {
	t.Parallel()
	if len(lineShapes) < 30 {
		t.Fatalf("%d line shapes, want at least 30", len(lineShapes))
	}
	for _, c := range lineShapes {
		orders, problems, err := Parse(c.in, testItems)
		if err != nil {
			t.Errorf("%s: Parse(%q): %v", c.name, c.in, err)
			continue
		}
		if g := got(orders, problems); g != c.want {
			t.Errorf("%s: Parse(%q)\n got  %s\n want %s", c.name, c.in, g, c.want)
		}
		for _, o := range orders {
			if o.Line != 1 || o.Text == "" {
				t.Errorf("%s: order line %d, text %q", c.name, o.Line, o.Text)
			}
			if o.Who != "" && strings.Contains(o.Masked, o.Who) && len([]rune(o.Who)) > 1 {
				t.Errorf("%s: masked %q shows the name %q", c.name, o.Masked, o.Who)
			}
		}
		for _, p := range problems {
			if p.Line != 1 || p.Text == "" {
				t.Errorf("%s: problem line %d, text %q", c.name, p.Line, p.Text)
			}
			if w := p.Why(); w.IsZero() || w.Format == "%s" {
				t.Errorf("%s: no words for the reason %q", c.name, p.Reason)
			}
		}
	}
}

// TestMasked: the form to show masks the name part, wherever it is, and
// shows the rest.
func TestMasked(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ in, want string }{
		{"14. 7-2-301 张先生 鸡蛋两盒", "14. 7-2-301 张** 鸡蛋两盒"},
		{"40. 王阿姨 3-501 鸡蛋2 (放门口)", "40. 王** 3-501 鸡蛋2 (放门口)"},
		{"32.3-501王鸡蛋2", "32.3-501王*鸡蛋2"},
		{"22. 3-501 王 牛奶2", "22. 3-501 王* 牛奶2"},
		{"24. 王阿姨 鸡蛋2 谢谢", "24. 王** 鸡蛋2 谢*"}, // no address: every word
		{"12. 3-501 王\x1b 鸡蛋2", ""},          // not read
	} {
		orders, problems, err := Parse(c.in, testItems)
		if err != nil {
			t.Fatal(err)
		}
		var g string
		switch {
		case len(orders) == 1:
			g = orders[0].Masked
		case len(problems) == 1:
			g = problems[0].Masked
		}
		if g != c.want {
			t.Errorf("Parse(%q): masked %q, want %q", c.in, g, c.want)
		}
	}
}

// sampleText is a 接龙 as a building leader copies it: the header, an
// example, ten lines with blank lines, a reply that is not an order, a
// household that wrote twice.
const sampleText = "#接龙\r\n" + // 1
	"3号楼团购：鸡蛋35元/盒，大米60元/袋，原价无加价，运费按户均摊\r\n" + // 2
	"\r\n" + // 3
	"例 3-1-101 鸡蛋1 大米1\r\n" + // 4
	"1. 3-2-501 王 鸡蛋2 大米1\r\n" + // 5
	"2、3号楼1单元302 鸡蛋 x1\r\n" + // 6
	"\r\n" + // 7
	"3. 3-1-1101 张阿姨 大米两袋（放门口）\r\n" + // 8
	"4. 3-2-502 李 牛奶2\r\n" + // 9
	"5. 3-1-101 陈 鸡蛋\r\n" + // 10
	"6. 3-2-501 王 鸡蛋3\r\n" + // 11: replaces line 5
	"\u3000\u00a0\r\n" + // 12: blank
	"7 3栋2单元601 🥚x2\r\n" + // 13: the emoji is no item
	"8. 3-1-201 赵 鸡蛋1 土鸡蛋1\r\n" + // 14
	"谢谢团长！\r\n" + // 15
	"示例：3-1-101 鸡蛋1\r\n" + // 16: an example again, skipped
	"9.\r\n" + // 17
	"10. 3-1-301 孙 大米1 👍\r\n" // 18

// TestWholeText: the header, the example and blank lines are skipped;
// every other line is one order or one problem, in line order; the later
// order of a household wins.
func TestWholeText(t *testing.T) {
	t.Parallel()
	orders, problems, err := Parse(sampleText, testItems)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, o := range orders {
		lines = append(lines, fmt.Sprintf("%d order %d %s replaced-by %d", o.Line, o.Seq, o.Address, o.ReplacedBy))
	}
	for _, p := range problems {
		lines = append(lines, fmt.Sprintf("%d problem %d %s %s", p.Line, p.Seq, p.Reason, p.Detail))
	}
	want := []string{
		"5 order 1 3号楼2单元501室 replaced-by 11",
		"6 order 2 3号楼1单元302室 replaced-by 0",
		"8 order 3 3号楼1单元1101室 replaced-by 0",
		"11 order 6 3号楼2单元501室 replaced-by 0",
		"14 order 8 3号楼1单元201室 replaced-by 0",
		"18 order 10 3号楼1单元301室 replaced-by 0",
		"9 problem 4 unknown_item 牛奶",
		"10 problem 5 no_quantity 鸡蛋",
		"13 problem 7 stray_quantity x2",
		"15 problem 0 not_numbered ",
		"17 problem 9 empty ",
	}
	if !reflect.DeepEqual(lines, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	if o := orders[2]; o.Who != "张阿姨" || o.Remark != "放门口" || !reflect.DeepEqual(o.Items, []Qty{{"大米", 2, "袋"}}) {
		t.Errorf("line 8: %+v", o)
	}
	if o := orders[len(orders)-1]; o.Text != "10. 3-1-301 孙 大米1 👍" {
		t.Errorf("line 18: text %q keeps the emoji", o.Text)
	}
}

// TestHeaderEnds: the list starts at the first numbered line, or at the
// first line that starts with an address; lines before are the header,
// even lines that would be orders' problems.
func TestHeaderEnds(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ in, want string }{
		{"团购\n鸡蛋2\n3-501 王 鸡蛋2\n谢谢", "3 0; 4 not_numbered"},
		{"团购\n牛奶2\n12 3-501 王 鸡蛋2", "3 12"},
		{"3号楼团购 鸡蛋35元/盒\n1. 3-501 鸡蛋2", "2 1"},
		{"格式：楼号-室号 姓名 数量\n例 3-101 鸡蛋1\n1. 3-501 鸡蛋2\n例 3-101 鸡蛋1", "3 1"},
		{"2022.4.15 团购\n12:30截止\n1. 3-501 鸡蛋2", "3 1"},    // a date, a time: header
		{"团购\r1. 3-501 鸡蛋2\r谢谢\r", "2 1; 3 not_numbered"}, // lines ended by CR alone
		{"", ""},
		{"\n\n\n", ""},
		{"#接龙\n团购", ""},
	} {
		orders, problems, err := Parse(c.in, testItems)
		if err != nil {
			t.Fatal(err)
		}
		var g []string
		for _, o := range orders {
			g = append(g, fmt.Sprintf("%d %d", o.Line, o.Seq))
		}
		for _, p := range problems {
			g = append(g, fmt.Sprintf("%d %s", p.Line, p.Reason))
		}
		if strings.Join(g, "; ") != c.want {
			t.Errorf("Parse(%q) = %q, want %q", c.in, strings.Join(g, "; "), c.want)
		}
	}
}

// TestLimits: a text over the limits, or not UTF-8, is refused as a whole
// with a field error; a line at the length limit is read.
func TestLimits(t *testing.T) {
	t.Parallel()
	line := "1. 3-501 鸡蛋2\n"
	for _, c := range []struct {
		name, in string
		ok       bool
	}{
		{"5000 lines", strings.Repeat(line, MaxLines), true},
		{"5001 lines", strings.Repeat(line, MaxLines+1), false},
		{"5001 lines, the last without a line feed", strings.Repeat(line, MaxLines) + "x", false},
		{"one MiB", strings.Repeat("x", MaxBytes), true},
		{"one byte more", strings.Repeat("x", MaxBytes+1), false},
		{"not UTF-8", "1. 3-501 \xff鸡蛋2", false},
	} {
		_, _, err := Parse(c.in, testItems)
		var fe *ledger.FieldError
		switch {
		case c.ok && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case !c.ok && (!errors.As(err, &fe) || !errors.Is(err, ledger.ErrInvalid)):
			t.Errorf("%s: error %v, want a field error wrapping ErrInvalid", c.name, err)
		}
	}
	exact := "1. 3-501 鸡蛋2 " + strings.Repeat("谢", MaxLineChars-len([]rune("1. 3-501 鸡蛋2 ")))
	if orders, problems, _ := Parse(exact, testItems); len(orders) != 1 || len(problems) != 0 {
		t.Errorf("a line of %d characters: %d orders, problems %+v", MaxLineChars, len(orders), problems)
	}
}

// TestBadItems: the items must be names, and each name or alias one
// item's.
func TestBadItems(t *testing.T) {
	t.Parallel()
	many := make([]Item, MaxItems+1)
	for i := range many {
		many[i] = Item{Name: fmt.Sprintf("物品%d", i)}
	}
	for _, c := range []struct {
		name  string
		items []Item
		want  error
	}{
		{"empty name", []Item{{Name: ""}}, ledger.ErrInvalid},
		{"emoji only", []Item{{Name: "🥚"}}, ledger.ErrInvalid},
		{"digits only", []Item{{Name: "84"}}, ledger.ErrInvalid},
		{"control character", []Item{{Name: "鸡\x00蛋"}}, ledger.ErrInvalid},
		{"shared alias", []Item{{Name: "鸡蛋", Aliases: []string{"蛋"}}, {Name: "鸭蛋", Aliases: []string{"蛋"}}}, ledger.ErrDuplicate},
		{"traditional and simplified", []Item{{Name: "鸡蛋"}, {Name: "雞蛋"}}, ledger.ErrDuplicate},
		{"too many", many, ledger.ErrInvalid},
	} {
		_, _, err := Parse("1. 3-501 鸡蛋2", c.items)
		var fe *ledger.FieldError
		if !errors.As(err, &fe) || !errors.Is(err, c.want) {
			t.Errorf("%s: error %v, want a field error wrapping %v", c.name, err, c.want)
		}
	}
	if _, _, err := Parse("1. 3-501 鸡蛋2", []Item{{Name: "鸡蛋", Aliases: []string{"鸡蛋", "雞蛋"}}}); err != nil {
		t.Errorf("an item whose alias is its own name: %v", err)
	}
}

// TestReadText: a paste is bounded; a BOM is dropped; GB18030 and UTF-16
// are decoded.
func TestReadText(t *testing.T) {
	t.Parallel()
	want := "1. 3-501 鸡蛋2\n"
	gb := []byte{'1', '.', ' ', '3', '-', '5', '0', '1', ' ', 0xbc, 0xa6, 0xb5, 0xb0, '2', '\n'} // 鸡蛋 in GB18030
	utf16 := []byte{0xff, 0xfe}
	for _, r := range want {
		utf16 = append(utf16, byte(r), byte(r>>8))
	}
	for _, c := range []struct {
		name string
		in   []byte
	}{
		{"UTF-8", []byte(want)},
		{"UTF-8 with BOM", append([]byte{0xef, 0xbb, 0xbf}, want...)},
		{"GB18030", gb},
		{"UTF-16LE", utf16},
	} {
		s, err := ReadText(strings.NewReader(string(c.in)))
		if err != nil || s != want {
			t.Errorf("%s: ReadText = %q, %v; want %q", c.name, s, err, want)
		}
	}
	if _, err := ReadText(strings.NewReader(strings.Repeat("x", MaxBytes+1))); !errors.Is(err, ledger.ErrInvalid) {
		t.Errorf("ReadText of more than MaxBytes: %v", err)
	}
}
