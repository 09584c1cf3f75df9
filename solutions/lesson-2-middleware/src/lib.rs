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
    use axum::error_handling::HandleErrorLayer;
    use axum::middleware::{from_fn_with_state, map_response};
    use tower::ServiceBuilder;
    use tower_http::catch_panic::CatchPanicLayer;
    use tower_http::compression::CompressionLayer;
    use tower_http::limit::RequestBodyLimitLayer;
    use tower_http::request_id::{PropagateRequestIdLayer, SetRequestIdLayer};
    use tower_http::trace::TraceLayer;

    let api = routing::app(state).layer(from_fn_with_state(
        config.api_key.clone(),
        api_key::require_api_key,
    ));
    load::with_load_control(api, &config.load).layer(
        ServiceBuilder::new()
            .layer(SetRequestIdLayer::x_request_id(
                request_id::MakeRequestUuidV7,
            ))
            .layer(TraceLayer::new_for_http().make_span_with(trace::make_span))
            .layer(PropagateRequestIdLayer::x_request_id())
            .layer(CatchPanicLayer::custom(error::handle_panic))
            .layer(cors(config))
            .layer(CompressionLayer::new())
            .layer(map_response(error::json_error_bodies))
            .layer(timing::TimingLayer)
            .layer(HandleErrorLayer::new(error::handle_error))
            .timeout(config.timeout)
            .layer(RequestBodyLimitLayer::new(config.body_limit)),
    )
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
