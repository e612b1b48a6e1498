//go:build !windows

package main

// systemUILanguage is "" where the locale variables say it all.
func systemUILanguage() string { return "" }
