package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
)

// run builds the command tree, executes it and maps the outcome to an exit
// code. It is main without the process: tests call it directly.
func run(ctx context.Context, args []string, io IO) int {
	out := &stickyWriter{w: io.Out}
	io.Out = out
	a := newApp(io)
	root := newRootCmd(a)
	a.Lang = langArg(args) // so that even a flag pflag refuses before --lang is worded in it
	root.SetArgs(args)
	root.SetIn(io.In)
	root.SetOut(io.Out)
	root.SetErr(io.Err)
	var cmd *cobra.Command
	err := unknownCommand(root, args)
	if err == nil {
		cmd, err = root.ExecuteContextC(ctx)
	}
	if err == nil && out.err != nil {
		// A result cut short (a full disk, a closed pipe) is a failure.
		err = fmt.Errorf("%s: %w", a.T("err.output"), out.err)
	}
	err = a.worded(err)
	path := "vol"
	var ce *commandError
	switch {
	case errors.As(err, &ce):
		path = ce.cmd.CommandPath()
	case cmd != nil:
		path = cmd.CommandPath()
	}
	return exitCode(err, path, a, io.Err)
}

// langArg is the value of --lang in args ("" when none), read before cobra
// parses them: pflag stops at the first flag it refuses.
func langArg(args []string) string {
	for i, s := range args {
		switch {
		case s == "--":
			return ""
		case s == "--lang" && i+1 < len(args):
			return args[i+1]
		case strings.HasPrefix(s, "--lang="):
			return strings.TrimPrefix(s, "--lang=")
		}
	}
	return ""
}

func newRootCmd(a *App) *cobra.Command {
	root := &cobra.Command{
		Use:   "vol",
		Short: "A compound's volunteer register in one local file",
		Long: `vol keeps a compound's register of households, residents, elders and
volunteers in one local SQLite file, journals every change, and answers the
volunteer team's questions from it.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			// The bulletin alone prints two languages at once.
			if cmd.Name() == "bulletin" && (a.Lang == "zh,en" || a.Lang == "en,zh") {
				a.langs = strings.Split(a.Lang, ",")
				a.Lang = a.langs[0]
			}
			if !validLang(a.Lang) {
				return usageErr(errors.New(a.T("cli.lang", maskArg(a.Lang))))
			}
			return missingRequired(cmd)
		},
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return &flagError{cmd: c, err: err} })
	pf := root.PersistentFlags()
	pf.StringVar(&a.DBPath, "db", "", "ledger file (default $VOL_DB, else the user's data folder)")
	pf.StringVar(&a.Lang, "lang", "", "language for messages and headers: zh or en (default: $LC_ALL, $LC_MESSAGES, $LANG, vol config set lang, the system's)")
	pf.StringVar(&a.As, "as", "", "who is making the change (default the OS user name)")
	pf.StringVar(&a.On, "on", "", "date for ages and figures, YYYY-MM-DD (default today)")
	root.AddCommand(
		newInitCmd(a), newStatusCmd(a), newDemoCmd(a), newCompoundCmd(a),
		newHouseholdCmd(a), newPersonCmd(a), newBuildingCmd(a), newBuildingsCmd(a), newDutyCmd(a), newPostCmd(a), newRotaCmd(a), newAvailCmd(a),
		newShiftCmd(a), newHoursCmd(a), newTestCmd(a), newBuyCmd(a), newBulletinCmd(a), newReportCmd(a), newHubCmd(a), newFindCmd(a),
		newEldersCmd(a), newVolunteersCmd(a), newWhoCmd(a),
		newPairCmd(a), newMedCmd(a), newAllocCmd(a), newRoundsCmd(a), newRoundCmd(a), newWhyCmd(a), newRulesCmd(a),
		newImportCmd(a), newExportCmd(a),
		newSyncCmd(a), newConflictsCmd(a), newResolveCmd(a),
		newLogCmd(a), newCheckCmd(a), newUndoCmd(a), newEraseCmd(a), newCompactCmd(a), newBackupCmd(a), newRestoreCmd(a),
		newConfigCmd(a), newExitCodesTopic(), newWindowsTopic(),
	)
	humanizeFlags(root)
	setupHelp(root, a)
	return root
}

// stickyWriter keeps the first error of the writes to stdout, so a result
// cut short (a full disk, a closed pipe) ends the command with exit 1
// whichever printer wrote it (tablewriter does not report write errors).
type stickyWriter struct {
	w   io.Writer
	err error
}

func (s *stickyWriter) Write(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	n, err := s.w.Write(p)
	s.err = err
	return n, err
}

// groupCmd is a command that only holds subcommands: run alone, it is misuse.
func groupCmd(use, short string, subs ...*cobra.Command) *cobra.Command {
	c := &cobra.Command{
		Use:   use,
		Short: short,
		Args:  cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			word := ""
			if len(args) > 0 {
				word = args[0]
			}
			return &commandError{cmd: cmd, word: word}
		},
	}
	c.AddCommand(subs...)
	return c
}

func newExitCodesTopic() *cobra.Command {
	return &cobra.Command{
		Use:   "exit-codes",
		Short: "What vol's exit codes mean",
		Long: `Exit codes:
  0    success (an empty list too)
  1    failure: bad input, a missing or foreign ledger, a refused change
  2    wrong usage: unknown command or flag, wrong number of arguments,
       or a destructive command off a terminal without --yes
  3    vol check found a problem in the ledger
  130  interrupted`,
	}
}

// newWindowsTopic explains the clash with cmd.exe's own vol command.
func newWindowsTopic() *cobra.Command {
	return &cobra.Command{
		Use:   "windows",
		Short: "Running vol on Windows: type vol.exe in cmd.exe",
		Long: `In cmd.exe (the Command Prompt), vol is a built-in command that prints the
disk's volume label ("Volume in drive C has no label") and wins over this
program. Type vol.exe there instead (vol.exe status, vol.exe alloc ...), or
use PowerShell or Windows Terminal, where vol runs this program.

The language follows Windows' display language (中文 gives Chinese); vol
config set lang zh keeps a choice for this user; --lang wins over both.`,
	}
}
