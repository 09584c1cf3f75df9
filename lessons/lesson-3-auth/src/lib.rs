//! Lesson 3: who is calling? Accounts with argon2id passwords, short-lived JWT access tokens with
//! rotating refresh tokens for API clients, and cookie sessions for browsers.
//!
//! [`password`] hashes and verifies, off the async workers; [`jwt`] issues and checks access
//! tokens; [`extract`] turns them into handler arguments; [`accounts`], [`refresh`] and
//! [`session`] are the HTTP endpoints; [`store`] is the storage they need, in memory here and in
//! PostgreSQL in Lesson 4.

pub mod accounts;
pub mod config;
pub mod csrf;
pub mod error;
pub mod extract;
pub mod jwt;
pub mod password;
pub mod primer;
pub mod refresh;
pub mod session;
pub mod state;
pub mod store;
pub mod token;

use axum::Router;
use axum::routing::{get, post};

pub use config::AuthConfig;
pub use error::AuthError;
pub use state::AppState;

// ANCHOR: app
pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/auth/register", post(accounts::register))
        .route("/auth/login", post(accounts::login))
        .route("/auth/refresh", post(refresh::refresh))
        .route("/auth/logout", post(refresh::logout))
        .route("/me", get(accounts::me))
        .route("/greeting", get(accounts::greeting))
        .route("/admin/users/{id}", get(accounts::admin_show_user))
        .merge(session_routes())
        .with_state(state)
}

/// The routes a browser reaches with its session cookie; a write among them must come from the
/// API's own origin (see `csrf`).
fn session_routes() -> Router<AppState> {
    Router::new()
        .route("/session/login", post(session::login))
        .route("/session/me", get(session::me))
        .route("/session/logout", post(session::logout))
        .route_layer(axum::middleware::from_fn(csrf::same_origin))
}
// ANCHOR_END: app
