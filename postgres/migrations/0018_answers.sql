-- Issue 12: an answer for every consultation comment, offline input, the
-- unanswered-comments reason. These tables only reference comments(id) and
-- consultations(id); the comments table's columns are not touched here.

-- A drafter's answer to one top-level comment of a consultation: a draft
-- (published_at NULL), seen by the region's drafters only, until the
-- consultation's answers are published together. A published answer is
-- immutable (the trigger below refuses any change to it).
CREATE TABLE comment_answers (
    comment_id      bigint PRIMARY KEY REFERENCES comments(id),
    consultation_id bigint NOT NULL REFERENCES consultations(id),
    disposition     text NOT NULL CHECK (disposition IN ('diterima','diterima_sebagian','tidak_diterima','sudah_diakomodasi','di_luar_lingkup')),
    reason          text NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 5000),
    drafted_by      bigint NOT NULL REFERENCES users(id),
    drafted_at      timestamptz NOT NULL DEFAULT now(),
    published_by    bigint REFERENCES users(id),
    published_at    timestamptz
);
CREATE INDEX comment_answers_consultation ON comment_answers (consultation_id, comment_id);

CREATE FUNCTION comment_answer_immutable() RETURNS trigger AS $$
BEGIN
    IF OLD.published_at IS NOT NULL THEN
        RAISE EXCEPTION 'a published answer cannot change' USING ERRCODE = '23001';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER comment_answer_immutable BEFORE UPDATE OR DELETE ON comment_answers
    FOR EACH ROW EXECUTE FUNCTION comment_answer_immutable();

-- Input received offline (a hearing, a letter, a focus group), entered by a
-- drafter as a comment of the consultation: its channel, source and date.
CREATE TABLE offline_inputs (
    comment_id      bigint PRIMARY KEY REFERENCES comments(id),
    consultation_id bigint NOT NULL REFERENCES consultations(id),
    channel         text NOT NULL CHECK (channel IN ('rdp','surat','fgd')),
    received_on     date NOT NULL,
    entered_by      bigint NOT NULL REFERENCES users(id),
    entered_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX offline_inputs_consultation ON offline_inputs (consultation_id);

-- Why a policy goes to approval with comments of its consultation still
-- without a published answer (UU 13/2022 Pasal 96): the latest reason counts.
CREATE TABLE unanswered_reasons (
    id              bigserial PRIMARY KEY,
    consultation_id bigint NOT NULL REFERENCES consultations(id),
    reason          text NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 5000),
    unanswered      integer NOT NULL CHECK (unanswered >= 0),
    recorded_by     bigint NOT NULL REFERENCES users(id),
    recorded_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX unanswered_reasons_consultation ON unanswered_reasons (consultation_id, id);
