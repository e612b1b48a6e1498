package ledger

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"testing"
)

// The attacker's script, as issue 14 describes it: a sync file is read,
// changed and written again with every entry's hash and the file's
// checksum recomputed (magic line, hex SHA-256 of the rest, newline, gzip
// of the JSON). Nothing here needs a ledger file, only sync files.

// readSyncParts reads a plain sync file into its JSON parts.
func readSyncParts(t *testing.T, path string) map[string]any {
	t.Helper()
	body, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(body[len(syncMagic)+65:]))
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(zr)
	dec.UseNumber()
	var f map[string]any
	if err := dec.Decode(&f); err != nil {
		t.Fatal(err)
	}
	return f
}

// forgedEntry is an entry as the attacker writes it; rehash fills Hash
// (and leaves any signature as it is: the attacker has no key).
type forgedEntry struct {
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

func (e *forgedEntry) rehash() {
	x := Entry{ID: e.ID, Device: e.Device, Seq: e.Seq, Lamport: e.Lamport, At: e.At, WhoRef: e.WhoRef, WhoMac: e.WhoMac,
		Command: e.Command, Reverses: e.Reverses, Batch: e.Batch, OpsText: e.Ops, Format: e.Format, Prev: e.Prev}
	e.Hash = x.computeHash()
}

// entriesOf returns the entries of a file's parts as forgedEntry values.
func entriesOf(t *testing.T, f map[string]any) []forgedEntry {
	t.Helper()
	raw, err := json.Marshal(f["entries"])
	if err != nil {
		t.Fatal(err)
	}
	var es []forgedEntry
	if err := json.Unmarshal(raw, &es); err != nil {
		t.Fatal(err)
	}
	return es
}

// writeForged writes parts as a sync file with a correct checksum.
func writeForged(t *testing.T, path string, f map[string]any) {
	t.Helper()
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	if err := json.NewEncoder(zw).Encode(f); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(gz.Bytes())
	out := append([]byte(syncMagic), hex.EncodeToString(sum[:])...)
	out = append(append(out, '\n'), gz.Bytes()...)
	if err := os.WriteFile(path, out, 0o600); err != nil {
		t.Fatal(err)
	}
}
