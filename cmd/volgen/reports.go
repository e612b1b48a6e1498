package main

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"vol/cmd/internal/report"
)

// writeReports writes n compounds' reports for the days ending on last
// into dir/YYYY-MM-DD/ (report.Generator), the first later compounds
// twice a day.
func writeReports(dir string, n, days int, last string, later int, seed uint64) error {
	if dir == "" {
		return fmt.Errorf("-reports needs -o DIR")
	}
	end, err := time.Parse("2006-01-02", last)
	if err != nil {
		return fmt.Errorf("-date %q: want YYYY-MM-DD", last)
	}
	g := report.Generator{Seed: seed}
	for d := days - 1; d >= 0; d-- {
		day := end.AddDate(0, 0, -d)
		sub := filepath.Join(dir, day.Format("2006-01-02"))
		if err := os.MkdirAll(sub, 0o755); err != nil {
			return err
		}
		for i := range n {
			versions := 1
			if i < later {
				versions = 2
			}
			for v := range versions {
				b, err := g.Report(i, day, v).Encode()
				if err != nil {
					return err
				}
				name := fmt.Sprintf("%05d.json", i)
				if v > 0 {
					name = fmt.Sprintf("%05d-later.json", i)
				}
				if err := os.WriteFile(filepath.Join(sub, name), b, 0o644); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
