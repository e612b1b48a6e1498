package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"vol/ledger"
)

// saidError is an error already worded for people: Error is the text,
// Unwrap the error it stands for (a sentinel, a misuse, an os error), so
// errors.Is and errors.As still find what decides the exit code.
type saidError struct {
	msg string
	err error
}

func (e *saidError) Error() string { return e.msg }
func (e *saidError) Unwrap() error { return e.err }

// said is err worded as msg.
func said(msg string, err error) error { return &saidError{msg: msg, err: err} }

// tooLongError is a file longer than vol reads of its kind (readBounded).
type tooLongError struct{ limit int64 }

func (e *tooLongError) Error() string     { return fmt.Sprintf("longer than %d bytes", e.limit) }
func (e *tooLongError) Is(err error) bool { return err == ledger.ErrInvalid }

// fileErr words what went wrong reading a file the user named (with flag,
// or as an argument when flag is ""): missing, not readable, a folder, too
// long. Other errors come back as they are.
func (a *App) fileErr(flag, path string, err error) error {
	var key string
	var long *tooLongError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &long):
		return said(a.fileWords(flag, path, a.T("cli.file.long", sizeWords(long.limit))), err)
	case errors.Is(err, fs.ErrNotExist):
		key = "cli.file.missing"
	case errors.Is(err, fs.ErrPermission):
		key = "cli.file.denied"
	default:
		if st, serr := os.Stat(path); serr == nil && st.IsDir() {
			key = "cli.file.folder"
		} else {
			return err
		}
	}
	return said(a.fileWords(flag, path, a.T(key)), err)
}

func (a *App) fileWords(flag, path, what string) string {
	if flag == "" {
		return a.T("cli.file", path, what)
	}
	return a.T("cli.file.flag", flag, path, what)
}

// sizeWords says a size in KB or MB.
func sizeWords(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d KB", max(1, n>>10))
}
