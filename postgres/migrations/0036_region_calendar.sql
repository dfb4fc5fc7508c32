-- A region's working-day calendar (issue 23). The national holidays and
-- cuti bersama of the seeded years are the SKBs' and live in the code
-- (policies/holidays.go); a region keeps here only its changes to them:
-- a day off of its own (kind 'regional', keep false), or a national
-- holiday or cuti bersama its offices work on (keep true, the national
-- day's kind). One change per day.
CREATE TABLE region_holidays (
    id          bigserial PRIMARY KEY,
    region_id   bigint NOT NULL REFERENCES regions(id),
    on_date     date NOT NULL,
    kind        text NOT NULL CHECK (kind IN ('national', 'joint_leave', 'regional')),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    keep        boolean NOT NULL DEFAULT false,
    created_by  bigint REFERENCES users(id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (region_id, on_date),
    CHECK (keep = (kind <> 'regional'))
);
