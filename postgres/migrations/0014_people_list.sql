-- The people page lists a region's people by name (postgres.People).
CREATE INDEX users_region_name ON users (region_id, name, id);
