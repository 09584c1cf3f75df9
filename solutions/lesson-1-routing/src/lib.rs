//! Lesson 1: a small in-memory bookmarks API that shows axum's routing and extractors.
//!
//! The modules are named for what they hold: [`bookmarks`] the resource's handlers and routes,
//! [`meta`] the service's own endpoints, [`extract`] the custom extractors, [`error`] the one error
//! type every handler and extractor answers with, [`state`] the shared application state.

pub mod bookmarks;
pub mod error;
pub mod extract;
pub mod meta;
pub mod model;
pub mod primer;
pub mod state;
pub mod tag;

use axum::Router;

pub use error::ApiError;
pub use state::AppState;

// ANCHOR: app
/// The whole application: the service's own endpoints at the root, the bookmarks API under
/// `/api/v1`, and JSON answers for unknown paths and unsupported methods.
pub fn app(state: AppState) -> Router {
    // BEGIN EXERCISE 1.9
    Router::new()
        .merge(meta::router())
        .nest("/api/v1", bookmarks::router())
        .fallback(error::not_found)
        .method_not_allowed_fallback(error::method_not_allowed)
        .with_state(state)
    // END EXERCISE 1.9
}
// ANCHOR_END: app
