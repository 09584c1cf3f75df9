//! The lesson's one error type. Authentication failures say as little as possible: a client learns
//! *that* it is not allowed, never which part of its credentials was wrong.

use axum::http::header::WWW_AUTHENTICATE;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use routing::ApiError;

use crate::store::StoreError;

// ANCHOR: auth_error
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    /// The same answer for an unknown email and a wrong password.
    #[error("the email or the password is wrong")]
    InvalidCredentials,
    #[error("this request needs an `Authorization: Bearer <token>` header")]
    MissingToken,
    #[error("the token is invalid or expired")]
    InvalidToken,
    #[error("you are not allowed to do this")]
    Forbidden,
    #[error("no session: log in first")]
    NoSession,
    /// A write that carries the session cookie but comes from another site's page (see `csrf`).
    #[error("a request from another site cannot use this session")]
    CrossSite,
    #[error("{0} is already registered")]
    EmailTaken(String),
    #[error("{0}")]
    Invalid(String),
    #[error("not found")]
    NotFound,
    /// Logged where it happens; the client only learns it was not its fault.
    #[error("something went wrong on our side")]
    Internal,
}

impl AuthError {
    pub fn status(&self) -> StatusCode {
        match self {
            Self::InvalidCredentials
            | Self::MissingToken
            | Self::InvalidToken
            | Self::NoSession => StatusCode::UNAUTHORIZED,
            Self::Forbidden | Self::CrossSite => StatusCode::FORBIDDEN,
            Self::EmailTaken(_) => StatusCode::CONFLICT,
            Self::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for AuthError {
    /// Lesson 1's JSON error; a 401 for a bearer token also says so in `WWW-Authenticate`
    /// (RFC 6750), which is how a client knows to refresh its token.
    fn into_response(self) -> Response {
        let challenge = match self {
            Self::MissingToken => Some("Bearer"),
            Self::InvalidToken => Some("Bearer error=\"invalid_token\""),
            _ => None,
        };
        let mut response = ApiError::Rejected {
            status: self.status(),
            message: self.to_string(),
        }
        .into_response();
        if let Some(challenge) = challenge {
            response
                .headers_mut()
                .insert(WWW_AUTHENTICATE, HeaderValue::from_static(challenge));
        }
        response
    }
}
// ANCHOR_END: auth_error

impl From<StoreError> for AuthError {
    fn from(error: StoreError) -> Self {
        tracing::error!(%error, "the store failed");
        Self::Internal
    }
}
