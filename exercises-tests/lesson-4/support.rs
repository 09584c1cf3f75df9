//! Fixtures shared by the lesson's tests. They write with plain runtime queries, not the lesson's
//! code, so each exercise's tests depend on that exercise only.

use std::sync::atomic::{AtomicI64, Ordering};

use axum::Router;
use database::AppState;
use database::db::MIGRATOR;
use local_postgres::TestDatabase;
use sqlx::PgPool;

/// A migrated database of the test's own. Without PostgreSQL the test fails and says how to get
/// one: it is never skipped.
pub async fn database() -> TestDatabase {
    TestDatabase::create(&MIGRATOR)
        .await
        .unwrap_or_else(|error| {
            panic!("\n\nLesson 4's tests need PostgreSQL, and none could be had:\n{error}\n")
        })
}

pub async fn add_user(pool: &PgPool, email: &str) -> i64 {
    sqlx::query_scalar("INSERT INTO users (email, password_hash) VALUES ($1, 'x') RETURNING id")
        .bind(email)
        .fetch_one(pool)
        .await
        .expect("a user is inserted")
}

/// Inserts `count` bookmarks for `owner`, ids ascending, each at `https://example.com/<n>` and
/// tagged `tag-<n>` and `common`, with `n` unique in the test process.
pub async fn add_bookmarks(pool: &PgPool, owner: i64, count: i64) -> Vec<i64> {
    static NEXT: AtomicI64 = AtomicI64::new(1);
    let mut ids = Vec::new();
    for _ in 0..count {
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO bookmarks (owner_id, url, title) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(owner)
        .bind(format!("https://example.com/{n}"))
        .bind(format!("Bookmark {n}"))
        .fetch_one(pool)
        .await
        .expect("a bookmark is inserted");
        sqlx::query("INSERT INTO tags (bookmark_id, name) VALUES ($1, $2), ($1, 'common')")
            .bind(id)
            .bind(format!("tag-{n}"))
            .execute(pool)
            .await
            .expect("tags are inserted");
        ids.push(id);
    }
    ids
}

/// The ids of a page's `items`, in order.
pub fn item_ids(body: &serde_json::Value) -> Vec<i64> {
    body["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|item| item["id"].as_i64())
                .collect()
        })
        .unwrap_or_default()
}

pub async fn count(pool: &PgPool, table: &str) -> i64 {
    let statement = format!("SELECT count(*) FROM {table}");
    sqlx::query_scalar(sqlx::AssertSqlSafe(statement))
        .fetch_one(pool)
        .await
        .expect("the table can be counted")
}

pub fn app(pool: &PgPool) -> impl FnOnce() -> Router + Send + 'static {
    let state = AppState { pool: pool.clone() };
    move || database::app(state)
}
