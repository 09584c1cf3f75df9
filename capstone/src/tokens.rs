//! Access tokens: JWTs signed with HS256, sent as RealWorld specifies
//! (`Authorization: Token <jwt>`), each naming its user and its session.

use std::time::Duration;

use anyhow::Context;
use jsonwebtoken::{DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// `sub` is a string, as RFC 7519 has it (jsonwebtoken refuses a number there). `sid` is the
/// session the token was issued in: the family of its refresh tokens (see [`crate::refresh`]).
#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    sub: String,
    sid: String,
    iat: u64,
    exp: u64,
    iss: String,
    aud: String,
}

const ISSUER: &str = "conduit";
const AUDIENCE: &str = "conduit-api";

/// The signing key, for both directions, and how long the tokens it signs live. Made once at
/// start from `JWT_SECRET`: turning the secret into keys is work no request should repeat.
pub struct Keys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    ttl: Duration,
}

impl Keys {
    /// Keys from the HS256 `secret`, for tokens that live `ttl`.
    pub fn new(secret: &[u8], ttl: Duration) -> Self {
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            ttl,
        }
    }

    /// An access token for `user_id`, in `session`.
    pub fn issue(&self, user_id: i64, session: &str) -> Result<String, AppError> {
        let now = jsonwebtoken::get_current_timestamp();
        let claims = Claims {
            sub: user_id.to_string(),
            sid: session.to_owned(),
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

    // ANCHOR: verify
    /// The user id and session of a well-signed token: HS256 only, this issuer and audience, not
    /// expired. Whether the session is still open only the database knows: see
    /// [`crate::auth::AuthUser::from_token`].
    pub fn verify(&self, token: &str) -> Result<(i64, String), AppError> {
        let mut validation = Validation::new(jsonwebtoken::Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iat", "iss", "aud", "sub"]);
        validation.leeway = 0;
        let claims = jsonwebtoken::decode::<Claims>(token, &self.decoding, &validation)
            .map_err(|_| AppError::InvalidToken)?
            .claims;
        let user = claims.sub.parse().map_err(|_| AppError::InvalidToken)?;
        Ok((user, claims.sid))
    }
    // ANCHOR_END: verify
}
