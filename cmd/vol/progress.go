package main

import (
	"fmt"
	"strings"
	"sync"
	"time"
)

// progress shows on stderr that a command is at work: a bar when the work
// has a count (vol import's rows), else a spinner with the time gone by.
// It shows only when stderr is a terminal, and only once the work has
// taken IO.ProgressAfter (a second): pipes and logs, and quick commands,
// get nothing. It draws on one line, which end clears; a message said
// through App.info meanwhile goes above it.
//
// The time is the wall clock's, not App.Now: that one is the ledger's day,
// which tests and VOL_NOW fix.
type progress struct {
	a     *App
	label string
	start time.Time
	after time.Duration

	mu          sync.Mutex
	shown       bool // a line is on the screen
	ended       bool
	done, total int // total > 0: a bar
	frame       int

	stop chan struct{}
	wg   sync.WaitGroup
}

// spinEvery is how often the spinner turns.
const spinEvery = 200 * time.Millisecond

// startProgress starts showing progress for work named by the catalogue
// word label; it returns nil, which shows nothing, off a terminal. The
// caller ends it (end is safe on nil and twice).
func (a *App) startProgress(label string) *progress {
	if !a.ErrTerminal {
		return nil
	}
	p := &progress{a: a, label: a.T(label), start: time.Now(), after: a.ProgressAfter, stop: make(chan struct{})}
	a.prog = p
	if p.after <= 0 {
		p.draw()
	}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		t := time.NewTicker(spinEvery)
		defer t.Stop()
		for {
			select {
			case <-p.stop:
				return
			case <-t.C:
				p.draw()
			}
		}
	}()
	return p
}

// set moves the bar: done of total.
func (p *progress) set(done, total int) {
	if p == nil {
		return
	}
	p.mu.Lock()
	p.done, p.total = done, total
	p.mu.Unlock()
	p.draw()
}

// draw puts the line on the screen once the work has taken long enough.
func (p *progress) draw() {
	p.mu.Lock()
	defer p.mu.Unlock()
	gone := time.Since(p.start)
	if p.ended || gone < p.after {
		return
	}
	var line string
	if p.total > 0 {
		const width = 30
		n := min(p.done, p.total) * width / p.total
		line = fmt.Sprintf("%s [%s%s] %d/%d", p.label, strings.Repeat("#", n), strings.Repeat(".", width-n), p.done, p.total)
	} else {
		line = string(`|/-\`[p.frame%4]) + " " + p.a.T("progress.spin", p.label, int(gone/time.Second))
		p.frame++
	}
	fmt.Fprint(p.a.Err, "\r"+line+"\033[K")
	p.shown = true
}

// clear takes the line off the screen; the caller holds mu.
func (p *progress) clear() {
	if p.shown {
		fmt.Fprint(p.a.Err, "\r\033[K")
		p.shown = false
	}
}

// say writes a message above the line, which the next turn draws again.
func (p *progress) say(msg string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clear()
	fmt.Fprintln(p.a.Err, msg)
}

// end stops the line and clears it.
func (p *progress) end() {
	if p == nil {
		return
	}
	p.mu.Lock()
	if p.ended {
		p.mu.Unlock()
		return
	}
	p.ended = true
	p.clear()
	p.mu.Unlock()
	close(p.stop)
	p.wg.Wait()
	if p.a.prog == p {
		p.a.prog = nil
	}
}
