//! `cargo course db`: the local PostgreSQL, for `psql` and for compiling a lesson's queries.

use std::path::Path;

use anyhow::{Context, bail};
use sqlx::migrate::Migrator;
use sqlx::postgres::PgConnectOptions;
use sqlx::{AssertSqlSafe, ConnectOptions, Connection, PgConnection};

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
    Ok(database_url(&server, name))
}

/// The URL of database `name` on the server, dropped if it exists and created empty.
pub fn fresh_database(name: &str) -> anyhow::Result<String> {
    let server = server_url()?;
    on_server(&server, async |admin| recreate(admin, name).await)?;
    Ok(database_url(&server, name))
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

/// A database named `lesson_<n>`, emptied and migrated with the migrations in the learner's copy
/// of the lesson, and a `.env` in the lesson's folder naming it. SQLx's macros read that `.env`
/// when they compile the lesson, so the learner's own queries are checked against a real schema;
/// the rest of the workspace keeps using the committed offline data.
pub fn prepare_lesson(root: &Path, lesson: &Lesson) -> anyhow::Result<String> {
    let dir = lesson.starter_dir(root);
    let migrations = dir.join("migrations");
    if !migrations.is_dir() {
        bail!("lesson {} has no database", lesson.number);
    }
    let server = server_url()?;
    let name = format!("lesson_{}", lesson.number);
    let url = on_server(&server, async |admin| {
        recreate(admin, &name).await?;
        let options: PgConnectOptions = server.parse::<PgConnectOptions>()?.database(&name);
        let mut connection = options.connect().await?;
        Migrator::new(migrations.as_path())
            .await?
            .run(&mut connection)
            .await
            .context("the lesson's migrations failed")?;
        drop(connection);
        anyhow::Ok(database_url(&server, &name))
    })?;
    let env = dir.join(".env");
    std::fs::write(&env, format!("DATABASE_URL={url}\n"))
        .with_context(|| format!("cannot write {}", env.display()))?;
    Ok(url)
}

/// `server` (a URL) with its database replaced by `name`, query parameters kept.
fn database_url(server: &str, name: &str) -> String {
    let (base, query) = match server.split_once('?') {
        Some((base, query)) => (base, format!("?{query}")),
        None => (server, String::new()),
    };
    let host = base.rsplit_once('/').map_or(base, |(host, _)| host);
    format!("{host}/{name}{query}")
}

#[cfg(test)]
mod tests {
    use super::database_url;

    #[test]
    fn replaces_the_database_and_keeps_parameters() {
        assert_eq!(
            database_url("postgres://u@h:5/postgres?sslmode=disable", "lesson_4"),
            "postgres://u@h:5/lesson_4?sslmode=disable"
        );
        assert_eq!(
            database_url("postgres://u@h:5/postgres", "x"),
            "postgres://u@h:5/x"
        );
    }
}
