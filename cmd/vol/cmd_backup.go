package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"vol/ledger"
)

// passphrase reads the backup passphrase: --passphrase-file, else
// $VOL_PASSPHRASE. It is never taken from the command line, where other
// users and the shell history would see it.
func (a *App) passphrase(file string) (string, error) {
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return "", err
		}
		p := strings.TrimRight(string(b), "\r\n")
		if strings.TrimSpace(p) == "" {
			return "", usageErr(fmt.Errorf("--passphrase-file (%s): the file holds no passphrase; accepted: a file whose first line is the passphrase", file))
		}
		return p, nil
	}
	if p := a.Getenv("VOL_PASSPHRASE"); p != "" {
		return p, nil
	}
	return "", usageErr(errors.New("--encrypt needs a passphrase: --passphrase-file FILE or $VOL_PASSPHRASE"))
}

// workFactor is scrypt's cost for backups and sync files: 0 keeps age's
// default; only a test build lowers it (scryptLogN).
func (a *App) workFactor() int { return scryptLogN(a.Getenv) }

func newBackupCmd(a *App) *cobra.Command {
	var encrypt, list bool
	var passFile string
	c := &cobra.Command{
		Use:   "backup [FILE] [--encrypt] | --list",
		Short: "Take a consistent, checked copy of the ledger (optionally encrypted)",
		Long: `Take a consistent copy of the ledger while it is in use: vol copies it to a
private temporary file beside FILE, checks the copy in full, then renames it,
so FILE is either absent or a whole ledger. Default FILE: backups/ beside the
ledger, named by the time. --encrypt protects it with a passphrase (age,
scrypt) from --passphrase-file or $VOL_PASSPHRASE, so it can travel on a USB
stick or through a chat. --list shows the backups this ledger took.`,
		Args: rangeArgs(0, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			db, err := a.open(ctx)
			if err != nil {
				return err
			}
			defer db.Close()
			if list {
				if len(args) > 0 || encrypt {
					return usageErr(errors.New("--list takes no FILE and no --encrypt"))
				}
				bs, err := db.Backups(ctx)
				if err != nil {
					return err
				}
				rows := make([][]string, 0, len(bs))
				for _, b := range bs {
					rows = append(rows, []string{b.At, b.Path, a.yesno(b.Encrypted), a.yesno(b.Exists)})
				}
				return printTable(a.Out, []string{a.T("h.at"), a.T("h.file"), a.T("h.encrypted"), a.T("h.exists")}, rows)
			}
			opt := ledger.BackupOptions{WorkFactor: a.workFactor()}
			if encrypt {
				if opt.Passphrase, err = a.passphrase(passFile); err != nil {
					return err
				}
			}
			dest := db.DefaultBackupPath(a.Now(), encrypt)
			if len(args) == 1 {
				dest = args[0]
			}
			if err := db.Backup(ctx, dest, opt, a.Now()); err != nil {
				return err
			}
			a.info("%s", a.T("backup.done", dest))
			return nil
		},
	}
	c.Flags().BoolVar(&encrypt, "encrypt", false, "encrypt with a passphrase")
	c.Flags().StringVar(&passFile, "passphrase-file", "", "read the passphrase from this file")
	c.Flags().BoolVar(&list, "list", false, "list the backups this ledger took")
	return c
}

func newRestoreCmd(a *App) *cobra.Command {
	var yes bool
	var passFile string
	c := &cobra.Command{
		Use:   "restore FILE",
		Short: "Replace the ledger with a checked backup (the replaced one is kept)",
		Long: `Replace the ledger with a backup after checking it in full. The replaced
ledger is kept beside it (ledger.db.replaced-TIME). The restored copy takes a
new device ID when it next writes, so two copies never reuse sequence numbers,
and every erasure the replaced ledger recorded after the backup was taken is
applied again: restoring never brings erased data back.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			path, err := a.path()
			if err != nil {
				return err
			}
			pass := ""
			if ledger.IsEncrypted(args[0]) {
				if pass, err = a.passphrase(passFile); err != nil {
					return usageErr(fmt.Errorf("%s is an encrypted backup: give its passphrase with --passphrase-file FILE or $VOL_PASSPHRASE", args[0]))
				}
			}
			if err := a.confirm(yes, a.T("confirm.restore", path, args[0])); err != nil {
				return err
			}
			kept, n, err := ledger.Restore(ctx, path, args[0], pass, a.options(), a.meta("restore"))
			if err != nil {
				return err
			}
			a.info("%s", a.T("restore.done", path, args[0], kept, n))
			return nil
		},
	}
	c.Flags().BoolVar(&yes, "yes", false, "confirm without asking")
	c.Flags().StringVar(&passFile, "passphrase-file", "", "read the passphrase from this file")
	return c
}
