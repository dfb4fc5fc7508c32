-- Amendment instructions (issue 27): a policy that amends ("mengubah", in
-- policy_relations) an in-force Peraturan Wali Kota keeps the points of its
-- Pasal I as data: the provision each changes, the operation (ubah,
-- sisipkan, hapus) and the new text. The consolidated text of the amended
-- act is computed from them (package consolidate), never kept.
CREATE TABLE amendment_instructions (
    id               bigserial PRIMARY KEY,
    region_id        bigint NOT NULL REFERENCES regions(id),
    policy_id        bigint NOT NULL REFERENCES policies(id),  -- the amending act
    target_policy_id bigint NOT NULL REFERENCES policies(id),  -- the act it amends
    position         int NOT NULL CHECK (position > 0),        -- the point's number in Pasal I
    op               text NOT NULL CHECK (op IN ('ubah', 'sisipkan', 'hapus')),
    pasal            text NOT NULL CHECK (pasal ~ '^[1-9][0-9]{0,5}[A-Z]{0,2}$'),
    ayat             int NOT NULL DEFAULT 0 CHECK (ayat >= 0),
    after_pasal      text NOT NULL DEFAULT '',                 -- sisipkan: the Pasal the new one follows
    body             text NOT NULL DEFAULT '',                 -- the new text (ubah, sisipkan)
    expect           text NOT NULL DEFAULT '',                 -- the target's text when the point was written
    created_by       bigint NOT NULL REFERENCES users(id),
    created_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (policy_id, position),
    CHECK (policy_id <> target_policy_id),
    CHECK (op <> 'sisipkan' OR (ayat = 0 AND after_pasal <> '')),
    CHECK ((op = 'hapus') = (body = ''))
);
CREATE INDEX amendment_instructions_target ON amendment_instructions (target_policy_id);
