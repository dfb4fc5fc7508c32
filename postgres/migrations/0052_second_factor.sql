-- The second factor of a sign-in (issue 24): a TOTP secret per person
-- (RFC 6238, SHA-1, 6 digits, 30 s), required for administrators, leaders
-- and Bagian Hukum. A secret is written when enrolment begins and counts
-- once confirmed by a valid code; last_step is the time step last accepted
-- (a code is accepted once: only later steps pass).
CREATE TABLE second_factors (
    user_id bigint PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    secret text NOT NULL,
    confirmed_at timestamptz,
    last_step bigint NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Ten one-time recovery codes per confirmed enrolment, kept as SHA-256.
CREATE TABLE recovery_codes (
    id bigserial PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    code_hash text NOT NULL,
    used_at timestamptz,
    UNIQUE (user_id, code_hash)
);

-- A sign-in between its password (or identity provider) and its second
-- factor: a short-lived pre-session under the hash of its cookie, never a
-- session. next is where the sign-in goes once complete.
CREATE TABLE pending_signins (
    id text PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    next text NOT NULL DEFAULT '',
    expires_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX pending_signins_user ON pending_signins (user_id);

-- Sessions begun before the second factor was required: the people who
-- now need one sign in again and enrol.
DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE role IN ('admin', 'leader', 'legal'));
