use course_testkit::fail;
use database::db::MIGRATOR;
use sqlx::PgPool;

use crate::support::database;

async fn tables(pool: &PgPool) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables
         WHERE table_schema = 'public' AND table_name <> '_sqlx_migrations' ORDER BY 1",
    )
    .fetch_all(pool)
    .await
    .expect("information_schema can be read")
}

#[tokio::test]
async fn ex4_02_migrations_can_be_undone_completely_and_redone() {
    let db = database().await;
    let before = tables(db.pool()).await;
    if let Err(error) = MIGRATOR.undo(db.pool(), 0).await {
        fail(
            "4.2",
            "MIGRATOR.undo(pool, 0)",
            "every migration undone",
            &error.to_string(),
        );
    }
    let left = tables(db.pool()).await;
    if !left.is_empty() {
        fail(
            "4.2",
            "MIGRATOR.undo(pool, 0): every down migration, newest first",
            "no tables left (0001_bookmarks.down.sql drops what 0001 created)",
            &format!("the tables {left:?} still exist"),
        );
    }
    MIGRATOR
        .run(db.pool())
        .await
        .expect("the migrations run again");
    let after = tables(db.pool()).await;
    if after != before {
        fail(
            "4.2",
            "MIGRATOR.run(pool) after undoing everything",
            format!("the same tables as before: {before:?}"),
            &format!("{after:?}"),
        );
    }
    the_given_migrations_did_their_work(db.pool()).await;
}

/// 0003 and 0004 (given) once migrated up again: a new bookmark gets its host from the trigger,
/// and the index built concurrently is valid.
async fn the_given_migrations_did_their_work(pool: &PgPool) {
    let host: String = sqlx::query_scalar(
        "WITH owner AS (
             INSERT INTO users (email, password_hash) VALUES ('m@example.com', 'x') RETURNING id)
         INSERT INTO bookmarks (owner_id, url, title)
         SELECT id, 'https://Example.com:8443/a?b', 'a' FROM owner
         RETURNING host",
    )
    .fetch_one(pool)
    .await
    .expect("a bookmark can be written after the migrations ran again");
    let valid: bool = sqlx::query_scalar(
        "SELECT indisvalid FROM pg_index WHERE indexrelid = 'bookmarks_by_host'::regclass",
    )
    .fetch_one(pool)
    .await
    .expect("the index of 0004 exists");
    if host != "example.com" || !valid {
        fail(
            "4.2",
            "MIGRATOR.run(pool), then a bookmark of https://Example.com:8443/a?b",
            "its host example.com (0003's trigger) and a valid bookmarks_by_host index (0004)",
            &format!("host {host:?}, index valid: {valid}"),
        );
    }
}
