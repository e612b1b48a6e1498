package poster

import (
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"math"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
)

// The picture: Width pixels wide (a phone screen), as tall as its content
// up to MaxHeight.
const (
	Width     = 1080
	MaxHeight = 4000
	margin    = 64
)

// The text's sizes in pixels and its line heights.
const (
	titleSize    = 54
	titleLineH   = 76
	bandPadTop   = 52
	bandPadBot   = 44
	headingSize  = 42
	headingLineH = 64
	bodySize     = 36
	bodyLineH    = 56
	noteSize     = 34
	noteLineH    = 52
	notePad      = 26
	contactSize  = 30
	contactLineH = 46
	indent       = 30 // of a section's lines, past the heading's bar
	sectionGap   = 34
	bottomPad    = 56
	// maxContactLines bounds the contact line below the chart, which a
	// cut does not shorten.
	maxContactLines = 3
)

// Colours: a red band for the title as a notice of the committee has, dark
// grey text on white.
var (
	white     = color.RGBA{0xff, 0xff, 0xff, 0xff}
	bandRed   = color.RGBA{0xb7, 0x1c, 0x1c, 0xff}
	ink       = color.RGBA{0x21, 0x21, 0x21, 0xff}
	inkSoft   = color.RGBA{0x5f, 0x5f, 0x5f, 0xff}
	rule      = color.RGBA{0xe3, 0xe3, 0xe3, 0xff}
	noteFill  = color.RGBA{0xff, 0xf5, 0xd6, 0xff}
	noteBar   = color.RGBA{0xe0, 0x9b, 0x00, 0xff}
	noteInk   = color.RGBA{0x4e, 0x34, 0x2e, 0xff}
	axisColor = color.RGBA{0xb0, 0xb0, 0xb0, 0xff}
)

// PNG draws b as a picture Width pixels wide on a white background: the
// title on a red band, the sections, the note in a box, the chart, the
// contact line. Lines too long for the width are wrapped; when the text
// would make the picture taller than MaxHeight, it is cut with an ellipsis
// (the chart and the contact line stay). The same b and f give the same
// bytes. PNG returns b.Check's error, and w's.
func PNG(w io.Writer, b Bulletin, f *Font) error {
	img, _, err := render(b, f)
	if err != nil {
		return err
	}
	return png.Encode(w, img) // BestCompression would take 4 times as long to save 1.5%
}

// render draws b as PNG does and returns the picture and the chart's top.
func render(b Bulletin, f *Font) (img *image.RGBA, chartY int, err error) {
	if err := b.Check(); err != nil {
		return nil, 0, err
	}
	p := newPainter(f)
	defer p.close()

	rows := p.textRows(b)
	var chart chartGeom
	if b.Chart.hasChart() {
		chart = layoutChart(b.Chart, margin, Width-margin)
	}
	var tail []row
	if b.Contact != "" {
		tail = append(tail, row{h: 24, rects: []rect{{margin, 0, Width - margin, 2, rule}}})
		lines := p.wrap(b.Contact, contactSize, Width-2*margin)
		if len(lines) > maxContactLines {
			lines = lines[:maxContactLines]
			lines[maxContactLines-1] = fit(lines[maxContactLines-1], "……", Width-2*margin, p.measure(contactSize))
		}
		for _, l := range lines {
			tail = append(tail, p.textRow(l, contactSize, contactLineH, inkSoft, margin, Width-2*margin))
		}
	}
	fixedH := chart.H + bottomPad
	if chart.H > 0 {
		fixedH += sectionGap
	}
	for _, r := range tail {
		fixedH += r.h
	}
	rows = p.cut(rows, MaxHeight-fixedH)

	h := fixedH
	for _, r := range rows {
		h += r.h
	}
	p.img = image.NewRGBA(image.Rect(0, 0, Width, h))
	draw.Draw(p.img, p.img.Bounds(), image.NewUniform(white), image.Point{}, draw.Src)
	y := 0
	for _, r := range rows {
		p.drawRow(r, y)
		y += r.h
	}
	if chart.H > 0 {
		y += sectionGap
		chartY = y
		p.drawChart(chart, y)
		y += chart.H
	}
	for _, r := range tail {
		p.drawRow(r, y)
		y += r.h
	}
	return p.img, chartY, nil
}

// A row is a band of the picture across its width: rectangles to fill
// (y relative to the row) and a line of text.
type row struct {
	h     int
	rects []rect
	text  string
	size  int
	color color.RGBA
	x     int // where the text starts
	width int // the room for the text (for the ellipsis of a cut)
	base  int // the text's baseline, from the row's top
}

type rect struct {
	x0, y0, x1, y1 int
	c              color.RGBA
}

// painter draws with the faces of one font, a face per size.
type painter struct {
	font  *Font
	faces map[int]font.Face
	img   *image.RGBA
	z     vector.Rasterizer
}

func newPainter(f *Font) *painter {
	return &painter{font: f, faces: map[int]font.Face{}}
}

func (p *painter) close() {
	for _, f := range p.faces {
		_ = f.Close() // an opentype.Face's Close does nothing
	}
}

// face returns the face at size pixels.
func (p *painter) face(size int) font.Face {
	if f, ok := p.faces[size]; ok {
		return f
	}
	f, err := opentype.NewFace(p.font.f, &opentype.FaceOptions{Size: float64(size), DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		// opentype.NewFace returns no error (its signature keeps room for one).
		panic("poster: " + err.Error())
	}
	p.faces[size] = f
	return f
}

// measure returns the width of s at size, in whole pixels (rounded up).
func (p *painter) measure(size int) func(string) int {
	face := p.face(size)
	return func(s string) int { return font.MeasureString(face, s).Ceil() }
}

func (p *painter) wrap(s string, size, width int) []string {
	return wrap(s, width, p.measure(size))
}

// textRow is a row of height h holding one line of text, its baseline
// placed so the text sits in the middle of the row.
func (p *painter) textRow(text string, size, h int, c color.RGBA, x, width int) row {
	m := p.face(size).Metrics()
	asc, desc := m.Ascent.Ceil(), m.Descent.Ceil()
	return row{h: h, text: text, size: size, color: c, x: x, width: width, base: (h-asc-desc)/2 + asc}
}

// textRows lays out everything above the chart.
func (p *painter) textRows(b Bulletin) []row {
	var rows []row
	band := func(h int) []rect { return []rect{{0, 0, Width, h, bandRed}} }
	rows = append(rows, row{h: bandPadTop, rects: band(bandPadTop)})
	for _, l := range p.wrap(b.Title, titleSize, Width-2*margin) {
		r := p.textRow(l, titleSize, titleLineH, white, margin, Width-2*margin)
		r.rects = band(titleLineH)
		rows = append(rows, r)
	}
	rows = append(rows, row{h: bandPadBot, rects: band(bandPadBot)}, row{h: sectionGap})

	textW := Width - 2*margin - indent
	for _, s := range b.Sections {
		if s.Heading != "" {
			for i, l := range p.wrap(s.Heading, headingSize, textW) {
				r := p.textRow(l, headingSize, headingLineH, ink, margin+indent, textW)
				if i == 0 {
					r.rects = []rect{{margin, 12, margin + 10, headingLineH - 10, bandRed}}
				}
				rows = append(rows, r)
			}
		}
		for _, line := range s.Lines {
			for _, l := range p.wrap(line, bodySize, textW) {
				rows = append(rows, p.textRow(l, bodySize, bodyLineH, ink, margin+indent, textW))
			}
		}
		rows = append(rows, row{h: sectionGap})
	}

	if b.Note != "" {
		box := func(h int) []rect {
			return []rect{{margin, 0, Width - margin, h, noteFill}, {margin, 0, margin + 8, h, noteBar}}
		}
		noteW := Width - 2*margin - 2*indent - 8
		rows = append(rows, row{h: notePad, rects: box(notePad)})
		for _, l := range p.wrap(b.Note, noteSize, noteW) {
			r := p.textRow(l, noteSize, noteLineH, noteInk, margin+8+indent, noteW)
			r.rects = box(noteLineH)
			rows = append(rows, r)
		}
		rows = append(rows, row{h: notePad, rects: box(notePad)}, row{h: sectionGap})
	}
	return rows
}

// cut keeps the rows that fit in height, the last line of text kept
// ending in an ellipsis when some were left out.
func (p *painter) cut(rows []row, height int) []row {
	total := 0
	for _, r := range rows {
		total += r.h
	}
	if total <= height {
		return rows
	}
	n, h := 0, 0
	for n < len(rows) && h+rows[n].h <= height {
		h += rows[n].h
		n++
	}
	rows = rows[:n]
	for i := len(rows) - 1; i >= 0; i-- {
		if rows[i].text != "" {
			rows[i].text = fit(rows[i].text, "……", rows[i].width, p.measure(rows[i].size))
			break
		}
	}
	return rows
}

func (p *painter) drawRow(r row, y int) {
	for _, c := range r.rects {
		p.fill(image.Rect(c.x0, y+c.y0, c.x1, y+c.y1), c.c)
	}
	if r.text != "" {
		p.text(r.text, r.size, r.color, r.x, y+r.base)
	}
}

func (p *painter) fill(r image.Rectangle, c color.RGBA) {
	draw.Draw(p.img, r, image.NewUniform(c), image.Point{}, draw.Src)
}

// text draws s at size with its baseline at y, from x.
func (p *painter) text(s string, size int, c color.RGBA, x, y int) {
	d := font.Drawer{Dst: p.img, Src: image.NewUniform(c), Face: p.face(size), Dot: fixed.P(x, y)}
	d.DrawString(s)
}

// textEnd draws s so that it ends at x.
func (p *painter) textEnd(s string, size int, c color.RGBA, x, y int) {
	p.text(s, size, c, x-p.measure(size)(s), y)
}

// textMid draws s centred on x.
func (p *painter) textMid(s string, size int, c color.RGBA, x, y int) {
	p.text(s, size, c, x-p.measure(size)(s)/2, y)
}

// drawChart draws g with its top at y.
func (p *painter) drawChart(g chartGeom, y int) {
	if g.Title != "" {
		r := p.textRow(g.Title, chartTitleSize, chartTitleH, ink, margin, Width-2*margin)
		r.text = fit(r.text, "", r.width, p.measure(chartTitleSize))
		p.drawRow(r, y)
	}
	for _, pg := range g.Panels {
		name := fit(pg.Name, "", Width-2*margin-200, p.measure(panelNameSize))
		p.text(name, panelNameSize, ink, margin, y+pg.NameY)
		p.text(pg.Latest, panelValueSize, pg.Color, margin+p.measure(panelNameSize)(name)+20, y+pg.NameY)
		for i, t := range pg.Ticks {
			ty := y + int(math.Round(t.Y))
			c := rule
			if i == 0 {
				c = axisColor
			}
			p.fill(image.Rect(pg.X0, ty, pg.X1+int(lastDotR), ty+1), c)
			p.textEnd(t.Label, tickSize, inkSoft, pg.X0-14, ty+tickSize*35/100)
		}
		off := float32(y)
		for _, s := range pg.Segments {
			p.segment(float32(s[0].X), float32(s[0].Y)+off, float32(s[1].X), float32(s[1].Y)+off, lineW/2, pg.Color)
		}
		for i, pt := range pg.Points {
			if !pt.OK {
				continue
			}
			r := float32(dotR)
			if i == pg.Last {
				r = lastDotR
			}
			p.circle(float32(pt.X), float32(pt.Y)+off, r, pg.Color)
			if i == pg.Last {
				p.circle(float32(pt.X), float32(pt.Y)+off, r-3.5, white)
			}
		}
	}
	for _, d := range g.Days {
		p.textMid(d.Text, daySize, inkSoft, int(math.Round(d.X)), y+g.DayY)
	}
}

// shape fills the path that path adds, in local coordinates of the box
// r (which must hold it), with c.
func (p *painter) shape(r image.Rectangle, c color.RGBA, path func(z *vector.Rasterizer, dx, dy float32)) {
	r = r.Intersect(p.img.Bounds())
	if r.Empty() {
		return
	}
	p.z.Reset(r.Dx(), r.Dy())
	path(&p.z, float32(r.Min.X), float32(r.Min.Y))
	p.z.Draw(p.img, r, image.NewUniform(c), image.Point{})
}

// segment fills the line from (x0, y0) to (x1, y1), hw either side.
func (p *painter) segment(x0, y0, x1, y1, hw float32, c color.RGBA) {
	dx, dy := x1-x0, y1-y0
	l := float32(math.Hypot(float64(dx), float64(dy)))
	if l == 0 {
		return
	}
	nx, ny := -dy/l*hw, dx/l*hw
	box := image.Rect(int(min(x0, x1)-hw-1), int(min(y0, y1)-hw-1), int(max(x0, x1)+hw+2), int(max(y0, y1)+hw+2))
	p.shape(box, c, func(z *vector.Rasterizer, ox, oy float32) {
		z.MoveTo(x0+nx-ox, y0+ny-oy)
		z.LineTo(x1+nx-ox, y1+ny-oy)
		z.LineTo(x1-nx-ox, y1-ny-oy)
		z.LineTo(x0-nx-ox, y0-ny-oy)
		z.ClosePath()
	})
}

// circle fills the disc of radius r around (cx, cy).
func (p *painter) circle(cx, cy, r float32, c color.RGBA) {
	box := image.Rect(int(cx-r-1), int(cy-r-1), int(cx+r+2), int(cy+r+2))
	const kappa = 0.5522848 // a quarter circle as a cubic Bézier curve
	k := r * kappa
	p.shape(box, c, func(z *vector.Rasterizer, ox, oy float32) {
		x, y := cx-ox, cy-oy
		z.MoveTo(x+r, y)
		z.CubeTo(x+r, y+k, x+k, y+r, x, y+r)
		z.CubeTo(x-k, y+r, x-r, y+k, x-r, y)
		z.CubeTo(x-r, y-k, x-k, y-r, x, y-r)
		z.CubeTo(x+k, y-r, x+r, y-k, x+r, y)
		z.ClosePath()
	})
}
