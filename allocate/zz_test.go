package allocate
import ("testing";"time")
func TestZZTiming(t *testing.T) {
	hs, ps := bigRegister()
	for range 3 {
	t0 := time.Now()
	idx := make(map[string]int32, len(hs))
	for i := range hs { idx[hs[i].ID] = int32(i) }
	t1 := time.Now()
	n := 0
	for i := range ps { if _, ok := idx[ps[i].Household]; ok { n++ } }
	t2 := time.Now()
	reg := newRegister(hs, ps)
	t3 := time.Now()
	r := OldWay()
	for i := range r.Tiers { reg.claims(&r.Tiers[i], int32(i+1), nil) }
	t4 := time.Now()
	t.Logf("build %v lookup %v newRegister %v claims %v", t1.Sub(t0), t2.Sub(t1), t3.Sub(t2), t4.Sub(t3))
	}
}
