// Package testdata embeds the sample register so that `vol demo` works on a fresh machine.
package testdata

import _ "embed"

// Kaixuan is the register of the sample compound 凯旋华庭 (Kaixuan Huating,
// Shanghai, spring 2022), one row per person, as UTF-8 CSV. It is written by
// gen_sample.go: go run testdata/gen_sample.go > testdata/kaixuan.csv
//
//go:embed kaixuan.csv
var Kaixuan []byte
