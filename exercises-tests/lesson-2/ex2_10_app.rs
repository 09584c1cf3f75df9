use std::io::Read;
use std::time::Duration;

use axum::http::StatusCode;
use course_testkit::{Reply, Req, TestServer, build, fetch};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use uuid::Uuid;

use crate::support::{ALLOWED_ORIGIN, API_KEY, config, state_with_bookmarks};

async fn server() -> TestServer {
    let state = state_with_bookmarks(5).await;
    TestServer::start(build("2.10", move || middleware::app(state, &config()))).await
}

fn expect_request_id(reply: &Reply) -> String {
    let id = reply
        .headers()
        .get("x-request-id")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_else(|| reply.fail("an x-request-id header on every response, errors too"));
    id.to_owned()
}

#[tokio::test]
async fn ex2_10_every_response_has_a_request_id_and_timing() {
    let server = server().await;
    for uri in ["/health", "/api/v1/bookmarks/1", "/nowhere"] {
        let reply = fetch("2.10", &server, Req::get(uri)).await;
        let id = expect_request_id(&reply);
        if Uuid::parse_str(&id).map(|id| id.get_version_num()) != Ok(7) {
            reply.fail("a generated x-request-id that is a version 7 UUID");
        }
        if !reply.headers().contains_key("server-timing") {
            reply.fail("a server-timing header from TimingLayer");
        }
    }
}

#[tokio::test]
async fn ex2_10_a_client_request_id_is_kept() {
    let server = server().await;
    let request = Req::get("/health").header("x-request-id", "client-chose-this");
    let reply = fetch("2.10", &server, request).await;
    reply.expect_header("x-request-id", "client-chose-this");
}

#[tokio::test]
async fn ex2_10_bodies_are_gzipped_when_the_client_asks() {
    let server = server().await;
    let request = Req::get("/api/v1/bookmarks").header("accept-encoding", "gzip");
    let reply = fetch("2.10", &server, request).await;
    reply.expect_status(StatusCode::OK);
    reply.expect_header("content-encoding", "gzip");
    let mut text = String::new();
    let decoded = flate2::read::GzDecoder::new(&reply.body()[..]).read_to_string(&mut text);
    let body: Option<Value> = decoded.ok().and_then(|_| serde_json::from_str(&text).ok());
    if body.as_ref().map(|body| &body["total"]) != Some(&json!(5)) {
        reply.fail("a gzip body that decodes to the list of 5 bookmarks");
    }
}

#[tokio::test]
async fn ex2_10_cors_preflight_admits_the_configured_origin_only() {
    let server = server().await;
    let preflight = |origin: &str| {
        Req::new(axum::http::Method::OPTIONS, "/api/v1/bookmarks")
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "content-type,x-api-key")
    };
    let reply = fetch("2.10", &server, preflight(ALLOWED_ORIGIN)).await;
    reply.expect_status(StatusCode::OK);
    reply.expect_header("access-control-allow-origin", ALLOWED_ORIGIN);
    let methods = reply
        .headers()
        .get("access-control-allow-methods")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    if !methods.contains("POST") {
        reply.fail("access-control-allow-methods that includes POST");
    }
    let reply = fetch("2.10", &server, preflight("https://evil.example")).await;
    if reply.headers().contains_key("access-control-allow-origin") {
        reply.fail("no access-control-allow-origin header for an origin that is not configured");
    }
}

#[tokio::test]
async fn ex2_10_a_body_over_the_limit_is_a_json_413() {
    let server = server().await;
    let huge = json!({ "url": "https://example.com", "title": "x".repeat(2000) });
    let request = Req::post("/api/v1/bookmarks")
        .header("x-api-key", API_KEY)
        .json(&huge);
    let reply = fetch("2.10", &server, request).await;
    reply.expect_error(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
    expect_request_id(&reply);
}

#[tokio::test]
async fn ex2_10_writes_need_the_api_key() {
    let server = server().await;
    let body = json!({ "url": "https://tokio.rs", "title": "Tokio" });
    let reply = fetch("2.10", &server, Req::post("/api/v1/bookmarks").json(&body)).await;
    reply.expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
    expect_request_id(&reply);
    let request = Req::post("/api/v1/bookmarks")
        .header("x-api-key", API_KEY)
        .json(&body);
    fetch("2.10", &server, request)
        .await
        .expect_status(StatusCode::CREATED);
}

/// A client that announces a body and never sends it must not hold a connection forever: the
/// timeout answers 408, still with a request id. (Sent over a raw socket: an HTTP client library
/// would not misbehave like this.)
#[tokio::test]
async fn ex2_10_a_stalled_body_times_out_with_a_json_408() {
    let server = server().await;
    let mut socket = tokio::net::TcpStream::connect(server.addr())
        .await
        .expect("the test server accepts connections");
    let head = format!(
        "POST /api/v1/bookmarks HTTP/1.1\r\nhost: {}\r\nx-api-key: {API_KEY}\r\ncontent-type: application/json\r\ncontent-length: 100\r\nconnection: close\r\n\r\n{{\"url\":",
        server.addr()
    );
    socket
        .write_all(head.as_bytes())
        .await
        .expect("the request head is sent");
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(1), socket.read_to_end(&mut answer)).await;
    let answer = String::from_utf8_lossy(&answer);
    let ok = read.is_ok()
        && answer.starts_with("HTTP/1.1 408")
        && answer.contains("x-request-id")
        && answer.contains("\"request_timeout\"");
    if !ok {
        let received = if read.is_err() {
            "nothing within a second".to_owned()
        } else {
            answer.into_owned()
        };
        course_testkit::fail(
            "2.10",
            "a POST announcing a 100-byte body, then only 7 bytes of it",
            "within the configured 200 ms, a JSON 408 with an x-request-id header",
            &received,
        );
    }
}
