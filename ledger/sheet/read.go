package sheet

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"vol/ledger"
)

// ReadOptions say which sheet of a workbook to read and how a CSV file is
// encoded.
type ReadOptions struct {
	Sheet    string // XLSX sheet name; "" = the first sheet whose header names a person column (姓名/name)
	Encoding string // CSV: "" = detect; or utf-8, gb18030 (also accepts gbk, gb2312), utf-16 (with BOM)
	// MaxBytes bounds the file (DefaultMaxBytes when 0) and MaxInflated
	// what an XLSX unzips to (DefaultMaxInflated when 0): a file from
	// outside never fills the memory.
	MaxBytes, MaxInflated int64
	// TmpDir is where a large worksheet is unzipped to instead of memory
	// ("" for the system's temporary folder); vol passes a private folder
	// beside the ledger.
	TmpDir string
}

// The default limits admit a register of a million people: about 100 MB of
// CSV, or an XLSX whose sheets unzip to under a gigabyte.
const (
	DefaultMaxBytes    = 256 << 20
	DefaultMaxInflated = 4 * DefaultMaxBytes
)

// inMemory is the largest worksheet unzipped into memory (or a quarter of
// MaxInflated, when that is less); larger ones go to TmpDir.
const inMemory = 64 << 20

// TooLargeError is returned (wrapping ledger.ErrInvalid) for a file over
// ReadOptions' limits.
type TooLargeError struct {
	What  string // "file" or "unzipped workbook"
	Limit int64  // bytes
}

func (e *TooLargeError) Error() string { return e.text().String() }

// Message says what is too large, for a translator.
func (e *TooLargeError) Message() (format string, args []any) { return e.text().Message() }

func (e *TooLargeError) text() ledger.Text {
	if e.What == "file" {
		return ledger.T("file larger than %d MB", e.Limit>>20)
	}
	return ledger.T("unzipped workbook larger than %d MB", e.Limit>>20)
}

func (e *TooLargeError) Unwrap() error { return ledger.ErrInvalid }

// Doc is a register sheet as read: its header and its data rows.
type Doc struct {
	Format     string     // "csv" or "xlsx"
	Sheet      string     // XLSX sheet used
	Encoding   string     // CSV encoding used: utf-8, gb18030, utf-16le or utf-16be
	Header     []string   // the header row as written; Header[j] heads Raw[i][j]
	HeaderLine int        // 1-based line/row of the header
	Unknown    []string   // header cells that map to no column, as written, each once
	Rows       []Row      // data rows; Line is the 1-based line (CSV) or row (XLSX) number in the file
	Raw        [][]string // Raw[i] is Rows[i]'s cells exactly as read (for the reject file)
	// Totals are the lines of rows skipped as a sheet's sum (合计, 总计,
	// 小计, total ...), not a person or a household.
	Totals []int
}

// totalWords open a row that sums the sheet up rather than list anyone.
var totalWords = map[string]bool{"合计": true, "总计": true, "小计": true, "共计": true, "总数": true,
	"合計": true, "總計": true, "總计": true, "小計": true, "共計": true, "總數": true,
	"total": true, "totals": true, "subtotal": true, "grandtotal": true, "sum": true}

// isTotal reports whether a row is a sum: its first filled cell is one of
// totalWords (full-width, traditional, spaced or with a colon too).
func isTotal(cells []string) bool {
	for _, c := range cells {
		if blankCell(c) {
			continue
		}
		k := strings.TrimRight(headerKey(c), ":：")
		return totalWords[k]
	}
	return false
}

// headerSearchRows is how many non-empty rows at the top of a sheet may
// hold titles before the header.
const headerSearchRows = 10

// Read reads a register sheet: XLSX when the name ends in .xlsx or .xlsm or
// the content is a zip archive (PK\x03\x04), CSV otherwise.
//
// The header is the first row, among the first 10 non-empty ones, that names
// a person column (姓名/name); rows above it (titles) are skipped. A sheet
// with no person column at all (a list of households) may instead have a
// header naming an address column (地址 or 室号). Headers are matched in
// simplified or traditional characters, full- or half-width, in Chinese or
// English, with or without spaces, a "*" or a note in brackets; a second
// header row right under the first (地址 over 楼号/单元/室号) refines it.
// Empty rows, rows with nothing in any known column and rows repeating the
// header are skipped; every other row keeps its line number.
//
// Values are NFKC-normalized with whitespace collapsed, in CSV a formula
// guard (a leading ' before = + - @ tab or CR) removed, and words (sex, role, yes/no,
// skills, needs, building, unit, room) folded to simplified characters;
// names, phones, notes and addresses are not folded. Every known column of
// the header has its key in each row's Fields, blank or not. A 身份证号
// column puts the ID-card number in Fields[ColBirth] (ParseBirth keeps only
// its year-month; a 15-digit number becomes 19YY-MM here), an 年龄/age column
// puts "age:N"; a 出生年月 column wins over either, row by row.
//
// Every error about the content wraps ledger.ErrInvalid and names the line
// (and column) or the sheet.
func Read(r io.Reader, name string, opt ReadOptions) (*Doc, error) {
	if opt.MaxBytes <= 0 {
		opt.MaxBytes = DefaultMaxBytes
	}
	if opt.MaxInflated <= 0 {
		opt.MaxInflated = DefaultMaxInflated
	}
	data, err := io.ReadAll(io.LimitReader(r, opt.MaxBytes+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > opt.MaxBytes {
		return nil, &TooLargeError{What: "file", Limit: opt.MaxBytes}
	}
	switch detectFormat(data, name) {
	case "xlsx":
		return readXLSX(data, opt)
	case "ole":
		return nil, ledger.Errorf("an old-style .xls/.et workbook or a password-protected one: %w; accepted: .xlsx or CSV (save it as one of those)", ledger.ErrInvalid)
	}
	return readCSV(data, opt)
}

var (
	zipMagic = []byte("PK\x03\x04")
	oleMagic = []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")
)

func detectFormat(data []byte, name string) string {
	ext := strings.ToLower(filepath.Ext(name))
	switch {
	case bytes.HasPrefix(data, zipMagic):
		return "xlsx"
	case bytes.HasPrefix(data, oleMagic):
		return "ole"
	case ext == ".xlsx" || ext == ".xlsm" || ext == ".xltx" || ext == ".xltm":
		return "xlsx"
	}
	return "csv"
}

// Header aliases.

// srcKind says how a column's cells give the field: as they are, as an
// ID-card number (for the birth) or as an age (for the birth).
type srcKind int

const (
	kindPlain srcKind = iota
	kindIDCard
	kindAge
)

// colSource is what a header cell maps to.
type colSource struct {
	col  Column
	kind srcKind
}

var aliasList = []struct {
	src   colSource
	names []string
}{
	{colSource{ColBuilding, kindPlain}, []string{"楼号", "楼栋", "楼栋号", "栋号", "幢号", "楼", "幢", "栋", "楼宇", "building", "bldg", "block"}},
	{colSource{ColUnit, kindPlain}, []string{"单元", "单元号", "unit"}},
	{colSource{ColRoom, kindPlain}, []string{"室号", "房号", "房间号", "门牌", "门牌号", "室", "room", "room no", "flat", "apartment"}},
	{colSource{ColAddress, kindPlain}, []string{"地址", "住址", "家庭住址", "居住地址", "现住址", "房屋地址", "address"}},
	{colSource{ColName, kindPlain}, []string{"姓名", "名字", "居民姓名", "住户姓名", "人员姓名", "name", "full name"}},
	{colSource{ColSex, kindPlain}, []string{"性别", "sex", "gender"}},
	{colSource{ColBirth, kindPlain}, []string{"出生年月", "出生日期", "出生年月日", "生日", "出生", "birth", "date of birth", "birth date", "birthday", "dob"}},
	{colSource{ColBirth, kindIDCard}, []string{"身份证号", "身份证", "身份证号码", "公民身份号码", "id card", "id card no", "id number"}},
	{colSource{ColBirth, kindAge}, []string{"年龄", "周岁", "age"}},
	{colSource{ColPhone, kindPlain}, []string{"电话", "手机", "手机号", "手机号码", "电话号码", "联系电话", "联络电话", "联系方式", "联络方式", "phone", "mobile", "tel", "telephone", "phone number"}},
	{colSource{ColPresent, kindPlain}, []string{"在住", "是否在住", "是否在家", "在家", "present"}},
	{colSource{ColRole, kindPlain}, []string{"身份", "类别", "人员类别", "人员类型", "人员身份", "role"}},
	{colSource{ColVolunteer, kindPlain}, []string{"志愿者", "是否志愿者", "志工", "volunteer"}},
	{colSource{ColSkills, kindPlain}, []string{"技能", "特长", "专长", "特长技能", "专业技能", "skills", "skill"}},
	{colSource{ColNeeds, kindPlain}, []string{"需求", "特殊需求", "needs", "need"}},
	{colSource{ColEmergency, kindPlain}, []string{"紧急联系人", "紧急联络人", "紧急联系方式", "emergency contact", "emergency"}},
	{colSource{ColNotes, kindPlain}, []string{"备注", "说明", "notes", "note", "remarks"}},
	{colSource{ColSharePhone, kindPlain}, []string{"电话公开", "公开电话", "电话可公开", "同意公开电话", "share phone"}},
}

// headerNames maps each alias's headerKey to its column; built the first
// time a sheet is read, not when vol starts.
var headerNames = sync.OnceValue(func() map[string]colSource {
	m := map[string]colSource{}
	for _, a := range aliasList {
		for _, n := range a.names {
			k := headerKey(n)
			if _, dup := m[k]; dup {
				panic("sheet: duplicate header alias " + n)
			}
			m[k] = a.src
		}
	}
	return m
})

// headerKey is the form in which header cells are compared: NFKC, folded to
// simplified characters, lower case, without spaces or underscores.
var headerDrop = strings.NewReplacer(" ", "", "_", "")

func headerKey(s string) string {
	s = strings.ToLower(ledger.Fold(ledger.NormalizeText(Unguard(s))))
	return headerDrop.Replace(s)
}

// maxHeaderLen bounds the header cells looked up, in bytes: a longer cell
// is a title or a note.
const maxHeaderLen = 200

// lookupHeader maps a header cell to a source, also when it carries a
// required-field mark (*姓名), a trailing colon or a note in brackets
// (出生年月(yyyy-mm), 身份证号【18位】).
func lookupHeader(cell string) (colSource, bool) {
	if len(cell) > maxHeaderLen {
		return colSource{}, false // a title or a note, not a header
	}
	k := headerKey(cell)
	if k == "" {
		return colSource{}, false
	}
	if src, ok := headerNames()[k]; ok {
		return src, true
	}
	for {
		t := strings.Trim(k, "*:")
		for _, br := range [][2]string{{"(", ")"}, {"[", "]"}, {"【", "】"}, {"〔", "〕"}, {"<", ">"}, {"《", "》"}} {
			if strings.HasSuffix(t, br[1]) {
				if i := strings.LastIndex(t, br[0]); i > 0 {
					t = t[:i]
				}
			}
		}
		if t == k || t == "" {
			return colSource{}, false
		}
		if src, ok := headerNames()[t]; ok {
			return src, true
		}
		k = t
	}
}

// Layout: what each column of a header maps to.

type colLayout struct {
	srcs     []colSource
	hasBirth bool
	unknown  []string
	// unguard removes Guard's apostrophe: CSV only, since an XLSX string
	// cell is never a formula and its apostrophe is the writer's own.
	unguard bool
}

func newColLayout(header []string) *colLayout {
	l := &colLayout{srcs: make([]colSource, len(header))}
	seen := map[string]bool{}
	for j, h := range header {
		if blankCell(h) {
			continue
		}
		src, ok := lookupHeader(h)
		if !ok {
			if !seen[h] {
				seen[h] = true
				l.unknown = append(l.unknown, h)
			}
			continue
		}
		l.srcs[j] = src
		if src.col == ColBirth {
			l.hasBirth = true
		}
	}
	return l
}

// row turns cells into a Row; ok is false when no known column has a value.
// Of several columns for one field, the first with a value wins; for the
// birth, a birth column wins over an ID card, which wins over an age.
func (l *colLayout) row(line int, cells []string) (row Row, ok bool) {
	fields := map[Column]string{}
	var birth [3]string
	for j, src := range l.srcs {
		if src.col == ColNone {
			continue
		}
		v := ""
		if j < len(cells) {
			c := cells[j]
			if l.unguard {
				c = Unguard(c)
			}
			v = cleanValue(c, src)
		}
		if v != "" {
			ok = true
		}
		if src.col == ColBirth {
			if birth[src.kind] == "" {
				birth[src.kind] = v
			}
			continue
		}
		if fields[src.col] == "" {
			fields[src.col] = v
		}
	}
	if l.hasBirth {
		fields[ColBirth] = ""
		for _, b := range birth {
			if b != "" {
				fields[ColBirth] = b
				break
			}
		}
	}
	return Row{Line: line, Fields: fields}, ok
}

// headerLike reports whether every non-blank cell is a header word, and
// whether they name the same columns as l (a repeated header).
func (l *colLayout) headerLike(cells []string) (like, same bool) {
	n := 0
	same = true
	for j, c := range cells {
		if blankCell(c) {
			continue
		}
		src, ok := lookupHeader(c)
		if !ok {
			return false, false
		}
		n++
		if j >= len(l.srcs) || l.srcs[j] != src {
			same = false
		}
	}
	return n > 0, n > 0 && same
}

// Values.

// foldedCols are the columns whose values are words, compared after folding
// traditional characters.
var foldedCols = map[Column]bool{
	ColBuilding: true, ColUnit: true, ColRoom: true, ColSex: true, ColPresent: true,
	ColRole: true, ColVolunteer: true, ColSkills: true, ColNeeds: true, ColSharePhone: true,
}

func cleanValue(cell string, src colSource) string {
	v := ledger.NormalizeText(cell)
	if v == "" {
		return ""
	}
	switch src.kind {
	case kindIDCard:
		return idCardBirth(v)
	case kindAge:
		v = ledger.Fold(v)
		for _, suf := range []string{"周岁", "岁", "years", "yrs"} {
			v = strings.TrimSpace(strings.TrimSuffix(v, suf))
		}
		if v == "" {
			return ""
		}
		return "age:" + v
	}
	if foldedCols[src.col] {
		v = ledger.Fold(v)
	}
	return v
}

// idCardBirth returns an 18-character ID-card number as it is (upper case,
// spaces removed; ledger.ParseBirth keeps only its year-month) and a
// 15-digit one (issued before 1999, birth as YYMMDD) as 19YY-MM. Anything
// else is returned as it is, for ParseBirth to refuse.
func idCardBirth(v string) string {
	id := strings.ToUpper(strings.ReplaceAll(v, " ", ""))
	switch {
	case len(id) == 18 && idDigits(id[:17]) && (idDigits(id[17:]) || id[17] == 'X'):
		return id
	case len(id) == 15 && idDigits(id):
		return "19" + id[6:8] + "-" + id[8:10]
	}
	return v
}

func idDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func blankCell(s string) bool { return ledger.NormalizeText(s) == "" }

func blankRow(cells []string) bool {
	for _, c := range cells {
		if !blankCell(c) {
			return false
		}
	}
	return true
}

// namesAny reports whether a header cell among cells maps to one of cols.
func namesAny(cells []string, cols ...Column) bool {
	for _, c := range cells {
		if src, ok := lookupHeader(c); ok {
			for _, col := range cols {
				if src.col == col {
					return true
				}
			}
		}
	}
	return false
}

// docBuilder finds the header among a sheet's first rows and collects the data
// rows after it, whatever the sheet's format.

type docBuilder struct {
	allowAddr bool // a header naming only an address column will do
	// countExtra is set for CSV: it counts a row's filled fields beyond the
	// header's (an unquoted comma in a cell shifts the rest of the row
	// right), and the formula guard is removed from its cells.
	countExtra bool
	doc        Doc
	lay        *colLayout
	subOK      bool       // the next non-empty row may be a second header row
	early      []earlyRow // the non-empty rows seen before the header
	failed     bool       // no header in the first rows
}

type earlyRow struct {
	line  int
	cells []string
}

// add takes the next row of the sheet.
func (b *docBuilder) add(line int, cells []string) {
	if b.failed || blankRow(cells) {
		return
	}
	if b.lay != nil {
		b.data(line, cells)
		return
	}
	if namesAny(cells, ColName) {
		b.early = nil
		b.setHeader(line, cells)
		return
	}
	b.early = append(b.early, earlyRow{line, cells})
	if len(b.early) >= headerSearchRows {
		b.fallback()
	}
}

// finish ends the sheet and reports whether it had a header.
func (b *docBuilder) finish() bool {
	if b.lay == nil && !b.failed {
		b.fallback()
	}
	return b.lay != nil
}

// fallback takes, when allowed, the first early row naming an address
// column as the header; otherwise the sheet has none.
func (b *docBuilder) fallback() {
	early := b.early
	b.early = nil
	if b.allowAddr {
		for i, r := range early {
			if namesAny(r.cells, ColAddress, ColRoom) {
				b.setHeader(r.line, r.cells)
				for _, d := range early[i+1:] {
					b.data(d.line, d.cells)
				}
				return
			}
		}
	}
	b.failed = true
}

func (b *docBuilder) setHeader(line int, cells []string) {
	b.doc.Header, b.doc.HeaderLine = cells, line
	b.lay = newColLayout(cells)
	b.lay.unguard = b.countExtra // CSV
	b.doc.Unknown = b.lay.unknown
	b.subOK = true
}

func (b *docBuilder) data(line int, cells []string) {
	sub := b.subOK
	b.subOK = false
	if like, same := b.lay.headerLike(cells); same {
		return // the header again (printed on every page)
	} else if like && sub {
		// A second header row: its cells name the columns under the first
		// row's (地址 spanning 楼号 单元 室号).
		merged := make([]string, max(len(cells), len(b.doc.Header)))
		copy(merged, b.doc.Header)
		for j, c := range cells {
			if !blankCell(c) {
				merged[j] = c
			}
		}
		line := b.doc.HeaderLine
		b.setHeader(line, merged)
		b.subOK = false
		return
	}
	if isTotal(cells) {
		b.doc.Totals = append(b.doc.Totals, line)
		return
	}
	if row, ok := b.lay.row(line, cells); ok {
		if b.countExtra {
			for _, c := range cells[min(len(b.doc.Header), len(cells)):] {
				if !blankCell(c) {
					row.Extra++
				}
			}
			if row.Extra > 0 {
				row.Width = len(b.doc.Header)
			}
		}
		b.doc.Rows = append(b.doc.Rows, row)
		b.doc.Raw = append(b.doc.Raw, cells)
	}
}

// errNoHeader says that what (the file, a sheet, every sheet) has no header.
func errNoHeader(what ledger.Text) error {
	return ledger.Errorf("%s: no header row naming a person column (姓名/name) among the first %d non-empty rows: %w; accepted: a header row such as 楼号,单元,室号,姓名,性别,出生年月,联系电话",
		what, headerSearchRows, ledger.ErrInvalid)
}

// CSV.

func readCSV(data []byte, opt ReadOptions) (*Doc, error) {
	text, enc, err := decodeCSV(data, opt.Encoding)
	if err != nil {
		return nil, err
	}
	if !strings.Contains(text, "\n") {
		text = strings.ReplaceAll(text, "\r", "\n") // old Mac line ends
	}
	var firstErr error
	for _, comma := range []rune{',', '\t', ';'} {
		doc, found, err := scanCSV(text, comma)
		if found {
			if err != nil {
				return nil, err
			}
			doc.Format, doc.Encoding = "csv", enc
			return doc, nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	if firstErr != nil {
		return nil, firstErr
	}
	return nil, errNoHeader(ledger.T("the file (read as %s)", enc))
}

// scanCSV reads text as CSV separated by comma; found is false when no
// header turned up before the first rows ended or a syntax error.
func scanCSV(text string, comma rune) (doc *Doc, found bool, err error) {
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma = comma
	cr.FieldsPerRecord = -1
	b := docBuilder{allowAddr: true, countExtra: true}
	for !b.failed {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, b.lay != nil, csvError(text, err)
		}
		line, _ := cr.FieldPos(0)
		b.add(line, rec)
	}
	if !b.finish() {
		return nil, false, nil
	}
	return &b.doc, true, nil
}

// csvError names the line and the character column of a CSV syntax error.
func csvError(text string, err error) error {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return ledger.Errorf("%v: %w", err, ledger.ErrInvalid)
	}
	start := 0
	for l := 1; l < pe.Line; l++ {
		i := strings.IndexByte(text[start:], '\n')
		if i < 0 {
			break
		}
		start += i + 1
	}
	end := min(start+max(pe.Column-1, 0), len(text))
	col := utf8.RuneCountInString(text[start:end]) + 1
	return ledger.Errorf("line %d, character %d: %v: %w; accepted: CSV as Excel or WPS writes it (a field with a quote, comma or line break in double quotes)",
		pe.Line, col, pe.Err, ledger.ErrInvalid)
}

// Encodings.

const (
	encUTF8    = "utf-8"
	encGB18030 = "gb18030"
	encUTF16   = "utf-16"
	encUTF16LE = "utf-16le"
	encUTF16BE = "utf-16be"
)

var encodingNames = map[string]string{
	"utf-8": encUTF8, "utf8": encUTF8,
	"gb18030": encGB18030, "gbk": encGB18030, "gb2312": encGB18030, "cp936": encGB18030,
	"utf-16": encUTF16, "utf16": encUTF16,
	"utf-16le": encUTF16LE, "utf16le": encUTF16LE,
	"utf-16be": encUTF16BE, "utf16be": encUTF16BE,
}

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
	bomGB18030 = []byte{0x84, 0x31, 0x95, 0x33}
)

// decodeCSV turns the whole file into text: in the encoding named, or the one
// its byte-order mark names, or UTF-8 when it is valid UTF-8, or GB18030
// when it is valid GB18030. A byte sequence the encoding does not define is
// an error naming its line and byte column.
func decodeCSV(data []byte, name string) (text, enc string, err error) {
	text, enc, err = detectDecode(data, name)
	return strings.TrimPrefix(text, "\uFEFF"), enc, err
}

func detectDecode(data []byte, name string) (text, enc string, err error) {
	if name != "" {
		n, ok := encodingNames[strings.ToLower(strings.TrimSpace(name))]
		if !ok {
			return "", "", ledger.Errorf("encoding %q: %w; accepted: utf-8, gb18030 (or gbk, gb2312), utf-16 (with a byte-order mark)", name, ledger.ErrInvalid)
		}
		return decodeAs(data, n)
	}
	switch {
	case bytes.HasPrefix(data, bomUTF8):
		return decodeAs(data, encUTF8)
	case bytes.HasPrefix(data, bomUTF16LE), bytes.HasPrefix(data, bomUTF16BE):
		return decodeAs(data, encUTF16)
	case utf8.Valid(data):
		return string(data), encUTF8, nil
	}
	text, bad, n := decodeGB18030(data)
	if bad < 0 {
		return text, encGB18030, nil
	}
	ubad, un := firstBadUTF8(data)
	uline, ucol := linePos(data, ubad, 1, false)
	gline, gcol := linePos(data, bad, 1, false)
	return "", "", ledger.Errorf("neither UTF-8 (bytes % X at line %d, byte column %d) nor GB18030 (bytes % X at line %d, byte column %d): %w; accepted: UTF-8, GB18030/GBK or UTF-16 with a byte-order mark",
		data[ubad:ubad+un], uline, ucol, data[bad:bad+n], gline, gcol, ledger.ErrInvalid)
}

func decodeAs(data []byte, enc string) (string, string, error) {
	switch enc {
	case encUTF8:
		body := bytes.TrimPrefix(data, bomUTF8)
		if bad, n := firstBadUTF8(body); bad >= 0 {
			return "", "", badBytes(data, bad+len(data)-len(body), n, 1, false, "UTF-8")
		}
		return string(body), encUTF8, nil
	case encGB18030:
		body := bytes.TrimPrefix(data, bomGB18030)
		text, bad, n := decodeGB18030(body)
		if bad >= 0 {
			return "", "", badBytes(data, bad+len(data)-len(body), n, 1, false, "GB18030")
		}
		return text, encGB18030, nil
	case encUTF16:
		switch {
		case bytes.HasPrefix(data, bomUTF16LE):
			enc = encUTF16LE
		case bytes.HasPrefix(data, bomUTF16BE):
			enc = encUTF16BE
		default:
			return "", "", ledger.Errorf("no UTF-16 byte-order mark: %w; accepted: UTF-16 starting with FF FE or FE FF, or utf-16le/utf-16be", ledger.ErrInvalid)
		}
	}
	be := enc == encUTF16BE
	body := data
	if bytes.HasPrefix(data, bomUTF16LE) && !be || bytes.HasPrefix(data, bomUTF16BE) && be {
		body = data[2:]
	}
	text, bad, n := decodeUTF16(body, be)
	if bad >= 0 {
		return "", "", badBytes(data, bad+len(data)-len(body), n, 2, be, "UTF-16")
	}
	return text, enc, nil
}

func badBytes(data []byte, off, n, unit int, be bool, enc string) error {
	line, col := linePos(data, off, unit, be)
	return ledger.Errorf("line %d, byte column %d: bytes % X are not valid %s: %w", line, col, data[off:off+n], enc, ledger.ErrInvalid)
}

// linePos returns the 1-based line and byte column of data[off], lines
// being ended by the code unit '\n' of the given size and byte order.
func linePos(data []byte, off, unit int, be bool) (line, col int) {
	line, start := 1, 0
	for i := 0; i+unit <= off; i += unit {
		var u uint16
		switch {
		case unit == 1:
			u = uint16(data[i])
		case be:
			u = uint16(data[i])<<8 | uint16(data[i+1])
		default:
			u = uint16(data[i+1])<<8 | uint16(data[i])
		}
		if u == '\n' {
			line, start = line+1, i+unit
		}
	}
	return line, off - start + 1
}

// firstBadUTF8 returns the offset and length of the first invalid UTF-8
// sequence, or -1.
func firstBadUTF8(b []byte) (off, n int) {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i, 1
		}
		i += size
	}
	return -1, 0
}

// gbSeqLen returns the length of the GB18030 sequence b starts with: 1 for
// ASCII and for 0x80 (€ in Code Page 936, as the WHATWG decoder reads it),
// 2 for a lead byte 0x81-0xFE and a trail byte 0x40-0x7E or 0x80-0xFE, 4
// for 0x81-0xFE 0x30-0x39 0x81-0xFE 0x30-0x39, or 0 when b starts no valid
// sequence.
func gbSeqLen(b []byte) int {
	c0 := b[0]
	switch {
	case c0 <= 0x80:
		return 1
	case c0 == 0xFF || len(b) < 2:
		return 0
	}
	switch c1 := b[1]; {
	case 0x40 <= c1 && c1 <= 0x7E, 0x80 <= c1 && c1 <= 0xFE:
		return 2
	case 0x30 <= c1 && c1 <= 0x39:
		if len(b) >= 4 && 0x81 <= b[2] && b[2] <= 0xFE && 0x30 <= b[3] && b[3] <= 0x39 {
			return 4
		}
	}
	return 0
}

// gbReplacement is U+FFFD in GB18030, the one sequence that may decode to it.
var gbReplacement = []byte{0x84, 0x31, 0xA4, 0x37}

// decodeGB18030 decodes b, or returns the offset and length of the first
// sequence that is malformed or maps to no character (x/text would turn
// it into U+FFFD), with bad = -1 when there is none.
func decodeGB18030(b []byte) (text string, bad, n int) {
	dec := simplifiedchinese.GB18030.NewDecoder()
	var sb strings.Builder
	sb.Grow(len(b) + len(b)/2)
	var buf [utf8.UTFMax]byte
	for i := 0; i < len(b); {
		if b[i] < 0x80 {
			sb.WriteByte(b[i])
			i++
			continue
		}
		size := gbSeqLen(b[i:])
		if size == 0 {
			return "", i, min(2, len(b)-i)
		}
		dec.Reset()
		nDst, nSrc, err := dec.Transform(buf[:], b[i:i+size], true)
		r, _ := utf8.DecodeRune(buf[:nDst])
		if err != nil || nSrc != size || r == utf8.RuneError && !bytes.Equal(b[i:i+size], gbReplacement) {
			return "", i, size
		}
		sb.Write(buf[:nDst])
		i += size
	}
	return sb.String(), -1, 0
}

// decodeUTF16 decodes b (without its byte-order mark), or returns the
// offset and length of the first unpaired surrogate or odd trailing byte.
func decodeUTF16(b []byte, be bool) (text string, bad, n int) {
	unit := func(i int) rune {
		if be {
			return rune(b[i])<<8 | rune(b[i+1])
		}
		return rune(b[i+1])<<8 | rune(b[i])
	}
	var sb strings.Builder
	sb.Grow(len(b))
	for i := 0; i < len(b); i += 2 {
		if i+1 >= len(b) {
			return "", i, 1
		}
		r := unit(i)
		switch {
		case utf16.IsSurrogate(r):
			if r >= 0xDC00 || i+3 >= len(b) {
				return "", i, 2
			}
			r = utf16.DecodeRune(r, unit(i+2))
			if r == utf8.RuneError {
				return "", i, 2
			}
			i += 2
		}
		sb.WriteRune(r)
	}
	return sb.String(), -1, 0
}

// XLSX.

func readXLSX(data []byte, opt ReadOptions) (doc *Doc, err error) {
	// A workbook is a stack of zip and XML parsing in a library: a file that
	// makes it panic is reported as unreadable, not as a crash of vol.
	defer func() {
		if r := recover(); r != nil {
			doc, err = nil, ledger.Errorf("not a readable XLSX workbook (%v): %w", r, ledger.ErrInvalid)
		}
	}()
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		ShortDatePattern:  "yyyy-mm-dd", // the default date format, as ParseBirth reads it
		CultureInfo:       excelize.CultureNameZhCN,
		UnzipSizeLimit:    opt.MaxInflated, // a zip bomb stops here
		UnzipXMLSizeLimit: min(inMemory, opt.MaxInflated/4),
		TmpDir:            opt.TmpDir,
	})
	if err != nil && strings.Contains(err.Error(), "unzip size exceeds") {
		return nil, &TooLargeError{What: "unzipped workbook", Limit: opt.MaxInflated}
	}
	if err != nil {
		return nil, ledger.Errorf("not a readable XLSX workbook (%v): %w", err, ledger.ErrInvalid)
	}
	defer f.Close()
	ledger.Crash("import-reading") // tests: the workbook open, large sheets unzipped to TmpDir
	sheets := f.GetSheetList()
	list := strings.Join(sheets, ", ")
	if opt.Sheet != "" {
		name, ok := findSheet(sheets, opt.Sheet)
		if !ok {
			return nil, ledger.Errorf("no sheet %q: %w; accepted: %s", opt.Sheet, ledger.ErrInvalid, list)
		}
		doc, err := readSheet(f, name, true)
		if err != nil {
			return nil, err
		}
		if doc == nil {
			return nil, errNoHeader(ledger.T("sheet %q", name))
		}
		return doc, nil
	}
	// Visible sheets before hidden ones; a sheet with a person column
	// before one listing only households.
	var visible, hidden []string
	for _, name := range sheets {
		if v, err := f.GetSheetVisible(name); err == nil && !v {
			hidden = append(hidden, name)
		} else {
			visible = append(visible, name)
		}
	}
	order := append(visible, hidden...)
	for _, allowAddr := range []bool{false, true} {
		for _, name := range order {
			doc, err := readSheet(f, name, allowAddr)
			if err != nil {
				return nil, err
			}
			if doc != nil {
				return doc, nil
			}
		}
	}
	return nil, errNoHeader(ledger.T("every sheet (%s)", list))
}

// findSheet matches a sheet name as given, ignoring case, width and spaces
// at the ends.
func findSheet(sheets []string, want string) (string, bool) {
	for _, s := range sheets {
		if s == want {
			return s, true
		}
	}
	w := strings.ToLower(ledger.NormalizeText(want))
	for _, s := range sheets {
		if strings.ToLower(ledger.NormalizeText(s)) == w {
			return s, true
		}
	}
	return "", false
}

// readSheet reads one sheet row by row, or returns nil when it has no header.
func readSheet(f *excelize.File, name string, allowAddr bool) (*Doc, error) {
	rows, err := f.Rows(name)
	if err != nil {
		return nil, nil // a chart or dialog sheet: no rows
	}
	defer rows.Close()
	b := docBuilder{allowAddr: allowAddr}
	// Next is called once per row number, rows absent from the file
	// included, so n is the row's number.
	for n := 1; !b.failed && rows.Next(); n++ {
		cells, err := rows.Columns()
		if err != nil {
			return nil, ledger.Errorf("sheet %q, row %d: %v: %w", name, n, err, ledger.ErrInvalid)
		}
		b.add(n, cells)
	}
	if err := rows.Error(); err != nil {
		return nil, ledger.Errorf("sheet %q: %v: %w", name, err, ledger.ErrInvalid)
	}
	if !b.finish() {
		return nil, nil
	}
	b.doc.Format, b.doc.Sheet = "xlsx", name
	return &b.doc, nil
}
