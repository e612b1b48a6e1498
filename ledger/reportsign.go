package ledger

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"encoding/hex"
	"errors"
)

// Reports to the street office (vol report, issue 21) are signed with the
// key of the copy that makes them, and carry the trust decisions that
// vouch for that key, so that an office which trusts one copy of a
// compound's ledger takes the reports of its other copies: a copy made of
// the file (a hand-over, signed by the old key) and a copy another trusted
// copy decided to trust (vol sync trust, signed by the deciding copy's key
// since this issue). The private key never leaves the ledger: SignReport
// signs bytes it is given.

// The compound's place, for the street office's hub (vol compound set
// --street --district): a report carries them, and they win over what the
// hub was told.
const (
	SettingStreet   = "street"
	SettingDistrict = "district"
)

// ReportSigner is the copy that signs a report: its device and public key
// (hex).
type ReportSigner struct {
	Device, PubKey string
}

// TrustLink is one signed decision of a ledger that a key may be trusted:
// a hand-over (the voucher's key signs that the device with this key is
// the voucher's successor) or a trust decision (the voucher's key signs
// that it trusts the device with this key). VoucherKey is the voucher's
// public key as the ledger knows it.
type TrustLink struct {
	Kind       string `json:"kind"` // "handover" or "trust"
	Device     string `json:"device"`
	PubKey     string `json:"public_key"`
	Voucher    string `json:"voucher"`
	VoucherKey string `json:"voucher_key"`
	Sig        string `json:"sig"`
}

// MaxTrustLinks bounds the links a report carries (and a reader takes).
const MaxTrustLinks = 64

// ReportMessage is what a report's signature covers: its canonical bytes,
// under a prefix no entry or hand-over shares.
func ReportMessage(canonical []byte) []byte {
	return append([]byte("vol-report\x00"), canonical...)
}

// vouchMessage is what a device's key signs when it trusts another device
// of the same ledger (vol sync trust, an adoption).
func vouchMessage(ledger, device, pub string) []byte {
	return []byte("vol-trust\x00" + ledger + "\x00" + device + "\x00" + pub)
}

// signVouch is the signature a trust row carries: by the deciding device's
// key, over the ledger, the device trusted and its key.
func signVouch(k ed25519.PrivateKey, ledger, device, pub string) string {
	if k == nil {
		return ""
	}
	return hex.EncodeToString(ed25519.Sign(k, vouchMessage(ledger, device, pub)))
}

// VerifyReportSig reports whether sig (hex) is pub's (hex) signature of a
// report's canonical bytes.
func VerifyReportSig(pub string, canonical []byte, sig string) bool {
	return verifySig(pub, ReportMessage(canonical), sig)
}

// VerifyLink reports whether a trust link of the given ledger is signed by
// its voucher's key.
func VerifyLink(ledger string, l TrustLink) bool {
	switch l.Kind {
	case trustHandover:
		return verifySig(l.VoucherKey, handoverMessage(ledger, l.Device, l.PubKey), l.Sig)
	case trustTrust:
		return verifySig(l.VoucherKey, vouchMessage(ledger, l.Device, l.PubKey), l.Sig)
	}
	return false
}

// Vouched returns the keys (hex) that links of the ledger lead to from the
// trusted keys: a key is vouched for when a link naming it is signed by a
// trusted or vouched key, until nothing changes. The trusted keys are in
// the result.
func Vouched(ledger string, trusted []string, links []TrustLink) map[string]bool {
	ok := map[string]bool{}
	for _, k := range trusted {
		ok[k] = true
	}
	for changed := true; changed; {
		changed = false
		for _, l := range links {
			if !ok[l.PubKey] && ok[l.VoucherKey] && VerifyLink(ledger, l) {
				ok[l.PubKey], changed = true, true
			}
		}
	}
	return ok
}

// JournalHead is where a ledger's journal stood: how many entries it held
// and the hash of the last in the replay order (Lamport clock, device,
// sequence); "" for an empty journal.
type JournalHead struct {
	Entries int64  `json:"entries"`
	Hash    string `json:"hash"`
}

// JournalHead reads where the journal stands.
func (db *DB) JournalHead(ctx context.Context) (JournalHead, error) {
	var h JournalHead
	if err := db.sql.QueryRowContext(ctx, `SELECT count(*) FROM journal`).Scan(&h.Entries); err != nil {
		return h, classify(err)
	}
	err := db.sql.QueryRowContext(ctx, `SELECT hash FROM journal ORDER BY lamport DESC, device DESC, seq DESC LIMIT 1`).Scan(&h.Hash)
	if errors.Is(err, sql.ErrNoRows) {
		return h, nil
	}
	return h, classify(err)
}

// ReportKey returns this copy's device and public key, which sign its
// reports (making the device ready first, as Whoami does: m says who
// asks), and the trust links that vouch for the key: every signed
// hand-over and trust decision of the ledger on a path from another
// device to this one, the vouchers not revoked, at most MaxTrustLinks,
// nearest first. It returns the file's errors (ErrBusy, ErrCorrupt).
func (db *DB) ReportKey(ctx context.Context, m Meta) (ReportSigner, []TrustLink, error) {
	who, err := db.Whoami(ctx, m)
	if err != nil {
		return ReportSigner{}, nil, err
	}
	st, err := loadTrust(ctx, db.sql, who.Ledger, who.Device)
	if err != nil {
		return ReportSigner{}, nil, err
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT device, kind, pubkey, voucher, sig FROM device_trust
		WHERE kind IN ('handover', 'trust') AND sig != '' ORDER BY id`)
	if err != nil {
		return ReportSigner{}, nil, classify(err)
	}
	into := map[string][]TrustLink{} // device -> links naming it
	for rows.Next() {
		var l TrustLink
		if err := rows.Scan(&l.Device, &l.Kind, &l.PubKey, &l.Voucher, &l.Sig); err != nil {
			rows.Close()
			return ReportSigner{}, nil, classify(err)
		}
		v := st.devs[l.Voucher]
		if v == nil || v.revoked || v.pub == "" {
			continue
		}
		l.VoucherKey = v.pub
		if VerifyLink(who.Ledger, l) {
			into[l.Device] = append(into[l.Device], l)
		}
	}
	if err := endRows(rows); err != nil {
		return ReportSigner{}, nil, err
	}
	// Breadth first from this device back to those that vouched for it.
	links := []TrustLink{}
	seen := map[string]bool{who.Device: true}
	for queue := []string{who.Device}; len(queue) > 0 && len(links) < MaxTrustLinks; queue = queue[1:] {
		for _, l := range into[queue[0]] {
			if len(links) == MaxTrustLinks {
				break
			}
			links = append(links, l)
			if !seen[l.Voucher] {
				seen[l.Voucher] = true
				queue = append(queue, l.Voucher)
			}
		}
	}
	return ReportSigner{Device: who.Device, PubKey: who.PublicKey}, links, nil
}

// SignReport signs a report's canonical bytes with this copy's key, which
// must be pub (the key ReportKey gave, which the bytes name). It returns
// ErrBusy when the key changed since (a copy moved meanwhile) and the
// file's errors.
func (db *DB) SignReport(ctx context.Context, pub string, canonical []byte) (string, error) {
	k, _, err := metaOpt(ctx, db.sql, "device_key")
	if err != nil {
		return "", err
	}
	key, err := decodeKey(k)
	if err != nil {
		return "", err
	}
	if pubHex(key) != pub {
		return "", Errorf("this copy's key changed while the report was made: %w", ErrBusy)
	}
	return hex.EncodeToString(ed25519.Sign(key, ReportMessage(canonical))), nil
}
