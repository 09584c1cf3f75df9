use std::time::Duration;

use axum::Router;
use axum::http::{Method, StatusCode};
use axum::routing::get;
use capstone::Config;
use course_testkit::{Req, TestServer, build, fetch};
use serde_json::json;
use uuid::Uuid;

use crate::support::conduit;

#[tokio::test]
async fn ex5_02_every_response_has_a_request_id_and_security_headers() {
    let app = conduit("5.2").await;
    let reply = fetch("5.2", &app.server, Req::get("/health/live")).await;
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
        "5.2",
        &app.server,
        Req::get("/health/live").header("x-request-id", "mine"),
    )
    .await;
    reply.expect_header("x-request-id", "mine");
}

#[tokio::test]
async fn ex5_02_cors_and_compression_are_configured() {
    let app = conduit("5.2").await;
    let preflight = Req::new(Method::OPTIONS, "/api/articles")
        .header("origin", "http://localhost:5173")
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "authorization,content-type",
        );
    let reply = fetch("5.2", &app.server, preflight).await;
    reply.expect_header("access-control-allow-origin", "http://localhost:5173");
    let huge = Req::post("/api/users").raw_body("application/json", vec![b' '; 2 * 1024 * 1024]);
    let reply = fetch("5.2", &app.server, huge).await;
    reply.expect_status(StatusCode::PAYLOAD_TOO_LARGE);
    if !reply.json()["errors"]["body"].is_array() {
        reply.fail("a JSON 413 in the API's error shape (the body limit, then json_error_bodies)");
    }
}

/// The stack around a router of the test's own, configured with `settings`.
async fn stacked(router: Router, settings: &[(&str, &str)]) -> TestServer {
    let config = Config::from_lookup(|name| {
        settings
            .iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| (*value).to_owned())
    })
    .expect("a valid configuration");
    TestServer::start(build("5.2", || {
        capstone::middleware::stack(router, &config)
    }))
    .await
}

#[tokio::test]
async fn ex5_02_a_panic_is_a_json_500_with_the_request_id() {
    let router = Router::new().route(
        "/boom",
        get(|| async {
            if true {
                panic!("secret: the database password is hunter2");
            }
            "unreachable"
        }),
    );
    let server = stacked(router, &[]).await;
    let reply = fetch("5.2", &server, Req::get("/boom")).await;
    reply
        .expect_status(StatusCode::INTERNAL_SERVER_ERROR)
        .expect_header("x-content-type-options", "nosniff")
        .expect_json(&json!({ "errors": { "body": ["internal error"] } }));
    if !reply.headers().contains_key("x-request-id") {
        reply.fail("an x-request-id header on the 500 too (catch panics inside the request id)");
    }
}

#[tokio::test]
async fn ex5_02_a_slow_handler_is_cut_off_with_a_json_408() {
    let router = Router::new().route(
        "/slow",
        get(|| async {
            tokio::time::sleep(Duration::from_secs(3)).await;
            "too late"
        }),
    );
    let server = stacked(router, &[("REQUEST_TIMEOUT_SECS", "1")]).await;
    let reply = fetch("5.2", &server, Req::get("/slow")).await;
    reply.expect_status(StatusCode::REQUEST_TIMEOUT);
    if !reply.json()["errors"]["body"].is_array() {
        reply.fail("a JSON 408 in the API's error shape (the timeout, then json_error_bodies)");
    }
}

#[tokio::test]
async fn ex5_02_bodies_are_gzipped_for_clients_that_ask() {
    let big = "conduit ".repeat(512);
    let router = Router::new().route("/big", get(move || async move { big }));
    let server = stacked(router, &[]).await;
    let reply = fetch(
        "5.2",
        &server,
        Req::get("/big").header("accept-encoding", "gzip"),
    )
    .await;
    reply
        .expect_status(StatusCode::OK)
        .expect_header("content-encoding", "gzip");
}
