//! The pool, sized from the configuration, and the migrations, run at start.

use sqlx::PgPool;
use sqlx::migrate::Migrator;
use sqlx::postgres::PgPoolOptions;

use crate::config::Config;

/// The migrations in `migrations/`, compiled into the binary, so a deployed server needs no files
/// beside it; the tests build their databases with them too.
pub static MIGRATOR: Migrator = sqlx::migrate!();

/// Connects to `DATABASE_URL` (or the course's local PostgreSQL when it is unset) and migrates.
pub async fn connect(config: &Config) -> anyhow::Result<PgPool> {
    let url = match &config.database_url {
        Some(url) => url.clone(),
        None => tokio::task::spawn_blocking(local_postgres::server_url).await??,
    };
    let pool = PgPoolOptions::new()
        .max_connections(config.db_max_connections)
        .acquire_timeout(config.db_acquire_timeout)
        .connect(&url)
        .await?;
    MIGRATOR.run(&pool).await?;
    Ok(pool)
}
