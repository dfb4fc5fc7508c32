-- SKM as PermenPANRB 14/2017 asks (issue 22).
-- The region's minimum of SKM respondents when a unit enters no service
-- population: below it a result is recorded but opens no revision.
ALTER TABLE regions ADD COLUMN skm_min_respondents integer NOT NULL DEFAULT 30
    CHECK (skm_min_respondents BETWEEN 1 AND 100000);

-- The unit's service population in the round's period, as its officer
-- entered it with the SKM: the Krejcie–Morgan sample size is taken from it.
ALTER TABLE evaluation_results ADD COLUMN population integer
    CHECK (population BETWEEN 1 AND 100000000);
