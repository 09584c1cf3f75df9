use std::time::Duration;

use axum::Router;
use axum::http::StatusCode;
use axum::routing::get;
use course_testkit::{Reply, Req, TestServer, fetch};
use middleware::load::{LoadLimits, with_load_control};

use crate::support::Gate;

#[tokio::test]
async fn ex2_09_past_the_rate_is_a_json_429_with_retry_after() {
    let limits = LoadLimits {
        max_in_flight: 16,
        rate: 2,
        per: Duration::from_secs(1),
    };
    let app = with_load_control(Router::new().route("/", get(|| async { "ok" })), &limits);
    let server = TestServer::start(app).await;
    for _ in 0..2 {
        fetch("2.9", &server, Req::get("/"))
            .await
            .expect_status(StatusCode::OK);
    }
    let reply = refused_at_once(&server, "/").await;
    reply.expect_error(StatusCode::TOO_MANY_REQUESTS, "too_many_requests");
    reply.expect_header("retry-after", "1");
}

/// The request past the rate, which must be refused at once. One that waited for the rate to
/// allow it and then passed says where the stack went wrong, which its `200` alone would not.
async fn refused_at_once(server: &TestServer, path: &str) -> Reply {
    let started = std::time::Instant::now();
    let reply = fetch("2.9", server, Req::get(path)).await;
    let waited = started.elapsed();
    if reply.status().is_success() && waited >= Duration::from_millis(400) {
        reply.fail(format!(
            "429 at once; instead the request waited {} ms until the rate allowed it, then \
             passed. A layer between `load_shed` and `rate_limit` reported ready while the rate \
             limit was not (a `buffer` is ready whenever its queue has room)",
            waited.as_millis()
        ));
    }
    reply
}

#[tokio::test]
async fn ex2_09_past_the_concurrency_limit_is_a_json_503() {
    let limits = LoadLimits {
        max_in_flight: 1,
        rate: 1_000,
        per: Duration::from_secs(1),
    };
    let gate = Gate::default();
    let held = gate.clone();
    let router = Router::new().route(
        "/hold",
        get(move || async move {
            held.pass().await;
            "done"
        }),
    );
    let server = TestServer::start(with_load_control(router, &limits)).await;
    let first = tokio::spawn({
        let url = server.url("/hold");
        async move { reqwest::get(url).await }
    });
    let entered = gate.wait_entered().await;
    let reply = fetch("2.9", &server, Req::get("/hold")).await;
    gate.release();
    let _ = first.await;
    if !entered {
        reply.fail("the first request to reach its handler while the second was sent");
    }
    reply.expect_error(StatusCode::SERVICE_UNAVAILABLE, "service_unavailable");
}

/// One budget for the whole server: limits put on each route separately (`Router::layer`) would
/// let a client spread its requests over routes and never be refused.
#[tokio::test]
async fn ex2_09_the_limits_are_for_the_whole_server_not_per_route() {
    let limits = LoadLimits {
        max_in_flight: 16,
        rate: 2,
        per: Duration::from_secs(1),
    };
    let router = Router::new()
        .route("/a", get(|| async { "a" }))
        .route("/b", get(|| async { "b" }));
    let server = TestServer::start(with_load_control(router, &limits)).await;
    for path in ["/a", "/b"] {
        fetch("2.9", &server, Req::get(path))
            .await
            .expect_status(StatusCode::OK);
    }
    let reply = refused_at_once(&server, "/a").await;
    reply.expect_error(StatusCode::TOO_MANY_REQUESTS, "too_many_requests");
}
