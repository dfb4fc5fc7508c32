-- Deliverers LISTEN on policyflow_outbox and send at once when rows are
-- written, instead of finding them at their next poll: one NOTIFY per
-- INSERT statement (a fan-out of a thousand rows is one), delivered at commit.
CREATE FUNCTION notifications_wake() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('policyflow_outbox', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER notifications_wake AFTER INSERT ON notifications
    FOR EACH STATEMENT EXECUTE FUNCTION notifications_wake();
