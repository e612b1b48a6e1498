package ledger

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkSyncImport100k: a second laptop adopts a ledger of 100,000
// journal entries (one household added per entry, as 100,000 separate
// commands would write), and the first imports the answer after both wrote
// concurrently (the register is rebuilt from the union of the journals).
func BenchmarkSyncImport100k(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()
	m := Meta{Who: "chair", Command: "init", At: time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)}
	a, err := Create(ctx, filepath.Join(dir, "a.db"), Options{}, m, "bench", 60)
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	const n = 100_000
	m.Command = "household add"
	if _, err := a.Write(ctx, m, func(tx *Tx) error {
		for i := range n {
			if _, err := tx.AddHousehold(Address{Building: fmt.Sprint(1 + i/1000), Room: fmt.Sprint(101 + i%1000)}); err != nil {
				return err
			}
			if err := tx.flush(); err != nil { // one entry per household
				return err
			}
		}
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	file := filepath.Join(dir, "all.volsync")
	start := time.Now()
	res, err := a.SyncExport(ctx, file, SyncExportOptions{}, m.At)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(time.Since(start).Seconds(), "export-s")
	b.ReportMetric(float64(res.Bytes)/1e6, "file-MB")
	b.ResetTimer()
	for i := range b.N {
		m.Command = "init"
		c, err := Create(ctx, filepath.Join(dir, fmt.Sprintf("c%d.db", i)), Options{}, m, "bench", 60)
		if err != nil {
			b.Fatal(err)
		}
		res, err := c.SyncImport(ctx, file, SyncImportOptions{Adopt: true}, m)
		if err != nil || res.Entries != n+1 {
			b.Fatalf("%+v %v", res, err)
		}
		c.Close()
	}
}
