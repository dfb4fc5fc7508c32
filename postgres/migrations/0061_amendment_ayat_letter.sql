-- An ayat inserted by an amendment (issue 27): "Di antara ayat (1) dan
-- ayat (2) Pasal 4 disisipkan 1 (satu) ayat, yakni ayat (1a)" (UU 12/2011
-- Lampiran II). A point names an ayat by its number and, for an inserted
-- ayat, its small letter; "sisipkan" inserts a Pasal (after_pasal, no
-- ayat) or an ayat of the Pasal (ayat with its letter, no after_pasal).
ALTER TABLE amendment_instructions ADD COLUMN ayat_letter text NOT NULL DEFAULT ''
    CHECK (ayat_letter ~ '^[a-z]?$' AND (ayat_letter = '' OR ayat > 0));

DO $$
DECLARE c text;
BEGIN
    SELECT conname INTO c FROM pg_constraint
    WHERE conrelid = 'amendment_instructions'::regclass AND contype = 'c'
      AND pg_get_constraintdef(oid) LIKE '%sisipkan%' AND pg_get_constraintdef(oid) LIKE '%after_pasal%';
    EXECUTE format('ALTER TABLE amendment_instructions DROP CONSTRAINT %I', c);
END $$;

ALTER TABLE amendment_instructions ADD CONSTRAINT amendment_instructions_insert_check
    CHECK (op <> 'sisipkan' OR (ayat = 0 AND after_pasal <> '') OR (ayat > 0 AND ayat_letter <> '' AND after_pasal = ''));
