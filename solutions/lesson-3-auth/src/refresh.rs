//! Refresh tokens: long-lived, opaque, stored hashed, exchanged for a new pair on every use.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};

use crate::error::AuthError;
use crate::state::AppState;
use crate::store::{RefreshToken, User};
use crate::token;

/// What a login or a refresh answers (the shape of OAuth 2's token response).
#[derive(Debug, Serialize)]
pub struct TokenPair {
    pub access_token: String,
    pub token_type: &'static str,
    /// Seconds the access token is valid for.
    pub expires_in: u64,
    pub refresh_token: String,
}

#[derive(Debug, Deserialize)]
pub struct RefreshRequest {
    pub refresh_token: String,
}

// ANCHOR: issue_tokens
/// A new access token and a new refresh token for `user`. The refresh token joins `family` (a
/// rotation) or starts a new one (a login).
pub async fn issue_tokens(
    state: &AppState,
    user: &User,
    family: Option<String>,
) -> Result<TokenPair, AuthError> {
    let now = token::unix_now();
    let access_token = state.keys.issue(user.id, user.role, now)?;
    let refresh_token = token::generate()?;
    let family = match family {
        Some(family) => family,
        None => token::generate()?,
    };
    state
        .store
        .save_refresh_token(RefreshToken {
            hash: token::digest(&refresh_token),
            user_id: user.id,
            family,
            expires_at: now + state.config.refresh_ttl.as_secs(),
            used: false,
            revoked: false,
        })
        .await?;
    Ok(TokenPair {
        access_token,
        token_type: "Bearer",
        expires_in: state.keys.ttl_secs(),
        refresh_token,
    })
}
// ANCHOR_END: issue_tokens

// ANCHOR: refresh
/// `POST /auth/refresh`: a refresh token in, a new pair out; the old refresh token is spent.
/// A spent token presented again means two parties hold it, the user and a thief, and there is no
/// telling which is which: the whole family is revoked and both must log in again.
pub async fn refresh(
    State(state): State<AppState>,
    Json(request): Json<RefreshRequest>,
) -> Result<Json<TokenPair>, AuthError> {
    // BEGIN EXERCISE 3.9
    let hash = token::digest(&request.refresh_token);
    let record = state
        .store
        .use_refresh_token(&hash)
        .await?
        .ok_or(AuthError::InvalidToken)?;
    if record.used {
        tracing::warn!(
            user = record.user_id,
            "a spent refresh token was reused; revoking its family"
        );
        state.store.revoke_family(&record.family).await?;
        return Err(AuthError::InvalidToken);
    }
    if record.revoked || record.expires_at <= token::unix_now() {
        return Err(AuthError::InvalidToken);
    }
    let user = state
        .store
        .user_by_id(record.user_id)
        .await?
        .ok_or(AuthError::InvalidToken)?;
    Ok(Json(
        issue_tokens(&state, &user, Some(record.family)).await?,
    ))
    // END EXERCISE 3.9
}
// ANCHOR_END: refresh

// ANCHOR: logout
/// `POST /auth/logout`: ends the login the refresh token belongs to. Access tokens already issued
/// stay valid until they expire, which is why they live minutes.
pub async fn logout(
    State(state): State<AppState>,
    Json(request): Json<RefreshRequest>,
) -> Result<StatusCode, AuthError> {
    // BEGIN EXERCISE 3.9
    let hash = token::digest(&request.refresh_token);
    if let Some(record) = state.store.use_refresh_token(&hash).await? {
        state.store.revoke_family(&record.family).await?;
    }
    Ok(StatusCode::NO_CONTENT)
    // END EXERCISE 3.9
}
// ANCHOR_END: logout
