//! Small working examples of the traits and helpers the exercises use, on jobs of their own,
//! compiled with the lesson so that the book shows code that builds.

use std::any::Any;
use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::error_handling::HandleErrorLayer;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use axum::{BoxError, Router};
use tower::{Layer, Service, ServiceBuilder};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestId, RequestId};
use tracing::Span;
use tracing::field::Empty;

// ANCHOR: counting
// ANCHOR: counting_service
/// Counts the requests that pass, in one counter shared by every clone. It does nothing on the way
/// back, so its future is the inner service's own, and its `Future` type is simply `S::Future`.
#[derive(Debug, Clone)]
pub struct Counting<S> {
    inner: S,
    count: Arc<AtomicU64>,
}

impl<S, R> Service<R> for Counting<S>
where
    S: Service<R>,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = S::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: R) -> S::Future {
        self.count.fetch_add(1, Ordering::Relaxed);
        self.inner.call(request)
    }
}

// ANCHOR_END: counting_service

// ANCHOR: counting_layer
/// The recipe: wraps whatever service it is given in a `Counting` on this layer's counter.
#[derive(Debug, Clone, Default)]
pub struct CountingLayer {
    pub count: Arc<AtomicU64>,
}

impl<S> Layer<S> for CountingLayer {
    type Service = Counting<S>;

    fn layer(&self, inner: S) -> Counting<S> {
        Counting {
            inner,
            count: Arc::clone(&self.count),
        }
    }
}
// ANCHOR_END: counting_layer
// ANCHOR_END: counting

// ANCHOR: served_by
/// A middleware as an async function, for `axum::middleware::from_fn(served_by)`: `next.run` is
/// the rest of the stack, and what it answers can be changed before it goes back out.
pub async fn served_by(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    response
        .headers_mut()
        .insert("x-served-by", HeaderValue::from_static("lesson-2"));
    response
}
// ANCHOR_END: served_by

// ANCHOR: in_and_out
/// Logs each request as it comes in and its status as the answer goes out. The code before
/// `next.run` runs before every layer inside this one has seen the request; the code after runs
/// once all of them have handled the response.
pub async fn in_and_out(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    tracing::debug!(%method, %path, "request in");
    let response = next.run(request).await;
    tracing::debug!(%method, %path, status = %response.status(), "response out");
    response
}
// ANCHOR_END: in_and_out

// ANCHOR: sequential_ids
/// Request ids numbered 1, 2, 3 in the order requests arrive, for
/// `SetRequestIdLayer::x_request_id(MakeSequentialId::default())`. Readable, but only unique
/// within one process: two instances behind a balancer would both hand out `7`. tower-http calls
/// `make_request_id` only when the request carries no id; `None` would leave it without one.
#[derive(Debug, Clone, Default)]
pub struct MakeSequentialId {
    next: Arc<AtomicU64>,
}

impl MakeRequestId for MakeSequentialId {
    fn make_request_id<B>(&mut self, _request: &Request<B>) -> Option<RequestId> {
        let id = self.next.fetch_add(1, Ordering::Relaxed) + 1;
        Some(RequestId::new(HeaderValue::from(id)))
    }
}
// ANCHOR_END: sequential_ids

// ANCHOR: span_with_a_slot
/// For `TraceLayer::new_for_http().make_span_with(span_with_user)`: a span named `http` with the
/// request's URI, and a `user` field declared `Empty`, to be filled in later by whatever learns who
/// is calling. A span's fields are fixed when it opens: one that is not declared cannot be
/// recorded afterwards.
pub fn span_with_user<B>(request: &axum::http::Request<B>) -> Span {
    tracing::info_span!("http", uri = %request.uri(), user = Empty)
}

/// Called inside the request (by an authentication middleware, say): every log line written
/// from then on, in any function the request reaches, carries `user=...`.
pub fn record_user(user: &str) {
    Span::current().record("user", user);
}
// ANCHOR_END: span_with_a_slot

// ANCHOR: upstream_error
/// For `HandleErrorLayer` in front of a service that calls another over the network. A `BoxError`
/// can be any error type; `downcast_ref` asks whether it is a particular one, and only then gives
/// access to it. What is not recognised is logged, and the client learns nothing of it.
pub async fn upstream_error(error: BoxError) -> StatusCode {
    match error.downcast_ref::<io::Error>() {
        Some(io) if io.kind() == io::ErrorKind::TimedOut => StatusCode::GATEWAY_TIMEOUT,
        Some(_) => StatusCode::BAD_GATEWAY,
        None => {
            tracing::error!(%error, "unexpected error from the upstream service");
            StatusCode::INTERNAL_SERVER_ERROR
        }
    }
}
// ANCHOR_END: upstream_error

// ANCHOR: panic_message
/// What a panic said. `panic!("a literal")` carries a `&'static str`, `panic!("{x}")` a `String`,
/// and `std::panic::panic_any` whatever it was given: `downcast_ref` tries each type in turn.
pub fn panic_message(payload: &(dyn Any + Send)) -> &str {
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("a panic with a payload that is not text")
}
// ANCHOR_END: panic_message

// ANCHOR: with_deadline
/// The whole `router` under one deadline. `.service(router)` wraps the router once, as a single
/// service, and `fallback_service` turns that back into a `Router` (every request matches no route
/// of the empty one, so all of them go to it). tower's `timeout` fails with a `BoxError` when the
/// deadline passes, and a `Router` serves only services that always answer, so a
/// `HandleErrorLayer` outside it makes the error an answer: here every error is the timeout's.
pub fn with_deadline(router: Router, deadline: Duration) -> Router {
    let whole = ServiceBuilder::new()
        .layer(HandleErrorLayer::new(|_: BoxError| async {
            StatusCode::REQUEST_TIMEOUT
        }))
        .timeout(deadline)
        .service(router);
    Router::new().fallback_service(whole)
}
// ANCHOR_END: with_deadline

// ANCHOR: order_matters
/// `ServiceBuilder` lists layers from the outside in. `served_by` is listed before the panic
/// catcher, so it is outside it: the 500 that `CatchPanicLayer` makes of a panicking handler
/// passes through `served_by` on its way out and gets its header. Listed after, it would sit
/// between the catcher and the handler, and the panic would unwind straight past it.
pub fn served_and_caught(router: Router) -> Router {
    router.layer(
        ServiceBuilder::new()
            .layer(axum::middleware::from_fn(served_by))
            .layer(CatchPanicLayer::new()),
    )
}
// ANCHOR_END: order_matters
