//go:build windows

package main

import "golang.org/x/sys/windows"

// systemUILanguage is the Windows user's display language (zh-CN, en-US):
// a Chinese Windows sets no LANG.
func systemUILanguage() string {
	langs, err := windows.GetUserPreferredUILanguages(windows.MUI_LANGUAGE_NAME)
	if err != nil || len(langs) == 0 {
		return ""
	}
	return langs[0]
}
