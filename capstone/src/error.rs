//! The one error type. Every failure answers in RealWorld's shape,
//! `{"errors": {"<field or resource>": ["<problem>"]}}`, with the status and the words of
//! RealWorld's own test suite (`{"token": ["is missing"]}`, `{"article": ["not found"]}`), so any
//! RealWorld client can show them; internal details go to the log with the request's id, never to
//! the client.

use std::collections::BTreeMap;

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::openapi::ErrorBody;

// ANCHOR: app_error
/// Every way a request can fail. Handlers return it with `?`, and its `IntoResponse` answers with
/// the status and RealWorld's JSON that each variant's doc shows.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// No `Authorization` header on a route that needs one: `{"token": ["is missing"]}`.
    #[error("token is missing")]
    MissingToken,
    /// A token that is malformed, expired, signed with another key or names no user:
    /// `{"token": ["is invalid"]}`.
    #[error("token is invalid")]
    InvalidToken,
    /// A refresh token that is unknown, spent, revoked or expired:
    /// `{"refreshToken": ["is invalid"]}`.
    #[error("refresh token is invalid")]
    InvalidRefreshToken,
    /// `{"credentials": ["invalid"]}`, the same for an unknown email and a wrong password, so that
    /// the answer does not tell which emails have accounts.
    #[error("credentials are invalid")]
    InvalidCredentials,
    /// The resource exists but belongs to someone else: `{"article": ["forbidden"]}`.
    #[error("{0} is forbidden")]
    Forbidden(&'static str),
    /// `{"profile": ["not found"]}`: the name is the kind of resource that was looked for.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// A unique field already taken: `{"username": ["has already been taken"]}`.
    #[error("{0} has already been taken")]
    Taken(&'static str),
    /// Fields that break a rule, each with its problems: `{"email": ["can't be blank"]}`.
    #[error("invalid fields")]
    Invalid(BTreeMap<&'static str, Vec<String>>),
    /// A request refused with a status of its own: by an extractor (malformed JSON, a wrong
    /// content type, a bad parameter), or by a rule that fits no variant here (a method not
    /// allowed, a limit with no time to wait to give). `{"body": [message]}`, as are the variants
    /// below.
    #[error("{message}")]
    Rejected {
        /// Most often 422; a refusal about the body's delivery (413, 408), or one that a layer or
        /// the router made (405), keeps its own.
        status: StatusCode,
        /// Shown to the client as it is, so it never holds anything internal.
        message: String,
    },
    /// Over the rate limit on the auth routes (see [`crate::rate_limit`]): a 429 with
    /// `Retry-After`.
    #[error("too many attempts; try again in {retry_after} s")]
    TooManyRequests {
        /// Seconds until the client's oldest attempt leaves the window, sent as `Retry-After`.
        retry_after: u64,
    },
    /// The database cannot be reached right now: no connection came free within the acquire
    /// timeout, or the connection broke. A 503 with `Retry-After`, so that clients and load
    /// balancers back off and retry, instead of a 500 that says the request itself failed.
    #[error("the service is unavailable; try again in {retry_after} s")]
    Unavailable {
        /// Seconds to wait before trying again, sent as `Retry-After` (for the database,
        /// [`RETRY_AFTER_UNAVAILABLE_SECS`]).
        retry_after: u64,
    },
    /// Anything else: a 500 with `{"body": ["internal error"]}`. The cause goes to the log, in
    /// the request's span and so with its id, never to the client.
    #[error("internal error")]
    Internal(#[from] anyhow::Error),
}
// ANCHOR_END: app_error

impl AppError {
    /// One field with one problem, the usual [`AppError::Invalid`]:
    /// `AppError::invalid("email", "is invalid")` answers `{"email": ["is invalid"]}`.
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        Self::Invalid(BTreeMap::from([(field, vec![message.into()])]))
    }

    // ANCHOR: taken_or
    /// What `error` says, with a violation of one of `fields`' unique constraints (each named
    /// with the field it guards) read as that field taken: a 409 the client can act on, where
    /// the bare error would be a 500. A query passes the constraints it can break, so the mapping
    /// sits beside the query rather than in a table of every constraint in the schema.
    pub fn taken_or(error: sqlx::Error, fields: &[(&str, &'static str)]) -> Self {
        if let sqlx::Error::Database(db) = &error
            && db.is_unique_violation()
            && let Some((_, field)) = fields
                .iter()
                .find(|(constraint, _)| db.constraint() == Some(*constraint))
        {
            return Self::Taken(field);
        }
        Self::from(error)
    }
    // ANCHOR_END: taken_or

    /// The status each variant answers with, in one place; [`AppError::Rejected`] carries its own.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::MissingToken
            | Self::InvalidToken
            | Self::InvalidRefreshToken
            | Self::InvalidCredentials => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::Taken(_) => StatusCode::CONFLICT,
            Self::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Rejected { status, .. } => *status,
            Self::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Unavailable { .. } => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        use axum::http::header::WWW_AUTHENTICATE;
        use serde_json::json;

        let status = self.status();
        let errors = match &self {
            Self::MissingToken => json!({ "token": ["is missing"] }),
            Self::InvalidToken => json!({ "token": ["is invalid"] }),
            Self::InvalidRefreshToken => json!({ "refreshToken": ["is invalid"] }),
            Self::InvalidCredentials => json!({ "credentials": ["invalid"] }),
            Self::Forbidden(resource) => json!({ *resource: ["forbidden"] }),
            Self::NotFound(resource) => json!({ *resource: ["not found"] }),
            Self::Taken(field) => json!({ *field: ["has already been taken"] }),
            Self::Invalid(fields) => json!(fields),
            Self::Internal(error) => {
                tracing::error!(error = format!("{error:#}"), "request failed");
                json!({ "body": [self.to_string()] })
            }
            _ => json!({ "body": [self.to_string()] }),
        };
        let mut response = (status, axum::Json(ErrorBody { errors })).into_response();
        if let Self::TooManyRequests { retry_after } | Self::Unavailable { retry_after } = self
            && let Ok(value) = axum::http::HeaderValue::from_str(&retry_after.to_string())
        {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, value);
        }
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                WWW_AUTHENTICATE,
                axum::http::HeaderValue::from_static("Token"),
            );
        }
        response
    }
}

/// How long a client should wait before retrying when the database is unavailable: long enough
/// for a restarted PostgreSQL or a failover to come back, short enough not to lose the client.
pub const RETRY_AFTER_UNAVAILABLE_SECS: u64 = 5;

impl From<sqlx::Error> for AppError {
    /// A database that cannot be reached is [`AppError::Unavailable`], whatever the query was;
    /// everything else is what the database said about the request (see `from_database`).
    fn from(error: sqlx::Error) -> Self {
        if is_unreachable(&error) {
            tracing::warn!(%error, "the database is unavailable");
            return Self::Unavailable {
                retry_after: RETRY_AFTER_UNAVAILABLE_SECS,
            };
        }
        from_database(error)
    }
}

/// Whether `error` says the database is out of reach rather than anything about the query: the
/// pool gave up waiting for a connection (PostgreSQL down, or every connection busy), the
/// connection broke, or PostgreSQL refuses connections (starting, shutting down, too many
/// clients: SQLSTATE classes 08 and 57P, and 53300).
fn is_unreachable(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => true,
        sqlx::Error::Database(db) => db.code().is_some_and(|code| {
            code.starts_with("08") || code.starts_with("57P") || code == "53300"
        }),
        _ => false,
    }
}

/// What the database said about a request that it refused. PostgreSQL cannot store a NUL
/// character in text, whatever the column: a client that sends one asked for the impossible, a 422
/// and not a 500 (a fuzzer found this one). A foreign key violated means that what the request
/// refers to was deleted between its check and its write (an article deleted while it is being
/// favorited, an account deleted while its token is in use): a 409, since the request was valid
/// when it was checked. Everything else is internal. Unique violations are read where the query
/// is, which knows its constraints (see [`AppError::taken_or`]).
fn from_database(error: sqlx::Error) -> AppError {
    if let sqlx::Error::Database(db) = &error {
        match db.code().as_deref() {
            Some("22021") => {
                return AppError::Rejected {
                    status: StatusCode::UNPROCESSABLE_ENTITY,
                    message: "text may not contain NUL characters".to_owned(),
                };
            }
            Some("23503") => {
                return AppError::Rejected {
                    status: StatusCode::CONFLICT,
                    message: "what this request refers to was deleted meanwhile".to_owned(),
                };
            }
            _ => {}
        }
    }
    AppError::Internal(error.into())
}

/// An extractor's refusal (malformed JSON, a wrong content type, a path or query parameter of the
/// wrong type) is a 422 with the extractor's explanation: the RealWorld spec answers every bad
/// request with 422. Two refusals are about the body's delivery, not its content, and keep their
/// own status: a body over the limit is a 413 however it was sent (with a `Content-Length`, the
/// limit refuses it before the handler runs; sent in chunks, only reading it finds out), and a
/// body the client stopped sending is a 408, the one status that blames the client's speed.
fn rejected(
    status: StatusCode,
    message: String,
    rejection: &(dyn std::error::Error + 'static),
) -> AppError {
    let status = match status {
        StatusCode::PAYLOAD_TOO_LARGE => StatusCode::PAYLOAD_TOO_LARGE,
        _ if body_stalled(rejection) => StatusCode::REQUEST_TIMEOUT,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    };
    AppError::Rejected { status, message }
}

impl From<JsonRejection> for AppError {
    fn from(rejection: JsonRejection) -> Self {
        rejected(rejection.status(), rejection.body_text(), &rejection)
    }
}

impl From<PathRejection> for AppError {
    fn from(rejection: PathRejection) -> Self {
        rejected(rejection.status(), rejection.body_text(), &rejection)
    }
}

impl From<QueryRejection> for AppError {
    fn from(rejection: QueryRejection) -> Self {
        rejected(rejection.status(), rejection.body_text(), &rejection)
    }
}

/// Whether reading the body failed because the client paused longer than the body timeout (see
/// `middleware::stack`): the timeout's error is somewhere in the chain of sources.
fn body_stalled(rejection: &(dyn std::error::Error + 'static)) -> bool {
    let mut error = Some(rejection);
    while let Some(current) = error {
        if current.is::<tower_http::timeout::TimeoutError>() {
            return true;
        }
        error = current.source();
    }
    false
}
