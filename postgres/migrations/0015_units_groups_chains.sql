-- Administration of a region's units, stakeholder groups and approval chains
-- (issue 11).

-- A unit's short name (e.g. "BKPSDM"), shown where the full name is too long.
ALTER TABLE units ADD COLUMN short_name text NOT NULL DEFAULT '' CHECK (length(short_name) <= 60);

-- A unit's head is one of the region's people.
CREATE FUNCTION unit_head_in_region() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.head_user_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM users u WHERE u.id = NEW.head_user_id AND u.region_id = NEW.region_id) THEN
        RAISE EXCEPTION 'head % is not of the region of unit %', NEW.head_user_id, NEW.id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER unit_head_in_region BEFORE INSERT OR UPDATE OF head_user_id, region_id ON units
    FOR EACH ROW EXECUTE FUNCTION unit_head_in_region();

-- Stakeholder groups (akademisi, praktisi, OPD, masyarakat, or the region's
-- own) are invited to a consultation together.
CREATE TABLE stakeholder_groups (
    id          bigserial PRIMARY KEY,
    region_id   bigint NOT NULL REFERENCES regions(id),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    kind        text NOT NULL CHECK (kind IN ('akademisi','praktisi','opd','masyarakat','other')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (region_id, name),
    UNIQUE (region_id, id)
);

CREATE TABLE stakeholder_group_members (
    group_id   bigint NOT NULL REFERENCES stakeholder_groups(id) ON DELETE CASCADE,
    user_id    bigint NOT NULL REFERENCES users(id),
    PRIMARY KEY (group_id, user_id)
);

-- A group's members are of the group's region.
CREATE FUNCTION group_member_in_region() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM stakeholder_groups g JOIN users u ON u.id = NEW.user_id
                   WHERE g.id = NEW.group_id AND u.region_id = g.region_id) THEN
        RAISE EXCEPTION 'member % is not of the region of group %', NEW.user_id, NEW.group_id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER group_member_in_region BEFORE INSERT OR UPDATE ON stakeholder_group_members
    FOR EACH ROW EXECUTE FUNCTION group_member_in_region();

-- Approval chains are versioned: a chain a running approval follows is
-- never edited under it. Editing such a chain writes a new row (version+1,
-- same lineage) and marks the old one superseded; the running approval
-- keeps the stages it loaded, later submissions follow the new version.
-- Only the current version of a lineage holds its name.
ALTER TABLE approval_chains ADD COLUMN lineage_id bigint;
ALTER TABLE approval_chains ADD COLUMN version int NOT NULL DEFAULT 1 CHECK (version >= 1);
ALTER TABLE approval_chains ADD COLUMN superseded_by bigint REFERENCES approval_chains(id);
UPDATE approval_chains SET lineage_id = id;
ALTER TABLE approval_chains ALTER COLUMN lineage_id SET NOT NULL;
-- A new chain begins its own lineage.
CREATE FUNCTION approval_chain_lineage() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.lineage_id IS NULL THEN
        NEW.lineage_id := NEW.id;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER approval_chain_lineage BEFORE INSERT ON approval_chains
    FOR EACH ROW EXECUTE FUNCTION approval_chain_lineage();
ALTER TABLE approval_chains ADD CONSTRAINT approval_chains_lineage_version UNIQUE (lineage_id, version);
ALTER TABLE approval_chains DROP CONSTRAINT approval_chains_region_id_name_key;
CREATE UNIQUE INDEX approval_chains_current_name ON approval_chains (region_id, name) WHERE superseded_by IS NULL;
