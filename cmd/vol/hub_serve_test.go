package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"image/png"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"vol/cmd/internal/hub"
	dayreport "vol/cmd/internal/report"
)

// served is a vol hub serve running for a test.
type served struct {
	base  string // http://127.0.0.1:PORT/
	token string // the link's token, if any
	err   *bytes.Buffer
}

// startServe runs vol hub serve on dsn (the built binary, as the office
// would) and reads the address it prints; the server is stopped with an
// interrupt when the test ends, and must exit 0.
func startServe(t *testing.T, env map[string]string, dsn string, args ...string) served {
	t.Helper()
	c := volProcess(env, append([]string{"hub", "--hub", dsn, "serve"}, args...)...)
	out, err := c.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	s := served{err: &bytes.Buffer{}}
	c.Stderr = s.err
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = c.Process.Signal(os.Interrupt)
		done := make(chan error, 1)
		go func() { done <- c.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("vol hub serve did not stop cleanly: %v\n%s", err, s.err)
			}
		case <-time.After(20 * time.Second):
			_ = c.Process.Kill()
			t.Errorf("vol hub serve did not stop within 20 s of an interrupt")
		}
	})
	line := make(chan string, 1)
	go func() {
		r := bufio.NewReader(out)
		l, _ := r.ReadString('\n')
		line <- l
		_, _ = io.Copy(io.Discard, r)
	}()
	var l string
	select {
	case l = <-line:
	case <-time.After(30 * time.Second):
		t.Fatalf("vol hub serve printed no address in 30 s\n%s", s.err)
	}
	urls := regexp.MustCompile(`http://[^ ,;()（）]+`).FindAllString(l, -1)
	if len(urls) == 0 {
		t.Fatalf("no address in %q\n%s", l, s.err)
	}
	s.base = strings.Replace(urls[0], "0.0.0.0", "127.0.0.1", 1)
	s.base = strings.Replace(s.base, "[::]", "127.0.0.1", 1)
	if len(urls) > 1 {
		_, s.token, _ = strings.Cut(urls[1], "?token=")
	}
	return s
}

// call makes one request (no redirect followed) and reads the answer.
func call(t *testing.T, method, url string, body []byte, header ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	client := &http.Client{Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

// decoded is JSON decoded, to compare two answers whatever their spacing.
func decoded(t *testing.T, s string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, s)
	}
	return v
}

// hubServeFixture: three compounds trusted by a hub; a and c reported on
// 2026-12-02 and 2026-12-03 from files, b on 2026-12-02 only (its
// 2026-12-03 report is to be uploaded), c's street told by the office.
type hubServeFixture struct {
	cs               []sampleCompound
	files            map[string][]byte // name → report
	upload, stranger []byte
}

func newHubServeFixture(t *testing.T) hubServeFixture {
	f := hubServeFixture{files: map[string][]byte{}}
	f.cs = []sampleCompound{
		newSampleCompound(t, "serve-a", "凯旋华庭", "长宁路街道", 0),
		newSampleCompound(t, "serve-b", "百汇园一期", "长宁路街道", 1),
		newSampleCompound(t, "serve-c", "虹桥新村", "", 2),
	}
	for i, c := range f.cs {
		for _, d := range []string{"2026-12-02", "2026-12-03"} {
			r := c.report(t, d)
			if i == 1 && d == "2026-12-03" {
				f.upload = r
				continue
			}
			f.files[string(rune('a'+i))+"-"+d+".json"] = r
		}
	}
	f.stranger = newSampleCompound(t, "serve-x", "陌生小区", "长宁路街道", 2).report(t, "2026-12-03")
	return f
}

// hubFor makes a hub on dsn from the fixture: the three compounds
// trusted, the files imported.
func (f hubServeFixture) hubFor(t *testing.T, env map[string]string, dsn string) {
	t.Helper()
	dir := t.TempDir()
	writeFiles(t, dir, f.files)
	mustHub(t, env, dsn, "init")
	mustHub(t, env, dsn, "trust", filepath.Join(dir, "a-2026-12-02.json"), filepath.Join(dir, "b-2026-12-02.json"))
	mustHub(t, env, dsn, "trust", filepath.Join(dir, "c-2026-12-02.json"), "--street", "虹桥街道")
	mustHub(t, env, dsn, "import", dir)
}

// TestHubServe (issue 21): vol hub serve on SQLite and on PostgreSQL: the
// JSON status is vol hub status's; an upload of a trusted compound's
// report is stored (201), again changes nothing, a forged, untrusted,
// truncated or oversized one is refused with the status saying so and
// nothing changes; a bad question is refused in one line naming it; no
// script and no personal data in the page. Off loopback the pages need
// the token (made when the file is missing), which a link sets as a
// cookie; uploads need none. Then a real browser (headless Chromium)
// reads the page: the table shows the imported figures, the not-reported
// list is right, the chart is drawn, in Chinese and English; its
// screenshot is the README's.
func TestHubServe(t *testing.T) {
	t.Parallel()
	f := newHubServeFixture(t)
	env := testEnv(t, "serve")
	env["VOL_NOW"] = "2026-12-03T22:00:00+08:00"

	// Misuse: off loopback without a token file; an address that is not
	// HOST:PORT.
	for _, args := range [][]string{{"--addr", "0.0.0.0:0"}, {"--addr", "8080"}} {
		code, _, errOut := hubVol(t, env, filepath.Join(t.TempDir(), "none.db"), append([]string{"serve"}, args...)...)
		if code != 2 || !strings.Contains(strings.SplitN(errOut, "\n", 2)[0], args[0]) && !strings.Contains(errOut, "--token-file") {
			t.Errorf("serve %v: exit %d %q", args, code, errOut)
		}
	}

	for _, st := range hubStores(t) {
		t.Run(st.name, func(t *testing.T) {
			f.hubFor(t, env, st.dsn)
			s := startServe(t, env, st.dsn, "--addr", "127.0.0.1:0")
			statusOf := func() (string, any) {
				resp, body := call(t, "GET", s.base+"status.json?date=2026-12-03", nil)
				if resp.StatusCode != 200 {
					t.Fatalf("status.json: %d %s", resp.StatusCode, body)
				}
				return body, decoded(t, body)
			}
			_, before := statusOf()
			if cli := decoded(t, mustHub(t, env, st.dsn, "status", "--date", "2026-12-03", "--json")); !reflect.DeepEqual(before, cli) {
				t.Errorf("status.json is not vol hub status --json")
			}
			if st.name == "sqlite" {
				t.Run("browser", func(t *testing.T) { browserTest(t, s.base, before) })
			}
			// Refused uploads: nothing changes.
			forged := bytes.Replace(f.upload, []byte(`"volunteers": 60`), []byte(`"volunteers": 61`), 1)
			if bytes.Equal(forged, f.upload) {
				t.Fatalf("no volunteers 60 in %s", f.upload)
			}
			for _, c := range []struct {
				name string
				body []byte
				code int
				says string
			}{
				{"forged", forged, 422, "signature does not match"},
				{"untrusted", f.stranger, 403, "not trusted"},
				{"truncated", f.upload[:300], 422, "not a whole vol report"},
				{"oversized", bytes.Repeat([]byte(" "), dayreport.MaxSize+1), 413, "KiB"},
			} {
				resp, body := call(t, "POST", s.base+"reports", c.body, "Accept-Language", "en")
				var ans struct{ Outcome, Message string }
				if err := json.Unmarshal([]byte(body), &ans); err != nil || resp.StatusCode != c.code || ans.Outcome != hub.Refused ||
					!strings.Contains(ans.Message, c.says) || strings.Contains(ans.Message, "\n") {
					t.Errorf("upload of a %s report: %d %s", c.name, resp.StatusCode, body)
				}
			}
			if _, after := statusOf(); !reflect.DeepEqual(after, before) {
				t.Errorf("refused uploads changed the status")
			}
			// The good upload, then again; in Chinese by the browser's choice.
			resp, body := call(t, "POST", s.base+"reports", f.upload, "Accept-Language", "zh-CN,zh;q=0.9")
			if resp.StatusCode != 201 || !strings.Contains(body, `"outcome": "stored"`) || !strings.Contains(body, "已收") {
				t.Errorf("upload: %d %s", resp.StatusCode, body)
			}
			resp, body = call(t, "POST", s.base+"reports", f.upload)
			if resp.StatusCode != 200 || !strings.Contains(body, `"outcome": "unchanged"`) {
				t.Errorf("upload again: %d %s", resp.StatusCode, body)
			}
			after, decodedAfter := statusOf()
			if reflect.DeepEqual(decodedAfter, before) || !strings.Contains(after, `"not_reported": []`) {
				t.Errorf("the upload did not reach the status:\n%s", after)
			}
			if cli := decoded(t, mustHub(t, env, st.dsn, "status", "--date", "2026-12-03", "--json")); !reflect.DeepEqual(decodedAfter, cli) {
				t.Errorf("after the upload, status.json is not vol hub status --json")
			}
			if !strings.Contains(s.err.String(), "upload: stored, 百汇园一期 on 2026-12-03") {
				t.Errorf("the server's log lacks the upload:\n%s", s.err)
			}
			// Bad questions: one line naming the field.
			for _, q := range []struct{ query, says string }{
				{"?date=2026-13-01", "date (2026-13-01): invalid value; accepted: a day, YYYY-MM-DD"},
				{"?figure=names", "figure (names): invalid value"},
				{"?days=1000", "days (1000): invalid value"},
			} {
				resp, body := call(t, "GET", s.base+q.query+"&lang=en", nil)
				if resp.StatusCode != 400 || !strings.Contains(body, q.says) {
					t.Errorf("GET %s: %d\n%s", q.query, resp.StatusCode, body)
				}
			}
			if resp, _ := call(t, "GET", s.base+"nothing", nil); resp.StatusCode != 404 {
				t.Errorf("GET /nothing: %d", resp.StatusCode)
			}
			// The page: a policy against scripts and outside resources, no
			// script, no personal data.
			resp, page := call(t, "GET", s.base+"?date=2026-12-03", nil)
			if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Security-Policy"), "default-src 'none'") {
				t.Fatalf("GET /: %d %v", resp.StatusCode, resp.Header)
			}
			if strings.Contains(strings.ToLower(page), "<script") || !strings.Contains(page, "凯旋华庭") {
				t.Errorf("the page has a script, or lacks a compound")
			}
			for _, v := range append(personalData(t, f.cs[0].env), drugTwo, drugOne) {
				if strings.Contains(page, v) {
					t.Errorf("the page shows %q", v)
				}
			}
		})
	}

	// Off loopback: the token.
	dsn := filepath.Join(t.TempDir(), "hub.db")
	f.hubFor(t, env, dsn)
	tokenFile := filepath.Join(t.TempDir(), "office.token")
	s := startServe(t, env, dsn, "--addr", "0.0.0.0:0", "--token-file", tokenFile)
	saved, err := os.ReadFile(tokenFile)
	if err != nil || strings.TrimSpace(string(saved)) != s.token || len(s.token) < 16 {
		t.Fatalf("token file %q (%v), link token %q", saved, err, s.token)
	}
	if fi, err := os.Stat(tokenFile); err != nil || fi.Mode().Perm()&0o077 != 0 {
		t.Errorf("token file: %v %v", fi.Mode(), err)
	}
	if resp, body := call(t, "GET", s.base+"?lang=en", nil); resp.StatusCode != 401 || !strings.Contains(body, "token") {
		t.Errorf("GET / without the token: %d\n%s", resp.StatusCode, body)
	}
	if resp, _ := call(t, "GET", s.base+"status.json?token=wrong-token-wrong-token", nil); resp.StatusCode != 401 {
		t.Errorf("a wrong token: %d", resp.StatusCode)
	}
	resp, _ := call(t, "GET", s.base+"?date=2026-12-03&token="+s.token, nil)
	var cookie string
	for _, c := range resp.Cookies() {
		cookie = c.Name + "=" + c.Value
	}
	if resp.StatusCode != 303 || strings.Contains(resp.Header.Get("Location"), "token") || cookie == "" {
		t.Fatalf("the link with the token: %d %v", resp.StatusCode, resp.Header)
	}
	if resp, body := call(t, "GET", s.base+"?date=2026-12-03", nil, "Cookie", cookie); resp.StatusCode != 200 || !strings.Contains(body, "凯旋华庭") {
		t.Errorf("with the cookie: %d", resp.StatusCode)
	}
	if resp, _ := call(t, "GET", s.base+"status.json", nil, "Authorization", "Bearer "+s.token); resp.StatusCode != 200 {
		t.Errorf("with the bearer token: %d", resp.StatusCode)
	}
	if resp, body := call(t, "POST", s.base+"reports", f.upload); resp.StatusCode != 201 {
		t.Errorf("an upload off loopback, no token: %d %s", resp.StatusCode, body)
	}
	// The made token is kept: a second start reads it.
	if s2 := startServe(t, env, dsn, "--addr", "0.0.0.0:0", "--token-file", tokenFile); s2.token != s.token {
		t.Errorf("the second start's token %q, the first's %q", s2.token, s.token)
	}
}

// chromium is the browser the page test drives: Debian's chromium (or a
// Chrome) on PATH; without one the test is skipped loudly, unless
// $VOL_REQUIRE_BROWSER is set (CI), when it fails.
func chromium(t *testing.T) string {
	t.Helper()
	for _, n := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	if os.Getenv("VOL_REQUIRE_BROWSER") != "" {
		t.Fatal("VOL_REQUIRE_BROWSER is set but no chromium is on PATH: the hub's page cannot be tested")
	}
	t.Skip("SKIPPED: the hub's page is NOT TESTED in a browser: install chromium (.ci/run does)")
	return ""
}

// browserTest reads the page at base in headless Chromium and checks it
// against the status JSON of 2026-12-03 (st, decoded).
func browserTest(t *testing.T, base string, st any) {
	path := chromium(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.WindowSize(1280, 900),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-domain-reliability", true),
		chromedp.Flag("no-pings", true), chromedp.Flag("lang", "zh-CN"))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 90*time.Second)
	defer cancel()

	if err := chromedp.Do(ctx, chromedp.Navigate(base+"?date=2026-12-03&days=7&lang=zh"), chromedp.WaitVisible("#status")); err != nil {
		t.Fatalf("chromium: %v", err)
	}
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[[][]string](`Array.from(document.querySelectorAll('#status tbody tr')).map(r => [r.className].concat(Array.from(r.cells).map(c => c.textContent)))`))
	if err != nil {
		t.Fatal(err)
	}
	status := st.(map[string]any)
	num := func(v any) string {
		if v == nil {
			return "–"
		}
		return strconv.FormatFloat(v.(float64), 'f', -1, 64)
	}
	// Every compound's row shows its figures; the total row the totals.
	want := map[string][]string{}
	for _, c := range status["compounds"].([]any) {
		c := c.(map[string]any)
		for _, k := range hub.TableFigures {
			want[c["compound"].(string)] = append(want[c["compound"].(string)], num(c[k]))
		}
	}
	for _, k := range hub.TableFigures {
		want["（合计）"] = append(want["（合计）"], num(status["totals"].(map[string]any)[k]))
	}
	seen := 0
	for _, r := range rows {
		if len(r) != 5+len(hub.TableFigures) {
			t.Fatalf("a row of %d cells: %q", len(r), r)
		}
		name := r[3]
		if w, ok := want[name]; ok && (strings.HasPrefix(r[0], "compound") || r[0] == "total") {
			seen++
			if !reflect.DeepEqual(r[5:], w) {
				t.Errorf("row %s shows %q, the status %q", name, r[5:], w)
			}
		}
	}
	if seen != len(want) {
		t.Errorf("%d of %d rows found in %q", seen, len(want), rows)
	}
	// Who has not reported on 2026-12-03: b, whose report is uploaded later.
	items, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('#not-reported li')).map(l => l.textContent)`))
	if err != nil || !reflect.DeepEqual(items, []string{"百汇园一期（长宁路街道）"}) {
		t.Errorf("not reported on 2026-12-03: %q %v", items, err)
	}
	// The chart: a bar for each of the two days with reports, drawn.
	heights, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`Array.from(document.querySelectorAll('#trend rect.bar')).map(r => r.getBoundingClientRect().height)`))
	if err != nil || len(heights) != 2 || heights[0] <= 0 || heights[1] <= 0 {
		t.Errorf("chart bars: %v %v", heights, err)
	}
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil || img.Bounds().Dx() < 1000 {
		t.Fatalf("screenshot: %v", err)
	}
	// VOL_SCREENSHOT names where to keep it (the README's picture).
	if p := os.Getenv("VOL_SCREENSHOT"); p != "" {
		if err := os.WriteFile(p, shot, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	// The next day, in English: no one has reported.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"?date=2026-12-04&lang=en"), chromedp.WaitVisible("#status")); err != nil {
		t.Fatal(err)
	}
	items, err = chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('#not-reported li')).map(l => l.textContent)`))
	if err != nil || !sameSet(items, []string{"凯旋华庭（长宁路街道）", "百汇园一期（长宁路街道）", "虹桥新村（虹桥街道）"}) {
		t.Errorf("not reported on 2026-12-04: %q %v", items, err)
	}
	if h1, err := chromedp.Run(ctx, chromedp.Text("h1")); err != nil || !strings.Contains(h1, "The district's figures") {
		t.Errorf("the English page's title: %q %v", h1, err)
	}
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	m := map[string]int{}
	for _, x := range a {
		m[x]++
	}
	for _, x := range b {
		m[x]--
	}
	for _, n := range m {
		if n != 0 {
			return false
		}
	}
	return true
}
