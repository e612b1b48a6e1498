package main

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"vol/ledger"
)

func newConfigCmd(a *App) *cobra.Command {
	set := &cobra.Command{
		Use:   "set KEY VALUE",
		Short: "Save a setting of yours (lang zh|en): kept for this user, not in the ledger",
		Args:  exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return configSetRun(cmd.Context(), a, args[0], args[1])
		},
	}
	show := &cobra.Command{
		Use:   "show",
		Short: "Show your settings and the file they are kept in",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			return configShowRun(cmd.Context(), a)
		},
	}
	return groupCmd("config", "Your own settings (the language vol speaks), kept per user", set, show)
}

func configSetRun(_ context.Context, a *App, key, value string) error {
	allowed, ok := configKeys[key]
	if !ok {
		keys := make([]string, 0, len(configKeys))
		for k := range configKeys {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		return &ledger.FieldError{Field: "KEY", Value: key, Accepted: strings.Join(keys, ", "), Err: ledger.ErrInvalid}
	}
	if !containsStr(allowed, value) {
		return &ledger.FieldError{Field: key, Value: value, Accepted: strings.Join(allowed, ", "), Err: ledger.ErrInvalid}
	}
	cfg, err := a.loadConfig()
	if err != nil {
		return err
	}
	cfg[key] = value
	if err := a.saveConfig(cfg); err != nil {
		return err
	}
	a.fallbackLang = "" // a new default speaks at once
	a.info("%s", a.T("config.saved", key, value))
	return nil
}

func configShowRun(_ context.Context, a *App) error {
	p, err := a.configPath()
	if err != nil {
		return err
	}
	cfg, err := a.loadConfig()
	if err != nil {
		return err
	}
	fmt.Fprintln(a.Out, a.T("config.file", p))
	rows := [][]string{}
	for _, k := range []string{"lang"} {
		rows = append(rows, []string{k, cfg[k], a.lang()})
	}
	return printTable(a.Out, []string{a.T("h.setting"), a.T("h.saved"), a.T("h.in_use")}, rows)
}
