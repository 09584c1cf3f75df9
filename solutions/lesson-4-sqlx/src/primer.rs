//! SQLx's working parts in the smallest examples, on the tables of Lesson 3's store (the exercises
//! use the bookmarks): the book's primer shows each of them before an exercise asks for it.

use std::collections::HashMap;
use std::time::Duration;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{PgPool, Postgres, Transaction};

use crate::AppState;
use crate::error::DbError;

// ANCHOR: report_pool
/// A pool for a nightly report that must never crowd out the API on the same database: two
/// connections at most, none kept open while the report sleeps (an idle one closes after a
/// minute), and a report that waits up to 30 s for a connection rather than failing at once.
/// `connect_lazy_with` opens nothing yet: the first query does, so the process starts even while
/// the database is away, and `PgPoolOptions` is only a description of the pool until then.
pub fn report_pool(database: PgConnectOptions) -> PgPool {
    PgPoolOptions::new()
        .max_connections(2)
        .min_connections(0)
        .acquire_timeout(Duration::from_secs(30))
        .idle_timeout(Duration::from_secs(60))
        .connect_lazy_with(database)
}
// ANCHOR_END: report_pool

// ANCHOR: fetch
/// A user's id and role.
#[derive(Debug)]
pub struct Account {
    pub id: i64,
    pub role: String,
}

/// The account with `email`, if there is one. `query_as!` fills one `Account` per row, its fields
/// named as the columns; `fetch_optional` answers `Ok(None)` for no row (`fetch_one` would call
/// that an error, `fetch_all` gives a `Vec`).
pub async fn account(pool: &PgPool, email: &str) -> sqlx::Result<Option<Account>> {
    sqlx::query_as!(
        Account,
        "SELECT id, role FROM users WHERE email = $1",
        email
    )
    .fetch_optional(pool)
    .await
}
// ANCHOR_END: fetch

// ANCHOR: optional_filter
/// How many users have `role`, or how many there are when it is `None`. A `None` is sent as SQL's
/// `NULL`, whose type PostgreSQL cannot guess: the cast `$1::TEXT` tells it. `count(*)` is never
/// `NULL`, which the column's name says to the macro (`"count!"`), so the result is an `i64`, not
/// an `Option<i64>`.
pub async fn count_users(pool: &PgPool, role: Option<&str>) -> sqlx::Result<i64> {
    sqlx::query_scalar!(
        r#"SELECT count(*) AS "count!" FROM users WHERE ($1::TEXT IS NULL OR role = $1)"#,
        role
    )
    .fetch_one(pool)
    .await
}
// ANCHOR_END: optional_filter

// ANCHOR: transaction
/// Makes `user` an admin and ends their sessions, both or neither. `&mut *tx` lends the
/// transaction to one query at a time (it runs queries as `&pool` does, on the transaction's one
/// connection); dropped without `commit`, after an error say, it rolls back.
pub async fn promote(pool: &PgPool, user: i64) -> sqlx::Result<()> {
    let mut tx = pool.begin().await?;
    sqlx::query!("UPDATE users SET role = 'admin' WHERE id = $1", user)
        .execute(&mut *tx)
        .await?;
    sqlx::query!("DELETE FROM sessions WHERE user_id = $1", user)
        .execute(&mut *tx)
        .await?;
    tx.commit().await
}
// ANCHOR_END: transaction

// ANCHOR: database_error
/// The name of the `CHECK` constraint PostgreSQL refused a row for, when that is what `error` is.
/// Any other failure (the network, a unique violation, a bad query) is `None`.
pub fn broken_check(error: &sqlx::Error) -> Option<String> {
    let database = error.as_database_error()?;
    (database.kind() == sqlx::error::ErrorKind::CheckViolation)
        .then(|| database.constraint().unwrap_or("a check").to_owned())
}
// ANCHOR_END: database_error

// ANCHOR: snapshot
/// A read-only transaction for the whole request, in which every query sees the database as it
/// was at the first one: a handler that reads a list and then its total (or a user and then their
/// sessions) gets answers that agree, whatever is written meanwhile. Dropped at the end of the
/// request, the transaction rolls back (there is nothing to keep) and its connection goes back to
/// the pool.
pub struct Snapshot(pub Transaction<'static, Postgres>);

impl FromRequestParts<AppState> for Snapshot {
    type Rejection = DbError;

    /// `begin_with` first takes a connection from the pool, waiting at most the pool's acquire
    /// timeout: `PoolTimedOut` is a saturated pool, answered 503 before the handler runs (the
    /// client may try again), where anything else is a fault of ours, logged and answered 500.
    async fn from_request_parts(_parts: &mut Parts, state: &AppState) -> Result<Self, DbError> {
        let begin = "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY";
        match state.pool.begin_with(begin).await {
            Ok(transaction) => Ok(Self(transaction)),
            Err(sqlx::Error::PoolTimedOut) => Err(DbError::Unavailable),
            Err(error) => {
                tracing::error!(%error, "could not begin a read-only transaction");
                Err(DbError::Internal)
            }
        }
    }
}
// ANCHOR_END: snapshot

// ANCHOR: offset
/// Page `page` (the first is 0) of the users in the order of their email, `per_page` to a page,
/// for an admin's list with numbered pages. The order must be total (`email` is unique): without
/// one, PostgreSQL returns rows in whatever order is cheapest, and a user could show on two
/// pages. `LIMIT` and `OFFSET` take a `BIGINT`; the unsigned arguments cannot be negative, and
/// their product fits an `i64`.
pub async fn users_page(pool: &PgPool, page: u32, per_page: u16) -> sqlx::Result<Vec<Account>> {
    sqlx::query_as!(
        Account,
        "SELECT id, role FROM users ORDER BY email LIMIT $1 OFFSET $2",
        i64::from(per_page),
        i64::from(page) * i64::from(per_page)
    )
    .fetch_all(pool)
    .await
}
// ANCHOR_END: offset

// ANCHOR: keyset
/// Up to `batch` users with an id above `after`, in id order, for a job that visits every user
/// (a mailing, say) one batch at a time: start with `after = 0` (the ids start at 1), pass the
/// last id of each batch to the next call, and stop at a batch shorter than `batch`. The primary
/// key's index finds the first row after the cursor at once, so the thousandth batch costs what
/// the first did, and users who sign up during the walk shift none of the batches still to come.
pub async fn users_after(pool: &PgPool, after: i64, batch: i64) -> sqlx::Result<Vec<Account>> {
    sqlx::query_as!(
        Account,
        "SELECT id, role FROM users WHERE id > $1 ORDER BY id LIMIT $2",
        after,
        batch
    )
    .fetch_all(pool)
    .await
}
// ANCHOR_END: keyset

// ANCHOR: any
/// How many sessions each of `users` has, in one round trip however many users a page lists (one
/// query per user would be one round trip each). `= ANY($1)` compares with each element of an
/// array, and a slice of `i64` is sent as a `BIGINT[]`. A user without sessions has no row, so no
/// entry: read the map with `.get(&id).copied().unwrap_or(0)`.
pub async fn session_counts(pool: &PgPool, users: &[i64]) -> sqlx::Result<HashMap<i64, i64>> {
    let rows = sqlx::query!(
        r#"SELECT user_id, count(*) AS "sessions!" FROM sessions
           WHERE user_id = ANY($1) GROUP BY user_id"#,
        users
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| (row.user_id, row.sessions))
        .collect())
}
// ANCHOR_END: any

// ANCHOR: update_from
/// Gives `user` the role `role` and returns the role they had before, for an audit log that
/// records both (`None`: there is no such user). `RETURNING` gives the row as the `UPDATE` left it;
/// the row as it was comes from the subquery the `UPDATE` joins with `FROM`. Its `FOR UPDATE`
/// locks the row before reading it, so a second change at the same moment waits for the first and
/// then reads the role the first one set: without the lock, both would report the same old role.
pub async fn set_role(pool: &PgPool, user: i64, role: &str) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar!(
        "UPDATE users SET role = $2
         FROM (SELECT id, role FROM users WHERE id = $1 FOR UPDATE) AS before
         WHERE users.id = before.id
         RETURNING before.role",
        user,
        role
    )
    .fetch_optional(pool)
    .await
}
// ANCHOR_END: update_from
