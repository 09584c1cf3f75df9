//! Passwords, hashed with argon2id on tokio's blocking pool, with a bound on how many hashes run
//! at once: a login costs a core for tens of milliseconds, and a flood of them must not take every
//! core from the other requests.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use argon2::{Algorithm, Argon2, Params, PasswordHasher, PasswordVerifier, Version};
use tokio::sync::Semaphore;

use crate::error::AppError;

/// argon2id with OWASP's parameters: 19 MiB, 2 passes, 1 lane.
fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("OWASP's parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

// ANCHOR: passwords
/// Password hashing with a bound. One argon2id computation takes a core for tens of milliseconds
/// and 19 MiB; unbounded, a flood of logins takes every core and every other request waits behind
/// it. At most `concurrency` computations run at once, on tokio's blocking pool (never on the
/// async workers, which would stall every request on them); a request waits at most `wait` for its
/// turn, then is told to come back ([`AppError::Unavailable`]).
pub struct Passwords {
    permits: Arc<Semaphore>,
    wait: Duration,
    /// What an unknown email is verified against, so that it costs as much as a known one. Made
    /// at start: if it cannot be made, the server does not start without the timing defence.
    dummy: String,
}

/// How soon a login refused for lack of hashing capacity should be retried.
const RETRY_AFTER_BUSY_SECS: u64 = 1;

impl Passwords {
    /// At most `concurrency` hashes at once (at least one), and the longest a request waits for
    /// its turn. Fails if the dummy hash cannot be made.
    pub fn new(concurrency: usize, wait: Duration) -> anyhow::Result<Self> {
        let dummy = argon2()
            .hash_password(b"nobody has this password")
            .map_err(|error| anyhow::anyhow!("cannot make the dummy password hash: {error}"))?
            .to_string();
        Ok(Self {
            permits: Arc::new(Semaphore::new(concurrency.max(1))),
            wait,
            dummy,
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
    /// Runs `work` on the blocking pool once a permit is free, waiting at most `wait` for one.
    /// The permit goes with the work, so it is held until the hash is done, even if the request
    /// that asked for it has gone.
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
        let answer = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            work()
        })
        .await
        .context("the password-hashing job failed")?;
        Ok(answer)
    }
    // ANCHOR_END: bounded_wait
}
// ANCHOR_END: passwords
