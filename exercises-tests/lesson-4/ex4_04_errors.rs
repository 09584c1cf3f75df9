use course_testkit::{attempt_async, fail};
use database::DbError;
use database::repo::{self, NewBookmark};

use crate::support::{add_user, database};

fn bookmark(owner_id: i64, url: &str) -> NewBookmark {
    NewBookmark {
        owner_id,
        url: url.to_owned(),
        title: "A title".to_owned(),
        tags: Vec::new(),
    }
}

/// Runs an insert expected to break a constraint, and checks which error it became.
async fn expect_insert_error(pool: &sqlx::PgPool, new: NewBookmark, what: &str, expected: &str) {
    let call = format!("repo::insert(&pool, <{what}>)");
    let pool = pool.clone();
    let result = attempt_async("4.4", &call, expected, async move {
        repo::insert(&pool, &new).await
    })
    .await;
    let received = format!("{result:?}");
    if !received.starts_with(expected) {
        fail("4.4", &call, expected, &received);
    }
}

#[tokio::test]
async fn ex4_04_a_unique_violation_is_a_conflict() {
    let db = database().await;
    let owner = add_user(db.pool(), "alice@example.com").await;
    repo::insert(db.pool(), &bookmark(owner, "https://tokio.rs"))
        .await
        .expect("the first insert succeeds");
    expect_insert_error(
        db.pool(),
        bookmark(owner, "https://tokio.rs"),
        "the same URL for the same owner",
        "Err(Conflict(",
    )
    .await;
}

#[tokio::test]
async fn ex4_04_a_foreign_key_violation_is_an_invalid_reference() {
    let db = database().await;
    expect_insert_error(
        db.pool(),
        bookmark(424_242, "https://tokio.rs"),
        "an owner_id no user has",
        "Err(InvalidReference(",
    )
    .await;
}

#[tokio::test]
async fn ex4_04_a_check_violation_is_invalid() {
    let db = database().await;
    let owner = add_user(db.pool(), "alice@example.com").await;
    expect_insert_error(
        db.pool(),
        bookmark(owner, "ftp://example.com"),
        "a URL that is not http(s)",
        "Err(Invalid(",
    )
    .await;
}

#[tokio::test]
async fn ex4_04_no_row_is_not_found_and_answers_404() {
    let db = database().await;
    let pool = db.pool().clone();
    let result = attempt_async(
        "4.4",
        "repo::find(&pool, 424242)",
        "Err(NotFound)",
        async move { repo::find(&pool, 424_242).await },
    )
    .await;
    match result {
        Err(error @ DbError::NotFound) if error.status() == 404 => {}
        other => fail(
            "4.4",
            "repo::find(&pool, 424242)",
            "Err(NotFound), answered 404",
            &format!("{other:?}"),
        ),
    }
}

/// A database error that breaks no constraint (here, a division by zero) is none of the client's
/// business: logged, and answered as an internal error.
#[tokio::test]
async fn ex4_04_any_other_database_error_is_internal() {
    let db = database().await;
    let error = sqlx::query("SELECT 1 / 0")
        .execute(db.pool())
        .await
        .expect_err("PostgreSQL refuses to divide by zero");
    let call = "DbError::from(<the error of SELECT 1 / 0>)";
    let converted =
        attempt_async("4.4", call, "Internal", async move { DbError::from(error) }).await;
    if !matches!(converted, DbError::Internal) {
        fail("4.4", call, "Internal", &format!("{converted:?}"));
    }
}

/// No connection came free in time: the database is busy, not broken, and the client may retry.
/// (Exercise 4.6's extractor relies on this answer.)
#[tokio::test]
async fn ex4_04_a_pool_timeout_is_unavailable() {
    let call = "DbError::from(sqlx::Error::PoolTimedOut)";
    let converted = attempt_async("4.4", call, "Unavailable", async move {
        DbError::from(sqlx::Error::PoolTimedOut)
    })
    .await;
    if !matches!(converted, DbError::Unavailable) || converted.status() != 503 {
        fail(
            "4.4",
            call,
            "Unavailable, answered 503",
            &format!("{converted:?}"),
        );
    }
}
