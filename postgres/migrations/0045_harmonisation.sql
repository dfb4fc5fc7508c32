-- Harmonisation (issue 23): a draft Peraturan Wali Kota is harmonised by
-- the regional office (Kanwil) of the Ministry of Law before it is
-- enacted: UU 13/2022 Pasal 58 (Ranperda) applied to Raperkada by Pasal
-- 97D; Permenkum 40/2025 (Pasal 1 angka 4: Ranperkada includes a draft
-- Peraturan Bupati/Wali Kota) sets the e-Harmonisasi procedure.
-- harmonisation_settings says per region and legal form whether it is
-- required (no row: required for a Perwali, not for a Kepwali);
-- harmonisations is one request per approved version and the Kanwil's
-- answer to it ("perlu_perbaikan" means a corrected version is drafted,
-- approved and harmonised again).
CREATE TABLE harmonisation_settings (
    region_id   bigint NOT NULL REFERENCES regions(id),
    form        text NOT NULL CHECK (form IN ('perwali', 'kepwali')),
    required    boolean NOT NULL,
    updated_by  bigint REFERENCES users(id),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (region_id, form)
);

CREATE TABLE harmonisations (
    id               bigserial PRIMARY KEY,
    policy_id        bigint NOT NULL REFERENCES policies(id),
    region_id        bigint NOT NULL REFERENCES regions(id),
    version_id       bigint NOT NULL UNIQUE REFERENCES policy_versions(id),
    version_number   int NOT NULL CHECK (version_number >= 1),
    requested_on     date NOT NULL,
    request_letter   text NOT NULL CHECK (length(request_letter) BETWEEN 1 AND 200),
    requested_by     bigint NOT NULL REFERENCES users(id),
    requested_at     timestamptz NOT NULL DEFAULT now(),
    answer_letter    text CHECK (length(answer_letter) BETWEEN 1 AND 200),
    answered_on      date,
    berita_acara_id  bigint REFERENCES attachments(id),
    result           text CHECK (result IN ('selesai', 'perlu_perbaikan')),
    notes            text NOT NULL DEFAULT '' CHECK (length(notes) <= 4000),
    answered_by      bigint REFERENCES users(id),
    answered_at      timestamptz,
    CHECK ((result IS NULL) = (answered_on IS NULL) AND (result IS NULL) = (answer_letter IS NULL)
        AND (result IS NULL) = (answered_by IS NULL) AND (result IS NULL) = (berita_acara_id IS NULL)),
    CHECK (answered_on IS NULL OR answered_on >= requested_on)
);
CREATE INDEX harmonisations_policy ON harmonisations (policy_id, id);

-- The policy page names the legal state (harmonised once the Kanwil says
-- "selesai"): a request or answer moves its policy's page revision (0025),
-- a setting every policy page of its region.
CREATE TRIGGER harmonisations_page_rev_ins AFTER INSERT ON harmonisations REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION bump_page_rev('SELECT policy_id FROM changed');
CREATE TRIGGER harmonisations_page_rev_upd AFTER UPDATE ON harmonisations REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION bump_page_rev('SELECT policy_id FROM changed');
CREATE TRIGGER harmonisation_settings_page_rev_ins AFTER INSERT ON harmonisation_settings REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION bump_page_rev('SELECT p.id FROM changed x JOIN policies p ON p.region_id = x.region_id');
CREATE TRIGGER harmonisation_settings_page_rev_upd AFTER UPDATE ON harmonisation_settings REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION bump_page_rev('SELECT p.id FROM changed x JOIN policies p ON p.region_id = x.region_id');
