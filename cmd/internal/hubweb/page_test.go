package hubweb

import (
	"math"
	"testing"

	"vol/cmd/internal/hub"
)

func TestNiceStep(t *testing.T) {
	for v, want := range map[float64]float64{0: 1, 0.3: 1, 1: 1, 1.5: 2, 3: 5, 7: 10, 10: 10, 11: 20, 277.5: 500, 1850: 2000} {
		if got := niceStep(v); got != want {
			t.Errorf("niceStep(%v) = %v, want %v", v, got, want)
		}
	}
}

// A trend with no data draws no bar and a finite scale; a trend with data
// draws its highest bar to the top tick or below it, and none below 0.
func TestTrendChart(t *testing.T) {
	n := func(v int64) *int64 { return &v }
	empty := trendChart(hub.Trend{Days: []hub.TrendDay{{Date: "2026-12-01"}, {Date: "2026-12-02"}}}, "x")
	if empty.HasData || len(empty.Bars) != 2 || empty.Bars[0].Data || len(empty.Ticks) < 2 {
		t.Errorf("empty trend: %+v", empty)
	}
	for _, tk := range empty.Ticks {
		if math.IsNaN(tk.Y) || math.IsInf(tk.Y, 0) {
			t.Errorf("tick %+v", tk)
		}
	}
	c := trendChart(hub.Trend{Days: []hub.TrendDay{{Date: "2026-12-01", Total: n(1110)}, {Date: "2026-12-02"}, {Date: "2026-12-03", Total: n(0)}}}, "x")
	if !c.HasData || !c.Bars[0].Data || c.Bars[1].Data || !c.Bars[2].Data {
		t.Fatalf("bars: %+v", c.Bars)
	}
	top := c.Ticks[len(c.Ticks)-1]
	if c.Bars[0].Y < top.Y-0.01 || c.Bars[0].H <= 0 || c.Bars[2].H != 0 || top.Label != "1500" {
		t.Errorf("bar %+v under top tick %+v", c.Bars[0], top)
	}
	for i := 1; i < len(c.Bars); i++ {
		if c.Bars[i].X <= c.Bars[i-1].X+c.Bars[i-1].W {
			t.Errorf("bars %d and %d overlap", i-1, i)
		}
	}
}
