//! Registration, login, and the current user: `/api/users`, `/api/users/login`, `/api/user`;
//! beyond the spec, `/api/users/refresh` and `/api/users/logout` (see [`crate::sessions`]).

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::bounds;
use super::fields::nullable;
use crate::auth::AuthUser;
use crate::error::AppError;
use crate::extract::Json;
use crate::openapi::ErrorBody;
use crate::sessions::{self, Tokens};
use crate::state::AppState;

/// A request's user, wrapped as RealWorld sends it: `{"user": {...}}`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct UserBody<T> {
    /// A [`NewUser`], a [`LoginUser`] or an [`UpdateUser`].
    pub user: T,
}

/// `POST /api/users`: registration.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewUser {
    /// The name the user writes under, and their profile's address; unique, case and all (`Ann`
    /// and `ann` are two users).
    #[schema(pattern = r"\S")]
    pub username: String,
    /// What they log in with; unique, and stored in lower case, so `Ann@x.org` and `ann@x.org`
    /// are one account.
    #[schema(pattern = "@")]
    pub email: String,
    /// At least 8 characters; only its argon2id hash is stored.
    #[schema(min_length = 8, pattern = r"\S")]
    pub password: String,
}

/// `POST /api/users/login`: the credentials to trade for a token.
#[derive(Debug, Deserialize, ToSchema)]
pub struct LoginUser {
    /// The address registered, in any case.
    #[schema(pattern = r"\S")]
    pub email: String,
    /// Checked against the stored hash. A wrong password and an unknown email get the same answer,
    /// which does not tell whether the email has an account.
    #[schema(pattern = r"\S")]
    pub password: String,
}

// ANCHOR: update_user
/// Every field optional: only what is sent changes. `bio` and `image` may be cleared (with `null`
/// or `""`); `email`, `username` and `password` may not, so a `null` for them is refused rather
/// than read as "unchanged".
#[derive(Debug, Deserialize, ToSchema)]
pub struct UpdateUser {
    /// A new address to log in with: with an `@`, and no one else's.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = String, required = false, pattern = "@")]
    pub email: Option<Option<String>>,
    /// A new name to write under, no one else's; the old profile address stops working.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = String, required = false, pattern = r"\S")]
    pub username: Option<Option<String>>,
    /// A new password, under the rules of registration.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = String, required = false, min_length = 8, pattern = r"\S")]
    pub password: Option<Option<String>>,
    /// A new text about the user, shown on their profile.
    #[serde(default, deserialize_with = "nullable")]
    pub bio: Option<Option<String>>,
    /// A new picture's URL.
    #[serde(default, deserialize_with = "nullable")]
    pub image: Option<Option<String>>,
}
// ANCHOR_END: update_user

/// The caller's own account, with an access token: RealWorld's answer to registration, login, and
/// `GET` and `PUT /api/user`.
#[derive(Debug, Serialize, ToSchema)]
pub struct User {
    /// Shown to the user alone: a profile has no email.
    pub email: String,
    /// The access token (a JWT), to send back as `Authorization: Token <token>`.
    pub token: String,
    /// The name the user writes under.
    pub username: String,
    /// What the user says about themselves, or `null`.
    #[schema(required = true)]
    pub bio: Option<String>,
    /// The URL of their picture, or `null`.
    #[schema(required = true)]
    pub image: Option<String>,
    /// Beyond the spec: only in answers to a login, a registration or a refresh.
    #[serde(rename = "refreshToken", skip_serializing_if = "Option::is_none")]
    #[schema(value_type = String)]
    pub refresh_token: Option<String>,
}

/// RealWorld wraps each object in a key named for it: `{"user": {...}}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserResponse {
    /// The signed-in user, with the token to go on with.
    pub user: User,
}

/// A user's columns that the answers show, as the queries return them.
#[derive(Debug)]
pub struct Account {
    /// What the other tables and the tokens name the user by; never shown in an answer.
    pub id: i64,
    /// Unique, case and all.
    pub username: String,
    /// Unique, in lower case.
    pub email: String,
    /// `None` until the user writes one.
    pub bio: Option<String>,
    /// A URL; `None` until the user sets one.
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

    /// The answer to a login, a sign-up or a refresh: the account and its new session's tokens.
    pub fn signed_in(account: Account, tokens: Tokens) -> Self {
        Self::new(account, tokens.access, Some(tokens.refresh))
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
#[utoipa::path(
    post,
    operation_id = "CreateUser",
    path = "/users",
    tag = "User and Authentication",
    request_body = UserBody<NewUser>,
    responses(
        (status = 201, description = "Signed up and signed in", body = UserResponse),
        (status = 409, description = "The username or email is taken", body = ErrorBody),
        (status = 422, description = "A field or parameter breaks a rule: each is named with its problem", body = ErrorBody),
        (status = "default", description = "Any other failure: a 413 for a body over the limit, a 429 on the auth routes, a 503 when the database is out of reach, a 500", body = ErrorBody),
    ),
)]
pub async fn register(
    State(state): State<AppState>,
    Json(UserBody { user }): Json<UserBody<NewUser>>,
) -> Result<(StatusCode, Json<UserResponse>), AppError> {
    required("username", &user.username)?;
    check_email(&user.email)?;
    check_password(&user.password)?;
    let password_hash = state.passwords.hash(user.password).await?;
    let account = sqlx::query_as!(
        Account,
        "INSERT INTO users (username, email, password_hash) VALUES ($1, $2, $3)
         RETURNING id, username, email, bio, image",
        user.username.trim(),
        user.email.trim().to_lowercase(),
        password_hash,
    )
    .fetch_one(&state.pool)
    .await
    .map_err(|error| AppError::taken_or(error, UNIQUE_FIELDS))?;
    let tokens = sessions::sign_in(&state, account.id).await?;
    Ok((
        StatusCode::CREATED,
        Json(UserResponse::signed_in(account, tokens)),
    ))
}

/// `POST /api/users/login`
#[utoipa::path(
    post,
    operation_id = "Login",
    path = "/users/login",
    tag = "User and Authentication",
    request_body = UserBody<LoginUser>,
    responses(
        (status = 200, description = "Signed in", body = UserResponse),
        (status = 401, description = "Unknown email or wrong password (the same answer for both)", body = ErrorBody),
        (status = 422, description = "A field or parameter breaks a rule: each is named with its problem", body = ErrorBody),
        (status = "default", description = "Any other failure: a 413 for a body over the limit, a 429 on the auth routes, a 503 when the database is out of reach, a 500", body = ErrorBody),
    ),
)]
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
    let tokens = sessions::sign_in(&state, account.id).await?;
    Ok(Json(UserResponse::signed_in(account, tokens)))
}

/// `GET /api/user`
#[utoipa::path(
    get,
    operation_id = "GetCurrentUser",
    path = "/user",
    tag = "User and Authentication",
    security(("Token" = [])),
    responses(
        (status = 200, description = "The caller's account", body = UserResponse),
        (status = 401, description = "No token, or one that is invalid, expired, or of a deleted account", body = ErrorBody),
        (status = 422, description = "A field or parameter breaks a rule: each is named with its problem", body = ErrorBody),
        (status = "default", description = "Any other failure: a 413 for a body over the limit, a 429 on the auth routes, a 503 when the database is out of reach, a 500", body = ErrorBody),
    ),
)]
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
#[utoipa::path(
    put,
    operation_id = "UpdateCurrentUser",
    path = "/user",
    tag = "User and Authentication",
    request_body = UserBody<UpdateUser>,
    security(("Token" = [])),
    responses(
        (status = 200, description = "The account as changed", body = UserResponse),
        (status = 401, description = "No token, or one that is invalid, expired, or of a deleted account", body = ErrorBody),
        (status = 409, description = "The new username or email is taken", body = ErrorBody),
        (status = 422, description = "A field or parameter breaks a rule: each is named with its problem", body = ErrorBody),
        (status = "default", description = "Any other failure: a 413 for a body over the limit, a 429 on the auth routes, a 503 when the database is out of reach, a 500", body = ErrorBody),
    ),
)]
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

/// `{"refreshToken": "..."}`, the body of `POST /api/users/refresh` and `/api/users/logout`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RefreshRequest {
    /// A refresh token from a login, a sign-up or a refresh.
    pub refresh_token: String,
}

/// `POST /api/users/refresh`: a new access token and refresh token, in the same session, for a
/// valid refresh token (see `sessions::refresh`).
#[utoipa::path(
    post,
    operation_id = "RefreshSession",
    path = "/users/refresh",
    tag = "User and Authentication",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "A new access token and refresh token", body = UserResponse),
        (status = 401, description = "The refresh token is unknown, spent, revoked or expired", body = ErrorBody),
        (status = 422, description = "A field or parameter breaks a rule: each is named with its problem", body = ErrorBody),
        (status = "default", description = "Any other failure: a 413 for a body over the limit, a 429 on the auth routes, a 503 when the database is out of reach, a 500", body = ErrorBody),
    ),
)]
pub async fn refresh(
    State(state): State<AppState>,
    Json(request): Json<RefreshRequest>,
) -> Result<Json<UserResponse>, AppError> {
    let (user, tokens) = sessions::refresh(&state, &request.refresh_token).await?;
    let account = sqlx::query_as!(
        Account,
        "SELECT id, username, email, bio, image FROM users WHERE id = $1",
        user
    )
    .fetch_optional(&state.pool)
    .await?
    .ok_or(AppError::InvalidRefreshToken)?;
    Ok(Json(UserResponse::signed_in(account, tokens)))
}

/// `POST /api/users/logout`: ends the session the refresh token belongs to, its access tokens
/// included. 204 for an unknown token too: there is nothing to end, and nothing to tell.
#[utoipa::path(
    post,
    operation_id = "Logout",
    path = "/users/logout",
    tag = "User and Authentication",
    request_body = RefreshRequest,
    responses(
        (status = 204, description = "The session is over (or there was none)"),
        (status = 422, description = "A field or parameter breaks a rule: each is named with its problem", body = ErrorBody),
        (status = "default", description = "Any other failure: a 413 for a body over the limit, a 429 on the auth routes, a 503 when the database is out of reach, a 500", body = ErrorBody),
    ),
)]
pub async fn logout(
    State(state): State<AppState>,
    Json(request): Json<RefreshRequest>,
) -> Result<StatusCode, AppError> {
    sessions::log_out(&state.pool, &request.refresh_token).await?;
    Ok(StatusCode::NO_CONTENT)
}
