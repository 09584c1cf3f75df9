//! The lesson's two crates in small working examples, at the pinned versions (argon2 0.6,
//! jsonwebtoken 11): the book shows them before the exercises that use the same types, for a
//! different job than the exercises', so that neither gives an answer away.

use argon2::{ARGON2ID_IDENT, Params, PasswordHash};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

// ANCHOR: needs_rehash
/// Whether a stored hash should be replaced at the next successful login: it is not argon2id, or it
/// was made with less memory or fewer passes than [`crate::password::argon2`] uses today. A login
/// is the only moment the password is known, so it is when a service upgrades its old hashes. The
/// PHC string carries everything needed to tell: its algorithm, its parameters, its salt.
pub fn needs_rehash(phc: &str) -> bool {
    let Ok(hash) = PasswordHash::new(phc) else {
        return true;
    };
    let Ok(params) = Params::try_from(&hash) else {
        return true;
    };
    let today = crate::password::argon2();
    hash.algorithm != ARGON2ID_IDENT
        || params.m_cost() < today.params().m_cost()
        || params.t_cost() < today.params().t_cost()
}
// ANCHOR_END: needs_rehash

// ANCHOR: signed_link
/// What the link in a confirmation email says: which address it confirms, and until when.
#[derive(Debug, Serialize, Deserialize)]
pub struct Confirmation {
    pub email: String,
    pub exp: u64,
}

/// A signed, expiring token for that link. `encode` serialises the claims with serde and signs
/// them with the header's algorithm and the key.
pub fn confirmation_token(
    email: &str,
    exp: u64,
    key: &[u8],
) -> jsonwebtoken::errors::Result<String> {
    let claims = Confirmation {
        email: email.to_owned(),
        exp,
    };
    let header = Header::new(Algorithm::HS256);
    jsonwebtoken::encode(&header, &claims, &EncodingKey::from_secret(key))
}

/// The address a link's token confirms, if its signature and its expiry hold. `decode` checks
/// what the `Validation` asks (here: HS256 and nothing else, an `exp` in the future) before it
/// deserialises the claims.
pub fn confirmed_email(token: &str, key: &[u8]) -> Option<String> {
    let validation = Validation::new(Algorithm::HS256);
    jsonwebtoken::decode::<Confirmation>(token, &DecodingKey::from_secret(key), &validation)
        .ok()
        .map(|data| data.claims.email)
}
// ANCHOR_END: signed_link
