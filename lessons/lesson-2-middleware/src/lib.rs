//! Lesson 2: the Lesson 1 bookmarks API wrapped in the middleware a production service needs.
//!
//! Each module is one piece of middleware: [`timing`] is a `tower::Service` written by hand,
//! [`api_key`] and [`onion`] are `axum::middleware::from_fn` functions, [`request_id`] and
//! [`trace`] feed tower-http's layers, [`load`] keeps the service alive under too much traffic, and
//! [`error`] turns every failure into the Lesson 1 JSON error. [`app`] stacks them in order.

pub mod api_key;
pub mod config;
pub mod error;
pub mod load;
pub mod onion;
pub mod primer;
pub mod request_id;
pub mod timing;
pub mod trace;

use std::time::Duration;

use axum::Router;
use axum::http::{Method, header};
use tower_http::cors::CorsLayer;

pub use config::Config;
pub use error::MiddlewareError;
pub use routing::AppState;

// ANCHOR: app
/// The bookmarks API behind the whole stack. `ServiceBuilder` lists layers from the outside in:
/// a request passes them top to bottom, its response bottom to top.
pub fn app(state: AppState, config: &Config) -> Router {
    // BEGIN EXERCISE 2.10
    let _ = (state, config);
    todo!("exercise 2.10: stack the middleware around routing::app(state), from the outside in")
    // END EXERCISE 2.10
}
// ANCHOR_END: app

// ANCHOR: cors
/// Browsers on these origins may call the API, with the methods and headers it uses; anything else
/// gets no CORS headers and is blocked by the browser.
pub fn cors(config: &Config) -> CorsLayer {
    CorsLayer::new()
        .allow_origin(config.cors_origins.clone())
        .allow_methods([Method::GET, Method::POST, Method::DELETE])
        .allow_headers([header::CONTENT_TYPE, api_key::HEADER])
        .max_age(Duration::from_secs(600))
}
// ANCHOR_END: cors
