-- Version 67 (issue 26): the feeds and the calendar of consultations are
-- kept in memory per server and are right at once after a change, as the
-- policy page is (migration 0025). feed_revs holds, per region, a counter
-- that every write changing what a feed or the calendar of the region
-- shows moves in the writing transaction: a policy's facts (its facts
-- revision, migration 0063: status, title, versions, consultations,
-- approval runs, enactments, topics…), a consultation's answers published,
-- the region's name or zone, its topics, a consultation scheduled to open.
-- A region with no row is at revision 0; the feeds of every city key on
-- the sum of the rows (each only grows, so the sum moves with any of them).
--
-- The counters move in deferred constraint triggers, at commit: a region's
-- row is then locked only for the instant of the commit, after every other
-- lock of the transaction, so two writers in a region wait on each other
-- for no more than that and never deadlock on a policy's row in between.
CREATE TABLE feed_revs (
    region_id bigint PRIMARY KEY, -- no foreign key: a removed region's last row is harmless
    rev       bigint NOT NULL
);

CREATE FUNCTION feed_rev_bump(region bigint) RETURNS void AS $$
    INSERT INTO feed_revs AS f (region_id, rev) SELECT region, 1 WHERE region IS NOT NULL
    ON CONFLICT (region_id) DO UPDATE SET rev = f.rev + 1
$$ LANGUAGE sql;

-- A policy's facts moved (not a comment: those show in no feed).
CREATE FUNCTION feed_rev_of_page() RETURNS trigger AS $$
BEGIN
    IF (TG_OP = 'INSERT' AND NEW.rev > NEW.comments_rev)
        OR (TG_OP = 'UPDATE' AND NEW.rev - NEW.comments_rev <> OLD.rev - OLD.comments_rev) THEN
        PERFORM feed_rev_bump((SELECT region_id FROM policies WHERE id = NEW.policy_id));
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;
CREATE CONSTRAINT TRIGGER policy_page_revs_feed_rev AFTER INSERT OR UPDATE ON policy_page_revs
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION feed_rev_of_page();

-- A policy removed: its region's feeds lose it.
CREATE FUNCTION feed_rev_of_policy() RETURNS trigger AS $$
BEGIN
    PERFORM feed_rev_bump(OLD.region_id);
    RETURN NULL;
END $$ LANGUAGE plpgsql;
CREATE CONSTRAINT TRIGGER policies_feed_rev AFTER DELETE ON policies
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION feed_rev_of_policy();

-- A consultation's answers published (or a published one changed or
-- erased): the feeds' "answers published" entry and its count.
CREATE FUNCTION feed_rev_of_answer() RETURNS trigger AS $$
DECLARE
    row comment_answers := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
BEGIN
    IF (TG_OP <> 'DELETE' AND NEW.published_at IS NOT NULL) OR (TG_OP <> 'INSERT' AND OLD.published_at IS NOT NULL) THEN
        PERFORM feed_rev_bump((SELECT p.region_id FROM consultations c JOIN policies p ON p.id = c.policy_id
            WHERE c.id = row.consultation_id));
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;
CREATE CONSTRAINT TRIGGER comment_answers_feed_rev AFTER INSERT OR UPDATE OR DELETE ON comment_answers
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION feed_rev_of_answer();

-- A region's name, slug or zone; a topic added, renamed or removed: by
-- the region_id (regions: id) of the row.
CREATE FUNCTION feed_rev_of_region_row() RETURNS trigger AS $$
BEGIN
    IF TG_TABLE_NAME = 'regions' THEN
        PERFORM feed_rev_bump(NEW.id);
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM feed_rev_bump(OLD.region_id);
    ELSE
        PERFORM feed_rev_bump(NEW.region_id);
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;
CREATE CONSTRAINT TRIGGER regions_feed_rev AFTER UPDATE ON regions
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION feed_rev_of_region_row();
CREATE CONSTRAINT TRIGGER topics_feed_rev AFTER INSERT OR UPDATE OR DELETE ON topics
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION feed_rev_of_region_row();

-- A consultation scheduled to open later (issue 26; the policy's workflow
-- keeps the schedule and opens it on time): the public finds it before it
-- opens ("Segera dibuka" on /konsultasi, its opening in the calendar).
-- The workflow's audit of the schedule writes this row (RecordPolicyEvent):
-- scheduled or moved, cancelled or failed; the consultation opening
-- removes it.
CREATE TABLE consultation_schedules (
    policy_id    bigint PRIMARY KEY REFERENCES policies(id) ON DELETE CASCADE,
    opens_at     timestamptz NOT NULL,
    closes_at    timestamptz NOT NULL CHECK (closes_at > opens_at),
    allow_public boolean NOT NULL DEFAULT false,
    gen          int NOT NULL DEFAULT 0,
    updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX consultation_schedules_opens ON consultation_schedules (opens_at);

CREATE FUNCTION consultation_schedule_opened() RETURNS trigger AS $$
BEGIN
    DELETE FROM consultation_schedules WHERE policy_id = NEW.policy_id;
    RETURN NULL;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER consultations_schedule_opened AFTER INSERT ON consultations
    FOR EACH ROW EXECUTE FUNCTION consultation_schedule_opened();

CREATE FUNCTION feed_rev_of_schedule() RETURNS trigger AS $$
DECLARE
    row consultation_schedules := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
BEGIN
    PERFORM feed_rev_bump((SELECT region_id FROM policies WHERE id = row.policy_id));
    RETURN NULL;
END $$ LANGUAGE plpgsql;
CREATE CONSTRAINT TRIGGER consultation_schedules_feed_rev AFTER INSERT OR UPDATE OR DELETE ON consultation_schedules
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION feed_rev_of_schedule();
