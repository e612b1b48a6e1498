package ledger

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"strings"
)

var tErasures = mustTable("erasures")

// Erase removes a person's personal data: their register row, their values
// and their key (so the keyed hashes in the journal can no longer be tested
// against guesses), and values recorded under the same name as who made a
// change. It records that an erasure happened, when and why, not what. Every
// journal chain still verifies: entries only ever held references.
// Call DB.Compact afterwards so the values leave the file and its WAL.
//
// With tombstone, the erasure leaves a keyed hash of what identified the
// person (household, name, birth: see Tombstoned), so a later sheet that
// still lists them does not add them again unnoticed; the hash is a
// pseudonym, testable by someone who holds the ledger and guesses the name.
func (tx *Tx) Erase(personID, why string, tombstone bool) error {
	if strings.TrimSpace(why) == "" {
		return invalid("why", "", T("a reason (--why TEXT)"))
	}
	p, err := tx.person(personID)
	if err != nil {
		return err
	}
	if tombstone {
		// The salt is stored beside the hash, no secret: like an ID it comes
		// from the ID source (reproducible under VOL_SEED in tests).
		var b [16]byte
		tx.ids.read(b[:])
		salt := hex.EncodeToString(b[:])
		if err := tx.insert(tTombstones, tx.NewID(), map[string]any{"household_id": nullable(p.HouseholdID), "salt": salt,
			"mac": tombstoneMac(salt, p.HouseholdID, p.Name, p.Birth)}); err != nil {
			return err
		}
	}
	return tx.eraseSubject(personID, why)
}

var tTombstones = mustTable("tombstones")

// tombstoneMac is the keyed hash of an erased person's identity.
func tombstoneMac(salt, household, name, birth string) string {
	m := hmac.New(sha256.New, []byte(salt))
	m.Write([]byte(household + "\x00" + name + "\x00" + birth))
	return hex.EncodeToString(m.Sum(nil))
}

// Tombstoned reports whether a person of this household, name and birth
// was erased with a tombstone.
func (v View) Tombstoned(ctx context.Context, household, name, birth string) (bool, error) {
	rows, err := v.q.QueryContext(ctx, `SELECT salt, mac FROM tombstones WHERE household_id IS ?`, nullable(household))
	if err != nil {
		return false, classify(err)
	}
	defer rows.Close()
	for rows.Next() {
		var salt, mac string
		if err := rows.Scan(&salt, &mac); err != nil {
			return false, classify(err)
		}
		if hmac.Equal([]byte(mac), []byte(tombstoneMac(salt, household, name, birth))) {
			return true, nil
		}
	}
	return false, classify(rows.Err())
}

// eraseSubject erases whatever the ledger holds of a person: the row when
// it is still listed, its values, its key. Restore uses it to apply again an
// erasure the restored backup predates.
func (tx *Tx) eraseSubject(personID, why string) error {
	p, err := tx.erasing(personID)
	if err != nil {
		return err
	}
	name, household := p.name, p.household
	if _, err := readRow(tx.ctx, cached{tx}, tMarks, personID); err == nil {
		if err := tx.delete(tMarks, personID); err != nil {
			return err
		}
	}
	if _, err := readRow(tx.ctx, cached{tx}, tPeople, personID); err == nil {
		if err := tx.delete(tPeople, personID); err != nil {
			return err
		}
	}
	// Their served shifts go with them, before the erasure is recorded (the
	// replay drops any left at the erasure).
	if err := tx.forgetServed(personID); err != nil {
		return err
	}
	// The reason stays (who, when and why an erasure was made is kept), under
	// a key of its own so that it is a personal value like any other.
	ref, err := tx.personal("why:"+tx.NewID(), why)
	if err != nil {
		return err
	}
	if err := tx.insert(tErasures, personID, map[string]any{"why": "", "why_ref": ref, "at": tx.at.UTC().Format("2006-01-02T15:04:05Z")}); err != nil {
		return err
	}
	subjects, err := tx.subjectsOf(personID, name, household)
	if err != nil {
		return err
	}
	// The entry lists what it forgets (subjects are IDs, never values), so
	// every copy forgets the same, and no older file brings any of it back.
	for _, s := range subjects {
		if _, err := readRow(tx.ctx, cached{tx}, tErasedSubjects, s); err == nil {
			continue
		} else if !errors.Is(err, ErrNotFound) {
			return err
		}
		if err := tx.insert(tErasedSubjects, s, map[string]any{"erasure": personID}); err != nil {
			return err
		}
	}
	if err := tx.forgetSubjects(subjects); err != nil {
		return err
	}
	// Their disagreements go with them (the replay drops them alike).
	if _, err := tx.exec(`DELETE FROM conflicts WHERE row_id = ? OR kept = ? OR other = ?`, personID, personID, personID); err != nil {
		return err
	}
	// The same person entered on another copy and merged into this one
	// (vol sync) is the same human: erased too.
	aliases, err := queryStrings(tx.ctx, tx.tx, `SELECT id FROM person_merges WHERE into_id = ? ORDER BY id`, personID)
	if err != nil {
		return err
	}
	for _, id := range aliases {
		if !tx.isErased(id) {
			if err := tx.eraseSubject(id, why); err != nil {
				return err
			}
		}
	}
	return nil
}

// erasing reads what forgetting a person needs before their row goes: their
// name (for "who" values under it) and household (for pairing notes); both
// "" when the row is already gone.
func (tx *Tx) erasing(personID string) (erasedPerson, error) {
	p := erasedPerson{id: personID}
	err := tx.tx.QueryRowContext(tx.ctx, `SELECT coalesce(v.value, ''), coalesce(p.household_id, '') FROM people p
		LEFT JOIN pvalues v ON v.ref = p.name_ref WHERE p.id = ?`, personID).Scan(&p.name, &p.household)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return p, classify(err)
	}
	return p, nil
}

// forgetPerson deletes the personal values and keys of a person (found by
// ID, name and household): theirs, "who" values that are their name, the
// drug requests naming them and the visit notes of pairings they were in.
// The subjects are remembered as gone, so no sync file brings them back.
func (tx *Tx) forgetPerson(personID, name, household string) error {
	subjects, err := tx.subjectsOf(personID, name, household)
	if err != nil {
		return err
	}
	return tx.forgetSubjects(subjects)
}

// subjectsOf lists the subjects forgetPerson forgets, in order, each once.
func (tx *Tx) subjectsOf(personID, name, household string) ([]string, error) {
	subjects := []string{personID}
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`SELECT DISTINCT subject FROM pvalues WHERE subject LIKE 'actor:%' AND value = ?`, []any{name}},
		{`SELECT 'med:' || id FROM med_requests WHERE person_id = ?`, []any{personID}},
		{`SELECT 'pairing:' || id FROM pairings WHERE volunteer = ? OR elder_household = ?`, []any{personID, household}},
		{`SELECT v.subject FROM pairings p JOIN pvalues v ON v.ref = p.end_why_ref
			WHERE p.volunteer = ? OR p.elder_household = ?`, []any{personID, household}},
		{`SELECT 'contact:' || c.id FROM pair_contacts c JOIN pairings p ON p.id = c.pairing_id
			WHERE p.volunteer = ? OR p.elder_household = ?`, []any{personID, household}},
	} {
		found, err := queryStrings(tx.ctx, tx.tx, q.sql, q.args...)
		if err != nil {
			return nil, err
		}
		subjects = append(subjects, found...)
	}
	seen := map[string]bool{}
	out := subjects[:0]
	for _, s := range subjects {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out, nil
}

// forgetSubjects deletes the values and keys of subjects and records them
// in gone_subjects.
func (tx *Tx) forgetSubjects(subjects []string) error {
	for _, s := range subjects {
		// The copies of the births among these values go with them
		// (people.birth), whoever's row names them: a person merge gives
		// one person's birth reference to another. A scan of people, where
		// the erasure's VACUUM rewrites the whole file anyway.
		for _, q := range []string{`UPDATE people SET birth = NULL WHERE birth IS NOT NULL AND birth_ref IN (SELECT ref FROM pvalues WHERE subject = ?)`,
			`DELETE FROM pvalues WHERE subject = ?`, `DELETE FROM pkeys WHERE subject = ?`,
			`INSERT OR IGNORE INTO gone_subjects (subject) VALUES (?)`} {
			res, err := tx.exec(q, s)
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err == nil && q[0] == 'D' {
				tx.forgot += n
			}
		}
	}
	if len(subjects) > 0 {
		return tx.scrubPending(subjects)
	}
	return nil
}

// isErased reports whether a row ID belongs to an erased person.
func (tx *Tx) isErased(id string) bool {
	_, err := readRow(tx.ctx, cached{tx}, tErasures, id)
	return err == nil
}

// Compact checkpoints the WAL into the file and truncates it, then rebuilds
// the file with VACUUM, with secure_delete on: afterwards deleted values
// appear nowhere in the file or its WAL.
//
// While another process has the ledger open, the checkpoint cannot finish
// and the old bytes stay in the WAL: Compact then returns ErrStillOpen, and
// the caller tells the user to close the other vol and run vol compact.
func (db *DB) Compact(ctx context.Context) error {
	for _, q := range []string{"PRAGMA secure_delete = ON", "PRAGMA wal_checkpoint(TRUNCATE)", "VACUUM", "PRAGMA wal_checkpoint(TRUNCATE)"} {
		if strings.HasPrefix(q, "PRAGMA wal_checkpoint") {
			var busy, logFrames, done int
			if err := db.sql.QueryRowContext(ctx, q).Scan(&busy, &logFrames, &done); err != nil {
				return Errorf("compacting the ledger: %w", classify(err))
			}
			if busy != 0 {
				return ErrStillOpen
			}
			continue
		}
		if _, err := db.sql.ExecContext(ctx, q); err != nil {
			if errors.Is(classify(err), ErrBusy) {
				return ErrStillOpen
			}
			return Errorf("compacting the ledger: %w", classify(err))
		}
	}
	return nil
}

// ErrStillOpen: another process holds the ledger, so erased values stay in
// the file's free space or WAL until it is rebuilt.
var ErrStillOpen = Errorf("another vol has the ledger open, so the erased values stay in the file's unused space until it is rebuilt: close it and run vol compact")

// ErrErased: the row belonged to a person whose data was erased.
var ErrErased = Errorf("the person's data was erased")
