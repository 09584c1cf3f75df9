use std::time::Duration;

use axum::Router;
use axum::http::StatusCode;
use axum::routing::get;
use course_testkit::{Reply, Req, send};
use middleware::timing::Timing;

/// The inner routes wrapped, as one service, in `Timing`.
fn timed() -> Router {
    let inner = Router::new()
        .route(
            "/slow",
            get(|| async {
                tokio::time::sleep(Duration::from_millis(20)).await;
                "done"
            }),
        )
        .route("/created", get(|| async { (StatusCode::CREATED, "made") }));
    Router::new().fallback_service(Timing::new(inner))
}

/// The milliseconds in `server-timing: app;dur=<ms>`.
fn duration_ms(reply: &Reply) -> f64 {
    let expected = "a header server-timing: app;dur=<milliseconds>";
    reply
        .headers()
        .get("server-timing")
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("app;dur="))
        .and_then(|ms| ms.parse().ok())
        .unwrap_or_else(|| reply.fail(expected))
}

#[tokio::test]
async fn ex2_01_timing_measures_the_inner_service() {
    let reply = send("2.1", timed, Req::get("/slow")).await;
    reply.expect_status(StatusCode::OK);
    let ms = duration_ms(&reply);
    if ms < 20.0 {
        reply.fail(format!(
            "server-timing of at least 20 ms (the handler sleeps 20 ms), not {ms}"
        ));
    }
}

#[tokio::test]
async fn ex2_01_timing_keeps_the_inner_response() {
    let reply = send("2.1", timed, Req::get("/created")).await;
    reply.expect_status(StatusCode::CREATED);
    duration_ms(&reply);
    if reply.text() != "made" {
        reply.fail("the inner service's body `made`, unchanged");
    }
}
