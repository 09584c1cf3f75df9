-- The auth routes' limit becomes a sliding log. Counted in fixed windows, a client could make the
-- limit's worth of attempts at the end of one window and as many again at the start of the next:
-- twice the limit within seconds. Each client's row now holds when each attempt it was allowed
-- was made, within the last window: never more than the limit of them, so never more than the
-- limit in any window, wherever it starts. Still UNLOGGED (see 0004).
DROP TABLE rate_limits;

CREATE UNLOGGED TABLE rate_limits (
    client   TEXT PRIMARY KEY,
    -- The attempts allowed within the window, oldest first.
    attempts TIMESTAMPTZ[] NOT NULL,
    -- Whether the latest attempt was allowed.
    admitted BOOLEAN NOT NULL
);
