use axum::http::{Method, StatusCode};
use course_testkit::{Req, fetch};
use uuid::Uuid;

use crate::support::conduit;

#[tokio::test]
async fn ex5_01_every_response_has_a_request_id_and_security_headers() {
    let app = conduit("5.1").await;
    let reply = fetch("5.1", &app.server, Req::get("/health/live")).await;
    reply.expect_status(StatusCode::OK);
    let id = reply
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if Uuid::parse_str(id).map(|id| id.get_version_num()) != Ok(7) {
        reply.fail("an x-request-id header holding a UUIDv7");
    }
    reply
        .expect_header("x-content-type-options", "nosniff")
        .expect_header("x-frame-options", "DENY")
        .expect_header("referrer-policy", "no-referrer");
    let reply = fetch(
        "5.1",
        &app.server,
        Req::get("/health/live").header("x-request-id", "mine"),
    )
    .await;
    reply.expect_header("x-request-id", "mine");
}

#[tokio::test]
async fn ex5_01_cors_and_compression_are_configured() {
    let app = conduit("5.1").await;
    let preflight = Req::new(Method::OPTIONS, "/api/articles")
        .header("origin", "http://localhost:5173")
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "authorization,content-type",
        );
    let reply = fetch("5.1", &app.server, preflight).await;
    reply.expect_header("access-control-allow-origin", "http://localhost:5173");
    let huge = Req::post("/api/users").raw_body("application/json", vec![b' '; 2 * 1024 * 1024]);
    let reply = fetch("5.1", &app.server, huge).await;
    reply.expect_status(StatusCode::PAYLOAD_TOO_LARGE);
    if !reply.json()["errors"]["body"].is_array() {
        reply.fail("a JSON 413 in the API's error shape (the body limit, then json_error_bodies)");
    }
}
