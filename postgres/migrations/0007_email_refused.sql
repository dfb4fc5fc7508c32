-- Version 7: the mail server refused a notification's recipient for good
-- (a 5xx answer to RCPT TO, e.g. "550 no such user"). The email is then not
-- retried; last_error keeps the server's answer. Other channels (the unit
-- webhook, the in-app inbox) go on as usual.
ALTER TABLE notifications ADD COLUMN email_refused_at timestamptz;
