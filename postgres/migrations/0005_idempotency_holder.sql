-- Version 5: which server process holds an unanswered Idempotency-Key claim.
--
-- A request that fails without an answer (PostgreSQL went away mid-request,
-- so the claim could not be released) leaves its claim behind. The process
-- that made it knows the request is over and may take the claim over at once
-- when the client retries; other processes wait until the claim is 35 s old.
ALTER TABLE idempotency_keys ADD COLUMN holder text NOT NULL DEFAULT '';
