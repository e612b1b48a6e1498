package poster

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unicode"

	"vol/ledger"
)

// systemFont is the font of the tests: the system's, as FindFont("")
// finds it (CI installs Debian's fonts-wqy-microhei; .ci/run does).
var systemFont = sync.OnceValues(func() (*Font, error) { return FindFont("") })

func testFont(t *testing.T) *Font {
	t.Helper()
	f, err := systemFont()
	if err != nil {
		t.Fatalf("FindFont(\"\"): %v (install a CJK font: apt-get install fonts-wqy-microhei)", err)
	}
	return f
}

// sample is a bulletin as vol bulletin words it: Chinese and English
// words, 14 days of 3 series of different sizes, a gap of 2 days in one.
func sample() Bulletin {
	days := make([]string, 14)
	residents, runs, tested := make([]float64, 14), make([]float64, 14), make([]float64, 14)
	for i := range days {
		days[i] = "12-" + twoDigits(i+1)
		residents[i] = float64(360 + i%5 + i/2)
		runs[i] = float64(8 + (i*7)%6)
		tested[i] = float64(900 + (i*37)%120)
	}
	runs[5], runs[6] = math.NaN(), math.NaN()
	return Bulletin{
		Lang:  "zh-CN",
		Title: "凯旋华庭 每日通报 2026年12月14日",
		Sections: []Section{
			{Heading: "住户", Lines: []string{"在住户数 370（+2）", "独居老人 41 户，今日已联系 39 户"}},
			{Heading: "送药 Medicine runs", Lines: []string{"今日送药 12 单（待送 3 单）", "Volunteers on duty today: 14, of whom 3 are new to the team and paired with someone who knows the round"}},
			{Heading: "核酸", Lines: []string{"今日检测 1,012 人，3号楼2单元 因封控改为上门检测，请该单元的住户在家等候，不要下楼。"}},
		},
		Note:    "明天上午 9 点在 2 号楼前发放蔬菜包，每户一份。\n请带好购物袋。",
		Contact: "联系：志愿者服务台 138 0000 0000（9:00–21:00）",
		Chart: Chart{
			Title: "近 14 天",
			Days:  days,
			Series: []Series{
				{Name: "在住户数", Values: residents},
				{Name: "送药单数", Values: runs},
				{Name: "检测人数 tested", Values: tested},
			},
		},
	}
}

func twoDigits(n int) string { return string(rune('0'+n/10)) + string(rune('0'+n%10)) }

// renderPNG draws b as a PNG and decodes it; chartY is where the chart
// starts.
func renderPNG(t *testing.T, b Bulletin) (data []byte, img image.Image, chartY int) {
	t.Helper()
	_, chartY, err := render(b, testFont(t))
	if err != nil {
		t.Fatalf("render: %v", err)
	}
	var buf bytes.Buffer
	if err := PNG(&buf, b, testFont(t)); err != nil {
		t.Fatalf("PNG: %v", err)
	}
	img, err = png.Decode(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("decoding the PNG: %v", err)
	}
	return buf.Bytes(), img, chartY
}

// inked counts the pixels of img inside r that are not white.
func inked(img image.Image, r image.Rectangle) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if c := color.RGBAModel.Convert(img.At(x, y)).(color.RGBA); c.R < 0xf0 || c.G < 0xf0 || c.B < 0xf0 {
				n++
			}
		}
	}
	return n
}

// countColor counts the pixels of img inside r of exactly c.
func countColor(img image.Image, r image.Rectangle, c color.RGBA) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if color.RGBAModel.Convert(img.At(x, y)).(color.RGBA) == c {
				n++
			}
		}
	}
	return n
}

// TestPNG draws the sample: a PNG 1080 wide, of a sensible height, not
// blank, with the title band, text, and the chart's lines in its colours
// in the chart's part of the picture.
func TestPNG(t *testing.T) {
	data, img, chartTop := renderPNG(t, sample())
	b := img.Bounds()
	if b.Dx() != Width {
		t.Errorf("width %d, want %d", b.Dx(), Width)
	}
	if b.Dy() < 1200 || b.Dy() > MaxHeight {
		t.Errorf("height %d, want between 1200 and %d", b.Dy(), MaxHeight)
	}
	if n, all := inked(img, b), b.Dx()*b.Dy(); n < all/20 || n > all*2/3 {
		t.Errorf("%d of %d pixels are not white: want between 5%% and 67%%", n, all)
	}
	// The title band is red across the top, with white text on it.
	if got := countColor(img, image.Rect(0, 0, Width, 40), bandRed); got != Width*40 {
		t.Errorf("the band's top: %d red pixels, want %d", got, Width*40)
	}
	if n := inked(img, image.Rect(margin, bandPadTop, Width-margin, bandPadTop+titleLineH)); n == Width*titleLineH {
		t.Error("the title's row holds no white text")
	}
	// The chart is the lower part: each series' colour is in it, and not
	// above it (the text is grey and black).
	g := layoutChart(sample().Chart, margin, Width-margin)
	if chartTop < b.Dy()/3 || chartTop+g.H > b.Dy() {
		t.Fatalf("the chart at %d, %d high, in a picture %d high", chartTop, g.H, b.Dy())
	}
	for i, s := range sample().Chart.Series {
		p := g.Panels[i]
		plot := image.Rect(p.X0, chartTop+p.Y0, p.X1+int(lastDotR)+1, chartTop+p.Y1)
		if n := countColor(img, plot, palette[i]); n < 300 {
			t.Errorf("series %s: %d pixels of its colour in its plot %v, want a line", s.Name, n, plot)
		}
		if n := countColor(img, image.Rect(0, 0, Width, chartTop), palette[i]); n != 0 {
			t.Errorf("series %s: %d pixels of its colour above the chart", s.Name, n)
		}
	}
	// The gap: no line between the days around the 2 days without data.
	p := g.Panels[1]
	mid := int((p.Points[4].X + p.Points[7].X) / 2)
	if n := countColor(img, image.Rect(mid-5, chartTop+p.Y0, mid+5, chartTop+p.Y1), palette[1]); n != 0 {
		t.Errorf("%d pixels of the line where the series has no data", n)
	}
	if len(data) > 1<<20 {
		t.Errorf("the PNG is %d bytes, want under 1 MB", len(data))
	}
	if out := os.Getenv("POSTER_SAMPLE"); out != "" {
		// A look at the picture: POSTER_SAMPLE=/tmp/b.png go test -run TestPNG$
		_ = os.WriteFile(out, data, 0o600)
		t.Logf("%dx%d, %d bytes: %s", b.Dx(), b.Dy(), len(data), out)
	}
}

// TestPNGDeterministic: the same bulletin gives the same bytes.
func TestPNGDeterministic(t *testing.T) {
	a, _, _ := renderPNG(t, sample())
	b, _, _ := renderPNG(t, sample())
	if !bytes.Equal(a, b) {
		t.Error("two drawings of one bulletin differ")
	}
}

// TestPNGBounded: a note far too long for a picture is cut at MaxHeight,
// ending in an ellipsis, and the chart is still drawn.
func TestPNGBounded(t *testing.T) {
	b := sample()
	b.Note = strings.Repeat("请各位住户注意防寒保暖，出门戴好口罩。Keep warm. ", 300)
	_, img, chartTop := renderPNG(t, b)
	if h := img.Bounds().Dy(); h > MaxHeight || h <= MaxHeight-noteLineH {
		t.Errorf("height %d, want at most %d and less than a line short of it", h, MaxHeight)
	}
	g := layoutChart(b.Chart, margin, Width-margin)
	if n := countColor(img, image.Rect(0, chartTop, Width, chartTop+g.H), palette[0]); n < 300 {
		t.Errorf("the chart of a cut bulletin has %d pixels of its first line", n)
	}
}

// TestPNGEmpty: a bulletin of a title alone, and one with a chart of one
// day and a series without data, are drawn.
func TestPNGEmpty(t *testing.T) {
	_, img, _ := renderPNG(t, Bulletin{Title: "通报"})
	if w, h := img.Bounds().Dx(), img.Bounds().Dy(); w != Width || h < 100 || h > 400 {
		t.Errorf("a title alone: %dx%d", w, h)
	}
	nan := math.NaN()
	_, img, _ = renderPNG(t, Bulletin{Title: "通报", Chart: Chart{Days: []string{"12-08"}, Series: []Series{{Name: "a", Values: []float64{nan}}, {Name: "b", Values: []float64{3}}}}})
	if img.Bounds().Dy() < 400 {
		t.Errorf("a chart of one day: height %d", img.Bounds().Dy())
	}
}

// TestCheck: the limits and a malformed chart are refused, in the
// catalogue's words.
func TestCheck(t *testing.T) {
	long := sample()
	long.Note = strings.Repeat("长", MaxTextRunes+1)
	short := sample()
	short.Chart.Series[0].Values = short.Chart.Series[0].Values[1:]
	many := sample()
	for range MaxSeries {
		many.Chart.Series = append(many.Chart.Series, many.Chart.Series[0])
	}
	huge := sample()
	huge.Chart.Series[2].Values[3] = 1e300
	days := Bulletin{Chart: Chart{Days: make([]string, MaxDays+1)}}
	for _, b := range []Bulletin{long, short, many, huge, days} {
		err := b.Check()
		var m interface{ Message() (string, []any) }
		if err == nil || !errors.As(err, &m) {
			t.Errorf("Check: %v, want an error of the catalogue", err)
		}
		if err := HTML(&bytes.Buffer{}, b); err == nil {
			t.Error("HTML took a bulletin Check refuses")
		}
	}
	inf := sample()
	inf.Chart.Series[0].Values[0] = math.Inf(1)
	if err := inf.Check(); err != nil {
		t.Errorf("Check of an infinite value (no data): %v", err)
	}
}

// TestHTML: the page holds the words, escaped, and the chart as SVG, and
// nothing it would fetch.
func TestHTML(t *testing.T) {
	b := sample()
	b.Sections[0].Lines = append(b.Sections[0].Lines, `<script>alert("x")</script> & 楼`)
	b.Chart.Series[0].Name = `"><img src=x onerror=alert(1)>`
	var buf bytes.Buffer
	if err := HTML(&buf, b); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, bad := range []string{"<script", "<img", "http://", "https://", "<link", "url("} {
		if i := strings.Index(page, bad); i >= 0 && !strings.HasPrefix(page[i:], "http://www.w3.org/2000/svg") {
			t.Errorf("the page holds %q: %s", bad, page[max(0, i-40):min(len(page), i+60)])
		}
	}
	for _, want := range []string{
		`<html lang="zh-CN">`, "<title>凯旋华庭 每日通报 2026年12月14日</title>", "在住户数 370（&#43;2）",
		"&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; 楼", "<p>请带好购物袋。</p>",
		"联系：志愿者服务台", "<svg", "近 14 天", "12-14", "送药单数",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if n, want := strings.Count(page, "<circle"), 14+12+14+3; n != want {
		t.Errorf("%d dots, want %d (a day with data each, the latest day's two)", n, want)
	}
	var again bytes.Buffer
	if err := HTML(&again, b); err != nil || !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Errorf("two pages of one bulletin differ (%v)", err)
	}
}

// TestFindFont: FindFont("") finds the system's font, with Chinese
// glyphs; a path names a font; a missing file, a file that is not a font,
// a folder, a font without Chinese are refused for --font in the
// catalogue's words.
func TestFindFont(t *testing.T) {
	f := testFont(t)
	if f.Path() == "" || f.Name() == "" {
		t.Errorf("the system font: path %q, name %q", f.Path(), f.Name())
	}
	t.Logf("system font: %s (%s)", f.Name(), f.Path())
	if g, err := FindFont(f.Path()); err != nil || g.Path() != f.Path() {
		t.Errorf("FindFont(%q): %v", f.Path(), err)
	}

	dir := t.TempDir()
	notFont := filepath.Join(dir, "notes.ttf")
	if err := os.WriteFile(notFont, []byte("这不是字体\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		path string
		want error
	}{
		{filepath.Join(dir, "missing.ttc"), ledger.ErrNotFound},
		{notFont, ErrNotFont},
		{dir, ErrNotFont},
	} {
		_, err := FindFont(c.path)
		var fe *ledger.FieldError
		if !errors.As(err, &fe) || fe.Field != "--font" || fe.Value != c.path || !errors.Is(err, c.want) {
			t.Errorf("FindFont(%q): %v, want a --font error wrapping %v", c.path, err, c.want)
			continue
		}
		if !strings.Contains(err.Error(), ".ttc") {
			t.Errorf("FindFont(%q): %q does not say what is accepted", c.path, err)
		}
	}
}

// TestFontSearch: the search prefers the CJK fonts by name, skips a
// file that is not a font, and says where it looked when it finds none.
func TestFontSearch(t *testing.T) {
	f := testFont(t)
	files := []string{"/a/DejaVuSans.ttf", "/b/wqy-zenhei.ttc", "/c/NotoSansCJK-Regular.ttc", "/d/wqy-microhei.ttc", "/e/NotoSerifCJK-Regular.ttc", "/f/readme.txt"}
	got := strings.Join(rankFiles(files), " ")
	if want := "/c/NotoSansCJK-Regular.ttc /d/wqy-microhei.ttc /b/wqy-zenhei.ttc /e/NotoSerifCJK-Regular.ttc"; got != want {
		t.Errorf("rankFiles: %s, want %s", got, want)
	}

	// A folder whose best-named file is not a font, and a real font
	// further down.
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "noto", "deep"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "noto", "NotoSansCJK-Regular.ttc"), []byte("broken"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(f.Path(), filepath.Join(dir, "noto", "deep", "wqy-microhei.ttc")); err != nil {
		t.Fatal(err)
	}
	if g := findIn([]string{filepath.Join(dir, "missing.ttc")}, []string{dir}); g == nil || g.Path() != filepath.Join(dir, "noto", "deep", "wqy-microhei.ttc") {
		t.Errorf("findIn: %v, want the font past the broken file", g)
	}
	if g := findIn(nil, []string{filepath.Join(dir, "noto", "NotoSansCJK-Regular.ttc"), filepath.Join(dir, "none")}); g != nil {
		t.Errorf("findIn found %s in folders without a font", g.Path())
	}

	// The places of each system.
	env := map[string]string{"HOME": "/home/u", "WINDIR": `C:\Windows`, "USERPROFILE": `C:\Users\u`}
	getenv := func(k string) string { return env[k] }
	if known, _ := searchPlaces(getenv, "windows"); len(known) == 0 || !strings.HasSuffix(known[0], "msyh.ttc") {
		t.Errorf("windows: %v", known)
	}
	if known, dirs := searchPlaces(getenv, "darwin"); len(known) == 0 || known[0] != "/System/Library/Fonts/PingFang.ttc" || len(dirs) != 2 {
		t.Errorf("darwin: %v %v", known, dirs)
	}
	if _, dirs := searchPlaces(getenv, "linux"); strings.Join(dirs, " ") != "/home/u/.local/share/fonts /home/u/.fonts /usr/share/fonts /usr/local/share/fonts" {
		t.Errorf("linux: %v", dirs)
	}
}

// TestWrap: Chinese breaks anywhere, Latin at spaces, punctuation stays
// with its word, and no line is wider than the width.
func TestWrap(t *testing.T) {
	// Every rune 1 wide: a width of 10 is 10 runes.
	measure := func(s string) int { return len([]rune(s)) }
	for _, c := range []struct {
		in    string
		width int
		want  []string
	}{
		{"", 10, []string{""}},
		{"在住户数 370（+2）", 10, []string{"在住户数 370", "（+2）"}},
		{"一二三四五六七八九十，一二", 10, []string{"一二三四五六七八九", "十，一二"}},
		{"the quick brown fox jumps", 10, []string{"the quick", "brown fox", "jumps"}},
		{"abcdefghijklmnop", 10, []string{"abcdefghij", "klmnop"}},
		{"第一段\n第二段\r\n第三\t段", 10, []string{"第一段", "第二段", "第三 段"}},
		{"一\u3000二  three", 10, []string{"一\u3000二  three"}},
		{"联系（张三）电话", 3, []string{"联系", "（张", "三）电", "话"}},
		{"370（+2）", 4, []string{"370", "（+2）"}},
	} {
		got := wrap(c.in, c.width, measure)
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("wrap(%q, %d) = %q, want %q", c.in, c.width, got, c.want)
		}
	}
}

// TestWriteFiles: the files are written whole, private, and never over
// the font.
func TestWriteFiles(t *testing.T) {
	f := testFont(t)
	dir := t.TempDir()
	pngPath, htmlPath := filepath.Join(dir, "b.png"), filepath.Join(dir, "b.html")
	if err := WritePNG("--png", pngPath, sample(), f); err != nil {
		t.Fatal(err)
	}
	if err := WriteHTML("--html", htmlPath, sample()); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{pngPath, htmlPath} {
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != 0o600 || st.Size() < 1000 {
			t.Errorf("%s: mode %v, %d bytes", p, st.Mode().Perm(), st.Size())
		}
	}
	link := filepath.Join(dir, "font.png")
	if err := os.Symlink(f.Path(), link); err != nil {
		t.Fatal(err)
	}
	if err := WritePNG("--png", link, sample(), f); !errors.Is(err, ErrFontFile) {
		t.Errorf("WritePNG over the font: %v", err)
	}
	if !SameFile(pngPath, filepath.Join(dir, ".", "b.png")) || !SameFile(filepath.Join(dir, "new.png"), filepath.Join(dir, "x", "..", "new.png")) || SameFile(pngPath, htmlPath) {
		t.Error("SameFile")
	}
	for _, p := range []string{filepath.Join(dir, "missing", "b.html"), dir} {
		var fe *ledger.FieldError
		if err := WriteHTML("--html", p, sample()); !errors.As(err, &fe) || fe.Field != "--html" || fe.Value != p {
			t.Errorf("WriteHTML(%q): %v, want an --html error", p, err)
		}
	}
}

// FuzzFont: a font file from outside never panics the reader, and a face
// repacked by aligned is never larger than the file with its padding.
func FuzzFont(f *testing.F) {
	ttc := func(faces ...[]byte) []byte {
		b := []byte("ttcf\x00\x01\x00\x00")
		b = append(b, 0, 0, 0, byte(len(faces)))
		at := 12 + 4*len(faces)
		for _, face := range faces {
			b = append(b, byte(at>>24), byte(at>>16), byte(at>>8), byte(at))
			at += len(face)
		}
		for _, face := range faces {
			b = append(b, face...)
		}
		return b
	}
	// A font of one misaligned table, and collections of it.
	one := []byte("\x00\x01\x00\x00\x00\x01\x00\x10\x00\x00\x00\x00" + "cmap\x00\x00\x00\x00\x00\x00\x00\x1d\x00\x00\x00\x03" + "abc")
	f.Add(one)
	f.Add(ttc(one, one))
	f.Add([]byte("OTTO"))
	f.Add([]byte("ttcf\x00\x01\x00\x00\xff\xff\xff\xff"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = parseFont(data, "fuzz.ttc")
		for i := range 3 {
			at, ok := faceOffset(data, i)
			if !ok {
				continue
			}
			out, ok := aligned(data, at)
			if ok && len(out) > len(data)+12+16*256+4*256 {
				t.Errorf("face %d: %d bytes repacked from %d", i, len(out), len(data))
			}
		}
	})
}

// FuzzWrap: wrapping keeps every character but the spaces it breaks at,
// and a line is wider than the width only when it is one character.
func FuzzWrap(f *testing.F) {
	f.Add("在住户数 370（+2）the quick brown fox，一二三四五六七八九十", 7)
	f.Add("abc\r\ndef\tghi", 2)
	f.Fuzz(func(t *testing.T, s string, width int) {
		width = 1 + abs(width)%40
		measure := func(s string) int { return len([]rune(s)) }
		lines := wrap(s, width, measure)
		var got, want []rune
		for _, l := range lines {
			if n := measure(l); n > width && n > 1 {
				t.Errorf("line %q: %d wide, width %d", l, n, width)
			}
			got = append(got, []rune(noSpace(l))...)
		}
		want = []rune(noSpace(clean(s)))
		if string(got) != string(want) {
			t.Errorf("wrap(%q, %d) = %q: lost or added characters", s, width, lines)
		}
	})
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// noSpace is s without its spaces.
func noSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}
