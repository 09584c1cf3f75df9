//! The one error type of the lesson. Every handler and every extractor fails with an [`ApiError`],
//! and every `ApiError` answers with the same JSON shape:
//!
//! ```json
//! {"error": {"code": "not_found", "message": "bookmark 7 does not exist"}}
//! ```
//!
//! so a client parses one format whatever went wrong.

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::{Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

use crate::extract::FieldErrors;

// ANCHOR: api_error
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{method} is not allowed on {path}")]
    MethodNotAllowed { method: Method, path: String },
    #[error("{0}")]
    Conflict(String),
    #[error("the request body has invalid fields")]
    Validation(FieldErrors),
    /// An extractor refused the request: malformed JSON, a wrong content type, a bad path parameter.
    #[error("{message}")]
    Rejected { status: StatusCode, message: String },
}
// ANCHOR_END: api_error

// ANCHOR: status
impl ApiError {
    pub fn status(&self) -> StatusCode {
        // BEGIN EXERCISE 1.3
        todo!("exercise 1.3: map each variant to its status code")
        // END EXERCISE 1.3
    }
}
// ANCHOR_END: status

/// A stable, machine-readable name for a status: `404` is `"not_found"`, `422` is
/// `"unprocessable_entity"`. Clients branch on the code, people read the message.
pub fn error_code(status: StatusCode) -> String {
    status
        .canonical_reason()
        .unwrap_or("error")
        .to_ascii_lowercase()
        .replace([' ', '-'], "_")
}

// ANCHOR: into_response
impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        // BEGIN EXERCISE 1.3
        todo!("exercise 1.3: answer the status with the JSON error body")
        // END EXERCISE 1.3
    }
}
// ANCHOR_END: into_response

// ANCHOR: rejections
impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        // BEGIN EXERCISE 1.10
        let _ = rejection;
        todo!("exercise 1.10: turn the JSON rejection into ApiError::Rejected")
        // END EXERCISE 1.10
    }
}

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> Self {
        // BEGIN EXERCISE 1.10
        let _ = rejection;
        todo!("exercise 1.10: turn the path rejection into ApiError::Rejected")
        // END EXERCISE 1.10
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        // BEGIN EXERCISE 1.10
        let _ = rejection;
        todo!("exercise 1.10: turn the query rejection into ApiError::Rejected")
        // END EXERCISE 1.10
    }
}
// ANCHOR_END: rejections

// ANCHOR: fallbacks
/// The router's fallback: a path no route matches.
pub async fn not_found(uri: Uri) -> ApiError {
    ApiError::NotFound(format!("no route for {}", uri.path()))
}

/// A path that exists, asked with a method it does not have.
pub async fn method_not_allowed(method: Method, uri: Uri) -> ApiError {
    ApiError::MethodNotAllowed {
        method,
        path: uri.path().to_owned(),
    }
}
// ANCHOR_END: fallbacks
