-- Version 4: delivering the outbox by email, daily digest and unit webhook.

-- How a person wants their notifications beyond the in-app inbox:
-- 'immediate' one email per notification, 'digest' one email a day listing
-- them, 'none' no email at all (the inbox only).
ALTER TABLE users ADD COLUMN notify_mode text NOT NULL DEFAULT 'immediate'
    CHECK (notify_mode IN ('immediate','digest','none'));

-- A unit may receive its evaluation and program notifications on a webhook,
-- signed with its secret. Both NULL: no webhook.
ALTER TABLE units ADD COLUMN webhook_url text
    CHECK (webhook_url ~ '^https?://' AND length(webhook_url) <= 2000);
ALTER TABLE units ADD COLUMN webhook_secret text CHECK (length(webhook_secret) BETWEEN 16 AND 200);
ALTER TABLE units ADD CONSTRAINT units_webhook_both
    CHECK ((webhook_url IS NULL) = (webhook_secret IS NULL));

-- One digest email per user per day (the day in WIB, counted from DIGEST_HOUR).
-- A row is written before the email is sent, so two deliverers never send the
-- same day's digest; sent_at is set once the mail server accepted it.
CREATE TABLE digests (
    id               bigserial PRIMARY KEY,
    user_id          bigint NOT NULL REFERENCES users(id),
    day              date NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    sent_at          timestamptz,
    count            int NOT NULL DEFAULT 0,
    attempts         int NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    last_error       text,
    UNIQUE (user_id, day)
);
CREATE INDEX digests_unsent ON digests (next_attempt_at) WHERE sent_at IS NULL;

-- Delivery state of each outbox row. delivered_at keeps its meaning: every
-- channel the row needs is done. emailed_at / webhook_at record each channel,
-- so a retry never repeats a channel that already succeeded.
ALTER TABLE notifications ADD COLUMN attempts int NOT NULL DEFAULT 0;
ALTER TABLE notifications ADD COLUMN next_attempt_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE notifications ADD COLUMN last_error text;
ALTER TABLE notifications ADD COLUMN emailed_at timestamptz;
ALTER TABLE notifications ADD COLUMN webhook_at timestamptz;
ALTER TABLE notifications ADD COLUMN digest_id bigint REFERENCES digests(id);

-- Rows written before delivery existed were only ever meant for the inbox:
-- do not email a backlog of stale reminders; the last day's rows still go out.
UPDATE notifications SET delivered_at = now(), last_error = 'not sent: older than delivery (migration 4)'
    WHERE delivered_at IS NULL AND created_at < now() - interval '1 day';

CREATE INDEX notifications_due ON notifications (next_attempt_at, id) WHERE delivered_at IS NULL;
CREATE INDEX notifications_digest_pending ON notifications (user_id, id)
    WHERE delivered_at IS NULL AND emailed_at IS NULL;
