//! Each error answered by a handler that returns it, on a bare router: the errors come first in
//! the course, so nothing else of the app (its stack, its database) is needed yet.

use std::collections::BTreeMap;

use axum::Router;
use axum::http::StatusCode;
use axum::routing::get;
use capstone::AppError;
use course_testkit::{CapturedLogs, Reply, Req, send};
use serde_json::json;

/// What a handler that fails with `error` answers.
async fn answer(error: fn() -> AppError) -> Reply {
    let app = move || Router::new().route("/", get(move || async move { error() }));
    send("5.1", app, Req::get("/")).await
}

#[tokio::test]
async fn ex5_01_a_missing_resource_is_a_404_that_names_it() {
    answer(|| AppError::NotFound("article"))
        .await
        .expect_status(StatusCode::NOT_FOUND)
        .expect_json(&json!({ "errors": { "article": ["not found"] } }));
}

#[tokio::test]
async fn ex5_01_no_token_is_a_401_that_says_token() {
    answer(|| AppError::MissingToken)
        .await
        .expect_status(StatusCode::UNAUTHORIZED)
        .expect_header("www-authenticate", "Token")
        .expect_json(&json!({ "errors": { "token": ["is missing"] } }));
}

/// Each error as RealWorld's own test suite words it.
#[tokio::test]
async fn ex5_01_each_error_speaks_realworlds_words() {
    answer(|| AppError::Forbidden("article"))
        .await
        .expect_status(StatusCode::FORBIDDEN)
        .expect_json(&json!({ "errors": { "article": ["forbidden"] } }));
    answer(|| AppError::InvalidCredentials)
        .await
        .expect_status(StatusCode::UNAUTHORIZED)
        .expect_json(&json!({ "errors": { "credentials": ["invalid"] } }));
    answer(|| AppError::InvalidToken)
        .await
        .expect_status(StatusCode::UNAUTHORIZED)
        .expect_json(&json!({ "errors": { "token": ["is invalid"] } }));
    answer(|| AppError::InvalidRefreshToken)
        .await
        .expect_status(StatusCode::UNAUTHORIZED)
        .expect_json(&json!({ "errors": { "refreshToken": ["is invalid"] } }));
    answer(|| AppError::Taken("email"))
        .await
        .expect_status(StatusCode::CONFLICT)
        .expect_json(&json!({ "errors": { "email": ["has already been taken"] } }));
}

#[tokio::test]
async fn ex5_01_invalid_fields_are_a_422_by_field() {
    answer(|| {
        AppError::Invalid(BTreeMap::from([
            ("email", vec!["is invalid".to_owned()]),
            ("password", vec!["can't be blank".to_owned()]),
        ]))
    })
    .await
    .expect_status(StatusCode::UNPROCESSABLE_ENTITY)
    .expect_json(&json!({
        "errors": { "email": ["is invalid"], "password": ["can't be blank"] }
    }));
}

#[tokio::test]
async fn ex5_01_too_many_requests_says_when_to_come_back() {
    answer(|| AppError::TooManyRequests { retry_after: 42 })
        .await
        .expect_status(StatusCode::TOO_MANY_REQUESTS)
        .expect_header("retry-after", "42");
}

/// What went wrong inside is for the log, where whoever is on call reads it; the client learns
/// only that it was not its fault.
#[tokio::test]
async fn ex5_01_an_internal_error_is_logged_and_reveals_nothing() {
    let logs = CapturedLogs::start();
    let reply =
        answer(|| AppError::Internal(anyhow::anyhow!("the disk at db.internal is full"))).await;
    reply
        .expect_status(StatusCode::INTERNAL_SERVER_ERROR)
        .expect_json(&json!({ "errors": { "body": ["internal error"] } }));
    if !logs.text().contains("the disk at db.internal is full") {
        reply.fail(format!(
            "an ERROR log line with the error's details (`{{error:#}}`); the log was:\n{}",
            logs.text()
        ));
    }
}

/// A database out of reach is no failure of the request: 503, and when to try again.
#[tokio::test]
async fn ex5_01_an_unavailable_database_says_when_to_come_back() {
    answer(|| AppError::Unavailable { retry_after: 5 })
        .await
        .expect_status(StatusCode::SERVICE_UNAVAILABLE)
        .expect_header("retry-after", "5")
        .expect_json(&json!({
            "errors": { "body": ["the service is unavailable; try again in 5 s"] }
        }));
}
