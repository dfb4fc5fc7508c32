-- Administrative changes (people, units, stakeholder groups, approval
-- chains, acting officials, region settings) are audited like policy
-- changes: who, what, and the record before and after, in the region
-- where they happened. Such rows have no policy.

ALTER TABLE audit_log ADD COLUMN region_id bigint REFERENCES regions(id);
ALTER TABLE audit_log ADD COLUMN subject text NOT NULL DEFAULT '' CHECK (length(subject) <= 200);
ALTER TABLE audit_log ADD COLUMN before jsonb;
ALTER TABLE audit_log ADD COLUMN after jsonb;
CREATE INDEX audit_log_region ON audit_log (region_id, id) WHERE region_id IS NOT NULL;
