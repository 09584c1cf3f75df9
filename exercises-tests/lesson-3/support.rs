//! Fixtures shared by the lesson's tests.

use std::sync::LazyLock;

use argon2::PasswordHasher;
use auth::store::{NewUser, Role, User};
use auth::token::unix_now;
use auth::{AppState, AuthConfig};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};

pub const PASSWORD: &str = "correct horse battery staple";

/// An argon2id hash of [`PASSWORD`], made with the argon2 crate itself (not with the lesson's
/// `hash_password`), so tests of later exercises do not depend on exercise 3.1.
pub static PASSWORD_HASH: LazyLock<String> = LazyLock::new(|| {
    auth::password::argon2()
        .hash_password_with_salt(PASSWORD.as_bytes(), b"fixed-test-salt-16")
        .expect("argon2 hashes")
        .to_string()
});

pub fn config() -> AuthConfig {
    AuthConfig::for_development()
}

pub fn state() -> AppState {
    AppState::in_memory(config())
}

/// Stores a user whose password is [`PASSWORD`].
pub async fn add_user(state: &AppState, email: &str, role: Role) -> User {
    state
        .store
        .create_user(NewUser {
            email: email.to_owned(),
            password_hash: PASSWORD_HASH.clone(),
            role,
        })
        .await
        .expect("the in-memory store accepts a new user")
}

/// Standard claims for `user`, issued now, valid for a minute.
pub fn claims(user: u64, role: &str) -> Value {
    let config = config();
    let now = unix_now();
    json!({
        "sub": user.to_string(), "role": role, "iat": now, "exp": now + 60,
        "iss": config.issuer, "aud": config.audience,
    })
}

/// A token signed the way the lesson's keys sign, made with jsonwebtoken directly.
pub fn sign(claims: &Value) -> String {
    sign_with(Algorithm::HS256, &config().jwt_secret, claims)
}

pub fn sign_with(algorithm: Algorithm, secret: &[u8], claims: &Value) -> String {
    jsonwebtoken::encode(
        &Header::new(algorithm),
        claims,
        &EncodingKey::from_secret(secret),
    )
    .expect("jsonwebtoken signs")
}

pub fn app(state: &AppState) -> impl FnOnce() -> axum::Router + Send + 'static {
    let state = state.clone();
    move || auth::app(state)
}
