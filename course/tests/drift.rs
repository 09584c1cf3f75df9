//! The capstone's copies of what Lesson 2 teaches. Lesson 2's JSON error bodies and request span
//! are in the capstone too, written for its own error type: it cannot depend on a lesson, and a
//! lesson cannot depend on it. These tests keep the two doing the same thing, so that what the
//! book teaches in Lesson 2 is what production runs.

use axum::body::{Body, to_bytes};
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE, RETRY_AFTER};
use axum::http::{Request, StatusCode};
use axum::response::Response;
use serde_json::Value;

/// What a JSON-error-bodies layer decided about one response: its status, whether it rewrote the
/// body, the message a client reads, and the headers it kept.
#[derive(Debug, PartialEq)]
struct Decision {
    status: StatusCode,
    rewritten: bool,
    message: String,
    retry_after: Option<String>,
    content_length_kept: bool,
}

/// The responses a layer below may send: a plain-text refusal (tower-http's body limit), one with
/// no body at all (a 405), one already in JSON, a success in plain text, and a refusal with a
/// header the client needs.
fn responses() -> Vec<Response> {
    let plain = |status: StatusCode, text: &'static str| {
        Response::builder()
            .status(status)
            .header(CONTENT_TYPE, "text/plain; charset=utf-8")
            .header(CONTENT_LENGTH, text.len())
            .body(Body::from(text))
            .expect("a response")
    };
    vec![
        plain(StatusCode::PAYLOAD_TOO_LARGE, "length limit exceeded"),
        Response::builder()
            .status(StatusCode::METHOD_NOT_ALLOWED)
            .body(Body::empty())
            .expect("a response"),
        Response::builder()
            .status(StatusCode::UNPROCESSABLE_ENTITY)
            .header(CONTENT_TYPE, "application/json")
            .body(Body::from(r#"{"already":"json"}"#))
            .expect("a response"),
        plain(StatusCode::OK, "fine"),
        {
            let mut busy = plain(StatusCode::SERVICE_UNAVAILABLE, "  overloaded \n");
            busy.headers_mut()
                .insert(RETRY_AFTER, "3".parse().expect("a header value"));
            busy
        },
    ]
}

/// Reads a response back as a [`Decision`]; `message` finds the message in the lesson's or the
/// capstone's JSON shape.
async fn decision(response: Response, message: impl Fn(&Value) -> Option<String>) -> Decision {
    let status = response.status();
    let headers = response.headers().clone();
    let body = to_bytes(response.into_body(), 1 << 16)
        .await
        .expect("a body");
    let json: Option<Value> = serde_json::from_slice(&body).ok();
    let rewritten = headers
        .get(CONTENT_TYPE)
        .is_some_and(|value| value.as_bytes().starts_with(b"application/json"))
        && json.as_ref().and_then(&message).is_some();
    Decision {
        status,
        rewritten,
        message: json
            .as_ref()
            .and_then(&message)
            .unwrap_or_else(|| String::from_utf8_lossy(&body).into_owned()),
        retry_after: headers
            .get(RETRY_AFTER)
            .map(|value| value.to_str().unwrap_or_default().to_owned()),
        content_length_kept: headers.contains_key(CONTENT_LENGTH) && rewritten,
    }
}

#[tokio::test]
async fn json_error_bodies_decide_as_lesson_2_teaches() {
    let lesson = |json: &Value| json["error"]["message"].as_str().map(str::to_owned);
    let capstone = |json: &Value| json["errors"]["body"][0].as_str().map(str::to_owned);
    for (taught, served) in responses().into_iter().zip(responses()) {
        let taught = decision(middleware::error::json_error_bodies(taught).await, lesson).await;
        let served = decision(
            capstone::middleware::json_error_bodies(served).await,
            capstone,
        )
        .await;
        assert_eq!(
            taught, served,
            "Lesson 2's json_error_bodies (left) and the capstone's (right) answer differently"
        );
    }
}

/// The span every log line of a request is written in: the same name and fields in both, so the
/// log lines Lesson 2 shows are the ones production writes.
#[test]
fn the_request_span_is_the_one_lesson_2_teaches() {
    let request = Request::get("/api/tags?limit=1")
        .header("x-request-id", "abc-123")
        .body(())
        .expect("a request");
    let shape = |span: tracing::Span| {
        let metadata = span.metadata().expect("an enabled span");
        let fields: Vec<&str> = metadata.fields().iter().map(|field| field.name()).collect();
        (metadata.name(), metadata.level().to_owned(), fields)
    };
    tracing::subscriber::with_default(tracing_subscriber::registry(), || {
        assert_eq!(
            shape(middleware::trace::make_span(&request)),
            shape(capstone::middleware::request_span(&request)),
            "Lesson 2's make_span (left) and the capstone's request_span (right)"
        );
    });
}
