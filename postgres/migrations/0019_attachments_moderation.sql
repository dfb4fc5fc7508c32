-- Attachments of a policy (naskah akademik, notulen, surat), kept in the
-- database itself so that an upload answered 201 survives any crash, and
-- the moderation of comments: reports by readers, the drafter's decisions,
-- and the count of anonymous comments per address (issue 12).

CREATE TABLE attachments (
    id            bigserial PRIMARY KEY,
    policy_id     bigint NOT NULL REFERENCES policies(id),
    kind          text NOT NULL CHECK (kind IN ('naskah_akademik','notulen','surat','lainnya')),
    name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
    content_type  text NOT NULL,
    size          bigint NOT NULL CHECK (size BETWEEN 1 AND 20971520),
    sha256        text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    content       bytea NOT NULL CHECK (octet_length(content) = size),
    uploaded_by   bigint NOT NULL REFERENCES users(id),
    created_at    timestamptz NOT NULL DEFAULT now(),
    -- A removed attachment is withdrawn, not erased: its row and content
    -- stay, with who withdrew it and when (and the policy's audit log says so).
    removed_at    timestamptz,
    removed_by    bigint REFERENCES users(id),
    CHECK ((removed_at IS NULL) = (removed_by IS NULL))
);
CREATE INDEX attachments_policy ON attachments (policy_id, id);

-- A reader's report of a visible comment: why (a category and words), by
-- whom (an account, or anonymous from an address), and how it was closed.
CREATE TABLE comment_reports (
    id           bigserial PRIMARY KEY,
    comment_id   bigint NOT NULL REFERENCES comments(id),
    reason       text NOT NULL CHECK (reason IN ('spam','abusive','personal_data','off_topic','other')),
    detail       text NOT NULL DEFAULT '' CHECK (length(detail) <= 2000),
    reporter_id  bigint REFERENCES users(id),
    address      text NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL DEFAULT now(),
    closed_at    timestamptz,
    closed_by    bigint REFERENCES users(id),
    outcome      text CHECK (outcome IN ('approved','hidden','kept')),
    CHECK ((closed_at IS NULL) = (outcome IS NULL))
);
CREATE INDEX comment_reports_comment ON comment_reports (comment_id, id);
CREATE INDEX comment_reports_address ON comment_reports (address, created_at) WHERE reporter_id IS NULL;
-- One open report per reader and comment.
CREATE UNIQUE INDEX comment_reports_once_user ON comment_reports (comment_id, reporter_id) WHERE closed_at IS NULL AND reporter_id IS NOT NULL;
CREATE UNIQUE INDEX comment_reports_once_anon ON comment_reports (comment_id, address) WHERE closed_at IS NULL AND reporter_id IS NULL;

-- Every moderation decision: approve (publish), hide (rejected), keep
-- (reviewed, stays visible), by whom and when.
CREATE TABLE comment_moderations (
    id          bigserial PRIMARY KEY,
    comment_id  bigint NOT NULL REFERENCES comments(id),
    decision    text NOT NULL CHECK (decision IN ('approve','hide','keep')),
    from_status text NOT NULL,
    to_status   text NOT NULL,
    decided_by  bigint NOT NULL REFERENCES users(id),
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX comment_moderations_comment ON comment_moderations (comment_id, id);

-- Anonymous comments counted per client address and consultation: one row
-- per comment let through the limits.
CREATE TABLE anonymous_comment_counts (
    id               bigserial PRIMARY KEY,
    consultation_id  bigint NOT NULL REFERENCES consultations(id),
    address          text NOT NULL CHECK (length(address) BETWEEN 1 AND 100),
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX anonymous_comment_counts_address ON anonymous_comment_counts (consultation_id, address, created_at);
