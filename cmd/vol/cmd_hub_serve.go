package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"vol/cmd/internal/hub"
	"vol/cmd/internal/hubweb"
	"vol/ledger"
)

// vol hub serve: the district's view in the browser, and uploads of
// report files by POST (cmd/internal/hubweb).

type hubServeOptions struct {
	Addr, TokenFile string
}

func newHubServeCmd(a *App, o *hubOptions) *cobra.Command {
	opts := hubServeOptions{}
	c := &cobra.Command{
		Use:   "serve [--addr HOST:PORT] [--token-file FILE]",
		Short: "Serve the district's view in the browser, and take reports uploaded by POST",
		Long: `Serve the hub's district view, read-only: the day's figures of every compound
with the totals, who has not reported, the needs and a figure's trend, in
Chinese and English. Open the address it prints; Ctrl+C stops it.
On 127.0.0.1 (the default) only this computer can open it. On any other
address the pages need the token in --token-file (made when the file is
missing): give the office the link the command prints.
A compound's laptop can send its report when there is a network:
  curl --data-binary @report.json http://HOST:PORT/reports
The report's signature by a key the hub trusts is its credential.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error { return hubServeRun(cmd.Context(), a, o, opts) },
	}
	c.Flags().StringVar(&opts.Addr, "addr", "127.0.0.1:8080", "the address to serve on, HOST:PORT")
	c.Flags().StringVar(&opts.TokenFile, "token-file", "", "the file holding the pages' token (made when missing); needed off loopback")
	return c
}

// loopbackAddr reports whether addr (HOST:PORT) serves this computer
// only; an address that is not HOST:PORT is refused.
func (a *App) loopbackAddr(addr string) (bool, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil || port == "" {
		return false, usageErr(&ledger.FieldError{Field: "--addr", Value: addr, Accepted: a.T("hubweb.want.addr"), Err: ledger.ErrInvalid})
	}
	if host == "localhost" {
		return true, nil
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback(), nil
}

// tokenLimit bounds a token file.
const tokenLimit = 4 << 10

// serveToken reads the token of --token-file, or makes one (random, 0600)
// when the file is missing; made reports whether it was.
func (a *App) serveToken(path string) (token string, made bool, err error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		b := make([]byte, 24)
		if _, err := rand.Read(b); err != nil {
			return "", false, err
		}
		token = base64.RawURLEncoding.EncodeToString(b)
		nf, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return "", false, err
		}
		if _, err := nf.WriteString(token + "\n"); err != nil {
			nf.Close()
			return "", false, err
		}
		return token, true, nf.Close()
	}
	if err != nil {
		return "", false, err
	}
	defer f.Close()
	raw, err := io.ReadAll(io.LimitReader(f, tokenLimit+1))
	if err != nil {
		return "", false, err
	}
	token = strings.TrimSpace(string(raw))
	ok := len(raw) <= tokenLimit && len(token) >= 16
	for _, r := range token {
		ok = ok && r > ' ' && r < 0x7f
	}
	if !ok {
		return "", false, usageErr(&ledger.FieldError{Field: "--token-file", Value: path, Accepted: a.T("hubweb.want.token"), Err: ledger.ErrInvalid})
	}
	return token, false, nil
}

// webWords are the catalogue for the server's requests, each in its own
// language: safe from many requests at once (a.T and a.say read only,
// once the app's language is settled).
type webWords struct{ a *App }

func (w webWords) T(lang, key string, args ...any) string {
	return w.in(lang).T(key, args...)
}

func (w webWords) Say(lang string, err error) string { return w.in(lang).say(err) }

// in is an app speaking lang, for one message.
func (w webWords) in(lang string) *App {
	return &App{IO: w.a.IO, Now: w.a.Now, Lang: lang, fallbackLang: lang, loc: w.a.loc}
}

func hubServeRun(ctx context.Context, a *App, o *hubOptions, opts hubServeOptions) error {
	loopback, err := a.loopbackAddr(opts.Addr)
	if err != nil {
		return err
	}
	if !loopback && opts.TokenFile == "" {
		return usageErr(&ledger.FieldError{Field: "--token-file", Value: opts.Addr, Accepted: a.T("hubweb.want.tokenfile"), Err: ledger.ErrInvalid})
	}
	token := ""
	if opts.TokenFile != "" {
		var made bool
		if token, made, err = a.serveToken(opts.TokenFile); err != nil {
			return err
		}
		if made {
			a.info("%s", a.T("hubweb.token.made", opts.TokenFile))
		}
	}
	s, err := a.openHub(ctx, o)
	if err != nil {
		return err
	}
	defer s.Close()
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		return &ledger.FieldError{Field: "--addr", Value: opts.Addr, Accepted: a.T("hubweb.want.free"), Err: err}
	}
	a.lang() // settled now: the requests' goroutines read it
	var logMu sync.Mutex
	web := &hubweb.Server{Store: s, Words: webWords{a}, Token: token, Loopback: loopback, Now: a.Now,
		Log: func(_ string, x hub.Outcome) {
			logMu.Lock()
			defer logMu.Unlock()
			if x.Err != nil {
				fmt.Fprintln(a.Err, a.T("hub.import.refused", a.T("hubweb.upload"), a.say(x.Err)))
				return
			}
			fmt.Fprintln(a.Err, ledger.PrintableText(a.outcomeLine(a.T("hubweb.upload"), x)))
		}}
	srv := &http.Server{
		Handler:           web.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          log.New(io.Discard, "", 0), // a client's broken connection is not the office's business
	}
	url := "http://" + ln.Addr().String() + "/"
	if token != "" {
		fmt.Fprintln(a.Out, a.T("hubweb.serving.token", url, url+"?token="+token))
	} else {
		fmt.Fprintln(a.Out, a.T("hubweb.serving", url))
	}
	return hubweb.Serve(ctx, srv, func() error { return srv.Serve(ln) })
}
