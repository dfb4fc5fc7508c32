-- Version 56: two gaps in four eyes on power (issue 24).
-- Reactivating a person who holds the leader, legal or admin role gives
-- them back the power their deactivation ended: a second person confirms
-- it, like any grant of power ('person.reactivate').
ALTER TABLE pending_changes DROP CONSTRAINT pending_changes_kind_check;
ALTER TABLE pending_changes ADD CONSTRAINT pending_changes_kind_check CHECK (kind IN ('acting.appoint', 'person.invite', 'person.role',
    'person.reactivate', 'chain.create', 'chain.update', 'acting_rules.set', 'paraf_step.add', 'paraf_step.delete', 'harmonisation.set'));
-- A proposal is not confirmed forever after: one left undecided past
-- expires_at (14 days after it was proposed) reads as expired and can no
-- longer be confirmed or declined; it is proposed again if still wanted.
ALTER TABLE pending_changes ADD COLUMN expires_at timestamptz;
UPDATE pending_changes SET expires_at = proposed_at + interval '14 days';
ALTER TABLE pending_changes ALTER COLUMN expires_at SET NOT NULL,
    ALTER COLUMN expires_at SET DEFAULT now() + interval '14 days';
