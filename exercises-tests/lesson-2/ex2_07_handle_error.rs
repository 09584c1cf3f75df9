use std::time::Duration;

use axum::Router;
use axum::error_handling::HandleErrorLayer;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use course_testkit::{Req, TestServer, fetch, send};
use middleware::error::handle_error;
use tower::ServiceBuilder;
use tower::limit::GlobalConcurrencyLimitLayer;

use crate::support::Gate;

#[tokio::test]
async fn ex2_07_a_timeout_is_a_json_408() {
    let app = Router::new()
        .route(
            "/slow",
            get(|| async {
                tokio::time::sleep(Duration::from_millis(500)).await;
                "too late"
            }),
        )
        .layer(
            ServiceBuilder::new()
                .layer(HandleErrorLayer::new(handle_error))
                .timeout(Duration::from_millis(50)),
        );
    let server = TestServer::start(app).await;
    let reply = fetch("2.7", &server, Req::get("/slow")).await;
    reply.expect_error(StatusCode::REQUEST_TIMEOUT, "request_timeout");
}

#[tokio::test]
async fn ex2_07_overload_is_a_json_503_with_retry_after() {
    let gate = Gate::default();
    let held = gate.clone();
    let app = Router::new()
        .route(
            "/hold",
            get(move || async move {
                held.pass().await;
                "done"
            }),
        )
        .layer(
            ServiceBuilder::new()
                .layer(HandleErrorLayer::new(handle_error))
                .load_shed()
                .layer(GlobalConcurrencyLimitLayer::new(1)),
        );
    let server = TestServer::start(app).await;
    let first = tokio::spawn({
        let url = server.url("/hold");
        async move { reqwest::get(url).await }
    });
    assert!(
        gate.wait_entered().await,
        "the first request never reached its handler"
    );
    let reply = fetch("2.7", &server, Req::get("/hold")).await;
    gate.release();
    let _ = first.await;
    reply.expect_error(StatusCode::SERVICE_UNAVAILABLE, "service_unavailable");
    reply.expect_header("retry-after", "1");
}

#[tokio::test]
async fn ex2_07_any_other_error_is_a_json_500() {
    let app = || {
        let failing = tower::service_fn(|_request| async {
            Err::<Response, axum::BoxError>("the database is on fire".into())
        });
        Router::new().route_service(
            "/",
            ServiceBuilder::new()
                .layer(HandleErrorLayer::new(handle_error))
                .service(failing),
        )
    };
    let reply = send("2.7", app, Req::get("/")).await;
    let message = reply.expect_error(StatusCode::INTERNAL_SERVER_ERROR, "internal_server_error");
    if message.contains("fire") {
        reply.fail("a message that does not reveal the internal error (it belongs in the log)");
    }
}
