// Package hubweb serves a hub's district view in the browser (vol hub
// serve, issue 21): one read-only page of the day's status table with its
// totals, the compounds that have not reported, the needs and a figure's
// trend, in Chinese or English, rendered on the server by html/template
// with no script and nothing fetched from elsewhere; and an upload of
// report files by POST, where the report's signature by a key the hub
// trusts is the credential.
//
// Invariants: every page but the upload needs the token when one is set
// (the caller sets one for any address other than loopback); a request
// body is read to report.MaxSize and no further; a query value from the
// request is checked like a command's flag and refused in one line naming
// it; every response forbids scripts, frames and outside resources (CSP).
package hubweb

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"vol/cmd/internal/hub"
	"vol/cmd/internal/report"
	"vol/ledger"
)

// Words translate the page: T a catalogue key, Say an error, in lang
// ("zh" or "en"). They must be safe to call from many requests at once.
type Words interface {
	T(lang, key string, args ...any) string
	Say(lang string, err error) string
}

// Server is the hub's web face.
type Server struct {
	Store *hub.Store
	Words Words
	// Token, when not "", is what a browser must show (?token= once, then
	// a cookie; or an Authorization: Bearer header) to read the pages.
	Token string
	// Loopback: served on a loopback address only (the page says who can
	// open it).
	Loopback bool
	Now      func() time.Time
	// Log gets one line per upload (the compound, the day, the outcome:
	// no personal data is in a report); nil for none.
	Log func(lang string, o hub.Outcome)
	// uploads bounds the uploads read at once (each holds up to
	// report.MaxSize bytes).
	uploads chan struct{}
}

// MaxUploads is how many uploads are read at once; more wait.
const MaxUploads = 4

// cookie is where a browser keeps the token after ?token=.
const cookie = "vol_hub_token"

// Handler is the server's routes, with the headers every response has.
func (s *Server) Handler() http.Handler {
	s.uploads = make(chan struct{}, MaxUploads)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.guard(s.page))
	mux.HandleFunc("GET /status.json", s.guard(s.statusJSON))
	mux.HandleFunc("GET /style.css", s.style)
	mux.HandleFunc("POST /reports", s.upload)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.answer(w, r, http.StatusNotFound, s.Words.T(lang(r), "hubweb.notfound"))
	})
	return headers(mux)
}

// headers: no script, no frame, nothing from elsewhere, no referrer (a
// link may carry the token), nothing cached.
func headers(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Referrer-Policy", "no-referrer")
		w.Header().Set("X-Frame-Options", "DENY")
		w.Header().Set("Cache-Control", "no-store")
		h.ServeHTTP(w, r)
	})
}

// lang is the page's language: ?lang=, else the browser's first choice
// of Chinese or English, else Chinese.
func lang(r *http.Request) string {
	switch r.URL.Query().Get("lang") {
	case "zh":
		return "zh"
	case "en":
		return "en"
	}
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag := strings.ToLower(strings.TrimSpace(strings.SplitN(part, ";", 2)[0]))
		switch {
		case strings.HasPrefix(tag, "zh"):
			return "zh"
		case strings.HasPrefix(tag, "en"):
			return "en"
		}
	}
	return "zh"
}

// guard lets a request through when no token is set or it shows the
// token; ?token= sets the cookie and sends the browser to the same page
// without it (so the token leaves the address bar and the history).
func (s *Server) guard(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.Token == "" {
			next(w, r)
			return
		}
		q := r.URL.Query()
		if t := q.Get("token"); t != "" && s.same(t) {
			http.SetCookie(w, &http.Cookie{Name: cookie, Value: t, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
			q.Del("token")
			u := *r.URL
			u.RawQuery = q.Encode()
			http.Redirect(w, r, u.RequestURI(), http.StatusSeeOther)
			return
		}
		if c, err := r.Cookie(cookie); err == nil && s.same(c.Value) {
			next(w, r)
			return
		}
		if h, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok && s.same(h) {
			next(w, r)
			return
		}
		s.answer(w, r, http.StatusUnauthorized, s.Words.T(lang(r), "hubweb.token"))
	}
}

func (s *Server) same(t string) bool {
	return subtle.ConstantTimeCompare([]byte(t), []byte(s.Token)) == 1
}

// query is a page's question, read from the URL and checked.
type query struct {
	Lang, Date, Street, Figure string
	Days                       int
}

// figures the trend can show, by default.
const defaultFigure = "present_households"

// DefaultDays is how many days the trend shows by default.
const DefaultDays = 14

func (s *Server) readQuery(r *http.Request) (query, error) {
	v := r.URL.Query()
	q := query{Lang: lang(r), Date: v.Get("date"), Street: ledger.NormalizeText(v.Get("street")), Figure: v.Get("figure"), Days: DefaultDays}
	if q.Date == "" {
		q.Date = s.Now().Format("2006-01-02")
	} else if _, err := time.Parse("2006-01-02", q.Date); err != nil {
		return q, &ledger.FieldError{Field: "date", Value: trim(q.Date), Err: ledger.ErrInvalid, Want: ledger.T("a day, YYYY-MM-DD")}
	}
	if q.Street != "" {
		if err := ledger.CheckLabel("street", q.Street); err != nil {
			return q, err
		}
	}
	if q.Figure == "" {
		q.Figure = defaultFigure
	} else if !isFigure(q.Figure) {
		return q, &ledger.FieldError{Field: "figure", Value: trim(q.Figure), Err: ledger.ErrInvalid,
			Want: ledger.T("one of %s", strings.Join(report.FigureKeys, ", "))}
	}
	if d := v.Get("days"); d != "" {
		n, err := strconv.Atoi(d)
		if err != nil || n < 1 || n > 92 {
			return q, &ledger.FieldError{Field: "days", Value: trim(d), Err: ledger.ErrInvalid, Want: ledger.T("a whole number of days from 1 to 92")}
		}
		q.Days = n
	}
	return q, nil
}

func isFigure(k string) bool {
	for _, f := range report.FigureKeys {
		if f == k {
			return true
		}
	}
	return false
}

// trim keeps a value from a request short and printable for a message.
func trim(s string) string {
	r := []rune(s)
	if len(r) > 40 {
		s = string(r[:40]) + "…"
	}
	return ledger.Printable(s)
}

// statusJSON is vol hub status --json for a day (?date=, ?street=).
func (s *Server) statusJSON(w http.ResponseWriter, r *http.Request) {
	q, err := s.readQuery(r)
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, err)
		return
	}
	st, err := s.Store.Status(r.Context(), q.Date, q.Street)
	if err != nil {
		s.fail(w, r, http.StatusInternalServerError, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(st) // the client went away
}

// uploadAnswer is what POST /reports answers, as JSON.
type uploadAnswer struct {
	hub.Outcome
	Message string `json:"message"`
}

// upload takes one report file as the request's body: stored when its
// signature verifies and its key is trusted for its compound, refused
// otherwise; no token is needed (the signature is the credential).
func (s *Server) upload(w http.ResponseWriter, r *http.Request) {
	l := lang(r)
	select {
	case s.uploads <- struct{}{}:
		defer func() { <-s.uploads }()
	case <-r.Context().Done():
		return
	}
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, report.MaxSize))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			s.fail(w, r, http.StatusRequestEntityTooLarge, &ledger.FieldError{Field: "body", ValueText: ledger.T("more than %d KiB", report.MaxSize>>10),
				Want: ledger.T("a report of at most %d KiB", report.MaxSize>>10), Err: report.ErrDamaged})
			return
		}
		s.fail(w, r, http.StatusBadRequest, err)
		return
	}
	outs, err := s.Store.Import(r.Context(), []hub.File{{Name: "upload", Raw: raw}}, s.Now())
	if err != nil {
		s.fail(w, r, http.StatusInternalServerError, err)
		return
	}
	o := outs[0]
	if s.Log != nil {
		s.Log(l, o)
	}
	ans := uploadAnswer{Outcome: o}
	code := http.StatusOK
	switch {
	case o.Err != nil:
		ans.Message = s.Words.Say(l, o.Err)
		code = http.StatusUnprocessableEntity
		if errors.Is(o.Err, report.ErrUnknown) || errors.Is(o.Err, report.ErrChangedKey) || errors.Is(o.Err, hub.ErrRevoked) {
			code = http.StatusForbidden
		}
	case o.Outcome == hub.Stored || o.Outcome == hub.Replaced:
		ans.Message = s.Words.T(l, "hubweb.upload."+o.Outcome, ledger.Printable(o.Compound), o.Date)
		code = http.StatusCreated
	default:
		ans.Message = s.Words.T(l, "hubweb.upload."+o.Outcome, ledger.Printable(o.Compound), o.Date)
	}
	writeJSON(w, code, ans)
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v) // the client went away
}

// fail answers an error in one line: as JSON to a script (the upload, the
// JSON status), as a small page to a browser.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, code int, err error) {
	s.answer(w, r, code, s.Words.Say(lang(r), err))
}

// answer answers a refusal worded already (msg).
func (s *Server) answer(w http.ResponseWriter, r *http.Request, code int, msg string) {
	l := lang(r)
	if r.Method == http.MethodPost || strings.HasSuffix(r.URL.Path, ".json") {
		writeJSON(w, code, struct {
			Outcome string `json:"outcome"`
			Message string `json:"message"`
		}{hub.Refused, msg})
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	_ = errorTemplate().Execute(w, errorPage{Lang: l, Title: s.Words.T(l, "hubweb.title"), Message: msg,
		Back: s.Words.T(l, "hubweb.back"), Home: "/?" + url.Values{"lang": {l}}.Encode()})
}

// Serve serves h on srv until ctx ends, then lets the requests under way
// finish (up to 5 seconds).
func Serve(ctx context.Context, srv *http.Server, serve func() error) error {
	done := make(chan error, 1)
	go func() { done <- serve() }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	stop, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(stop); err != nil {
		return err
	}
	if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
