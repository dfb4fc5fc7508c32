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

-- An update that leaves those columns as they were moves nothing.
CREATE CONSTRAINT TRIGGER api_tokens_auth_epoch
    AFTER UPDATE OF user_id, token_hash, revoked_at, expires_at ON api_tokens
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN ((OLD.user_id, OLD.token_hash, OLD.revoked_at, OLD.expires_at) IS DISTINCT FROM (NEW.user_id, NEW.token_hash, NEW.revoked_at, NEW.expires_at))
    EXECUTE FUNCTION auth_epoch_bump();
CREATE CONSTRAINT TRIGGER api_tokens_deleted_auth_epoch
    AFTER DELETE ON api_tokens
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION auth_epoch_bump();
CREATE CONSTRAINT TRIGGER users_auth_epoch
    AFTER UPDATE OF id, email, name, role, region_id, unit_id, title, password_hash, created_at, deactivated_at ON users
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN ((OLD.id, OLD.email, OLD.name, OLD.role, OLD.region_id, OLD.unit_id, OLD.title, OLD.password_hash, OLD.created_at, OLD.deactivated_at)
        IS DISTINCT FROM (NEW.id, NEW.email, NEW.name, NEW.role, NEW.region_id, NEW.unit_id, NEW.title, NEW.password_hash, NEW.created_at, NEW.deactivated_at))
    EXECUTE FUNCTION auth_epoch_bump();
CREATE CONSTRAINT TRIGGER users_deleted_auth_epoch
    AFTER DELETE ON users
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION auth_epoch_bump();
-- Only a confirmed second factor counts: an enrolment begun moves nothing.
CREATE CONSTRAINT TRIGGER second_factors_auth_epoch
    AFTER UPDATE OF user_id, confirmed_at ON second_factors
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN ((OLD.user_id, OLD.confirmed_at IS NULL) IS DISTINCT FROM (NEW.user_id, NEW.confirmed_at IS NULL))
    EXECUTE FUNCTION auth_epoch_bump();
CREATE CONSTRAINT TRIGGER second_factors_added_auth_epoch
    AFTER INSERT ON second_factors
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.confirmed_at IS NOT NULL) EXECUTE FUNCTION auth_epoch_bump();
CREATE CONSTRAINT TRIGGER second_factors_deleted_auth_epoch
    AFTER DELETE ON second_factors
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD.confirmed_at IS NOT NULL) EXECUTE FUNCTION auth_epoch_bump();
