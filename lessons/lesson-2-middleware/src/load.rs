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
    let _ = (router, limits);
    todo!("exercise 2.9: rate limit (429) around a concurrency limit (503)")
    // END EXERCISE 2.9
}
// ANCHOR_END: with_load_control
