//! The service's own endpoints: what it is, and whether it is up.

use axum::Router;
use axum::routing::get;
use serde::Serialize;

use crate::extract::Json;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(root))
        .route("/health", get(health))
}

/// What `GET /` answers.
#[derive(Debug, Serialize)]
pub struct Info {
    pub name: &'static str,
    pub version: &'static str,
}

// ANCHOR: root
/// No arguments, a `Json` result: axum infers everything else from the signature.
pub async fn root() -> Json<Info> {
    // BEGIN EXERCISE 1.1
    todo!(
        "exercise 1.1: answer Json(Info {{ .. }}) with the name `bookmarks` and the crate version"
    )
    // END EXERCISE 1.1
}
// ANCHOR_END: root

// ANCHOR: health
/// A `&'static str` is a response too: `200 OK`, `text/plain`.
pub async fn health() -> &'static str {
    "ok"
}
// ANCHOR_END: health
