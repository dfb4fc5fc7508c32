package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/policyflow/policyflow/policies"
)

// CommentWork returns the themes and assignees of the consultation's comments.
func (s *DB) CommentWork(ctx context.Context, consultationID int64) (policies.CommentWork, error) {
	w := policies.CommentWork{Themes: map[int64][]string{}, Assignees: map[int64]policies.Colleague{}}
	var themes []struct {
		CommentID int64  `db:"comment_id"`
		Theme     string `db:"theme"`
	}
	if err := s.q.SelectContext(ctx, &themes, `SELECT comment_id, theme FROM comment_themes WHERE consultation_id = $1 ORDER BY theme, comment_id`,
		consultationID); err != nil {
		return w, fmt.Errorf("postgres: consultation %d: themes: %w", consultationID, mapErr(err))
	}
	for _, t := range themes {
		w.Themes[t.CommentID] = append(w.Themes[t.CommentID], t.Theme)
		if n := len(w.AllThemes); n == 0 || w.AllThemes[n-1] != t.Theme {
			w.AllThemes = append(w.AllThemes, t.Theme)
		}
	}
	var as []struct {
		CommentID int64 `db:"comment_id"`
		policies.Colleague
	}
	if err := s.q.SelectContext(ctx, &as, `SELECT a.comment_id, u.id, u.name FROM comment_assignments a JOIN users u ON u.id = a.assignee_id
		WHERE a.consultation_id = $1`, consultationID); err != nil {
		return w, fmt.Errorf("postgres: consultation %d: assignments: %w", consultationID, mapErr(err))
	}
	for _, a := range as {
		w.Assignees[a.CommentID] = a.Colleague
	}
	return w, nil
}

// ofConsultation refuses, naming field, the first of ids that is not a
// comment of the consultation.
func ofConsultation(ctx context.Context, tx *sqlx.Tx, consultationID int64, ids []int64, field string) error {
	var outside []int64
	if err := tx.SelectContext(ctx, &outside, `SELECT id FROM unnest($2::bigint[]) id WHERE id NOT IN `+consultationCommentIDs+` ORDER BY id`,
		consultationID, pq.Array(ids)); err != nil {
		return mapErr(err)
	}
	if len(outside) > 0 {
		return policies.FieldError(field, "komentar %d bukan komentar konsultasi ini", outside[0])
	}
	return nil
}

// AddTheme tags a comment of the consultation with a theme, once.
func (s *DB) AddTheme(ctx context.Context, consultationID, by int64, in policies.ThemeInput) error {
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		if err := ofConsultation(ctx, tx, consultationID, []int64{in.CommentID}, "comment_id"); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO comment_themes (consultation_id, comment_id, theme, added_by) VALUES ($1, $2, $3, $4)
			ON CONFLICT DO NOTHING`, consultationID, in.CommentID, in.Theme, by)
		if err != nil {
			return mapErr(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil // tagged so already
		}
		return auditAnswer(ctx, tx, in.CommentID, by, "comment.theme_added", nil, map[string]string{"theme": in.Theme})
	})
	if err != nil {
		return fmt.Errorf("postgres: consultation %d: theme of comment %d: %w", consultationID, in.CommentID, err)
	}
	return nil
}

// RemoveTheme takes a theme off a comment of the consultation.
func (s *DB) RemoveTheme(ctx context.Context, consultationID, by int64, in policies.ThemeInput) error {
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM comment_themes WHERE consultation_id = $1 AND comment_id = $2 AND theme = $3`,
			consultationID, in.CommentID, in.Theme)
		if err != nil {
			return mapErr(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return policies.Errorf(policies.KindNotFound, "komentar ini tidak bertema %q", in.Theme)
		}
		return auditAnswer(ctx, tx, in.CommentID, by, "comment.theme_removed", map[string]string{"theme": in.Theme}, nil)
	})
	if err != nil {
		return fmt.Errorf("postgres: consultation %d: theme of comment %d: %w", consultationID, in.CommentID, err)
	}
	return nil
}

// consultationDrafters are the active drafters of consultation $1's region.
const consultationDrafters = `SELECT u.id, u.name FROM users u JOIN policies p ON p.region_id = u.region_id
	JOIN consultations k ON k.policy_id = p.id
	WHERE k.id = $1 AND u.role = 'drafter' AND u.deactivated_at IS NULL`

// ConsultationDrafters are the active drafters of the consultation's region.
func (s *DB) ConsultationDrafters(ctx context.Context, consultationID int64) ([]policies.Colleague, error) {
	out := []policies.Colleague{}
	if err := s.q.SelectContext(ctx, &out, consultationDrafters+` ORDER BY u.name, u.id`, consultationID); err != nil {
		return nil, fmt.Errorf("postgres: consultation %d: drafters: %w", consultationID, mapErr(err))
	}
	return out, nil
}

// AssignComments assigns comments of the consultation to one of its
// region's drafters, each audited, and tells them of those newly theirs.
func (s *DB) AssignComments(ctx context.Context, consultationID, by int64, ids []int64, assignee int64,
	notice func(n int, lang string) policies.Notification) (policies.Assigned, error) {
	out := policies.Assigned{AssigneeID: assignee, Assigned: []int64{}, Already: []int64{}}
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		var who policies.Colleague
		err := tx.GetContext(ctx, &who, consultationDrafters+` AND u.id = $2`, consultationID, assignee)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return policies.FieldError("assignee_id", "penyusun %d bukan penyusun aktif wilayah ini", assignee)
		case err != nil:
			return mapErr(err)
		}
		if err := ofConsultation(ctx, tx, consultationID, ids, "comment_id"); err != nil {
			return err
		}
		// Whom each was assigned to before, read and locked ahead of the
		// upsert: a CTE read in its RETURNING would skip the rows it updates.
		var prev []struct {
			CommentID  int64 `db:"comment_id"`
			AssigneeID int64 `db:"assignee_id"`
		}
		if err := tx.SelectContext(ctx, &prev, `SELECT comment_id, assignee_id FROM comment_assignments
			WHERE consultation_id = $1 AND comment_id = ANY($2) FOR UPDATE`, consultationID, pq.Array(ids)); err != nil {
			return mapErr(err)
		}
		before := map[int64]int64{}
		for _, p := range prev {
			before[p.CommentID] = p.AssigneeID
		}
		var changed []int64
		if err := tx.SelectContext(ctx, &changed, `INSERT INTO comment_assignments (consultation_id, comment_id, assignee_id, assigned_by)
			SELECT $1, id, $3, $4 FROM unnest($2::bigint[]) id
			ON CONFLICT (consultation_id, comment_id) DO UPDATE SET assignee_id = excluded.assignee_id,
				assigned_by = excluded.assigned_by, assigned_at = now()
				WHERE comment_assignments.assignee_id <> excluded.assignee_id
			RETURNING comment_id`, consultationID, pq.Array(ids), assignee, by); err != nil {
			return mapErr(err)
		}
		names := map[int64]string{}
		for _, c := range changed {
			out.Assigned = append(out.Assigned, c)
			var was any
			if b, ok := before[c]; ok {
				if _, ok := names[b]; !ok {
					var n string
					if err := tx.GetContext(ctx, &n, `SELECT name FROM users WHERE id = $1`, b); err != nil {
						return mapErr(err)
					}
					names[b] = n
				}
				was = map[string]string{"assignee": names[b]}
			}
			if err := auditAnswer(ctx, tx, c, by, "comment.assigned", was, map[string]string{"assignee": who.Name}); err != nil {
				return err
			}
		}
		slices.Sort(out.Assigned)
		for _, id := range ids {
			if _, found := slices.BinarySearch(out.Assigned, id); !found {
				out.Already = append(out.Already, id)
			}
		}
		if len(out.Assigned) == 0 {
			return nil
		}
		lang, err := userLang(ctx, tx, assignee)
		if err != nil {
			return err
		}
		n := notice(len(out.Assigned), lang)
		key := fmt.Sprintf("assigned/%d/%d/%d/%d", consultationID, assignee, out.Assigned[0], time.Now().UnixNano())
		_, err = tx.ExecContext(ctx, `INSERT INTO notifications (dedup_key, user_id, policy_id, kind, subject, body, link)
			SELECT $1, $2, k.policy_id, $4, $5, $6, $7 FROM consultations k WHERE k.id = $3`,
			key, assignee, consultationID, n.Kind, n.Subject, n.Body, n.Link)
		return mapErr(err)
	})
	if err != nil {
		return policies.Assigned{}, fmt.Errorf("postgres: consultation %d: assign comments: %w", consultationID, err)
	}
	return out, nil
}

// UnassignComments takes the assignments off comments of the consultation,
// each audited with whom it was assigned to.
func (s *DB) UnassignComments(ctx context.Context, consultationID, by int64, ids []int64) (policies.Unassigned, error) {
	out := policies.Unassigned{Unassigned: []int64{}, Already: []int64{}}
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		if err := ofConsultation(ctx, tx, consultationID, ids, "comment_id"); err != nil {
			return err
		}
		var gone []struct {
			CommentID int64  `db:"comment_id"`
			Assignee  string `db:"assignee"`
		}
		if err := tx.SelectContext(ctx, &gone, `DELETE FROM comment_assignments a USING users u
			WHERE a.consultation_id = $1 AND a.comment_id = ANY($2) AND u.id = a.assignee_id
			RETURNING a.comment_id, u.name AS assignee`, consultationID, pq.Array(ids)); err != nil {
			return mapErr(err)
		}
		if len(gone) == 0 {
			return policies.Errorf(policies.KindConflict, "komentar ini tidak ditugaskan kepada siapa pun")
		}
		for _, g := range gone {
			out.Unassigned = append(out.Unassigned, g.CommentID)
			if err := auditAnswer(ctx, tx, g.CommentID, by, "comment.unassigned", map[string]string{"assignee": g.Assignee}, nil); err != nil {
				return err
			}
		}
		slices.Sort(out.Unassigned)
		for _, id := range ids {
			if _, found := slices.BinarySearch(out.Unassigned, id); !found {
				out.Already = append(out.Already, id)
			}
		}
		return nil
	})
	if err != nil {
		return policies.Unassigned{}, fmt.Errorf("postgres: consultation %d: unassign comments: %w", consultationID, err)
	}
	return out, nil
}
