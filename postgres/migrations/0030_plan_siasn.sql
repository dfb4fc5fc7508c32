-- The yearly competency-development plan (issue 22; PP 11/2017 Ps. 205–207):
-- needs per unit (by hand or from an AKPK file), plan items with their
-- targets and budget, and the programs that realise each item (a link
-- table: the programs table is the programs workflow's). Then the SIASN
-- export of completed training: each participation verified by its unit,
-- then by BKPSDM, and exported once, in a batch kept as it was sent.

CREATE TABLE plan_needs (
    id               bigserial PRIMARY KEY,
    region_id        bigint NOT NULL REFERENCES regions(id),
    year             int NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    unit_id          bigint NOT NULL REFERENCES units(id),
    competency       text NOT NULL CHECK (length(competency) BETWEEN 1 AND 300),
    competency_kind  text NOT NULL CHECK (competency_kind IN ('manajerial', 'sosial_kultural', 'teknis')),
    path             text NOT NULL CHECK (path IN ('klasikal', 'nonklasikal')),
    participants     int NOT NULL CHECK (participants BETWEEN 1 AND 100000),
    jp               int NOT NULL CHECK (jp BETWEEN 1 AND 1000),
    note             text NOT NULL DEFAULT '' CHECK (length(note) <= 1000),
    source           text NOT NULL CHECK (source IN ('manual', 'akpk')),
    created_by       bigint REFERENCES users(id),
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX plan_needs_region_year ON plan_needs (region_id, year, unit_id);

CREATE TABLE plan_items (
    id                   bigserial PRIMARY KEY,
    region_id            bigint NOT NULL REFERENCES regions(id),
    year                 int NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    unit_id              bigint NOT NULL REFERENCES units(id),
    policy_id            bigint REFERENCES policies(id),
    competency           text NOT NULL CHECK (length(competency) BETWEEN 1 AND 300),
    kind                 text NOT NULL CHECK (kind IN
                           ('pelatihan','workshop','seminar','lokakarya','e_learning','mentoring','soft_skills')),
    target_participants  int NOT NULL CHECK (target_participants BETWEEN 1 AND 100000),
    target_jp            int NOT NULL CHECK (target_jp BETWEEN 1 AND 1000),
    budget               bigint NOT NULL DEFAULT 0 CHECK (budget BETWEEN 0 AND 1000000000000000),
    created_by           bigint REFERENCES users(id),
    created_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX plan_items_region_year ON plan_items (region_id, year, unit_id);

CREATE TABLE plan_item_programs (
    item_id     bigint NOT NULL REFERENCES plan_items(id),
    program_id  bigint NOT NULL REFERENCES programs(id),
    linked_by   bigint REFERENCES users(id),
    linked_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (item_id, program_id)
);
CREATE INDEX plan_item_programs_program ON plan_item_programs (program_id);

-- A batch of rows sent to SIASN: the rows as exported, so a re-download is
-- the same file.
CREATE TABLE siasn_exports (
    id          bigserial PRIMARY KEY,
    region_id   bigint NOT NULL REFERENCES regions(id),
    rows        jsonb NOT NULL,
    row_count   int NOT NULL CHECK (row_count >= 1),
    created_by  bigint REFERENCES users(id),
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX siasn_exports_region ON siasn_exports (region_id, id);

CREATE TABLE participation_verifications (
    participant_id      bigint PRIMARY KEY REFERENCES participants(id),
    unit_verified_by    bigint NOT NULL REFERENCES users(id),
    unit_verified_at    timestamptz NOT NULL DEFAULT now(),
    region_verified_by  bigint REFERENCES users(id),
    region_verified_at  timestamptz,
    export_id           bigint REFERENCES siasn_exports(id),
    exported_at         timestamptz,
    CHECK ((region_verified_by IS NULL) = (region_verified_at IS NULL)),
    CHECK ((export_id IS NULL) = (exported_at IS NULL)),
    CHECK (export_id IS NULL OR region_verified_at IS NOT NULL)
);
CREATE INDEX participation_verifications_pending ON participation_verifications (participant_id) WHERE export_id IS NULL;
