-- Acting officials (Plt., pelaksana tugas; Plh., pelaksana harian) as
-- Indonesian offices appoint them: for a period, by a mandate letter, and
-- for every approval in that period rather than one run (issue 11).

CREATE TABLE acting_officials (
    id              bigserial PRIMARY KEY,
    region_id       bigint NOT NULL REFERENCES regions(id),
    principal_id    bigint NOT NULL REFERENCES users(id),
    acting_id       bigint NOT NULL REFERENCES users(id),
    kind            text NOT NULL CHECK (kind IN ('plt','plh')),
    letter_number   text NOT NULL CHECK (length(letter_number) BETWEEN 1 AND 100),
    letter_date     date NOT NULL,
    starts_on       date NOT NULL,
    ends_on         date NOT NULL,
    appointed_by    bigint NOT NULL REFERENCES users(id),
    revoked_at      timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CHECK (principal_id <> acting_id),
    CHECK (ends_on >= starts_on),
    CHECK (letter_date <= starts_on + 366)
);
CREATE INDEX acting_officials_pair ON acting_officials (principal_id, acting_id, starts_on);
CREATE INDEX acting_officials_region ON acting_officials (region_id, id);

-- The principal and the acting official are of the appointment's region.
CREATE FUNCTION acting_in_region() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT count(*) FROM users u WHERE u.id IN (NEW.principal_id, NEW.acting_id) AND u.region_id = NEW.region_id) <> 2 THEN
        RAISE EXCEPTION 'acting official % or principal % is not of region %', NEW.acting_id, NEW.principal_id, NEW.region_id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER acting_in_region BEFORE INSERT OR UPDATE ON acting_officials
    FOR EACH ROW EXECUTE FUNCTION acting_in_region();

-- A decision by an acting official appointed for a period says which kind
-- (plt or plh); NULL for one's own decision or a delegation within the run.
ALTER TABLE decisions ADD COLUMN acting_kind text CHECK (acting_kind IN ('plt','plh'));
