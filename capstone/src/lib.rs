//! Conduit: the RealWorld blogging API ("Medium.com clone") as a production Axum service.
//!
//! [`config`] reads the environment; [`db`] connects and migrates; [`passwords`] hashes them,
//! [`tokens`] signs access tokens, [`sessions`] opens and ends sessions (refresh tokens), and
//! [`auth`] checks who calls; [`routes`] are the endpoints of the RealWorld spec, which
//! [`openapi`] describes, and [`etag`] answers their conditional GETs; [`middleware`] is the stack
//! around them; [`error`] is the one error type; [`telemetry`] sets up the logs; [`server`] starts
//! the [`Application`] and stops it gracefully; [`serve`] is its accept loop, with the limits a
//! server on the open internet needs.

#![warn(missing_docs)]

pub mod auth;
pub mod config;
pub mod db;
pub mod error;
pub mod etag;
pub mod extract;
pub mod metrics;
pub mod middleware;
pub mod openapi;
pub mod passwords;
pub mod rate_limit;
pub mod routes;
pub mod serve;
pub mod server;
pub mod sessions;
pub mod state;
pub mod telemetry;
pub mod tokens;

use axum::Router;
use axum::http::Method;

pub use config::Config;
pub use error::AppError;
pub use server::Application;
pub use state::AppState;

/// The whole application: routes, JSON answers for unknown paths and methods, and the middleware.
pub fn app(state: AppState, config: &Config) -> Router {
    app_with(state, config, Router::new())
}

/// [`app`] with `extra` routes served beside the spec's, inside the same stack and metrics: how
/// Lesson 6 adds its live routes to Conduit.
pub fn app_with(state: AppState, config: &Config, extra: Router) -> Router {
    let router = routes::router(state.auth_limiter.clone())
        .with_state(state)
        .merge(extra)
        .fallback(|| async { AppError::NotFound("route") })
        .method_not_allowed_fallback(|method: Method| async move {
            AppError::Rejected {
                status: axum::http::StatusCode::METHOD_NOT_ALLOWED,
                message: format!("{method} is not allowed here"),
            }
        })
        // After the fallbacks, so that it wraps them too: a path no route matches is counted
        // (under `unmatched`) like any other request.
        .layer(axum::middleware::from_fn(metrics::track));
    middleware::stack(router, config)
}
