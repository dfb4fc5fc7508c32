-- Issue 14: the policy page is rendered once per change, not per request.
-- policy_page_revs holds, per policy, a counter that every write changing
-- what the policy page shows moves, in the same transaction as the write:
-- triggers on each table the page reads, so no write path can forget it and
-- every server reading the same database sees the same counter (a page
-- cached by one server is never served stale after a write through another).
-- A policy with no row is at revision 0.
--
-- The counter lives in its own small table, not on policies: a burst of
-- comments on one policy then locks only this row, briefly (the upsert runs
-- at the end of the writing statement), never the policy row that the
-- lifecycle updates.
CREATE TABLE policy_page_revs (
    policy_id  bigint PRIMARY KEY, -- no foreign key: a deleted policy's last row is harmless
    rev        bigint NOT NULL
);

-- bump_page_rev moves the counter of every policy a statement touched. Its
-- argument is a query over the statement's transition table "changed"
-- naming those policies' ids. Statement-level, so a bulk write moves each
-- policy once; the ids are taken in order so that concurrent statements
-- touching several policies never deadlock.
CREATE FUNCTION bump_page_rev() RETURNS trigger AS $$
BEGIN
    EXECUTE format('INSERT INTO policy_page_revs AS r (policy_id, rev)
        SELECT pid, 1 FROM (SELECT DISTINCT pid FROM (%s) AS x(pid) WHERE pid IS NOT NULL) AS d ORDER BY pid
        ON CONFLICT (policy_id) DO UPDATE SET rev = r.rev + 1', TG_ARGV[0]);
    RETURN NULL;
END $$ LANGUAGE plpgsql;

-- page_rev_triggers installs the three statement triggers (insert, update,
-- delete: a transition table serves one event) on a table.
CREATE FUNCTION page_rev_triggers(tbl text, ids text) RETURNS void AS $$
BEGIN
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS changed
        FOR EACH STATEMENT EXECUTE FUNCTION bump_page_rev(%L)', tbl || '_page_rev_ins', tbl, ids);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS changed
        FOR EACH STATEMENT EXECUTE FUNCTION bump_page_rev(%L)', tbl || '_page_rev_upd', tbl, ids);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS changed
        FOR EACH STATEMENT EXECUTE FUNCTION bump_page_rev(%L)', tbl || '_page_rev_del', tbl, ids);
END $$ LANGUAGE plpgsql;

-- What the page shows: the policy (status, title, versions in force), its
-- versions, comments (their anchors on later versions, moderation, answers,
-- offline input), consultations, approval runs and decisions (the
-- timeline), attachments, the enactment, JDIH relations and metadata.
-- A policy's own page, and the pages that name it in their relations.
SELECT page_rev_triggers('policies', 'SELECT id FROM changed
    UNION ALL SELECT r.from_policy_id FROM changed x JOIN policy_relations r ON r.to_policy_id = x.id
    UNION ALL SELECT r.to_policy_id FROM changed x JOIN policy_relations r ON r.from_policy_id = x.id');
SELECT page_rev_triggers('policy_versions', 'SELECT policy_id FROM changed');
SELECT page_rev_triggers('comments', 'SELECT policy_id FROM changed');
SELECT page_rev_triggers('comment_anchors', 'SELECT c.policy_id FROM changed x JOIN comments c ON c.id = x.comment_id');
SELECT page_rev_triggers('comment_moderations', 'SELECT c.policy_id FROM changed x JOIN comments c ON c.id = x.comment_id');
SELECT page_rev_triggers('comment_answers', 'SELECT c.policy_id FROM changed x JOIN comments c ON c.id = x.comment_id');
SELECT page_rev_triggers('offline_inputs', 'SELECT c.policy_id FROM changed x JOIN comments c ON c.id = x.comment_id');
SELECT page_rev_triggers('consultations', 'SELECT policy_id FROM changed');
SELECT page_rev_triggers('approval_runs', 'SELECT policy_id FROM changed');
SELECT page_rev_triggers('decisions', 'SELECT policy_id FROM changed');
SELECT page_rev_triggers('attachments', 'SELECT policy_id FROM changed');
SELECT page_rev_triggers('enactments', 'SELECT policy_id FROM changed');
SELECT page_rev_triggers('jdih_metadata', 'SELECT policy_id FROM changed');
SELECT page_rev_triggers('policy_relations', 'SELECT from_policy_id FROM changed UNION ALL SELECT to_policy_id FROM changed');
-- A region's name or time zone, a unit's name: every policy that shows it.
SELECT page_rev_triggers('regions', 'SELECT p.id FROM changed x JOIN policies p ON p.region_id = x.id');
SELECT page_rev_triggers('units', 'SELECT p.id FROM changed x JOIN policies p ON p.owner_unit_id = x.id');

DROP FUNCTION page_rev_triggers(text, text);
