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
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::openapi::{self, ApiDoc};
use crate::rate_limit::{RateLimiter, limit};
use crate::state::AppState;

/// Every route of the API, waiting for its [`AppState`]: [`crate::app`] gives it and puts the
/// middleware around them. `auth_limiter` guards the routes that check a secret. Beside them,
/// `GET /api/openapi.json` serves the document that [`described`] makes of them.
pub fn router(auth_limiter: Arc<RateLimiter>) -> Router<AppState> {
    let (router, document) = described(auth_limiter).split_for_parts();
    router.route("/api/openapi.json", openapi::route(document))
}

/// The routes, each registered through `routes!` from its handler's `#[utoipa::path]`, which
/// gives both the route's path and method and its description (see [`crate::openapi`]): there is
/// no other way to add one here, so nothing is served undescribed.
pub fn described(auth_limiter: Arc<RateLimiter>) -> OpenApiRouter<AppState> {
    // ANCHOR: auth_routes
    // The routes that check a password or a refresh token, limited per client.
    let auth = OpenApiRouter::new()
        .routes(routes!(users::register))
        .routes(routes!(users::login))
        .routes(routes!(users::refresh))
        .routes(routes!(users::logout))
        .route_layer(from_fn_with_state(auth_limiter, limit));
    // ANCHOR_END: auth_routes
    let api = auth
        .routes(routes!(users::current, users::update))
        .routes(routes!(profiles::show))
        .routes(routes!(profiles::follow, profiles::unfollow))
        .routes(routes!(articles::list, articles::create))
        .routes(routes!(articles::feed))
        .routes(routes!(articles::show, articles::update, articles::delete))
        .routes(routes!(articles::favorite, articles::unfavorite))
        .routes(routes!(comments::list, comments::create))
        .routes(routes!(comments::delete))
        .routes(routes!(tags::list));
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .nest("/api", api)
        .routes(routes!(health::live))
        .routes(routes!(health::ready))
}
