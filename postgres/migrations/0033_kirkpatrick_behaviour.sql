-- Kirkpatrick as training evaluation is done (issue 22), levels 3 and 4.
-- Level 3 (behaviour): months after a program is done (the region's
-- kp_behaviour_months, default 3) the supervisor of each completed
-- participant — the head of the participant's unit, through the unit's
-- officers — answers a short behaviour survey through a signed, one-answer
-- link without an account (the token's SHA-256 kept, never the token). The
-- answers name their program, not the participant. Level 4 (results): the
-- unit records its chosen indicator against its baseline and target, asked
-- months after the end (kp_results_months, default 6).

ALTER TABLE regions ADD COLUMN kp_behaviour_months int NOT NULL DEFAULT 3 CHECK (kp_behaviour_months BETWEEN 1 AND 24);
ALTER TABLE regions ADD COLUMN kp_results_months int NOT NULL DEFAULT 6 CHECK (kp_results_months BETWEEN 1 AND 36);

CREATE TABLE behaviour_links (
    id              bigserial PRIMARY KEY,
    program_id      bigint NOT NULL REFERENCES programs(id),
    participant_id  bigint NOT NULL UNIQUE REFERENCES participants(id),
    token_hash      text NOT NULL UNIQUE CHECK (length(token_hash) = 64),
    created_by      bigint REFERENCES users(id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL,
    answered_at     timestamptz
);
CREATE INDEX behaviour_links_program ON behaviour_links (program_id);

CREATE TABLE behaviour_answers (
    id          bigserial PRIMARY KEY,
    program_id  bigint NOT NULL REFERENCES programs(id),
    scores      int[] NOT NULL CHECK (cardinality(scores) BETWEEN 1 AND 20 AND 1 <= ALL (scores) AND 5 >= ALL (scores)),
    example     text NOT NULL DEFAULT '' CHECK (length(example) <= 2000),
    answered_on date NOT NULL DEFAULT current_date
);
CREATE INDEX behaviour_answers_program ON behaviour_answers (program_id);

-- A program's level 4 indicator: what it should move, from where, to
-- where, and (once measured) where it stands.
CREATE TABLE program_results (
    program_id      bigint PRIMARY KEY REFERENCES programs(id),
    indicator       text NOT NULL CHECK (length(indicator) BETWEEN 1 AND 300),
    unit_of_measure text NOT NULL CHECK (length(unit_of_measure) BETWEEN 1 AND 60),
    baseline        numeric(14,2) NOT NULL,
    target          numeric(14,2) NOT NULL,
    lower_is_better boolean NOT NULL DEFAULT false,
    actual          numeric(14,2),
    measured_on     date,
    updated_by      bigint REFERENCES users(id),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CHECK ((actual IS NULL) = (measured_on IS NULL))
);
