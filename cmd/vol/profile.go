//go:build !voltest

package main

// startProfile does nothing in a release build (profile_voltest.go).
func startProfile() func() { return func() {} }
