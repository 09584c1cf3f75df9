//! A per-client request limit for the routes that check passwords and refresh tokens, so one
//! client cannot guess passwords at the speed of the network. Over the limit: 429 with
//! `Retry-After`.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use sqlx::PgPool;

use crate::error::AppError;

// ANCHOR: limiter
/// At most `limit` requests per client address in any `window`: a sliding log, counted in
/// PostgreSQL (`rate_limits`) so that every instance counts the same attempts: kept in memory,
/// N instances behind a balancer would allow N times the limit. Fixed windows would be one counter
/// per client, but let a client through twice the limit across a window's edge; the log keeps the
/// time of each attempt it allowed within the last window, at most `limit` of them. It costs one
/// round trip to the database per request it guards, beside a password hash that takes tens of
/// milliseconds.
pub struct RateLimiter {
    pool: PgPool,
    limit: u32,
    window: Duration,
    checks: AtomicU64,
}

/// Every this many checks, one also deletes the clients whose attempts have all left the window.
const SWEEP_EVERY: u64 = 1_000;

impl RateLimiter {
    /// Counts in `pool`'s `rate_limits` table, which every instance shares. A `limit` of 0 refuses
    /// every request.
    pub fn new(pool: PgPool, limit: u32, window: Duration) -> Self {
        Self {
            pool,
            limit,
            window,
            checks: AtomicU64::new(0),
        }
    }

    /// Counts one request of `client`: `Ok(Ok(()))` to go ahead, `Ok(Err(wait))` when this client
    /// may try again only after `wait`, when its oldest attempt leaves the window. One statement:
    /// two instances counting the same client at once take turns on its row, and the second sees
    /// the first's attempt. `admitted` and `attempts` are set together, from one reading of
    /// the log: the attempts still in the window.
    pub async fn check(&self, client: Option<IpAddr>) -> Result<Result<(), Duration>, sqlx::Error> {
        let client = client.map_or_else(|| "unknown".to_owned(), |address| address.to_string());
        let window = self.window.as_secs_f64();
        let counted = sqlx::query!(
            r#"INSERT INTO rate_limits AS r (client, attempts, admitted)
               VALUES ($1, CASE WHEN $3::BIGINT > 0 THEN ARRAY[now()] ELSE '{}' END, $3 > 0)
               ON CONFLICT (client) DO UPDATE SET
                   (admitted, attempts) = (
                       SELECT cardinality(recent) < $3,
                              CASE WHEN cardinality(recent) < $3 THEN recent || now()
                                   ELSE recent END
                       FROM (SELECT ARRAY(SELECT a FROM unnest(r.attempts) AS a
                                          WHERE a > now() - make_interval(secs => $2) ORDER BY a)
                                 AS recent) AS log)
               RETURNING admitted,
                   extract(epoch FROM COALESCE(attempts[1], now())
                                      + make_interval(secs => $2) - now())::float8
                       AS "seconds_left!""#,
            client,
            window,
            i64::from(self.limit),
        )
        .fetch_one(&self.pool)
        .await?;
        if self
            .checks
            .fetch_add(1, Ordering::Relaxed)
            .is_multiple_of(SWEEP_EVERY)
        {
            sqlx::query!(
                "DELETE FROM rate_limits
                 WHERE COALESCE(attempts[cardinality(attempts)], '-infinity')
                       <= now() - make_interval(secs => $1)",
                window,
            )
            .execute(&self.pool)
            .await?;
        }
        if !counted.admitted {
            return Ok(Err(Duration::from_secs_f64(counted.seconds_left.max(0.0))));
        }
        Ok(Ok(()))
    }
}
// ANCHOR_END: limiter

/// For `from_fn_with_state(limiter, limit)`. The client is the connection's peer address; behind
/// a proxy every request has the proxy's address, so put the limit in the proxy there instead.
pub async fn limit(
    State(limiter): State<Arc<RateLimiter>>,
    request: Request,
    next: Next,
) -> Result<Response, AppError> {
    let client = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(address)| address.ip());
    match limiter.check(client).await? {
        Ok(()) => Ok(next.run(request).await),
        Err(wait) => Err(AppError::TooManyRequests {
            retry_after: wait.as_secs().max(1),
        }),
    }
}
