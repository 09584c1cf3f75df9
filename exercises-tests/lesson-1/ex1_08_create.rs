use axum::http::StatusCode;
use course_testkit::{Req, send};
use serde_json::json;

use crate::support::{bookmarks, seeded_state};

#[tokio::test]
async fn ex1_08_create_answers_201_with_location_and_body() {
    let state = seeded_state().await;
    let body = json!({ "url": "https://serde.rs", "title": "  Serde  ", "tags": ["rust"] });
    let reply = send(
        "1.8",
        bookmarks(state.clone()),
        Req::post("/bookmarks").json(&body),
    )
    .await;
    reply.expect_status(StatusCode::CREATED);
    let created = reply.json();
    let location = format!("/api/v1/bookmarks/{}", created["id"]);
    reply.expect_header("location", &location);
    reply.expect_snapshot(|| {
        insta::assert_json_snapshot!("ex1_08_created", created, { ".id" => "[id]" });
    });
    let stored = match created["id"].as_u64() {
        Some(id) => state.store.read().await.get(id).is_some(),
        None => false,
    };
    if !stored {
        reply.fail("the new bookmark to be in the store under the id the body gives");
    }
}

#[tokio::test]
async fn ex1_08_a_saved_url_is_a_conflict() {
    let body = json!({ "url": "https://tokio.rs", "title": "Tokio again" });
    let reply = send(
        "1.8",
        bookmarks(seeded_state().await),
        Req::post("/bookmarks").json(&body),
    )
    .await;
    reply.expect_error(StatusCode::CONFLICT, "conflict");
}
