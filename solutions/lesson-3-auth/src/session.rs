//! Cookie sessions, for browsers: the server keeps the session, the browser keeps only a random id
//! in a cookie that scripts cannot read.

use axum::Json;
use axum::extract::{FromRequestParts, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};

use crate::accounts::{Credentials, Profile, profile};
use crate::error::AuthError;
use crate::state::AppState;
use crate::store::UserId;
use crate::token;

pub const COOKIE: &str = "session";

// ANCHOR: session_cookie
/// `HttpOnly`: no script can read it, so an XSS bug cannot steal it. `Secure`: sent over HTTPS only
/// (browsers treat `localhost` as secure, so local development works). `SameSite=Lax`: not sent
/// with cross-site POSTs, the usual CSRF attack. `Path=/`: for the whole API.
pub fn session_cookie(value: String, max_age_secs: u64) -> Cookie<'static> {
    let max_age = i64::try_from(max_age_secs).unwrap_or(i64::MAX);
    Cookie::build((COOKIE, value))
        .http_only(true)
        .secure(true)
        .same_site(SameSite::Lax)
        .path("/")
        .max_age(time::Duration::seconds(max_age))
        .build()
}
// ANCHOR_END: session_cookie

// ANCHOR: login
/// `POST /session/login`: checks the credentials, stores a session, sets its cookie.
pub async fn login(
    State(state): State<AppState>,
    jar: CookieJar,
    Json(credentials): Json<Credentials>,
) -> Result<(CookieJar, StatusCode), AuthError> {
    // BEGIN EXERCISE 3.10
    use crate::accounts::authenticate;
    use crate::store::Session;

    let user = authenticate(&state, credentials).await?;
    let id = token::generate()?;
    let ttl = state.config.session_ttl.as_secs();
    state
        .store
        .save_session(Session {
            hash: token::digest(&id),
            user_id: user.id,
            expires_at: token::unix_now() + ttl,
        })
        .await?;
    Ok((jar.add(session_cookie(id, ttl)), StatusCode::NO_CONTENT))
    // END EXERCISE 3.10
}
// ANCHOR_END: login

// ANCHOR: session_user
/// The user of the request's session: a cookie naming a stored session that has not expired.
#[derive(Debug, Clone, Copy)]
pub struct SessionUser {
    pub id: UserId,
}

impl FromRequestParts<AppState> for SessionUser {
    type Rejection = AuthError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AuthError> {
        // BEGIN EXERCISE 3.10
        let jar = CookieJar::from_headers(&parts.headers);
        let id = jar.get(COOKIE).ok_or(AuthError::NoSession)?.value();
        let session = state
            .store
            .session(&token::digest(id))
            .await?
            .ok_or(AuthError::NoSession)?;
        if session.expires_at <= token::unix_now() {
            return Err(AuthError::NoSession);
        }
        Ok(Self {
            id: session.user_id,
        })
        // END EXERCISE 3.10
    }
}
// ANCHOR_END: session_user

/// `GET /session/me`.
pub async fn me(
    State(state): State<AppState>,
    user: SessionUser,
) -> Result<Json<Profile>, AuthError> {
    profile(&state, user.id, AuthError::NoSession).await
}

// ANCHOR: logout
/// `POST /session/logout`: forgets the session on the server and tells the browser to drop the
/// cookie. Deleting it server-side is what matters: a copied cookie stops working too.
pub async fn logout(
    State(state): State<AppState>,
    jar: CookieJar,
) -> Result<(CookieJar, StatusCode), AuthError> {
    if let Some(cookie) = jar.get(COOKIE) {
        state
            .store
            .delete_session(&token::digest(cookie.value()))
            .await?;
    }
    let expired = session_cookie(String::new(), 0);
    Ok((jar.remove(expired), StatusCode::NO_CONTENT))
}
// ANCHOR_END: logout
