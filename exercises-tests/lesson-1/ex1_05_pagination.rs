use axum::Router;
use axum::http::StatusCode;
use axum::routing::get;
use course_testkit::{Req, send};
use routing::extract::Pagination;
use serde_json::json;

/// A router that answers with the pagination it extracted.
fn echo() -> Router {
    Router::new().route(
        "/items",
        get(|pagination: Pagination| async move { axum::Json(pagination) }),
    )
}

#[tokio::test]
async fn ex1_05_missing_parameters_take_the_defaults() {
    let reply = send("1.5", echo, Req::get("/items")).await;
    reply
        .expect_status(StatusCode::OK)
        .expect_json(&json!({ "page": 1, "per_page": 20 }));
}

#[tokio::test]
async fn ex1_05_given_parameters_are_used() {
    let reply = send("1.5", echo, Req::get("/items?page=3&per_page=50")).await;
    reply
        .expect_status(StatusCode::OK)
        .expect_json(&json!({ "page": 3, "per_page": 50 }));
}

#[tokio::test]
async fn ex1_05_other_parameters_are_ignored() {
    let reply = send("1.5", echo, Req::get("/items?tag=rust&per_page=5")).await;
    reply
        .expect_status(StatusCode::OK)
        .expect_json(&json!({ "page": 1, "per_page": 5 }));
}

#[tokio::test]
async fn ex1_05_page_zero_is_a_bad_request() {
    let reply = send("1.5", echo, Req::get("/items?page=0")).await;
    let message = reply.expect_error(StatusCode::BAD_REQUEST, "bad_request");
    // `page` itself, not only inside `per_page`: the client must learn which value was wrong.
    let names_page = message
        .match_indices("page")
        .any(|(at, _)| !message[..at].ends_with("per_"));
    if !names_page || !message.contains('1') {
        reply.fail("an error message that names the `page` parameter and where it starts (1)");
    }
}

#[tokio::test]
async fn ex1_05_per_page_is_bounded() {
    for uri in ["/items?per_page=0", "/items?per_page=101"] {
        let reply = send("1.5", echo, Req::get(uri)).await;
        let message = reply.expect_error(StatusCode::BAD_REQUEST, "bad_request");
        if !message.contains("per_page") || !message.contains("100") {
            reply.fail(
                "an error message that names the `per_page` parameter and its range (1 to 100)",
            );
        }
    }
}
