//! Who is calling: the [`AuthUser`] extractor, which checks an access token's signature (see
//! [`crate::tokens`]) and then, in the database, that its session is still open.

use axum::extract::{FromRequestParts, OptionalFromRequestParts};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;

use crate::error::AppError;
use crate::state::AppState;

// ANCHOR: auth_user
/// The caller, proven by `Authorization: Token <jwt>`. Keeps the token: RealWorld's user
/// responses echo it back.
#[derive(Debug, Clone)]
pub struct AuthUser {
    /// The account's id, from the token's `sub`, known to exist.
    pub id: i64,
    /// The token as sent, for the answers that echo it.
    pub token: String,
}

impl AuthUser {
    /// The caller `token` proves: signed with our key and unexpired, and its session still open.
    /// A signature alone cannot say that the account still exists or that its owner has not
    /// logged out since; the database can (see [`crate::sessions::is_open`]). Every route behind the
    /// extractor then knows its user exists: a write naming a deleted user is refused here with
    /// a 401, not by a foreign key with a 500.
    pub async fn from_token(state: &AppState, token: &str) -> Result<Self, AppError> {
        // BEGIN EXERCISE 5.1
        let (id, session) = state.keys.verify(token)?;
        if !crate::sessions::is_open(&state.pool, id, &session).await? {
            return Err(AppError::InvalidToken);
        }
        Ok(Self {
            id,
            token: token.to_owned(),
        })
        // END EXERCISE 5.1
    }
}

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let header = parts
            .headers
            .get(AUTHORIZATION)
            .ok_or(AppError::MissingToken)?;
        let token = header
            .to_str()
            .ok()
            .and_then(|value| {
                value
                    .strip_prefix("Token ")
                    .or_else(|| value.strip_prefix("Bearer "))
            })
            .ok_or(AppError::InvalidToken)?;
        Self::from_token(state, token).await
    }
}
// ANCHOR_END: auth_user

/// `Option<AuthUser>`: anonymous without the header, still a 401 with a bad token.
impl OptionalFromRequestParts<AppState> for AuthUser {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Option<Self>, AppError> {
        if !parts.headers.contains_key(AUTHORIZATION) {
            return Ok(None);
        }
        <Self as FromRequestParts<AppState>>::from_request_parts(parts, state)
            .await
            .map(Some)
    }
}
