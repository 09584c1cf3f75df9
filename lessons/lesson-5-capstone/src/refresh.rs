//! Refresh tokens, beyond the RealWorld spec: opaque, random, stored hashed, rotated on every use;
//! a spent token presented again revokes its whole family (both the user and whoever copied the
//! token must log in again). `POST /api/users/refresh` and `POST /api/users/logout` take
//! `{"refreshToken": "..."}`; logins and registrations return one beside the access token.

use axum::extract::State;
use axum::http::StatusCode;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::Utc;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use sqlx::PgPool;

use crate::error::AppError;
use crate::extract::Json;
use crate::routes::users::{Account, UserResponse};
use crate::state::AppState;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RefreshRequest {
    pub refresh_token: String,
}

fn random_token() -> Result<String, AppError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|error| anyhow::anyhow!("no randomness: {error}"))?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

fn digest(token: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(token.as_bytes()))
}

/// A new session for `user` (a login or a registration): its access token and its first refresh
/// token. The session's id is the family of its refresh tokens, and access tokens carry it, so
/// that ending the family (a logout, a reused token) ends their access too.
pub async fn sign_in(state: &AppState, user: i64) -> Result<(String, String), AppError> {
    let session = random_token()?;
    let refresh_token = issue(state, user, &session).await?;
    Ok((state.keys.issue(user, &session)?, refresh_token))
}

/// A new refresh token for `user`, in `family`.
async fn issue(state: &AppState, user: i64, family: &str) -> Result<String, AppError> {
    let token = random_token()?;
    let expires_at = Utc::now() + state.refresh_ttl;
    sqlx::query!(
        "INSERT INTO refresh_tokens (hash, user_id, family, expires_at) VALUES ($1, $2, $3, $4)",
        digest(&token),
        user,
        family,
        expires_at,
    )
    .execute(&state.pool)
    .await?;
    Ok(token)
}

/// The token's row as it was, marked used in the same statement: two requests racing with one
/// token cannot both spend it.
async fn spend(pool: &PgPool, token: &str) -> Result<Option<(i64, String, bool, bool)>, AppError> {
    let row = sqlx::query!(
        r#"WITH before AS (
               SELECT hash, user_id, family, used, revoked OR expires_at <= now() AS dead
               FROM refresh_tokens WHERE hash = $1 FOR UPDATE
           )
           UPDATE refresh_tokens SET used = true FROM before
           WHERE refresh_tokens.hash = before.hash
           RETURNING before.user_id, before.family, before.used, before.dead AS "dead!""#,
        digest(token),
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|row| (row.user_id, row.family, row.used, row.dead)))
}

/// `POST /api/users/refresh`: a new access token and refresh token for a valid refresh token.
pub async fn refresh(
    State(state): State<AppState>,
    Json(request): Json<RefreshRequest>,
) -> Result<Json<UserResponse>, AppError> {
    let (user_id, family, used, dead) = spend(&state.pool, &request.refresh_token)
        .await?
        .ok_or(AppError::InvalidRefreshToken)?;
    if used {
        tracing::warn!(
            user = user_id,
            "a spent refresh token was reused; revoking its family"
        );
        sqlx::query!(
            "UPDATE refresh_tokens SET revoked = true WHERE family = $1",
            family
        )
        .execute(&state.pool)
        .await?;
        return Err(AppError::InvalidRefreshToken);
    }
    if dead {
        return Err(AppError::InvalidRefreshToken);
    }
    let account = sqlx::query_as!(
        Account,
        "SELECT id, username, email, bio, image FROM users WHERE id = $1",
        user_id
    )
    .fetch_optional(&state.pool)
    .await?
    .ok_or(AppError::InvalidRefreshToken)?;
    let token = state.keys.issue(user_id, &family)?;
    let refresh_token = issue(&state, user_id, &family).await?;
    Ok(Json(UserResponse::new(account, token, Some(refresh_token))))
}

/// `POST /api/users/logout`: ends the session the refresh token belongs to, its access tokens
/// included (see [`crate::auth::AuthUser::from_token`]).
pub async fn logout(
    State(state): State<AppState>,
    Json(request): Json<RefreshRequest>,
) -> Result<StatusCode, AppError> {
    if let Some((_, family, _, _)) = spend(&state.pool, &request.refresh_token).await? {
        sqlx::query!(
            "UPDATE refresh_tokens SET revoked = true WHERE family = $1",
            family
        )
        .execute(&state.pool)
        .await?;
    }
    Ok(StatusCode::NO_CONTENT)
}
