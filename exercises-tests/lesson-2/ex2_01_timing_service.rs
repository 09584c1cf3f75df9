use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, Response, StatusCode};
use axum::routing::get;
use course_testkit::{Reply, Req, attempt_async, fail, send};
use middleware::timing::Timing;
use tower::{Service, ServiceExt};

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
    // A bound on the unit, not on speed: seconds, or seconds plus a constant, would be far off.
    if !(20.0..1000.0).contains(&ms) {
        reply.fail(format!(
            "server-timing in milliseconds: at least 20 (the handler sleeps 20 ms) and far below 1000, not {ms}"
        ));
    }
}

/// A service that can never take a request: its `poll_ready` says so with an error.
#[derive(Clone)]
struct Closed;

impl Service<Request<Body>> for Closed {
    type Response = Response<Body>;
    type Error = std::convert::Infallible;
    type Future = std::future::Ready<Result<Response<Body>, Self::Error>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Pending
    }

    fn call(&mut self, _: Request<Body>) -> Self::Future {
        std::future::ready(Ok(Response::new(Body::empty())))
    }
}

/// `Timing` adds no capacity: it is ready when, and only when, the service inside is.
#[tokio::test]
async fn ex2_01_timing_is_ready_only_when_the_inner_service_is() {
    let mut timing = Timing::new(Closed);
    let call = "Timing::new(inner).ready(), with an inner service that is never ready";
    let ready = attempt_async("2.1", call, "still waiting", async move {
        tokio::time::timeout(Duration::from_millis(100), timing.ready())
            .await
            .is_ok()
    })
    .await;
    if ready {
        fail(
            "2.1",
            call,
            "still waiting: poll_ready asks the inner service",
            "ready at once",
        );
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
