-- Legal states that are true (issue 23): a regulation takes effect on the
-- day it is promulgated unless its text sets another day (UU 12/2011
-- Pasal 87); a Keputusan on the day it is enacted unless its text sets
-- another. effective_on is that other day, NULL for the default.
ALTER TABLE enactments ADD COLUMN effective_on date
    CHECK (effective_on IS NULL OR effective_on >= enacted_on);
