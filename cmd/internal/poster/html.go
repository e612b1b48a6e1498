package poster

import (
	"fmt"
	"html/template"
	"image/color"
	"io"
	"strconv"
	"strings"
	"sync"
)

// HTML writes b as one self-contained page for printing (A4): inline
// style, the chart as inline SVG drawn to the picture's geometry, no
// script, nothing fetched. Every text of b is escaped (html/template). The
// same b gives the same bytes. HTML returns b.Check's error, and w's.
func HTML(w io.Writer, b Bulletin) error {
	if err := b.Check(); err != nil {
		return err
	}
	page := htmlPage{Bulletin: b, S: sizes}
	if b.Note != "" {
		page.Note = strings.Split(clean(b.Note), "\n")
	}
	if b.Chart.hasChart() {
		g := layoutChart(b.Chart, margin, Width-margin)
		top := 0
		if g.Title != "" {
			top = chartTitleH
		}
		page.Chart = &g
		page.ViewBox = fmt.Sprintf("0 %d %d %d", top, Width, g.H-top)
		page.X0, page.X1 = margin, Width-margin
	}
	return pageTemplate().Execute(w, page)
}

// px writes a coordinate of the SVG.
func px(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

type htmlPage struct {
	Bulletin
	Note    []string // the note's paragraphs
	Chart   *chartGeom
	ViewBox string
	X0, X1  int
	S       svgSizes
}

// svgSizes are the picture's sizes, which the SVG uses too.
type svgSizes struct {
	Name, Value, Tick, Day, Line, Dot, Last, LastIn float64
}

var sizes = svgSizes{Name: panelNameSize, Value: panelValueSize, Tick: tickSize, Day: daySize,
	Line: lineW, Dot: dotR, Last: lastDotR, LastIn: lastDotR - 3.5}

var pageTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("page").Funcs(template.FuncMap{
		"px":   px,
		"hex":  func(c color.RGBA) string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) },
		"px35": func(size float64) string { return px(size * 35 / 100) }, // the tick label's baseline, as the picture has it
		"last": func(i int, p panelGeom) bool { return i == p.Last },
	}).Parse(`<!DOCTYPE html>
<html{{with .Lang}} lang="{{.}}"{{end}}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
@page { size: A4; margin: 14mm; }
* { box-sizing: border-box; }
body { margin: 0; background: #fff; color: #212121; font-size: 17px; line-height: 1.6;
  font-family: "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
main { max-width: 760px; margin: 0 auto; padding-bottom: 24px; }
header { background: #b71c1c; color: #fff; padding: 20px 24px; }
h1 { margin: 0; font-size: 26px; line-height: 1.4; font-weight: 600; }
section { margin: 20px 24px; break-inside: avoid; }
h2 { font-size: 20px; margin: 0 0 6px; padding-left: 12px; border-left: 5px solid #b71c1c; }
ul { list-style: none; margin: 0; padding-left: 17px; }
.note { margin: 20px 24px; padding: 12px 16px; background: #fff5d6; border-left: 4px solid #e09b00; color: #4e342e; break-inside: avoid; }
.note p { margin: 0.2em 0; }
figure { margin: 20px 24px; break-inside: avoid; }
figcaption { font-size: 19px; font-weight: 600; margin-bottom: 6px; }
svg { display: block; width: 100%; height: auto; }
footer { margin: 16px 24px 0; padding-top: 10px; border-top: 1px solid #e3e3e3; color: #5f5f5f; font-size: 15px; }
@media print { main { max-width: none; } body { font-size: 12pt; } }
</style>
</head>
<body>
<main>
<header><h1>{{.Title}}</h1></header>
{{- range .Sections}}
<section>
{{- if .Heading}}
<h2>{{.Heading}}</h2>
{{- end}}
<ul>
{{- range .Lines}}
<li>{{.}}</li>
{{- end}}
</ul>
</section>
{{- end}}
{{- if .Note}}
<div class="note">
{{- range .Note}}
<p>{{.}}</p>
{{- end}}
</div>
{{- end}}
{{- with .Chart}}
<figure>
{{- if .Title}}
<figcaption>{{.Title}}</figcaption>
{{- end}}
<svg xmlns="http://www.w3.org/2000/svg" viewBox="{{$.ViewBox}}" font-family="sans-serif" role="img">
{{- range .Panels}}
{{- $p := .}}
<text x="{{$.X0}}" y="{{.NameY}}" font-size="{{$.S.Name}}" fill="#212121">{{.Name}}<tspan dx="20" font-size="{{$.S.Value}}" fill="{{hex .Color}}">{{.Latest}}</tspan></text>
{{- range $i, $t := .Ticks}}
<line x1="{{$p.X0}}" y1="{{px .Y}}" x2="{{$p.X1}}" y2="{{px .Y}}" stroke="{{if $i}}#e3e3e3{{else}}#b0b0b0{{end}}" stroke-width="1"/>
<text x="{{$p.X0}}" dx="-14" y="{{px .Y}}" dy="{{$.S.Tick | px35}}" font-size="{{$.S.Tick}}" fill="#5f5f5f" text-anchor="end">{{.Label}}</text>
{{- end}}
{{- range .Segments}}
<line x1="{{px (index . 0).X}}" y1="{{px (index . 0).Y}}" x2="{{px (index . 1).X}}" y2="{{px (index . 1).Y}}" stroke="{{hex $p.Color}}" stroke-width="{{$.S.Line}}" stroke-linecap="round"/>
{{- end}}
{{- range $i, $pt := .Points}}
{{- if $pt.OK}}
{{- if last $i $p}}
<circle cx="{{px .X}}" cy="{{px .Y}}" r="{{$.S.Last}}" fill="{{hex $p.Color}}"/>
<circle cx="{{px .X}}" cy="{{px .Y}}" r="{{$.S.LastIn}}" fill="#fff"/>
{{- else}}
<circle cx="{{px .X}}" cy="{{px .Y}}" r="{{$.S.Dot}}" fill="{{hex $p.Color}}"/>
{{- end}}
{{- end}}
{{- end}}
{{- end}}
{{- range .Days}}
<text x="{{px .X}}" y="{{$.Chart.DayY}}" font-size="{{$.S.Day}}" fill="#5f5f5f" text-anchor="middle">{{.Text}}</text>
{{- end}}
</svg>
</figure>
{{- end}}
{{- if .Contact}}
<footer>{{.Contact}}</footer>
{{- end}}
</main>
</body>
</html>
`))
})
