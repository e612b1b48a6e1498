package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/term"
)

// askPassphrase asks for a passphrase on the terminal, without echo (see
// App.passphrase); twice when it protects a new file (set), since a typo
// there would lock the file for good.
func (a *App) askPassphrase(ctx context.Context, set bool) (string, error) {
	prompt := a.T("pass.open")
	if set {
		prompt = a.T("pass.new")
	}
	p, err := a.readPassphrase(ctx, prompt)
	if err != nil {
		return "", err
	}
	if strings.TrimSpace(p) == "" {
		return "", errors.New(a.T("pass.empty"))
	}
	if set {
		again, err := a.readPassphrase(ctx, a.T("pass.again"))
		if err != nil {
			return "", err
		}
		if again != p {
			return "", errors.New(a.T("pass.mismatch"))
		}
	}
	return p, nil
}

// readPassphrase puts the prompt on stderr and reads one passphrase.
func (a *App) readPassphrase(ctx context.Context, prompt string) (string, error) {
	fmt.Fprint(a.Err, prompt+" ")
	b, err := a.ReadPassword(ctx)
	fmt.Fprintln(a.Err) // the Enter that ended it was not echoed either
	if ctx.Err() != nil {
		return "", ctx.Err()
	}
	if err != nil {
		return "", fmt.Errorf("%s: %w", a.T("pass.read"), err)
	}
	return strings.TrimRight(string(b), "\r\n"), nil
}

// terminalPassword reads a line from the terminal fd without echo. An
// interrupt (ctx cancelled) puts the terminal back as it was at once:
// vol catches Ctrl-C to stop cleanly, so term.ReadPassword alone would
// go on waiting for Enter, and exiting then would leave echo off.
func terminalPassword(ctx context.Context, fd int) ([]byte, error) {
	old, err := term.GetState(fd)
	if err != nil {
		return nil, err
	}
	type read struct {
		b   []byte
		err error
	}
	done := make(chan read, 1)
	go func() {
		b, err := term.ReadPassword(fd)
		done <- read{b, err}
	}()
	select {
	case r := <-done:
		return r.b, r.err
	case <-ctx.Done():
		_ = term.Restore(fd, old) // the process ends next; nothing else to do if this fails
		return nil, ctx.Err()
	}
}
