ALTER TABLE bookmarks DROP CONSTRAINT bookmarks_host_not_null;
DROP TRIGGER bookmarks_host ON bookmarks;
DROP FUNCTION bookmark_host();
ALTER TABLE bookmarks DROP COLUMN host;
ALTER TABLE bookmarks DROP COLUMN created_at;
