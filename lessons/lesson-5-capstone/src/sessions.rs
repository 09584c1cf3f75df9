//! Sessions, beyond the RealWorld spec. A login (or a sign-up) opens a session: an access token
//! that names it, and a refresh token, opaque, random and stored hashed, that trades for a new
//! pair and is rotated on every use. The refresh tokens of one session form a *family*, and the
//! family's id is the session's: a spent refresh token presented again revokes its family (both
//! the user and whoever copied the token must log in again), a logout revokes it too, and either
//! ends the session's access tokens at once (see [`is_open`]). The routes are in
//! [`crate::routes::users`].

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::Utc;
use sha2::{Digest, Sha256};
use sqlx::PgPool;

use crate::error::AppError;
use crate::state::AppState;

/// What a login or a refresh hands the client: an access token and a refresh token.
pub struct Tokens {
    /// The JWT for `Authorization: Token …`.
    pub access: String,
    /// The opaque token for `POST /api/users/refresh`.
    pub refresh: String,
}

/// 256 random bits, in URL-safe base64: a refresh token, or a session's id.
fn random_token() -> Result<String, AppError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|error| anyhow::anyhow!("no randomness: {error}"))?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

// ANCHOR: digest
/// What is stored of a refresh token: its SHA-256. A copy of the table signs nobody in, and a
/// token this random needs no salt or slow hash.
fn digest(token: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(token.as_bytes()))
}
// ANCHOR_END: digest

/// A new session for `user` (a login or a sign-up): its access token and its first refresh token.
pub async fn sign_in(state: &AppState, user: i64) -> Result<Tokens, AppError> {
    let session = random_token()?;
    let refresh = issue(state, user, &session).await?;
    Ok(Tokens {
        access: state.keys.issue(user, &session)?,
        refresh,
    })
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

/// A refresh token's row as it was before this use.
struct Spent {
    user: i64,
    family: String,
    /// Used before: presented again, so copied by someone.
    used: bool,
    /// Revoked or expired.
    dead: bool,
}

/// The token's row as it was, marked used in the same statement: two requests racing with one
/// token cannot both spend it.
async fn spend(pool: &PgPool, token: &str) -> Result<Option<Spent>, AppError> {
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
    Ok(row.map(|row| Spent {
        user: row.user_id,
        family: row.family,
        used: row.used,
        dead: row.dead,
    }))
}

/// Ends the session `family`: its refresh tokens are revoked, and its access tokens refused.
async fn revoke(pool: &PgPool, family: &str) -> Result<(), AppError> {
    sqlx::query!(
        "UPDATE refresh_tokens SET revoked = true WHERE family = $1",
        family
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Trades a valid refresh token for a new pair in the same session; returns the user and the
/// pair. A token used before revokes its session: [`AppError::InvalidRefreshToken`], as for an
/// unknown, revoked or expired one.
pub async fn refresh(state: &AppState, token: &str) -> Result<(i64, Tokens), AppError> {
    let spent = spend(&state.pool, token)
        .await?
        .ok_or(AppError::InvalidRefreshToken)?;
    if spent.used {
        tracing::warn!(
            user = spent.user,
            "a spent refresh token was reused; revoking its family"
        );
        revoke(&state.pool, &spent.family).await?;
        return Err(AppError::InvalidRefreshToken);
    }
    if spent.dead {
        return Err(AppError::InvalidRefreshToken);
    }
    let tokens = Tokens {
        access: state.keys.issue(spent.user, &spent.family)?,
        refresh: issue(state, spent.user, &spent.family).await?,
    };
    Ok((spent.user, tokens))
}

/// Ends the session `token` belongs to, if it is one; an unknown token ends nothing.
pub async fn log_out(pool: &PgPool, token: &str) -> Result<(), AppError> {
    if let Some(spent) = spend(pool, token).await? {
        revoke(pool, &spent.family).await?;
    }
    Ok(())
}

// ANCHOR: is_open
/// Whether `user` may still use `session`: no more once they have logged out of it, once a spent
/// refresh token of it has come back (a thief's, or the owner's: either way the family is
/// revoked), or once the account is deleted. Asked on every authenticated request, so it is one
/// look-up through an index.
pub async fn is_open(pool: &PgPool, user: i64, session: &str) -> Result<bool, AppError> {
    // BEGIN EXERCISE 5.1
    let _ = (pool, user, session);
    todo!(
        "exercise 5.1: whether `user` may still use `session`: a logout, a reused refresh token and a deleted account each end it"
    )
    // END EXERCISE 5.1
}
// ANCHOR_END: is_open
