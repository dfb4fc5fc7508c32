-- JDIH (issue 13): relations between a region's policies (one amends or
-- repeals another) and the JDIH metadata of an enacted policy per
-- Permenkumham 8/2019, as the legal unit edits it. The fields that come
-- from the enactment record (jenis, nomor, tahun, tanggal…) are not kept
-- here: they are read from the enactment. Both policies of a relation are
-- of its region (checked by the store).

CREATE TABLE policy_relations (
    id              bigserial PRIMARY KEY,
    region_id       bigint NOT NULL REFERENCES regions(id),
    from_policy_id  bigint NOT NULL REFERENCES policies(id),
    to_policy_id    bigint NOT NULL REFERENCES policies(id),
    kind            text NOT NULL CHECK (kind IN ('mengubah', 'mencabut')),
    created_by      bigint NOT NULL REFERENCES users(id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (from_policy_id, to_policy_id, kind),
    CHECK (from_policy_id <> to_policy_id)
);
CREATE INDEX policy_relations_to ON policy_relations (to_policy_id);

-- One row per policy once the legal unit saved its metadata; without a row
-- the metadata are the defaults derived from the enactment and the region.
CREATE TABLE jdih_metadata (
    policy_id     bigint PRIMARY KEY REFERENCES policies(id),
    teu_badan     text NOT NULL CHECK (length(teu_badan) BETWEEN 1 AND 200),
    subjek        text NOT NULL CHECK (length(subjek) BETWEEN 1 AND 300),
    bidang_hukum  text NOT NULL CHECK (length(bidang_hukum) BETWEEN 1 AND 200),
    bahasa        text NOT NULL CHECK (bahasa IN ('Indonesia', 'Inggris', 'Indonesia dan Inggris')),
    lokasi        text NOT NULL CHECK (length(lokasi) BETWEEN 1 AND 200),
    sumber        text NOT NULL DEFAULT '' CHECK (length(sumber) <= 300),
    status        text NOT NULL CHECK (status IN ('Berlaku', 'Tidak Berlaku', 'Diubah', 'Dicabut')),
    abstrak       text NOT NULL DEFAULT '' CHECK (length(abstrak) <= 4000),
    updated_by    bigint NOT NULL REFERENCES users(id),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
