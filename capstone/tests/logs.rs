//! The logs production writes, in a test binary of its own, so that its subscriber can be the
//! process's global one as in `main`. (Set for one thread only, beside other tests emitting the
//! same events on theirs, it missed events now and then: tracing caches, per call site, whether
//! any subscriber is interested.)

mod common;

use axum::http::{Method, StatusCode};
use common::TestApp;
use course_testkit::Req;
use serde_json::Value;

/// With `LOG_FORMAT=json` every log line is a JSON object, and the request's lines carry its id.
/// The logs are the ones `main` sets up (`telemetry::subscriber`), written to a buffer instead of
/// stdout.
#[tokio::test]
async fn json_logs_carry_the_request_id() {
    let written = Logs::default();
    let subscriber = capstone::telemetry::subscriber(
        capstone::config::LogFormat::Json,
        tracing_subscriber::EnvFilter::new("info,tower_http=debug"),
        written.clone(),
    );
    tracing::subscriber::set_global_default(subscriber)
        .expect("this test binary sets no other subscriber");
    let app = TestApp::start().await;
    let (status, _) = app.call(Method::GET, "/api/tags", None, None).await;
    assert_eq!(status, StatusCode::OK);
    let sent = app
        .send(Req::get("/api/tags").header("x-request-id", "trace-me-42"))
        .await;
    assert_eq!(sent.status(), StatusCode::OK);

    let text = written.text();
    let lines: Vec<&str> = text.lines().collect();
    assert!(!lines.is_empty(), "the application logged nothing");
    for line in &lines {
        serde_json::from_str::<Value>(line).unwrap_or_else(|_| panic!("not JSON: {line}"));
    }
    // The request's span, its fields as an object (tracing-subscriber's JSON format).
    let request = lines
        .iter()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .find(|line| line["span"]["request_id"] == "trace-me-42")
        .unwrap_or_else(|| panic!("a log line of the request carries its id:\n{text}"));
    assert_eq!(request["span"]["method"], "GET", "{request}");
    assert_eq!(request["span"]["path"], "/api/tags", "{request}");
}

/// A writer for the subscriber that keeps what it is given.
#[derive(Clone, Default)]
struct Logs(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl Logs {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().expect("not poisoned")).into_owned()
    }
}

impl std::io::Write for Logs {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .expect("not poisoned")
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Logs {
    type Writer = Logs;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}
