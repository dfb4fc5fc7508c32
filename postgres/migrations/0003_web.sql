-- Version 3: what the web app and the JSON API keep.

-- Sessions: the cookie holds a random token; only its SHA-256 is stored.
CREATE TABLE sessions (
    id           char(64) PRIMARY KEY,            -- hex SHA-256 of the cookie's token
    user_id      bigint NOT NULL REFERENCES users(id),
    csrf_token   text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    CHECK (expires_at > created_at)
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Personal API tokens for /api/v1; only the hash is stored.
CREATE TABLE api_tokens (
    id            bigserial PRIMARY KEY,
    user_id       bigint NOT NULL REFERENCES users(id),
    name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    token_hash    char(64) NOT NULL UNIQUE,
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_used_at  timestamptz,
    revoked_at    timestamptz
);

-- Login attempts, for rate limiting per account and per address.
CREATE TABLE login_attempts (
    id          bigserial PRIMARY KEY,
    email       text NOT NULL,
    ip          text NOT NULL,
    ok          boolean NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_attempts_email ON login_attempts (lower(email), created_at);
CREATE INDEX login_attempts_ip ON login_attempts (ip, created_at);

-- Answers to POSTs that carried an Idempotency-Key, replayed on a retry.
CREATE TABLE idempotency_keys (
    owner         text NOT NULL,                  -- 'u<user id>' or 'anon:<address>'
    key           text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
    method        text NOT NULL,
    path          text NOT NULL,
    status        int,                            -- NULL while the first request runs
    content_type  text NOT NULL DEFAULT '',
    body          bytea NOT NULL DEFAULT '',
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (owner, key)
);

-- Comments: who resolved them, and a key so a retried POST stores one.
ALTER TABLE comments ADD COLUMN resolved_by bigint REFERENCES users(id);
ALTER TABLE comments ADD COLUMN resolved_at timestamptz;

-- Full-text search over a policy's title and current text (Indonesian stemming).
ALTER TABLE policies ADD COLUMN search tsvector NOT NULL DEFAULT ''::tsvector;
CREATE INDEX policies_search ON policies USING gin (search);
UPDATE policies p SET search =
    setweight(to_tsvector('indonesian', p.title), 'A') ||
    setweight(to_tsvector('indonesian', coalesce((SELECT markdown FROM policy_versions v WHERE v.id = p.current_version_id), '')), 'B');

-- Notifications by user, newest first, for the inbox.
CREATE INDEX notifications_user ON notifications (user_id, id DESC);
