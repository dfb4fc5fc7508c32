-- Version 57: following a policy or a city (issue 26). A person with an
-- account follows at once; an address alone follows only once its owner
-- followed the signed confirmation link (double opt-in), and until then
-- gets nothing but that one email. A follow is personal data (UU 27/2022):
-- removed by its one-click unsubscribe, exported and erased with its owner.
CREATE TABLE follows (
    id               bigserial PRIMARY KEY,
    user_id          bigint REFERENCES users(id) ON DELETE CASCADE,
    email            text CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 320 AND position('@' in email) > 1),
    policy_id        bigint REFERENCES policies(id) ON DELETE CASCADE,
    region_id        bigint REFERENCES regions(id) ON DELETE CASCADE,
    lang             text NOT NULL DEFAULT 'id' CHECK (lang IN ('id', 'en')),
    created_at       timestamptz NOT NULL DEFAULT now(),
    -- When the confirmation email was written to the outbox: one an
    -- address at most every few minutes (policies.FollowConfirmEvery).
    confirm_sent_at  timestamptz,
    confirmed_at     timestamptz,
    CHECK ((user_id IS NULL) <> (email IS NULL)),
    CHECK ((policy_id IS NULL) <> (region_id IS NULL)),
    CHECK (user_id IS NULL OR confirmed_at IS NOT NULL)
);

-- One follow of a thing per person or address.
CREATE UNIQUE INDEX follows_user_target ON follows (user_id, coalesce(policy_id, 0), coalesce(region_id, 0)) WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX follows_email_target ON follows (email, coalesce(policy_id, 0), coalesce(region_id, 0)) WHERE email IS NOT NULL;
-- The followers of a policy and of a city, told of its events.
CREATE INDEX follows_policy ON follows (policy_id) WHERE confirmed_at IS NOT NULL;
CREATE INDEX follows_region ON follows (region_id) WHERE confirmed_at IS NOT NULL;
