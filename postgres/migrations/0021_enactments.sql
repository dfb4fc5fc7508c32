-- Enactment (issue 13): the region's legal unit (Bagian Hukum, role legal)
-- enacts an approved version as a Peraturan or Keputusan Wali Kota with a
-- number from the region's register for the year, and later promulgates it
-- in the Berita Daerah with a number from the gazette register. The
-- enacted record is immutable; only its promulgation is set, once.

ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
    CHECK (role IN ('drafter','stakeholder','leader','unit_officer','admin','legal'));

-- The paper the region's documents are printed on (F4/folio or A4).
ALTER TABLE regions ADD COLUMN paper_size text NOT NULL DEFAULT 'F4' CHECK (paper_size IN ('F4', 'A4'));

-- One row per register and year: its last number taken. Numbers are
-- reserved by an upsert in the transaction that records the enactment, so
-- the row lock serializes racers and a rollback gives the number back.
CREATE TABLE legal_registers (
    region_id    bigint NOT NULL REFERENCES regions(id),
    register     text NOT NULL CHECK (register IN ('perwali', 'kepwali', 'berita_daerah')),
    year         int NOT NULL CHECK (year BETWEEN 1945 AND 9999),
    last_number  int NOT NULL CHECK (last_number >= 1),
    PRIMARY KEY (region_id, register, year)
);

CREATE TABLE enactments (
    id                  bigserial PRIMARY KEY,
    policy_id           bigint NOT NULL REFERENCES policies(id),
    region_id           bigint NOT NULL REFERENCES regions(id),
    version_id          bigint NOT NULL REFERENCES policy_versions(id),
    version_number      int NOT NULL CHECK (version_number >= 1),
    sha256              char(64) NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    form                text NOT NULL CHECK (form IN ('perwali', 'kepwali')),
    number              int NOT NULL CHECK (number >= 1),
    year                int NOT NULL CHECK (year BETWEEN 1945 AND 9999),
    title               text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
    place               text NOT NULL CHECK (length(place) BETWEEN 1 AND 100),
    enacted_on          date NOT NULL,
    principal_id        bigint NOT NULL REFERENCES users(id),
    principal_title     text NOT NULL CHECK (length(principal_title) BETWEEN 1 AND 300),
    signer_id           bigint NOT NULL REFERENCES users(id),
    signer_name         text NOT NULL CHECK (length(signer_name) BETWEEN 1 AND 200),
    signer_title        text NOT NULL DEFAULT '' CHECK (length(signer_title) <= 300),
    capacity            text NOT NULL CHECK (capacity IN ('own', 'plt', 'plh', 'an')),
    acting_id           bigint REFERENCES acting_officials(id),
    promulgated_on      date,
    gazette_number      int CHECK (gazette_number >= 1),
    gazette_year        int CHECK (gazette_year BETWEEN 1945 AND 9999),
    promulgator_id      bigint REFERENCES users(id),
    promulgator_name    text CHECK (length(promulgator_name) BETWEEN 1 AND 200),
    promulgator_title   text CHECK (length(promulgator_title) <= 300),
    promulgator_prefix  text CHECK (promulgator_prefix IN ('', 'Plt. ', 'Plh. ')),
    recorded_by         bigint NOT NULL REFERENCES users(id),
    created_at          timestamptz NOT NULL DEFAULT now(),
    UNIQUE (region_id, form, year, number),
    UNIQUE (version_id),
    UNIQUE (region_id, gazette_year, gazette_number),
    CHECK ((capacity IN ('plt', 'plh')) = (acting_id IS NOT NULL)),
    CHECK ((capacity = 'own') = (signer_id = principal_id)),
    -- The promulgation is whole or absent.
    CHECK ((promulgated_on IS NULL) = (gazette_number IS NULL)
       AND (promulgated_on IS NULL) = (gazette_year IS NULL)
       AND (promulgated_on IS NULL) = (promulgator_id IS NULL)
       AND (promulgated_on IS NULL) = (promulgator_name IS NULL)),
    CHECK (promulgated_on IS NULL OR promulgated_on >= enacted_on)
);
CREATE INDEX enactments_policy ON enactments (policy_id, id);
CREATE INDEX enactments_region ON enactments (region_id, year, number);

-- The enacted record is immutable: no DELETE, and no UPDATE but setting the
-- promulgation once, from NULL, leaving every other column as it was.
CREATE FUNCTION enactments_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'enactments rows are immutable' USING ERRCODE = 'restrict_violation';
    END IF;
    IF OLD.promulgated_on IS NOT NULL THEN
        RAISE EXCEPTION 'enactment % is already promulgated', OLD.id USING ERRCODE = 'restrict_violation';
    END IF;
    IF (to_jsonb(NEW) - ARRAY['promulgated_on','gazette_number','gazette_year','promulgator_id',
            'promulgator_name','promulgator_title','promulgator_prefix'])
       IS DISTINCT FROM
       (to_jsonb(OLD) - ARRAY['promulgated_on','gazette_number','gazette_year','promulgator_id',
            'promulgator_name','promulgator_title','promulgator_prefix']) THEN
        RAISE EXCEPTION 'enactment % is immutable but for its promulgation', OLD.id USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER enactments_immutable BEFORE UPDATE OR DELETE ON enactments
    FOR EACH ROW EXECUTE FUNCTION enactments_immutable();
