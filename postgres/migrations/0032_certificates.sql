-- Certificates (sertifikat, issue 22): each completer of a done program
-- gets one, numbered once from the region's yearly certificate register
-- (legal_registers, like Perwali numbers: no gaps, never reused). The row
-- keeps what the certificate says as issued, so every download renders the
-- same bytes and its SHA-256 keeps verifying.
ALTER TABLE legal_registers DROP CONSTRAINT legal_registers_register_check;
ALTER TABLE legal_registers ADD CONSTRAINT legal_registers_register_check
    CHECK (register IN ('perwali', 'kepwali', 'berita_daerah', 'sertifikat'));

CREATE TABLE certificates (
    id              bigserial PRIMARY KEY,
    region_id       bigint NOT NULL REFERENCES regions(id),
    program_id      bigint NOT NULL REFERENCES programs(id),
    participant_id  bigint NOT NULL UNIQUE REFERENCES participants(id),
    year            int NOT NULL CHECK (year BETWEEN 1945 AND 9999),
    seq             int NOT NULL CHECK (seq >= 1),
    number          text NOT NULL,
    nip             char(18) NOT NULL,
    name            text NOT NULL,
    jp              int NOT NULL CHECK (jp >= 1),
    title           text NOT NULL,
    starts_on       date NOT NULL,
    ends_on         date NOT NULL,
    unit_name       text NOT NULL,
    head_name       text NOT NULL,
    head_title      text NOT NULL DEFAULT '',
    region_name     text NOT NULL,
    sha256          char(64) NOT NULL UNIQUE CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    issued_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (region_id, year, seq),
    UNIQUE (region_id, number)
);
CREATE INDEX certificates_program ON certificates (program_id);

-- The JP ledger (issue 22, speed): a region's year totals per person are
-- summed in SQL (JPTotals) from the year's programs and their participations,
-- read from these indexes alone.
CREATE INDEX programs_ends_on ON programs (ends_on) INCLUDE (id, jp, status);
CREATE INDEX participants_program_ledger ON participants (program_id) INCLUDE (nip, unit_id, completed, id) WHERE removed_at IS NULL;
