-- People administered in the app (issue 11): a civil servant's NIP (18
-- digits, one person per NIP in a region), deactivation, and one-time links
-- to set a password (an invitation, or a reset), kept only as the SHA-256
-- of their token. A person invited has no password (password_hash '') until
-- they set one through their link: an empty hash never signs in.

ALTER TABLE users ADD COLUMN nip text NOT NULL DEFAULT '' CHECK (nip = '' OR nip ~ '^[0-9]{18}$');
ALTER TABLE users ADD COLUMN deactivated_at timestamptz;
CREATE UNIQUE INDEX users_region_nip ON users (region_id, nip) WHERE nip <> '';

CREATE TABLE password_tokens (
    id          bigserial PRIMARY KEY,
    user_id     bigint NOT NULL REFERENCES users(id),
    purpose     text NOT NULL CHECK (purpose IN ('invite', 'reset')),
    token_hash  char(64) NOT NULL UNIQUE,            -- hex SHA-256 of the link's token
    created_by  bigint REFERENCES users(id),         -- NULL: the command line
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,                         -- set once: the link works once
    CHECK (expires_at > created_at)
);
CREATE INDEX password_tokens_user ON password_tokens (user_id) WHERE used_at IS NULL;
