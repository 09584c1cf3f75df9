use axum::Router;
use axum::http::StatusCode;
use axum::routing::get;
use course_testkit::{CapturedLogs, Req, send};
use middleware::trace::make_span;
use tower_http::trace::TraceLayer;

fn traced() -> Router {
    Router::new()
        .route(
            "/items",
            get(|| async {
                tracing::info!("listing items");
                "ok"
            }),
        )
        .layer(TraceLayer::new_for_http().make_span_with(make_span))
}

#[tokio::test]
async fn ex2_06_log_lines_carry_the_request_span() {
    let captured = CapturedLogs::start();

    let request = Req::get("/items?page=2").header("x-request-id", "abc-123");
    let reply = send("2.6", traced, request).await;
    reply.expect_status(StatusCode::OK);

    let logs = captured.text();
    let line = logs.lines().find(|line| line.contains("listing items"));
    let expected = [
        "request{",
        "method=GET",
        "path=/items",
        "request_id=abc-123",
    ];
    if !line.is_some_and(|line| expected.iter().all(|part| line.contains(part))) {
        reply.fail(format!(
            "the handler's log line inside a span like request{{method=GET path=/items request_id=abc-123}}; the log was:\n{logs}"
        ));
    }
}
