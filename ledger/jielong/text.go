package jielong

import (
	"strings"
	"unicode"

	"vol/ledger"
)

// normalize returns a line as Text shows it: the spaces chat apps paste
// (U+00A0, U+2005, U+3000, tabs and every other space) made plain spaces,
// zero-width characters (U+200B, U+200C, U+200D, U+2060, U+FEFF, U+180E)
// dropped, then ledger.NormalizeText (NFKC, full-width digits and
// punctuation to ASCII, spaces collapsed and trimmed).
func normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case isZeroWidth(r):
		case r == '\t' || r == '\r' || unicode.IsSpace(r) || unicode.Is(unicode.Zs, r):
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return ledger.NormalizeText(b.String())
}

func isZeroWidth(r rune) bool {
	return r == 0x200b || r == 0x200c || r == 0x200d || r == 0x2060 || r == 0xfeff || r == 0x180e
}

// badChar reports a character no line may hold: a control character, a
// direction control, or U+FFFD (what was lost when the text was decoded).
func badChar(r rune) bool {
	return r < 0x20 || (r >= 0x7f && r <= 0x9f) || r == 0x061c || r == 0x200e || r == 0x200f ||
		(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0xfffd
}

// stripEmoji returns a normalized line without its emoji and other
// pictures, for reading: a symbol (😀, ✖, ❤, ©) becomes a space, the
// marks that only decorate the character before them (variation
// selectors, the keycap of 2️⃣, skin tones) are dropped, so 鸡蛋2️⃣ reads
// as 鸡蛋2 and 鸡蛋✖2 as 鸡蛋 2. Math symbols stay: × is a quantity's.
func stripEmoji(s string) string {
	changed := false
	for _, r := range s {
		if isPicture(r) || isDecoration(r) {
			changed = true
			break
		}
	}
	if !changed {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case isDecoration(r):
		case isPicture(r):
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

func isPicture(r rune) bool {
	return unicode.Is(unicode.So, r) || unicode.Is(unicode.Co, r)
}

func isDecoration(r rune) bool {
	return (r >= 0xfe00 && r <= 0xfe0f) || (r >= 0xe0100 && r <= 0xe01ef) || (r >= 0xe0020 && r <= 0xe007f) ||
		(r >= 0x1f3fb && r <= 0x1f3ff) || unicode.Is(unicode.Me, r)
}

// groceryPairs are traditional characters of groceries, their units and
// the example words, each followed by its simplified form, that
// ledger.Fold (which folds the register's words) does not know: 雞蛋 is
// folded by ledger.Fold, 豬肉 and 兩盒 by this table.
const groceryPairs = "兩两隻只塊块條条張张顆颗盤盘捲卷紮扎頭头範范舉举豬猪蘿萝蔔卜醬酱鹽盐餅饼餃饺" +
	"麥麦燒烧蝦虾糧粮蔥葱薑姜蘋苹鮮鲜腸肠蘭兰紅红綠绿黃黄鴨鸭鵝鹅饅馒餛馄飩饨湯汤優优" +
	"潔洁劑剂鍋锅壺壶罐罐桶桶瓶瓶"

var groceryTable = func() map[rune]rune {
	m := map[rune]rune{}
	rs := []rune(groceryPairs)
	for i := 0; i+1 < len(rs); i += 2 {
		if rs[i] != rs[i+1] {
			m[rs[i]] = rs[i+1]
		}
	}
	return m
}()

// foldRune folds one character of a normalized line for matching: to its
// simplified form (ledger.Fold, then groceryPairs) and Latin letters to
// lower case. It maps one character to one, so a folded line and the line
// have their characters at the same places.
func foldRune(r rune) rune {
	if r < 0x80 {
		return unicode.ToLower(r)
	}
	if f := []rune(ledger.Fold(string(r))); len(f) == 1 {
		r = f[0]
	}
	if f, ok := groceryTable[r]; ok {
		return f
	}
	return unicode.ToLower(r)
}

// foldName folds an item's name or alias as a line is folded: normalized,
// emoji stripped, every character folded.
func foldName(s string) []rune {
	rs := []rune(stripEmoji(normalize(s)))
	for i, r := range rs {
		rs[i] = foldRune(r)
	}
	return rs
}

// units are the words that may follow a quantity (鸡蛋2盒, 大米1袋), folded,
// longest first so 公斤 is read before 斤 would be.
var units = sortLongestFirst([]string{
	"公斤", "千克", "毫升", "kg", "ml", "g",
	"盒", "袋", "斤", "箱", "个", "份", "瓶", "桶", "包", "只", "块", "把", "根", "提", "件", "打",
	"听", "罐", "板", "排", "颗", "条", "支", "枚", "盘", "兜", "捆", "扎", "套", "对", "双", "张",
	"片", "串", "棵", "头", "卷", "杯", "碗", "克", "升", "筐", "组", "粒", "管", "壶", "袋装", "盒装", "箱装",
})

func sortLongestFirst(ss []string) [][]rune {
	out := make([][]rune, len(ss))
	for i, s := range ss {
		out[i] = []rune(s)
	}
	// insertion sort: stable, longest first, then as listed
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && len(out[j]) > len(out[j-1]); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// hasAt reports whether rs[i:end] starts with w.
func hasAt(rs []rune, i, end int, w []rune) bool {
	if end-i < len(w) {
		return false
	}
	for k, r := range w {
		if rs[i+k] != r {
			return false
		}
	}
	return true
}

// unitAt returns the length of the unit that rs[i:end] starts with, or 0.
func unitAt(rs []rune, i, end int) int {
	for _, u := range units {
		if hasAt(rs, i, end, u) {
			return len(u)
		}
	}
	return 0
}

// cnDigits are the Chinese numerals a quantity may be written in.
const cnDigits = "零〇一二两俩三四五六七八九十"

func cnValue(r rune) (int, bool) {
	switch r {
	case '零', '〇':
		return 0, true
	case '一':
		return 1, true
	case '二', '两', '俩':
		return 2, true
	case '三':
		return 3, true
	case '四':
		return 4, true
	case '五':
		return 5, true
	case '六':
		return 6, true
	case '七':
		return 7, true
	case '八':
		return 8, true
	case '九':
		return 9, true
	case '十':
		return 10, true
	}
	return 0, false
}

// cnNumber reads a Chinese numeral from 零 to 九十九 (两 and 俩 are 2): 十,
// 十二, 二十, 二十五.
func cnNumber(rs []rune) (int, bool) {
	d := func(r rune) int {
		if v, ok := cnValue(r); ok && v < 10 {
			return v
		}
		return -1
	}
	switch {
	case len(rs) == 1:
		return cnValue(rs[0])
	case len(rs) == 2 && rs[0] == '十' && d(rs[1]) > 0:
		return 10 + d(rs[1]), true
	case len(rs) == 2 && rs[1] == '十' && d(rs[0]) > 1:
		return 10 * d(rs[0]), true
	case len(rs) == 3 && rs[1] == '十' && d(rs[0]) > 1 && d(rs[2]) > 0:
		return 10*d(rs[0]) + d(rs[2]), true
	}
	return 0, false
}

// fillers are words that may stand between an item and its quantity
// (鸡蛋要2盒, 大米来两袋), folded.
var fillers = sortLongestFirst([]string{"要", "来", "买", "订", "共", "需要", "拿"})

// exampleWords open an example line (例：3-501 王 鸡蛋2), folded.
var exampleWords = sortLongestFirst([]string{"例", "示例", "格式", "范例", "样例", "举例", "模板", "参考格式"})

// isExample reports whether a folded line (or the rest of one after its
// number) is an example: after any punctuation or space, it starts with
// one of exampleWords.
func isExample(rs []rune) bool {
	i := 0
	for i < len(rs) && (rs[i] == ' ' || unicode.IsPunct(rs[i]) || unicode.IsSymbol(rs[i])) {
		i++
	}
	for _, w := range exampleWords {
		if hasAt(rs, i, len(rs), w) {
			return true
		}
	}
	return false
}
