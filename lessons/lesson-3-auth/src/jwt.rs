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
        let _ = (
            user,
            role,
            now,
            &self.encoding,
            &self.issuer,
            &self.audience,
        );
        todo!("exercise 3.5: fill the claims and sign them with HS256")
        // END EXERCISE 3.5
    }
    // ANCHOR_END: issue

    // ANCHOR: verify
    /// The claims of a token this service issued, still valid, for this audience. Anything else,
    /// whatever the reason, is `InvalidToken`: the reason is logged, not told.
    pub fn verify(&self, token: &str) -> Result<Claims, AuthError> {
        // BEGIN EXERCISE 3.6
        let _ = (token, &self.decoding);
        todo!(
            "exercise 3.6: decode the token with a Validation pinned to HS256, this issuer and audience"
        )
        // END EXERCISE 3.6
    }
    // ANCHOR_END: verify
}
