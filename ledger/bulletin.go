package ledger

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

var tBulletinNotes = mustTable("bulletin_notes")

// SettingContact is the contact line the bulletin ends with.
const SettingContact = "bulletin_contact"

// MaxDayNote bounds the day's note, in characters.
const MaxDayNote = 500

// BulletinNote returns the day's note in a language ("" when none).
func (v View) BulletinNote(ctx context.Context, day, lang string) (string, error) {
	var s string
	err := v.q.QueryRowContext(ctx, `SELECT text FROM bulletin_notes WHERE id = ?`, day+"/"+lang).Scan(&s)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return s, classify(err)
}

// SetBulletinNote records the day's note in a language; "" removes it.
func (tx *Tx) SetBulletinNote(day, lang, text string) error {
	if _, err := time.Parse("2006-01-02", day); err != nil {
		return invalid("--as-of", day, T("a day, YYYY-MM-DD"))
	}
	if lang != "zh" && lang != "en" {
		return invalid("--lang", lang, verbatim("zh, en"))
	}
	text = NormalizeText(text)
	if len([]rune(text)) > MaxDayNote {
		return invalid("TEXT", "", T("a note of at most %d characters", MaxDayNote))
	}
	if err := CheckNote("TEXT", text); err != nil {
		return err
	}
	id := day + "/" + lang
	_, err := readRow(tx.ctx, cached{tx}, tBulletinNotes, id)
	switch {
	case errors.Is(err, ErrNotFound) && text == "":
		return nil
	case errors.Is(err, ErrNotFound):
		return tx.insert(tBulletinNotes, id, map[string]any{"text": text})
	case err != nil:
		return err
	case text == "":
		return tx.delete(tBulletinNotes, id)
	}
	return tx.update(tBulletinNotes, id, map[string]any{"text": text})
}
