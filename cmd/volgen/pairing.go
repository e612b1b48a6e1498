package main

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unsafe"

	"vol/allocate"
)

// Pairing instances: elders and volunteers placed in buildings, with the
// cost vol pair uses (README "Elders and their volunteers"): allocate.Distance
// (same unit 1, same building 3, other buildings 10 + the gap between
// building numbers) plus 30 for each need of the elder the volunteer's
// skills do not cover. The sparse instance keeps each elder's k nearest
// volunteers (by distance, ties by volunteer index, as vol pair does) and
// adds a private "unpaired" column per elder at cost unpairedCost, so
// every row can be matched and both solvers see the same graph.

const (
	needCost     = 30
	unpairedCost = 1_000_000 // allocate.DefaultWeights().Unpaired
	unitsPerBldg = 3
)

// needs and the skills that cover them (allocate.NeedSkills, abridged).
var (
	needTags  = []string{"就医", "配药", "上海话", "翻译"}
	coveredBy = map[string][]string{"就医": {"司机"}, "配药": {"医生", "护士"}, "上海话": {"上海话"}, "翻译": {"翻译", "英语"}}
	volSkills = []string{"司机", "医生", "护士", "上海话", "翻译", "英语"}
)

type site struct {
	building int
	unit     int
	tags     []string // elder: needs; volunteer: skills
}

func (s site) loc() allocate.Location {
	return allocate.Location{Building: strconv.Itoa(s.building), BuildingNum: s.building, Unit: strconv.Itoa(s.unit)}
}

// place puts n elders and m volunteers into buildings 1..b at random:
// about 40% of elders have one need and 10% two; 40% of volunteers a skill.
func place(r *rand.Rand, n, m, b int) (elders, vols []site) {
	elders = make([]site, n)
	for i := range elders {
		e := site{building: 1 + r.IntN(b), unit: 1 + r.IntN(unitsPerBldg)}
		switch k := r.IntN(10); {
		case k < 4:
			e.tags = []string{needTags[r.IntN(len(needTags))]}
		case k < 5:
			a, c := r.IntN(len(needTags)), r.IntN(len(needTags)-1)
			if c >= a {
				c++
			}
			e.tags = []string{needTags[a], needTags[c]}
		}
		elders[i] = e
	}
	vols = make([]site, m)
	for j := range vols {
		v := site{building: 1 + r.IntN(b), unit: 1 + r.IntN(unitsPerBldg)}
		if r.IntN(10) < 4 {
			v.tags = []string{volSkills[r.IntN(len(volSkills))]}
		}
		vols[j] = v
	}
	return elders, vols
}

func cost(e, v site) int64 {
	c := allocate.Distance(e.loc(), v.loc())
	for _, need := range e.tags {
		ok := false
		for _, s := range v.tags {
			if s == need || slices.Contains(coveredBy[need], s) {
				ok = true
			}
		}
		if !ok {
			c += needCost
		}
	}
	return c
}

// writeDense writes DIR/cost.npy: an n×n int64 matrix of n elders and n
// volunteers in n/30 buildings (a street of a few dozen buildings).
func writeDense(dir string, n int, seed uint64) error {
	if dir == "" || n < 1 {
		return fmt.Errorf("-pairing dense needs -o DIR and -n ≥ 1")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	r := rand.New(rand.NewPCG(seed, 3))
	elders, vols := place(r, n, n, max(n/30, 1))
	c := make([]int64, n*n)
	for i, e := range elders {
		for j, v := range vols {
			c[i*n+j] = cost(e, v)
		}
	}
	return writeNpy(filepath.Join(dir, "cost.npy"), []int{n, n}, c)
}

// writeSparse writes the k-nearest graph of e elders and v volunteers in
// buildings of about 20 volunteers each, as CSR arrays: shape.npy
// [rows, cols], indptr.npy, indices.npy, data.npy (all int64). Columns
// 0..v-1 are volunteers; column v+i is elder i's "unpaired".
func writeSparse(dir string, e, v, k int, seed uint64) error {
	if dir == "" || e < 1 || v < 1 || k < 1 {
		return fmt.Errorf("-pairing sparse needs -o DIR, -elders, -volunteers and -k ≥ 1")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	r := rand.New(rand.NewPCG(seed, 4))
	b := max(v/20, 1)
	elders, vols := place(r, e, v, b)
	byBuilding := make([][]int32, b+2)
	for j, s := range vols {
		byBuilding[s.building] = append(byBuilding[s.building], int32(j))
	}
	indptr := make([]int64, 1, e+1)
	indices := make([]int64, 0, e*(k+1))
	data := make([]int64, 0, e*(k+1))
	type cand struct {
		dist int64
		j    int32
	}
	var cands []cand
	for i, el := range elders {
		// Buildings by growing gap until k volunteers are in hand and the
		// next ring is farther than the k-th: distance grows with the gap.
		cands = cands[:0]
		for gap := 0; gap <= b; gap++ {
			if len(cands) >= k {
				slices.SortFunc(cands, func(a, c cand) int {
					if a.dist != c.dist {
						return int(a.dist - c.dist)
					}
					return int(a.j - c.j)
				})
				if cands[k-1].dist < int64(10+gap) {
					break
				}
			}
			for _, bl := range []int{el.building - gap, el.building + gap} {
				if bl < 1 || bl > b || (gap == 0 && bl != el.building) {
					continue
				}
				for _, j := range byBuilding[bl] {
					cands = append(cands, cand{allocate.Distance(el.loc(), vols[j].loc()), j})
				}
				if gap == 0 {
					break
				}
			}
		}
		slices.SortFunc(cands, func(a, c cand) int {
			if a.dist != c.dist {
				return int(a.dist - c.dist)
			}
			return int(a.j - c.j)
		})
		cands = cands[:min(k, len(cands))]
		slices.SortFunc(cands, func(a, c cand) int { return int(a.j - c.j) }) // CSR: columns in order
		for _, c := range cands {
			indices = append(indices, int64(c.j))
			data = append(data, cost(el, vols[c.j]))
		}
		indices = append(indices, int64(v+i))
		data = append(data, unpairedCost)
		indptr = append(indptr, int64(len(indices)))
	}
	for name, a := range map[string][]int64{"shape": {int64(e), int64(v + e)}, "indptr": indptr, "indices": indices, "data": data} {
		if err := writeNpy(filepath.Join(dir, name+".npy"), []int{len(a)}, a); err != nil {
			return err
		}
	}
	return nil
}

// solveDir runs vol's solver on the instance in dir: SolveDense on
// cost.npy, or SolveSparse on the CSR arrays. It returns the total cost.
func solveDir(dir string) (int64, error) {
	if _, err := os.Stat(filepath.Join(dir, "cost.npy")); err == nil {
		shape, c, err := readNpy(filepath.Join(dir, "cost.npy"))
		if err != nil {
			return 0, err
		}
		if len(shape) != 2 {
			return 0, fmt.Errorf("cost.npy: shape %v, want a matrix", shape)
		}
		rows := make([][]int64, shape[0])
		for i := range rows {
			rows[i] = c[i*shape[1] : (i+1)*shape[1] : (i+1)*shape[1]]
		}
		_, total := allocate.SolveDense(rows)
		return total, nil
	}
	var arrays [4][]int64
	for i, name := range []string{"shape", "indptr", "indices", "data"} {
		_, a, err := readNpy(filepath.Join(dir, name+".npy"))
		if err != nil {
			return 0, err
		}
		arrays[i] = a
	}
	shape, indptr, indices, data := arrays[0], arrays[1], arrays[2], arrays[3]
	n, m := int(shape[0]), int(shape[1])
	adj := make([][]allocate.Arc, n)
	arcs := make([]allocate.Arc, len(indices))
	for i := range n {
		for p := indptr[i]; p < indptr[i+1]; p++ {
			arcs[p] = allocate.Arc{Col: int(indices[p]), Cost: data[p]}
		}
		adj[i] = arcs[indptr[i]:indptr[i+1]:indptr[i+1]]
	}
	_, total, err := allocate.SolveSparse(n, m, adj)
	return total, err
}

// writeNpy writes a little-endian int64 array in NumPy's .npy format 1.0.
func writeNpy(path string, shape []int, a []int64) error {
	dims := make([]string, len(shape))
	for i, d := range shape {
		dims[i] = strconv.Itoa(d)
	}
	sh := strings.Join(dims, ", ")
	if len(shape) == 1 {
		sh += ","
	}
	head := fmt.Sprintf("{'descr': '<i8', 'fortran_order': False, 'shape': (%s), }", sh)
	pad := 64 - (10+len(head)+1)%64
	head += strings.Repeat(" ", pad%64) + "\n"
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString("\x93NUMPY\x01\x00")
	var n [2]byte
	binary.LittleEndian.PutUint16(n[:], uint16(len(head)))
	w.Write(n[:])
	w.WriteString(head)
	var buf [8]byte
	for _, x := range a {
		binary.LittleEndian.PutUint64(buf[:], uint64(x))
		w.Write(buf[:])
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

var npyShape = regexp.MustCompile(`'shape':\s*\(([^)]*)\)`)

// readNpy reads what writeNpy writes (format 1.0, '<i8', C order). On a
// little-endian machine the data is used in place, without a copy, so vol's
// side of B3/B4 spends no more on reading its input than numpy.load does.
func readNpy(path string) ([]int, []int64, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	if len(b) < 10 || string(b[:6]) != "\x93NUMPY" || b[6] != 1 {
		return nil, nil, fmt.Errorf("%s: not a .npy 1.0 file", path)
	}
	end := 10 + int(binary.LittleEndian.Uint16(b[8:]))
	if end > len(b) || end%8 != 0 {
		return nil, nil, fmt.Errorf("%s: bad header", path)
	}
	head := string(b[10:end])
	if !strings.Contains(head, "'<i8'") || strings.Contains(head, "True") {
		return nil, nil, fmt.Errorf("%s: want little-endian int64 in C order", path)
	}
	g := npyShape.FindStringSubmatch(head)
	if g == nil {
		return nil, nil, fmt.Errorf("%s: no shape", path)
	}
	var shape []int
	size := 1
	for _, d := range strings.Split(g[1], ",") {
		if d = strings.TrimSpace(d); d != "" {
			x, err := strconv.Atoi(d)
			if err != nil {
				return nil, nil, fmt.Errorf("%s: shape %q", path, g[1])
			}
			shape = append(shape, x)
			size *= x
		}
	}
	data := b[end:]
	if len(data) != 8*size {
		return nil, nil, fmt.Errorf("%s: %d bytes of data for shape %v", path, len(data), shape)
	}
	if size == 0 {
		return shape, []int64{}, nil
	}
	if binary.NativeEndian.Uint16([]byte{1, 0}) == 1 && uintptr(unsafe.Pointer(&data[0]))%8 == 0 {
		return shape, unsafe.Slice((*int64)(unsafe.Pointer(&data[0])), size), nil
	}
	a := make([]int64, size)
	for i := range a {
		a[i] = int64(binary.LittleEndian.Uint64(data[8*i:]))
	}
	return shape, a, nil
}
