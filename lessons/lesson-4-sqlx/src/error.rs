//! The lesson's one error type: what went wrong with the data, as an HTTP answer.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use routing::ApiError;

// ANCHOR: db_error
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("not found")]
    NotFound,
    /// A unique constraint: the thing exists already.
    #[error("already exists ({0})")]
    Conflict(String),
    /// A foreign key: the request points at something that does not exist.
    #[error("refers to something that does not exist ({0})")]
    InvalidReference(String),
    /// A check constraint: a value breaks a rule of the schema.
    #[error("breaks a rule of the data ({0})")]
    Invalid(String),
    /// No connection came free in time.
    #[error("the database is busy; try again shortly")]
    Unavailable,
    #[error("something went wrong on our side")]
    Internal,
}

impl DbError {
    pub fn status(&self) -> StatusCode {
        match self {
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::InvalidReference(_) | Self::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for DbError {
    fn into_response(self) -> Response {
        ApiError::Rejected {
            status: self.status(),
            message: self.to_string(),
        }
        .into_response()
    }
}
// ANCHOR_END: db_error

// ANCHOR: from_sqlx
/// The database already enforces the rules (unique emails, existing owners, valid tags); this
/// turns its verdicts into answers instead of checking everything twice in Rust first. Anything
/// unexpected is logged with its details and answered 500 without them.
impl From<sqlx::Error> for DbError {
    fn from(error: sqlx::Error) -> Self {
        // BEGIN EXERCISE 4.4
        let _ = error;
        todo!("exercise 4.4: map the sqlx error to a DbError")
        // END EXERCISE 4.4
    }
}
// ANCHOR_END: from_sqlx
