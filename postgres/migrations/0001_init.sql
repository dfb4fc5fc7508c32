-- Policyflow schema, version 1: the whole system of record.
-- Enumerations are CHECK constraints so the database refuses what Go would.

CREATE TABLE regions (
    id          bigserial PRIMARY KEY,
    slug        text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9-]{1,60}$'),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE units (
    id          bigserial PRIMARY KEY,
    region_id   bigint NOT NULL REFERENCES regions(id),
    code        text NOT NULL CHECK (code ~ '^[a-z0-9-]{1,60}$'),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (region_id, code)
);

CREATE TABLE users (
    id             bigserial PRIMARY KEY,
    email          text NOT NULL CHECK (email LIKE '%_@_%' AND length(email) <= 254),
    name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    role           text NOT NULL CHECK (role IN ('drafter','stakeholder','leader','unit_officer','admin')),
    unit_id        bigint REFERENCES units(id),
    title          text NOT NULL DEFAULT '',
    password_hash  text NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    CHECK (role NOT IN ('unit_officer','drafter') OR unit_id IS NOT NULL)
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

CREATE TABLE approval_chains (
    id          bigserial PRIMARY KEY,
    region_id   bigint NOT NULL REFERENCES regions(id),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (region_id, name)
);

CREATE TABLE approval_stages (
    id               bigserial PRIMARY KEY,
    chain_id         bigint NOT NULL REFERENCES approval_chains(id) ON DELETE CASCADE,
    position         int NOT NULL CHECK (position >= 1),
    name             text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    quorum           text NOT NULL CHECK (quorum IN ('any','all','n_of_m')),
    quorum_n         int NOT NULL DEFAULT 1 CHECK (quorum_n >= 1),
    sla_days         int NOT NULL CHECK (sla_days >= 1),
    escalation_days  int NOT NULL CHECK (escalation_days >= 1),
    superior_id      bigint REFERENCES users(id),
    UNIQUE (chain_id, position),
    CHECK (escalation_days >= sla_days)
);

CREATE TABLE stage_approvers (
    stage_id  bigint NOT NULL REFERENCES approval_stages(id) ON DELETE CASCADE,
    user_id   bigint NOT NULL REFERENCES users(id),
    PRIMARY KEY (stage_id, user_id)
);

CREATE TABLE delegations (
    id            bigserial PRIMARY KEY,
    principal_id  bigint NOT NULL REFERENCES users(id),
    delegate_id   bigint NOT NULL REFERENCES users(id),
    starts_at     timestamptz NOT NULL,
    ends_at       timestamptz NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_at > starts_at),
    CHECK (principal_id <> delegate_id)
);

CREATE TABLE policies (
    id                  bigserial PRIMARY KEY,
    region_id           bigint NOT NULL REFERENCES regions(id),
    owner_unit_id       bigint NOT NULL REFERENCES units(id),
    chain_id            bigint REFERENCES approval_chains(id),
    slug                text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9-]{1,120}$'),
    title               text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
    status              text NOT NULL DEFAULT 'draft' CHECK (status IN
                          ('draft','consultation','drafting','in_approval','approved',
                           'implementing','evaluating','revision','archived')),
    current_version_id  bigint,
    evaluation_months   int NOT NULL DEFAULT 6 CHECK (evaluation_months BETWEEN 1 AND 60),
    ikm_threshold       numeric(5,2) NOT NULL DEFAULT 76.61 CHECK (ikm_threshold BETWEEN 25 AND 100),
    created_by          bigint NOT NULL REFERENCES users(id),
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX policies_region_status ON policies (region_id, status);

-- Versions are immutable: no UPDATE or DELETE is ever issued on them (see trigger).
CREATE TABLE policy_versions (
    id              bigserial PRIMARY KEY,
    policy_id       bigint NOT NULL REFERENCES policies(id),
    number          int NOT NULL CHECK (number >= 1),
    markdown        text NOT NULL CHECK (length(markdown) BETWEEN 1 AND 524288),
    sha256          char(64) NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    author_id       bigint NOT NULL REFERENCES users(id),
    change_summary  text NOT NULL DEFAULT '' CHECK (length(change_summary) <= 2000),
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (policy_id, number),
    UNIQUE (policy_id, id)
);

CREATE FUNCTION forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% rows are immutable', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END $$;

CREATE TRIGGER policy_versions_immutable BEFORE UPDATE OR DELETE ON policy_versions
    FOR EACH ROW EXECUTE FUNCTION forbid_change();

ALTER TABLE policies ADD CONSTRAINT policies_current_version_fk
    FOREIGN KEY (id, current_version_id) REFERENCES policy_versions (policy_id, id)
    DEFERRABLE INITIALLY DEFERRED;

CREATE TABLE comments (
    id              bigserial PRIMARY KEY,
    policy_id       bigint NOT NULL REFERENCES policies(id),
    version_id      bigint NOT NULL,
    parent_id       bigint REFERENCES comments(id),
    section_anchor  text NOT NULL CHECK (section_anchor ~ '^[A-Za-z0-9_-]{0,200}$'),
    author_id       bigint REFERENCES users(id),
    author_name     text NOT NULL CHECK (length(author_name) BETWEEN 1 AND 200),
    author_email    text NOT NULL DEFAULT '',
    body            text NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
    status          text NOT NULL DEFAULT 'open' CHECK (status IN ('open','resolved','pending_moderation','rejected')),
    idempotency_key text UNIQUE,
    created_at      timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (policy_id, version_id) REFERENCES policy_versions (policy_id, id)
);
CREATE INDEX comments_policy_section ON comments (policy_id, section_anchor, created_at);

CREATE TABLE decisions (
    id               bigserial PRIMARY KEY,
    policy_id        bigint NOT NULL REFERENCES policies(id),
    version_id       bigint NOT NULL,
    stage_id         bigint NOT NULL REFERENCES approval_stages(id),
    decider_id       bigint NOT NULL REFERENCES users(id),
    acting_for_id    bigint REFERENCES users(id),
    decision         text NOT NULL CHECK (decision IN ('approve','reject','request_changes')),
    reason           text NOT NULL DEFAULT '' CHECK (length(reason) <= 4000),
    sha256_approved  char(64) NOT NULL CHECK (sha256_approved ~ '^[0-9a-f]{64}$'),
    idempotency_key  text NOT NULL UNIQUE,
    created_at       timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (policy_id, version_id) REFERENCES policy_versions (policy_id, id),
    CHECK (decision = 'approve' OR length(reason) > 0)
);

CREATE TABLE programs (
    id                   bigserial PRIMARY KEY,
    policy_id            bigint NOT NULL REFERENCES policies(id),
    unit_id              bigint NOT NULL REFERENCES units(id),
    kind                 text NOT NULL CHECK (kind IN
                           ('pelatihan','workshop','seminar','lokakarya','e_learning','mentoring','soft_skills')),
    title                text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
    partner              text NOT NULL DEFAULT '',
    starts_on            date NOT NULL,
    ends_on              date NOT NULL,
    jp                   int NOT NULL CHECK (jp BETWEEN 1 AND 1000),
    target_participants  int NOT NULL DEFAULT 0 CHECK (target_participants >= 0),
    created_at           timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_on >= starts_on)
);

CREATE TABLE participants (
    id          bigserial PRIMARY KEY,
    program_id  bigint NOT NULL REFERENCES programs(id),
    nip         char(18) NOT NULL CHECK (nip ~ '^[0-9]{18}$'),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    unit_id     bigint NOT NULL REFERENCES units(id),
    attended    boolean NOT NULL DEFAULT false,
    completed   boolean NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (program_id, nip)
);

CREATE TABLE evaluation_rounds (
    id          bigserial PRIMARY KEY,
    policy_id   bigint NOT NULL REFERENCES policies(id),
    unit_id     bigint NOT NULL REFERENCES units(id),
    number      int NOT NULL CHECK (number >= 1),
    due_at      timestamptz NOT NULL,
    status      text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','submitted','overdue')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (policy_id, unit_id, number)
);

CREATE TABLE evaluation_results (
    id            bigserial PRIMARY KEY,
    round_id      bigint NOT NULL REFERENCES evaluation_rounds(id),
    instrument    text NOT NULL CHECK (instrument IN ('skm','kirkpatrick')),
    data          jsonb NOT NULL,
    score         numeric(6,2) NOT NULL CHECK (score BETWEEN 0 AND 100),
    submitted_by  bigint NOT NULL REFERENCES users(id),
    created_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (round_id, instrument)
);

-- The outbox: one row per message; the de-duplication key makes retried writes harmless.
CREATE TABLE notifications (
    id            bigserial PRIMARY KEY,
    dedup_key     text NOT NULL UNIQUE CHECK (length(dedup_key) BETWEEN 1 AND 500),
    user_id       bigint NOT NULL REFERENCES users(id),
    policy_id     bigint REFERENCES policies(id),
    kind          text NOT NULL CHECK (length(kind) BETWEEN 1 AND 100),
    subject       text NOT NULL,
    body          text NOT NULL DEFAULT '',
    link          text NOT NULL DEFAULT '',
    created_at    timestamptz NOT NULL DEFAULT now(),
    delivered_at  timestamptz,
    read_at       timestamptz
);
CREATE INDEX notifications_undelivered ON notifications (id) WHERE delivered_at IS NULL;

-- Append-only audit log.
CREATE TABLE audit_log (
    id          bigserial PRIMARY KEY,
    policy_id   bigint REFERENCES policies(id),
    version_id  bigint REFERENCES policy_versions(id),
    actor_id    bigint REFERENCES users(id),
    action      text NOT NULL CHECK (length(action) BETWEEN 1 AND 100),
    detail      text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_policy ON audit_log (policy_id, id);
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION forbid_change();
