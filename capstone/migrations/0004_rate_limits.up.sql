-- The auth routes' rate limit, one fixed window per client address, shared by every instance:
-- behind a load balancer, a client meets the same limit whichever instance it reaches.
-- UNLOGGED: written without the write-ahead log, so a count costs little; after a crash the table
-- is empty, which forgives at most one window's attempts.
CREATE UNLOGGED TABLE rate_limits (
    client       TEXT PRIMARY KEY,
    window_start TIMESTAMPTZ NOT NULL,
    attempts     BIGINT NOT NULL
);

-- Windows that ended are deleted now and then; this finds them.
CREATE INDEX rate_limits_window_start ON rate_limits (window_start);
