package sheet

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"vol/ledger"
)

// benchRegister writes a register of n people in the sample's CSV shape:
// households of 1 to 4 people in buildings of 2 units × 30 floors × 4 rooms.
func benchRegister(n int) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"楼号", "单元", "室号", "姓名", "性别", "出生年月", "联系电话", "在住", "身份", "志愿者", "技能", "备注"})
	hh := 0
	for i := 0; i < n; hh++ {
		building, unit, room := 1+hh/240, 1+hh/120%2, fmt.Sprintf("%d%02d", 1+hh/4%30, 1+hh%4)
		for k := 0; k < 1+hh%4 && i < n; k, i = k+1, i+1 {
			present, volunteer, skill := "是", "否", ""
			if hh%9 == 0 {
				present = "否"
			}
			if i%17 == 0 {
				volunteer, skill = "是", "司机"
			}
			w.Write([]string{fmt.Sprint(building), fmt.Sprint(unit), room, fmt.Sprintf("居民%07d", i), "女",
				fmt.Sprintf("%d-%02d", 1940+i%70, 1+i%12), fmt.Sprintf("139%08d", i), present, "居民", volunteer, skill, ""})
		}
	}
	w.Flush()
	return b.Bytes()
}

func benchImport(b *testing.B, n int) {
	src := benchRegister(n)
	ctx := context.Background()
	on := time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)
	m := ledger.Meta{Who: "bench", Command: "import", At: on}
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		b.StopTimer()
		db, err := ledger.Create(ctx, filepath.Join(b.TempDir(), "l.db"), ledger.Options{}, m, "bench", 60)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		doc, err := Read(bytes.NewReader(src), "r.csv", ReadOptions{})
		if err != nil {
			b.Fatal(err)
		}
		recs, errs, _ := Parse(doc.Rows, on)
		if len(errs) > 0 {
			b.Fatal(errs[0])
		}
		if _, err := Import(ctx, db, m, recs, Fields(doc.Rows), Options{Source: "r.csv", On: "2026-11-28"}); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
}

// BenchmarkImport100k imports a 100,000-person register into a new ledger.
func BenchmarkImport100k(b *testing.B) { benchImport(b, 100_000) }

// BenchmarkImport10k imports a 10,000-person register into a new ledger.
func BenchmarkImport10k(b *testing.B) { benchImport(b, 10_000) }

// BenchmarkImport1M imports a 1,000,000-person register into a new ledger.
func BenchmarkImport1M(b *testing.B) { benchImport(b, 1_000_000) }
