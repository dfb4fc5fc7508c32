-- Stored Idempotency-Key answers belong to a signed-in person and never hold
-- a secret. Drop what earlier versions kept for signed-out callers (keyed by
-- address, so replayable to anyone behind it) and the answers of the routes
-- that show a new API token or a unit's new webhook secret.
DELETE FROM idempotency_keys
WHERE owner LIKE 'anon:%'
   OR path IN ('/api/v1/tokens', '/api/v1/unit/webhook');
