package ledger

import (
	"fmt"
	"strings"
)

// Messages follow the gettext model: the English format string is the
// message ID. The ledger says what it has to say in English, as a format
// with its arguments kept apart, and cmd/vol renders it in the user's
// language by looking the format up in its catalogue and formatting the
// translation with the arguments, each argument that is itself a message
// (an error, a Text, a FieldKey) rendered the same way. Error() and
// String() give the English.

// Text is a message to show a person: an English format and its arguments.
type Text struct {
	Format string
	Args   []any
}

// T returns the message format with args. The format must be a literal:
// it is the message's ID in the translations (a test checks every one).
func T(format string, args ...any) Text { return Text{Format: format, Args: args} }

// Message returns the format and its arguments, for a translator.
func (t Text) Message() (format string, args []any) { return t.Format, t.Args }

// IsZero reports whether t holds no message.
func (t Text) IsZero() bool { return t.Format == "" }

// String renders t in English.
func (t Text) String() string {
	if len(t.Args) == 0 {
		return t.Format
	}
	return fmt.Sprintf(strings.ReplaceAll(t.Format, "%w", "%v"), t.Args...)
}

// Errorf is fmt.Errorf whose message a translator can render: Error()
// gives the English, the %w arguments are wrapped as fmt.Errorf wraps them
// (errors.Is and errors.As see them), and Message returns the format and
// arguments. The format must be a literal, as for T.
func Errorf(format string, args ...any) error {
	return &textError{text: Text{Format: format, Args: args}, err: fmt.Errorf(format, args...)}
}

type textError struct {
	text Text
	err  error // fmt.Errorf's: its text and what it wraps
}

func (e *textError) Error() string                        { return e.err.Error() }
func (e *textError) Message() (format string, args []any) { return e.text.Message() }

// Unwrap returns the errors the format wraps with %w (none, one or more).
func (e *textError) Unwrap() []error {
	switch u := e.err.(type) {
	case interface{ Unwrap() error }:
		return []error{u.Unwrap()}
	case interface{ Unwrap() []error }:
		return u.Unwrap()
	}
	return nil
}

// verbatim is a message shown as it is in every language (a list of the
// words a field takes, such as 男/女/M/F).
func verbatim(s string) Text { return Text{Format: "%s", Args: []any{s}} }

// FieldKey is the name of a field (phone, birth, household …) or of a
// flag (--keep) as an argument of a message: a stable key that the
// translator turns into the word of the user's language (flags and
// placeholders such as FILE stay as typed).
type FieldKey string

func (f FieldKey) String() string { return string(f) }
