//! Small working examples of what the exercises use, at the pinned versions (argon2 0.6,
//! jsonwebtoken 11, axum 0.8): the book shows each before the exercises that use the same API, for
//! a different job than the exercises', so that none gives an answer away.

use std::net::SocketAddr;

use argon2::{ARGON2ID_IDENT, Params, PasswordHash};
use axum::extract::{ConnectInfo, FromRequestParts, OptionalFromRequestParts};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
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

// ANCHOR: recovery_code_hashes
/// What the server keeps of the recovery codes it gives an account: a PHC string for each (the
/// parameters, a salt of its own and the hash), never the codes, which the user is shown once.
/// `hash_password` is a method of the `PasswordHasher` trait, so it compiles only with the trait
/// in scope, and it draws a fresh random salt on every call. Its error is passed on: an account is
/// not told codes that were never stored.
pub fn recovery_code_hashes(codes: &[&str]) -> Result<Vec<String>, argon2::password_hash::Error> {
    use argon2::PasswordHasher;

    let argon2 = crate::password::argon2();
    codes
        .iter()
        .map(|code| Ok(argon2.hash_password(code.as_bytes())?.to_string()))
        .collect()
}
// ANCHOR_END: recovery_code_hashes

// ANCHOR: recovery_code
/// Which of an account's unused recovery codes (the one-time codes that stand in for a lost second
/// factor) `code` is, so that it can be crossed off. The codes are short enough to guess offline,
/// so they are stored as argon2 hashes, like passwords. `verify_password`, a method of the
/// `PasswordVerifier` trait (hence the `use`), hashes `code` again with the salt and parameters
/// read from the PHC string: `Ok(())` is a match, and an `Err`, a `password_hash::Error`, says
/// why not. Here every reason means the same, "not this one", and the next hash is tried.
pub fn recovery_code_index(code: &str, hashes: &[String]) -> Option<usize> {
    use argon2::PasswordVerifier;

    let argon2 = crate::password::argon2();
    hashes.iter().position(|phc| {
        argon2
            .verify_password(code.as_bytes(), phc.as_str())
            .is_ok()
    })
}
// ANCHOR_END: recovery_code

// ANCHOR: recovery_code_in_background
/// [`recovery_code_index`] on tokio's blocking thread pool: up to one argon2 hash per stored code,
/// tens of milliseconds of CPU each, which an async worker must not spend. The closure is moved to
/// another thread and may outlive this call, so it owns what it uses (`String`, `Vec`, no
/// borrows). Awaiting the handle gives the closure's value, or a `JoinError` if it panicked (or
/// the runtime, shutting down, cancelled it).
pub async fn recovery_code_index_in_background(
    code: String,
    hashes: Vec<String>,
) -> Result<Option<usize>, tokio::task::JoinError> {
    tokio::task::spawn_blocking(move || recovery_code_index(&code, &hashes)).await
}
// ANCHOR_END: recovery_code_in_background

// ANCHOR: signed_link
/// What the link in a confirmation email says: which address it confirms, until when, and what for
/// (`aud`). The same key may sign other links, a password reset's, and a token made for one job
/// must not pass for another.
#[derive(Debug, Serialize, Deserialize)]
pub struct Confirmation {
    pub email: String,
    pub exp: u64,
    pub aud: String,
}

/// The audience of confirmation links: written into their tokens, required when they are read.
pub const CONFIRM_EMAIL: &str = "confirm-email";

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
        aud: CONFIRM_EMAIL.to_owned(),
    };
    let header = Header::new(Algorithm::HS256);
    jsonwebtoken::encode(&header, &claims, &EncodingKey::from_secret(key))
}
// ANCHOR_END: signed_link

// ANCHOR: confirmed_email
/// The address a link's token confirms, if its signature, its expiry and its purpose hold. `decode`
/// checks what the `Validation` asks before it deserialises the claims. `new` accepts HS256 and
/// nothing else, whatever the token's header claims, and wants an `exp` in the future, give or
/// take its `leeway` field (60 s by default, for clocks that disagree). `set_audience` names the
/// accepted `aud`; a claim is only checked when present, unless `set_required_spec_claims` lists
/// it, so a token with no `aud` at all is refused too.
pub fn confirmed_email(token: &str, key: &[u8]) -> Option<String> {
    let mut validation = Validation::new(Algorithm::HS256);
    validation.set_audience(&[CONFIRM_EMAIL]);
    validation.set_required_spec_claims(&["exp", "aud"]);
    jsonwebtoken::decode::<Confirmation>(token, &DecodingKey::from_secret(key), &validation)
        .ok()
        .map(|data| data.claims.email)
}
// ANCHOR_END: confirmed_email

// ANCHOR: idempotency_key
/// The `Idempotency-Key` header a client sends so that a POST it retries after a timeout is done
/// once: the server keeps the first answer under the key and replays it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyKey(pub String);

/// For routes where a retry would do harm twice (a payment): no key, no handler, a `400`.
impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = (StatusCode, &'static str);

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        <Self as OptionalFromRequestParts<S>>::from_request_parts(parts, state)
            .await?
            .ok_or((
                StatusCode::BAD_REQUEST,
                "this request needs an Idempotency-Key",
            ))
    }
}

/// `Option<IdempotencyKey>`, for routes that are safe to retry anyway. axum 0.8 asks this trait
/// (`Option<T>` is no longer "`None` on any rejection"), so the type decides what "absent" is:
/// no header. A header that is there but unusable is still refused, not quietly ignored.
impl<S: Send + Sync> OptionalFromRequestParts<S> for IdempotencyKey {
    type Rejection = (StatusCode, &'static str);

    async fn from_request_parts(
        parts: &mut Parts,
        _state: &S,
    ) -> Result<Option<Self>, Self::Rejection> {
        let Some(value) = parts.headers.get("idempotency-key") else {
            return Ok(None);
        };
        value
            .to_str()
            .ok()
            .filter(|key| (1..=255).contains(&key.len()))
            .map(|key| Some(Self(key.to_owned())))
            .ok_or((
                StatusCode::BAD_REQUEST,
                "an Idempotency-Key is 1 to 255 ASCII characters",
            ))
    }
}
// ANCHOR_END: idempotency_key

// ANCHOR: local_caller
/// A caller on this machine, for operational routes (a cache flush, a debug dump) meant for the
/// host's own tools. It is built on another extractor, axum's `ConnectInfo`: what that one refuses
/// (no peer address, the server was not started with `into_make_service_with_connect_info`) is
/// refused as it was, a 500, since the bug is ours; a peer it finds, but elsewhere, is a `403`:
/// the server knows where the call comes from, and the answer is no. Behind a reverse proxy every
/// peer is the proxy, so such routes belong on a listener of their own.
#[derive(Debug, Clone, Copy)]
pub struct LocalCaller(pub SocketAddr);

impl<S: Send + Sync> FromRequestParts<S> for LocalCaller {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Response> {
        let ConnectInfo(peer) = ConnectInfo::<SocketAddr>::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        // `to_canonical`: an IPv4 loopback seen through an IPv6 socket is `::ffff:127.0.0.1`.
        if !peer.ip().to_canonical().is_loopback() {
            return Err(
                (StatusCode::FORBIDDEN, "only this host may call this route").into_response(),
            );
        }
        Ok(Self(peer))
    }
}
// ANCHOR_END: local_caller
