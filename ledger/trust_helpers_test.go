package ledger

import (
	"context"
	"testing"
)

// trust makes c trust the device with the fingerprint (vol sync trust),
// then applies the files that waited for it.
func (c *copyOf) trust(t *testing.T, fingerprint string) {
	t.Helper()
	c.write(t, "sync trust", func(tx *Tx) error { _, err := tx.Trust(fingerprint); return err })
	if _, err := c.db.ApplyPending(context.Background(), c.m, SyncLimits{}); err != nil {
		t.Fatalf("%s: applying pending files: %v", c.name, err)
	}
}

// trustAll imports a file into c and trusts every device whose entries in
// it waited for trust, as a coordinator does after comparing fingerprints.
func trustAll(t *testing.T, c *copyOf, path string) {
	t.Helper()
	res := c.load(t, path, SyncImportOptions{})
	for _, w := range res.Waiting {
		if w.Reason == "untrusted" {
			c.trust(t, w.Fingerprint)
		}
	}
}

// introduce makes every copy trust every other one, as the coordinators
// do once by comparing fingerprints (vol sync whoami, vol sync trust): a
// trust decision with the other's key, as vol sync trust records it.
func introduce(t *testing.T, copies ...*copyOf) {
	t.Helper()
	type dev struct{ id, pub string }
	devs := make([]dev, len(copies))
	for i, c := range copies {
		w, err := c.db.Whoami(context.Background(), c.m)
		if err != nil {
			t.Fatal(err)
		}
		devs[i] = dev{w.Device, w.PublicKey}
	}
	for i, c := range copies {
		c.write(t, "sync trust", func(tx *Tx) error {
			for j, d := range devs {
				if i != j {
					if err := tx.insert(tDeviceTrust, tx.NewID(), trustRow{device: d.id, kind: trustTrust, pubkey: d.pub, voucher: tx.device}.set()); err != nil {
						return err
					}
				}
			}
			return nil
		})
	}
}
