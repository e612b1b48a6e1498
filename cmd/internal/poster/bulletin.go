package poster

import (
	"math"
	"unicode/utf8"

	"vol/ledger"
)

// Bulletin is what is drawn, already worded in the user's language.
type Bulletin struct {
	// Lang is the language of the words as HTML names it ("zh-CN", "en"),
	// so that a browser picks Chinese glyphs; "" leaves it unsaid. The
	// picture does not use it.
	Lang     string
	Title    string    // 凯旋华庭 每日通报 2026年12月8日
	Sections []Section // each a heading and its lines
	Note     string    // the committee's note of the day, may be ""; a line break starts a paragraph
	Contact  string    // a contact line, may be ""
	Chart    Chart     // the last days of a few key figures; no Days: no chart
}

// Section is a heading and its lines ("在住户数 370（+2）").
type Section struct {
	Heading string
	Lines   []string
}

// Chart is a few figures over the last days: a small panel for each
// series, with its own scale (the figures differ in size: 370 households,
// 12 medicine runs), the days along the bottom.
type Chart struct {
	Title  string
	Days   []string // labels, oldest first, e.g. 11-25
	Series []Series
}

// Series is one figure, a value for each of the chart's days.
type Series struct {
	Name   string
	Values []float64 // len(Days); NaN (or ±Inf) where there is no data
}

// Limits of a bulletin: a bulletin is a screenful of figures, and these
// are far beyond one.
const (
	MaxSeries    = 6
	MaxDays      = 62
	MaxTextRunes = 20000 // all the texts together
	MaxValue     = 1e12  // the largest value of a series, either sign
)

// Check returns an error when b is beyond the limits or its chart is
// malformed (a series without a value for each day, a value beyond
// MaxValue; ±Inf is taken as no data, as NaN is).
func (b Bulletin) Check() error {
	n := utf8.RuneCountInString(b.Title) + utf8.RuneCountInString(b.Note) + utf8.RuneCountInString(b.Contact) +
		utf8.RuneCountInString(b.Lang) + utf8.RuneCountInString(b.Chart.Title)
	for _, s := range b.Sections {
		n += utf8.RuneCountInString(s.Heading)
		for _, l := range s.Lines {
			n += utf8.RuneCountInString(l)
		}
	}
	for _, d := range b.Chart.Days {
		n += utf8.RuneCountInString(d)
	}
	for _, s := range b.Chart.Series {
		n += utf8.RuneCountInString(s.Name)
	}
	c := b.Chart
	switch {
	case n > MaxTextRunes:
		return ledger.Errorf("the bulletin's text is too long (%d characters, at most %d)", n, MaxTextRunes)
	case len(c.Days) > MaxDays:
		return ledger.Errorf("the chart has %d days, at most %d", len(c.Days), MaxDays)
	case len(c.Series) > MaxSeries:
		return ledger.Errorf("the chart has %d series, at most %d", len(c.Series), MaxSeries)
	}
	for _, s := range c.Series {
		if len(s.Values) != len(c.Days) {
			return ledger.Errorf("the chart's series %q has %d values for %d days", s.Name, len(s.Values), len(c.Days))
		}
		for _, v := range s.Values {
			if math.Abs(v) > MaxValue && !math.IsInf(v, 0) {
				return ledger.Errorf("the chart's series %q has a value out of range (%g, at most %g)", s.Name, v, MaxValue)
			}
		}
	}
	return nil
}

// hasChart reports whether the chart has anything to draw.
func (c Chart) hasChart() bool { return len(c.Days) > 0 && len(c.Series) > 0 }
