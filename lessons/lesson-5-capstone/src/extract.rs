//! axum's `Json`, `Path` and `Query`, answering in the API's error shape when they refuse.

use axum::extract::{FromRequest, FromRequestParts};
use axum::response::{IntoResponse, Response};

use crate::error::AppError;

/// A JSON body: malformed JSON, a missing field or a wrong content type is a 422 in RealWorld's
/// shape, where axum's own answers in plain text. As a response it is `axum::Json`.
#[derive(Debug, FromRequest)]
#[from_request(via(axum::Json), rejection(AppError))]
pub struct Json<T>(pub T);

impl<T: serde::Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// Path parameters: one that does not parse (`abc` for a comment's id) is a 422 in RealWorld's
/// shape.
#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(AppError))]
pub struct Path<T>(pub T);

/// The query string: a parameter that does not parse (`?limit=many`) is a 422 in RealWorld's
/// shape.
#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(AppError))]
pub struct Query<T>(pub T);
