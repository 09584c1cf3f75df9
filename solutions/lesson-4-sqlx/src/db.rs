//! The connection pool and the migrations.

use std::time::Duration;

use sqlx::PgPool;
use sqlx::migrate::Migrator;
use sqlx::postgres::PgPoolOptions;

/// `migrations/`, embedded in the binary at compile time: the server migrates itself at start,
/// with no SQL files to ship beside it.
pub static MIGRATOR: Migrator = sqlx::migrate!();

// ANCHOR: pool_config
#[derive(Debug, Clone)]
pub struct PoolConfig {
    /// Connections are expensive for PostgreSQL (a process each): size the pool to what the
    /// database can serve divided by the number of app instances, not to the request rate.
    pub max_connections: u32,
    /// Kept open even when idle, so a burst after a quiet spell does not wait for handshakes.
    pub min_connections: u32,
    /// How long a request may wait for a free connection before it is answered 503.
    pub acquire_timeout: Duration,
    /// Idle connections above the minimum are closed after this.
    pub idle_timeout: Duration,
    /// Every connection is replaced after this, so none outlives a failover or a config change.
    pub max_lifetime: Duration,
}

impl Default for PoolConfig {
    fn default() -> Self {
        Self {
            max_connections: 10,
            min_connections: 1,
            acquire_timeout: Duration::from_secs(3),
            idle_timeout: Duration::from_secs(10 * 60),
            max_lifetime: Duration::from_secs(30 * 60),
        }
    }
}
// ANCHOR_END: pool_config

// ANCHOR: pool_options
pub fn pool_options(config: &PoolConfig) -> PgPoolOptions {
    // BEGIN EXERCISE 4.1
    PgPoolOptions::new()
        .max_connections(config.max_connections)
        .min_connections(config.min_connections)
        .acquire_timeout(config.acquire_timeout)
        .idle_timeout(Some(config.idle_timeout))
        .max_lifetime(Some(config.max_lifetime))
    // END EXERCISE 4.1
}
// ANCHOR_END: pool_options

/// Connects and migrates: what a server does at start.
pub async fn connect(url: &str, config: &PoolConfig) -> Result<PgPool, sqlx::Error> {
    let pool = pool_options(config).connect(url).await?;
    MIGRATOR.run(&pool).await?;
    Ok(pool)
}
