package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/policyflow/policyflow/policies"
)

// Topics lists a region's topics by name, each with how many policies the
// public (or, for ownRegion, the region's staff) may read carry it
// (policies.TopicStore).
func (s *DB) Topics(ctx context.Context, regionID, ownRegion int64) ([]policies.Topic, error) {
	statuses := make([]string, 0, len(policies.PublicStatuses))
	for _, st := range policies.PublicStatuses {
		statuses = append(statuses, string(st))
	}
	ts := []policies.Topic{}
	err := sqlx.SelectContext(ctx, s.reader(ctx), &ts, `SELECT t.id, t.region_id, t.slug, t.name,
			(SELECT count(*) FROM policy_topics pt JOIN policies p ON p.id = pt.policy_id WHERE pt.topic_id = t.id
				AND (p.status = ANY($2::text[]) OR (p.in_force_version_id IS NOT NULL AND p.status <> 'archived') OR p.region_id = $3)) AS policies
		FROM topics t WHERE t.region_id = $1 ORDER BY lower(t.name), t.id`, regionID, pq.Array(statuses), ownRegion)
	if err != nil {
		return nil, fmt.Errorf("postgres: topics of region %d: %w", regionID, mapErr(err))
	}
	return ts, nil
}

func topicBySlug(ctx context.Context, q sqlx.QueryerContext, regionID int64, slug string) (policies.Topic, error) {
	var t policies.Topic
	err := sqlx.GetContext(ctx, q, &t, `SELECT id, region_id, slug, name, 0 AS policies FROM topics WHERE region_id = $1 AND slug = $2`, regionID, slug)
	if errors.Is(err, sql.ErrNoRows) {
		return t, policies.Errorf(policies.KindNotFound, "topik %q tidak ada", slug)
	}
	return t, err
}

// TopicBySlug reads a region's topic (policies.TopicStore).
func (s *DB) TopicBySlug(ctx context.Context, regionID int64, slug string) (policies.Topic, error) {
	t, err := topicBySlug(ctx, s.reader(ctx), regionID, slug)
	if err != nil {
		return t, fmt.Errorf("postgres: topic %q: %w", slug, mapErr(err))
	}
	return t, nil
}

// CreateTopic adds a topic to a region's list, audited (policies.TopicStore).
func (s *DB) CreateTopic(ctx context.Context, in policies.NewTopic) (policies.Topic, error) {
	if err := in.Validate(); err != nil {
		return policies.Topic{}, err
	}
	var t policies.Topic
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		err := tx.GetContext(ctx, &t, `INSERT INTO topics (region_id, slug, name, created_by) VALUES ($1, $2, $3, nullif($4::bigint, 0))
			ON CONFLICT (region_id, slug) DO NOTHING RETURNING id, region_id, slug, name, 0 AS policies`, in.RegionID, in.Slug, in.Name, in.ActorID)
		if errors.Is(err, sql.ErrNoRows) {
			return &policies.Error{Kind: policies.KindConflict, Field: "slug", Message: fmt.Sprintf("topik %q sudah ada", in.Slug)}
		}
		if err != nil {
			return err
		}
		return auditAdmin(ctx, tx, policies.AdminChange{RegionID: in.RegionID, ActorID: in.ActorID, Action: "topic.created",
			Subject: fmt.Sprintf("topic:%d", t.ID), After: t})
	})
	if err != nil {
		return t, fmt.Errorf("postgres: create topic: %w", mapErr(err))
	}
	return t, nil
}

// TopicByID reads a topic (policies.TopicStore).
func (s *DB) TopicByID(ctx context.Context, id int64) (policies.Topic, error) {
	var t policies.Topic
	if err := s.q.GetContext(ctx, &t, `SELECT id, region_id, slug, name, 0 AS policies FROM topics WHERE id = $1`, id); err != nil {
		return t, fmt.Errorf("postgres: topic %d: %w", id, mapErr(err))
	}
	return t, nil
}

// RenameTopic renames a topic, its slug kept, audited with the name before
// and after (policies.TopicStore). The pages of the policies carrying it
// and its region's feeds move with it (triggers, migrations 0065, 0067).
func (s *DB) RenameTopic(ctx context.Context, id, actorID int64, in policies.TopicRename) (policies.Topic, error) {
	if err := in.Validate(); err != nil {
		return policies.Topic{}, err
	}
	var before, after policies.Topic
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		if err := tx.GetContext(ctx, &before, `SELECT id, region_id, slug, name, 0 AS policies FROM topics WHERE id = $1 FOR UPDATE`, id); err != nil {
			return err
		}
		if before.Name == in.Name {
			after = before
			return nil
		}
		if err := tx.GetContext(ctx, &after, `UPDATE topics SET name = $2 WHERE id = $1 RETURNING id, region_id, slug, name, 0 AS policies`, id, in.Name); err != nil {
			return err
		}
		return auditAdmin(ctx, tx, policies.AdminChange{RegionID: after.RegionID, ActorID: actorID, Action: "topic.renamed",
			Subject: fmt.Sprintf("topic:%d", id), Before: before, After: after})
	})
	if err != nil {
		return after, fmt.Errorf("postgres: rename topic %d: %w", id, mapErr(err))
	}
	return after, nil
}

// RemoveTopic takes a topic off its region's list; the policies carrying
// it are untagged and its follows removed with it (foreign keys, migration
// 0065), audited with how many of each (policies.TopicStore).
func (s *DB) RemoveTopic(ctx context.Context, id, actorID int64) (policies.TopicRemoved, error) {
	var out policies.TopicRemoved
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		if err := tx.GetContext(ctx, &out.Topic, `SELECT id, region_id, slug, name, 0 AS policies FROM topics WHERE id = $1 FOR UPDATE`, id); err != nil {
			return err
		}
		if err := tx.GetContext(ctx, &out.Untagged, `SELECT count(*) FROM policy_topics WHERE topic_id = $1`, id); err != nil {
			return err
		}
		if err := tx.GetContext(ctx, &out.Follows, `SELECT count(*) FROM follows WHERE topic_id = $1`, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM topics WHERE id = $1`, id); err != nil {
			return err
		}
		return auditAdmin(ctx, tx, policies.AdminChange{RegionID: out.RegionID, ActorID: actorID, Action: "topic.removed",
			Subject: fmt.Sprintf("topic:%d", id), Before: out})
	})
	if err != nil {
		return out, fmt.Errorf("postgres: remove topic %d: %w", id, mapErr(err))
	}
	return out, nil
}

// SetPolicyTopics sets a policy's topics to the named ones of its region's
// list, audited with the slugs before and after (policies.TopicStore).
// A topic kept keeps the time it was first put on the policy.
func (s *DB) SetPolicyTopics(ctx context.Context, policyID, actorID int64, in policies.PolicyTopics) ([]policies.TopicTag, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var after []policies.TopicTag
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		var regionID int64
		if err := tx.GetContext(ctx, &regionID, `SELECT region_id FROM policies WHERE id = $1 FOR UPDATE`, policyID); err != nil {
			return err
		}
		ids := make([]int64, 0, len(in.Topics))
		for _, slug := range in.Topics {
			t, err := topicBySlug(ctx, tx, regionID, slug)
			if policies.KindOf(err) == policies.KindNotFound {
				return policies.FieldError("topics", "topik %q tidak ada dalam daftar topik wilayah ini", slug)
			}
			if err != nil {
				return err
			}
			ids = append(ids, t.ID)
		}
		before, err := topicsOf(ctx, tx, policyID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM policy_topics WHERE policy_id = $1 AND NOT topic_id = ANY($2::bigint[])`, policyID, pq.Array(ids)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO policy_topics (policy_id, topic_id) SELECT $1, unnest($2::bigint[]) ON CONFLICT DO NOTHING`, policyID, pq.Array(ids)); err != nil {
			return err
		}
		if after, err = topicsOf(ctx, tx, policyID); err != nil {
			return err
		}
		if slices.Equal(before, after) {
			return nil
		}
		return auditAdmin(ctx, tx, policies.AdminChange{RegionID: regionID, PolicyID: policyID, ActorID: actorID, Action: "policy.topics",
			Subject: fmt.Sprintf("policy:%d", policyID), Before: tagSlugs(before), After: tagSlugs(after)})
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: topics of policy %d: %w", policyID, mapErr(err))
	}
	return after, nil
}

// tagSlugs are the slugs of tags, as the audit keeps them.
func tagSlugs(tags []policies.TopicTag) []string {
	out := make([]string, len(tags))
	for i, t := range tags {
		out[i] = t.Slug
	}
	return out
}

func topicsOf(ctx context.Context, q sqlx.QueryerContext, policyID int64) ([]policies.TopicTag, error) {
	tags := []policies.TopicTag{}
	err := sqlx.SelectContext(ctx, q, &tags, `SELECT t.slug, t.name, r.slug AS region FROM policy_topics pt JOIN topics t ON t.id = pt.topic_id
		JOIN regions r ON r.id = t.region_id WHERE pt.policy_id = $1 ORDER BY lower(t.name), t.id`, policyID)
	return tags, err
}

// TopicsOf reads the topics of each of the policies (policies.TopicStore).
func (s *DB) TopicsOf(ctx context.Context, policyIDs []int64) (map[int64][]policies.TopicTag, error) {
	var rows []struct {
		PolicyID int64 `db:"policy_id"`
		policies.TopicTag
	}
	err := sqlx.SelectContext(ctx, s.reader(ctx), &rows, `SELECT pt.policy_id, t.slug, t.name, r.slug AS region FROM policy_topics pt JOIN topics t ON t.id = pt.topic_id
		JOIN regions r ON r.id = t.region_id WHERE pt.policy_id = ANY($1::bigint[]) ORDER BY pt.policy_id, lower(t.name), t.id`, pq.Array(policyIDs))
	if err != nil {
		return nil, fmt.Errorf("postgres: topics of policies: %w", mapErr(err))
	}
	out := make(map[int64][]policies.TopicTag, len(policyIDs))
	for _, r := range rows {
		out[r.PolicyID] = append(out[r.PolicyID], r.TopicTag)
	}
	return out, nil
}
