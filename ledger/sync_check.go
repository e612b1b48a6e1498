package ledger

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Every entry that arrives in a sync file is checked like a local command
// (issue 14, "a file from outside never does what no command could do"):
// its fields within sane bounds, every operation on a known table and
// column with a value of the right kind, text that passes CheckName and
// CheckNote, and the operations only a given command writes (an erasure, a
// purge, a revocation) only in an entry of that command.

// Bounds on an entry's numbers. An honest Lamport clock is one more than the
// highest its device held: it never jumps by a million, and 2^53 is more
// than any ledger reaches in centuries (and stays exact in SQLite's
// arithmetic, which turns an integer past 2^63 into a float).
const (
	maxSeq      = 1 << 40
	maxLamport  = 1 << 53
	lamportJump = 1 << 20
	// aheadLimit: an entry dated further ahead of this laptop's clock waits
	// (pending) rather than being refused, so one laptop with a wrong clock
	// never splits the copies.
	aheadLimit = 24 * time.Hour
	// maxRulesBody is what a rule set may hold (as vol rules add reads it).
	maxRulesBody = 1 << 20
)

// ErrForged: an entry no honest copy writes (a number out of bounds, an
// operation no command makes, a signature that does not match).
var ErrForged = Errorf("refused: no copy of vol writes this (forged or damaged)")

// forged says what is wrong with an entry: format and args are a message
// (T's), so its format must be a literal.
func forged(e *Entry, format string, args ...any) error {
	return Errorf("entry %s of device %s: %s: %w", short(e.ID), short(e.Device), T(format, args...), ErrForged)
}

// isUUID reports whether s is a row, entry or device ID as vol makes them.
func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < 36; i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
				return false
			}
		}
	}
	return true
}

// rowName shows a row ID in a refusal: a UUID short, other keys (a
// setting, an address alias) as they are.
func rowName(id string) string {
	if isUUID(id) {
		return short(id)
	}
	return Printable(trimTo(id, 40))
}

func isHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil
}

// isSubject reports whether s names the owner of personal values: a person
// ID, or a prefix and an ID (actor:, med:, contact:, pairing:).
func isSubject(s string) bool {
	if p, id, ok := strings.Cut(s, ":"); ok {
		for _, r := range p {
			if r < 'a' || r > 'z' {
				return false
			}
		}
		return p != "" && len(p) <= 16 && isUUID(id)
	}
	return isUUID(s)
}

// checkShape checks an entry's own fields: the format, the hash, the IDs,
// the numbers within bounds, the date.
func checkShape(e *Entry) error {
	if e.Format > entryFormat {
		return newerError(T("entry %s has format %d, newer than this vol (%d): upgrade vol", short(e.ID), e.Format, entryFormat))
	}
	if e.computeHash() != e.Hash {
		return Errorf("entry %s: its hash does not match its contents: %w", short(e.ID), ErrNotSyncFile)
	}
	switch {
	case e.Format < 1:
		return forged(e, "format %d", e.Format)
	case !isUUID(e.ID) || !isUUID(e.Device):
		return forged(e, "an ID that is not one vol makes")
	case e.Seq < 1 || e.Seq > maxSeq:
		return forged(e, "sequence number %d (accepted: 1 to %d)", e.Seq, int64(maxSeq))
	case e.Lamport < 1 || e.Lamport > maxLamport:
		return forged(e, "Lamport clock %d (accepted: 1 to %d)", e.Lamport, int64(maxLamport))
	case e.Reverses != "" && !isUUID(e.Reverses), e.Batch != "" && !isUUID(e.Batch):
		return forged(e, "a reversed or batch entry ID that is not one vol makes")
	case e.Prev != "" && !isHex(e.Prev, 64), !isHex(e.Hash, 64):
		return forged(e, "a hash that is not SHA-256")
	case e.Sig != "" && !isHex(e.Sig, 128):
		return forged(e, "a signature that is not Ed25519")
	case e.WhoRef != "" && !isUUID(e.WhoRef), e.WhoMac != "" && !isHex(e.WhoMac, 32):
		return forged(e, "a reference to who made it that is not one vol makes")
	}
	if err := CheckName("command", e.Command); err != nil || len(e.Command) > 64 {
		return forged(e, "command %q", Printable(trimTo(e.Command, 64)))
	}
	at, err := time.Parse(time.RFC3339, e.At)
	if err != nil || at.UTC().Format(time.RFC3339) != e.At || at.Year() < 2000 {
		return forged(e, "time %q (accepted: RFC 3339 in UTC, from the year 2000)", Printable(trimTo(e.At, 40)))
	}
	return nil
}

func trimTo(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// entryTime is an entry's time (checked by checkShape).
func entryTime(e *Entry) time.Time {
	t, _ := time.Parse(time.RFC3339, e.At)
	return t
}

// checkOps decodes an entry's operations and checks each as the command
// that makes it would: known tables and columns, values of the right kind,
// text that CheckName or CheckNote accepts, and operations bound to one
// command only in an entry of that command.
func checkOps(e *Entry) ([]Op, error) {
	ops, err := e.Ops()
	if err != nil {
		return nil, forged(e, "operations that do not read (%v)", err)
	}
	if len(ops) > chunkOps {
		return nil, forged(e, "%d operations (accepted: at most %d)", len(ops), chunkOps)
	}
	for i := range ops {
		if err := checkOp(e, &ops[i]); err != nil {
			return nil, err
		}
	}
	return ops, nil
}

// onlyIn names the command that alone may write a table's rows.
var onlyIn = map[string]string{
	"erasures":      "erase",
	"med_purges":    "med purge",
	"person_merges": "sync import",
	"tombstones":    "erase",
}

// insertOnly tables are decisions never changed afterwards.
var insertOnly = map[string]bool{"device_trust": true, "erased_subjects": true, "erasures": true, "med_purges": true, "person_merges": true,
	"tombstones": true}

func checkOp(e *Entry, op *Op) error {
	t, ok := tableByName(op.Table)
	if !ok {
		return forged(e, "an operation on a table vol does not have (%q)", Printable(trimTo(op.Table, 40)))
	}
	switch op.Op {
	case "insert", "update", "delete":
	default:
		return forged(e, "operation %q", Printable(trimTo(op.Op, 20)))
	}
	if op.ID == "" || len(op.ID) > 200 || !utf8.ValidString(op.ID) || !badRune(op.ID).IsZero() {
		return forged(e, "a row ID of %s that is empty, too long or holds control characters", TableWord(t.name))
	}
	if insertOnly[t.name] && op.Op != "insert" {
		return forged(e, "a %s of %s (rows of that table are only ever added)", opWords[op.Op], TableWord(t.name))
	}
	if c, ok := onlyIn[t.name]; ok && e.Command != c {
		return forged(e, "rows of %s in an entry of %q (only vol %s writes them)", TableWord(t.name), Printable(e.Command), c)
	}
	for _, vals := range []map[string]any{op.Set, op.Old} {
		for k, v := range vals {
			if err := checkValue(t, k, v); err != nil {
				return forged(e, "%v", err)
			}
		}
	}
	switch op.Op {
	case "insert":
		if t.missing(op.Set) != "" {
			return forged(e, "a new row of %s that sets %d of its %d columns", TableWord(t.name), len(op.Set), len(t.cols))
		}
	case "update":
		if len(op.Set) == 0 {
			return forged(e, "a change of %s that sets nothing", TableWord(t.name))
		}
	}
	for _, pm := range op.PV {
		if !isUUID(pm.Ref) || !isHex(pm.Mac, 32) {
			return forged(e, "a personal value's reference or keyed hash that is not one vol makes")
		}
	}
	if err := checkColumns(e, t, op); err != nil {
		return forged(e, "%s row %s: %v", TableWord(t.name), rowName(op.ID), err)
	}
	if t == tServed {
		return checkServed(e, op)
	}
	return nil
}

// checkServed checks a served shift as vol shift done makes it: never
// changed once made (only added and taken back), its ID derived from its
// day, shift, post and person, its length that of a shift (1 to 24 hours).
func checkServed(e *Entry, op *Op) error {
	switch op.Op {
	case "update":
		return forged(e, "a change of %s (rows of that table are only ever added or taken back)", TableWord(tServed.name))
	case "insert":
		s := func(k string) string { v, _ := op.Set[k].(string); return v }
		if op.ID != servedID(s("on_date"), s("shift"), s("post_id"), s("person_id")) {
			return forged(e, "%s row %s: an ID that is not its day, shift, post and person", TableWord(tServed.name), rowName(op.ID))
		}
		if n, _ := op.Set["minutes"].(int64); n < 60 || n > 24*60 {
			return forged(e, "%s row %s: a shift of %d minutes (accepted: 60 to 1440)", TableWord(tServed.name), rowName(op.ID), n)
		}
	}
	return nil
}

// idCols are the columns that hold a row's ID (NULL or "" where allowed).
var idCols = map[string]bool{"household_id": true, "round_id": true, "by_person": true, "elder_household": true,
	"volunteer": true, "pairing_id": true, "person_id": true, "run_id": true, "request_id": true, "into_id": true,
	"buy_id": true, "item_id": true, "lead_id": true, "post_id": true}

// checkColumns checks the values of an insert or update the way the
// command that writes them does.
func checkColumns(e *Entry, t *table, op *Op) error {
	if t.name == "settings" {
		if !slices.Contains(settingKeys, op.ID) {
			return Errorf("setting %q is not one vol has", Printable(trimTo(op.ID, 40)))
		}
	}
	for _, k := range sortedKeys(op.Set) {
		v := op.Set[k]
		c, _ := t.column(k)
		s, isText := v.(string)
		if c.kind == kPersonal {
			if isText && !isUUID(s) {
				return Errorf("%s: a reference that is not one vol makes", ColumnWord(k))
			}
			continue
		}
		if n, ok := v.(int64); ok && (n < -1 || n > maxLamport) {
			return Errorf("%s: %d is out of bounds", ColumnWord(k), n)
		}
		if !isText {
			continue
		}
		if err := checkTextColumn(e, t, op, k, s); err != nil {
			return Errorf("%s: %w", ColumnWord(k), err)
		}
	}
	return nil
}

func checkTextColumn(e *Entry, t *table, op *Op, k, s string) error {
	if !utf8.ValidString(s) {
		return Errorf("bytes that are not UTF-8")
	}
	switch {
	case idCols[k]:
		if s != "" && !isUUID(s) {
			return Errorf("not a row ID vol makes")
		}
		return nil
	case t.name == "settings":
		switch op.ID {
		case SettingCompound:
			if s == "" {
				return nil
			}
			return CheckLabel("compound", s)
		case SettingTimezone:
			_, err := ZoneOf(s)
			return err
		case SettingElderAge, SettingNightAge:
			return intIn(s, 40, 120)
		case SettingShifts:
			_, err := ParseShifts(s)
			return err
		case SettingHomeVisitNeeds:
			_, err := ParseHomeVisitNeeds(s)
			return err
		case SettingNecessities:
			_, err := ParseNecessities(s)
			return err
		case SettingContact:
			return CheckLabel("--contact", s)
		case SettingStreet, SettingDistrict:
			if s == "" {
				return nil
			}
			return CheckLabel("--"+op.ID, s)
		case SettingCardOverdue:
			return intIn(s, 1, 24*60)
		}
	case t.name == "households":
		if len([]rune(s)) > MaxName || !badRune(s).IsZero() {
			return Errorf("an address part that is too long or holds control characters")
		}
		return nil
	case t.name == "shifts_done" && k == "shift":
		if s == "" || len([]rune(s)) > 8 || strings.ContainsAny(s, "=,:;/ ") || !badRune(s).IsZero() {
			return Errorf("not a shift's name")
		}
		return nil
	case t.name == "people" && k == "role":
		if _, err := ParseRole(s); err != nil {
			return err
		}
		return nil
	case t.name == "people" && k == "sex":
		if s != "" && s != "M" && s != "F" {
			return Errorf("a sex that is not M, F or empty")
		}
		return nil
	case k == "skills":
		for _, tag := range splitStored(s) {
			if err := CheckLabel("skills", tag); err != nil {
				return err
			}
		}
		return nil
	case k == "item" || k == "hospital" || k == "rules" || k == "tier" || k == "unit" && t.name == "round_lines":
		if s == "" {
			return nil
		}
		return CheckLabel(k, s)
	case k == "why" || k == "end_why" || k == "close_why":
		return CheckNote(k, s)
	case k == "tiers":
		var tiers []any
		if err := json.Unmarshal([]byte(s), &tiers); err != nil {
			return Errorf("the round's tiers do not parse (%v)", err)
		}
		return nil
	case k == "reasons":
		if s != "" && !json.Valid([]byte(s)) {
			return Errorf("the reasons do not parse")
		}
		return nil
	case k == "body" || k == "rules_body":
		if len(s) > maxRulesBody {
			return Errorf("a rule set of %d bytes (accepted: at most %d)", len(s), maxRulesBody)
		}
		return CheckNote(k, strings.ReplaceAll(trimRunes(s, MaxNote), "\r", ""))
	case k == "on_date" || k == "since" || k == "ended" || k == "at" || k == "cutoff" || strings.HasSuffix(k, "_at"):
		if s == "" && k != "on_date" && k != "since" {
			return nil
		}
		if _, err := time.Parse("2006-01-02", s); err == nil {
			return nil
		}
		if _, err := time.Parse(time.RFC3339, s); err != nil {
			return Errorf("not a date (YYYY-MM-DD) or a time (RFC 3339)")
		}
		return nil
	case t.name == "sync_marks" && k == "device":
		if s != e.Device {
			return Errorf("a sync mark of another device (a device records only what it holds itself)")
		}
		return nil
	case t.name == "sync_marks" && k == "have":
		have := map[string]int64{}
		if err := json.Unmarshal([]byte(s), &have); err != nil {
			return Errorf("what it holds does not parse")
		}
		for d, n := range have {
			if !isUUID(d) || n < 0 || n > maxSeq {
				return Errorf("what it holds names a device or number out of bounds")
			}
		}
		return nil
	case t.name == "resolutions" && k == "choice":
		for _, cs := range Choices {
			for _, c := range cs {
				if c == s {
					return nil
				}
			}
		}
		return Errorf("a choice vol resolve does not take")
	case t.name == "device_trust":
		return checkTrustRow(e, op)
	case t.name == "erased_subjects":
		if !isSubject(op.ID) || (s != "" && !isUUID(s)) {
			return Errorf("a subject vol does not make")
		}
		if s == "" && e.Command != setupCommand || s != "" && e.Command != "erase" {
			return Errorf("erased subjects outside an erase entry")
		}
		return nil
	}
	// Any other text: one that CheckNote takes, or JSON vol wrote.
	if json.Valid([]byte(s)) && (strings.HasPrefix(s, "{") || strings.HasPrefix(s, "[")) {
		return nil
	}
	return CheckNote(k, s)
}

func trimRunes(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n])
	}
	return s
}

func intIn(s string, lo, hi int) error {
	var n int
	if _, err := fmt.Sscanf(s, "%d", &n); err != nil || fmt.Sprint(n) != s || n < lo || n > hi {
		return Errorf("a whole number from %d to %d", lo, hi)
	}
	return nil
}

// checkTrustRow checks a device_trust row (once, at its kind column).
func checkTrustRow(e *Entry, op *Op) error {
	r := trustRowOf(op.ID, op.Set)
	if op.Op != "insert" {
		return nil // refused before: the table only takes inserts
	}
	if !isUUID(r.device) || (r.voucher != "" && !isUUID(r.voucher)) {
		return Errorf("a device ID vol does not make")
	}
	if r.pubkey != "" {
		if _, ok := parsePub(r.pubkey); !ok {
			return Errorf("a public key that is not Ed25519")
		}
	}
	switch r.kind {
	case trustKey:
		if r.device != e.Device || r.pubkey == "" {
			return Errorf("a key announced for another device (a device announces only its own)")
		}
	case trustHandover:
		if r.device != e.Device || r.voucher == "" || r.voucher == r.device || !isHex(r.sig, 128) || r.pubkey == "" {
			return Errorf("a hand-over that is not the new device's own, or not signed")
		}
	case trustTrust:
		if r.pubkey == "" || (e.Command != "sync trust" && e.Command != "sync import") || (r.sig != "" && !isHex(r.sig, 128)) {
			return Errorf("a trust decision outside vol sync trust or an adoption")
		}
	case trustRevoke:
		if e.Command != "sync revoke" || r.seq < 0 || r.device == e.Device {
			return Errorf("a revocation outside vol sync revoke, or of the revoking device itself")
		}
	case trustLegacy:
		if e.Command != setupCommand || r.seq < 1 || !isHex(r.hash, 64) {
			return Errorf("a legacy decision outside a device's setup entry")
		}
	default:
		return Errorf("kind %q is not one vol has", Printable(trimTo(r.kind, 20)))
	}
	if r.voucher != e.Device && r.kind != trustHandover {
		return Errorf("a decision in another device's name")
	}
	return nil
}

// checkValueText checks a personal value the way the command that stores
// it does, by the column that refers to it.
func checkValueText(col, v string) error {
	switch col {
	case "who":
		if len([]rune(v)) > MaxName {
			return invalidAbout("who", T("%d characters", len([]rune(v))), T("at most %d characters", MaxName))
		}
		return CheckNote("who", v)
	case "name_ref":
		return CheckName("name", v)
	case "drug_ref":
		return CheckLabel("drug", v)
	case "birth_ref":
		if _, err := ParseBirth(v); err != nil {
			return invalid("birth", MaskBirth(v), T("YYYY or YYYY-MM"))
		}
		return nil
	case "phone_ref":
		if _, err := NormalizePhone(v); err != nil {
			return invalid("phone", MaskPhone(v), T("a phone number"))
		}
		return nil
	case "needs_ref":
		for _, tag := range splitStored(v) {
			if err := CheckLabel("needs", tag); err != nil {
				return err
			}
		}
		return nil
	}
	return CheckNote(strings.TrimSuffix(col, "_ref"), v)
}
