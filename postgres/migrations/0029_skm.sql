-- SKM as PermenPANRB 14/2017 asks (issue 22).
-- The region's minimum of SKM respondents when a unit enters no service
-- population: below it a result is recorded but opens no revision.
ALTER TABLE regions ADD COLUMN skm_min_respondents integer NOT NULL DEFAULT 30
    CHECK (skm_min_respondents BETWEEN 1 AND 100000);

-- The unit's service population in the round's period, as its officer
-- entered it with the SKM: the Krejcie–Morgan sample size is taken from it.
ALTER TABLE evaluation_results ADD COLUMN population integer
    CHECK (population BETWEEN 1 AND 100000000);

-- The respondents' profile the unit counted (gender, age, education), as
-- aggregates only (evaluation.SKMProfile); pages suppress cells below 5.
ALTER TABLE evaluation_results ADD COLUMN profile jsonb;

-- Rencana tindak lanjut: for an element of a unit's SKM below the policy's
-- threshold, the unit's follow-up (action, owner, due date, status); the
-- unit is reminded until it is done (workflows.FollowUpWorkflow).
CREATE TABLE skm_followups (
    id          bigserial PRIMARY KEY,
    round_id    bigint NOT NULL REFERENCES evaluation_rounds(id),
    element     text NOT NULL CHECK (element ~ '^u[1-9]$'),
    action      text NOT NULL CHECK (length(action) BETWEEN 1 AND 2000),
    owner       text NOT NULL CHECK (length(owner) BETWEEN 1 AND 200),
    due_on      date NOT NULL,
    status      text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned','in_progress','done')),
    created_by  bigint NOT NULL REFERENCES users(id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    done_at     timestamptz,
    UNIQUE (round_id, element)
);
