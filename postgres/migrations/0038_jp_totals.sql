-- Issue 22, the ledger's speed: JP totals per (region, year, person) kept by
-- the database in the transaction of every write that changes them, so the
-- ledger reads 10,000 totals instead of summing 200,000 participations
-- (docs/PERFORMANCE.md, "JP ledger").
--
-- What a person's JP is made of (the rule of JPEntries, postgres/program.go):
-- their participations not removed, in programs not cancelled, in the
-- region of the participation's unit, in the year of the program's end;
-- when the program has sessions, a participation that attended any is
-- completed with the JP of the sessions attended, one that attended none is
-- not completed with the program's JP; without sessions, the program's JP,
-- completed as recorded. Statement triggers on every table that rule reads
-- (participants, session_attendance, program_sessions, programs, units)
-- recompute, from scratch, the totals of each (region, person) the
-- statement touched: the totals are that rule's result by construction,
-- whatever the write path. The roster, names and non-classical learning are
-- read by the ledger as they stand and kept in no total.

-- A person's year in a region: the completed JP, and their latest
-- participation (the latest program end, then the highest participation
-- id), which names a person the roster does not. One row for every
-- (region, year, person) with a participation that counts, completed or not.
CREATE TABLE jp_totals (
    region_id  bigint NOT NULL, -- no foreign keys: rows follow participants, rebuilt with them
    year       int NOT NULL,
    nip        char(18) NOT NULL,
    done       int NOT NULL,
    last_on    date NOT NULL,
    last_id    bigint NOT NULL,
    PRIMARY KEY (region_id, year, nip)
);
CREATE INDEX jp_totals_nip ON jp_totals (nip); -- a person's years, recomputed together

-- Hours not completed, per person and program end date: planned hours
-- when the date is today or later in the region (the ledger's "today"
-- decides, so the sums stay per date).
CREATE TABLE jp_planned (
    region_id  bigint NOT NULL,
    nip        char(18) NOT NULL,
    ends_on    date NOT NULL,
    jp         int NOT NULL,
    PRIMARY KEY (region_id, nip, ends_on)
);
CREATE INDEX jp_planned_region_date ON jp_planned (region_id, ends_on) INCLUDE (nip, jp);

-- The recomputation looks a person's participations up by number.
CREATE INDEX participants_nip ON participants (nip);

-- jp_totals_refresh recomputes the totals of the (region, person) pairs
-- given, from the participations as they stand. Writers of one region are
-- serialised on a transaction lock per region (taken in order: no
-- deadlock between statements touching several regions), and each
-- statement after the lock reads what the writers before committed: read
-- committed is required, a fixed older snapshot could write stale totals.
CREATE FUNCTION jp_totals_refresh(regions bigint[], nips bpchar[]) RETURNS void AS $$
BEGIN
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'JP totals are kept in read committed transactions only, not %', current_setting('transaction_isolation');
    END IF;
    PERFORM pg_advisory_xact_lock(7420451, r::int) FROM (SELECT DISTINCT r FROM unnest(regions) r ORDER BY r) s;
    DELETE FROM jp_totals t USING unnest(regions, nips) k(region_id, nip) WHERE t.region_id = k.region_id AND t.nip = k.nip;
    DELETE FROM jp_planned t USING unnest(regions, nips) k(region_id, nip) WHERE t.region_id = k.region_id AND t.nip = k.nip;
    WITH k AS (SELECT DISTINCT region_id, nip FROM unnest(regions, nips) k(region_id, nip)),
    e AS (
        SELECT u.region_id, pa.nip, pa.id, pr.ends_on,
            CASE WHEN coalesce(att.jp, 0) > 0 THEN att.jp ELSE pr.jp END AS jp,
            CASE WHEN ses.n > 0 THEN coalesce(att.jp, 0) > 0 ELSE pa.completed END AS completed
        FROM k JOIN participants pa ON pa.nip = k.nip AND pa.removed_at IS NULL
        JOIN units u ON u.id = pa.unit_id AND u.region_id = k.region_id
        JOIN programs pr ON pr.id = pa.program_id AND pr.status <> 'cancelled'
        CROSS JOIN LATERAL (SELECT count(*) AS n FROM program_sessions WHERE program_id = pr.id) ses
        LEFT JOIN LATERAL (SELECT sum(ps.jp) AS jp FROM session_attendance sa JOIN program_sessions ps ON ps.id = sa.session_id
            WHERE sa.participant_id = pa.id AND sa.present) att ON ses.n > 0),
    planned AS (
        INSERT INTO jp_planned (region_id, nip, ends_on, jp)
        SELECT region_id, nip, ends_on, sum(jp) FROM e WHERE NOT completed GROUP BY region_id, nip, ends_on)
    INSERT INTO jp_totals (region_id, year, nip, done, last_on, last_id)
    SELECT region_id, extract(year FROM ends_on)::int, nip, coalesce(sum(jp) FILTER (WHERE completed), 0),
        max(ends_on), (array_agg(id ORDER BY ends_on DESC, id DESC))[1]
    FROM e GROUP BY region_id, extract(year FROM ends_on), nip;
END $$ LANGUAGE plpgsql;

-- jp_totals_touch refreshes the pairs its argument names: a query over
-- the statement's transition tables ("changed", and "changed_old" for an
-- update) returning (region_id, nip).
CREATE FUNCTION jp_totals_touch() RETURNS trigger AS $$
DECLARE
    regions bigint[];
    nips bpchar[];
BEGIN
    EXECUTE format('SELECT array_agg(region_id), array_agg(nip) FROM (SELECT DISTINCT region_id, nip FROM (%s) AS x(region_id, nip)
        WHERE nip IS NOT NULL) AS d', TG_ARGV[0]) INTO regions, nips;
    IF regions IS NOT NULL THEN
        PERFORM jp_totals_refresh(regions, nips);
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

-- jp_totals_triggers installs the statement triggers of a table: pairs is
-- a query over %1$s, a table of the rows written (new rows of an insert,
-- old ones of a delete, both of an update: a transition table serves one
-- event, so three triggers).
CREATE FUNCTION jp_totals_triggers(tbl text, pairs text) RETURNS void AS $$
BEGIN
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS changed
        FOR EACH STATEMENT EXECUTE FUNCTION jp_totals_touch(%L)', tbl || '_jp_ins', tbl, format(pairs, 'changed'));
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed
        FOR EACH STATEMENT EXECUTE FUNCTION jp_totals_touch(%L)', tbl || '_jp_upd', tbl,
        format(pairs, 'changed') || ' UNION ALL ' || format(pairs, 'changed_old'));
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS changed
        FOR EACH STATEMENT EXECUTE FUNCTION jp_totals_touch(%L)', tbl || '_jp_del', tbl, format(pairs, 'changed'));
END $$ LANGUAGE plpgsql;

-- A participation: its person in its unit's region (before and after).
SELECT jp_totals_triggers('participants', 'SELECT u.region_id, x.nip FROM %1$s x JOIN units u ON u.id = x.unit_id');
-- An attendance mark: its participant.
SELECT jp_totals_triggers('session_attendance', 'SELECT u.region_id, pa.nip FROM %1$s x
    JOIN participants pa ON pa.id = x.participant_id JOIN units u ON u.id = pa.unit_id');
-- A session (added, its JP, moved, deleted): everyone in its program.
SELECT jp_totals_triggers('program_sessions', 'SELECT u.region_id, pa.nip FROM %1$s x
    JOIN participants pa ON pa.program_id = x.program_id JOIN units u ON u.id = pa.unit_id');
DROP FUNCTION jp_totals_triggers(text, text);
-- A program whose JP, end date or cancellation changes: everyone in it. A
-- program is inserted before anyone joins it and cannot be deleted while
-- anyone has (participants' foreign key); its title or budget changes no
-- total.
CREATE TRIGGER programs_jp_upd AFTER UPDATE ON programs REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION jp_totals_touch('SELECT u.region_id, pa.nip FROM changed n JOIN changed_old o ON o.id = n.id
        JOIN participants pa ON pa.program_id = n.id JOIN units u ON u.id = pa.unit_id
        WHERE (n.jp, n.ends_on, n.status = ''cancelled'') IS DISTINCT FROM (o.jp, o.ends_on, o.status = ''cancelled'')');

-- A unit moved to another region (nothing does so today): its
-- participations with it, out of the old region's totals and into the new.
CREATE TRIGGER units_jp_upd AFTER UPDATE ON units REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION jp_totals_touch('SELECT r, pa.nip FROM changed n JOIN changed_old o ON o.id = n.id AND o.region_id <> n.region_id
        CROSS JOIN LATERAL (VALUES (n.region_id), (o.region_id)) v(r) JOIN participants pa ON pa.unit_id = n.id');
-- Emptying a table the totals read leaves nothing of them to trust: every
-- person with a total or a participation is recomputed.
CREATE FUNCTION jp_totals_rebuild() RETURNS trigger AS $$
BEGIN
    PERFORM jp_totals_refresh(array_agg(region_id), array_agg(nip))
        FROM (SELECT u.region_id, pa.nip FROM participants pa JOIN units u ON u.id = pa.unit_id
            UNION SELECT region_id, nip FROM jp_totals UNION SELECT region_id, nip FROM jp_planned) p;
    RETURN NULL;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER participants_jp_truncate AFTER TRUNCATE ON participants FOR EACH STATEMENT EXECUTE FUNCTION jp_totals_rebuild();
CREATE TRIGGER session_attendance_jp_truncate AFTER TRUNCATE ON session_attendance FOR EACH STATEMENT EXECUTE FUNCTION jp_totals_rebuild();
CREATE TRIGGER program_sessions_jp_truncate AFTER TRUNCATE ON program_sessions FOR EACH STATEMENT EXECUTE FUNCTION jp_totals_rebuild();

-- The participations recorded before: their totals, by the same rule.
SELECT jp_totals_refresh(array_agg(region_id), array_agg(nip))
    FROM (SELECT DISTINCT u.region_id, pa.nip FROM participants pa JOIN units u ON u.id = pa.unit_id) p;
