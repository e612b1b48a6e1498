package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"vol/ledger"
)

// Every time vol shows is in the compound's time zone (a journalled
// setting, the same on every copy): "2026-12-04 22:57" in tables and texts,
// RFC 3339 with the zone's offset in JSON. The journal and sync files keep
// UTC. Dates (YYYY-MM-DD) are the compound's days.

// zone is the compound's time zone, read from the ledger once (UTC when
// there is no ledger yet or it sets none).
func (a *App) zone() *time.Location {
	if a.loc != nil {
		return a.loc
	}
	a.loc = time.UTC
	if p, err := a.path(); err == nil {
		if db, err := ledger.Open(context.Background(), p, a.options()); err == nil {
			if s, err := db.Settings(context.Background()); err == nil {
				a.loc = s.Zone()
			}
			_ = db.Close()
		}
	}
	return a.loc
}

// showTime words a time vol stored (RFC 3339) for a table: in the
// compound's zone, to the minute; "" stays "", text that is no time as it
// is.
func (a *App) showTime(s string) string {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return s
	}
	return t.In(a.zone()).Format("2006-01-02 15:04")
}

// jsonTime is a stored time for --json: RFC 3339 in the compound's zone,
// with its offset (2026-12-04T22:57:33+08:00).
func (a *App) jsonTime(s string) string {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return s
	}
	return t.In(a.zone()).Format(time.RFC3339)
}

// machineZone is the time zone of this machine, by IANA name, for vol
// init: $TZ, else what /etc/localtime links to, else the zone of the
// machine's offset now (Etc/GMT-8 for +08:00), else UTC.
func (a *App) machineZone() string {
	if tz := strings.TrimPrefix(a.Getenv("TZ"), ":"); tz != "" {
		if _, err := ledger.ZoneOf(tz); err == nil {
			return tz
		}
	}
	if target, err := os.Readlink("/etc/localtime"); err == nil {
		if i := strings.Index(target, "zoneinfo/"); i >= 0 {
			if name := filepath.ToSlash(target[i+len("zoneinfo/"):]); name != "" {
				if _, err := ledger.ZoneOf(name); err == nil {
					return name
				}
			}
		}
	}
	_, off := a.Now().In(time.Local).Zone()
	if off == 8*3600 {
		return "Asia/Shanghai" // China has one zone
	}
	if off%3600 == 0 && off != 0 {
		// Etc/GMT-8 is UTC+8: the sign is the POSIX one, reversed.
		name := fmt.Sprintf("Etc/GMT%+d", -off/3600)
		if _, err := ledger.ZoneOf(name); err == nil {
			return name
		}
	}
	return "UTC"
}
