-- Version 59: an administrator may stop the retries of a notification the
-- outbox keeps failing to deliver (the operations console). delivered_at is
-- then set, so no deliverer takes it again; discarded_at says it was not
-- delivered but stopped, and when. The person's inbox keeps the notice.
ALTER TABLE notifications ADD COLUMN discarded_at timestamptz;
