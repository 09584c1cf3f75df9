//! The routes, as RealWorld names them, under `/api`; the health checks at the root.

pub mod articles;
pub mod bounds;
pub mod comments;
pub mod fields;
pub mod health;
pub mod profiles;
pub mod tags;
pub mod users;

use std::sync::Arc;

use axum::Router;
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post};

use crate::rate_limit::{RateLimiter, limit};
use crate::state::AppState;

/// Every route of the API, waiting for its [`AppState`]: [`crate::app`] gives it and puts the
/// middleware around them. `auth_limiter` guards the routes that check a secret.
pub fn router(auth_limiter: Arc<RateLimiter>) -> Router<AppState> {
    // ANCHOR: auth_routes
    // The routes that check a password or a refresh token, limited per client.
    let auth = Router::new()
        .route("/users", post(users::register))
        .route("/users/login", post(users::login))
        .route("/users/refresh", post(users::refresh))
        .route("/users/logout", post(users::logout))
        .route_layer(from_fn_with_state(auth_limiter, limit));
    // ANCHOR_END: auth_routes
    let api = auth
        .route("/user", get(users::current).put(users::update))
        .route("/profiles/{username}", get(profiles::show))
        .route(
            "/profiles/{username}/follow",
            post(profiles::follow).delete(profiles::unfollow),
        )
        .route("/articles", get(articles::list).post(articles::create))
        .route("/articles/feed", get(articles::feed))
        .route(
            "/articles/{slug}",
            get(articles::show)
                .put(articles::update)
                .delete(articles::delete),
        )
        .route(
            "/articles/{slug}/favorite",
            post(articles::favorite).delete(articles::unfavorite),
        )
        .route(
            "/articles/{slug}/comments",
            get(comments::list).post(comments::create),
        )
        .route(
            "/articles/{slug}/comments/{id}",
            axum::routing::delete(comments::delete),
        )
        .route("/tags", get(tags::list));
    Router::new()
        .nest("/api", api)
        .route("/health/live", get(health::live))
        .route("/health/ready", get(health::ready))
}
