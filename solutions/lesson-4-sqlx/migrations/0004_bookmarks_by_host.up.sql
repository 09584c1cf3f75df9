-- no-transaction
-- The first line tells SQLx to run this file outside a transaction, which CONCURRENTLY requires.
-- A plain CREATE INDEX blocks every write to the table until it is built; CONCURRENTLY builds it
-- while writes go on (slower, in two passes). A migration of its own: if the build fails, it leaves
-- an INVALID index behind, and this file's down script is what drops it.
CREATE INDEX CONCURRENTLY bookmarks_by_host ON bookmarks (host);
