//! What every handler can reach. No per-instance state: everything shared lives in PostgreSQL, so
//! any number of copies can serve behind a load balancer.

use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use secrecy::ExposeSecret;
use sqlx::PgPool;

use std::time::Duration;

use crate::config::Config;
use crate::passwords::Passwords;
use crate::rate_limit::RateLimiter;
use crate::tokens::Keys;

/// The handlers' shared state, cloned into each request: every field is a handle (a pool, an
/// `Arc`), so a clone costs a few reference counts.
#[derive(Clone)]
pub struct AppState {
    /// The connections to PostgreSQL, where all shared state lives.
    pub pool: PgPool,
    /// Signs and checks access tokens.
    pub keys: Arc<Keys>,
    /// Hashes and verifies passwords, a bounded number at once.
    pub passwords: Arc<Passwords>,
    /// How long a refresh token lives, in the type its expiry is computed in.
    pub refresh_ttl: chrono::Duration,
    /// Per-client limits on the routes that check passwords or refresh tokens, counted in the
    /// database like everything else that must hold across instances.
    pub auth_limiter: Arc<RateLimiter>,
    /// Set when the server is asked to stop: readiness answers 503 from then on.
    pub draining: Arc<AtomicBool>,
}

impl AppState {
    /// Fails when the dummy password hash cannot be made (see [`Passwords::new`]).
    pub fn new(pool: PgPool, config: &Config) -> anyhow::Result<Self> {
        let auth_limiter = Arc::new(RateLimiter::new(
            pool.clone(),
            config.auth_rate_limit,
            Duration::from_secs(60),
        ));
        Ok(Self {
            pool,
            keys: Arc::new(Keys::new(
                config.jwt_secret.expose_secret().as_bytes(),
                config.token_ttl,
            )),
            passwords: Arc::new(Passwords::new(
                config.password_hashing_concurrency,
                config.password_hashing_wait,
            )?),
            // Bounded to ten years by the configuration, which always fits.
            refresh_ttl: chrono::Duration::from_std(config.refresh_ttl)
                .unwrap_or(chrono::Duration::MAX),
            auth_limiter,
            draining: Arc::new(AtomicBool::new(false)),
        })
    }
}
