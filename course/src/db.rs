//! `cargo course db`: the local PostgreSQL, for `psql` and for compiling a lesson's queries.

use std::path::Path;

use anyhow::{Context, bail};
use sqlx::{AssertSqlSafe, Connection, PgConnection};

use crate::catalog::Lesson;

/// The server's URL, starting the local server if `DATABASE_URL` is not set.
pub fn server_url() -> anyhow::Result<String> {
    Ok(local_postgres::server_url()?)
}

/// Runs `work` on an administrative connection to `server`, from synchronous code: the commands
/// are not async, so each brings a small runtime of its own.
fn on_server<T>(
    server: &str,
    work: impl AsyncFnOnce(&mut PgConnection) -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start an async runtime")?;
    runtime.block_on(async {
        let mut admin = PgConnection::connect(server)
            .await
            .with_context(|| format!("cannot connect to {server}"))?;
        work(&mut admin).await
    })
}

/// The URL of database `name` on the server, created if it does not exist (and kept: the
/// capstone's data survives restarts).
pub fn ensure_database(name: &str) -> anyhow::Result<String> {
    let server = server_url()?;
    on_server(&server, async |admin| {
        let exists: bool =
            sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
                .bind(name)
                .fetch_one(&mut *admin)
                .await?;
        if !exists {
            let create = format!("CREATE DATABASE \"{name}\"");
            sqlx::query(AssertSqlSafe(create))
                .execute(&mut *admin)
                .await?;
        }
        anyhow::Ok(())
    })?;
    Ok(local_postgres::database_url(&server, name))
}

/// The URL of database `name` on the server, dropped if it exists and created empty.
pub fn fresh_database(name: &str) -> anyhow::Result<String> {
    let server = server_url()?;
    on_server(&server, async |admin| recreate(admin, name).await)?;
    Ok(local_postgres::database_url(&server, name))
}

async fn recreate(admin: &mut PgConnection, name: &str) -> anyhow::Result<()> {
    for statement in [
        format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"),
        format!("CREATE DATABASE \"{name}\""),
    ] {
        sqlx::query(AssertSqlSafe(statement))
            .execute(&mut *admin)
            .await?;
    }
    Ok(())
}

/// The database the lesson's query macros check against (see
/// [`local_postgres::point_query_macros_at_lesson_database`]): migrated with the migrations in the
/// learner's copy of the lesson, created if missing. The same one the build uses, so what `psql`
/// shows there is what the queries compile against.
pub fn lesson_database(root: &Path, lesson: &Lesson) -> anyhow::Result<String> {
    let migrations = lesson.starter_dir(root).join("migrations");
    if !migrations.is_dir() {
        bail!("lesson {} has no database", lesson.number);
    }
    Ok(local_postgres::lesson_database(
        &lesson.package(),
        &migrations,
    )?)
}
