//! Load control: refuse work early and cheaply when there is too much of it, instead of queueing
//! until every request times out.

use std::time::Duration;

use axum::Router;

// ANCHOR: load_limits
#[derive(Debug, Clone)]
pub struct LoadLimits {
    /// Requests handled at once; one more is answered 503 at once.
    pub max_in_flight: usize,
    /// Requests accepted per `per`; one more is answered 429.
    pub rate: u64,
    pub per: Duration,
}

impl Default for LoadLimits {
    fn default() -> Self {
        Self {
            max_in_flight: 256,
            rate: 1_000,
            per: Duration::from_secs(1),
        }
    }
}
// ANCHOR_END: load_limits

// ANCHOR: with_load_control
/// Wraps the whole `router` in a rate limit (429) and, inside it, a concurrency limit (503).
///
/// tower's limits make a caller *wait* until there is room; `load_shed` turns "not ready" into an
/// immediate `Overloaded` error instead, and `HandleErrorLayer` turns that error into a response.
/// The stack wraps the router as one service, built once: `Router::layer` would instead give every
/// route (and, for handlers not yet given their state, every connection) limits of its own.
/// `RateLimit` is not `Clone`, which axum needs, so a `buffer` shares one instance between all
/// clones: the rate is for the whole server (per-client limits key on the client's address; the
/// capstone does that for its auth routes).
pub fn with_load_control(router: Router, limits: &LoadLimits) -> Router {
    // BEGIN EXERCISE 2.9
    use axum::BoxError;
    use axum::error_handling::HandleErrorLayer;
    use tower::ServiceBuilder;

    use crate::error::{MiddlewareError, handle_error};

    let retry_after = limits.per.as_secs().max(1);
    let limited = ServiceBuilder::new()
        .layer(HandleErrorLayer::new(move |_: BoxError| async move {
            MiddlewareError::RateLimited { retry_after }
        }))
        .buffer(1024)
        .load_shed()
        .rate_limit(limits.rate, limits.per)
        .layer(HandleErrorLayer::new(handle_error))
        .load_shed()
        .concurrency_limit(limits.max_in_flight)
        .service(router);
    Router::new().fallback_service(limited)
    // END EXERCISE 2.9
}
// ANCHOR_END: with_load_control
