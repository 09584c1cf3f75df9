//! SQLx's working parts in the smallest examples, on the tables of Lesson 3's store (the exercises
//! use the bookmarks): the book's primer shows each of them before an exercise asks for it.

use sqlx::PgPool;

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
