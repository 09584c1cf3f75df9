-- Two columns added to a table in use, the way a change must be made while the service runs: no
-- step holds a lock that stops reads or writes for longer than a moment, whatever the table's size.

-- 1. A column with a default. Since PostgreSQL 11 a default that is not volatile (a constant, or
--    now(), evaluated once) is kept in the catalog, not written into every row: this is instant.
--    (A volatile one, such as clock_timestamp() or random(), rewrites the whole table under a lock.)
ALTER TABLE bookmarks ADD COLUMN created_at TIMESTAMPTZ NOT NULL DEFAULT now();

-- 2. A column computed from another (the host of the URL, to list a site's bookmarks), added
--    nullable: instant too.
ALTER TABLE bookmarks ADD COLUMN host TEXT;

-- 3. From now on the database fills it in, for rows written by any version of the code.
CREATE FUNCTION bookmark_host() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.host := coalesce(lower(substring(NEW.url FROM '^https?://([^/:?#]+)')), '');
    RETURN NEW;
END
$$;
CREATE TRIGGER bookmarks_host BEFORE INSERT OR UPDATE OF url ON bookmarks
    FOR EACH ROW EXECUTE FUNCTION bookmark_host();

-- 4. The backfill: the rows that were there before. Here one statement; on a large table, batches
--    of a few thousand rows (`WHERE id IN (SELECT id ... WHERE host IS NULL LIMIT 5000)`), each
--    its own transaction, so that no row stays locked for long and the WAL does not balloon.
UPDATE bookmarks
SET host = coalesce(lower(substring(url FROM '^https?://([^/:?#]+)')), '')
WHERE host IS NULL;

-- 5. Not null, without the long lock of SET NOT NULL (which scans the table holding it): a CHECK
--    added NOT VALID holds for new rows at once, and VALIDATE then checks the old ones while reads
--    and writes go on.
ALTER TABLE bookmarks ADD CONSTRAINT bookmarks_host_not_null CHECK (host IS NOT NULL) NOT VALID;
ALTER TABLE bookmarks VALIDATE CONSTRAINT bookmarks_host_not_null;
