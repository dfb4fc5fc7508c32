-- Version 58: the API token cache's epoch (issue 25).
-- Each server keeps token -> person in memory (server/tokens.go) and, on
-- every request with a token, reads auth_epoch.n: an entry is used only
-- while n is still the value read with it. n moves in the writing
-- transaction of every change a token's person depends on: a token
-- revoked, expired, moved or deleted; a person's role, region, unit,
-- name, address, title, password or deactivation; a second factor
-- enrolled, confirmed or reset. A change answered on one server is so
-- seen by every server's next request: the answer came after the commit,
-- and the next request's read of n comes after the answer.
-- The triggers are deferred to the commit, so the one row is locked for
-- the commit's instant only, after every other lock the transaction takes
-- (no deadlock with writers of users or tokens in another order).
CREATE TABLE auth_epoch (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    n bigint NOT NULL
);
INSERT INTO auth_epoch (n) VALUES (1);

CREATE FUNCTION auth_epoch_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE auth_epoch SET n = n + 1;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER api_tokens_auth_epoch
    AFTER UPDATE OF user_id, token_hash, revoked_at, expires_at OR DELETE ON api_tokens
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION auth_epoch_bump();
CREATE CONSTRAINT TRIGGER users_auth_epoch
    AFTER UPDATE OF id, email, name, role, region_id, unit_id, title, password_hash, created_at, deactivated_at OR DELETE ON users
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION auth_epoch_bump();
CREATE CONSTRAINT TRIGGER second_factors_auth_epoch
    AFTER INSERT OR UPDATE OF user_id, confirmed_at OR DELETE ON second_factors
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION auth_epoch_bump();
