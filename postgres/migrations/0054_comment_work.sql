-- Working through many comments (issue 26): the drafters of a region tag
-- the comments of a consultation with themes (free tags per consultation)
-- and assign comments to a colleague of the region with drafter rights.
-- Groups of campaign and near-duplicate comments are not stored: they are
-- computed from the comments' texts.
CREATE TABLE comment_themes (
    consultation_id bigint NOT NULL REFERENCES consultations(id),
    comment_id      bigint NOT NULL REFERENCES comments(id),
    theme           text NOT NULL CHECK (length(btrim(theme)) BETWEEN 1 AND 60),
    added_by        bigint NOT NULL REFERENCES users(id),
    added_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consultation_id, comment_id, theme)
);
CREATE INDEX comment_themes_theme ON comment_themes (consultation_id, theme);

CREATE TABLE comment_assignments (
    consultation_id bigint NOT NULL REFERENCES consultations(id),
    comment_id      bigint NOT NULL REFERENCES comments(id),
    assignee_id     bigint NOT NULL REFERENCES users(id),
    assigned_by     bigint NOT NULL REFERENCES users(id),
    assigned_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consultation_id, comment_id)
);
CREATE INDEX comment_assignments_assignee ON comment_assignments (assignee_id, consultation_id);
