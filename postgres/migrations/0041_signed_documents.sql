-- A signature anyone can verify (issue 23): the official PDF of an
-- enacted text as it was signed (PAdES), kept byte for byte, once for the
-- enactment and once for the promulgation.
CREATE TABLE signed_documents (
    id           bigserial PRIMARY KEY,
    enactment_id bigint NOT NULL REFERENCES enactments(id),
    act          text NOT NULL CHECK (act IN ('enacted', 'promulgated')),
    pdf          bytea NOT NULL,
    sha256       text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    signer_name  text NOT NULL,
    subject      text NOT NULL,
    signed_at    timestamptz NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (enactment_id, act)
);
CREATE INDEX signed_documents_sha256 ON signed_documents (sha256);
