-- Version 62: a deliverer's claim on an outbox row, apart from its next
-- attempt (issue 28). Until now a claimed row only had next_attempt_at
-- moved to the end of its lease, so nobody could tell a row being sent from
-- one waiting for its next retry. The deliverer now also sets claimed_until
-- (the end of its lease) and claimed_by (which deliverer) when it takes a
-- row, and clears both when it is done with it: delivered, failed (retried
-- later), left for the digest or given back. The operations console moves a
-- failing row's next attempt to now only when it is not claimed, so a
-- "retry now" never makes a row due while a deliverer holds it.
ALTER TABLE notifications ADD COLUMN claimed_until timestamptz;
ALTER TABLE notifications ADD COLUMN claimed_by text CHECK (length(claimed_by) <= 200);
