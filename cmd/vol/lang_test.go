package main

import (
	"strings"
	"testing"
)

// TestLanguageChoice (issue 16, item 2): --lang, then LC_ALL, LC_MESSAGES
// and LANG, then the saved default, then English.
func TestLanguageChoice(t *testing.T) {
	t.Parallel()
	cfg := t.TempDir()
	speaks := func(env map[string]string, args ...string) string {
		t.Helper()
		env["XDG_CONFIG_HOME"] = cfg
		code, out, errOut := vol(t, env, append(args, "config", "show")...)
		if code != 0 {
			t.Fatalf("%v: %s", env, errOut)
		}
		if strings.Contains(out, "设置文件") {
			return "zh"
		}
		return "en"
	}
	for _, c := range []struct {
		env  map[string]string
		args []string
		want string
	}{
		{map[string]string{}, nil, "en"},
		{map[string]string{"LANG": "zh_CN.UTF-8"}, nil, "zh"},
		{map[string]string{"LANG": "en_US.UTF-8", "LC_ALL": "zh_CN.UTF-8"}, nil, "zh"},
		{map[string]string{"LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_TW"}, nil, "zh"},
		{map[string]string{"LC_ALL": "en_GB", "LANG": "zh_CN"}, nil, "en"},
		{map[string]string{"LANG": "zh_CN"}, []string{"--lang", "en"}, "en"},
	} {
		if got := speaks(c.env, c.args...); got != c.want {
			t.Errorf("%v %v: speaks %s, want %s", c.env, c.args, got, c.want)
		}
	}
	// A saved default, for a user whose system sets no language (a Chinese
	// Windows, or LANG=C.UTF-8).
	if code, _, errOut := vol(t, map[string]string{"XDG_CONFIG_HOME": cfg}, "config", "set", "lang", "zh"); code != 0 {
		t.Fatal(errOut)
	}
	if got := speaks(map[string]string{}); got != "zh" {
		t.Errorf("after config set lang zh: speaks %s", got)
	}
	if got := speaks(map[string]string{"LANG": "C.UTF-8"}); got != "zh" {
		t.Errorf("LANG=C.UTF-8 and a saved zh: speaks %s", got)
	}
	if got := speaks(map[string]string{"LANG": "en_US.UTF-8"}); got != "en" {
		t.Errorf("LANG=en_US and a saved zh: speaks %s, want the locale's", got)
	}
	if code, _, errOut := vol(t, map[string]string{"XDG_CONFIG_HOME": cfg}, "config", "set", "lang", "fr"); code != 1 || !strings.Contains(errOut, "zh, en") {
		t.Errorf("config set lang fr: exit %d %q", code, errOut)
	}
}
