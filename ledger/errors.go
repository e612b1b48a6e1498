package ledger

import (
	"context"
	"errors"
	"fmt"
)

// Sentinel errors. Functions wrap them with the field, the value and what is
// accepted; callers test them with errors.Is.
var (
	// ErrNotFound: no household, person or entry matches.
	ErrNotFound = errors.New("not found")
	// ErrDuplicate: the household or person is already in the ledger.
	ErrDuplicate = errors.New("already in the ledger")
	// ErrAmbiguous: a prefix or name matches more than one row.
	ErrAmbiguous = errors.New("matches more than one")
	// ErrInvalid: a value is not accepted for its field.
	ErrInvalid = errors.New("invalid value")
	// ErrInUse: a row cannot be removed while others refer to it.
	ErrInUse = errors.New("still in use")
	// ErrNoLedger: the file does not exist; vol init creates one.
	ErrNoLedger = errors.New("no ledger file")
	// ErrNotLedger: the file exists but is not a vol ledger.
	ErrNotLedger = errors.New("not a vol ledger")
	// ErrTooNew: the file was written by a newer vol.
	ErrTooNew = errors.New("ledger written by a newer vol: upgrade vol")
	// ErrExists: vol init found a file already at the path.
	ErrExists = errors.New("file already exists")
	// ErrBusy: another vol holds the ledger past the busy timeout.
	ErrBusy = errors.New("ledger busy, try again")
	// ErrCorrupt: the file is damaged; vol check says where.
	ErrCorrupt = errors.New("the ledger file is damaged (vol check shows what is wrong); vol will not write to it")
	// ErrReadOnly: the ledger file cannot be written (permissions).
	ErrReadOnly = errors.New("the ledger file is read-only; check its permissions")
	// ErrIO: the disk refused a write (full, or failing); nothing was changed.
	ErrIO = errors.New("the disk refused to write the ledger (full or failing); nothing was changed")
	// ErrCannotUndo: the entry cannot be reversed as things stand.
	ErrCannotUndo = errors.New("cannot be undone")
)

// FieldError names the field and the value that were refused, and what is
// accepted. Value must already be masked when it is personal.
type FieldError struct {
	Field, Value, Accepted string
	Err                    error
}

func (e *FieldError) Error() string {
	s := e.Field
	if e.Value != "" {
		s += fmt.Sprintf(" (%s)", e.Value)
	}
	s += ": " + e.Err.Error()
	if e.Accepted != "" {
		s += "; accepted: " + e.Accepted
	}
	return s
}

func (e *FieldError) Unwrap() error { return e.Err }

func invalid(field, value, accepted string) error {
	return &FieldError{Field: field, Value: value, Accepted: accepted, Err: ErrInvalid}
}

// isFault reports whether err says the command could not do its work (the
// ledger busy, a failing disk, a read-only file, a cancelled command)
// rather than anything about what it was asked or what the file holds. The
// merge replay records an operation the register refuses as a conflict
// and goes on; a fault (or damage) stops it, since the register it went on
// to build would be wrong. vol check reports damage as a problem it found,
// and a fault as a check that could not run.
func isFault(err error) bool {
	return isAny(err, ErrBusy, ErrIO, ErrReadOnly, context.Canceled, context.DeadlineExceeded)
}

// isDamage reports whether err says the ledger file is damaged.
func isDamage(err error) bool { return isAny(err, ErrCorrupt, ErrNotLedger) }

func isAny(err error, targets ...error) bool {
	for _, t := range targets {
		if errors.Is(err, t) {
			return true
		}
	}
	return false
}
