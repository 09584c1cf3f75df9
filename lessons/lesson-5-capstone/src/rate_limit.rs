//! A per-client request limit for the routes that check passwords and refresh tokens, so one
//! client cannot guess passwords at the speed of the network. Over the limit: 429 with
//! `Retry-After`.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::Response;

use crate::error::AppError;

/// Fixed windows per client address: at most `limit` requests in each `window`.
pub struct RateLimiter {
    limit: u32,
    window: Duration,
    clients: Mutex<HashMap<Option<IpAddr>, (Instant, u32)>>,
}

impl RateLimiter {
    pub fn new(limit: u32, window: Duration) -> Self {
        Self {
            limit,
            window,
            clients: Mutex::new(HashMap::new()),
        }
    }

    /// `Ok` to go ahead, or how long until this client may try again.
    pub fn check(&self, client: Option<IpAddr>) -> Result<(), Duration> {
        let now = Instant::now();
        let mut clients = self.clients.lock().unwrap_or_else(PoisonError::into_inner);
        // Forget finished windows now and then, so the map holds only recent clients.
        if clients.len() > 10_000 {
            clients.retain(|_, (start, _)| now.duration_since(*start) < self.window);
        }
        let (start, count) = clients.entry(client).or_insert((now, 0));
        if now.duration_since(*start) >= self.window {
            *start = now;
            *count = 0;
        }
        if *count >= self.limit {
            return Err(self.window.saturating_sub(now.duration_since(*start)));
        }
        *count += 1;
        Ok(())
    }
}

/// For `from_fn_with_state(limiter, limit)`. The client is the connection's peer address; behind
/// a proxy every request has the proxy's address, so put the limit in the proxy there instead.
pub async fn limit(
    State(limiter): State<Arc<RateLimiter>>,
    request: Request,
    next: Next,
) -> Result<Response, AppError> {
    let client = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(address)| address.ip());
    match limiter.check(client) {
        Ok(()) => Ok(next.run(request).await),
        Err(wait) => Err(AppError::TooManyRequests {
            retry_after: wait.as_secs().max(1),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_client_has_its_own_window() {
        let limiter = RateLimiter::new(2, Duration::from_secs(60));
        let (a, b) = (
            Some(IpAddr::from([10, 0, 0, 1])),
            Some(IpAddr::from([10, 0, 0, 2])),
        );
        assert!(limiter.check(a).is_ok() && limiter.check(a).is_ok());
        let wait = limiter.check(a).unwrap_err();
        assert!(wait <= Duration::from_secs(60) && wait > Duration::from_secs(58));
        assert!(limiter.check(b).is_ok(), "another client is not limited");
    }
}
