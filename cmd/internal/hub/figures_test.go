package hub

import (
	"reflect"
	"strings"
	"testing"

	"vol/cmd/internal/report"
)

// TestFigures: Figures has one field per report figure key, in order, and
// its slots are those fields.
func TestFigures(t *testing.T) {
	ft := reflect.TypeOf(Figures{})
	if ft.NumField() != len(report.FigureKeys) || numFigures != len(report.FigureKeys) {
		t.Fatalf("Figures has %d fields (numFigures %d), the report %d keys", ft.NumField(), numFigures, len(report.FigureKeys))
	}
	var f Figures
	for i, k := range report.FigureKeys {
		if tag, _, _ := strings.Cut(ft.Field(i).Tag.Get("json"), ","); tag != k {
			t.Errorf("field %d: %s, want %s", i, tag, k)
		}
		n := int64(i + 1)
		*f.slots()[i] = &n
	}
	for i, k := range report.FigureKeys {
		if p := f.Get(k); p == nil || *p != int64(i+1) || reflect.ValueOf(f).Field(i).Interface().(*int64) != p {
			t.Errorf("Get(%s) = %v", k, p)
		}
	}
	g := f
	f.add(&g)
	if p := f.Get("volunteers"); *p != 18 {
		t.Errorf("add: volunteers %d, want 18", *p)
	}
	var z Figures
	z.add(&Figures{})
	if z.Get("volunteers") != nil {
		t.Errorf("a sum of nothing is not nil")
	}
}
