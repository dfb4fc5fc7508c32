-- The public verification page (/verifikasi/{hash}) finds a version by the
-- SHA-256 printed on every page of its PDF: an index, not a scan of every
-- version of every region.
CREATE INDEX policy_versions_sha256 ON policy_versions (sha256);
