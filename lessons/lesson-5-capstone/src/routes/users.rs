//! Registration, login, and the current user: `/api/users`, `/api/users/login`, `/api/user`.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};

use super::bounds;
use super::fields::nullable;
use crate::auth::AuthUser;
use crate::error::AppError;
use crate::extract::Json;
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub struct UserBody<T> {
    pub user: T,
}

#[derive(Debug, Deserialize)]
pub struct NewUser {
    pub username: String,
    pub email: String,
    pub password: String,
}

#[derive(Debug, Deserialize)]
pub struct LoginUser {
    pub email: String,
    pub password: String,
}

// ANCHOR: update_user
/// Every field optional: only what is sent changes. `bio` and `image` may be cleared (with `null`
/// or `""`); `email`, `username` and `password` may not, so a `null` for them is refused rather
/// than read as "unchanged".
#[derive(Debug, Deserialize)]
pub struct UpdateUser {
    #[serde(default, deserialize_with = "nullable")]
    pub email: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    pub username: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    pub password: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    pub bio: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    pub image: Option<Option<String>>,
}
// ANCHOR_END: update_user

#[derive(Debug, Serialize)]
pub struct User {
    pub email: String,
    pub token: String,
    pub username: String,
    pub bio: Option<String>,
    pub image: Option<String>,
    /// Beyond the spec: only in answers to a login, a registration or a refresh.
    #[serde(rename = "refreshToken", skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct UserResponse {
    pub user: User,
}

/// A user's columns that the answers show, as the queries return them.
#[derive(Debug)]
pub struct Account {
    pub id: i64,
    pub username: String,
    pub email: String,
    pub bio: Option<String>,
    pub image: Option<String>,
}

impl UserResponse {
    /// The answer about `account`, signed in with `token`; `refresh_token` is given only to a
    /// registration, a login or a refresh.
    pub fn new(account: Account, token: String, refresh_token: Option<String>) -> Self {
        Self {
            user: User {
                email: account.email,
                token,
                username: account.username,
                bio: account.bio,
                image: account.image,
                refresh_token,
            },
        }
    }
}

// ANCHOR: unique_fields
/// The unique constraints of `users` a request can break (see the migrations), each with the field
/// it guards: a violation is that field taken (see [`AppError::taken_or`]).
pub const UNIQUE_FIELDS: &[(&str, &str)] = &[
    ("users_username_key", "username"),
    ("users_email_key", "email"),
];
// ANCHOR_END: unique_fields

/// A field that must hold more than spaces, and no more than its bound (see [`bounds`]).
pub fn required(field: &'static str, value: &str) -> Result<(), AppError> {
    if value.trim().is_empty() {
        return Err(AppError::invalid(field, "can't be blank"));
    }
    bounds::check_length(field, value)
}

/// An address to write to: not blank, with an `@`. Whether it receives mail only sending can tell.
pub fn check_email(email: &str) -> Result<(), AppError> {
    required("email", email)?;
    if !email.contains('@') {
        return Err(AppError::invalid("email", "is invalid"));
    }
    Ok(())
}

/// NIST SP 800-63B: at least 8 characters, no composition rules.
pub fn check_password(password: &str) -> Result<(), AppError> {
    required("password", password)?;
    if password.chars().count() < 8 {
        return Err(AppError::invalid(
            "password",
            "is too short (minimum is 8 characters)",
        ));
    }
    Ok(())
}

/// `POST /api/users`: a new account, signed in. Two sign-ups racing for one username both pass
/// any check made before the `INSERT`; only the unique constraint decides, so its violation is
/// read here, where the query is, as the field taken.
pub async fn register(
    State(state): State<AppState>,
    Json(UserBody { user }): Json<UserBody<NewUser>>,
) -> Result<(StatusCode, Json<UserResponse>), AppError> {
    // BEGIN EXERCISE 5.1
    let _ = (state, user);
    todo!("exercise 5.1: check the fields, store the user, answer 201 with the user signed in")
    // END EXERCISE 5.1
}

/// `POST /api/users/login`
pub async fn login(
    State(state): State<AppState>,
    Json(UserBody { user }): Json<UserBody<LoginUser>>,
) -> Result<Json<UserResponse>, AppError> {
    required("email", &user.email)?;
    required("password", &user.password)?;
    let row = sqlx::query!(
        "SELECT id, username, email, password_hash, bio, image FROM users WHERE email = $1",
        user.email.trim().to_lowercase(),
    )
    .fetch_optional(&state.pool)
    .await?;
    let stored = row.as_ref().map(|row| row.password_hash.clone());
    let valid = state.passwords.verify(user.password, stored).await?;
    let Some(row) = row.filter(|_| valid) else {
        return Err(AppError::InvalidCredentials);
    };
    let account = Account {
        id: row.id,
        username: row.username,
        email: row.email,
        bio: row.bio,
        image: row.image,
    };
    let (token, refresh_token) = crate::refresh::sign_in(&state, account.id).await?;
    Ok(Json(UserResponse::new(account, token, Some(refresh_token))))
}

/// `GET /api/user`
pub async fn current(
    State(state): State<AppState>,
    auth: AuthUser,
) -> Result<Json<UserResponse>, AppError> {
    let account = sqlx::query_as!(
        Account,
        "SELECT id, username, email, bio, image FROM users WHERE id = $1",
        auth.id
    )
    .fetch_optional(&state.pool)
    .await?
    .ok_or(AppError::InvalidToken)?;
    Ok(Json(UserResponse::new(account, auth.token, None)))
}

/// `PUT /api/user`: only what is sent changes. `email`, `username` and `password` may be changed
/// but not cleared; `bio` and `image` may be cleared, with `null` or `""`.
pub async fn update(
    State(state): State<AppState>,
    auth: AuthUser,
    Json(UserBody { user: changes }): Json<UserBody<UpdateUser>>,
) -> Result<Json<UserResponse>, AppError> {
    // BEGIN EXERCISE 5.4
    let _ = (state, auth, changes);
    todo!("exercise 5.4: change only the fields sent; answer with the user")
    // END EXERCISE 5.4
}
