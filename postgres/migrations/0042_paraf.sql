-- Paraf (issue 23): before the Wali Kota signs, the officials concerned
-- initial the approved text: paraf koordinasi by the heads of the units
-- concerned, in any order, and paraf hierarki by the officials in line
-- above the signer, in sequence. paraf_steps is who initials, per region
-- and legal form; parafs is each paraf given, of one version (with its
-- SHA-256), so a new version has none. A removed step leaves the parafs
-- given on it with their office and name.
CREATE TABLE paraf_steps (
    id          bigserial PRIMARY KEY,
    region_id   bigint NOT NULL REFERENCES regions(id),
    form        text NOT NULL CHECK (form IN ('perwali', 'kepwali')),
    kind        text NOT NULL CHECK (kind IN ('coordination', 'hierarchy')),
    position    int NOT NULL DEFAULT 0 CHECK (position BETWEEN 0 AND 20),
    user_id     bigint NOT NULL REFERENCES users(id),
    office      text NOT NULL CHECK (length(office) BETWEEN 1 AND 200),
    created_by  bigint REFERENCES users(id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    -- One person may hold two offices (their own and a Plt.): no
    -- uniqueness by person; one hierarchy step per position.
    CHECK ((kind = 'hierarchy') = (position > 0))
);
CREATE UNIQUE INDEX paraf_steps_hierarchy ON paraf_steps (region_id, form, position) WHERE kind = 'hierarchy';

CREATE TABLE parafs (
    id              bigserial PRIMARY KEY,
    policy_id       bigint NOT NULL REFERENCES policies(id),
    region_id       bigint NOT NULL REFERENCES regions(id),
    version_id      bigint NOT NULL REFERENCES policy_versions(id),
    version_number  int NOT NULL CHECK (version_number >= 1),
    sha256          char(64) NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    step_id         bigint REFERENCES paraf_steps(id) ON DELETE SET NULL,
    form            text NOT NULL CHECK (form IN ('perwali', 'kepwali')),
    kind            text NOT NULL CHECK (kind IN ('coordination', 'hierarchy')),
    position        int NOT NULL,
    user_id         bigint NOT NULL REFERENCES users(id),
    name            text NOT NULL,
    office          text NOT NULL,
    initialled_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (version_id, step_id)
);
CREATE INDEX parafs_version ON parafs (version_id);

-- The policy page names the legal state (initialled once every paraf is
-- given): a paraf moves its policy's page revision (0025), a step every
-- policy page of its region.
CREATE TRIGGER parafs_page_rev_ins AFTER INSERT ON parafs REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION bump_page_rev('SELECT policy_id FROM changed');
CREATE TRIGGER paraf_steps_page_rev_ins AFTER INSERT ON paraf_steps REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION bump_page_rev('SELECT p.id FROM changed x JOIN policies p ON p.region_id = x.region_id');
CREATE TRIGGER paraf_steps_page_rev_del AFTER DELETE ON paraf_steps REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION bump_page_rev('SELECT p.id FROM changed x JOIN policies p ON p.region_id = x.region_id');
