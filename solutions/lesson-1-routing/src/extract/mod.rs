//! Extractors: how a handler's arguments are taken out of a request.
//!
//! `Json`, `Path` and `Query` are axum's own extractors wrapped so that their rejections become an
//! [`ApiError`](crate::ApiError): a handler that takes `Path<u64>` from this module answers a bad id
//! with the lesson's JSON error, not axum's plain-text one.

mod pagination;
mod validated_json;

use axum::extract::{FromRequest, FromRequestParts};
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;

pub use pagination::{PageParams, Pagination};
pub use validated_json::{FieldErrors, Validate, ValidatedJson};

// ANCHOR: wrappers
#[derive(Debug, FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct Json<T>(pub T);

#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct Path<T>(pub T);

#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct Query<T>(pub T);
// ANCHOR_END: wrappers

/// The same `Json` answers too, so a handler imports one `Json` for both directions.
impl<T: serde::Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}
