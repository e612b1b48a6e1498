package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestCatalogue: every word a command asks for exists, in both languages,
// with the same number of format verbs.
func TestCatalogue(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob("*.go")
	used := regexp.MustCompile(`\.T\("([a-z_.]+[a-z_])"`) // "role." + r is built at run time
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range used.FindAllStringSubmatch(string(src), -1) {
			if _, ok := words[m[1]]; !ok {
				t.Errorf("%s: word %q is not in the catalogue", f, m[1])
			}
		}
	}
	verbs := regexp.MustCompile(`%(\[\d\])?[dsv]`)
	for k, w := range words {
		if w[0] == "" || w[1] == "" {
			t.Errorf("word %q lacks a language: %q", k, w)
		}
		if a, b := len(verbs.FindAllString(w[0], -1)), len(verbs.FindAllString(w[1], -1)); a != b {
			t.Errorf("word %q: %d format verbs in English, %d in Chinese", k, a, b)
		}
	}
}
