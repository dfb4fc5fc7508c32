-- A region's own settings: its time zone (every date shown and every "due"
-- computed in it), the yearly JP minimum for PNS and PPPK, and the IKM
-- threshold a new policy starts with.

ALTER TABLE regions ADD COLUMN time_zone text NOT NULL DEFAULT 'WIB' CHECK (time_zone IN ('WIB', 'WITA', 'WIT'));
ALTER TABLE regions ADD COLUMN jp_min_pns int NOT NULL DEFAULT 20 CHECK (jp_min_pns BETWEEN 0 AND 1000);
ALTER TABLE regions ADD COLUMN jp_min_pppk int NOT NULL DEFAULT 20 CHECK (jp_min_pppk BETWEEN 0 AND 1000);
ALTER TABLE regions ADD COLUMN ikm_threshold_default numeric(5,2) NOT NULL DEFAULT 76.61
    CHECK (ikm_threshold_default BETWEEN 25 AND 100);
