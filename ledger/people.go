package ledger

import (
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Role is what a person is in the compound.
type Role string

// The roles a person can have. Property staff belong to no household;
// stranded workers stay in a flat but do not make its household present.
const (
	RoleResident       Role = "resident"
	RolePropertyStaff  Role = "property_staff"
	RoleStrandedWorker Role = "stranded_worker"
)

// RolesAccepted lists the words ParseRole takes, for error messages.
const RolesAccepted = "resident/居民, property_staff/物业人员, stranded_worker/装修工人/滞留人员"

// ParseRole reads a role in English or Chinese (simplified or traditional).
func ParseRole(s string) (Role, error) {
	switch strings.ToLower(strings.ReplaceAll(Fold(NormalizeText(s)), " ", "_")) {
	case "", "resident", "居民", "住户", "住戶":
		return RoleResident, nil
	case "property_staff", "staff", "物业", "物业人员", "物業", "物業人員":
		return RolePropertyStaff, nil
	case "stranded_worker", "worker", "stranded", "装修工人", "滞留人员", "裝修工人", "滯留人員", "滞留装修工人", "滯留裝修工人":
		return RoleStrandedWorker, nil
	}
	return "", invalid("role", s, verbatim(RolesAccepted))
}

// ParseSex reads 男/女/M/F/male/female; "" stays unknown.
func ParseSex(s string) (string, error) {
	switch strings.ToLower(NormalizeText(s)) {
	case "":
		return "", nil
	case "男", "m", "male":
		return "M", nil
	case "女", "f", "female":
		return "F", nil
	}
	return "", invalid("sex", s, verbatim("男/女/M/F"))
}

var (
	mobile    = lazyRegexp(`^1[3-9]\d{9}$`)
	landline  = lazyRegexp(`^(0\d{2,3})?[2-9]\d{6,7}$`)
	birthYM   = lazyRegexp(`^(\d{4})\s*(?:[-./年]\s*(\d{1,2})\s*月?(?:[-./]?\s*\d{1,2}\s*日?)?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?|(\d{2})(?:\d{2})?)?$`)
	idCardNum = lazyRegexp(`^\d{6}(\d{4})(\d{2})\d{2}\d{3}[\dX]$`)
)

// ParseBirth reads a birth year or year-month ("1948", "1948-03", "1948.3",
// "1948年3月", "194803", "1948-03-15") and returns "YYYY" or "YYYY-MM". An
// 18-digit ID-card number is accepted and only its birth year-month kept.
func ParseBirth(s string) (string, error) {
	s = strings.ToUpper(NormalizeText(s))
	if s == "" {
		return "", nil
	}
	accepted := T("a year or year-month such as 1948 or 1948-03")
	var y, m string
	if g := idCardNum().FindStringSubmatch(s); g != nil {
		y, m = g[1], g[2]
	} else if g := birthYM().FindStringSubmatch(s); g != nil {
		y, m = g[1], g[2]
		if m == "" {
			m = g[3]
		}
	} else {
		return "", invalid("birth", "", accepted)
	}
	yi, _ := strconv.Atoi(y)
	if yi < 1890 || yi > 2200 {
		return "", invalid("birth", y, accepted)
	}
	if m == "" {
		return y, nil
	}
	mi, _ := strconv.Atoi(m)
	if mi < 1 || mi > 12 {
		return "", invalid("birth month", m, verbatim("1-12"))
	}
	return y + "-" + twoDigits(mi), nil
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// Age returns whole years on the date for a birth of "YYYY" or "YYYY-MM" (a
// year alone counts as 1 January; a month as its first day), or -1 when the
// birth is unknown.
func Age(birth string, on time.Time) int {
	// Read as elderSQL (facts.go) reads it, character by character: Age and
	// the SQL counts must agree on every stored birth, even one ParseBirth
	// would not give (a sync file's 1966年04): four ASCII digits, then, in
	// a birth of seven characters, a month in its last two when they are
	// ASCII digits (else none, 0).
	if len(birth) < 4 || !asciiDigits(birth[:4]) {
		return -1
	}
	y, _ := strconv.Atoi(birth[:4])
	m := 1
	if utf8.RuneCountInString(birth) == 7 {
		m = 0
		if last := birth[len(birth)-2:]; asciiDigits(last) {
			m, _ = strconv.Atoi(last)
		}
	}
	age := on.Year() - y
	if int(on.Month()) < m {
		age--
	}
	return age
}

func asciiDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// NormalizePhone keeps a phone number's digits (dropping spaces, dashes and a
// +86 prefix); it refuses anything else, including numbers that a
// spreadsheet turned into floating point.
func NormalizePhone(s string) (string, error) {
	s = NormalizeText(s)
	if s == "" {
		return "", nil
	}
	accepted := T("digits only, e.g. 13800138000 (spaces, dashes, +86 allowed)")
	if strings.ContainsAny(s, ".eE") {
		return "", invalid("phone", MaskPhone(s), T("a phone stored as text, not a number a spreadsheet rounded; %s", accepted))
	}
	var b strings.Builder
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '(' || r == ')':
		case r == '+' && i == 0:
		default:
			return "", invalid("phone", MaskPhone(s), accepted)
		}
	}
	d := b.String()
	if strings.HasPrefix(s, "+86") {
		d = d[2:]
	}
	if !mobile().MatchString(d) && !landline().MatchString(d) {
		return "", invalid("phone", MaskPhone(d), T("an 11-digit mobile (1[3-9]…) or a landline of 7-8 digits, with its 0-area code if any"))
	}
	return d, nil
}

// SplitTags splits skills or needs written as 医生、司机 / 医生,司机 / 医生 司机
// into normalised tags (traditional folded to simplified), sorted, without
// repeats.
func SplitTags(s string) []string {
	s = Fold(NormalizeText(s)) // 醫生 and 医生 are one skill
	f := strings.FieldsFunc(s, func(r rune) bool {
		return strings.ContainsRune("、，,;；/ |", r)
	})
	seen := map[string]bool{}
	out := []string{}
	for _, t := range f {
		t = tagName(t)
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	sort.Strings(out)
	return out
}

func joinTags(tags []string) string { return strings.Join(SplitTags(strings.Join(tags, ",")), ",") }

func splitStored(s string) []string {
	if s == "" {
		return []string{}
	}
	tags := strings.Split(s, ",")
	for i, t := range tags { // a tag stored in English before it had a name
		tags[i] = tagName(t)
	}
	return tags
}

// tagAliases are the English (and common other) names of skills and
// needs, under their Chinese name: a tag is one tag whatever language
// it was typed in (vol who --skill doctor finds 医生). Keys are lower case.
var tagAliases = map[string]string{
	"doctor": "医生", "physician": "医生", "gp": "医生", "大夫": "医生",
	"nurse":  "护士",
	"driver": "司机", "开车": "司机",
	"pharmacist":  "药师",
	"electrician": "电工", "plumber": "水电工", "水管工": "水电工",
	"translator": "翻译", "interpreter": "翻译", "english": "英语",
	"cook": "厨师", "chef": "厨师",
	"counsellor": "心理咨询", "counselor": "心理咨询", "psychologist": "心理咨询",
	"shanghainese": "上海话",
	"security":     "保安", "guard": "保安", "cleaner": "保洁",
	"wheelchair": "轮椅",
}

// tagName is the one name of a skill or need tag (see tagAliases).
func tagName(t string) string {
	if n, ok := tagAliases[strings.ToLower(t)]; ok {
		return n
	}
	return t
}

// MaskName keeps a name's first character: 张三丰 → 张**.
func MaskName(s string) string {
	r := []rune(s)
	if len(r) == 0 {
		return ""
	}
	return string(r[0]) + strings.Repeat("*", max(1, len(r)-1))
}

// MaskPhone keeps the first three and last four digits: 138****1234.
func MaskPhone(s string) string {
	r := []rune(s)
	if len(r) <= 7 {
		return strings.Repeat("*", len(r))
	}
	return string(r[:3]) + strings.Repeat("*", len(r)-7) + string(r[len(r)-4:])
}

// MaskBirth keeps the year.
func MaskBirth(s string) string {
	if len(s) >= 4 {
		return s[:4]
	}
	return s
}

// Label names a person the way a coordinator knows them, without giving
// the name away: the masked name and the address (王**@3号楼2单元501室), or
// the masked name alone for property staff.
func Label(name string, a Address) string {
	if a.IsZero() {
		return MaskName(name)
	}
	return MaskName(name) + "@" + a.String()
}

// ParseYesNo reads a yes/no value as people write it in a sheet or on the
// command line: 是/否, yes/no, y/n, true/false, 1/0, √/×; blank is no. ok
// is false for anything else.
func ParseYesNo(s string) (b, ok bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "是", "yes", "y", "1", "√", "✓", "true", "对":
		return true, true
	case "", "否", "no", "n", "0", "×", "x", "false", "不":
		return false, true
	}
	return false, false
}
