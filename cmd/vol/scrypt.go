//go:build !voltest

package main

// scryptLogN is the scrypt work factor (log2 N) for encrypted backups and
// sync files; 0 keeps age's default. A release build always keeps it: a
// weaker factor would weaken every file it encrypts, so no environment
// variable may lower it (the tests' override is in scrypt_voltest.go).
func scryptLogN(getenv func(string) string) int { return 0 }
