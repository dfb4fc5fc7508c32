-- Version 9: personal API tokens expire, and sessions end when left idle
-- (issue 9, section 4).

-- Every token has an end its owner chose; tokens made before get 90 days.
ALTER TABLE api_tokens ADD COLUMN expires_at timestamptz;
UPDATE api_tokens SET expires_at = greatest(created_at, now()) + interval '90 days';
ALTER TABLE api_tokens ALTER COLUMN expires_at SET NOT NULL;
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_expires_after_created CHECK (expires_at > created_at);
-- A person's list of tokens.
CREATE INDEX api_tokens_user ON api_tokens (user_id, id DESC);

-- A session's last request, written at most once a minute: a session with
-- no request for the idle lifetime has ended, whatever its absolute end.
ALTER TABLE sessions ADD COLUMN last_seen_at timestamptz NOT NULL DEFAULT now();

-- The sign-in limits count an account's failures from one address.
CREATE INDEX login_attempts_ip_email ON login_attempts (ip, lower(email), created_at);
