use std::time::Duration;

use axum::http::StatusCode;
use course_testkit::{Req, fetch};
use serde_json::json;

use crate::support::{conduit, conduit_over};

#[tokio::test]
async fn ex5_09_ready_when_the_database_answers() {
    let app = conduit("5.9").await;
    let reply = fetch("5.9", &app.server, Req::get("/health/ready")).await;
    reply
        .expect_status(StatusCode::OK)
        .expect_json(&json!({ "status": "ok", "database": "ok" }));
}

#[tokio::test]
async fn ex5_09_not_ready_when_the_database_is_down() {
    let dead = sqlx::postgres::PgPoolOptions::new()
        .acquire_timeout(Duration::from_millis(200))
        .connect_lazy("postgres://postgres@127.0.0.1:1/nothing")
        .expect("a lazy pool needs no server");
    let server = conduit_over("5.9", dead).await;
    let reply = fetch("5.9", &server, Req::get("/health/ready")).await;
    reply
        .expect_status(StatusCode::SERVICE_UNAVAILABLE)
        .expect_json(&json!({ "status": "unavailable", "database": "error" }));
}

/// A database that accepts the connection and then says nothing: the check must give up on its
/// own (after about a second), not wait for the pool's much longer acquire timeout, and say that
/// it timed out (a refused connection, above, is an `error`).
#[tokio::test]
async fn ex5_09_a_database_that_hangs_is_not_ready_within_seconds() {
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free port");
    let port = silent.local_addr().expect("its address").port();
    let keep = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = silent.accept().await {
            held.push(socket);
        }
    });
    let hanging = sqlx::postgres::PgPoolOptions::new()
        .acquire_timeout(Duration::from_secs(60))
        .connect_lazy(&format!("postgres://postgres@127.0.0.1:{port}/nothing"))
        .expect("a lazy pool needs no server");
    let server = conduit_over("5.9", hanging).await;
    let answered = tokio::time::timeout(
        Duration::from_secs(5),
        fetch("5.9", &server, Req::get("/health/ready")),
    )
    .await;
    keep.abort();
    match answered {
        Ok(reply) => {
            reply
                .expect_status(StatusCode::SERVICE_UNAVAILABLE)
                .expect_json(&json!({ "status": "unavailable", "database": "timeout" }));
        }
        Err(_) => course_testkit::fail(
            "5.9",
            "GET /health/ready, with a database that accepts connections and never answers",
            "503 within a few seconds: the check's own deadline (1 s)",
            "no answer after 5 s",
        ),
    }
}
