package poster

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"

	"vol/ledger"
)

// MaxFontBytes bounds what FindFont reads of a font file. CJK fonts are
// big (Noto Sans CJK's collection is about 20 MB, macOS's Songti and
// PingFang collections up to about 70 MB), and a font is read whole.
const MaxFontBytes = 128 << 20

// maxFaces bounds the faces of a collection FindFont looks into (sfnt
// itself takes up to 256).
const maxFaces = 64

// Errors of FindFont, wrapped in a *ledger.FieldError for --font.
var (
	// ErrNotFont: the file is not a font vol can read (a TrueType or
	// OpenType font or collection).
	ErrNotFont = ledger.Errorf("not a font file vol can read")
	// ErrNoChinese: the font has no glyphs for Chinese characters.
	ErrNoChinese = ledger.Errorf("the font has no Chinese characters")
	// ErrFontTooLarge: the file is larger than MaxFontBytes.
	ErrFontTooLarge = ledger.Errorf("larger than %d MB, more than vol reads of a font", MaxFontBytes>>20)
	// ErrNoFont: FindFont found no font with Chinese characters in the
	// system's usual places.
	ErrNoFont = ledger.Errorf("no font with Chinese characters found")
)

// wantFont is what --font accepts.
var wantFont = ledger.T("a .ttf, .otf or .ttc font file with Chinese characters (at most %d MB)", MaxFontBytes>>20)

// probe is the text a face must have glyphs for: Chinese, digits and
// Latin letters, the full-width parentheses and comma of the bulletin.
const probe = "中文通报户数（，）0123456789AaZz"

// Font is a face of a font file with glyphs for Chinese text.
type Font struct {
	f     *opentype.Font
	path  string
	index int    // the face's index in a collection, 0 for a single font
	name  string // the family name, "" when the font has none
}

// Path is the file the font was read from.
func (f *Font) Path() string { return f.path }

// Name is the font's family name and, in a collection, the face's index:
// "WenQuanYi Micro Hei", "Noto Sans CJK SC #2".
func (f *Font) Name() string {
	n := f.name
	if n == "" {
		n = filepath.Base(f.path)
	}
	if f.index > 0 {
		n += " #" + strconv.Itoa(f.index)
	}
	return n
}

// FindFont returns a face with Chinese characters. path names the font
// file (--font); "" searches the system's usual places (Windows's Fonts
// folder, macOS's system and user fonts, the fontconfig folders of Linux
// and the BSDs, see searchPlaces) and takes the first file, in an order of
// preference, that has such a face. In a collection the first face with
// glyphs for probe is used.
//
// With a path, the errors are a *ledger.FieldError for --font wrapping
// ledger.ErrNotFound (no such file), ErrFontTooLarge, ErrNotFont or
// ErrNoChinese, or the file system's error (no permission). Searching, a
// file that cannot be used is passed over; when none can, the error wraps
// ErrNoFont and says where vol looked and that --font names one.
func FindFont(path string) (*Font, error) {
	if path != "" {
		f, err := loadFont(path)
		if err != nil {
			return nil, fontError(path, err)
		}
		return f, nil
	}
	known, dirs := searchPlaces(os.Getenv, runtime.GOOS)
	if f := findIn(known, dirs); f != nil {
		return f, nil
	}
	return nil, ledger.Errorf("%w in %s; install one (on Linux the package fonts-noto-cjk or fonts-wqy-microhei) or name a font file with --font FILE",
		ErrNoFont, strings.Join(dirs, ", "))
}

// fontError makes err of loadFont a --font error.
func fontError(path string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		err = ledger.ErrNotFound
	case errors.Is(err, ErrNotFont), errors.Is(err, ErrNoChinese), errors.Is(err, ErrFontTooLarge):
	default:
		return err // the file system's: permission, a failing disk
	}
	return &ledger.FieldError{Field: "--font", Value: path, Want: wantFont, Err: err}
}

// findIn returns the first usable font of the files known and of the font
// files under dirs by preference, or nil.
func findIn(known, dirs []string) *Font {
	for _, p := range known {
		if f, err := loadFont(p); err == nil {
			return f
		}
	}
	for _, p := range rankFiles(walkFonts(dirs)) {
		if f, err := loadFont(p); err == nil {
			return f
		}
	}
	return nil
}

// loadFont reads the font file at path, at most MaxFontBytes, and returns
// its first face with glyphs for probe. Its errors: the file system's
// (fs.ErrNotExist among them), ErrFontTooLarge, ErrNotFont, ErrNoChinese.
func loadFont(path string) (*Font, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	st, err := file.Stat()
	if err != nil {
		return nil, err
	}
	switch {
	case !st.Mode().IsRegular():
		return nil, ErrNotFont // a folder, a device, a pipe
	case st.Size() > MaxFontBytes:
		return nil, ErrFontTooLarge
	}
	data, err := io.ReadAll(io.LimitReader(file, MaxFontBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFontBytes {
		return nil, ErrFontTooLarge // it grew while read
	}
	return parseFont(data, path)
}

// parseFont returns the best face of the font data (read from path) with
// glyphs for probe, or ErrNotFont, or ErrNoChinese.
func parseFont(data []byte, path string) (*Font, error) {
	c, err := opentype.ParseCollection(data) // a single font is a collection of one
	if err != nil {
		return nil, ErrNotFont
	}
	var (
		buf   sfnt.Buffer
		best  *Font
		score = -1
	)
	n := min(c.NumFonts(), maxFaces)
	for i := range n {
		f, err := c.Font(i)
		if err != nil {
			// Tables not on four-byte boundaries (WenQuanYi): see aligned.
			at, ok := faceOffset(data, i)
			if !ok {
				continue
			}
			b, ok := aligned(data, at)
			if !ok {
				continue
			}
			if f, err = opentype.Parse(b); err != nil {
				continue
			}
		}
		if !hasGlyphs(f, &buf, probe) {
			continue
		}
		family, _ := f.Name(&buf, sfnt.NameIDFamily)
		style, _ := f.Name(&buf, sfnt.NameIDSubfamily)
		if s := faceScore(family, style); s > score {
			best, score = &Font{f: f, path: path, index: i, name: printable(family)}, s
		}
	}
	switch {
	case best != nil:
		return best, nil
	case n == 0:
		return nil, ErrNotFont
	}
	return nil, ErrNoChinese
}

// faceScore ranks the faces of a collection that have Chinese glyphs: a
// face for Simplified Chinese (Noto Sans CJK SC rather than its JP face,
// whose forms of some characters differ), then the regular weight
// (PingFang SC Regular rather than Ultralight).
func faceScore(family, style string) int {
	s := 0
	for _, w := range strings.Fields(strings.ToUpper(family)) {
		if w == "SC" || w == "GB" || w == "CN" || strings.HasPrefix(w, "SIMPLIFIED") {
			s += 2
		}
	}
	if st := strings.ToLower(style); st == "regular" || st == "book" || st == "normal" {
		s++
	}
	return s
}

// hasGlyphs reports whether f has a glyph for every rune of s.
func hasGlyphs(f *sfnt.Font, buf *sfnt.Buffer, s string) bool {
	for _, r := range s {
		if g, err := f.GlyphIndex(buf, r); err != nil || g == 0 {
			return false
		}
	}
	return true
}

// printable keeps the printable runes of a name read from a font file,
// at most 64 of them.
func printable(s string) string {
	var b strings.Builder
	n := 0
	for _, r := range s {
		if n == 64 {
			break
		}
		if r >= ' ' && r != 0x7f && r != 0xfffd {
			b.WriteRune(r)
			n++
		}
	}
	return strings.TrimSpace(b.String())
}

// searchPlaces returns the font files to try first (the system's own CJK
// fonts by name, best first) and the folders whose font files are tried
// next, for the system goos with the environment getenv.
func searchPlaces(getenv func(string) string, goos string) (known, dirs []string) {
	home := getenv("HOME")
	if goos == "windows" {
		home = getenv("USERPROFILE")
	}
	switch goos {
	case "windows":
		var folders []string
		if w := getenv("WINDIR"); w != "" {
			folders = append(folders, filepath.Join(w, "Fonts"))
		} else {
			folders = append(folders, `C:\Windows\Fonts`)
		}
		if l := getenv("LOCALAPPDATA"); l != "" {
			folders = append(folders, filepath.Join(l, "Microsoft", "Windows", "Fonts"))
		}
		for _, name := range []string{"msyh.ttc", "msyh.ttf", "simhei.ttf", "simsun.ttc", "Deng.ttf", "msjh.ttc"} {
			for _, d := range folders {
				known = append(known, filepath.Join(d, name))
			}
		}
		return known, folders
	case "darwin":
		known = []string{
			"/System/Library/Fonts/PingFang.ttc",
			"/System/Library/Fonts/Hiragino Sans GB.ttc",
			"/System/Library/Fonts/STHeiti Medium.ttc",
			"/System/Library/Fonts/STHeiti Light.ttc",
			"/System/Library/Fonts/Supplemental/Songti.ttc",
			"/Library/Fonts/Arial Unicode.ttf",
		}
		// Newer macOS keeps PingFang among its downloadable assets.
		if m, err := filepath.Glob("/System/Library/AssetsV2/com_apple_MobileAsset_Font*/*/AssetData/PingFang.ttc"); err == nil {
			slices.Sort(m)
			known = append(known, m...)
		}
		dirs = []string{"/Library/Fonts"}
		if home != "" {
			dirs = append(dirs, filepath.Join(home, "Library", "Fonts"))
		}
		return known, dirs
	}
	// Linux and the BSDs: fontconfig's usual folders.
	if x := getenv("XDG_DATA_HOME"); x != "" {
		dirs = append(dirs, filepath.Join(x, "fonts"))
	} else if home != "" {
		dirs = append(dirs, filepath.Join(home, ".local", "share", "fonts"))
	}
	if home != "" {
		dirs = append(dirs, filepath.Join(home, ".fonts"))
	}
	dirs = append(dirs, "/usr/share/fonts", "/usr/local/share/fonts")
	return nil, dirs
}

// Limits of the walk through font folders: a font folder is a few
// thousand files at most, and a link loop or a huge tree must not hold
// the command up.
const (
	maxWalkEntries = 50000
	maxWalkDepth   = 8
)

// walkFonts lists the font files (.ttf, .otf, .ttc, .otc) under dirs,
// without following links to folders, in the folders' order and by name
// within each.
func walkFonts(dirs []string) []string {
	var files []string
	seen := 0
	for _, root := range dirs {
		_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil // an unreadable folder: skip it, not the walk
			}
			seen++
			if seen > maxWalkEntries {
				return filepath.SkipAll
			}
			if d.IsDir() {
				if rel, err := filepath.Rel(root, p); err == nil && strings.Count(rel, string(filepath.Separator)) >= maxWalkDepth {
					return filepath.SkipDir
				}
				return nil
			}
			switch strings.ToLower(filepath.Ext(p)) {
			case ".ttf", ".otf", ".ttc", ".otc":
				files = append(files, p)
			}
			return nil
		})
	}
	return files
}

// preferred are the names of CJK fonts, best first (matched lower case
// against a file's name): Noto Sans CJK / Source Han Sans (Debian's
// fonts-noto-cjk, Fedora's google-noto-sans-cjk), WenQuanYi (fonts-wqy-*),
// Noto Serif CJK, Droid Sans Fallback (Android's, in older distributions),
// AR PL (fonts-arphic-*), then any file that says CJK, SC or Chinese.
var preferred = []string{
	"notosanscjk-regular.ttc",
	"notosanscjksc-regular.otf",
	"notosanscjk*-regular.*",
	"notosanssc-regular.*",
	"sourcehansans*-regular.*",
	"wqy-microhei.ttc",
	"wqy-zenhei.ttc",
	"notoserifcjk-regular.ttc",
	"notoserifcjk*-regular.*",
	"droidsansfallbackfull.ttf",
	"droidsansfallback.ttf",
	"uming.ttc",
	"ukai.ttc",
	"*cjk*",
	"*wqy*",
	"*sc-*",
	"*chinese*",
}

// rankFiles keeps the files whose names are preferred, best first (in
// their order among equals).
func rankFiles(files []string) []string {
	var out []string
	taken := map[string]bool{}
	for _, pat := range preferred {
		for _, p := range files {
			base := strings.ToLower(filepath.Base(p))
			if ok, _ := filepath.Match(pat, base); ok && !taken[p] {
				taken[p] = true
				out = append(out, p)
			}
		}
	}
	return out
}
