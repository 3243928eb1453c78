-- Version 2: leaner ingest. A record's current document is the payload of its last accepted
-- change (changes.seq = entities.version), so entities no longer keeps a copy; the per-device
-- index of changes was not used by any query.
DROP INDEX changes_device;
ALTER TABLE entities DROP COLUMN doc;
