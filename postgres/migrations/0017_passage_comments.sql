-- Passage comments and suggestions (issue 12): a comment may quote the
-- passage of its section it is about, as the version it was made on shows
-- it, and may propose replacement text for that passage. On every new
-- version each open passage comment gets a state for that version (still
-- applies, passage changed, passage removed), stored once, never guessed.

ALTER TABLE comments
    ADD COLUMN quote             text NOT NULL DEFAULT '' CHECK (length(quote) <= 2000),
    ADD COLUMN suggestion        text NOT NULL DEFAULT '' CHECK (length(suggestion) <= 4000),
    ADD COLUMN suggestion_state  text NOT NULL DEFAULT '' CHECK (suggestion_state IN ('','accepted','declined')),
    ADD COLUMN suggestion_by     bigint REFERENCES users(id),
    ADD COLUMN suggestion_by_name text NOT NULL DEFAULT '',
    ADD COLUMN suggestion_at     timestamptz,
    ADD COLUMN suggestion_reason text NOT NULL DEFAULT '' CHECK (length(suggestion_reason) <= 2000),
    ADD COLUMN suggestion_version integer;

-- A suggestion replaces a quoted passage: it has one.
ALTER TABLE comments ADD CONSTRAINT comments_suggestion_has_quote CHECK (suggestion = '' OR quote <> '');
-- A decided suggestion says who decided and when; a declined one why.
ALTER TABLE comments ADD CONSTRAINT comments_suggestion_decided CHECK (
    suggestion_state = '' OR (suggestion <> '' AND suggestion_by IS NOT NULL AND suggestion_at IS NOT NULL
        AND (suggestion_state <> 'declined' OR suggestion_reason <> '')
        AND (suggestion_state <> 'accepted' OR suggestion_version IS NOT NULL)));

CREATE INDEX comments_policy_suggestions ON comments (policy_id, id) WHERE suggestion <> '' AND suggestion_state = '';

-- The state of a passage comment on a later version of its policy.
CREATE TABLE comment_anchors (
    comment_id  bigint NOT NULL REFERENCES comments(id) ON DELETE CASCADE,
    version_id  bigint NOT NULL REFERENCES policy_versions(id),
    state       text NOT NULL CHECK (state IN ('applies','changed','removed')),
    -- For 'changed': the closest passage of the section in that version
    -- (or the section's text), what the page diffs the quote against.
    passage     text NOT NULL DEFAULT '',
    PRIMARY KEY (comment_id, version_id)
);
CREATE INDEX comment_anchors_version ON comment_anchors (version_id);
