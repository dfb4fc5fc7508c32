-- Programs that live (issue 22): a program has a status its workflow sets
-- (planned, running, done, cancelled), the reason of its last reschedule
-- or cancellation, and a budget (pagu) and realisation (realisasi) in whole
-- rupiah. Programs recorded before: done once their end date has passed,
-- running once their start date has.

ALTER TABLE programs ADD COLUMN status text NOT NULL DEFAULT 'planned'
    CHECK (status IN ('planned', 'running', 'done', 'cancelled'));
ALTER TABLE programs ADD COLUMN status_reason text NOT NULL DEFAULT '' CHECK (length(status_reason) <= 1000);
ALTER TABLE programs ADD COLUMN budget bigint NOT NULL DEFAULT 0 CHECK (budget >= 0);
ALTER TABLE programs ADD COLUMN realisation bigint NOT NULL DEFAULT 0 CHECK (realisation >= 0);

UPDATE programs SET status = CASE WHEN ends_on < current_date THEN 'done'
    WHEN starts_on <= current_date THEN 'running' ELSE 'planned' END;
