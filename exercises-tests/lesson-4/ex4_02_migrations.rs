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
}
