-- no-transaction
DROP INDEX CONCURRENTLY IF EXISTS bookmarks_by_host;
