-- Version 40: each region's rules for acting officials (issue 23): who may
-- stand in for whom, the longest term of a Plt. and a Plh., and which acts
-- a Plt., a Plh. or an "a.n." signer may not do. A region without a row
-- follows the defaults in the code (policies.DefaultActingRules); its
-- administrator's first edit writes the row. Every change is audited.
CREATE TABLE acting_rules (
    region_id   bigint PRIMARY KEY REFERENCES regions(id),
    rules       jsonb NOT NULL CHECK (jsonb_typeof(rules) = 'object'),
    updated_by  bigint NOT NULL REFERENCES users(id),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
