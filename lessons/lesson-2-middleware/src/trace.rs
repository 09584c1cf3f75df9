//! The span `TraceLayer` opens for each request: every log line written while the request is
//! handled carries its fields.

use axum::http::Request;
use tracing::Span;

// ANCHOR: make_span
/// For `TraceLayer::new_for_http().make_span_with(make_span)`. The request id comes from the
/// header `SetRequestIdLayer` set further out (or the client sent).
pub fn make_span<B>(request: &Request<B>) -> Span {
    // BEGIN EXERCISE 2.6
    let _ = request;
    todo!("exercise 2.6: open a span with the method, path and request id")
    // END EXERCISE 2.6
}
// ANCHOR_END: make_span
