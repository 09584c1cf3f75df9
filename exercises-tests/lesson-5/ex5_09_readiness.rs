use std::time::Duration;

use axum::http::StatusCode;
use course_testkit::{Reply, Req, fetch};
use serde_json::Value;

use crate::support::{conduit, conduit_over, config};

/// The answer's JSON, which must say `"status": "ok"` or `"status": "unavailable"` (what a load
/// balancer or a dashboard reads first) with `status`.
fn expect_status(reply: &Reply, status: StatusCode, word: &str) -> Value {
    reply.expect_status(status);
    let body = reply.json();
    if body["status"] != word {
        reply.fail(format!(
            "{} with a JSON body whose \"status\" is \"{word}\"",
            status.as_u16()
        ));
    }
    body
}

#[tokio::test]
async fn ex5_09_ready_when_the_database_answers() {
    let app = conduit("5.9").await;
    let reply = fetch("5.9", &app.server, Req::get("/health/ready")).await;
    expect_status(&reply, StatusCode::OK, "ok");
}

/// A database that is down and one that hangs are both "not ready", answered within seconds; the
/// two answers differ, so that whoever reads them can tell a broken database from a slow one. Both
/// pools are configured as production's (`DB_ACQUIRE_TIMEOUT_SECS`, 3 s by default), but for the
/// hanging one's, made long enough that only the check's own deadline can end the wait.
#[tokio::test]
async fn ex5_09_not_ready_when_the_database_is_down_or_hangs_and_says_which() {
    let dead = sqlx::postgres::PgPoolOptions::new()
        .acquire_timeout(config().db_acquire_timeout)
        .connect_lazy("postgres://postgres@127.0.0.1:1/nothing")
        .expect("a lazy pool needs no server");
    let server = conduit_over("5.9", dead).await;
    let reply = fetch("5.9", &server, Req::get("/health/ready"))
        .await
        .with_context("with a database that refuses every connection");
    let down = expect_unavailable_in_time(&reply);

    // Accepts the connection, then says nothing: the check must give up on its own, well before the
    // pool's acquire timeout (60 s here).
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
    let reply = fetch("5.9", &server, Req::get("/health/ready"))
        .await
        .with_context("with a database that accepts connections and never answers");
    keep.abort();
    let hung = expect_unavailable_in_time(&reply);
    if hung == down {
        reply.fail(format!(
            "an answer that differs from the one for a database that is down ({down}): \
             the reader must tell a slow database from a broken one. A database that is down \
             refuses a connection at once; if the check saw no answer in time there too, \
             something between it and the database was waiting"
        ));
    }
}

/// 503 `"unavailable"` before the test's client gives up (2 s): a load balancer's check waits no
/// longer than that, often less.
fn expect_unavailable_in_time(reply: &Reply) -> Value {
    if !reply.responded() {
        reply.fail(
            "503 within 2 s, when this test's client gives up: the check's own deadline must \
             end the wait before the load balancer's does",
        );
    }
    expect_status(reply, StatusCode::SERVICE_UNAVAILABLE, "unavailable")
}
