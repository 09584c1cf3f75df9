//! Who is calling, as handler arguments: `AuthUser` (a valid access token is required),
//! `Option<AuthUser>` (anonymous is fine, a bad token is not), `Admin` (the admin role is required).

use axum::extract::{FromRequestParts, OptionalFromRequestParts};
use axum::http::request::Parts;

use crate::error::AuthError;
use crate::state::AppState;
use crate::store::{Role, UserId};

// ANCHOR: auth_user
/// The caller, proven by the `Authorization: Bearer <token>` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuthUser {
    pub id: UserId,
    pub role: Role,
}

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = AuthError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AuthError> {
        // BEGIN EXERCISE 3.7
        use axum::http::header::AUTHORIZATION;

        let token = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .ok_or(AuthError::MissingToken)?;
        let claims = state.keys.verify(token)?;
        let id = claims.sub.parse().map_err(|_| AuthError::InvalidToken)?;
        Ok(Self {
            id,
            role: claims.role,
        })
        // END EXERCISE 3.7
    }
}

/// `Option<AuthUser>`: `None` without an `Authorization` header, but a header with a bad token is
/// still a 401. Treating a broken token as "anonymous" would hide the client's bug from it.
impl OptionalFromRequestParts<AppState> for AuthUser {
    type Rejection = AuthError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Option<Self>, AuthError> {
        // BEGIN EXERCISE 3.7
        use axum::http::header::AUTHORIZATION;

        if !parts.headers.contains_key(AUTHORIZATION) {
            return Ok(None);
        }
        <Self as FromRequestParts<AppState>>::from_request_parts(parts, state)
            .await
            .map(Some)
        // END EXERCISE 3.7
    }
}
// ANCHOR_END: auth_user

// ANCHOR: admin
/// A caller with the admin role. Authenticated but not an admin is `403 Forbidden`: the server
/// knows who you are, and the answer is still no.
#[derive(Debug, Clone, Copy)]
pub struct Admin(pub AuthUser);

impl FromRequestParts<AppState> for Admin {
    type Rejection = AuthError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AuthError> {
        // BEGIN EXERCISE 3.8
        let user =
            <AuthUser as FromRequestParts<AppState>>::from_request_parts(parts, state).await?;
        if user.role != Role::Admin {
            return Err(AuthError::Forbidden);
        }
        Ok(Self(user))
        // END EXERCISE 3.8
    }
}
// ANCHOR_END: admin
