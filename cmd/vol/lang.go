package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
)

// The language vol speaks is, in this order: --lang; the locale variables
// LC_ALL, LC_MESSAGES and LANG (the first that is set); the default saved
// with vol config set lang (per user, not in the ledger, so two coordinators
// on one ledger may differ); on Windows, the user's display language; else
// English. Chinese is any zh locale (zh_CN, zh-TW, zh_HK.UTF-8 …).

// lang is the language of messages and headers: "zh" or "en".
func (a *App) lang() string {
	if a.Lang != "" && validLang(a.Lang) { // a wrong --lang is refused in the next choice's words
		return a.Lang
	}
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		// C and POSIX (C.UTF-8 too) are a system's non-choice, not a language.
		if l := a.Getenv(v); l != "" && l != "C" && l != "POSIX" && !strings.HasPrefix(l, "C.") {
			return localeLang(l)
		}
	}
	if a.fallbackLang == "" { // read once: the saved default, else the system's
		a.fallbackLang = "en"
		if cfg, err := a.loadConfig(); err == nil && cfg["lang"] != "" {
			a.fallbackLang = cfg["lang"]
		} else if l := systemUILanguage(); l != "" {
			a.fallbackLang = localeLang(l)
		}
	}
	return a.fallbackLang
}

// validLang reports whether l is a language --lang takes ("" is none given).
func validLang(l string) bool { return l == "" || l == "zh" || l == "en" }

// localeLang reads a locale name (zh_CN.UTF-8, zh-Hans, en_US) as zh or en.
func localeLang(l string) string {
	if strings.HasPrefix(strings.ToLower(l), "zh") {
		return "zh"
	}
	return "en"
}

// configKeys are the settings vol config keeps, with what each accepts.
var configKeys = map[string][]string{"lang": {"zh", "en"}}

// configPath is the user's vol configuration file: $XDG_CONFIG_HOME/vol/config,
// else %APPDATA%\vol\config on Windows, ~/Library/Application Support/vol/config
// on macOS, ~/.config/vol/config elsewhere.
func (a *App) configPath() (string, error) {
	if d := a.Getenv("XDG_CONFIG_HOME"); d != "" {
		return filepath.Join(d, "vol", "config"), nil
	}
	if runtime.GOOS == "windows" {
		if d := a.Getenv("APPDATA"); d != "" {
			return filepath.Join(d, "vol", "config"), nil
		}
	}
	home := a.Getenv("HOME")
	if home == "" {
		h, err := os.UserHomeDir()
		if err != nil {
			return "", said(a.T("cli.config.folder"), err)
		}
		home = h
	}
	if runtime.GOOS == "darwin" {
		return filepath.Join(home, "Library", "Application Support", "vol", "config"), nil
	}
	return filepath.Join(home, ".config", "vol", "config"), nil
}

// maxConfig bounds the configuration file: a few lines.
const maxConfig = 4 << 10

// loadConfig reads the user's configuration: key = value lines, # comments.
// A missing file is an empty configuration.
func (a *App) loadConfig() (map[string]string, error) {
	p, err := a.configPath()
	if err != nil {
		return nil, err
	}
	b, err := readBounded(p, maxConfig)
	if errors.Is(err, os.ErrNotExist) {
		return map[string]string{}, nil
	}
	if err != nil {
		return nil, a.fileErr("", p, err)
	}
	cfg := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(string(b)))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if ok && containsStr(configKeys[k], v) {
			cfg[k] = v
		}
	}
	return cfg, nil
}

// saveConfig writes the configuration (0600, in a 0700 folder).
func (a *App) saveConfig(cfg map[string]string) error {
	p, err := a.configPath()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return err
	}
	keys := make([]string, 0, len(cfg))
	for k := range cfg {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString("# vol's settings for this user (vol config set KEY VALUE)\n")
	for _, k := range keys {
		fmt.Fprintf(&b, "%s = %s\n", k, cfg[k])
	}
	return os.WriteFile(p, []byte(b.String()), 0o600)
}

func containsStr(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
