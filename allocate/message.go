package allocate

import (
	"fmt"
	"strings"
)

// Messages follow the gettext model, as the ledger's do (ledger.Text):
// the English format string is the message ID, and a translator renders
// it in the user's language from Message(). allocate imports nothing of
// ours, so it has its own copy of the few lines this takes.

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

// Errorf is fmt.Errorf whose message a translator can render (Message);
// the %w arguments are wrapped as fmt.Errorf wraps them.
func Errorf(format string, args ...any) error {
	return &textError{text: Text{Format: format, Args: args}, err: fmt.Errorf(format, args...)}
}

type textError struct {
	text Text
	err  error
}

func (e *textError) Error() string                        { return e.err.Error() }
func (e *textError) Message() (format string, args []any) { return e.text.Message() }

// Unwrap returns the errors the format wraps with %w.
func (e *textError) Unwrap() []error {
	switch u := e.err.(type) {
	case interface{ Unwrap() error }:
		return []error{u.Unwrap()}
	case interface{ Unwrap() []error }:
		return u.Unwrap()
	}
	return nil
}
