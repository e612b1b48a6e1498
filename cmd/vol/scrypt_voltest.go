//go:build voltest

package main

import "strconv"

// scryptLogN is the scrypt work factor (log2 N) for encrypted backups and
// sync files: in a vol built with -tags voltest, as the end-to-end tests
// build it, VOL_TEST_SCRYPT_LOGN lowers it so that encrypting takes
// milliseconds; unset (or not a number) it is 0, age's default. A release
// build never reads the variable (scrypt.go).
func scryptLogN(getenv func(string) string) int {
	n, _ := strconv.Atoi(getenv("VOL_TEST_SCRYPT_LOGN"))
	return n
}
