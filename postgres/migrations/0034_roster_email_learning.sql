-- Issue 22, last pieces: an ASN's email on the roster (optional; personal
-- data, read as the rest of the roster is), and non-classical competency
-- development (pengembangan kompetensi nonklasikal: coaching, mentoring,
-- e-learning, self-study and the other forms PP 11/2017 and Peraturan LAN
-- 10/2018 name) converted to JP by a table the region keeps.

ALTER TABLE asn_roster ADD COLUMN email text NOT NULL DEFAULT '' CHECK (length(email) <= 254);

-- The region's conversion, per kind of activity: by minutes (jp JP for
-- every per_minutes minutes of the year's activities of that kind) or by
-- activity (jp JP each), capped at max_jp a year per person (0: no cap).
-- A kind without a row converts as policies.DefaultLearningRule says.
CREATE TABLE learning_rules (
    region_id    bigint NOT NULL REFERENCES regions(id),
    kind         text NOT NULL CHECK (kind ~ '^[a-z_]{1,40}$'),
    basis        text NOT NULL CHECK (basis IN ('minutes', 'activity')),
    per_minutes  int NOT NULL DEFAULT 45 CHECK (per_minutes BETWEEN 1 AND 6000),
    jp           int NOT NULL CHECK (jp BETWEEN 0 AND 100),
    max_jp       int NOT NULL DEFAULT 0 CHECK (max_jp BETWEEN 0 AND 1000),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (region_id, kind)
);

-- One person's non-classical learning activity, with its proof. Removing
-- one keeps the row (removed_at, reason) for the audit trail.
CREATE TABLE learning_activities (
    id              bigserial PRIMARY KEY,
    region_id       bigint NOT NULL REFERENCES regions(id),
    nip             char(18) NOT NULL CHECK (nip ~ '^[0-9]{18}$'),
    kind            text NOT NULL CHECK (kind ~ '^[a-z_]{1,40}$'),
    title           text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    held_on         date NOT NULL,
    minutes         int NOT NULL CHECK (minutes BETWEEN 1 AND 100000),
    proof           text NOT NULL CHECK (length(proof) BETWEEN 1 AND 1000),
    created_by      bigint REFERENCES users(id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    removed_at      timestamptz,
    removed_reason  text NOT NULL DEFAULT '' CHECK (length(removed_reason) <= 1000),
    CHECK (removed_at IS NULL OR removed_reason <> '')
);
CREATE INDEX learning_activities_region_year ON learning_activities (region_id, held_on) WHERE removed_at IS NULL;
