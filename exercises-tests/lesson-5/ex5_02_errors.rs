use axum::http::StatusCode;
use course_testkit::{Req, fetch};
use serde_json::json;

use crate::support::conduit;

#[tokio::test]
async fn ex5_02_a_missing_article_is_a_realworld_404() {
    let app = conduit("5.2").await;
    let reply = fetch("5.2", &app.server, Req::get("/api/articles/nothing-here")).await;
    reply
        .expect_status(StatusCode::NOT_FOUND)
        .expect_json(&json!({ "errors": { "body": ["article not found"] } }));
}

#[tokio::test]
async fn ex5_02_no_token_is_a_401_that_says_token() {
    let app = conduit("5.2").await;
    let reply = fetch("5.2", &app.server, Req::get("/api/user")).await;
    reply
        .expect_status(StatusCode::UNAUTHORIZED)
        .expect_header("www-authenticate", "Token")
        .expect_json(&json!({ "errors": { "body": ["missing or invalid token"] } }));
}

#[tokio::test]
async fn ex5_02_invalid_fields_are_a_422_by_field() {
    let app = conduit("5.2").await;
    let body =
        json!({ "user": { "username": "jake", "email": "jake@example.com", "password": "short" } });
    let reply = fetch("5.2", &app.server, Req::post("/api/users").json(&body)).await;
    reply
        .expect_status(StatusCode::UNPROCESSABLE_ENTITY)
        .expect_json(&json!({
            "errors": { "password": ["is too short (minimum is 8 characters)"] }
        }));
}
