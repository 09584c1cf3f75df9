use std::io::Write;
use std::sync::{Arc, Mutex, PoisonError};

use axum::Router;
use axum::http::StatusCode;
use axum::routing::get;
use course_testkit::{Req, send};
use middleware::trace::make_span;
use tower_http::trace::TraceLayer;

/// Where the test's subscriber writes its log lines.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(PoisonError::into_inner)).into_owned()
    }
}

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

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
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    // The test's runtime runs on this thread only, so the app logs to this subscriber.
    let _guard = tracing::subscriber::set_default(subscriber);

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
