package poster

import (
	"bytes"
	"io"
	"os"
	"path/filepath"

	"vol/ledger"
	"vol/ledger/atomicfile"
)

// ErrFontFile: the output would be written over the font it is drawn with.
var ErrFontFile = ledger.Errorf("the font file the picture is drawn with")

// WritePNG draws b with f (see PNG) into the file at path, whole or not at
// all, readable by its owner only (ledger/atomicfile). The picture is made
// before the file is touched, so an error leaves whatever was at path as
// it was. field names the flag for the errors (--png). A path in a folder
// that does not exist, or naming a folder or a device, is refused with a
// *ledger.FieldError.
//
// The command must refuse the ledger's own files first (ledger.DB's
// CheckOutput); WritePNG refuses f's file itself, with a *ledger.FieldError
// wrapping ErrFontFile. Its other errors are b.Check's and the file
// system's (a missing folder, a full disk), after field.
func WritePNG(field, path string, b Bulletin, f *Font) error {
	if SameFile(path, f.Path()) {
		return &ledger.FieldError{Field: field, Value: path, Err: ErrFontFile, Want: ledger.T("a new file for the picture")}
	}
	var buf bytes.Buffer
	if err := PNG(&buf, b, f); err != nil {
		return err
	}
	return writeFile(field, path, buf.Bytes())
}

// WriteHTML writes b as a page (see HTML) into the file at path, as
// WritePNG writes the picture. field names the flag (--html). The command
// must refuse the ledger's own files first (ledger.DB's CheckOutput), and
// the picture's path: SameFile tells.
func WriteHTML(field, path string, b Bulletin) error {
	var buf bytes.Buffer
	if err := HTML(&buf, b); err != nil {
		return err
	}
	return writeFile(field, path, buf.Bytes())
}

// wantOutput is what --png and --html accept.
var wantOutput = ledger.T("a file in an existing folder")

func writeFile(field, path string, data []byte) error {
	if st, err := os.Stat(filepath.Dir(path)); err != nil || !st.IsDir() {
		return &ledger.FieldError{Field: field, Value: path, Want: wantOutput,
			Err: ledger.Errorf("the folder %s does not exist", filepath.Dir(path))}
	}
	if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() {
		return &ledger.FieldError{Field: field, Value: path, Want: wantOutput, Err: ledger.Errorf("not a file (a folder or a device)")}
	}
	err := atomicfile.Write(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	}, nil)
	if err != nil {
		return ledger.Errorf("%s: %w", ledger.FieldKey(field), err)
	}
	return nil
}

// SameFile reports whether the paths a and b name one file: the same
// path once cleaned, or one existing file (through links and, where names
// ignore case, case). The command refuses --png and --html naming the
// same file.
func SameFile(a, b string) bool {
	if a == "" || b == "" {
		return false
	}
	if aa, err := filepath.Abs(a); err == nil {
		if ab, err := filepath.Abs(b); err == nil && aa == ab {
			return true
		}
	}
	sa, err := os.Stat(a)
	if err != nil {
		return false
	}
	sb, err := os.Stat(b)
	return err == nil && os.SameFile(sa, sb)
}
