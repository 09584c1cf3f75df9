//! Small working examples of the traits and helpers the exercises use, on jobs of their own,
//! compiled with the lesson so that the book shows code that builds.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use tower::{Layer, Service};

// ANCHOR: counting
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
