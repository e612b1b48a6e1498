package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"vol/ledger"
)

// typed is a terminal on which the user types these passphrases, one per
// question; it counts the questions.
type typed struct {
	answers []string
	asked   int
}

func (k *typed) read(ctx context.Context) ([]byte, error) {
	k.asked++
	if len(k.answers) == 0 {
		return nil, errors.New("no more typing")
	}
	p := k.answers[0]
	k.answers = k.answers[1:]
	return []byte(p), nil
}

// TestPassphrasePrompt: on a terminal vol backup --encrypt and vol sync
// export --encrypt ask twice and refuse two different passphrases; vol
// restore and vol sync import of an encrypted file ask once; a passphrase
// file or $VOL_PASSPHRASE wins and nothing is asked; off a terminal with
// neither, it is misuse (exit 2). Each goes through run with IO's
// ReadPassword put in. (In process, so scrypt at age's full cost: a few
// seconds.)
func TestPassphrasePrompt(t *testing.T) {
	t.Parallel()
	env := testEnv(t, "prompt")
	mustVol(t, env, "init")
	mustVol(t, env, "household", "add", "1-1-101")
	dir := t.TempDir()
	const pass = "芝麻开门 open sesame"

	// two different: refused, nothing written
	k := &typed{answers: []string{pass, pass + "!"}}
	bad := filepath.Join(dir, "bad.age")
	code, _, errOut := volWith(t, env, IO{ReadPassword: k.read}, "backup", "--encrypt", bad)
	if code != exitFailure || !strings.Contains(errOut, "vol: passphrase: the two differ; nothing was written") || k.asked != 2 {
		t.Errorf("two different passphrases: exit %d, asked %d times: %s", code, k.asked, errOut)
	}
	if _, err := os.Stat(bad); !os.IsNotExist(err) {
		t.Errorf("a backup was written with a mistyped passphrase: %v", err)
	}

	// typed twice alike: an encrypted backup
	k = &typed{answers: []string{pass, pass}}
	backup := filepath.Join(dir, "ok.age")
	code, _, errOut = volWith(t, env, IO{ReadPassword: k.read}, "backup", "--encrypt", backup)
	if code != exitOK || k.asked != 2 {
		t.Fatalf("backup --encrypt: exit %d, asked %d times: %s", code, k.asked, errOut)
	}
	for _, q := range []string{"passphrase to protect the file (not shown as you type): \n", "the same passphrase again: \n"} {
		if !strings.Contains(errOut, q) {
			t.Errorf("backup --encrypt did not ask %q:\n%s", q, errOut)
		}
	}
	if !ledger.IsEncrypted(backup) {
		t.Fatalf("%s is not encrypted", backup)
	}

	// restore asks once; the passphrase typed opens it
	k = &typed{answers: []string{pass}}
	code, _, errOut = volWith(t, env, IO{ReadPassword: k.read}, "restore", backup, "--yes")
	if code != exitOK || k.asked != 1 || !strings.Contains(errOut, "passphrase of the file (not shown as you type): \n") {
		t.Errorf("restore: exit %d, asked %d times: %s", code, k.asked, errOut)
	}

	// a passphrase file, or $VOL_PASSPHRASE, wins: nothing is asked
	passFile := filepath.Join(dir, "pass.txt")
	if err := os.WriteFile(passFile, []byte(pass+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	k = &typed{}
	syncFile := filepath.Join(dir, "out.volsync")
	if code, _, errOut := volWith(t, env, IO{ReadPassword: k.read}, "sync", "export", "--encrypt", "--passphrase-file", passFile, "-o", syncFile); code != exitOK || k.asked != 0 {
		t.Errorf("sync export --passphrase-file: exit %d, asked %d times: %s", code, k.asked, errOut)
	}
	if code, _, errOut := volWith(t, withEnv(env, "VOL_PASSPHRASE", pass), IO{ReadPassword: k.read}, "sync", "import", syncFile, "--dry-run"); code != exitOK || k.asked != 0 {
		t.Errorf("sync import with $VOL_PASSPHRASE: exit %d, asked %d times: %s", code, k.asked, errOut)
	}

	// sync import asks once; sync export asks twice
	k = &typed{answers: []string{pass}}
	if code, _, errOut := volWith(t, env, IO{ReadPassword: k.read}, "sync", "import", syncFile, "--dry-run"); code != exitOK || k.asked != 1 {
		t.Errorf("sync import: exit %d, asked %d times: %s", code, k.asked, errOut)
	}
	k = &typed{answers: []string{pass, pass}}
	if code, _, errOut := volWith(t, env, IO{ReadPassword: k.read}, "sync", "export", "--encrypt", "-o", syncFile+"1"); code != exitOK || k.asked != 2 || !ledger.IsEncrypted(syncFile+"1") {
		t.Errorf("sync export: exit %d, asked %d times: %s", code, k.asked, errOut)
	}
	k = &typed{answers: []string{"", ""}}
	if code, _, errOut := volWith(t, env, IO{ReadPassword: k.read}, "sync", "export", "--encrypt", "-o", syncFile+"2"); code != exitFailure || k.asked != 1 || !strings.Contains(errOut, "passphrase: empty") {
		t.Errorf("sync export with an empty passphrase: exit %d, asked %d times: %s", code, k.asked, errOut)
	}

	// off a terminal, with neither: misuse, and nothing is read
	if code, _, errOut := volWith(t, env, IO{}, "backup", "--encrypt", filepath.Join(dir, "none.age")); code != exitUsage || !strings.Contains(errOut, "--encrypt needs a passphrase") {
		t.Errorf("backup --encrypt off a terminal: exit %d: %s", code, errOut)
	}
	if code, _, errOut := volWith(t, env, IO{}, "restore", backup, "--yes"); code != exitUsage || !strings.Contains(errOut, "is an encrypted backup") {
		t.Errorf("restore off a terminal: exit %d: %s", code, errOut)
	}
	mustCheck(t, env, "at the end")
}
