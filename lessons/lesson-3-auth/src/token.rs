//! Opaque tokens (refresh tokens, session ids): random, and stored only as a hash, so a leak of the
//! store does not leak usable tokens.

use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use crate::error::AuthError;

/// 256 random bits, URL-safe: unguessable, and fine in a header, a cookie or JSON.
pub fn generate() -> Result<String, AuthError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|error| {
        tracing::error!(%error, "no randomness from the operating system");
        AuthError::Internal
    })?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// What the store keeps instead of the token. A fast hash is right here (unlike for passwords):
/// the token is already 256 random bits, there is nothing to brute-force.
pub fn digest(token: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(token.as_bytes()))
}

/// Seconds since 1970, the unit of JWT's `iat` and `exp`.
pub fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| elapsed.as_secs())
        .unwrap_or_default()
}
