use std::time::Duration;

use axum::http::StatusCode;
use capstone::AppState;
use course_testkit::{Req, TestServer, build, fetch};

use crate::support::{conduit, config};

#[tokio::test]
async fn ex5_09_ready_when_the_database_answers() {
    let app = conduit("5.9").await;
    let reply = fetch("5.9", &app.server, Req::get("/health/ready")).await;
    reply.expect_status(StatusCode::OK);
}

#[tokio::test]
async fn ex5_09_not_ready_when_the_database_is_down() {
    let config = config();
    let dead = sqlx::postgres::PgPoolOptions::new()
        .acquire_timeout(Duration::from_millis(200))
        .connect_lazy("postgres://postgres@127.0.0.1:1/nothing")
        .expect("a lazy pool needs no server");
    let state = AppState::new(dead, &config);
    let server = TestServer::start(build("5.9", || capstone::app(state, &config))).await;
    let reply = fetch("5.9", &server, Req::get("/health/ready")).await;
    reply.expect_status(StatusCode::SERVICE_UNAVAILABLE);
    if reply.json()["status"] != "unavailable" {
        reply.fail("{\"status\": \"unavailable\", ...}");
    }
}
