-- Comments anchored to a Pasal or ayat by number (issue 13): the comment is
-- stored as a passage comment (its section the Pasal's heading, its quote
-- the Pasal's or ayat's text); these columns keep the numbers the commenter
-- named, for the label "Pasal 3 ayat (2)".

ALTER TABLE comments
    ADD COLUMN pasal integer CHECK (pasal > 0),
    ADD COLUMN ayat  integer CHECK (ayat > 0);

-- An ayat is of a Pasal.
ALTER TABLE comments ADD CONSTRAINT comments_ayat_has_pasal CHECK (ayat IS NULL OR pasal IS NOT NULL);
