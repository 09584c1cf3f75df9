//! Creating and dropping databases on the server: the one place the course does it, for a test's
//! own database, a lesson's query database, the capstone's kept one and the conformance run's.

use sqlx::postgres::PgConnectOptions;
use sqlx::{AssertSqlSafe, Connection, PgConnection};

use crate::server::{Error, error, server_url};

/// An administrative connection to `server`.
pub(crate) async fn admin(server: &str) -> Result<(PgConnection, PgConnectOptions), Error> {
    let options: PgConnectOptions = server
        .parse()
        .map_err(|e| error(format!("{server} is not a PostgreSQL URL: {e}")))?;
    let connection = PgConnection::connect_with(&options)
        .await
        .map_err(|e| error(format!("cannot connect to {server}: {e}")))?;
    Ok((connection, options))
}

/// Creates database `name` unless it exists. Two processes may race to create it (two builds, two
/// test binaries): the loser's "already exists" is as good as success. `name` must be the caller's
/// own (a package name, a hash, a UUID), never input: a database name cannot be a parameter.
pub(crate) async fn create_if_missing(admin: &mut PgConnection, name: &str) -> Result<(), Error> {
    let exists: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
            .bind(name)
            .fetch_one(&mut *admin)
            .await
            .map_err(|e| error(format!("cannot list the databases: {e}")))?;
    if exists {
        return Ok(());
    }
    let created = sqlx::query(AssertSqlSafe(format!("CREATE DATABASE \"{name}\"")))
        .execute(&mut *admin)
        .await;
    match created {
        Ok(_) => Ok(()),
        Err(e) => {
            let duplicate = e.as_database_error().and_then(|e| e.code()).is_some_and(
                |code| code == "42P04" || code == "23505", // duplicate_database, unique_violation
            );
            if duplicate {
                Ok(())
            } else {
                Err(error(format!("cannot create database {name}: {e}")))
            }
        }
    }
}

/// Drops database `name` if it exists, ending its connections.
pub(crate) async fn drop_database(admin: &mut PgConnection, name: &str) -> Result<(), Error> {
    sqlx::query(AssertSqlSafe(format!(
        "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
    )))
    .execute(&mut *admin)
    .await
    .map_err(|e| error(format!("cannot drop database {name}: {e}")))?;
    Ok(())
}

/// Runs `work` on an administrative connection to the server [`server_url`] names (and the
/// options it was made with, for a connection to another database there), from synchronous code
/// (a command, a build script), in a small runtime of its own; answers with the URL of database
/// `name` there.
pub(crate) fn on_server<F>(
    name: &str,
    work: impl FnOnce(PgConnection, PgConnectOptions) -> F,
) -> Result<String, Error>
where
    F: Future<Output = Result<(), Error>>,
{
    let server = server_url()?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| error(format!("cannot start an async runtime: {e}")))?;
    runtime.block_on(async {
        let (connection, options) = admin(&server).await?;
        work(connection, options).await
    })?;
    Ok(database_url(&server, name))
}

/// The URL of database `name`, created if it does not exist, and kept: `cargo course serve`'s
/// data survives restarts.
pub fn ensure_database(name: &str) -> Result<String, Error> {
    on_server(name, async |mut admin, _| {
        create_if_missing(&mut admin, name).await
    })
}

/// The URL of database `name`, dropped if it exists and created empty: a run that must start
/// from nothing (RealWorld's suite).
pub fn fresh_database(name: &str) -> Result<String, Error> {
    on_server(name, async |mut admin, _| {
        drop_database(&mut admin, name).await?;
        create_if_missing(&mut admin, name).await
    })
}

/// `server` (a URL) with its database replaced by `name`, query parameters kept.
pub fn database_url(server: &str, name: &str) -> String {
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
