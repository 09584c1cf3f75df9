use axum::Router;
use axum::http::StatusCode;
use axum::routing::get;
use course_testkit::{Req, send};
use routing::ApiError;
use routing::extract::FieldErrors;
use serde_json::json;

/// A router whose one handler fails with the error `make` returns.
fn failing_with(make: fn() -> ApiError) -> impl FnOnce() -> Router + Send + 'static {
    move || Router::new().route("/", get(move || async move { Err::<(), _>(make()) }))
}

#[tokio::test]
async fn ex1_03_not_found_is_a_json_404() {
    let reply = send(
        "1.3",
        failing_with(|| ApiError::NotFound("bookmark 7 does not exist".into())),
        Req::get("/"),
    )
    .await;
    reply
        .expect_status(StatusCode::NOT_FOUND)
        .expect_json(&json!({
            "error": { "code": "not_found", "message": "bookmark 7 does not exist" }
        }));
}

#[tokio::test]
async fn ex1_03_conflict_is_a_json_409() {
    let reply = send(
        "1.3",
        failing_with(|| ApiError::Conflict("already saved".into())),
        Req::get("/"),
    )
    .await;
    reply
        .expect_status(StatusCode::CONFLICT)
        .expect_json(&json!({
            "error": { "code": "conflict", "message": "already saved" }
        }));
}

#[tokio::test]
async fn ex1_03_validation_error_lists_the_fields() {
    let reply = send(
        "1.3",
        failing_with(|| {
            let mut fields = FieldErrors::default();
            fields.add("title", "must not be empty");
            fields.add("url", "must start with http:// or https://");
            ApiError::Validation(fields)
        }),
        Req::get("/"),
    )
    .await;
    reply
        .expect_status(StatusCode::UNPROCESSABLE_ENTITY)
        .expect_json(&json!({
            "error": {
                "code": "unprocessable_entity",
                "message": "the request body has invalid fields",
                "fields": {
                    "title": ["must not be empty"],
                    "url": ["must start with http:// or https://"]
                }
            }
        }));
}

#[tokio::test]
async fn ex1_03_rejection_keeps_its_status() {
    let reply = send(
        "1.3",
        failing_with(|| ApiError::Rejected {
            status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
            message: "expected application/json".into(),
        }),
        Req::get("/"),
    )
    .await;
    reply.expect_error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
}

#[tokio::test]
async fn ex1_03_bad_request_is_a_json_400() {
    let reply = send(
        "1.3",
        failing_with(|| ApiError::BadRequest("limit must be at most 100".into())),
        Req::get("/"),
    )
    .await;
    reply
        .expect_status(StatusCode::BAD_REQUEST)
        .expect_json(&json!({
            "error": { "code": "bad_request", "message": "limit must be at most 100" }
        }));
}

#[tokio::test]
async fn ex1_03_method_not_allowed_is_a_json_405() {
    let reply = send(
        "1.3",
        failing_with(|| ApiError::MethodNotAllowed {
            method: axum::http::Method::DELETE,
            path: "/api/v1/bookmarks".into(),
        }),
        Req::get("/"),
    )
    .await;
    reply
        .expect_status(StatusCode::METHOD_NOT_ALLOWED)
        .expect_json(&json!({
            "error": {
                "code": "method_not_allowed",
                "message": "DELETE is not allowed on /api/v1/bookmarks"
            }
        }));
}
