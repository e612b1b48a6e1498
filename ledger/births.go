package ledger

import "context"

// people.birth is a copy of each person's birth (the value birth_ref names
// in pvalues) kept beside the person, so that the figures read ages in one
// pass over the index people_facts (migration 0024). It is derived, never
// journaled: apply writes it with birth_ref, fillBirths fills the rows
// whose value came after their reference, forgetSubjects clears it with
// the values, an erasure deletes it with the row, and vol check compares
// it with pvalues (checkBirths).

// fillBirths copies the births whose value was missing when birth_ref was
// written and is there now; it reads the index people_birth_due, empty but
// for those rows.
func fillBirths(ctx context.Context, q querier) error {
	_, err := q.ExecContext(ctx, `UPDATE people INDEXED BY people_birth_due
		SET birth = (SELECT value FROM pvalues WHERE ref = people.birth_ref)
		WHERE birth IS NULL AND birth_ref IS NOT NULL`)
	return classify(err)
}

// checkBirths reports the people whose copy of the birth is not the value
// pvalues holds for their birth_ref (a file edited outside vol). No birth
// appears in the report.
func checkBirths(ctx context.Context, q querier) ([]Problem, error) {
	ids, err := queryStrings(ctx, q, `SELECT p.id FROM people p LEFT JOIN pvalues b ON b.ref = p.birth_ref
		WHERE p.birth IS NOT b.value ORDER BY p.id LIMIT ?`, maxProblems)
	if err != nil {
		return nil, err
	}
	var probs []Problem
	for _, id := range ids {
		probs = append(probs, Problem{What: T("%s row %s: its copy of the birth", TableWord(tPeople.name), short(id)),
			Want: T("the value its birth reference names"), Got: T("a different value")})
	}
	return probs, nil
}
