-- Version 49: personal data kept as UU 27/2022 (Pelindungan Data Pribadi)
-- asks (issue 24): a region's shortened retention per kind of record (the
-- installation's defaults are in the code, policies.DefaultRetention), the
-- purge runs' reports, a person's erasure requests, and the mark of an
-- erased account. docs/PRIVACY.md says what each serves.

-- A region's shorter retention for one regional kind of record. No row:
-- the installation's default. Every change is audited.
CREATE TABLE retention_rules (
    region_id   bigint NOT NULL REFERENCES regions(id),
    kind        text NOT NULL CHECK (kind ~ '^[a-z_]{1,40}$'),
    days        int NOT NULL CHECK (days BETWEEN 1 AND 36500),
    updated_by  bigint NOT NULL REFERENCES users(id),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (region_id, kind)
);

-- What each purge run removed or cleared, per kind.
CREATE TABLE purge_runs (
    id      bigserial PRIMARY KEY,
    ran_at  timestamptz NOT NULL,
    counts  jsonb NOT NULL CHECK (jsonb_typeof(counts) = 'object')
);

-- A person's request to have their data erased; the region's administrator
-- decides it (erases, or declines with a reason). One open request a person.
CREATE TABLE erasure_requests (
    id            bigserial PRIMARY KEY,
    user_id       bigint NOT NULL REFERENCES users(id),
    region_id     bigint REFERENCES regions(id),
    reason        text NOT NULL DEFAULT '' CHECK (length(reason) <= 2000),
    requested_at  timestamptz NOT NULL DEFAULT now(),
    decided_at    timestamptz,
    decided_by    bigint REFERENCES users(id),
    outcome       text CHECK (outcome IN ('erased', 'declined')),
    note          text NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
    CHECK ((decided_at IS NULL) = (outcome IS NULL))
);
CREATE UNIQUE INDEX erasure_requests_open ON erasure_requests (user_id) WHERE decided_at IS NULL;
CREATE INDEX erasure_requests_region ON erasure_requests (region_id, id DESC);

-- An erased account: its identifying fields were cleared, it cannot sign in.
ALTER TABLE users ADD COLUMN erased_at timestamptz;

-- The purge finds its rows by their end.
CREATE INDEX login_attempts_created ON login_attempts (created_at);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
CREATE INDEX sessions_expires ON sessions (expires_at);
CREATE INDEX anonymous_comment_counts_created ON anonymous_comment_counts (created_at);
