//! What the two programs of this package share: the seeded database and production's logging.

use local_postgres::TestDatabase;

/// A database of its own, migrated and seeded to a realistic size (`capstone/tests/seed.sql`:
/// 10,000 articles, 1,000 users, their tags, favorites, follows and comments), vacuumed as
/// autovacuum would have done in a database that has been running; dropped with the value.
pub async fn seeded_database() -> anyhow::Result<TestDatabase> {
    let database = TestDatabase::create(&capstone::db::MIGRATOR)
        .await
        .map_err(|error| anyhow::anyhow!("the benchmark needs PostgreSQL: {error}"))?;
    sqlx::raw_sql(include_str!("../../capstone/tests/seed.sql"))
        .execute(database.pool())
        .await?;
    sqlx::raw_sql("VACUUM ANALYZE")
        .execute(database.pool())
        .await?;
    Ok(database)
}

/// Production's logging, written nowhere: its spans and filters cost what they cost in
/// production (with no subscriber at all, `tracing` skips them, and the stack looks cheaper than
/// it is).
pub fn log_as_production_does() -> anyhow::Result<()> {
    let logs = capstone::telemetry::subscriber(
        capstone::config::LogFormat::Json,
        capstone::telemetry::filter(),
        std::io::sink,
    );
    tracing::subscriber::set_global_default(logs)?;
    Ok(())
}
