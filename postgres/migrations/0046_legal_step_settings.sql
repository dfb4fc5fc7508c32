-- Legal steps (issue 23): after the last approval the policy's workflow
-- follows harmonisation, paraf, enactment and promulgation, each with an
-- SLA and an escalation limit in working days of the region's calendar.
-- legal_step_settings holds a region's own times per step (no row: the
-- product's defaults, policies.LegalStepSLA).
CREATE TABLE legal_step_settings (
    region_id        bigint NOT NULL REFERENCES regions(id),
    step             text NOT NULL CHECK (step IN ('harmonisation', 'paraf', 'enactment', 'promulgation')),
    sla_days         int NOT NULL CHECK (sla_days BETWEEN 1 AND 60),
    escalation_days  int NOT NULL CHECK (escalation_days BETWEEN 1 AND 90),
    updated_by       bigint REFERENCES users(id),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (region_id, step),
    CHECK (escalation_days > sla_days)
);
