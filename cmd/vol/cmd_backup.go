package main

import (
	"context"
	"errors"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"vol/ledger"
)

// passphrase reads the passphrase of an encrypted backup or sync file:
// --passphrase-file, else $VOL_PASSPHRASE (for scripts; either wins), else,
// on a terminal, typed without echo (twice when set: it protects a new
// file). It is never taken from the command line, where other users and
// the shell history would see it.
func (a *App) passphrase(ctx context.Context, file string, set bool) (string, error) {
	if file != "" {
		b, err := readBounded(file, maxPassphraseFile)
		if err != nil {
			return "", a.fileErr("--passphrase-file", file, err)
		}
		p := strings.TrimRight(string(b), "\r\n")
		if strings.TrimSpace(p) == "" {
			return "", usageErr(errors.New(a.T("cli.pass.empty", file)))
		}
		return p, nil
	}
	if p := a.Getenv("VOL_PASSPHRASE"); p != "" {
		return p, nil
	}
	if a.ReadPassword != nil {
		return a.askPassphrase(ctx, set)
	}
	return "", usageErr(errors.New(a.T("cli.pass.none")))
}

// maxPassphraseFile bounds what vol reads of a passphrase file: a
// passphrase is a line, not a file that could fill the memory (/dev/zero).
const maxPassphraseFile = 4 << 10

// readBounded reads a small file whole, refusing one longer than limit
// bytes without reading past it.
func readBounded(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, &tooLongError{limit: limit}
	}
	return b, nil
}

// workFactor is scrypt's cost for backups and sync files: 0 keeps age's
// default; only a test build lowers it (scryptLogN).
func (a *App) workFactor() int { return scryptLogN(a.Getenv) }

type backupOptions struct {
	File          string // "" for the default under backups/
	Encrypt, List bool
	PassFile      string
}

func newBackupCmd(a *App) *cobra.Command {
	opts := backupOptions{}
	c := &cobra.Command{
		Use:   "backup [FILE] [--encrypt] | --list",
		Short: "Take a consistent, checked copy of the ledger (optionally encrypted)",
		Long: `Take a consistent copy of the ledger while it is in use: vol copies it to a
private temporary file beside FILE, checks the copy in full, then renames it,
so FILE is either absent or a whole ledger. Default FILE: backups/ beside the
ledger, named by the time. --encrypt protects it with a passphrase (age,
scrypt), so it can travel on a USB stick or through a chat: on a terminal vol
asks for it twice, not shown as typed; --passphrase-file or $VOL_PASSPHRASE
give it for scripts, and win. --list shows the backups this ledger took. FILE is
never the ledger itself, its companions or an earlier backup.`,
		Args: rangeArgs(0, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.List && (len(args) > 0 || opts.Encrypt) {
				return usageErr(errors.New(a.T("cli.backup.list")))
			}
			if len(args) == 1 {
				opts.File = args[0]
			}
			return backupRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().BoolVar(&opts.Encrypt, "encrypt", false, "encrypt with a passphrase")
	c.Flags().StringVar(&opts.PassFile, "passphrase-file", "", "read the passphrase from this file")
	c.Flags().BoolVar(&opts.List, "list", false, "list the backups this ledger took")
	return c
}

func backupRun(ctx context.Context, a *App, opts backupOptions) error {
	db, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if opts.List {
		bs, err := db.Backups(ctx)
		if err != nil {
			return err
		}
		rows := make([][]string, 0, len(bs))
		for _, b := range bs {
			rows = append(rows, []string{a.showTime(b.At), b.Path, a.yesno(b.Encrypted), a.yesno(b.Exists)})
		}
		return printTable(a.Out, []string{a.T("h.at"), a.T("h.file"), a.T("h.encrypted"), a.T("h.exists")}, rows)
	}
	opt := ledger.BackupOptions{WorkFactor: a.workFactor()}
	if opts.Encrypt {
		if opt.Passphrase, err = a.passphrase(ctx, opts.PassFile, true); err != nil {
			return err
		}
	}
	dest := opts.File
	if dest == "" {
		dest = db.DefaultBackupPath(a.Now(), opts.Encrypt)
	}
	if err := db.CheckOutput(ctx, "FILE", dest); err != nil {
		return err
	}
	prog := a.startProgress("progress.backup")
	err = db.Backup(ctx, dest, opt, a.Now())
	prog.end()
	if err != nil {
		return err
	}
	a.info("%s", a.T("backup.done", dest))
	return nil
}

type restoreOptions struct {
	File     string
	Yes      bool
	PassFile string
}

func newRestoreCmd(a *App) *cobra.Command {
	opts := restoreOptions{}
	c := &cobra.Command{
		Use:   "restore FILE",
		Short: "Replace the ledger with a checked backup (the replaced one is kept)",
		Long: `Replace the ledger with a backup after checking it in full. The replaced
ledger is kept beside it (ledger.db.replaced-TIME). The restored copy takes a
new device ID when it next writes, so two copies never reuse sequence numbers,
and every erasure the replaced ledger recorded after the backup was taken is
applied again: restoring never brings erased data back. The passphrase of an
encrypted backup is asked on a terminal, or read from --passphrase-file or
$VOL_PASSPHRASE.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File = args[0]
			return restoreRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().BoolVar(&opts.Yes, "yes", false, "confirm without asking")
	c.Flags().StringVar(&opts.PassFile, "passphrase-file", "", "read the passphrase from this file")
	return c
}

// restoreRun replaces the ledger with a backup. ledger.Restore is the one
// path for it: it checks the backup, keeps the replaced file, and applies
// again the erasures the backup predates.
func restoreRun(ctx context.Context, a *App, opts restoreOptions) error {
	path, err := a.path()
	if err != nil {
		return err
	}
	if _, err := os.Stat(opts.File); err != nil {
		return a.fileErr("", opts.File, err)
	}
	pass := ""
	if ledger.IsEncrypted(opts.File) {
		if pass, err = a.passphrase(ctx, opts.PassFile, false); err != nil {
			if !errors.As(err, new(*usageError)) {
				return err // a file that cannot be read, a passphrase typed wrong twice
			}
			return usageErr(said(a.T("cli.backup.encrypted", opts.File), err))
		}
	}
	if err := a.confirm(opts.Yes, a.T("confirm.restore", path, opts.File)); err != nil {
		return err
	}
	prog := a.startProgress("progress.restore")
	kept, n, err := ledger.Restore(ctx, path, opts.File, pass, a.options(), a.meta("restore"))
	prog.end()
	if err != nil {
		return err
	}
	a.info("%s", a.T("restore.done", path, opts.File, kept, n))
	return nil
}
