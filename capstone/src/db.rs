//! The pool, sized from the configuration, and the migrations, run at start.

use sqlx::PgPool;
use sqlx::migrate::Migrator;
use sqlx::postgres::PgPoolOptions;

use crate::config::Config;

/// The migrations in `migrations/`, compiled into the binary, so a deployed server needs no files
/// beside it; the tests build their databases with them too.
pub static MIGRATOR: Migrator = sqlx::migrate!();

/// Connects to `DATABASE_URL` and migrates.
pub async fn connect(config: &Config) -> anyhow::Result<PgPool> {
    let url = config.database_url()?;
    let pool = PgPoolOptions::new()
        .max_connections(config.db_max_connections)
        .acquire_timeout(config.db_acquire_timeout)
        .connect(url)
        .await?;
    MIGRATOR.run(&pool).await?;
    Ok(pool)
}
