package poster

import (
	"image/color"
	"math"
	"strconv"
	"unicode/utf8"
)

// The chart's geometry, in pixels of the picture, which the page's SVG
// uses too (its viewBox is the picture's chart block): a title, then a
// panel per series (its name and latest value over a plot with its own
// scale), then the days along the bottom.
const (
	chartTitleSize = 40
	chartTitleH    = 72
	panelNameSize  = 30
	panelValueSize = 34
	panelHeadH     = 60  // the name and latest value above the plot
	panelPlotH     = 132 // the plot
	panelGap       = 30
	tickSize       = 22
	tickW          = 96 // room for the tick labels left of the plots
	daySize        = 24
	dayRowH        = 48
	lineW          = 4.0 // the series' lines
	dotR           = 5.5 // a day's dot
	lastDotR       = 8.0 // the latest day's dot
)

// palette colours the series in turn: distinct for the colour-blind too
// (the Okabe-Ito set, darkened to read on white).
var palette = []color.RGBA{
	{0x00, 0x5f, 0xa3, 0xff}, // blue
	{0xc4, 0x4e, 0x00, 0xff}, // vermilion
	{0x00, 0x86, 0x5e, 0xff}, // bluish green
	{0x8e, 0x44, 0x8f, 0xff}, // reddish purple
	{0xb0, 0x8a, 0x00, 0xff}, // dark yellow
	{0x3d, 0x3d, 0x3d, 0xff}, // grey
}

// chartGeom is the laid-out chart, its y relative to its top.
type chartGeom struct {
	Title  string
	H      int // the whole block's height
	Panels []panelGeom
	Days   []dayLabel
	DayY   int // the baseline of the day labels
}

type panelGeom struct {
	Name, Latest string
	Color        color.RGBA
	NameY        int        // the baseline of name and latest value
	X0, Y0       int        // the plot's top left
	X1, Y1       int        // and bottom right
	Ticks        []tick     // bottom to top
	Points       []point    // one per day
	Segments     [][2]point // the lines between days that both have data
	Last         int        // the index of the latest day with data, -1 if none
}

type tick struct {
	Y     float64
	Label string
}

type point struct {
	X, Y float64
	OK   bool // the day has data
}

type dayLabel struct {
	X    float64
	Text string
}

// layoutChart lays c out between x0 and x1 (the picture's margins).
func layoutChart(c Chart, x0, x1 int) chartGeom {
	g := chartGeom{Title: c.Title}
	y := chartTitleH
	if c.Title == "" {
		y = 0
	}
	px0, px1 := x0+tickW, x1-int(lastDotR)-2
	n := len(c.Days)
	xAt := func(i int) float64 {
		if n == 1 {
			return float64(px0+px1) / 2
		}
		return float64(px0) + float64(i)*float64(px1-px0)/float64(n-1)
	}
	for si, s := range c.Series {
		p := panelGeom{Name: s.Name, Color: palette[si%len(palette)], NameY: y + panelHeadH - 14, Last: -1}
		p.X0, p.X1 = px0, px1
		p.Y0 = y + panelHeadH
		p.Y1 = p.Y0 + panelPlotH
		lo, hi, step := scale(s.Values)
		yAt := func(v float64) float64 {
			// A little room above and below so the dots are not cut.
			inner := float64(panelPlotH) - 2*lastDotR
			return float64(p.Y1) - lastDotR - (v-lo)/(hi-lo)*inner
		}
		for k := range int(math.Round((hi-lo)/step)) + 1 {
			v := lo + float64(k)*step
			p.Ticks = append(p.Ticks, tick{Y: yAt(v), Label: number(v)})
		}
		for i, v := range s.Values {
			ok := !math.IsNaN(v) && !math.IsInf(v, 0)
			pt := point{X: xAt(i), OK: ok}
			if ok {
				pt.Y = yAt(v)
				p.Last = i
			}
			p.Points = append(p.Points, pt)
			if i > 0 && ok && p.Points[i-1].OK {
				p.Segments = append(p.Segments, [2]point{p.Points[i-1], pt})
			}
		}
		p.Latest = "—"
		if p.Last >= 0 {
			p.Latest = number(s.Values[p.Last])
		}
		g.Panels = append(g.Panels, p)
		y = p.Y1 + panelGap
	}
	// The days: as many labels as fit, the latest day always among them.
	every := 1
	if n > 1 {
		widest := 0
		for _, d := range c.Days {
			widest = max(widest, textWidthGuess(d, daySize))
		}
		per := float64(px1-px0) / float64(n-1)
		for float64(every)*per < float64(widest)+16 && every < n {
			every++
		}
	}
	for i := n - 1; i >= 0; i -= every {
		g.Days = append(g.Days, dayLabel{X: xAt(i), Text: c.Days[i]})
	}
	g.DayY = y - panelGap + dayRowH - 14
	g.H = y - panelGap + dayRowH
	return g
}

// textWidthGuess is the width of s at size px: a wide character is size
// wide, the others a little over half (digits and dashes of a date).
func textWidthGuess(s string, size int) int {
	w := 0
	for _, r := range s {
		if wide(r) {
			w += size
		} else {
			w += size * 6 / 10
		}
	}
	return w + size/5*utf8.RuneCountInString(s)/8
}

// scale returns the range a plot shows for values and the step of its
// ticks: round numbers (1, 2 or 5 times a power of ten) around the values,
// whole steps when the values are whole, from 0 when they are all 0.
func scale(values []float64) (lo, hi, step float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	whole := true
	for _, v := range values {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			continue
		}
		lo, hi = min(lo, v), max(hi, v)
		whole = whole && v == math.Trunc(v)
	}
	switch {
	case lo > hi: // no data
		return 0, 1, 1
	case lo == hi:
		d := math.Max(1, math.Abs(lo)/10)
		if whole {
			d = math.Ceil(d)
		}
		lo, hi = lo-d, hi+d
		if lo < 0 && lo+d >= 0 {
			lo = 0 // a count does not go below 0
		}
	}
	raw := (hi - lo) / 3
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	switch f := raw / mag; {
	case f < 1.5:
		step = mag
	case f < 3:
		step = 2 * mag
	case f < 7:
		step = 5 * mag
	default:
		step = 10 * mag
	}
	if whole {
		step = math.Max(step, 1)
	}
	return math.Floor(lo/step) * step, math.Ceil(hi/step) * step, step
}

// number shows v as the bulletin does: whole numbers without decimals,
// others with up to two.
func number(v float64) string {
	if v == 0 {
		return "0" // not -0
	}
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
}
