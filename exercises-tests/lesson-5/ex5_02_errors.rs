use axum::Router;
use axum::http::StatusCode;
use axum::routing::get;
use capstone::AppError;
use course_testkit::{Reply, Req, fetch, send};
use serde_json::json;

use crate::support::conduit;

#[tokio::test]
async fn ex5_02_a_missing_article_is_a_realworld_404() {
    let app = conduit("5.2").await;
    let reply = fetch("5.2", &app.server, Req::get("/api/articles/nothing-here")).await;
    reply
        .expect_status(StatusCode::NOT_FOUND)
        .expect_json(&json!({ "errors": { "article": ["not found"] } }));
}

#[tokio::test]
async fn ex5_02_no_token_is_a_401_that_says_token() {
    let app = conduit("5.2").await;
    let reply = fetch("5.2", &app.server, Req::get("/api/user")).await;
    reply
        .expect_status(StatusCode::UNAUTHORIZED)
        .expect_header("www-authenticate", "Token")
        .expect_json(&json!({ "errors": { "token": ["is missing"] } }));
}

/// What a handler that fails with `error` answers.
async fn answer(error: fn() -> AppError) -> Reply {
    let app = move || Router::new().route("/", get(move || async move { error() }));
    send("5.2", app, Req::get("/")).await
}

/// Each error as RealWorld's own test suite words it.
#[tokio::test]
async fn ex5_02_each_error_speaks_realworlds_words() {
    answer(|| AppError::Forbidden("article"))
        .await
        .expect_status(StatusCode::FORBIDDEN)
        .expect_json(&json!({ "errors": { "article": ["forbidden"] } }));
    answer(|| AppError::NotFound("profile"))
        .await
        .expect_status(StatusCode::NOT_FOUND)
        .expect_json(&json!({ "errors": { "profile": ["not found"] } }));
    answer(|| AppError::InvalidCredentials)
        .await
        .expect_status(StatusCode::UNAUTHORIZED)
        .expect_json(&json!({ "errors": { "credentials": ["invalid"] } }));
    answer(|| AppError::InvalidToken)
        .await
        .expect_status(StatusCode::UNAUTHORIZED)
        .expect_json(&json!({ "errors": { "token": ["is invalid"] } }));
    answer(|| AppError::Taken("email"))
        .await
        .expect_status(StatusCode::CONFLICT)
        .expect_json(&json!({ "errors": { "email": ["has already been taken"] } }));
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
