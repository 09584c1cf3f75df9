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
        let _ = cx;
        todo!("exercise 2.1: ready when the inner service is ready")
        // END EXERCISE 2.1
    }

    /// Starts the clock, calls the inner service, and adds `server-timing: app;dur=<ms>` to its
    /// response.
    fn call(&mut self, request: Request<ReqBody>) -> Self::Future {
        // BEGIN EXERCISE 2.1
        let _ = request;
        todo!("exercise 2.1: call the inner service and add server-timing to its response")
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
        let _ = inner;
        todo!("exercise 2.2: wrap the inner service in Timing")
        // END EXERCISE 2.2
    }
}
// ANCHOR_END: timing_layer
