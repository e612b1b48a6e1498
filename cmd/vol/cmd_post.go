package main

import (
	"context"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"vol/ledger"
)

func newPostCmd(a *App) *cobra.Command {
	return groupCmd("post", "Duty posts: a gate, a patrol route, the testing site (issue 17)",
		newPostAddCmd(a), newPostListCmd(a), newPostRmCmd(a))
}

type postAddOptions struct {
	Name, Skill, Shifts, Building string
	Need                          int
}

func newPostAddCmd(a *App) *cobra.Command {
	opts := postAddOptions{}
	c := &cobra.Command{
		Use:   "add NAME --need N [--skill TAG] [--shifts 早,中,夜] [--building B]",
		Short: "Record a duty post and the volunteers each of its shifts needs",
		Long: `Record a duty post: NAME (东门, 巡逻一线, 核酸点), the volunteers each shift
needs there (--need), the skill it asks for (--skill 医生), the shifts it is
staffed (--shifts 早,夜; default every shift of the day) and the building it
belongs to (--building 3). The shifts of the day are 早 06:00-14:00, 中
14:00-22:00 and 夜 22:00-06:00.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Name = args[0]
			return postAddRun(cmd.Context(), a, opts)
		},
	}
	c.Flags().IntVar(&opts.Need, "need", 1, "volunteers each shift needs at the post")
	c.Flags().StringVar(&opts.Skill, "skill", "", "the skill the post asks for (医生, 护士 …)")
	c.Flags().StringVar(&opts.Shifts, "shifts", "", "the shifts the post is staffed, such as 早,夜 (default every shift)")
	c.Flags().StringVar(&opts.Building, "building", "", "the building the post belongs to")
	return c
}

func postAddRun(ctx context.Context, a *App, opts postAddOptions) error {
	db, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	p := ledger.Post{Name: opts.Name, Need: opts.Need, Shifts: ledger.SplitTags(opts.Shifts)}
	if skills := ledger.SplitTags(opts.Skill); len(skills) > 0 {
		p.Skill = skills[0]
	}
	if strings.TrimSpace(opts.Building) != "" {
		b, err := db.FindBuilding(ctx, opts.Building)
		if err != nil {
			return err
		}
		p.Building = b.String()
	}
	_, err = a.changeIn(ctx, db, change{command: "post add", apply: func(tx *ledger.Tx, r *report) error {
		id, err := tx.AddPost(p)
		if err != nil {
			return err
		}
		r.say("post.added", ledger.NormalizeText(p.Name), shortID(id), p.Need)
		return nil
	}})
	return err
}

type postJSON struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Need     int      `json:"need"`
	Skill    string   `json:"skill"`
	Shifts   []string `json:"shifts"`
	Building string   `json:"building"`
}

func newPostListCmd(a *App) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "list [--json]",
		Short: "The duty posts, by name",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			return postListRun(cmd.Context(), a, asJSON)
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}

func postListRun(ctx context.Context, a *App, asJSON bool) error {
	db, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	ps, err := db.Posts(ctx)
	if err != nil {
		return err
	}
	set, err := db.Settings(ctx)
	if err != nil {
		return err
	}
	out := make([]postJSON, 0, len(ps))
	for _, p := range ps {
		shifts := p.Shifts
		if len(shifts) == 0 {
			shifts = ledger.ShiftNames(set.Shifts)
		}
		out = append(out, postJSON{ID: p.ID, Name: p.Name, Need: p.Need, Skill: p.Skill, Shifts: shifts, Building: p.Building})
	}
	if asJSON {
		return printJSON(a.Out, out)
	}
	rows := make([][]string, 0, len(out))
	for _, p := range out {
		rows = append(rows, []string{shortID(p.ID), p.Name, strconv.Itoa(p.Need), p.Skill, strings.Join(p.Shifts, "、"), p.Building})
	}
	return printTable(a.Out, []string{a.T("h.id"), a.T("h.post"), a.T("h.need"), a.T("h.skills"), a.T("h.shifts"), a.T("h.building")}, rows)
}

func newPostRmCmd(a *App) *cobra.Command {
	return &cobra.Command{
		Use:   "rm POST",
		Short: "Remove a duty post",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return postRmRun(cmd.Context(), a, args[0])
		},
	}
}

func postRmRun(ctx context.Context, a *App, ref string) error {
	_, err := a.change(ctx, change{command: "post rm", apply: func(tx *ledger.Tx, r *report) error {
		p, err := tx.FindPost(ctx, ref)
		if err != nil {
			return err
		}
		if err := tx.RemovePost(p.ID); err != nil {
			return err
		}
		r.say("post.removed", p.Name)
		return nil
	}})
	return err
}
