package ledger

import (
	"context"
	"errors"
)

// Sentinel errors. Functions wrap them with the field, the value and what is
// accepted; callers test them with errors.Is.
var (
	// ErrNotFound: no household, person or entry matches.
	ErrNotFound = Errorf("not found")
	// ErrDuplicate: the household or person is already in the ledger.
	ErrDuplicate = Errorf("already in the ledger")
	// ErrAmbiguous: a prefix or name matches more than one row.
	ErrAmbiguous = Errorf("matches more than one")
	// ErrInvalid: a value is not accepted for its field.
	ErrInvalid = Errorf("invalid value")
	// ErrInUse: a row cannot be removed while others refer to it.
	ErrInUse = Errorf("still in use")
	// ErrNoLedger: the file does not exist; vol init creates one.
	ErrNoLedger = Errorf("no ledger file")
	// ErrNotLedger: the file exists but is not a vol ledger.
	ErrNotLedger = Errorf("not a vol ledger")
	// ErrTooNew: the file was written by a newer vol.
	ErrTooNew = Errorf("ledger written by a newer vol: upgrade vol")
	// ErrExists: vol init found a file already at the path.
	ErrExists = Errorf("file already exists")
	// ErrBusy: another vol holds the ledger past the busy timeout.
	ErrBusy = Errorf("ledger busy, try again")
	// ErrCorrupt: the file is damaged; vol check says where.
	ErrCorrupt = Errorf("the ledger file is damaged (vol check shows what is wrong); vol will not write to it")
	// ErrReadOnly: the ledger file cannot be written (permissions).
	ErrReadOnly = Errorf("the ledger file is read-only; check its permissions")
	// ErrIO: the disk refused a write (full, or failing); nothing was changed.
	ErrIO = Errorf("the disk refused to write the ledger (full or failing); nothing was changed")
	// ErrCannotUndo: the entry cannot be reversed as things stand.
	ErrCannotUndo = Errorf("cannot be undone")
)

// FieldError names the field and the value that were refused, and what is
// accepted. Value must already be masked when it is personal.
//
// Field is a stable key (phone, birth, household, --keep, FILE) that a
// translator turns into a word of the user's language. What is accepted
// is Want, a message to translate (the ledger's own errors), or Accepted,
// text already in the user's language (a command's); one of them or
// neither is set. ValueText stands for a value that cannot be shown as it
// is (too long, not text): "300 characters".
type FieldError struct {
	Field, Value string
	ValueText    Text
	Accepted     string
	Want         Text
	Err          error
}

func (e *FieldError) Error() string {
	s := e.Field
	if v := e.ShownValue(); v != "" {
		s += " (" + v + ")"
	}
	s += ": " + e.Err.Error()
	if a := e.AcceptedText(); a != "" {
		s += "; accepted: " + a
	}
	return s
}

// ShownValue is the refused value as shown in English: Value, else
// ValueText.
func (e *FieldError) ShownValue() string {
	if e.Value == "" && !e.ValueText.IsZero() {
		return e.ValueText.String()
	}
	return e.Value
}

// AcceptedText is what is accepted, in English when it is Want.
func (e *FieldError) AcceptedText() string {
	if e.Accepted == "" && !e.Want.IsZero() {
		return e.Want.String()
	}
	return e.Accepted
}

func (e *FieldError) Unwrap() error { return e.Err }

func invalid(field, value string, want Text) error {
	return &FieldError{Field: field, Value: value, Want: want, Err: ErrInvalid}
}

// invalidAbout is invalid for a value that cannot be shown: about says
// what it was ("300 characters").
func invalidAbout(field string, about, want Text) error {
	return &FieldError{Field: field, ValueText: about, Want: want, Err: ErrInvalid}
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
