// Command vol keeps a compound's volunteer register in one SQLite file.
package main

import (
	"context"
	"os"
	"os/signal"
	_ "time/tzdata" // time zones on Windows, which has no zone database of its own
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	stopProfile := startProfile()
	code := run(ctx, os.Args[1:], systemIO())
	stopProfile()
	stop()
	os.Exit(code)
}
