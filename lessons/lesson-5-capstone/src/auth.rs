//! Passwords and tokens: argon2id hashes computed on threads of their own, and JWTs signed with
//! HS256, sent as RealWorld specifies: `Authorization: Token <jwt>`.

use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Context;
use argon2::{Algorithm, Argon2, Params, PasswordHasher, PasswordVerifier, Version};
use axum::extract::{FromRequestParts, OptionalFromRequestParts};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use jsonwebtoken::{DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use tokio::sync::Semaphore;

use crate::error::AppError;
use crate::state::AppState;

/// argon2id with OWASP's parameters: 19 MiB, 2 passes, 1 lane.
fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("OWASP's parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

// ANCHOR: passwords
/// Password hashing with a bound. One argon2id computation takes a core for tens of milliseconds
/// and 19 MiB; unbounded, a flood of logins takes every core and every other request waits behind
/// it. At most `concurrency` computations run at once, on threads kept for hashing; a request
/// waits at most `wait` for its turn, then is told to come back ([`AppError::Unavailable`]).
pub struct Passwords {
    permits: Arc<Semaphore>,
    wait: Duration,
    /// What an unknown email is verified against, so that it costs as much as a known one. Made
    /// at start: if it cannot be made, the server does not start without the timing defence.
    dummy: String,
    /// Work for the hashing threads; they stop when it is dropped.
    jobs: Sender<Job>,
}

type Job = Box<dyn FnOnce() + Send>;

/// A hashing thread: runs jobs from `queue` until the queue is gone. Threads kept for hashing,
/// rather than tokio's blocking pool, hash about twice as fast (`cargo course bench`: 56 logins/s
/// on one thread, 32 on the pool, one login at a time), most likely because each keeps its 19 MiB
/// of working memory from one hash to the next.
fn hashing_thread(queue: &Mutex<Receiver<Job>>) {
    loop {
        let job = match queue.lock() {
            Ok(queue) => queue.recv(),
            Err(_) => return,
        };
        let Ok(job) = job else { return };
        // A job that panics loses its answer (its caller sees the channel closed), not the thread.
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
    }
}

/// How soon a login refused for lack of hashing capacity should be retried.
const RETRY_AFTER_BUSY_SECS: u64 = 1;

impl Passwords {
    pub fn new(concurrency: usize, wait: Duration) -> anyhow::Result<Self> {
        let dummy = argon2()
            .hash_password(b"nobody has this password")
            .map_err(|error| anyhow::anyhow!("cannot make the dummy password hash: {error}"))?
            .to_string();
        let concurrency = concurrency.max(1);
        let (jobs, queue) = std::sync::mpsc::channel::<Job>();
        let queue = Arc::new(Mutex::new(queue));
        for n in 0..concurrency {
            let queue = queue.clone();
            std::thread::Builder::new()
                .name(format!("password-hashing-{n}"))
                .spawn(move || hashing_thread(&queue))
                .context("cannot start a password-hashing thread")?;
        }
        Ok(Self {
            permits: Arc::new(Semaphore::new(concurrency)),
            wait,
            dummy,
            jobs,
        })
    }

    /// A PHC string for `password`.
    pub async fn hash(&self, password: String) -> Result<String, AppError> {
        self.run(move || {
            argon2()
                .hash_password(password.as_bytes())
                .map(|hash| hash.to_string())
                .map_err(|error| anyhow::anyhow!("argon2 could not hash: {error}"))
        })
        .await?
        .map_err(AppError::from)
    }

    /// Whether `password` matches the stored hash. With no stored hash (an unknown email) it
    /// checks against the dummy, so the answer takes as long either way.
    pub async fn verify(&self, password: String, stored: Option<String>) -> Result<bool, AppError> {
        let known = stored.is_some();
        let hash = stored.unwrap_or_else(|| self.dummy.clone());
        let matches = self
            .run(move || {
                argon2()
                    .verify_password(password.as_bytes(), hash.as_str())
                    .is_ok()
            })
            .await?;
        Ok(known && matches)
    }

    // ANCHOR: bounded_wait
    /// Runs `work` on a hashing thread once a permit is free, waiting at most `wait` for one.
    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, AppError> {
        let permit = tokio::time::timeout(self.wait, self.permits.clone().acquire_owned())
            .await
            .map_err(|_| {
                tracing::warn!("password hashing is saturated; refusing a request");
                AppError::Unavailable {
                    retry_after: RETRY_AFTER_BUSY_SECS,
                }
            })?
            .context("the hashing permits are closed")?;
        let (answer, answered) = tokio::sync::oneshot::channel();
        let job = Box::new(move || {
            let _permit = permit;
            let _ = answer.send(work());
        });
        self.jobs
            .send(job)
            .map_err(|_| anyhow::anyhow!("the password-hashing threads are gone"))?;
        Ok(answered.await.context("the password-hashing job failed")?)
    }
    // ANCHOR_END: bounded_wait
}
// ANCHOR_END: passwords

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

    /// The user id and session of a well-signed token: HS256 only, this issuer and audience, not
    /// expired. Whether the session is still open only the database knows: see
    /// [`AuthUser::from_token`].
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
}

// ANCHOR: auth_user
/// The caller, proven by `Authorization: Token <jwt>`. Keeps the token: RealWorld's user
/// responses echo it back.
#[derive(Debug, Clone)]
pub struct AuthUser {
    pub id: i64,
    pub token: String,
}

impl AuthUser {
    /// The caller `token` proves: signed with our key and unexpired, and its session still open.
    /// A signature alone cannot say that the account still exists or that its owner has not
    /// logged out since; the database can, in one indexed look-up of the session's refresh
    /// tokens, which are deleted with the account and revoked by a logout. Every other route
    /// then knows its user exists: a write naming a deleted user is refused here with a 401,
    /// not by a foreign key with a 500.
    pub async fn from_token(state: &AppState, token: &str) -> Result<Self, AppError> {
        let (id, session) = state.keys.verify(token)?;
        let open = sqlx::query_scalar!(
            r#"SELECT bool_and(NOT revoked) AS "open"
               FROM refresh_tokens WHERE family = $1 AND user_id = $2"#,
            session,
            id,
        )
        .fetch_one(&state.pool)
        .await?;
        if open != Some(true) {
            return Err(AppError::InvalidToken);
        }
        Ok(Self {
            id,
            token: token.to_owned(),
        })
    }
}

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
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
        Self::from_token(state, token).await
    }
}
// ANCHOR_END: auth_user

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

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashing_runs_on_threads_of_its_own() {
        let passwords = Passwords::new(1, Duration::from_secs(5)).expect("hashing starts");
        let thread = passwords
            .run(|| std::thread::current().name().map(str::to_owned))
            .await
            .expect("the job runs");
        assert_eq!(thread.as_deref(), Some("password-hashing-0"));
    }
}
