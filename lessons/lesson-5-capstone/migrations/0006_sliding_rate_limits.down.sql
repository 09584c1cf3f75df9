DROP TABLE rate_limits;

CREATE UNLOGGED TABLE rate_limits (
    client       TEXT PRIMARY KEY,
    window_start TIMESTAMPTZ NOT NULL,
    attempts     BIGINT NOT NULL
);

CREATE INDEX rate_limits_window_start ON rate_limits (window_start);
