package ledger

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// Devices have keys, and the compound knows its devices (issue 14).
//
// Each copy of a ledger (a device) holds an Ed25519 key in its meta table,
// never replicated, never in a sync file and never in a plain backup. Every
// entry it writes carries a signature of the entry's hash. Its public key
// travels in its own first entry (a device_trust row of kind "key") and in
// sync files. Which devices a copy takes entries from is the register table
// device_trust, journalled and replicated like the rest:
//
//   - this copy's own device is trusted;
//   - a device named by a "trust" row (vol sync trust, the first adopt) is;
//   - a device handed over from a trusted device that is not revoked (a
//     restored, copied or moved ledger takes a new device ID and, when the
//     old key is at hand, records a hand-over signed by it) is;
//   - a device named by a "legacy" row (a ledger made before keys existed
//     trusts, once, every device of its journal) is, and its unsigned
//     entries are accepted up to that row's sequence number, no further;
//   - a "revoke" row (vol sync revoke: a lost laptop) refuses the device's
//     entries above the sequence the revoker held, on every copy.
//
// Entries of a device not trusted are kept pending with their file; nothing
// is lost, and vol sync trust FINGERPRINT lets them in.

// Kinds of device_trust rows.
const (
	trustKey      = "key"
	trustTrust    = "trust"
	trustHandover = "handover"
	trustRevoke   = "revoke"
	trustLegacy   = "legacy"
)

// setupCommand names the entry a new device (or a ledger from before keys)
// writes before its first change: its key, the hand-over, the legacy
// decision, what it holds.
const setupCommand = "device"

var (
	tDeviceTrust    = mustTable("device_trust")
	tErasedSubjects = mustTable("erased_subjects")
)

// Errors of keys and trust.
var (
	// ErrNotSigned: an entry is not signed by its device's key (forged,
	// damaged, or a device from before keys beyond what was decided).
	ErrNotSigned = Errorf("not signed by its device's key")
	// ErrUntrusted: a device is not trusted here (yet).
	ErrUntrusted = Errorf("device not trusted here")
	// ErrRevoked: a device was revoked.
	ErrRevoked = Errorf("device revoked")
)

// newKey makes a device key, always from the system's random source.
func newKey() (ed25519.PrivateKey, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	return priv, err
}

func encodeKey(k ed25519.PrivateKey) string { return hex.EncodeToString(k.Seed()) }

func decodeKey(s string) (ed25519.PrivateKey, error) {
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != ed25519.SeedSize {
		return nil, Errorf("this copy's device key: %w", ErrCorrupt)
	}
	return ed25519.NewKeyFromSeed(b), nil
}

func pubHex(k ed25519.PrivateKey) string {
	return hex.EncodeToString(k.Public().(ed25519.PublicKey))
}

func parsePub(s string) (ed25519.PublicKey, bool) {
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != ed25519.PublicKeySize {
		return nil, false
	}
	return ed25519.PublicKey(b), true
}

// signEntry signs an entry's hash (the hash covers every other field).
func signEntry(k ed25519.PrivateKey, hash string) string {
	return hex.EncodeToString(ed25519.Sign(k, []byte("vol-entry\x00"+hash)))
}

func verifySig(pub string, msg []byte, sig string) bool {
	p, ok := parsePub(pub)
	if !ok {
		return false
	}
	s, err := hex.DecodeString(sig)
	return err == nil && len(s) == ed25519.SignatureSize && ed25519.Verify(p, msg, s)
}

func verifyEntry(pub, hash, sig string) bool {
	return verifySig(pub, []byte("vol-entry\x00"+hash), sig)
}

// handoverMessage is what an old device's key signs to hand over to a new
// device of the same ledger.
func handoverMessage(ledger, device, pub string) []byte {
	return []byte("vol-handover\x00" + ledger + "\x00" + device + "\x00" + pub)
}

// Fingerprint is a device key's fingerprint: 20 decimal digits from the
// SHA-256 of the public key, in groups of four, easy to read out over the
// phone ("1234 5678 9012 3456 7890").
func Fingerprint(pub string) string {
	b, err := hex.DecodeString(pub)
	if err != nil {
		return ""
	}
	sum := sha256.Sum256(b)
	digits := fmt.Sprintf("%010d%010d", binary.BigEndian.Uint64(sum[:8])%1e10, binary.BigEndian.Uint64(sum[8:16])%1e10)
	var out strings.Builder
	for i := 0; i < len(digits); i += 4 {
		if i > 0 {
			out.WriteByte(' ')
		}
		out.WriteString(digits[i : i+4])
	}
	return out.String()
}

// normFingerprint keeps the digits of a fingerprint as typed (spaces,
// dashes); ok only for 20 of them.
func normFingerprint(s string) (string, bool) {
	var d strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			d.WriteRune(r)
		case r >= '０' && r <= '９':
			d.WriteRune('0' + r - '０')
		case r == ' ' || r == '-' || r == '\u3000':
		default:
			return "", false
		}
	}
	return d.String(), d.Len() == 20
}

// trustRow is one device_trust row, with the device whose entry wrote it.
type trustRow struct {
	id, device, kind, pubkey, voucher, sig, hash string
	seq                                          int64
}

func (r trustRow) set() map[string]any {
	return map[string]any{"device": r.device, "kind": r.kind, "pubkey": r.pubkey, "voucher": r.voucher, "sig": r.sig,
		"seq": r.seq, "hash": r.hash}
}

func trustRowOf(id string, set map[string]any) trustRow {
	s := func(k string) string { v, _ := set[k].(string); return v }
	n, _ := set["seq"].(int64)
	return trustRow{id: id, device: s("device"), kind: s("kind"), pubkey: s("pubkey"), voucher: s("voucher"), sig: s("sig"),
		seq: n, hash: s("hash")}
}

// anchor is a legacy decision: the device's unsigned entries are accepted
// up to seq, whose hash is hash.
type anchor struct {
	seq  int64
	hash string
}

type handover struct{ voucher, pub, sig string }

// devTrust is what a copy knows of one device.
type devTrust struct {
	pub          string // hex public key; "" when unknown
	otherPub     string // a second key named for it (refused at import; vol check reports it)
	named        bool   // a trust row names it
	legacy       []anchor
	handovers    []handover
	successors   []string // devices it handed over to
	revoked      bool
	revokedAbove int64
	trusted      bool // settled
}

// legacyUpTo is the highest sequence its unsigned entries are accepted to.
func (d *devTrust) legacyUpTo() int64 {
	var n int64
	for _, a := range d.legacy {
		n = max(n, a.seq)
	}
	return n
}

// trustState is a copy's view of every device it knows.
type trustState struct {
	ledger, self string
	devs         map[string]*devTrust
}

func newTrustState(ledger, self string) *trustState {
	s := &trustState{ledger: ledger, self: self, devs: map[string]*devTrust{}}
	s.dev(self)
	return s
}

func (s *trustState) dev(id string) *devTrust {
	d := s.devs[id]
	if d == nil {
		d = &devTrust{revokedAbove: -1}
		s.devs[id] = d
	}
	return d
}

func (d *devTrust) setPub(p string) {
	switch {
	case p == "":
	case d.pub == "":
		d.pub = p
	case d.pub != p && d.otherPub == "":
		d.otherPub = p
	}
}

// add takes in one row.
func (s *trustState) add(r trustRow) {
	d := s.dev(r.device)
	switch r.kind {
	case trustKey:
		d.setPub(r.pubkey)
	case trustTrust:
		d.setPub(r.pubkey)
		d.named = true
	case trustHandover:
		d.setPub(r.pubkey)
		d.handovers = append(d.handovers, handover{voucher: r.voucher, pub: r.pubkey, sig: r.sig})
		v := s.dev(r.voucher)
		v.successors = append(v.successors, r.device)
	case trustRevoke:
		if !d.revoked || r.seq < d.revokedAbove {
			d.revokedAbove = r.seq
		}
		d.revoked = true
	case trustLegacy:
		d.legacy = append(d.legacy, anchor{seq: r.seq, hash: r.hash})
	}
}

// settle works out which devices are trusted: itself, those named by a
// trust or legacy row, and, until nothing changes, those handed over (with
// a valid signature) from a trusted device that is not revoked.
func (s *trustState) settle() {
	for id, d := range s.devs {
		d.trusted = id == s.self || d.named || len(d.legacy) > 0
	}
	for changed := true; changed; {
		changed = false
		for _, id := range sortedKeys(s.devs) {
			d := s.devs[id]
			if d.trusted {
				continue
			}
			for _, h := range d.handovers {
				v := s.devs[h.voucher]
				if v != nil && v.trusted && !v.revoked && v.pub != "" && h.pub == d.pub &&
					verifySig(v.pub, handoverMessage(s.ledger, id, h.pub), h.sig) {
					d.trusted, changed = true, true
					break
				}
			}
		}
	}
}

// loadTrust reads what the register says of every device.
func loadTrust(ctx context.Context, q querier, ledger, self string) (*trustState, error) {
	s := newTrustState(ledger, self)
	rows, err := q.QueryContext(ctx, `SELECT id, device, kind, pubkey, voucher, sig, seq, hash FROM device_trust ORDER BY id`)
	if err != nil {
		return nil, classify(err)
	}
	defer rows.Close()
	for rows.Next() {
		var r trustRow
		if err := rows.Scan(&r.id, &r.device, &r.kind, &r.pubkey, &r.voucher, &r.sig, &r.seq, &r.hash); err != nil {
			return nil, classify(err)
		}
		s.add(r)
	}
	if err := rows.Err(); err != nil {
		return nil, classify(err)
	}
	s.settle()
	return s, nil
}

// deviceSetup is what Write finds out about this copy's device before a
// change: its ID and key, and what must be recorded first.
type deviceSetup struct {
	device string
	key    ed25519.PrivateKey
	// fresh: a new device ID (the file was copied, moved or restored): its
	// key, a hand-over when the old key is at hand, and what it holds are
	// recorded before the change.
	fresh     bool
	oldDevice string
	oldKey    ed25519.PrivateKey
	// announce: a device from before keys that keeps its ID gets a key.
	announce bool
	// legacy: a ledger from before keys makes its legacy decision.
	legacy bool
}

func (s deviceSetup) needed() bool { return s.fresh || s.announce || s.legacy }

// metaOpt reads a meta value that may be missing ("", false).
func metaOpt(ctx context.Context, q querier, key string) (string, bool, error) {
	var v string
	err := q.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = ?", key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	return v, err == nil, classify(err)
}

func setMeta(ctx context.Context, q querier, key, value string) error {
	_, err := q.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	return classify(err)
}

// deviceFor returns this copy's device and key, giving the copy a new
// device ID and key first when the file is not where its device ID was
// given (copied to another folder or machine, or restored), or when its
// key is missing though it had one (a plain backup put in place of the
// ledger), so two copies never reuse sequence numbers nor keys. A ledger
// from before keys keeps its device ID, gets a key and makes its legacy
// decision (see deviceSetup).
func (db *DB) deviceFor(ctx context.Context, q querier, m Meta) (deviceSetup, error) {
	var st deviceSetup
	device, err := db.meta(ctx, q, "device_id")
	if err != nil {
		return st, err
	}
	was, err := db.meta(ctx, q, "home")
	if err != nil {
		return st, err
	}
	keyText, hasKey, err := metaOpt(ctx, q, "device_key")
	if err != nil {
		return st, err
	}
	ready, _, err := metaOpt(ctx, q, "trust_ready")
	if err != nil {
		return st, err
	}
	st.device = device
	if hasKey {
		if st.key, err = decodeKey(keyText); err != nil {
			return st, err
		}
	}
	st.legacy = ready != "1"
	here := home(db.path)
	switch {
	case was != here || (st.key == nil && !st.legacy):
		st.fresh, st.oldDevice, st.oldKey = true, device, st.key
		st.device = newIDSource(db.seed, "copy:"+device, 0).next(m.At)
		if err := setMeta(ctx, q, "device_id", st.device); err != nil {
			return st, err
		}
		if err := setMeta(ctx, q, "home", here); err != nil {
			return st, err
		}
	case st.key == nil:
		st.announce = true
	}
	if st.fresh || st.announce {
		if st.key, err = newKey(); err != nil {
			return st, err
		}
		if err := setMeta(ctx, q, "device_key", encodeKey(st.key)); err != nil {
			return st, err
		}
	}
	if st.legacy {
		return st, setMeta(ctx, q, "trust_ready", "1")
	}
	return st, nil
}

// setUp records, as an entry of its own before the change, what deviceFor
// found must be: the device's key, the hand-over from the old device, what
// it holds, the legacy decision.
func (tx *Tx) setUp(st deviceSetup) error {
	if st.fresh || st.announce {
		if err := tx.announceKey(); err != nil {
			return err
		}
	}
	if st.fresh && st.oldKey != nil {
		// Only a key the others can know (the old device announced it) can
		// vouch for the new one.
		var n int
		err := tx.tx.QueryRowContext(tx.ctx, `SELECT count(*) FROM device_trust WHERE device = ? AND pubkey = ?`,
			st.oldDevice, pubHex(st.oldKey)).Scan(&n)
		if err != nil {
			return classify(err)
		}
		if n > 0 {
			ledger, err := tx.ledgerID()
			if err != nil {
				return err
			}
			pub := pubHex(tx.key)
			if err := tx.insert(tDeviceTrust, tx.NewID(), trustRow{device: tx.device, kind: trustHandover, pubkey: pub,
				voucher: st.oldDevice, sig: hex.EncodeToString(ed25519.Sign(st.oldKey, handoverMessage(ledger, tx.device, pub)))}.set()); err != nil {
				return err
			}
		}
	}
	if st.fresh {
		if err := tx.markHolding(); err != nil {
			return err
		}
	}
	if st.legacy {
		if err := tx.legacyDecision(); err != nil {
			return err
		}
	}
	command := tx.meta.Command
	tx.meta.Command = setupCommand
	err := tx.flush()
	tx.meta.Command = command
	tx.setupEntries = len(tx.written)
	return err
}

// announceKey records this device's public key.
func (tx *Tx) announceKey() error {
	return tx.insert(tDeviceTrust, tx.NewID(), trustRow{device: tx.device, kind: trustKey, pubkey: pubHex(tx.key), voucher: tx.device}.set())
}

// legacyDecision records, once, that a ledger from before keys trusts every
// device of its journal and accepts their unsigned entries up to each one's
// sequence now (and the hash there), and lists the subjects its erasures
// forgot before erasures listed them, so they travel signed.
func (tx *Tx) legacyDecision() error {
	rows, err := tx.tx.QueryContext(tx.ctx, `SELECT j.device, j.seq, j.hash FROM journal j
		JOIN (SELECT device, max(seq) AS seq FROM journal WHERE sig = '' GROUP BY device) m ON m.device = j.device AND m.seq = j.seq
		ORDER BY j.device`)
	if err != nil {
		return classify(err)
	}
	var rs []trustRow
	for rows.Next() {
		r := trustRow{kind: trustLegacy, voucher: tx.device}
		if err := rows.Scan(&r.device, &r.seq, &r.hash); err != nil {
			rows.Close()
			return classify(err)
		}
		rs = append(rs, r)
	}
	if err := endRows(rows); err != nil {
		return err
	}
	for _, r := range rs {
		if err := tx.insert(tDeviceTrust, tx.NewID(), r.set()); err != nil {
			return err
		}
	}
	gone, err := queryStrings(tx.ctx, tx.tx, `SELECT subject FROM gone_subjects WHERE subject NOT IN (SELECT id FROM erased_subjects) ORDER BY subject`)
	if err != nil {
		return err
	}
	for _, s := range gone {
		if err := tx.insert(tErasedSubjects, s, map[string]any{"erasure": ""}); err != nil {
			return err
		}
	}
	return nil
}

func (tx *Tx) ledgerID() (string, error) {
	var id string
	err := tx.tx.QueryRowContext(tx.ctx, `SELECT value FROM meta WHERE key = 'ledger_id'`).Scan(&id)
	return id, classify(err)
}

// Whoami is this copy's device and the fingerprint of its key.
type Whoami struct {
	Device      string `json:"device"`
	Fingerprint string `json:"fingerprint"`
	PublicKey   string `json:"public_key"`
	Ledger      string `json:"ledger"`
}

// Whoami returns this copy's device and key fingerprint, making the device
// ready first (a copied or restored file takes its new device ID and key,
// a ledger from before keys gets its key) so the fingerprint is the one its
// entries will carry. m says who asks (the entry that records a new key).
func (db *DB) Whoami(ctx context.Context, m Meta) (Whoami, error) {
	if err := db.EnsureDevice(ctx, m); err != nil {
		return Whoami{}, err
	}
	id, err := db.Identity(ctx)
	if err != nil {
		return Whoami{}, err
	}
	k, _, err := metaOpt(ctx, db.sql, "device_key")
	if err != nil {
		return Whoami{}, err
	}
	key, err := decodeKey(k)
	if err != nil {
		return Whoami{}, err
	}
	pub := pubHex(key)
	return Whoami{Device: id.DeviceID, Fingerprint: Fingerprint(pub), PublicKey: pub, Ledger: id.LedgerID}, nil
}

// EnsureDevice writes the entry a new device (or a ledger from before keys)
// needs before anything else, when it is due; otherwise it writes nothing.
func (db *DB) EnsureDevice(ctx context.Context, m Meta) error {
	_, err := db.Write(ctx, m, func(*Tx) error { return nil })
	return err
}

// Trusted is a device vol sync trust decided on.
type Trusted struct {
	Device      string `json:"device"`
	Fingerprint string `json:"fingerprint"`
	Already     bool   `json:"already"` // it was trusted before: nothing recorded
}

// Trust records that this copy trusts the device whose key has the given
// fingerprint (20 digits; spaces and dashes are ignored). The key must have
// arrived here: in a sync file kept pending (its entries wait for this), or
// in the register. It returns ErrNotFound when no key known here has that
// fingerprint, ErrAmbiguous when two devices have it, and ErrRevoked for a
// revoked device (a revoked device stays revoked: its laptop makes a new
// copy, which is trusted anew).
func (tx *Tx) Trust(fingerprint string) (Trusted, error) {
	want, ok := normFingerprint(fingerprint)
	if !ok {
		return Trusted{}, invalid("FINGERPRINT", trimTo(fingerprint, 40), T("the 20 digits vol sync whoami shows on the other laptop, such as 1234 5678 9012 3456 7890"))
	}
	ledger, err := tx.ledgerID()
	if err != nil {
		return Trusted{}, err
	}
	st, err := loadTrust(tx.ctx, tx.tx, ledger, tx.device)
	if err != nil {
		return Trusted{}, err
	}
	keys := map[string]string{} // device -> key with that fingerprint
	match := func(d, pub string) {
		if f, _ := normFingerprint(Fingerprint(pub)); f == want && d != "" {
			keys[d] = pub
		}
	}
	for d, dt := range st.devs {
		match(d, dt.pub)
	}
	ps, err := pendingFiles(tx.ctx, tx.tx)
	if err != nil {
		return Trusted{}, err
	}
	for _, p := range ps {
		f, _, err := decodeSync(p.body, keptLimits)
		if err != nil || f.Ledger != ledger {
			continue
		}
		for d, pub := range fileKeys(f) {
			match(d, pub)
		}
	}
	switch len(keys) {
	case 0:
		return Trusted{}, &FieldError{Field: "FINGERPRINT", Value: fingerprint, Err: ErrNotFound,
			Want: T("the fingerprint of a device whose sync file was imported here (vol sync import prints it; vol sync pending lists the files waiting)")}
	case 1:
	default:
		return Trusted{}, &FieldError{Field: "FINGERPRINT", Value: fingerprint, Err: ErrAmbiguous, Want: T("one device's key (two devices here share it: compare device IDs with vol sync pending)")}
	}
	var d string
	for id := range keys {
		d = id
	}
	res := Trusted{Device: d, Fingerprint: Fingerprint(keys[d])}
	dt := st.dev(d)
	switch {
	case dt.revoked:
		return res, &FieldError{Field: "FINGERPRINT", Value: res.Fingerprint, Err: ErrRevoked,
			Want: T("a device not revoked (device %s was: its laptop makes a new copy, whose key is trusted anew)", short(d))}
	case dt.pub != "" && dt.pub != keys[d]:
		return res, &FieldError{Field: "FINGERPRINT", Value: res.Fingerprint, Err: ErrInvalid,
			Want: T("the key device %s is known by here (%s)", short(d), Fingerprint(dt.pub))}
	case dt.trusted:
		res.Already = true
		return res, nil
	}
	return res, tx.insert(tDeviceTrust, tx.NewID(), trustRow{device: d, kind: trustTrust, pubkey: keys[d], voucher: tx.device,
		sig: signVouch(tx.key, ledger, d, keys[d])}.set())
}

// Revoked is a device vol sync revoke refused from now on.
type Revoked struct {
	Device string `json:"device"`
	Above  int64  `json:"above"` // its entries above this number are refused
}

// Revoke records that the entries of a device (a lost or stolen laptop)
// above the highest number this copy holds of it are refused, on every
// copy, and likewise for every device it handed over to (a copy made of
// its file). ref is a device ID or a unique part of one (4 characters or
// more). It returns ErrNotFound, ErrAmbiguous, or ErrInvalid for this
// copy's own device.
func (tx *Tx) Revoke(ref string) ([]Revoked, error) {
	accepted := T("a device ID (or a unique part of one) from vol sync peers, not this copy's own")
	r := strings.ToLower(strings.TrimSpace(ref))
	if !idPattern(r) {
		return nil, invalid("DEVICE", ref, accepted)
	}
	ids, err := queryStrings(tx.ctx, tx.tx, `SELECT device FROM journal WHERE `+idMatch("device")+`
		UNION SELECT device FROM device_trust WHERE `+idMatch("device")+` ORDER BY 1`, r, r)
	if err != nil {
		return nil, err
	}
	switch {
	case len(ids) == 0:
		return nil, &FieldError{Field: "DEVICE", Value: ref, Want: accepted, Err: ErrNotFound}
	case len(ids) > 1:
		return nil, &FieldError{Field: "DEVICE", Value: ref, Want: T("more characters of the device ID"), Err: ErrAmbiguous}
	case ids[0] == tx.device:
		return nil, &FieldError{Field: "DEVICE", Value: ref, Want: T("a device ID (or a unique part of one) from vol sync peers, not this copy's own (to stop this laptop, keep it; to leave, stop syncing)"), Err: ErrInvalid}
	}
	ledger, err := tx.ledgerID()
	if err != nil {
		return nil, err
	}
	st, err := loadTrust(tx.ctx, tx.tx, ledger, tx.device)
	if err != nil {
		return nil, err
	}
	have, err := holding(tx.ctx, tx.tx)
	if err != nil {
		return nil, err
	}
	var out []Revoked
	seen := map[string]bool{}
	var walk func(d string) error
	walk = func(d string) error {
		if seen[d] || d == tx.device {
			return nil
		}
		seen[d] = true
		if dt := st.dev(d); !dt.revoked || dt.revokedAbove > have[d] {
			if err := tx.insert(tDeviceTrust, tx.NewID(), trustRow{device: d, kind: trustRevoke, voucher: tx.device, seq: have[d]}.set()); err != nil {
				return err
			}
			out = append(out, Revoked{Device: d, Above: have[d]})
		}
		for _, s := range st.dev(d).successors {
			if err := walk(s); err != nil {
				return err
			}
		}
		return nil
	}
	return out, walk(ids[0])
}

// DeviceInfo is a device as this copy knows it (vol sync peers --json).
type DeviceInfo struct {
	Device       string `json:"device"`
	Fingerprint  string `json:"fingerprint,omitempty"`
	Trusted      bool   `json:"trusted"`
	Revoked      bool   `json:"revoked"`
	RevokedAbove int64  `json:"revoked_above,omitempty"`
}

// Devices lists every device the register names, with its trust.
func (db *DB) Devices(ctx context.Context) ([]DeviceInfo, error) {
	id, err := db.Identity(ctx)
	if err != nil {
		return nil, err
	}
	st, err := loadTrust(ctx, db.sql, id.LedgerID, id.DeviceID)
	if err != nil {
		return nil, err
	}
	out := []DeviceInfo{}
	for _, d := range sortedKeys(st.devs) {
		dt := st.devs[d]
		i := DeviceInfo{Device: d, Trusted: dt.trusted && !dt.revoked, Revoked: dt.revoked}
		if dt.pub != "" {
			i.Fingerprint = Fingerprint(dt.pub)
		}
		if dt.revoked {
			i.RevokedAbove = dt.revokedAbove
		}
		out = append(out, i)
	}
	return out, nil
}
