use axum::Router;
use axum::http::StatusCode;
use axum::routing::post;
use course_testkit::{Req, send};
use routing::extract::ValidatedJson;
use routing::model::NewBookmark;
use serde_json::json;

/// A router whose handler only runs for a valid body, and then echoes the title.
fn echo() -> Router {
    Router::new().route(
        "/",
        post(
            |ValidatedJson(new): ValidatedJson<NewBookmark>| async move {
                axum::Json(json!({ "title": new.title }))
            },
        ),
    )
}

#[tokio::test]
async fn ex1_07_a_valid_body_reaches_the_handler() {
    let body = json!({ "url": "https://example.com", "title": "Example" });
    let reply = send("1.7", echo, Req::post("/").json(&body)).await;
    reply
        .expect_status(StatusCode::OK)
        .expect_json(&json!({ "title": "Example" }));
}

#[tokio::test]
async fn ex1_07_every_invalid_field_is_reported() {
    let body = json!({ "url": "ftp://example.com", "title": "  ", "tags": ["Rust!"] });
    let reply = send("1.7", echo, Req::post("/").json(&body)).await;
    reply.expect_status(StatusCode::UNPROCESSABLE_ENTITY);
    reply.expect_snapshot(|| insta::assert_json_snapshot!("ex1_07_invalid_fields", reply.json()));
}
