package main

import "testing"

// testBinary is the vol built once by TestMain with -tags voltest (volBin).
func testBinary(t *testing.T) string {
	t.Helper()
	return volBin
}
