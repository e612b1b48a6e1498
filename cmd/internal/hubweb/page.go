package hubweb

import (
	"fmt"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"vol/cmd/internal/hub"
	"vol/cmd/internal/report"
	"vol/ledger"
)

// pageData is what the district page shows.
type pageData struct {
	Lang string
	T    func(key string, args ...any) string
	Q    query
	// Summary: the day, how many compounds reported of how many.
	Summary     string
	Header      []string
	Rows        []tableRow
	NotReported []hub.Missing
	Needs       hub.Needs
	Chart       chart
	Figures     []option
	// Links: the other language, the days either side, every street.
	OtherLang, OtherLangName string
	Prev, Next, AllStreets   string
	Access                   string
}

type tableRow struct {
	Class  string
	Cells  []string // district, street, compound, reported
	Street string   // a street subtotal's link (?street=)
	Nums   []string
}

type option struct {
	Value, Label string
	Selected     bool
}

// link is the page's address with some of its question changed.
func (q query) link(change ...string) string {
	v := url.Values{}
	set := func(k, x, def string) {
		if x != def {
			v.Set(k, x)
		}
	}
	set("lang", q.Lang, "")
	set("date", q.Date, "")
	set("street", q.Street, "")
	set("figure", q.Figure, defaultFigure)
	set("days", strconv.Itoa(q.Days), strconv.Itoa(DefaultDays))
	for i := 0; i+1 < len(change); i += 2 {
		if change[i+1] == "" {
			v.Del(change[i])
		} else {
			v.Set(change[i], change[i+1])
		}
	}
	return "/?" + v.Encode()
}

func num(p *int64) string {
	if p == nil {
		return "–"
	}
	return strconv.FormatInt(*p, 10)
}

// page is the district view of a day.
func (s *Server) page(w http.ResponseWriter, r *http.Request) {
	q, err := s.readQuery(r)
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, err)
		return
	}
	ctx := r.Context()
	st, err := s.Store.Status(ctx, q.Date, q.Street)
	if err != nil {
		s.fail(w, r, http.StatusInternalServerError, err)
		return
	}
	needs, err := s.Store.Needs(ctx, q.Date)
	if err != nil {
		s.fail(w, r, http.StatusInternalServerError, err)
		return
	}
	trend, err := s.Store.Trend(ctx, q.Figure, q.Date, q.Days)
	if err != nil {
		s.fail(w, r, http.StatusInternalServerError, err)
		return
	}
	t := func(key string, args ...any) string { return s.Words.T(q.Lang, key, args...) }
	d := pageData{Lang: q.Lang, T: t, Q: q, NotReported: st.NotReported, Needs: needs}
	d.Summary = t("hub.status.title", q.Date, len(st.Compounds)-len(st.NotReported), len(st.Compounds))
	d.Header = []string{t("hub.h.district"), t("hub.h.street"), t("hub.h.compound"), t("hub.h.reported")}
	for _, k := range hub.TableFigures {
		d.Header = append(d.Header, t("fig."+k))
	}
	zone := s.Now().Location()
	for _, row := range st.Rows() {
		tr := tableRow{Class: row.Kind}
		switch row.Kind {
		case hub.RowCompound:
			reported := t("hubweb.missing")
			if row.Reported {
				reported = t("hubweb.made", madeAt(row.MadeAt, zone))
			} else {
				tr.Class += " missing"
			}
			tr.Cells = []string{row.District, row.Street, row.Compound, reported}
		case hub.RowStreet:
			tr.Cells = []string{row.District, row.Street, t("hub.subtotal"), fmt.Sprintf("%d/%d", row.With, row.Of)}
			if q.Street == "" {
				tr.Street = q.link("street", row.Street)
			}
		case hub.RowDistrict:
			tr.Cells = []string{row.District, t("hub.all_streets"), t("hub.subtotal"), fmt.Sprintf("%d/%d", row.With, row.Of)}
		default:
			tr.Cells = []string{t("hub.all"), "", t("hub.total"), fmt.Sprintf("%d/%d", row.With, row.Of)}
		}
		for i := range 3 {
			tr.Cells[i] = ledger.Printable(tr.Cells[i])
		}
		for _, k := range hub.TableFigures {
			tr.Nums = append(tr.Nums, num(row.Figures.Get(k)))
		}
		d.Rows = append(d.Rows, tr)
	}
	d.Chart = trendChart(trend, t("hubweb.trend.title", t("fig."+q.Figure), q.Days))
	for _, k := range report.FigureKeys {
		d.Figures = append(d.Figures, option{Value: k, Label: t("fig." + k), Selected: k == q.Figure})
	}
	d.OtherLang, d.OtherLangName = "en", "English"
	if q.Lang == "en" {
		d.OtherLang, d.OtherLangName = "zh", "中文"
	}
	d.OtherLang = q.link("lang", d.OtherLang)
	day, _ := time.Parse("2006-01-02", q.Date) // checked by readQuery
	d.Prev = q.link("date", day.AddDate(0, 0, -1).Format("2006-01-02"))
	d.Next = q.link("date", day.AddDate(0, 0, 1).Format("2006-01-02"))
	d.AllStreets = q.link("street", "")
	if s.Token != "" {
		d.Access = t("hubweb.access.token")
	} else if s.Loopback {
		d.Access = t("hubweb.access.loopback")
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if err := pageTemplate().Execute(w, d); err != nil {
		return // the client went away; half a page is all it gets
	}
}

// madeAt shows a report's time (RFC 3339, UTC) on the server's clock.
func madeAt(s string, zone *time.Location) string {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return ledger.Printable(s)
	}
	return t.In(zone).Format("01-02 15:04")
}

// chart is the trend drawn as bars, in the SVG's units.
type chart struct {
	Title     string
	W, H      int
	X0, Y0    float64 // the plot's top left
	X1, Y1    float64 // and bottom right
	Bars      []bar
	Ticks     []chartTick
	HasData   bool
	ReportedY float64 // the baseline of the "reported" labels
	DayY      float64
}

type bar struct {
	X, Y, W, H float64
	Mid        float64 // the label's centre
	Day        string  // MM-DD
	Value      string
	Reported   string // n/m
	Tip        string
	Data       bool
}

type chartTick struct {
	Y     float64
	Label string
}

// trendChart lays out a figure's trend: a bar per day with a total, the
// day and how many compounds reported under it, a scale of round numbers.
func trendChart(tr hub.Trend, title string) chart {
	c := chart{Title: title, W: 760, H: 280, X0: 64, Y0: 16, X1: 748, Y1: 216}
	c.DayY, c.ReportedY = c.Y1+22, c.Y1+44
	top := int64(0)
	for _, d := range tr.Days {
		if d.Total != nil {
			c.HasData = true
			top = max(top, *d.Total)
		}
	}
	step := niceStep(float64(top) / 4)
	high := step * math.Ceil(float64(top)/step)
	if high == 0 {
		high = step * 4
	}
	y := func(v float64) float64 { return c.Y1 - (c.Y1-c.Y0)*v/high }
	for v := 0.0; v <= high+step/2; v += step {
		c.Ticks = append(c.Ticks, chartTick{Y: y(v), Label: strconv.FormatFloat(v, 'f', -1, 64)})
	}
	n := len(tr.Days)
	slot := (c.X1 - c.X0) / float64(max(n, 1))
	for i, d := range tr.Days {
		b := bar{Mid: c.X0 + slot*(float64(i)+0.5), W: slot * 0.64, Day: d.Date[5:], Reported: fmt.Sprintf("%d/%d", d.Reported, d.Compounds)}
		b.X = b.Mid - b.W/2
		b.Value = "–"
		if d.Total != nil {
			b.Data = true
			b.Value = strconv.FormatInt(*d.Total, 10)
			b.Y = y(float64(*d.Total))
			b.H = c.Y1 - b.Y
		}
		b.Tip = d.Date + ": " + b.Value + " (" + b.Reported + ")"
		c.Bars = append(c.Bars, b)
	}
	return c
}

// niceStep is the round number (1, 2 or 5 × 10ⁿ, at least 1) nearest
// above v.
func niceStep(v float64) float64 {
	if v <= 1 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= v {
			return m * p
		}
	}
	return 10 * p
}

// px writes a coordinate of the SVG.
func px(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

var pageTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("page").Funcs(template.FuncMap{"px": px}).Parse(`<!DOCTYPE html>
<html lang="{{if eq .Lang "zh"}}zh-CN{{else}}en{{end}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{call .T "hubweb.title"}} {{.Q.Date}}</title>
<link rel="stylesheet" href="/style.css">
</head>
<body>
<header>
<h1>{{call .T "hubweb.title"}}{{with .Q.Street}} · {{.}}{{end}}</h1>
<nav><a href="{{.Prev}}">{{call .T "hubweb.prev"}}</a> <a href="{{.Next}}">{{call .T "hubweb.next"}}</a>
{{if .Q.Street}}<a href="{{.AllStreets}}">{{call .T "hubweb.all_streets"}}</a>{{end}}
<a href="{{.OtherLang}}" lang="{{if eq .Lang "zh"}}en{{else}}zh-CN{{end}}">{{.OtherLangName}}</a></nav>
<form method="get" action="/">
<input type="hidden" name="lang" value="{{.Lang}}">{{with .Q.Street}}<input type="hidden" name="street" value="{{.}}">{{end}}
<label>{{call .T "hubweb.date"}} <input type="date" name="date" value="{{.Q.Date}}"></label>
<label>{{call .T "hubweb.figure"}} <select name="figure">{{range .Figures}}<option value="{{.Value}}"{{if .Selected}} selected{{end}}>{{.Label}}</option>{{end}}</select></label>
<button type="submit">{{call .T "hubweb.show"}}</button>
</form>
</header>
<main>
<p class="summary" id="summary">{{.Summary}}</p>
<section>
<h2>{{call .T "hubweb.status"}}</h2>
<div class="scroll"><table id="status">
<thead><tr>{{range .Header}}<th>{{.}}</th>{{end}}</tr></thead>
<tbody>{{range $r := .Rows}}<tr class="{{$r.Class}}">{{range $i, $c := $r.Cells}}<td>{{if and (eq $i 1) $r.Street}}<a href="{{$r.Street}}">{{$c}}</a>{{else}}{{$c}}{{end}}</td>{{end}}{{range $r.Nums}}<td class="n">{{.}}</td>{{end}}</tr>
{{end}}</tbody>
</table></div>
</section>
<section>
<h2>{{call .T "hubweb.not_reported" (len .NotReported)}}</h2>
{{if .NotReported}}<ul id="not-reported">{{range .NotReported}}<li>{{.Compound}}{{with .Street}}（{{.}}）{{end}}</li>{{end}}</ul>
{{else}}<p id="not-reported" class="ok">{{call .T "hubweb.all_reported"}}</p>{{end}}
</section>
<section>
<h2>{{.Chart.Title}}</h2>
<svg id="trend" viewBox="0 0 {{.Chart.W}} {{.Chart.H}}" role="img" aria-label="{{.Chart.Title}}">
{{range .Chart.Ticks}}<line class="grid" x1="{{px $.Chart.X0}}" x2="{{px $.Chart.X1}}" y1="{{px .Y}}" y2="{{px .Y}}" stroke="#ddd"/>
<text class="tick" x="{{px $.Chart.X0}}" dx="-8" y="{{px .Y}}" dy="4" text-anchor="end" font-size="12" fill="#555">{{.Label}}</text>
{{end}}{{range .Chart.Bars}}{{if .Data}}<rect class="bar" x="{{px .X}}" y="{{px .Y}}" width="{{px .W}}" height="{{px .H}}" fill="#005fa3"><title>{{.Tip}}</title></rect>
<text class="value" x="{{px .Mid}}" y="{{px .Y}}" dy="-4" text-anchor="middle" font-size="12" fill="#212121">{{.Value}}</text>
{{else}}<text class="none" x="{{px .Mid}}" y="{{px $.Chart.Y1}}" dy="-4" text-anchor="middle" font-size="12" fill="#999"><title>{{.Tip}}</title>–</text>
{{end}}<text class="day" x="{{px .Mid}}" y="{{px $.Chart.DayY}}" text-anchor="middle" font-size="12" fill="#212121">{{.Day}}</text>
<text class="reported" x="{{px .Mid}}" y="{{px $.Chart.ReportedY}}" text-anchor="middle" font-size="11" fill="#777">{{.Reported}}</text>
{{end}}<line x1="{{px .Chart.X0}}" x2="{{px .Chart.X1}}" y1="{{px .Chart.Y1}}" y2="{{px .Chart.Y1}}" stroke="#212121"/>
</svg>
<p class="note">{{call .T "hubweb.trend.note"}}{{if not .Chart.HasData}} {{call .T "hubweb.trend.none"}}{{end}}</p>
</section>
<section>
<h2>{{call .T "hubweb.needs"}}</h2>
<h3>{{call .T "hubweb.needs.drugs"}}</h3>
{{if .Needs.Drugs}}<table id="drugs"><thead><tr><th>{{call .T "hub.h.drug"}}</th><th>{{call .T "hub.h.households"}}</th><th>{{call .T "hub.h.compounds"}}</th></tr></thead>
<tbody>{{range .Needs.Drugs}}<tr><td>{{.Drug}}</td><td class="n">{{.Households}}</td><td class="n">{{.Compounds}}</td></tr>{{end}}</tbody></table>
{{else}}<p>{{call .T "hubweb.none"}}</p>{{end}}
<p>{{call .T "hub.needs.other" .Needs.Other}}</p>
<h3>{{call .T "hubweb.needs.compounds"}}</h3>
{{if .Needs.Compounds}}<table id="needs"><thead><tr><th>{{call .T "hub.h.compound"}}</th><th>{{call .T "hub.h.street"}}</th><th>{{call .T "fig.unpaired_elder_households"}}</th><th>{{call .T "hub.h.packs_short"}}</th><th>{{call .T "hub.h.med_other"}}</th></tr></thead>
<tbody>{{range .Needs.Compounds}}<tr><td>{{.Compound}}</td><td>{{.Street}}</td><td class="n">{{.UnpairedElderHouseholds}}</td><td class="n">{{with .PacksShort}}{{.}}{{else}}–{{end}}</td><td class="n">{{.MedNotFoundOther}}</td></tr>{{end}}</tbody></table>
{{else}}<p>{{call .T "hubweb.none"}}</p>{{end}}
</section>
</main>
<footer>{{call .T "hubweb.footer"}}{{with .Access}} {{.}}{{end}}</footer>
</body>
</html>
`))
})

type errorPage struct {
	Lang, Title, Message, Back, Home string
}

var errorTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("error").Parse(`<!DOCTYPE html>
<html lang="{{if eq .Lang "zh"}}zh-CN{{else}}en{{end}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<link rel="stylesheet" href="/style.css">
</head>
<body>
<header><h1>{{.Title}}</h1></header>
<main><p class="error" id="error">{{.Message}}</p><p><a href="{{.Home}}">{{.Back}}</a></p></main>
</body>
</html>
`))
})

// style is the page's one style sheet (served from here: the page's
// policy takes no inline style and nothing from elsewhere).
func (s *Server) style(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", "max-age=3600")
	_, _ = w.Write([]byte(styleSheet)) // the client went away
}

const styleSheet = `* { box-sizing: border-box; }
body { margin: 0; color: #212121; background: #fafafa; font-size: 15px; line-height: 1.5;
  font-family: "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif; }
header { background: #b71c1c; color: #fff; padding: 12px 20px; display: flex; flex-wrap: wrap; gap: 8px 24px; align-items: center; }
header h1 { margin: 0; font-size: 22px; font-weight: 600; flex: 1 1 auto; }
header a { color: #fff; margin-right: 12px; }
header form { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
header input, header select, header button { font: inherit; padding: 2px 6px; }
main { padding: 8px 20px 24px; max-width: 1200px; }
section { background: #fff; border: 1px solid #e0e0e0; border-radius: 6px; padding: 12px 16px; margin: 14px 0; }
h2 { font-size: 18px; margin: 0 0 8px; padding-left: 10px; border-left: 4px solid #b71c1c; }
h3 { font-size: 15px; margin: 12px 0 6px; }
.summary { font-size: 17px; font-weight: 600; margin: 12px 0 0; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { padding: 3px 10px; border-bottom: 1px solid #eee; text-align: left; white-space: nowrap; }
th { background: #f3f3f3; font-weight: 600; font-size: 13px; }
td.n { text-align: right; }
tr.missing td { color: #b71c1c; }
tr.street td, tr.district td { background: #f7f7f7; font-weight: 600; }
tr.total td { background: #ececec; font-weight: 700; border-top: 2px solid #bbb; }
tr.street a { color: #005fa3; }
ul { margin: 0; padding-left: 20px; columns: 3 14em; }
.ok { color: #00865e; }
svg { width: 100%; max-width: 760px; height: auto; display: block; }
.note { color: #555; font-size: 13px; margin: 4px 0 0; }
.error { color: #b71c1c; font-size: 17px; }
footer { color: #666; font-size: 13px; padding: 0 20px 20px; }
`
