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

/// Fixed windows per client address, at most `limit` requests in each `window`, counted in
/// PostgreSQL (`rate_limits`) so that every instance counts the same attempts: kept in memory,
/// N instances behind a balancer would allow N times the limit. It costs one round trip to the
/// database per request it guards, beside a password hash that takes tens of milliseconds.
pub struct RateLimiter {
    pool: PgPool,
    limit: u32,
    window: Duration,
    checks: AtomicU64,
}

/// Every this many checks, one also deletes the windows that have ended.
const SWEEP_EVERY: u64 = 1_000;

impl RateLimiter {
    pub fn new(pool: PgPool, limit: u32, window: Duration) -> Self {
        Self {
            pool,
            limit,
            window,
            checks: AtomicU64::new(0),
        }
    }

    /// Counts one request of `client`: `Ok(Ok(()))` to go ahead, `Ok(Err(wait))` when this client
    /// may try again only after `wait`. One statement, so two instances counting the same client
    /// at once take turns on its row and both count.
    pub async fn check(&self, client: Option<IpAddr>) -> Result<Result<(), Duration>, sqlx::Error> {
        let client = client.map_or_else(|| "unknown".to_owned(), |address| address.to_string());
        let window = self.window.as_secs_f64();
        let counted = sqlx::query!(
            r#"INSERT INTO rate_limits AS r (client, window_start, attempts)
               VALUES ($1, now(), 1)
               ON CONFLICT (client) DO UPDATE SET
                   attempts = CASE WHEN r.window_start > now() - make_interval(secs => $2)
                                   THEN r.attempts + 1 ELSE 1 END,
                   window_start = CASE WHEN r.window_start > now() - make_interval(secs => $2)
                                       THEN r.window_start ELSE now() END
               RETURNING attempts,
                   extract(epoch FROM window_start + make_interval(secs => $2) - now())::float8
                       AS "seconds_left!""#,
            client,
            window,
        )
        .fetch_one(&self.pool)
        .await?;
        if self
            .checks
            .fetch_add(1, Ordering::Relaxed)
            .is_multiple_of(SWEEP_EVERY)
        {
            sqlx::query!(
                "DELETE FROM rate_limits WHERE window_start <= now() - make_interval(secs => $1)",
                window,
            )
            .execute(&self.pool)
            .await?;
        }
        if counted.attempts > i64::from(self.limit) {
            return Ok(Err(Duration::from_secs_f64(counted.seconds_left.max(0.0))));
        }
        Ok(Ok(()))
    }
}

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
