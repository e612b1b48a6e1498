package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/user"
	"time"

	"golang.org/x/term"

	"vol/ledger"
)

// IO is where a command reads and writes; tests swap in buffers.
type IO struct {
	In       io.Reader
	Out, Err io.Writer
	Getenv   func(string) string
	// Terminal reports whether stdin and stdout are a terminal (confirmations).
	Terminal bool
	// ErrTerminal reports whether stderr is a terminal (progress bars).
	ErrTerminal bool
	// ReadPassword reads a passphrase typed on the terminal, without echo;
	// nil when stdin is not a terminal. Tests put in their own.
	ReadPassword func(ctx context.Context) ([]byte, error)
	// ProgressAfter is how long a command works before it shows progress
	// on a terminal's stderr (a second; 0 shows it at once, for tests).
	ProgressAfter time.Duration
}

func systemIO() IO {
	io := IO{In: os.Stdin, Out: os.Stdout, Err: os.Stderr, Getenv: os.Getenv, Terminal: isTerminal(os.Stdin) && isTerminal(os.Stdout),
		ErrTerminal: isTerminal(os.Stderr), ProgressAfter: time.Second}
	if fd := int(os.Stdin.Fd()); term.IsTerminal(fd) {
		io.ReadPassword = func(ctx context.Context) ([]byte, error) { return terminalPassword(ctx, fd) }
	}
	return io
}

func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// App carries what every command needs: IO, the clock, and the global flags.
type App struct {
	IO
	Now func() time.Time

	DBPath string // --db
	Lang   string // --lang
	// langs are the languages vol bulletin --lang zh,en prints, in order.
	langs []string
	As    string // --as
	On    string // --on
	msgs  catalogue
	// fallbackLang is the language when --lang and the locale say none
	// (lang.go), read once.
	fallbackLang string
	// loc is the compound's time zone, read once (zone.go).
	loc *time.Location
	// prog is the progress on stderr now, if any (progress.go).
	prog *progress
}

func newApp(io IO) *App {
	a := &App{IO: io}
	a.Now = func() time.Time { return time.Now() }
	if v := io.Getenv("VOL_NOW"); v != "" {
		if t, err := parseNow(v); err == nil {
			a.Now = func() time.Time { return t }
		}
	}
	return a
}

// parseNow reads VOL_NOW: RFC 3339 or YYYY-MM-DD (midnight UTC).
func parseNow(v string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, nil
	}
	return time.Parse("2006-01-02", v)
}

// path is the ledger file: --db, else $VOL_DB, else the default.
func (a *App) path() (string, error) {
	if a.DBPath != "" {
		return a.DBPath, nil
	}
	if p := a.Getenv("VOL_DB"); p != "" {
		return p, nil
	}
	return ledger.DefaultPath(a.Getenv)
}

func (a *App) options() ledger.Options { return ledger.Options{Seed: a.Getenv("VOL_SEED")} }

// open opens the existing ledger; it never creates one.
func (a *App) open(ctx context.Context) (*ledger.DB, error) {
	p, err := a.path()
	if err != nil {
		return nil, err
	}
	db, err := ledger.Open(ctx, p, a.options())
	if err != nil {
		return nil, err
	}
	// What a killed command left beside the ledger (a backup's plain copy,
	// a workbook's scratch folder) goes now; a fresh one may be another
	// command's, still at work.
	ledger.SweepTemps(p, a.Now().Add(-ledger.StaleTemp), false)
	return db, nil
}

// tempDir makes a private folder (0700) beside the ledger for a library's
// temporary files, never in the system's temporary folder (ledger.TempDir).
func (a *App) tempDir() (string, func(), error) {
	p, err := a.path()
	if err != nil {
		return "", nil, err
	}
	return ledger.TempDir(p)
}

// meta says who is making a change, when, with which command.
func (a *App) meta(command string) ledger.Meta {
	who := a.As
	if who == "" {
		who = osUser(a.Getenv)
	}
	return ledger.Meta{Who: who, Command: command, At: a.Now()}
}

// osUser is $USER (or %USERNAME% on Windows), else the account's name.
func osUser(getenv func(string) string) string {
	for _, k := range []string{"USER", "USERNAME"} {
		if v := getenv(k); v != "" {
			return v
		}
	}
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return "unknown"
}

// date is the day figures are computed for: --on, else today.
func (a *App) date() (time.Time, error) {
	if a.On == "" {
		n := a.Now().In(a.zone()) // today is the compound's day
		return time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.UTC), nil
	}
	t, err := time.Parse("2006-01-02", a.On)
	if err != nil {
		return time.Time{}, usageErr(errors.New(a.T("cli.on", a.On)))
	}
	return t, nil
}

// info writes a message for people to stderr.
func (a *App) info(format string, args ...any) {
	msg := ledger.PrintableText(fmt.Sprintf(format, args...))
	if a.prog != nil {
		a.prog.say(msg) // above the progress line
		return
	}
	fmt.Fprintln(a.Err, msg)
}

// confirm asks on a terminal; off a terminal it refuses unless yes is set.
func (a *App) confirm(yes bool, question string) error {
	if yes {
		return nil
	}
	if !a.Terminal {
		return usageErr(errors.New(a.T("cli.colon", question, a.T("confirm.noterm"))))
	}
	a.prog.end() // no spinner over a question
	fmt.Fprintf(a.Err, "%s %s ", question, a.T("cli.confirm.prompt"))
	var ans string
	if _, err := fmt.Fscanln(a.In, &ans); err != nil {
		ans = "" // no answer (end of input) is no
	}
	if yes, ok := parseYesNo(ans); ok && yes {
		return nil
	}
	return errors.New(a.T("confirm.no"))
}
