package ledger

import (
	"context"
	"errors"
	"slices"
	"strings"
)

var tPosts = mustTable("posts")

// Shift is one of the day's duty shifts: its name and its time of day in
// minutes from midnight; a shift whose End is not after its Start ends the
// next morning (夜 22:00-06:00).
type Shift struct {
	Name       string
	Start, End int
}

// Night reports whether the shift crosses midnight.
func (s Shift) Night() bool { return s.End <= s.Start }

// DefaultShifts are the three shifts round the clock the compounds ran:
// 早 06:00-14:00, 中 14:00-22:00, 夜 22:00-06:00; the shifts setting
// changes them (Settings.Shifts).
var DefaultShifts = []Shift{{"早", 6 * 60, 14 * 60}, {"中", 14 * 60, 22 * 60}, {"夜", 22 * 60, 6 * 60}}

// Post is a place volunteers stand duty at: Need volunteers on each of its
// Shifts (every shift when empty), with Skill when it asks for one, in
// Building when it has one.
type Post struct {
	ID, Name, Skill, Building string
	Need                      int
	Shifts                    []string
}

// Posts lists the posts by name.
func (v View) Posts(ctx context.Context) ([]Post, error) {
	rows, err := v.q.QueryContext(ctx, `SELECT id, name, need, skill, shifts, building FROM posts ORDER BY name, id`)
	if err != nil {
		return nil, classify(err)
	}
	defer rows.Close()
	out := []Post{}
	for rows.Next() {
		var p Post
		var shifts string
		if err := rows.Scan(&p.ID, &p.Name, &p.Need, &p.Skill, &shifts, &p.Building); err != nil {
			return nil, classify(err)
		}
		p.Shifts = splitStored(shifts)
		out = append(out, p)
	}
	return out, classify(rows.Err())
}

// FindPost finds a post by its name or an ID (or a unique part of one).
func (v View) FindPost(ctx context.Context, ref string) (Post, error) {
	ps, err := v.Posts(ctx)
	if err != nil {
		return Post{}, err
	}
	name := NormalizeText(ref)
	var found []Post
	for _, p := range ps {
		if p.Name == name {
			return p, nil
		}
		if len(ref) >= 4 && strings.Contains(p.ID, strings.ToLower(ref)) {
			found = append(found, p)
		}
	}
	if len(found) == 1 {
		return found[0], nil
	}
	return Post{}, &FieldError{Field: "post", Value: ref, Want: T("a post's name or ID (vol post list)"), Err: ErrNotFound}
}

// AddPost records a post; the shifts named must be shifts of the day, the
// name not taken.
func (tx *Tx) AddPost(p Post) (string, error) {
	p.Name = NormalizeText(p.Name)
	if err := CheckLabel("name", p.Name); err != nil {
		return "", err
	}
	if p.Name == "" {
		return "", invalid("name", "", T("a post's name, such as 东门 or 巡逻一线"))
	}
	if p.Need < 1 || p.Need > 50 {
		return "", invalid("--need", "", T("1 to 50 volunteers"))
	}
	set, err := tx.Settings(tx.ctx)
	if err != nil {
		return "", err
	}
	names := ShiftNames(set.Shifts)
	for _, s := range p.Shifts {
		if !slices.Contains(names, s) {
			return "", &FieldError{Field: "--shifts", Value: s, Want: T("shifts of the day: %s", strings.Join(names, ", ")), Err: ErrInvalid}
		}
	}
	if _, err := tx.FindPost(tx.ctx, p.Name); err == nil {
		return "", &FieldError{Field: "post", Value: p.Name, Want: T("a name no other post has"), Err: ErrDuplicate}
	} else if !errors.Is(err, ErrNotFound) {
		return "", err
	}
	id := tx.NewID()
	return id, tx.insert(tPosts, id, map[string]any{"name": p.Name, "need": int64(p.Need), "skill": p.Skill,
		"shifts": strings.Join(p.Shifts, ","), "building": p.Building})
}

// RemovePost removes a post.
func (tx *Tx) RemovePost(id string) error { return tx.delete(tPosts, id) }
