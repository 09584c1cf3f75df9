use axum::http::StatusCode;
use course_testkit::{Req, send};
use serde_json::json;

use crate::support::{app, seeded_state};

async fn expect_rejected(request: Req, status: StatusCode, code: &str) {
    let reply = send("1.10", app(seeded_state().await), request).await;
    reply.expect_error(status, code);
}

#[tokio::test]
async fn ex1_10_malformed_json_is_a_json_400() {
    let request = Req::post("/api/v1/bookmarks").raw_body("application/json", r#"{"url": "#);
    expect_rejected(request, StatusCode::BAD_REQUEST, "bad_request").await;
}

#[tokio::test]
async fn ex1_10_wrong_content_type_is_a_json_415() {
    let request = Req::post("/api/v1/bookmarks").raw_body("text/plain", "https://serde.rs");
    expect_rejected(
        request,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    )
    .await;
}

#[tokio::test]
async fn ex1_10_missing_field_is_a_json_422() {
    let request = Req::post("/api/v1/bookmarks").json(&json!({ "url": "https://serde.rs" }));
    expect_rejected(
        request,
        StatusCode::UNPROCESSABLE_ENTITY,
        "unprocessable_entity",
    )
    .await;
}

#[tokio::test]
async fn ex1_10_bad_path_parameter_is_a_json_400() {
    let request = Req::get("/api/v1/bookmarks/seven");
    expect_rejected(request, StatusCode::BAD_REQUEST, "bad_request").await;
}

#[tokio::test]
async fn ex1_10_bad_query_parameters_are_a_json_400() {
    for uri in [
        "/api/v1/bookmarks?sort=sideways",
        "/api/v1/bookmarks?page=two",
    ] {
        expect_rejected(Req::get(uri), StatusCode::BAD_REQUEST, "bad_request").await;
    }
}
