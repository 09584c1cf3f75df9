use std::time::Duration;

use axum::http::StatusCode;
use course_testkit::{Req, send};
use sqlx::postgres::PgPoolOptions;

use crate::support::{add_bookmarks, add_user, app, database};

#[tokio::test]
async fn ex4_06_a_handler_gets_a_connection() {
    let db = database().await;
    let owner = add_user(db.pool(), "alice@example.com").await;
    let ids = add_bookmarks(db.pool(), owner, 1).await;
    let uri = format!("/bookmarks/{}", ids[0]);
    let reply = send("4.6", app(db.pool()), Req::get(&uri)).await;
    reply.expect_status(StatusCode::OK);
}

#[tokio::test]
async fn ex4_06_no_free_connection_is_a_json_503() {
    let db = database().await;
    let pool = PgPoolOptions::new()
        .max_connections(1)
        .acquire_timeout(Duration::from_millis(100))
        .connect_lazy_with(db.connect_options());
    let held = pool.acquire().await.expect("the pool's only connection");
    let reply = send("4.6", app(&pool), Req::get("/bookmarks/1")).await;
    drop(held);
    reply.expect_error(StatusCode::SERVICE_UNAVAILABLE, "service_unavailable");
}
