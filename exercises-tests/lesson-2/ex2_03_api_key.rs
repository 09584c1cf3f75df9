use axum::Router;
use axum::http::StatusCode;
use axum::middleware::from_fn_with_state;
use course_testkit::{Req, send};
use middleware::api_key::{ApiKey, require_api_key};
use serde_json::json;

use crate::support::{API_KEY, state_with_bookmarks};

async fn protected() -> impl FnOnce() -> Router + Send + 'static {
    let state = state_with_bookmarks(1).await;
    move || routing::app(state).layer(from_fn_with_state(ApiKey::new(API_KEY), require_api_key))
}

fn new_bookmark() -> Req {
    Req::post("/api/v1/bookmarks").json(&json!({ "url": "https://tokio.rs", "title": "Tokio" }))
}

#[tokio::test]
async fn ex2_03_reads_need_no_key() {
    let reply = send("2.3", protected().await, Req::get("/api/v1/bookmarks/1")).await;
    reply.expect_status(StatusCode::OK);
}

#[tokio::test]
async fn ex2_03_a_write_without_a_key_is_401() {
    let reply = send("2.3", protected().await, new_bookmark()).await;
    reply.expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
    reply.expect_header("www-authenticate", "ApiKey header=\"x-api-key\"");
}

#[tokio::test]
async fn ex2_03_a_write_with_a_wrong_key_is_401() {
    let request = new_bookmark().header("x-api-key", "test-kex");
    let reply = send("2.3", protected().await, request).await;
    reply.expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
}

#[tokio::test]
async fn ex2_03_a_write_with_the_key_reaches_the_handler() {
    let request = new_bookmark().header("x-api-key", API_KEY);
    let reply = send("2.3", protected().await, request).await;
    reply.expect_status(StatusCode::CREATED);
}
