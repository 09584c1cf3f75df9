//! A middleware written from scratch: a `tower::Service` that wraps another and adds a
//! `server-timing` header saying how long the inner service took.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::http::{HeaderName, Request, Response};
use tower::{Layer, Service};

pub const SERVER_TIMING: HeaderName = HeaderName::from_static("server-timing");

/// The future `call` returns. Boxed because an `async` block has a type that cannot be written
/// down; `Send` because axum runs it on any worker thread.
pub type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send + 'static>>;

// ANCHOR: timing
#[derive(Debug, Clone)]
pub struct Timing<S> {
    inner: S,
}

impl<S> Timing<S> {
    pub fn new(inner: S) -> Self {
        Self { inner }
    }

    /// The wrapped service, as tower's own middleware offers it.
    pub fn get_ref(&self) -> &S {
        &self.inner
    }
}

impl<S, ReqBody, ResBody> Service<Request<ReqBody>> for Timing<S>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>>,
    S::Future: Send + 'static,
{
    type Response = Response<ResBody>;
    type Error = S::Error;
    type Future = BoxFuture<Result<Self::Response, Self::Error>>;

    /// Ready when the inner service is: a wrapper adds no capacity of its own.
    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        // BEGIN EXERCISE 2.1
        self.inner.poll_ready(cx)
        // END EXERCISE 2.1
    }

    /// Starts the clock, calls the inner service, and adds `server-timing: app;dur=<ms>` to its
    /// response.
    fn call(&mut self, request: Request<ReqBody>) -> Self::Future {
        // BEGIN EXERCISE 2.1
        use axum::http::HeaderValue;
        use std::time::Instant;

        let started = Instant::now();
        let response = self.inner.call(request);
        Box::pin(async move {
            let mut response = response.await?;
            let millis = started.elapsed().as_secs_f64() * 1000.0;
            if let Ok(value) = HeaderValue::from_str(&format!("app;dur={millis:.1}")) {
                response.headers_mut().insert(SERVER_TIMING, value);
            }
            Ok(response)
        })
        // END EXERCISE 2.1
    }
}
// ANCHOR_END: timing

// ANCHOR: timing_layer
/// What `Router::layer` and `ServiceBuilder::layer` take: something that wraps a service.
#[derive(Debug, Clone, Copy, Default)]
pub struct TimingLayer;

impl<S> Layer<S> for TimingLayer {
    type Service = Timing<S>;

    fn layer(&self, inner: S) -> Self::Service {
        // BEGIN EXERCISE 2.2
        Timing::new(inner)
        // END EXERCISE 2.2
    }
}
// ANCHOR_END: timing_layer
