//! Passwords, hashed with argon2id on threads of their own, with a bound on how many hashes run
//! at once: a login costs a core for tens of milliseconds, and a flood of them must not take every
//! core from the other requests.

use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Arc, Mutex};
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
    /// `concurrency` hashing threads (at least one), and the longest a request waits for one.
    /// Fails if a thread cannot be started or the dummy hash cannot be made.
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
