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
        let _ = (parts, state);
        todo!("exercise 3.7: read the bearer token and verify it")
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
        let _ = (parts, state);
        todo!("exercise 3.7: None without an Authorization header, otherwise as AuthUser")
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
        let _ = (parts, state);
        todo!("exercise 3.8: an AuthUser with the admin role, or 403")
        // END EXERCISE 3.8
    }
}
// ANCHOR_END: admin
