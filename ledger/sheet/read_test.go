package sheet

import (
	"bytes"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"vol/ledger"
	"vol/testdata"
)

// rdBody is the data of the sample register: traditional characters
// in words (醫護, 物業人員) and namesAny, full-width digits, an ideographic
// space, a title row and blank lines.
const rdBody = "" +
	"３,２,５０１,陳美華,女,1948-03,１３８００１３８０００,是,居民,否,醫護、駕駛,買藥,陳大文 13900139000,獨居\n" +
	"\n" +
	"3,2,502,\u3000李志強 ,男,1980年11月,13700137000,是,物業人員,是,翻譯,,,\n" +
	",,,,,,,,,,,,,\n" +
	"3,2,503,,,,,,,,,,,\n"

const (
	rdTitle        = "凯旋华庭 住户台账 2022-04-01,,,,,,,,,,,,,\n"
	rdTradHeader   = "樓號,單元,室號,姓名,性別,出生年月,聯繫電話,在住,身份,志願者,技能,需求,緊急聯絡人,備註\n"
	rdSimpHeader   = "楼号,单元,室号,姓名,性别,出生年月,联系电话,在住,身份,志愿者,技能,需求,紧急联系人,备注\n"
	rdEnHeader     = "Building,Unit,Room,Name,Sex,Date of birth,Phone,Present,Role,Volunteer,Skills,Needs,Emergency contact,Notes\n"
	rdFullEnHeader = "ＢＵＩＬＤＩＮＧ,unit,ROOM,Ｎａｍｅ,Gender,date_of_birth,Mobile,present,role,volunteer,skills,needs,emergency contact,notes\n"
	rdHeaderLine   = 2
)

// rdRows is what every encoding and header language of the register
// reads as.
var rdRows = []Row{
	{Line: 3, Fields: map[Column]string{
		ColBuilding: "3", ColUnit: "2", ColRoom: "501", ColName: "陳美華", ColSex: "女", ColBirth: "1948-03",
		ColPhone: "13800138000", ColPresent: "是", ColRole: "居民", ColVolunteer: "否", ColSkills: "医护、驾驶",
		ColNeeds: "买药", ColEmergency: "陳大文 13900139000", ColNotes: "獨居",
	}},
	{Line: 5, Fields: map[Column]string{
		ColBuilding: "3", ColUnit: "2", ColRoom: "502", ColName: "李志強", ColSex: "男", ColBirth: "1980年11月",
		ColPhone: "13700137000", ColPresent: "是", ColRole: "物业人员", ColVolunteer: "是", ColSkills: "翻译",
		ColNeeds: "", ColEmergency: "", ColNotes: "",
	}},
	{Line: 7, Fields: map[Column]string{
		ColBuilding: "3", ColUnit: "2", ColRoom: "503", ColName: "", ColSex: "", ColBirth: "",
		ColPhone: "", ColPresent: "", ColRole: "", ColVolunteer: "", ColSkills: "",
		ColNeeds: "", ColEmergency: "", ColNotes: "",
	}},
}

func rdGB18030(t testing.TB, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func rdUTF16(t testing.TB, s string, e unicode.Endianness) []byte {
	t.Helper()
	b, err := unicode.UTF16(e, unicode.UseBOM).NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestReadCSVEncodings(t *testing.T) {
	trad := rdTitle + rdTradHeader + rdBody
	tests := []struct {
		name    string
		data    []byte
		opt     ReadOptions
		wantEnc string
	}{
		{"utf-8", []byte(trad), ReadOptions{}, "utf-8"},
		{"utf-8 BOM", append([]byte("\xEF\xBB\xBF"), trad...), ReadOptions{}, "utf-8"},
		{"utf-8 CRLF", []byte(strings.ReplaceAll(trad, "\n", "\r\n")), ReadOptions{}, "utf-8"},
		{"gb18030", rdGB18030(t, trad), ReadOptions{}, "gb18030"},
		{"gb18030 forced as gbk", rdGB18030(t, trad), ReadOptions{Encoding: "GBK"}, "gb18030"},
		{"gb18030 BOM", rdGB18030(t, "\uFEFF"+trad), ReadOptions{}, "gb18030"},
		{"utf-16le BOM", rdUTF16(t, trad, unicode.LittleEndian), ReadOptions{}, "utf-16le"},
		{"utf-16be BOM", rdUTF16(t, trad, unicode.BigEndian), ReadOptions{}, "utf-16be"},
		{"utf-16 forced", rdUTF16(t, trad, unicode.LittleEndian), ReadOptions{Encoding: "utf-16"}, "utf-16le"},
		{"utf-16le tab-separated", rdUTF16(t, strings.ReplaceAll(trad, ",", "\t"), unicode.LittleEndian), ReadOptions{}, "utf-16le"},
		{"semicolons", []byte(strings.ReplaceAll(trad, ",", ";")), ReadOptions{}, "utf-8"},
		{"simplified", []byte(rdTitle + rdSimpHeader + rdBody), ReadOptions{}, "utf-8"},
		{"simplified gb18030", rdGB18030(t, rdTitle+rdSimpHeader+rdBody), ReadOptions{Encoding: "gb2312"}, "gb18030"},
		{"english", []byte(rdTitle + rdEnHeader + rdBody), ReadOptions{}, "utf-8"},
		{"english full-width", []byte(rdTitle + rdFullEnHeader + rdBody), ReadOptions{}, "utf-8"},
		{"english utf-16le", rdUTF16(t, rdTitle+rdEnHeader+rdBody, unicode.LittleEndian), ReadOptions{}, "utf-16le"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Read(bytes.NewReader(tt.data), "register.csv", tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := doc.Format, "csv"; got != want {
				t.Errorf("Format = %q, want %q", got, want)
			}
			if got, want := doc.Encoding, tt.wantEnc; got != want {
				t.Errorf("Encoding = %q, want %q", got, want)
			}
			if got, want := doc.HeaderLine, rdHeaderLine; got != want {
				t.Errorf("HeaderLine = %d, want %d", got, want)
			}
			if got := doc.Unknown; len(got) != 0 {
				t.Errorf("Unknown = %q, want none", got)
			}
			if got, want := doc.Rows, rdRows; !reflect.DeepEqual(got, want) {
				t.Errorf("Rows =\n%v\nwant\n%v", got, want)
			}
			if got, want := len(doc.Raw), len(doc.Rows); got != want {
				t.Fatalf("len(Raw) = %d, want %d", got, want)
			}
			if got, want := doc.Raw[1][3], "\u3000李志強 "; got != want {
				t.Errorf("Raw[1][3] = %q, want %q (as written)", got, want)
			}
			if got, want := len(doc.Header), 14; got != want {
				t.Errorf("len(Header) = %d, want %d", got, want)
			}
		})
	}
}

func TestReadSample(t *testing.T) {
	doc, err := Read(bytes.NewReader(testdata.Kaixuan), "kaixuan.csv", ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := doc.HeaderLine, 1; got != want {
		t.Errorf("HeaderLine = %d, want %d", got, want)
	}
	if len(doc.Rows) < 100 {
		t.Errorf("%d rows, want the whole sample", len(doc.Rows))
	}
	if got := doc.Unknown; len(got) != 0 {
		t.Errorf("Unknown = %q", got)
	}
	for _, r := range doc.Rows {
		if r.Fields[ColName] == "" && r.Fields[ColRoom] == "" {
			t.Errorf("line %d: neither a name nor a room", r.Line)
		}
	}
}

func TestReadDecodeErrors(t *testing.T) {
	head := "姓名,电话\n张三,138\n"
	tests := []struct {
		name string
		data []byte
		opt  ReadOptions
		want string
	}{
		{"gb18030 bad trail byte", append(rdGB18030(t, head+"李四,"), 0x81, 0x20, '\n'), ReadOptions{Encoding: "gb18030"},
			"line 3, byte column 6: bytes 81 20 are not valid GB18030"},
		{"gb18030 bad lead byte", append(rdGB18030(t, head+"李四,1"), 0xFF, '\n'), ReadOptions{Encoding: "gbk"},
			"line 3, byte column 7: bytes FF 0A are not valid GB18030"},
		{"gb18030 four bytes out of range", append(rdGB18030(t, head), 0xFE, 0x39, 0xFE, 0x39), ReadOptions{Encoding: "gb18030"},
			"line 3, byte column 1: bytes FE 39 FE 39 are not valid GB18030"},
		{"gb18030 truncated", append(rdGB18030(t, head+"李"), 0xB5), ReadOptions{Encoding: "gb18030"},
			"line 3, byte column 3: bytes B5 are not valid GB18030"},
		{"detected", append(rdGB18030(t, head+"李四,"), 0x81, 0x20, '\n'), ReadOptions{},
			"neither UTF-8 (bytes D0 at line 1, byte column 1) nor GB18030 (bytes 81 20 at line 3, byte column 6)"},
		{"utf-8 forced on gb18030", rdGB18030(t, head), ReadOptions{Encoding: "utf-8"},
			"line 1, byte column 1: bytes D0 are not valid UTF-8"},
		{"utf-8 BOM then bad byte", []byte("\xEF\xBB\xBF姓名\n\xFF"), ReadOptions{},
			"line 2, byte column 1: bytes FF are not valid UTF-8"},
		{"utf-16 unpaired surrogate", append(rdUTF16(t, "姓名\n", unicode.LittleEndian), 0x00, 0xD8, 'a', 0), ReadOptions{},
			"line 2, byte column 1: bytes 00 D8 are not valid UTF-16"},
		{"utf-16 odd length", append(rdUTF16(t, "姓名\nab", unicode.BigEndian), 0x00), ReadOptions{},
			"line 2, byte column 5: bytes 00 are not valid UTF-16"},
		{"utf-16 without BOM", []byte("姓名\n"), ReadOptions{Encoding: "utf-16"}, "no UTF-16 byte-order mark"},
		{"unknown encoding", []byte("姓名\n"), ReadOptions{Encoding: "big5"}, `encoding "big5"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Read(bytes.NewReader(tt.data), "bad.csv", tt.opt)
			if err == nil {
				t.Fatalf("Read = %+v, want an error", doc)
			}
			if got := err.Error(); !strings.Contains(got, tt.want) {
				t.Errorf("error = %q, want it to contain %q", got, tt.want)
			}
			if !errors.Is(err, ledger.ErrInvalid) {
				t.Errorf("error %v does not wrap ErrInvalid", err)
			}
		})
	}
}

func TestReadNoFFFD(t *testing.T) {
	// U+FFFD written in the file is kept; it is not taken for a decoding error.
	data := rdGB18030(t, "姓名,备注\n张三,\uFFFD\n")
	doc, err := Read(bytes.NewReader(data), "x.csv", ReadOptions{Encoding: "gb18030"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := doc.Rows[0].Fields[ColNotes], "\uFFFD"; got != want {
		t.Errorf("notes = %q, want %q", got, want)
	}
}

func TestReadCSVSyntaxError(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"姓名,备注\n张三,ab\"c\n", "line 2, character 6: bare \" in non-quoted-field"},
		{"标题\n姓名,备注\n张三,1\n李四,\"ab\"c\n", "line 4, character 7: extraneous or missing \" in quoted-field"},
	}
	for _, tt := range tests {
		_, err := Read(strings.NewReader(tt.in), "x.csv", ReadOptions{})
		if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, ledger.ErrInvalid) {
			t.Errorf("Read(%q) error = %v, want one containing %q and wrapping ErrInvalid", tt.in, err, tt.want)
		}
	}
}

func TestReadHeaders(t *testing.T) {
	tests := []struct {
		name        string
		in          string
		wantLine    int
		wantHeader  []string
		wantUnknown []string
		wantRows    []Row
	}{
		{
			name:     "title rows and blank lines",
			in:       "凯旋华庭 住户台账 2022-04-01\n\n填表人：王阿姨,,\n楼号,室号,姓名\n3,501,张三\n\n,,\n3,502,李四\n",
			wantLine: 4, wantHeader: []string{"楼号", "室号", "姓名"},
			wantRows: []Row{
				{Line: 5, Fields: map[Column]string{ColBuilding: "3", ColRoom: "501", ColName: "张三"}},
				{Line: 8, Fields: map[Column]string{ColBuilding: "3", ColRoom: "502", ColName: "李四"}},
			},
		},
		{
			name:     "unknown columns, marks and notes in headers",
			in:       "序号,*姓名,微信,,微信, 联系电话（手机） ,出生年月【yyyy-mm】,住址:\n1,张三,zs,x,zs2,138,1950-01,3-2-501\n2,,,,,,,\n",
			wantLine: 1, wantHeader: []string{"序号", "*姓名", "微信", "", "微信", " 联系电话（手机） ", "出生年月【yyyy-mm】", "住址:"},
			wantUnknown: []string{"序号", "微信"},
			wantRows: []Row{
				{Line: 2, Fields: map[Column]string{ColName: "张三", ColPhone: "138", ColBirth: "1950-01", ColAddress: "3-2-501"}},
			},
		},
		{
			name:       "aliases and spaces",
			in:         "楼栋,单元,门牌号,名 字,手机号,是否在住,人员类别,是否志愿者,特长,需求,紧急联系人,备注,家庭住址,gender\n1,2,301,王五,139,否,滯留裝修工人,Y,電工,,,,,M\n",
			wantLine:   1,
			wantHeader: strings.Split("楼栋,单元,门牌号,名 字,手机号,是否在住,人员类别,是否志愿者,特长,需求,紧急联系人,备注,家庭住址,gender", ","),
			wantRows: []Row{
				{Line: 2, Fields: map[Column]string{
					ColBuilding: "1", ColUnit: "2", ColRoom: "301", ColName: "王五", ColPhone: "139", ColPresent: "否",
					ColRole: "滞留装修工人", ColVolunteer: "Y", ColSkills: "电工", ColNeeds: "", ColEmergency: "", ColNotes: "",
					ColAddress: "", ColSex: "M",
				}},
			},
		},
		{
			name:       "a second header row under a merged one",
			in:         "序号,姓名,地址,,,电话\n,,楼号,单元,室号,\n1,张三,3,2,501,138\n",
			wantLine:   1,
			wantHeader: []string{"序号", "姓名", "楼号", "单元", "室号", "电话"}, wantUnknown: []string{"序号"},
			wantRows: []Row{
				{Line: 3, Fields: map[Column]string{ColName: "张三", ColBuilding: "3", ColUnit: "2", ColRoom: "501", ColPhone: "138"}},
			},
		},
		{
			name:       "the header repeated on every page",
			in:         "姓名,地址\n张三,3-2-501\n姓名,地址\n李四,3-2-502\n",
			wantLine:   1,
			wantHeader: []string{"姓名", "地址"},
			wantRows: []Row{
				{Line: 2, Fields: map[Column]string{ColName: "张三", ColAddress: "3-2-501"}},
				{Line: 4, Fields: map[Column]string{ColName: "李四", ColAddress: "3-2-502"}},
			},
		},
		{
			name:       "households only",
			in:         "楼号,单元,室号\n3,2,501\n",
			wantLine:   1,
			wantHeader: []string{"楼号", "单元", "室号"},
			wantRows:   []Row{{Line: 2, Fields: map[Column]string{ColBuilding: "3", ColUnit: "2", ColRoom: "501"}}},
		},
		{
			name:        "rows with nothing in a known column",
			in:          "序号,姓名,地址\n1,张三,3-2-501\n2,,\n3,,\n合计: 1人,,\n",
			wantLine:    1,
			wantHeader:  []string{"序号", "姓名", "地址"},
			wantUnknown: []string{"序号"},
			wantRows:    []Row{{Line: 2, Fields: map[Column]string{ColName: "张三", ColAddress: "3-2-501"}}},
		},
		{
			name:       "a quoted cell over two lines keeps the line it starts on",
			in:         "姓名,备注\n\"张三\",\"独居\n行动不便\"\n李四,\n",
			wantLine:   1,
			wantHeader: []string{"姓名", "备注"},
			wantRows: []Row{
				{Line: 2, Fields: map[Column]string{ColName: "张三", ColNotes: "独居 行动不便"}},
				{Line: 4, Fields: map[Column]string{ColName: "李四", ColNotes: ""}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Read(strings.NewReader(tt.in), "x.csv", ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if got, want := doc.HeaderLine, tt.wantLine; got != want {
				t.Errorf("HeaderLine = %d, want %d", got, want)
			}
			if got, want := doc.Header, tt.wantHeader; !slices.Equal(got, want) {
				t.Errorf("Header = %q, want %q", got, want)
			}
			if got, want := doc.Unknown, tt.wantUnknown; !slices.Equal(got, want) {
				t.Errorf("Unknown = %q, want %q", got, want)
			}
			if got, want := doc.Rows, tt.wantRows; !reflect.DeepEqual(got, want) {
				t.Errorf("Rows =\n%v\nwant\n%v", got, want)
			}
		})
	}
}

func TestReadBirthSources(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"id card", "姓名,身份证号\n甲,110101194803151234\n乙,11010119480315123x\n丙,110101480315123\n丁,12345\n戊,\n",
			[]string{"110101194803151234", "11010119480315123X", "1948-03", "12345", ""}},
		{"traditional id card header", "姓名,身份證號碼\n甲,1101 0119 4803 1512 34\n", []string{"110101194803151234"}},
		{"age", "姓名,年龄\n甲,72\n乙,８０岁\n丙,65 周歲\n丁,\n", []string{"age:72", "age:80", "age:65", ""}},
		{"birth beats id card beats age", "姓名,年龄,身份证,出生年月\n甲,72,110101194803151234,1948-04\n乙,72,110101194803151234,\n丙,72,,\n",
			[]string{"1948-04", "110101194803151234", "age:72"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Read(strings.NewReader(tt.in), "x.csv", ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range doc.Rows {
				b, ok := r.Fields[ColBirth]
				if !ok {
					t.Fatalf("line %d: no ColBirth key", r.Line)
				}
				got = append(got, b)
			}
			if want := tt.want; !slices.Equal(got, want) {
				t.Errorf("births = %q, want %q", got, want)
			}
			if len(doc.Unknown) != 0 {
				t.Errorf("Unknown = %q", doc.Unknown)
			}
		})
	}
	// ParseBirth keeps only the year-month of what Read passes on.
	for _, in := range []string{"110101194803151234", "1948-03"} {
		if got, err := ledger.ParseBirth(in); err != nil || got != "1948-03" {
			t.Errorf("ParseBirth(%q) = %q, %v; want 1948-03", in, got, err)
		}
	}
}

func TestReadFormulaGuard(t *testing.T) {
	in := "姓名,备注,技能,联系电话\n" +
		"'=张三,\"'=HYPERLINK(\"\"x\"\")\",'+医生,'-13800138000\n" +
		"'@李四,'abc,''=x,'\t1\n" // ''=x is '=x guarded by the exporter
	doc, err := Read(strings.NewReader(in), "x.csv", ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []map[Column]string{
		{ColName: "=张三", ColNotes: `=HYPERLINK("x")`, ColSkills: "+医生", ColPhone: "-13800138000"},
		{ColName: "@李四", ColNotes: "'abc", ColSkills: "'=x", ColPhone: "1"},
	}
	for i, r := range doc.Rows {
		if got := r.Fields; !reflect.DeepEqual(got, want[i]) {
			t.Errorf("row %d: Fields = %v, want %v", i, got, want[i])
		}
	}
	if got, want := doc.Raw[0][0], "'=张三"; got != want {
		t.Errorf("Raw[0][0] = %q, want %q (as written)", got, want)
	}
}

// TestReadGuardRoundTrip reads back what the exporter's Guard wrote.
func TestReadGuardRoundTrip(t *testing.T) {
	for _, v := range []string{"=1+1", "+86 138", "-1", "@x", "'=x", "''", "'abc", "abc", "\t1", "=", "'"} {
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		if err := w.WriteAll([][]string{{"姓名", "备注"}, {"张三", Guard(v)}}); err != nil {
			t.Fatal(err)
		}
		doc, err := Read(&buf, "x.csv", ReadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := doc.Rows[0].Fields[ColNotes], ledger.NormalizeText(v); got != want {
			t.Errorf("notes written as %q read as %q, want %q", Guard(v), got, want)
		}
	}
}

func TestReadNoHeader(t *testing.T) {
	tests := []struct {
		name string
		in   string
	}{
		{"empty", ""},
		{"no person column", "a,b\n1,2\n"},
		{"header below row 10", strings.Repeat("标题\n", 10) + "姓名\n张三\n"},
		{"garbled rdGB18030 read as utf-8", "濮撳悕\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read(strings.NewReader(tt.in), "x.csv", ReadOptions{})
			if err == nil || !errors.Is(err, ledger.ErrInvalid) || !strings.Contains(err.Error(), "no header row") {
				t.Errorf("error = %v, want no header row, wrapping ErrInvalid", err)
			}
		})
	}
	// Row 10 is still searched.
	doc, err := Read(strings.NewReader(strings.Repeat("标题\n", 9)+"姓名\n张三\n"), "x.csv", ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := doc.HeaderLine, 10; got != want {
		t.Errorf("HeaderLine = %d, want %d", got, want)
	}
}

func TestReadFormat(t *testing.T) {
	xlsx := rdBuildXLSX(t)
	tests := []struct {
		name, file string
		data       []byte
		want       string // Format, or an error's text
	}{
		{"csv by name", "a.csv", []byte("姓名\n张三\n"), "csv"},
		{"no name", "", []byte("姓名\n张三\n"), "csv"},
		{"txt", "a.txt", []byte("姓名\n张三\n"), "csv"},
		{"xlsx by name", "a.XLSX", xlsx, "xlsx"},
		{"xlsx by magic", "a.csv", xlsx, "xlsx"},
		{"xlsm", "a.xlsm", xlsx, "xlsx"},
		{"xlsx that is not", "a.xlsx", []byte("姓名\n张三\n"), "not a readable XLSX workbook"},
		{"broken zip", "a.csv", []byte("PK\x03\x04 nothing else"), "not a readable XLSX workbook"},
		{"old xls", "a.xls", []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 rest"), "old-style .xls/.et"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Read(bytes.NewReader(tt.data), tt.file, ReadOptions{})
			got := ""
			if err != nil {
				got = err.Error()
				if !errors.Is(err, ledger.ErrInvalid) {
					t.Errorf("error %v does not wrap ErrInvalid", err)
				}
			} else {
				got = doc.Format
			}
			if !strings.Contains(got, tt.want) {
				t.Errorf("Read = %q, want %q", got, tt.want)
			}
		})
	}
}

// rdBuildXLSX writes a workbook as Excel or WPS would: a sheet of notes
// without a person column first, the register (a merged title row,
// simplified headers, a phone stored as a number, one shown in scientific
// notation, a date-typed birth, numbers for unit and room, a gap row), then
// a sheet of totals without a person column.
func rdBuildXLSX(t testing.TB) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	check := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	check(f.SetSheetName("Sheet1", "说明"))
	check(f.SetSheetRow("说明", "A1", &[]any{"填表说明"}))
	check(f.SetSheetRow("说明", "A2", &[]any{"地址请写楼号、单元、室号", "电话请写手机"}))
	_, err := f.NewSheet("住户")
	check(err)
	check(f.SetCellValue("住户", "A1", "凯旋华庭 住户台账 2022-04-01"))
	check(f.MergeCell("住户", "A1", "I1"))
	check(f.SetSheetRow("住户", "A2", &[]any{"楼号", "单元", "室号", "姓名", "性别", "出生年月", "联系电话", "志愿者", "微信"}))
	check(f.SetSheetRow("住户", "A3", &[]any{3, 2, 501, "陈美华", "女", "1948-03", int64(13800138000), "否", "chen"}))
	check(f.SetSheetRow("住户", "A5", &[]any{"3", "2", "502", " 李志强", "男", nil, 13700137000.0, "是"}))
	check(f.SetSheetRow("住户", "A6", &[]any{"3", "2", "503", "王五", "男", nil, "'=1+1", "是"}))
	sci, err := f.NewStyle(&excelize.Style{NumFmt: 11}) // 0.00E+00
	check(err)
	check(f.SetCellStyle("住户", "G5", "G5", sci))
	date, err := f.NewStyle(&excelize.Style{NumFmt: 14}) // the default short date
	check(err)
	check(f.SetCellValue("住户", "F5", 29295)) // 1980-03-15
	check(f.SetCellStyle("住户", "F5", "F5", date))
	_, err = f.NewSheet("统计")
	check(err)
	check(f.SetSheetRow("统计", "A1", &[]any{"楼号", "户数"}))
	check(f.SetSheetRow("统计", "A2", &[]any{3, 12}))
	buf, err := f.WriteToBuffer()
	check(err)
	return buf.Bytes()
}

func TestReadXLSX(t *testing.T) {
	data := rdBuildXLSX(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "台账.xlsx")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	doc, err := Read(fh, path, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := doc.Format, "xlsx"; got != want {
		t.Errorf("Format = %q, want %q", got, want)
	}
	if got, want := doc.Sheet, "住户"; got != want {
		t.Errorf("Sheet = %q, want %q", got, want)
	}
	if got, want := doc.HeaderLine, 2; got != want {
		t.Errorf("HeaderLine = %d, want %d", got, want)
	}
	if got, want := doc.Unknown, []string{"微信"}; !slices.Equal(got, want) {
		t.Errorf("Unknown = %q, want %q", got, want)
	}
	want := []Row{
		{Line: 3, Fields: map[Column]string{ColBuilding: "3", ColUnit: "2", ColRoom: "501", ColName: "陈美华", ColSex: "女",
			ColBirth: "1948-03", ColPhone: "13800138000", ColVolunteer: "否"}},
		{Line: 5, Fields: map[Column]string{ColBuilding: "3", ColUnit: "2", ColRoom: "502", ColName: "李志强", ColSex: "男",
			ColBirth: "1980-03-15", ColPhone: "1.37E+10", ColVolunteer: "是"}},
		{Line: 6, Fields: map[Column]string{ColBuilding: "3", ColUnit: "2", ColRoom: "503", ColName: "王五", ColSex: "男",
			ColBirth: "", ColPhone: "'=1+1", ColVolunteer: "是"}},
	}
	if got := doc.Rows; !reflect.DeepEqual(got, want) {
		t.Errorf("Rows =\n%v\nwant\n%v", got, want)
	}
	if got, want := doc.Raw[0], []string{"3", "2", "501", "陈美华", "女", "1948-03", "13800138000", "否", "chen"}; !slices.Equal(got, want) {
		t.Errorf("Raw[0] = %q, want %q", got, want)
	}
	// The phone shown in scientific notation is refused by Parse, as it
	// should be: the spreadsheet rounded it.
	if _, err := ledger.NormalizePhone(doc.Rows[1].Fields[ColPhone]); err == nil {
		t.Errorf("NormalizePhone(%q) accepted a rounded phone", doc.Rows[1].Fields[ColPhone])
	}
	if got, err := ledger.ParseBirth(doc.Rows[1].Fields[ColBirth]); err != nil || got != "1980-03" {
		t.Errorf("ParseBirth(%q) = %q, %v; want 1980-03", doc.Rows[1].Fields[ColBirth], got, err)
	}
}

func TestReadXLSXSheet(t *testing.T) {
	data := rdBuildXLSX(t)
	tests := []struct {
		sheet string
		want  string // the sheet read, or an error's text
	}{
		{"住户", "住户"},
		{" 住户 ", "住户"},
		{"说明", `sheet "说明": no header row naming a person column`},
		{"统计", `sheet "统计": no header row naming a person column`},
		{"Sheet9", `no sheet "Sheet9": invalid value; accepted: 说明, 住户, 统计`},
	}
	for _, tt := range tests {
		t.Run(tt.sheet, func(t *testing.T) {
			doc, err := Read(bytes.NewReader(data), "a.xlsx", ReadOptions{Sheet: tt.sheet})
			got := ""
			if err != nil {
				got = err.Error()
				if !errors.Is(err, ledger.ErrInvalid) {
					t.Errorf("error %v does not wrap ErrInvalid", err)
				}
			} else {
				got = doc.Sheet
			}
			if !strings.Contains(got, tt.want) {
				t.Errorf("Read = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestReadXLSXNoPersonSheet(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetRow("Sheet1", "A1", &[]any{"说明"}); err != nil {
		t.Fatal(err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	_, err = Read(buf, "a.xlsx", ReadOptions{})
	if err == nil || !strings.Contains(err.Error(), "every sheet (Sheet1): no header row") || !errors.Is(err, ledger.ErrInvalid) {
		t.Errorf("error = %v", err)
	}
}

func TestReadXLSXHiddenAndHouseholdSheets(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	check := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	// A hidden old copy, a household list and the register: the visible
	// sheet with a person column wins.
	check(f.SetSheetName("Sheet1", "旧"))
	check(f.SetSheetRow("旧", "A1", &[]any{"姓名"}))
	check(f.SetSheetRow("旧", "A2", &[]any{"旧人"}))
	for _, s := range []string{"户", "人"} {
		_, err := f.NewSheet(s)
		check(err)
	}
	check(f.SetSheetRow("户", "A1", &[]any{"地址"}))
	check(f.SetSheetRow("户", "A2", &[]any{"3-2-501"}))
	check(f.SetSheetRow("人", "A1", &[]any{"姓名"}))
	check(f.SetSheetRow("人", "A2", &[]any{"张三"}))
	f.SetActiveSheet(2)
	check(f.SetSheetVisible("旧", false))
	buf, err := f.WriteToBuffer()
	check(err)
	data := buf.Bytes()
	doc, err := Read(bytes.NewReader(data), "a.xlsx", ReadOptions{})
	check(err)
	if got, want := doc.Sheet, "人"; got != want {
		t.Errorf("Sheet = %q, want %q", got, want)
	}
	doc, err = Read(bytes.NewReader(data), "a.xlsx", ReadOptions{Sheet: "户"})
	check(err)
	if got, want := doc.Rows, []Row{{Line: 2, Fields: map[Column]string{ColAddress: "3-2-501"}}}; !reflect.DeepEqual(got, want) {
		t.Errorf("Rows = %v, want %v", got, want)
	}
}

func TestHeaderAliases(t *testing.T) {
	tests := []struct {
		in   string
		want colSource
	}{
		{"楼号", colSource{ColBuilding, kindPlain}}, {"樓號", colSource{ColBuilding, kindPlain}}, {"楼栋", colSource{ColBuilding, kindPlain}},
		{"楼", colSource{ColBuilding, kindPlain}}, {"幢", colSource{ColBuilding, kindPlain}}, {"棟", colSource{ColBuilding, kindPlain}},
		{"Building", colSource{ColBuilding, kindPlain}},
		{"单元", colSource{ColUnit, kindPlain}}, {"單元", colSource{ColUnit, kindPlain}}, {"UNIT", colSource{ColUnit, kindPlain}},
		{"室号", colSource{ColRoom, kindPlain}}, {"房号", colSource{ColRoom, kindPlain}}, {"門牌", colSource{ColRoom, kindPlain}},
		{"门牌号", colSource{ColRoom, kindPlain}}, {"室", colSource{ColRoom, kindPlain}}, {"room", colSource{ColRoom, kindPlain}},
		{"地址", colSource{ColAddress, kindPlain}}, {"住址", colSource{ColAddress, kindPlain}}, {"Address", colSource{ColAddress, kindPlain}},
		{"姓名", colSource{ColName, kindPlain}}, {"姓　名", colSource{ColName, kindPlain}}, {"名字", colSource{ColName, kindPlain}},
		{"Name", colSource{ColName, kindPlain}}, {"ＮＡＭＥ", colSource{ColName, kindPlain}},
		{"性别", colSource{ColSex, kindPlain}}, {"性別", colSource{ColSex, kindPlain}}, {"sex", colSource{ColSex, kindPlain}}, {"Gender", colSource{ColSex, kindPlain}},
		{"出生年月", colSource{ColBirth, kindPlain}}, {"出生日期", colSource{ColBirth, kindPlain}}, {"生日", colSource{ColBirth, kindPlain}},
		{"birth", colSource{ColBirth, kindPlain}}, {"Date of Birth", colSource{ColBirth, kindPlain}},
		{"年龄", colSource{ColBirth, kindAge}}, {"年齡", colSource{ColBirth, kindAge}}, {"Age", colSource{ColBirth, kindAge}},
		{"身份证号", colSource{ColBirth, kindIDCard}}, {"身份证", colSource{ColBirth, kindIDCard}}, {"身份證號碼", colSource{ColBirth, kindIDCard}},
		{"ID card", colSource{ColBirth, kindIDCard}},
		{"电话", colSource{ColPhone, kindPlain}}, {"手机", colSource{ColPhone, kindPlain}}, {"手機號", colSource{ColPhone, kindPlain}},
		{"聯繫電話", colSource{ColPhone, kindPlain}}, {"联系方式", colSource{ColPhone, kindPlain}}, {"phone", colSource{ColPhone, kindPlain}},
		{"Mobile", colSource{ColPhone, kindPlain}},
		{"在住", colSource{ColPresent, kindPlain}}, {"是否在住", colSource{ColPresent, kindPlain}}, {"present", colSource{ColPresent, kindPlain}},
		{"身份", colSource{ColRole, kindPlain}}, {"类别", colSource{ColRole, kindPlain}}, {"人員類別", colSource{ColRole, kindPlain}},
		{"role", colSource{ColRole, kindPlain}},
		{"志愿者", colSource{ColVolunteer, kindPlain}}, {"是否志願者", colSource{ColVolunteer, kindPlain}}, {"volunteer", colSource{ColVolunteer, kindPlain}},
		{"技能", colSource{ColSkills, kindPlain}}, {"特长", colSource{ColSkills, kindPlain}}, {"特長", colSource{ColSkills, kindPlain}},
		{"Skills", colSource{ColSkills, kindPlain}},
		{"需求", colSource{ColNeeds, kindPlain}}, {"needs", colSource{ColNeeds, kindPlain}},
		{"紧急联系人", colSource{ColEmergency, kindPlain}}, {"緊急聯繫人", colSource{ColEmergency, kindPlain}},
		{"Emergency Contact", colSource{ColEmergency, kindPlain}},
		{"备注", colSource{ColNotes, kindPlain}}, {"備註", colSource{ColNotes, kindPlain}}, {"Notes", colSource{ColNotes, kindPlain}},
		{"*姓名", colSource{ColName, kindPlain}}, {"姓名：", colSource{ColName, kindPlain}}, {"联系电话(手机)", colSource{ColPhone, kindPlain}},
		{"出生年月（例：1948-03）", colSource{ColBirth, kindPlain}},
	}
	for _, tt := range tests {
		got, ok := lookupHeader(tt.in)
		if !ok || got != tt.want {
			t.Errorf("lookupHeader(%q) = %v, %v; want %v", tt.in, got, ok, tt.want)
		}
	}
	for _, in := range []string{"", "序号", "微信", "姓名请写全名", "凯旋华庭 住户台账", "(姓名)", "()", "*"} {
		if got, ok := lookupHeader(in); ok {
			t.Errorf("lookupHeader(%q) = %v, want none", in, got)
		}
	}
}

// TestReadRowsValid checks what Read promises of every value: valid UTF-8,
// NFKC, no stray whitespace.
func TestReadRowsValid(t *testing.T) {
	doc, err := Read(strings.NewReader(rdTitle+rdTradHeader+rdBody), "x.csv", ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range doc.Rows {
		for c, v := range r.Fields {
			if !utf8.ValidString(v) || v != ledger.NormalizeText(v) {
				t.Errorf("line %d, column %d: %q is not normalized", r.Line, c, v)
			}
		}
	}
}

// FuzzRead feeds Read arbitrary bytes as a CSV file: it must not panic, and
// it returns either an error wrapping ErrInvalid or rows that keep their
// promises.
func FuzzRead(f *testing.F) {
	f.Add([]byte(rdTitle + rdTradHeader + rdBody))
	f.Add(rdGB18030(f, rdTitle+rdSimpHeader+rdBody))
	f.Add(rdUTF16(f, rdEnHeader+rdBody, unicode.LittleEndian))
	f.Add([]byte("序号,姓名,地址,,,电话\n,,楼号,单元,室号,\n1,张三,3,2,501,138\n"))
	f.Add([]byte("姓名,备注\n\"张三\",\"a\nb\"\n'=x,\"'+1\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Read(bytes.NewReader(data), "fuzz.csv", ReadOptions{})
		if err != nil {
			if !errors.Is(err, ledger.ErrInvalid) {
				t.Fatalf("error %v does not wrap ErrInvalid", err)
			}
			return
		}
		if doc.Format != "csv" && doc.Format != "xlsx" {
			t.Fatalf("Format = %q", doc.Format)
		}
		if len(doc.Raw) != len(doc.Rows) {
			t.Fatalf("len(Raw) = %d, len(Rows) = %d", len(doc.Raw), len(doc.Rows))
		}
		if doc.HeaderLine < 1 || len(doc.Header) == 0 {
			t.Fatalf("HeaderLine = %d, Header = %q", doc.HeaderLine, doc.Header)
		}
		last := doc.HeaderLine
		for i, r := range doc.Rows {
			if r.Line <= last {
				t.Fatalf("row %d: line %d after line %d", i, r.Line, last)
			}
			last = r.Line
			empty := true
			for c, v := range r.Fields {
				if c == ColNone {
					t.Fatalf("line %d: a ColNone field", r.Line)
				}
				if !utf8.ValidString(v) || v != ledger.NormalizeText(v) && !strings.HasPrefix(v, "age:") {
					t.Fatalf("line %d: %q is not normalized", r.Line, v)
				}
				if v != "" {
					empty = false
				}
			}
			if empty {
				t.Fatalf("line %d: a row with nothing in a known column", r.Line)
			}
		}
	})
}

// TestAliasesSimplified: every header alias is written simplified, so a
// folded header finds it.
func TestAliasesSimplified(t *testing.T) {
	for _, a := range aliasList {
		for _, n := range a.names {
			if ledger.Fold(n) != n {
				t.Errorf("alias %q is not simplified: folds to %q", n, ledger.Fold(n))
			}
		}
	}
}

func TestFoldKeepsNames(t *testing.T) {
	doc, err := Read(strings.NewReader("姓名,緊急聯繫人,備註\n陳樓華,陳大文,獨居\n"), "x.csv", ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	f := doc.Rows[0].Fields
	for c, want := range map[Column]string{ColName: "陳樓華", ColEmergency: "陳大文", ColNotes: "獨居"} {
		if got := f[c]; got != want {
			t.Errorf("column %d = %q, want %q (not folded)", c, got, want)
		}
	}
}
