-- A region's ASN roster (issue 22): every civil servant, PNS or PPPK, so the
-- JP ledger lists those at 0 JP too; pending roster imports awaiting their
-- confirmation; and the optional yearly JP maximum per ASN kind.

-- PPPK: PP 49/2018 art. 39 caps a PPPK's competency development at 24 JP a
-- year; UU 20/2023 moves PPPK toward parity with PNS, so the minimum stays
-- 20 (migration 0012) and the cap is a default the region may lift (0: none).
ALTER TABLE regions ADD COLUMN jp_max_pns int NOT NULL DEFAULT 0 CHECK (jp_max_pns BETWEEN 0 AND 1000);
ALTER TABLE regions ADD COLUMN jp_max_pppk int NOT NULL DEFAULT 24 CHECK (jp_max_pppk BETWEEN 0 AND 1000);

CREATE TABLE asn_roster (
    id          bigserial PRIMARY KEY,
    region_id   bigint NOT NULL REFERENCES regions(id),
    nip         char(18) NOT NULL CHECK (nip ~ '^[0-9]{18}$'),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    kind        text NOT NULL CHECK (kind IN ('PNS', 'PPPK')),
    unit_id     bigint NOT NULL REFERENCES units(id),
    jabatan     text NOT NULL DEFAULT '' CHECK (length(jabatan) <= 200),
    golongan    text NOT NULL DEFAULT '' CHECK (length(golongan) <= 200),
    active      boolean NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (region_id, nip)
);
CREATE INDEX asn_roster_unit ON asn_roster (unit_id) WHERE active;

-- An import previewed and not yet confirmed: its rows as checked, kept
-- until applied (or a day old).
CREATE TABLE roster_imports (
    region_id   bigint NOT NULL REFERENCES regions(id),
    token       text NOT NULL CHECK (token ~ '^[0-9a-f]{32}$'),
    file_hash   char(64) NOT NULL,
    digest      char(64) NOT NULL, -- the roster the preview was made against
    rows        jsonb NOT NULL,
    created_by  bigint REFERENCES users(id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (region_id, token)
);
