-- A region's consultation rules (issue 26): the shortest public consultation
-- it allows, in days, and whether a shorter one is refused or only warned
-- about (the warning then kept in the opening's audit row); and how many days
-- after a consultation closes its answers and report are due (the drafters
-- are reminded before, the region's leaders told when it passes).
-- 14 days: the default the consultation page has always proposed; UU 13/2022
-- and the seeds name no figure (README, "Consultation rules").

ALTER TABLE regions
    ADD COLUMN consultation_min_days int NOT NULL DEFAULT 14 CHECK (consultation_min_days BETWEEN 1 AND 180),
    ADD COLUMN consultation_min_mode text NOT NULL DEFAULT 'warn' CHECK (consultation_min_mode IN ('warn', 'refuse')),
    ADD COLUMN answer_deadline_days int NOT NULL DEFAULT 30 CHECK (answer_deadline_days BETWEEN 1 AND 365);
