package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"vol/ledger"
)

// A PERSON argument (a name, NAME@ADDRESS, a phone or its last four digits,
// an ID or part of one: ledger.View.Person says in which order) is read
// before a command's write, by pickPerson or pickTarget: one that names
// several people lists them and, on a terminal, asks which one; off a
// terminal it is an error listing them. The write then reads the one
// chosen by its whole ID: asking inside the write would hold the ledger
// while someone reads the list.

// pickPerson finds the person a PERSON argument names. field names the
// argument in messages (a.T("pick.person"), "--by").
func (a *App) pickPerson(ctx context.Context, v ledger.View, ref, field string) (ledger.Person, error) {
	p, err := v.Person(ctx, ref)
	if err == nil {
		return p, nil
	}
	id, err := a.pick(err, ref, field)
	if err != nil {
		return ledger.Person{}, err
	}
	return v.Person(ctx, id)
}

// pickTarget finds the household, or the person, an ADDRESS|PERSON
// argument names.
func (a *App) pickTarget(ctx context.Context, v ledger.View, ref, field string) (ledger.Target, error) {
	t, err := v.Target(ctx, ref)
	if err == nil {
		return t, nil
	}
	id, err := a.pick(err, ref, field)
	if err != nil {
		return ledger.Target{}, err
	}
	return v.Target(ctx, id)
}

// targetRef is the whole ID a write reads a picked target by again.
func targetRef(t ledger.Target) string {
	if t.Person != nil {
		return t.Person.ID
	}
	return t.HouseholdID
}

// pick turns a *ledger.PersonError into the user's choice (a whole ID) on a
// terminal, or into an error in the user's words. Other errors pass as they
// are.
func (a *App) pick(err error, ref, field string) (string, error) {
	var pe *ledger.PersonError
	if !errors.As(err, &pe) {
		return "", err
	}
	if errors.Is(pe.Err, ledger.ErrAmbiguous) && a.Terminal && pe.More == 0 {
		return a.choose(pe, ref)
	}
	return "", said(a.personError(pe, field), pe)
}

// choices lists what an ambiguous argument matched: households by address,
// people by masked name and address, each with its short ID.
func (a *App) choices(pe *ledger.PersonError) (labels, ids []string) {
	for _, h := range pe.Households {
		labels = append(labels, a.T("pick.household", h.Address.String(), shortID(h.ID)))
		ids = append(ids, h.ID)
	}
	for _, p := range pe.Candidates {
		labels = append(labels, whoIs(p))
		ids = append(ids, p.ID)
	}
	return labels, ids
}

// personError says, in the user's language, why ref names no one person.
// It repeats ref as typed: masking what the user just typed would only
// hide from them what they asked for; everyone else it lists is masked.
func (a *App) personError(pe *ledger.PersonError, field string) string {
	sep := a.T("pick.sep")
	if errors.Is(pe.Err, ledger.ErrAmbiguous) {
		labels, _ := a.choices(pe)
		list := strings.Join(labels, sep)
		if pe.More > 0 {
			list += sep + a.T("pick.more", pe.More)
			return a.T("pick.ambiguous.many", field, pe.Query, len(labels)+pe.More, list)
		}
		return a.T("pick.ambiguous", field, pe.Query, len(labels), list)
	}
	if len(pe.Near) == 0 {
		return a.T("pick.unknown", field, pe.Query)
	}
	near := make([]string, 0, len(pe.Near))
	for _, p := range pe.Near {
		near = append(near, whoIs(p))
	}
	return a.T("pick.unknown.near", field, pe.Query, strings.Join(near, sep))
}

// choose lists an ambiguous argument's matches on stderr and reads the
// number of one from stdin; no number, or one out of range, stops the
// command having changed nothing.
func (a *App) choose(pe *ledger.PersonError, ref string) (string, error) {
	labels, ids := a.choices(pe)
	var b strings.Builder
	b.WriteString(a.T("pick.which", ref, len(labels)) + "\n")
	for i, l := range labels {
		fmt.Fprintf(&b, "  %d) %s\n", i+1, l)
	}
	b.WriteString(a.T("pick.ask", len(labels)) + " ")
	fmt.Fprint(a.Err, ledger.PrintableText(b.String()))
	ans, _ := readLine(a.In) // no answer (end of input) is no choice
	n, err := strconv.Atoi(strings.TrimSpace(ledger.NormalizeText(ans)))
	if err != nil || n < 1 || n > len(ids) {
		return "", said(a.T("pick.none"), pe)
	}
	return ids[n-1], nil
}

// readLine reads one line, a byte at a time, so that nothing past it is
// taken from a reader a later question reads too.
func readLine(r io.Reader) (string, error) {
	var b []byte
	var c [1]byte
	for {
		n, err := r.Read(c[:])
		if n == 1 {
			if c[0] == '\n' {
				return strings.TrimSuffix(string(b), "\r"), nil
			}
			b = append(b, c[0])
		}
		if err != nil {
			return string(b), err
		}
	}
}
