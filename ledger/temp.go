package ledger

import (
	"os"
	"path/filepath"

	"strconv"
	"strings"
	"time"
)

// Temporary files live beside the ledger, never in the system's temporary
// folder: a copy of the register in /tmp is where erasure cannot reach it.
// Their names carry the process that made them (.vol-backup-PID-…), so a
// command that is killed leaves nothing the next one does not sweep: it
// removes those whose process is gone, and those without a process older
// than StaleTemp; vol erase removes them all.
const StaleTemp = time.Hour

// tempPrefixes name vol's temporary files and folders beside a ledger: a
// backup's plain copy, a restore's candidate, the scratch folders of
// spreadsheet reading and writing (TempDir), a seal being written.
var tempPrefixes = []string{".vol-backup-", ".vol-restore-", ".vol-tmp-", ".vol-seal-"}

// tempName is an os.CreateTemp pattern for a temporary file of this
// process: prefix, the process ID, a random part, suffix.
func tempName(prefix, suffix string) string {
	return prefix + strconv.Itoa(os.Getpid()) + "-*" + suffix
}

// TempDir makes a private folder (0700) beside the ledger at path for a
// library's temporary files (excelize's, reading or writing a workbook)
// and returns it with the function that removes it. Without the ledger's
// folder (there is no ledger yet) it is made in the system's.
func TempDir(path string) (string, func(), error) {
	parent := filepath.Dir(path)
	if st, err := os.Stat(parent); err != nil || !st.IsDir() {
		parent = ""
	}
	dir, err := os.MkdirTemp(parent, tempName(".vol-tmp-", ""))
	if err != nil {
		return "", nil, err
	}
	return dir, func() { _ = os.RemoveAll(dir) }, nil
}

// TempDir is the package function for this ledger.
func (db *DB) TempDir() (string, func(), error) { return TempDir(db.path) }

// SweepTemps removes vol's temporary files and folders beside the ledger at
// path that no running command holds: those whose process is gone, and
// those without a process last changed before the cutoff. With all set it
// removes every one (vol erase: a copy may hold the person erased). It
// returns how many it removed; one it cannot remove now waits for the next
// command.
func SweepTemps(path string, cutoff time.Time, all bool) int {
	dir := filepath.Dir(path)
	es, err := os.ReadDir(dir)
	if err != nil {
		return 0
	}
	n := 0
	for _, e := range es {
		pid, ok := tempOwner(e.Name())
		if !ok {
			continue
		}
		if !all {
			if pid > 0 && alive(pid) {
				continue
			}
			if pid == 0 {
				info, err := e.Info()
				if err != nil || !info.ModTime().Before(cutoff) {
					continue
				}
			}
		}
		if os.RemoveAll(filepath.Join(dir, e.Name())) == nil {
			n++
		}
	}
	return n
}

// tempOwner reports whether name is one of vol's temporary files beside
// the ledger, and the process that made it (0 when its name does not say:
// atomicfile's ".NAME.DIGITS.tmp", of exports written into the ledger's
// folder, and those of older versions).
func tempOwner(name string) (int, bool) {
	for _, p := range tempPrefixes {
		if rest, ok := strings.CutPrefix(name, p); ok {
			if pid, _, ok := strings.Cut(rest, "-"); ok {
				if n, err := strconv.Atoi(pid); err == nil && n > 0 {
					return n, true
				}
			}
			return 0, true
		}
	}
	return 0, atomicTemp().MatchString(name)
}

// atomicTemp matches atomicfile's temporary names: "." + the target's name
// + "." + os.CreateTemp's random digits + ".tmp".
var atomicTemp = lazyRegexp(`^\..+\.[0-9]+\.tmp$`)
