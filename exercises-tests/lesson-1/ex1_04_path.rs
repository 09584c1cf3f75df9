use axum::http::StatusCode;
use course_testkit::{Req, send};
use serde_json::json;

use crate::support::{bookmarks, seeded_state};

#[tokio::test]
async fn ex1_04_show_finds_a_bookmark_by_id() {
    let reply = send(
        "1.4",
        bookmarks(seeded_state().await),
        Req::get("/bookmarks/2"),
    )
    .await;
    reply.expect_status(StatusCode::OK).expect_json(&json!({
        "id": 2,
        "url": "https://tokio.rs",
        "title": "Tokio: an async runtime",
        "tags": ["rust", "async"]
    }));
}

#[tokio::test]
async fn ex1_04_show_answers_404_for_an_unknown_id() {
    let reply = send(
        "1.4",
        bookmarks(seeded_state().await),
        Req::get("/bookmarks/42"),
    )
    .await;
    let message = reply.expect_error(StatusCode::NOT_FOUND, "not_found");
    if !message.contains("42") {
        reply.fail("an error message that names the missing id 42");
    }
}

#[tokio::test]
async fn ex1_04_delete_answers_204_and_removes() {
    let state = seeded_state().await;
    let reply = send("1.4", bookmarks(state.clone()), Req::delete("/bookmarks/1")).await;
    reply.expect_status(StatusCode::NO_CONTENT);
    if !reply.body().is_empty() {
        reply.fail("status 204 No Content with an empty body");
    }
    if state.store.read().await.get(1).is_some() {
        reply.fail("bookmark 1 to be gone from the store after the delete");
    }
}

#[tokio::test]
async fn ex1_04_delete_answers_404_for_an_unknown_id() {
    let reply = send(
        "1.4",
        bookmarks(seeded_state().await),
        Req::delete("/bookmarks/42"),
    )
    .await;
    reply.expect_error(StatusCode::NOT_FOUND, "not_found");
}
