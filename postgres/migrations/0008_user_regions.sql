-- Every person belongs to a region (issue 9: "each city is its own"), and
-- a person's unit lies in that region. Existing people get the region of
-- their unit, else of the approval chain they sit on, else of the policies
-- they created; anyone left without one sees no region's private records
-- until an administrator sets it.
ALTER TABLE users ADD COLUMN region_id bigint REFERENCES regions(id);

UPDATE users u SET region_id = un.region_id FROM units un WHERE un.id = u.unit_id;
UPDATE users u SET region_id = sub.region_id FROM (
    SELECT sa.user_id, min(c.region_id) AS region_id
    FROM stage_approvers sa JOIN approval_stages s ON s.id = sa.stage_id JOIN approval_chains c ON c.id = s.chain_id
    GROUP BY sa.user_id) sub
WHERE u.id = sub.user_id AND u.region_id IS NULL;
UPDATE users u SET region_id = sub.region_id FROM (
    SELECT created_by, min(region_id) AS region_id FROM policies GROUP BY created_by) sub
WHERE u.id = sub.created_by AND u.region_id IS NULL;

-- A person's unit is one of their region's units.
ALTER TABLE units ADD CONSTRAINT units_region_id_id_key UNIQUE (region_id, id);
ALTER TABLE users ADD CONSTRAINT users_unit_in_region
    FOREIGN KEY (region_id, unit_id) REFERENCES units (region_id, id);
ALTER TABLE users ADD CONSTRAINT users_unit_has_region CHECK (unit_id IS NULL OR region_id IS NOT NULL);

-- A person given a unit and no region is of the unit's region.
CREATE FUNCTION users_region_from_unit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.region_id IS NULL AND NEW.unit_id IS NOT NULL THEN
        SELECT region_id INTO NEW.region_id FROM units WHERE id = NEW.unit_id;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER users_region_from_unit BEFORE INSERT OR UPDATE OF unit_id, region_id ON users
    FOR EACH ROW EXECUTE FUNCTION users_region_from_unit();
CREATE INDEX users_region_role ON users (region_id, role);


-- A policy's approval chain is of its region, and so is every approver of
-- a chain (checked for new rows; NOT VALID leaves rows made before as they are).
ALTER TABLE approval_chains ADD CONSTRAINT approval_chains_region_id_id_key UNIQUE (region_id, id);
ALTER TABLE policies ADD CONSTRAINT policies_chain_in_region
    FOREIGN KEY (region_id, chain_id) REFERENCES approval_chains (region_id, id) NOT VALID;
CREATE FUNCTION stage_approver_in_region() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM approval_stages s JOIN approval_chains c ON c.id = s.chain_id
                   JOIN users u ON u.id = NEW.user_id
                   WHERE s.id = NEW.stage_id AND u.region_id = c.region_id) THEN
        RAISE EXCEPTION 'approver % is not of the region of the chain of stage %', NEW.user_id, NEW.stage_id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER stage_approver_in_region BEFORE INSERT OR UPDATE ON stage_approvers
    FOR EACH ROW EXECUTE FUNCTION stage_approver_in_region();

-- A stage's superior (who hears of an escalation) is of the chain's region too.
CREATE FUNCTION stage_superior_in_region() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.superior_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM approval_chains c JOIN users u ON u.id = NEW.superior_id
        WHERE c.id = NEW.chain_id AND u.region_id = c.region_id) THEN
        RAISE EXCEPTION 'superior % is not of the region of chain %', NEW.superior_id, NEW.chain_id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER stage_superior_in_region BEFORE INSERT OR UPDATE OF superior_id, chain_id ON approval_stages
    FOR EACH ROW EXECUTE FUNCTION stage_superior_in_region();
