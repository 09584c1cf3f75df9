//! What every handler can reach. No per-instance state: everything shared lives in PostgreSQL, so
//! any number of copies can serve behind a load balancer.

use std::sync::Arc;

use sqlx::PgPool;

use std::time::Duration;

use crate::auth::Keys;
use crate::config::Config;
use crate::rate_limit::RateLimiter;

#[derive(Clone)]
pub struct AppState {
    pub pool: PgPool,
    pub keys: Arc<Keys>,
    pub refresh_ttl: chrono::Duration,
    /// Per-client limits on the routes that check passwords or refresh tokens. In memory: each
    /// instance counts its own clients, so N instances allow N times the rate.
    pub auth_limiter: Arc<RateLimiter>,
}

impl AppState {
    pub fn new(pool: PgPool, config: &Config) -> Self {
        Self {
            pool,
            keys: Arc::new(Keys::new(&config.jwt_secret, config.token_ttl)),
            // Bounded to ten years by the configuration, which always fits.
            refresh_ttl: chrono::Duration::from_std(config.refresh_ttl)
                .unwrap_or(chrono::Duration::MAX),
            auth_limiter: Arc::new(RateLimiter::new(
                config.auth_rate_limit,
                Duration::from_secs(60),
            )),
        }
    }
}
