-- Version 2: what the lifecycle workflows record.

-- The approved version stays in force while a revision is drafted and approved.
ALTER TABLE policies ADD COLUMN in_force_version_id bigint REFERENCES policy_versions(id);

-- Who heads a unit: the person escalations about overdue evaluations go to.
ALTER TABLE units ADD COLUMN head_user_id bigint REFERENCES users(id);

-- Audit rows written by retried activities carry a key, so a retry adds nothing.
ALTER TABLE audit_log ADD COLUMN idempotency_key text UNIQUE;

CREATE TABLE consultations (
    id             bigserial PRIMARY KEY,
    policy_id      bigint NOT NULL REFERENCES policies(id),
    version_id     bigint NOT NULL REFERENCES policy_versions(id),
    workflow_id    text NOT NULL UNIQUE,
    opened_by      bigint NOT NULL REFERENCES users(id),
    opened_at      timestamptz NOT NULL,
    closes_at      timestamptz NOT NULL,
    allow_public   boolean NOT NULL DEFAULT false,
    closed_at      timestamptz,
    closed_reason  text CHECK (closed_reason IN ('deadline','early','archived')),
    summary        jsonb,
    CHECK (closes_at > opened_at)
);
CREATE INDEX consultations_policy ON consultations (policy_id, id);

CREATE TABLE consultation_invitees (
    consultation_id  bigint NOT NULL REFERENCES consultations(id),
    user_id          bigint NOT NULL REFERENCES users(id),
    PRIMARY KEY (consultation_id, user_id)
);

CREATE TABLE approval_runs (
    id           bigserial PRIMARY KEY,
    policy_id    bigint NOT NULL REFERENCES policies(id),
    version_id   bigint NOT NULL REFERENCES policy_versions(id),
    sha256       char(64) NOT NULL,
    workflow_id  text NOT NULL UNIQUE,
    submitted_by bigint NOT NULL REFERENCES users(id),
    started_at   timestamptz NOT NULL,
    ended_at     timestamptz,
    outcome      text CHECK (outcome IN ('approved','rejected','changes_requested','cancelled'))
);
CREATE INDEX approval_runs_policy ON approval_runs (policy_id, id);

ALTER TABLE decisions ADD COLUMN approval_run_id bigint REFERENCES approval_runs(id);
-- One decision per approver (or acting official) per stage per run.
CREATE UNIQUE INDEX decisions_once ON decisions (approval_run_id, stage_id, coalesce(acting_for_id, decider_id));

ALTER TABLE delegations ADD COLUMN idempotency_key text UNIQUE;

ALTER TABLE programs ADD COLUMN idempotency_key text UNIQUE;
ALTER TABLE programs ADD COLUMN workflow_id text UNIQUE;

ALTER TABLE evaluation_results ADD COLUMN idempotency_key text UNIQUE;
