-- Version 20: notifications to people without an account (a public commenter
-- who left an address), and one-click unsubscribing (RFC 8058).

-- An outbox row goes either to a person with an account (user_id) or to an
-- address (email), never both, never neither.
ALTER TABLE notifications ALTER COLUMN user_id DROP NOT NULL;
ALTER TABLE notifications ADD COLUMN email text
    CHECK (length(email) BETWEEN 3 AND 320 AND position('@' in email) > 1);
ALTER TABLE notifications ADD CONSTRAINT notifications_one_recipient
    CHECK ((user_id IS NULL) <> (email IS NULL));

-- Addresses that asked for no more email of a category: 'comments' (notices
-- about one's own comment), 'consultation' (consultation invitations and
-- reminders) or 'all' (every email but the transactional ones: invitations
-- and password links). The address is kept in lower case.
CREATE TABLE unsubscribes (
    email       text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 320),
    category    text NOT NULL CHECK (category IN ('comments', 'consultation', 'all')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (email, category)
);
