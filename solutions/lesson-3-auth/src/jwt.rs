//! Access tokens: JSON Web Tokens signed with HMAC-SHA256. Stateless: any copy of the service can
//! check one without asking a database, which is also why one cannot be revoked before it expires.

use jsonwebtoken::{DecodingKey, EncodingKey};
use serde::{Deserialize, Serialize};

use crate::config::AuthConfig;
use crate::error::AuthError;
use crate::store::{Role, UserId};

// ANCHOR: claims
/// What a token says: who (`sub`), with which role, issued when (`iat`), valid until when (`exp`),
/// by whom (`iss`) and for whom (`aud`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    pub role: Role,
    pub iat: u64,
    pub exp: u64,
    pub iss: String,
    pub aud: String,
}
// ANCHOR_END: claims

/// The signing and checking keys, made once from the configuration.
pub struct Keys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    issuer: String,
    audience: String,
    ttl_secs: u64,
}

impl Keys {
    pub fn new(config: &AuthConfig) -> Self {
        Self {
            encoding: EncodingKey::from_secret(&config.jwt_secret),
            decoding: DecodingKey::from_secret(&config.jwt_secret),
            issuer: config.issuer.clone(),
            audience: config.audience.clone(),
            ttl_secs: config.access_ttl.as_secs(),
        }
    }

    pub fn ttl_secs(&self) -> u64 {
        self.ttl_secs
    }

    // ANCHOR: issue
    /// A token for `user`, issued at `now` (seconds since 1970) and valid for the configured time.
    pub fn issue(&self, user: UserId, role: Role, now: u64) -> Result<String, AuthError> {
        // BEGIN EXERCISE 3.5
        use jsonwebtoken::{Algorithm, Header};

        let claims = Claims {
            sub: user.to_string(),
            role,
            iat: now,
            exp: now + self.ttl_secs,
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding).map_err(
            |error| {
                tracing::error!(%error, "could not sign a token");
                AuthError::Internal
            },
        )
        // END EXERCISE 3.5
    }
    // ANCHOR_END: issue

    // ANCHOR: verify
    /// The claims of a token this service issued, still valid, for this audience. Anything else,
    /// whatever the reason, is `InvalidToken`: the reason is logged, not told.
    pub fn verify(&self, token: &str) -> Result<Claims, AuthError> {
        // BEGIN EXERCISE 3.6
        use jsonwebtoken::{Algorithm, Validation};

        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[&self.issuer]);
        validation.set_audience(&[&self.audience]);
        validation.set_required_spec_claims(&["exp", "iat", "iss", "aud", "sub"]);
        validation.leeway = 0;
        jsonwebtoken::decode::<Claims>(token, &self.decoding, &validation)
            .map(|data| data.claims)
            .map_err(|error| {
                tracing::debug!(%error, "a token was refused");
                AuthError::InvalidToken
            })
        // END EXERCISE 3.6
    }
    // ANCHOR_END: verify
}
