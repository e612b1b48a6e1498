package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"vol/ledger"
)

// Exit codes, documented in `vol help exit-codes`.
const (
	exitOK          = 0
	exitFailure     = 1
	exitUsage       = 2
	exitCheckFailed = 3
	exitInterrupted = 130
)

// usageError marks wrong usage of a command (exit 2, with a Try: line).
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func usageErr(err error) error { return &usageError{err} }

// errCheckFailed is returned by vol check when it found problems (exit 3).
var errCheckFailed = errors.New("the ledger failed its check")

// errQuiet is an error already reported to the user.
type quietError struct{ code int }

func (e *quietError) Error() string { return fmt.Sprintf("exit %d", e.code) }

// exitCode maps an error to the process's exit code and prints it on stderr
// in one line: vol: <what> (<value>): <what is accepted>.
func exitCode(err error, cmdPath string, a *App, stderr io.Writer) int {
	if err == nil {
		return exitOK
	}
	var q *quietError
	if errors.As(err, &q) {
		return q.code
	}
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(stderr, "vol: "+a.T("cli.interrupted"))
		return exitInterrupted
	}
	fmt.Fprintf(stderr, "vol: %s\n", ledger.PrintableText(a.explain(err)))
	var u *usageError
	switch {
	case errors.As(err, &u):
		fmt.Fprintln(stderr, a.T("cli.try", strings.TrimSpace(cmdPath)))
		return exitUsage
	case errors.Is(err, errCheckFailed):
		return exitCheckFailed
	}
	return exitFailure
}

// explain renders an error for people, adding how to go on where vol knows.
func (a *App) explain(err error) string {
	// say renders the ledger's messages (and Go's errors) in the app's
	// language; see i18n_ledger.go.
	msg := a.say(err)
	switch {
	case errors.Is(err, ledger.ErrNoLedger):
		msg += a.T("hint.sep") + a.T("hint.init")
	case errors.Is(err, ledger.ErrNotLedger):
		msg += a.T("hint.sep") + a.T("hint.notledger")
	case errors.Is(err, ledger.ErrBusy):
		msg = a.T("err.busy")
	}
	if errors.Is(err, ledger.ErrNotLedger) || errors.Is(err, errCheckFailed) || errors.Is(err, ledger.ErrCorrupt) {
		if p, perr := a.path(); perr == nil {
			if b := ledger.NewestBackup(p); b != "" {
				msg += a.T("hint.sep") + a.T("hint.backup", b)
			}
		}
	}
	return msg
}
