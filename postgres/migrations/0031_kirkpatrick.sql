-- Kirkpatrick as training evaluation is done (issue 22), levels 1 and 2:
-- a reaction link per completed participant (no account; the token's
-- SHA-256 kept, never the token; one answer; an expiry) and the answers,
-- kept per program without the participant; a pre- and post-test score
-- (0–100) per participant.

CREATE TABLE reaction_links (
    id              bigserial PRIMARY KEY,
    program_id      bigint NOT NULL REFERENCES programs(id),
    participant_id  bigint NOT NULL UNIQUE REFERENCES participants(id),
    token_hash      text NOT NULL UNIQUE CHECK (length(token_hash) = 64),
    created_by      bigint REFERENCES users(id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL,
    answered_at     timestamptz
);
CREATE INDEX reaction_links_program ON reaction_links (program_id);

-- An answer names its program, not its participant: who answered what is
-- not kept (the link only records that it was answered).
CREATE TABLE reaction_answers (
    id          bigserial PRIMARY KEY,
    program_id  bigint NOT NULL REFERENCES programs(id),
    scores      int[] NOT NULL CHECK (cardinality(scores) BETWEEN 1 AND 20 AND 1 <= ALL (scores) AND 5 >= ALL (scores)),
    answered_on date NOT NULL DEFAULT current_date
);
CREATE INDEX reaction_answers_program ON reaction_answers (program_id);

CREATE TABLE learning_scores (
    participant_id  bigint PRIMARY KEY REFERENCES participants(id),
    pre_score       int NOT NULL CHECK (pre_score BETWEEN 0 AND 100),
    post_score      int NOT NULL CHECK (post_score BETWEEN 0 AND 100),
    recorded_by     bigint REFERENCES users(id),
    recorded_at     timestamptz NOT NULL DEFAULT now()
);
