-- Issue 25: the signed-in policy page reads a policy's facts (its summary,
-- versions, consultations, approval runs and decisions, attachments,
-- enactments, JDIH metadata and relations) from memory while they are
-- unchanged. The page revision (migration 0025) moves on every comment,
-- so under a burst of comments it never stands still; comments_rev counts
-- the moves that came from the comment tables, and rev - comments_rev
-- (the facts revision) moves only when something else the page shows
-- changed. Both move in the writing statement, as before.
ALTER TABLE policy_page_revs ADD COLUMN comments_rev bigint NOT NULL DEFAULT 0;

CREATE OR REPLACE FUNCTION bump_page_rev() RETURNS trigger AS $$
DECLARE
    c int := CASE WHEN TG_TABLE_NAME IN ('comments', 'comment_anchors', 'comment_moderations',
        'comment_answers', 'offline_inputs') THEN 1 ELSE 0 END;
BEGIN
    EXECUTE format('INSERT INTO policy_page_revs AS r (policy_id, rev, comments_rev)
        SELECT pid, 1, %s FROM (SELECT DISTINCT pid FROM (%s) AS x(pid) WHERE pid IS NOT NULL) AS d ORDER BY pid
        ON CONFLICT (policy_id) DO UPDATE SET rev = r.rev + 1, comments_rev = r.comments_rev + %s', c, TG_ARGV[0], c);
    RETURN NULL;
END $$ LANGUAGE plpgsql;
