//! Registration, login and the endpoints that show who is calling.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};

use crate::error::AuthError;
use crate::extract::{Admin, AuthUser};
use crate::refresh::{TokenPair, issue_tokens};
use crate::state::AppState;
use crate::store::{NewUser, Role, StoreError, User, UserId};

#[derive(Debug, Deserialize)]
pub struct Credentials {
    pub email: String,
    pub password: String,
}

/// A user as the API shows it: never the password hash.
#[derive(Debug, Serialize)]
pub struct Profile {
    pub id: UserId,
    pub email: String,
    pub role: Role,
}

impl From<User> for Profile {
    fn from(user: User) -> Self {
        Self {
            id: user.id,
            email: user.email,
            role: user.role,
        }
    }
}

pub const MIN_PASSWORD_CHARS: usize = 8;

// ANCHOR: register
pub async fn register(
    State(state): State<AppState>,
    Json(credentials): Json<Credentials>,
) -> Result<(StatusCode, Json<Profile>), AuthError> {
    let email = credentials.email.trim().to_lowercase();
    if !email.contains('@') {
        return Err(AuthError::Invalid("the email must contain @".to_owned()));
    }
    if credentials.password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(AuthError::Invalid(format!(
            "the password needs at least {MIN_PASSWORD_CHARS} characters"
        )));
    }
    let password_hash = state.passwords.hash(credentials.password).await?;
    let new = NewUser {
        email: email.clone(),
        password_hash,
        role: Role::User,
    };
    match state.store.create_user(new).await {
        Ok(user) => Ok((StatusCode::CREATED, Json(user.into()))),
        Err(StoreError::Conflict) => Err(AuthError::EmailTaken(email)),
        Err(error) => Err(error.into()),
    }
}
// ANCHOR_END: register

// ANCHOR: authenticate
/// The user these credentials belong to. An unknown email and a wrong password fail the same way,
/// with the same error and about the same work: a hash is verified either way.
pub async fn authenticate(state: &AppState, credentials: Credentials) -> Result<User, AuthError> {
    // BEGIN EXERCISE 3.4
    use crate::password::dummy_hash;

    let email = credentials.email.trim().to_lowercase();
    let user = state.store.user_by_email(&email).await?;
    let phc = user
        .as_ref()
        .map_or_else(dummy_hash, |user| user.password_hash.clone());
    let valid = state.passwords.verify(credentials.password, phc).await?;
    match user {
        Some(user) if valid => Ok(user),
        _ => Err(AuthError::InvalidCredentials),
    }
    // END EXERCISE 3.4
}
// ANCHOR_END: authenticate

/// `POST /auth/login`: an access token and a refresh token.
pub async fn login(
    State(state): State<AppState>,
    Json(credentials): Json<Credentials>,
) -> Result<Json<TokenPair>, AuthError> {
    let user = authenticate(&state, credentials).await?;
    Ok(Json(issue_tokens(&state, &user, None).await?))
}

/// The profile of user `id`; `missing` is the answer when the user no longer exists (deleted
/// since the token or session was issued).
pub async fn profile(
    state: &AppState,
    id: UserId,
    missing: AuthError,
) -> Result<Json<Profile>, AuthError> {
    let user = state.store.user_by_id(id).await?.ok_or(missing)?;
    Ok(Json(user.into()))
}

/// `GET /me`: needs a valid access token.
pub async fn me(State(state): State<AppState>, user: AuthUser) -> Result<Json<Profile>, AuthError> {
    profile(&state, user.id, AuthError::InvalidToken).await
}

/// `GET /greeting`: anyone, but it knows you if you say who you are.
pub async fn greeting(user: Option<AuthUser>) -> Json<serde_json::Value> {
    let greeting = match user {
        Some(user) => format!("hello, user {}", user.id),
        None => "hello, stranger".to_owned(),
    };
    Json(serde_json::json!({ "greeting": greeting }))
}

/// `GET /admin/users/{id}`: admins only.
pub async fn admin_show_user(
    State(state): State<AppState>,
    _admin: Admin,
    Path(id): Path<UserId>,
) -> Result<Json<Profile>, AuthError> {
    let user = state
        .store
        .user_by_id(id)
        .await?
        .ok_or(AuthError::NotFound)?;
    Ok(Json(user.into()))
}
