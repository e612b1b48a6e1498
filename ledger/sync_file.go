package ledger

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"path/filepath"

	"vol/ledger/atomicfile"
)

// A sync file carries journal entries from one copy of a ledger to another,
// with the personal values and keys those entries refer to (never those of
// an erased person: they are gone from the sender) and the public keys of
// the devices that wrote them (never a private key). On disk: syncMagic,
// the hex SHA-256 of the rest, a newline, then the gzip-compressed JSON of
// changeFile. --encrypt wraps all of it in age with a passphrase, as
// backups do.
//
// Format 2 (keys and trust) signs every entry and lists the devices' public
// keys; format 1 files, from before keys, are read for entries the legacy
// rule accepts. Their list of erased subjects ("gone") is never acted on:
// an erasure travels only as a signed erase entry.
const (
	syncMagic  = "VOLSYNC1\n"
	syncFormat = 2
)

type changeFile struct {
	Format   int              `json:"format"`
	Ledger   string           `json:"ledger"`
	From     string           `json:"from"`
	Made     string           `json:"made"`
	Compound string           `json:"compound,omitempty"` // the compound's name, to say whose file it is
	Have     map[string]int64 `json:"have"`               // what the sender holds: device -> highest seq
	Entries  []syncEntry      `json:"entries"`
	Values   []syncValue      `json:"values"`
	Keys     []syncKey        `json:"keys"`
	Devices  []syncDevice     `json:"devices"`        // the public keys of the devices whose entries it holds
	Gone     []string         `json:"gone,omitempty"` // format 1 only; ignored
}

// syncDevice is a device's public key as the sender knows it.
type syncDevice struct {
	Device string `json:"device"`
	Key    string `json:"key"`
}

type syncEntry struct {
	ID       string `json:"id"`
	Device   string `json:"device"`
	Seq      int64  `json:"seq"`
	Lamport  int64  `json:"lamport"`
	At       string `json:"at"`
	WhoRef   string `json:"who_ref"`
	WhoMac   string `json:"who_mac"`
	Command  string `json:"command"`
	Reverses string `json:"reverses,omitempty"`
	Batch    string `json:"batch,omitempty"`
	Ops      string `json:"ops"`
	Format   int    `json:"format"`
	Prev     string `json:"prev"`
	Hash     string `json:"hash"`
	Sig      string `json:"sig,omitempty"`
}

type syncValue struct {
	Ref     string `json:"ref"`
	Subject string `json:"subject"`
	Value   string `json:"value"`
}

type syncKey struct {
	Subject string `json:"subject"`
	Key     []byte `json:"key"`
}

func (e syncEntry) entry() Entry {
	return Entry{ID: e.ID, Device: e.Device, Seq: e.Seq, Lamport: e.Lamport, At: e.At, WhoRef: e.WhoRef, WhoMac: e.WhoMac,
		Command: e.Command, Reverses: e.Reverses, Batch: e.Batch, OpsText: e.Ops, Format: e.Format, Prev: e.Prev, Hash: e.Hash, Sig: e.Sig}
}

func fromEntry(e *Entry) syncEntry {
	return syncEntry{ID: e.ID, Device: e.Device, Seq: e.Seq, Lamport: e.Lamport, At: e.At, WhoRef: e.WhoRef, WhoMac: e.WhoMac,
		Command: e.Command, Reverses: e.Reverses, Batch: e.Batch, Ops: e.OpsText, Format: e.Format, Prev: e.Prev, Hash: e.Hash, Sig: e.Sig}
}

// SyncLimits bound what vol takes from a sync file: the file and its JSON
// once inflated, its entries, and the files kept pending, together.
type SyncLimits struct {
	MaxBytes   int64 // the JSON inflated (and the file itself): --max-size
	MaxEntries int   // entries in one file: --max-entries
	MaxPending int64 // every file kept pending, as stored: --max-pending
}

// DefaultSyncLimits admit a 100,000-entry file (about 200 MB of JSON, 20 MB
// on disk) with room to spare, and refuse a file that inflates past 256 MB.
func DefaultSyncLimits() SyncLimits {
	return SyncLimits{MaxBytes: 256 << 20, MaxEntries: 200_000, MaxPending: 128 << 20}
}

func (l SyncLimits) orDefault() SyncLimits {
	d := DefaultSyncLimits()
	if l.MaxBytes <= 0 {
		l.MaxBytes = d.MaxBytes
	}
	if l.MaxEntries <= 0 {
		l.MaxEntries = d.MaxEntries
	}
	if l.MaxPending <= 0 {
		l.MaxPending = d.MaxPending
	}
	return l
}

// ErrSyncLimit: a sync file is larger than vol takes (a limit's flag raises it).
var ErrSyncLimit = Errorf("larger than vol takes")

// MB shows a size in whole megabytes (rounded up).
func MB(n int64) int64 { return (n + 1<<20 - 1) >> 20 }

// limitError says that a sync file is over the limit field (a flag)
// raises: what it holds, and want, the limit.
func limitError(field string, what, want Text) error {
	return &FieldError{Field: field, ValueText: what, Err: ErrSyncLimit,
		Want: T("%s (raise it with %s if the file is yours and this is right)", want, field)}
}

// Errors of sync files.
var (
	ErrNotSyncFile          = Errorf("not a vol sync file (or damaged: its checksum does not match)")
	ErrOtherLedger          = Errorf("the file comes from a different ledger")
	ErrForked               = Errorf("the file and this ledger hold different entries under the same device and number (one of them is a restored or copied file that went on writing)")
	ErrNotFreshCopy         = Errorf("--adopt needs a ledger that holds nothing but its own vol init")
	ErrSyncPassphrase error = sentinelAs{T("wrong passphrase (ask whoever sent the file for the one they chose)"), ErrPassphrase}
	ErrAdoptGap             = Errorf("--adopt needs a file with the other ledger's whole journal (vol sync export without --for)")
)

func encodeSync(f *changeFile) ([]byte, error) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	if err := json.NewEncoder(zw).Encode(f); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	sum := sha256.Sum256(gz.Bytes())
	out := make([]byte, 0, len(syncMagic)+65+gz.Len())
	out = append(out, syncMagic...)
	out = append(out, hex.EncodeToString(sum[:])...)
	out = append(out, '\n')
	return append(out, gz.Bytes()...), nil
}

// decodeSync checks and reads a sync file's plain bytes within the limits:
// the checksum first, then the inflated size (counted without keeping the
// bytes, so a small file that inflates to gigabytes costs a second), then
// the JSON and its entry count. It returns the file and the hex checksum
// that names it.
func decodeSync(body []byte, lim SyncLimits) (*changeFile, string, error) {
	lim = lim.orDefault()
	if !bytes.HasPrefix(body, []byte(syncMagic)) || len(body) < len(syncMagic)+65 {
		return nil, "", ErrNotSyncFile
	}
	want := string(body[len(syncMagic) : len(syncMagic)+64])
	gz := body[len(syncMagic)+65:]
	sum := sha256.Sum256(gz)
	if hex.EncodeToString(sum[:]) != want {
		return nil, "", ErrNotSyncFile
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, "", ErrNotSyncFile
	}
	n, err := io.Copy(io.Discard, io.LimitReader(zr, lim.MaxBytes+1))
	if err != nil {
		return nil, "", Errorf("%w: %v", ErrNotSyncFile, err)
	}
	if n > lim.MaxBytes {
		return nil, "", limitError("--max-size", T("more than %d MB inflated", MB(lim.MaxBytes)), T("at most %d MB", MB(lim.MaxBytes)))
	}
	if zr, err = gzip.NewReader(bytes.NewReader(gz)); err != nil {
		return nil, "", ErrNotSyncFile
	}
	var f changeFile
	dec := json.NewDecoder(io.LimitReader(zr, lim.MaxBytes))
	if err := dec.Decode(&f); err != nil {
		return nil, "", Errorf("%w: %v", ErrNotSyncFile, err)
	}
	if f.Format > syncFormat {
		return nil, "", newerError(T("sync file format %d is newer than this vol (%d): upgrade vol", f.Format, syncFormat))
	}
	if len(f.Entries) > lim.MaxEntries {
		return nil, "", limitError("--max-entries", T("%d entries", len(f.Entries)), T("at most %d entries", lim.MaxEntries))
	}
	f.Gone = nil // never acted on (see changeFile)
	return &f, want, nil
}

func encryptBytes(body []byte, opt SyncExportOptions) ([]byte, error) {
	var out bytes.Buffer
	w, err := seal(&out, opt.Passphrase, opt.WorkFactor)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(body); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// readSyncFile reads a sync file, decrypting it when it is encrypted, and
// refuses one larger than the limit allows.
func readSyncFile(path, passphrase string, lim SyncLimits) ([]byte, error) {
	lim = lim.orDefault()
	in, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer in.Close()
	// A sync file is gzip: never much larger than what it inflates to (age
	// adds a header and 16 bytes per 64 KB).
	most := lim.MaxBytes + lim.MaxBytes/64 + 1<<20
	body, err := io.ReadAll(io.LimitReader(in, most+1))
	if err != nil {
		return nil, err
	}
	if int64(len(body)) > most {
		return nil, limitError("--max-size", T("a file of more than %d MB", MB(most)), T("at most %d MB", MB(lim.MaxBytes)))
	}
	if !bytes.HasPrefix(body, []byte(ageMagic)) {
		return body, nil
	}
	if passphrase == "" {
		return nil, Errorf("the file is encrypted: %w", ErrSyncPassphrase)
	}
	r, err := unseal(bytes.NewReader(body), passphrase)
	if err != nil {
		return nil, ErrSyncPassphrase
	}
	return io.ReadAll(io.LimitReader(r, most))
}

// writePrivate writes a file readable by its owner only, whole or not at all.
func writePrivate(dest string, body []byte) error {
	if st, err := os.Stat(filepath.Dir(dest)); err != nil || !st.IsDir() {
		return Errorf("-o (%s): the folder %s does not exist; accepted: a file in an existing folder", dest, filepath.Dir(dest))
	}
	return atomicfile.Write(dest, func(w io.Writer) error {
		_, err := w.Write(body)
		return err
	}, nil)
}

// newerError is ErrTooNew with its own words (a sync file, not a ledger).
func newerError(msg Text) error { return sentinelAs{msg, ErrTooNew} }

// sentinelAs is an error with its own words that errors.Is takes for a
// package sentinel.
type sentinelAs struct {
	msg Text
	is  error
}

func (e sentinelAs) Error() string                        { return e.msg.String() }
func (e sentinelAs) Message() (format string, args []any) { return e.msg.Message() }
func (e sentinelAs) Is(target error) bool                 { return target == e.is }
