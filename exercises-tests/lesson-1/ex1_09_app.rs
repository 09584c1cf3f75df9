use axum::http::StatusCode;
use course_testkit::{Req, send};
use routing::AppState;

use crate::support::{app, seeded_state};

#[tokio::test]
async fn ex1_09_meta_routes_are_merged_at_the_root() {
    let reply = send("1.9", app(AppState::default()), Req::get("/health")).await;
    reply.expect_status(StatusCode::OK);
    if reply.text() != "ok" {
        reply.fail("the body `ok`");
    }
}

#[tokio::test]
async fn ex1_09_bookmarks_are_nested_under_api_v1() {
    let reply = send(
        "1.9",
        app(seeded_state().await),
        Req::get("/api/v1/bookmarks/1"),
    )
    .await;
    reply.expect_status(StatusCode::OK);
}

#[tokio::test]
async fn ex1_09_unknown_paths_answer_a_json_404() {
    for uri in ["/nowhere", "/bookmarks/1"] {
        let reply = send("1.9", app(seeded_state().await), Req::get(uri)).await;
        let message = reply.expect_error(StatusCode::NOT_FOUND, "not_found");
        if !message.contains(uri) {
            reply.fail(format!("an error message that names the path {uri}"));
        }
    }
}

#[tokio::test]
async fn ex1_09_wrong_methods_answer_a_json_405() {
    let reply = send(
        "1.9",
        app(seeded_state().await),
        Req::delete("/api/v1/bookmarks"),
    )
    .await;
    reply.expect_error(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
}
