//! What the authentication needs to know, set once at start.

use std::time::Duration;

#[derive(Debug, Clone)]
pub struct AuthConfig {
    /// The HMAC key that signs access tokens: 32 random bytes or more, from a secret store.
    pub jwt_secret: Vec<u8>,
    /// Who issues the tokens (`iss`) and who they are for (`aud`): a token made for another
    /// service, even with the same key, is refused.
    pub issuer: String,
    pub audience: String,
    /// Access tokens cannot be revoked, so they live minutes.
    pub access_ttl: Duration,
    /// Refresh tokens can be revoked, so they may live weeks.
    pub refresh_ttl: Duration,
    pub session_ttl: Duration,
}

impl AuthConfig {
    /// Settings for local development and tests: a fixed, public key. Never deploy with it.
    pub fn for_development() -> Self {
        Self {
            jwt_secret: b"development-only-secret-never-deploy-this-key".to_vec(),
            issuer: "bookmarks-auth".to_owned(),
            audience: "bookmarks-api".to_owned(),
            access_ttl: Duration::from_secs(15 * 60),
            refresh_ttl: Duration::from_secs(30 * 24 * 60 * 60),
            session_ttl: Duration::from_secs(8 * 60 * 60),
        }
    }
}
