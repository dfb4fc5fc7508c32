-- An attachment belongs to the version that was the policy's working text
-- when it was uploaded, and is read with it (issue 24): the public and the
-- region's stakeholders read the attachments of the versions they may read
-- (policies.Viewer.CommentVersions), never those of a draft after them.
ALTER TABLE attachments ADD COLUMN version_number int CHECK (version_number >= 1);

-- Those already kept: the newest version saved before the upload (the
-- first when none was).
UPDATE attachments a SET version_number = coalesce((SELECT max(v.number) FROM policy_versions v
    WHERE v.policy_id = a.policy_id AND v.created_at <= a.created_at), 1);

ALTER TABLE attachments ALTER COLUMN version_number SET NOT NULL;

-- A new one is on the policy's working version, whoever stores it.
CREATE FUNCTION attachment_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT v.number INTO NEW.version_number FROM policies p JOIN policy_versions v ON v.id = p.current_version_id
    WHERE p.id = NEW.policy_id;
    RETURN NEW;
END $$;
CREATE TRIGGER attachments_version BEFORE INSERT ON attachments FOR EACH ROW EXECUTE FUNCTION attachment_version();
