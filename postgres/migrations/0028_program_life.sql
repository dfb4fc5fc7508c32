-- Programs that live (issue 22): a program has a status its workflow sets
-- (planned, running, done, cancelled), the reason of its last reschedule
-- or cancellation, and a budget (pagu) and realisation (realisasi) in whole
-- rupiah. Programs recorded before: done once their end date has passed,
-- running once their start date has.

ALTER TABLE programs ADD COLUMN status text NOT NULL DEFAULT 'planned'
    CHECK (status IN ('planned', 'running', 'done', 'cancelled'));
ALTER TABLE programs ADD COLUMN status_reason text NOT NULL DEFAULT '' CHECK (length(status_reason) <= 1000);
ALTER TABLE programs ADD COLUMN budget bigint NOT NULL DEFAULT 0 CHECK (budget >= 0);
ALTER TABLE programs ADD COLUMN realisation bigint NOT NULL DEFAULT 0 CHECK (realisation >= 0);

UPDATE programs SET status = CASE WHEN ends_on < current_date THEN 'done'
    WHEN starts_on <= current_date THEN 'running' ELSE 'planned' END;

-- A participant is removed with a reason, never deleted: their row keeps
-- the history the audit log points at, and counts for nothing.
ALTER TABLE participants ADD COLUMN removed_at timestamptz;
ALTER TABLE participants ADD COLUMN removed_reason text NOT NULL DEFAULT '' CHECK (length(removed_reason) <= 1000);
ALTER TABLE participants ADD CONSTRAINT participants_removed_reason CHECK (removed_at IS NULL OR removed_reason <> '');

-- Sessions of a program (date and JP) and the attendance list (daftar
-- hadir) of each: a participation's JP is the JP of the sessions attended
-- when the program has sessions.
CREATE TABLE program_sessions (
    id          bigserial PRIMARY KEY,
    program_id  bigint NOT NULL REFERENCES programs(id),
    number      int NOT NULL CHECK (number >= 1),
    held_on     date NOT NULL,
    jp          int NOT NULL CHECK (jp BETWEEN 1 AND 1000),
    topic       text NOT NULL DEFAULT '' CHECK (length(topic) <= 300),
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (program_id, number)
);

CREATE TABLE session_attendance (
    session_id      bigint NOT NULL REFERENCES program_sessions(id),
    participant_id  bigint NOT NULL REFERENCES participants(id),
    present         boolean NOT NULL,
    recorded_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (session_id, participant_id)
);
CREATE INDEX session_attendance_participant ON session_attendance (participant_id) WHERE present;
