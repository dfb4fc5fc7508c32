-- Version 47: four eyes on power (issue 24). Appointing an acting official,
-- granting the leader, legal or admin role, and changing an approval chain,
-- the rules for acting officials, who initials (paraf) or which forms the
-- Kanwil harmonises take effect only when a second person confirms: one
-- person proposes (a row here, audited), another confirms or declines it.
-- The change is applied in the confirming transaction, and refused (409)
-- when the state it was proposed against has moved (stamp: the SHA-256 of
-- "before" as the proposer saw it). proposed_by NULL is the command line
-- (policyflow admin invite into a region that has an administrator).
CREATE TABLE pending_changes (
    id            bigserial PRIMARY KEY,
    region_id     bigint NOT NULL REFERENCES regions(id),
    kind          text NOT NULL CHECK (kind IN ('acting.appoint', 'person.invite', 'person.role', 'chain.create', 'chain.update',
                      'acting_rules.set', 'paraf_step.add', 'paraf_step.delete', 'harmonisation.set')),
    subject       text NOT NULL DEFAULT '',
    payload       jsonb NOT NULL,
    before        jsonb,
    stamp         text NOT NULL,
    principal_id  bigint REFERENCES users(id),
    beneficiary_id bigint REFERENCES users(id),
    proposed_by   bigint REFERENCES users(id),
    proposed_at   timestamptz NOT NULL DEFAULT now(),
    status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'declined')),
    decided_by    bigint REFERENCES users(id),
    decided_at    timestamptz,
    reason        text NOT NULL DEFAULT '' CHECK (length(reason) <= 1000),
    result        text NOT NULL DEFAULT '',
    CHECK ((status = 'pending') = (decided_at IS NULL)),
    -- Nobody confirms their own proposal (they may withdraw it: declined).
    CHECK (status <> 'confirmed' OR proposed_by IS NULL OR decided_by <> proposed_by)
);
CREATE INDEX pending_changes_waiting ON pending_changes (region_id, id) WHERE status = 'pending';
CREATE INDEX pending_changes_region ON pending_changes (region_id, id DESC);
