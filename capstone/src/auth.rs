//! Passwords and tokens: argon2id hashes computed on the blocking pool, and JWTs signed with
//! HS256, sent as RealWorld specifies: `Authorization: Token <jwt>`.

use std::time::Duration;

use anyhow::Context;
use argon2::{Algorithm, Argon2, Params, PasswordHasher, Version};
use axum::extract::{FromRequestParts, OptionalFromRequestParts};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use jsonwebtoken::{DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::state::AppState;

/// argon2id with OWASP's parameters: 19 MiB, 2 passes, 1 lane.
fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("OWASP's parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// A PHC string for `password`, hashed off the async workers.
pub async fn hash_password(password: String) -> Result<String, AppError> {
    let hash = tokio::task::spawn_blocking(move || {
        argon2()
            .hash_password(password.as_bytes())
            .map(|hash| hash.to_string())
            .map_err(|error| anyhow::anyhow!("argon2 could not hash: {error}"))
    })
    .await
    .context("the hashing task failed")??;
    Ok(hash)
}

/// Whether `password` matches the stored hash, checked off the async workers. With no stored hash
/// (an unknown email) it checks against a dummy, so the answer takes as long either way.
pub async fn verify_password(password: String, stored: Option<String>) -> Result<bool, AppError> {
    // BEGIN EXERCISE 5.5
    use std::sync::LazyLock;

    use argon2::PasswordVerifier;

    static DUMMY: LazyLock<String> = LazyLock::new(|| {
        argon2()
            .hash_password(b"nobody has this password")
            .map(|hash| hash.to_string())
            .unwrap_or_default()
    });
    let known = stored.is_some();
    let hash = stored.unwrap_or_else(|| DUMMY.clone());
    let matches = tokio::task::spawn_blocking(move || {
        argon2()
            .verify_password(password.as_bytes(), hash.as_str())
            .is_ok()
    })
    .await
    .context("the verification task failed")?;
    Ok(known && matches)
    // END EXERCISE 5.5
}

/// `sub` is a string, as RFC 7519 has it (jsonwebtoken refuses a number there).
#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    sub: String,
    iat: u64,
    exp: u64,
    iss: String,
    aud: String,
}

const ISSUER: &str = "conduit";
const AUDIENCE: &str = "conduit-api";

pub struct Keys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    ttl: Duration,
}

impl Keys {
    pub fn new(secret: &[u8], ttl: Duration) -> Self {
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            ttl,
        }
    }

    pub fn issue(&self, user_id: i64) -> Result<String, AppError> {
        let now = jsonwebtoken::get_current_timestamp();
        let claims = Claims {
            sub: user_id.to_string(),
            iat: now,
            exp: now + self.ttl.as_secs(),
            iss: ISSUER.to_owned(),
            aud: AUDIENCE.to_owned(),
        };
        jsonwebtoken::encode(
            &Header::new(jsonwebtoken::Algorithm::HS256),
            &claims,
            &self.encoding,
        )
        .context("could not sign a token")
        .map_err(AppError::from)
    }

    /// The user id of a valid token: HS256 only, this issuer and audience, not expired.
    pub fn verify(&self, token: &str) -> Result<i64, AppError> {
        let mut validation = Validation::new(jsonwebtoken::Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iat", "iss", "aud", "sub"]);
        validation.leeway = 0;
        jsonwebtoken::decode::<Claims>(token, &self.decoding, &validation)
            .ok()
            .and_then(|data| data.claims.sub.parse().ok())
            .ok_or(AppError::InvalidToken)
    }
}

/// The caller, proven by `Authorization: Token <jwt>`. Keeps the token: RealWorld's user
/// responses echo it back.
#[derive(Debug, Clone)]
pub struct AuthUser {
    pub id: i64,
    pub token: String,
}

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        // BEGIN EXERCISE 5.6
        let header = parts
            .headers
            .get(AUTHORIZATION)
            .ok_or(AppError::MissingToken)?;
        let token = header
            .to_str()
            .ok()
            .and_then(|value| {
                value
                    .strip_prefix("Token ")
                    .or_else(|| value.strip_prefix("Bearer "))
            })
            .ok_or(AppError::InvalidToken)?;
        let id = state.keys.verify(token)?;
        Ok(Self {
            id,
            token: token.to_owned(),
        })
        // END EXERCISE 5.6
    }
}

/// `Option<AuthUser>`: anonymous without the header, still a 401 with a bad token.
impl OptionalFromRequestParts<AppState> for AuthUser {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Option<Self>, AppError> {
        if !parts.headers.contains_key(AUTHORIZATION) {
            return Ok(None);
        }
        <Self as FromRequestParts<AppState>>::from_request_parts(parts, state)
            .await
            .map(Some)
    }
}
