//! The lesson's one error type, for what middleware refuses. It answers with Lesson 1's JSON
//! error shape, so a client cannot tell which layer said no, only why.

use std::any::Any;

use axum::BoxError;
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE, RETRY_AFTER, WWW_AUTHENTICATE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use routing::ApiError;

// ANCHOR: middleware_error
#[derive(Debug, thiserror::Error)]
pub enum MiddlewareError {
    #[error("this request needs a valid `x-api-key` header")]
    Unauthorized,
    #[error("the request took too long")]
    Timeout,
    #[error("the server is busy; try again shortly")]
    Overloaded,
    #[error("too many requests; try again in {retry_after} s")]
    RateLimited { retry_after: u64 },
    /// The details went to the log; the client learns only that it was not its fault.
    #[error("something went wrong on our side")]
    Internal,
}

impl MiddlewareError {
    pub fn status(&self) -> StatusCode {
        match self {
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::Timeout => StatusCode::REQUEST_TIMEOUT,
            Self::Overloaded => StatusCode::SERVICE_UNAVAILABLE,
            Self::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for MiddlewareError {
    /// Lesson 1's JSON body, plus the header that tells a client what to do next.
    fn into_response(self) -> Response {
        let extra = match &self {
            Self::Unauthorized => Some((WWW_AUTHENTICATE, "ApiKey header=\"x-api-key\"".into())),
            Self::Overloaded => Some((RETRY_AFTER, "1".into())),
            Self::RateLimited { retry_after } => Some((RETRY_AFTER, retry_after.to_string())),
            Self::Timeout | Self::Internal => None,
        };
        let status = self.status();
        let mut response = ApiError::Rejected {
            status,
            message: self.to_string(),
        }
        .into_response();
        if let Some((name, value)) = extra
            && let Ok(value) = HeaderValue::from_str(&value)
        {
            response.headers_mut().insert(name, value);
        }
        response
    }
}
// ANCHOR_END: middleware_error

// ANCHOR: handle_error
/// For `HandleErrorLayer`: the layers below it (a timeout, a load shedder) fail with a
/// `BoxError`, and axum needs a response instead. The error's type says what happened.
pub async fn handle_error(error: BoxError) -> MiddlewareError {
    // BEGIN EXERCISE 2.7
    if error.is::<tower::timeout::error::Elapsed>() {
        MiddlewareError::Timeout
    } else if error.is::<tower::load_shed::error::Overloaded>() {
        MiddlewareError::Overloaded
    } else {
        tracing::error!(%error, "a middleware failed");
        MiddlewareError::Internal
    }
    // END EXERCISE 2.7
}
// ANCHOR_END: handle_error

// ANCHOR: handle_panic
/// For `CatchPanicLayer::custom`: a handler panicked. The panic's message may hold anything, so
/// it goes to the log, never to the client.
pub fn handle_panic(payload: Box<dyn Any + Send + 'static>) -> Response {
    // BEGIN EXERCISE 2.8
    let message = payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("a panic with no message");
    tracing::error!(panic = message, "a handler panicked");
    MiddlewareError::Internal.into_response()
    // END EXERCISE 2.8
}
// ANCHOR_END: handle_panic

// ANCHOR: json_error_bodies
/// Some layers answer errors of their own, in their own format: tower-http's body limit says
/// `length limit exceeded` in plain text. This gives every error answer that is not JSON the JSON
/// shape, keeping its status and headers, so a client never has to parse anything else.
pub async fn json_error_bodies(response: Response) -> Response {
    let status = response.status();
    let is_json = response
        .headers()
        .get(CONTENT_TYPE)
        .is_some_and(|value| value.as_bytes().starts_with(b"application/json"));
    if is_json || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let text = axum::body::to_bytes(body, 4096)
        .await
        .map(|bytes| String::from_utf8_lossy(&bytes).trim().to_owned())
        .unwrap_or_default();
    let message = if text.is_empty() {
        status.canonical_reason().unwrap_or("error").to_lowercase()
    } else {
        text
    };
    let (json_parts, json_body) = ApiError::Rejected { status, message }
        .into_response()
        .into_parts();
    parts.headers.remove(CONTENT_LENGTH);
    if let Some(content_type) = json_parts.headers.get(CONTENT_TYPE) {
        parts.headers.insert(CONTENT_TYPE, content_type.clone());
    }
    Response::from_parts(parts, json_body)
}
// ANCHOR_END: json_error_bodies
