//! The stack every request passes, outermost first. Lesson 2 explains each layer and why the
//! order matters: the request id is set before anything logs, and copied onto every response,
//! errors included; a panic anywhere inside becomes a JSON 500, which still leaves through the
//! security headers and CORS, like any other answer. [`json_error_bodies`] and [`request_span`]
//! are Lesson 2's, written for this crate's error type; a test of the course (`drift.rs`) keeps
//! them deciding as the lesson's do.

use std::any::Any;

use axum::error_handling::HandleErrorLayer;
use axum::http::header::{self, CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::{HeaderName, HeaderValue, Method, Request};
use axum::middleware::map_response;
use axum::response::{IntoResponse, Response};
use axum::{BoxError, Router};
use tower::ServiceBuilder;
use tower::timeout::error::Elapsed;
use tower::util::{MapRequestLayer, MapResponseLayer};
use tower_http::CompressionLevel;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{And, DefaultPredicate, Predicate, SizeAbove};
use tower_http::cors::CorsLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{
    MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::timeout::RequestBodyTimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::config::Config;
use crate::error::AppError;

// ANCHOR: stack
/// Every layer a request passes, outermost first, in one `ServiceBuilder`: one boxed service per
/// request, not one per layer. Every answer, a panic's or a timeout's too, leaves through the
/// layers above the one that made it: so the request id and the security headers are outermost.
pub fn stack(router: Router, config: &Config) -> Router {
    router.layer(
        ServiceBuilder::new()
            // Drops a client's `X-Request-Id` that would be unsafe to log or echo.
            .layer(MapRequestLayer::new(drop_unsafe_request_id))
            // Gives a request without an id one of ours, before anything logs.
            .layer(SetRequestIdLayer::x_request_id(MakeRequestUuidV7))
            // Opens the span every log line of the request is written in; logs a 5xx.
            .layer(TraceLayer::new_for_http().make_span_with(request_span))
            // Copies the request id onto the response, so a client can quote it in a bug report.
            .layer(PropagateRequestIdLayer::x_request_id())
            // No type sniffing, no framing, no `Referer`: on every answer, errors included.
            .layer(MapResponseLayer::new(security_headers))
            // Lets browsers call the API from the configured origins (`CORS_ORIGINS`).
            .layer(cors(config))
            // A panic becomes a JSON 500 that still passes every layer above.
            .layer(CatchPanicLayer::custom(panic_response))
            // Compresses bodies of 1 KiB or more for the clients that accept it (see `compression`).
            .layer(compression())
            // RealWorld's JSON shape for the plain-text errors of the layers below.
            .layer(map_response(json_error_bodies))
            // A request still running after `REQUEST_TIMEOUT_SECS` is answered 503.
            .layer(HandleErrorLayer::new(timed_out))
            .timeout(config.request_timeout)
            // A body over `BODY_LIMIT_BYTES` is refused with a 413.
            .layer(RequestBodyLimitLayer::new(config.body_limit))
            // A client pausing inside its body longer than `HEADER_READ_TIMEOUT_SECS` gets a 408.
            .layer(RequestBodyTimeoutLayer::new(config.header_read_timeout)),
    )
}
// ANCHOR_END: stack

/// gzip at its fastest level, for bodies of 1 KiB or more. Counted by `cargo course bench
/// --instructions --route`: every compressed answer first sets up a deflate state of about 300 KB,
/// some 450,000 instructions whatever the body's size, five times what all of `/api/tags` costs
/// without it, for a few hundred bytes saved; tower-http's default compresses from 32 bytes. On a
/// list of 20 articles (a few KB) the fastest level costs 530,000 instructions where the default
/// level's costs 900,000, and the body it sends is a few percent larger.
pub fn compression() -> CompressionLayer<And<DefaultPredicate, SizeAbove>> {
    CompressionLayer::new()
        .quality(CompressionLevel::Fastest)
        .compress_when(DefaultPredicate::new().and(SizeAbove::new(1024)))
}

/// The timeout's answer: 503 with `Retry-After`. A request that runs out of time has waited on the
/// server's side (a stalled database, a lock held elsewhere), so the status says the service is
/// unavailable, not 408, which blames the client; a client too slow sending its body gets that 408
/// from the body timeout instead (see [`AppError`]'s rejections). The timeout is tower's, not
/// tower-http's, for one reason measured by `cargo course bench`: tower's polls the request's
/// future before its timer, so a request answered at once never arms the timer at all, where
/// tower-http's polls the timer first and registers it with the runtime on every request (on
/// `/health/live`, one connection at a time: 3.8 µs a request against 0.4 µs). tower's reports
/// the deadline as an error, which `HandleErrorLayer` turns into this answer.
pub async fn timed_out(error: BoxError) -> AppError {
    if error.is::<Elapsed>() {
        tracing::warn!("a request ran out of time");
        AppError::Unavailable {
            retry_after: crate::error::RETRY_AFTER_UNAVAILABLE_SECS,
        }
    } else {
        AppError::Internal(anyhow::anyhow!(error))
    }
}

// ANCHOR: request_id
/// The longest client request id kept, and the characters it may hold: enough for a UUID or a
/// trace id, too few to smuggle anything into a log line or a response header.
const REQUEST_ID_MAX_LEN: usize = 64;

/// Removes a client's `X-Request-Id` unless it is at most `REQUEST_ID_MAX_LEN` (64) of
/// `[A-Za-z0-9._-]`, so that [`SetRequestIdLayer`] makes a fresh one in its place. A client's id
/// ties its logs to ours; an arbitrary one would be echoed back and written into every log line
/// of the request as sent.
pub fn drop_unsafe_request_id<B>(mut request: Request<B>) -> Request<B> {
    let safe = |id: &[u8]| {
        !id.is_empty()
            && id.len() <= REQUEST_ID_MAX_LEN
            && id
                .iter()
                .all(|byte| byte.is_ascii_alphanumeric() || b"._-".contains(byte))
    };
    let ids = request.headers().get_all("x-request-id");
    let mut ids = ids.iter();
    let keep = matches!((ids.next(), ids.next()), (Some(id), None) if safe(id.as_bytes()));
    if !keep {
        request.headers_mut().remove("x-request-id");
    }
    request
}
// ANCHOR_END: request_id

/// Browsers may call the API from the configured origins only, with the methods and headers a
/// RealWorld front end sends; a preflight is remembered for ten minutes.
pub fn cors(config: &Config) -> CorsLayer {
    CorsLayer::new()
        .allow_origin(config.cors_origins.clone())
        .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE])
        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
        .max_age(std::time::Duration::from_secs(600))
}

/// Headers that tell a browser not to guess a body's type, not to show the API in a frame, and not
/// to send the API's URLs on as a `Referer`.
static SECURITY_HEADERS: [(HeaderName, HeaderValue); 3] = [
    (
        HeaderName::from_static("x-content-type-options"),
        HeaderValue::from_static("nosniff"),
    ),
    (
        HeaderName::from_static("x-frame-options"),
        HeaderValue::from_static("DENY"),
    ),
    (
        HeaderName::from_static("referrer-policy"),
        HeaderValue::from_static("no-referrer"),
    ),
];

/// Sets `SECURITY_HEADERS` on a response, each unless the handler set it. One layer for the
/// three, and tower's `MapResponseLayer`, whose future is the inner one's with this function
/// applied after it: tower-http's `SetResponseHeaderLayer`, a layer per header, cost about twice
/// as much for the three (each layer alone around the bare routes, in a loop of requests).
pub fn security_headers<B>(mut response: Response<B>) -> Response<B> {
    let headers = response.headers_mut();
    for (name, value) in &SECURITY_HEADERS {
        headers.entry(name).or_insert_with(|| value.clone());
    }
    response
}

/// Time-ordered request ids, unique across instances. Their random bits come from a generator
/// seeded once per thread (uuid's `fast-rng`), not from a system call per request, and the id is
/// written on the stack, not into a `String`: an id is made for every request.
#[derive(Debug, Clone, Copy)]
pub struct MakeRequestUuidV7;

impl MakeRequestId for MakeRequestUuidV7 {
    fn make_request_id<B>(&mut self, _request: &Request<B>) -> Option<RequestId> {
        let mut text = uuid::Uuid::encode_buffer();
        let id = uuid::Uuid::now_v7().hyphenated().encode_lower(&mut text);
        HeaderValue::from_str(id).ok().map(RequestId::new)
    }
}

/// The span every log line of a request is written in. Entering it is not free, and it is entered
/// more often than it seems: each time the request's future is polled, and by SQLx once for every
/// row a query yields (its row streams run in the span current when the query starts). On a route
/// that reads 50 rows that is most of what the stack costs (the Lesson 5 chapter has the counts).
pub fn request_span<B>(request: &Request<B>) -> tracing::Span {
    let request_id = request
        .headers()
        .get("x-request-id")
        .and_then(|value| value.to_str().ok())
        .unwrap_or("-");
    tracing::info_span!(
        "request",
        method = request.method().as_str(),
        path = request.uri().path(),
        request_id,
    )
}

/// The panic's message is logged; the client learns only that it was not its fault.
pub fn panic_response(payload: Box<dyn Any + Send + 'static>) -> Response {
    let message = payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("a panic with no message");
    tracing::error!(panic = message, "a handler panicked");
    AppError::Internal(anyhow::anyhow!("a handler panicked")).into_response()
}

/// Error answers that some layer made without the API's shape (the body limit's plain-text 413)
/// get it here, keeping their status and headers.
pub async fn json_error_bodies<B>(response: Response<B>) -> Response
where
    B: axum::body::HttpBody<Data = axum::body::Bytes> + Send + 'static,
    B::Error: Into<axum::BoxError>,
{
    let response = response.map(axum::body::Body::new);
    let status = response.status();
    let is_json = response
        .headers()
        .get(CONTENT_TYPE)
        .is_some_and(|value| value.as_bytes().starts_with(b"application/json"));
    if is_json || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let text = axum::body::to_bytes(body, 4096)
        .await
        .map(|bytes| String::from_utf8_lossy(&bytes).trim().to_owned())
        .unwrap_or_default();
    let message = if text.is_empty() {
        status.canonical_reason().unwrap_or("error").to_lowercase()
    } else {
        text
    };
    let (json_parts, json_body) = AppError::Rejected { status, message }
        .into_response()
        .into_parts();
    parts.headers.remove(CONTENT_LENGTH);
    if let Some(content_type) = json_parts.headers.get(CONTENT_TYPE) {
        parts.headers.insert(CONTENT_TYPE, content_type.clone());
    }
    Response::from_parts(parts, json_body)
}
