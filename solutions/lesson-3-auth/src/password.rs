//! Passwords: argon2id hashes in the PHC string format, computed on tokio's blocking threads.

use std::sync::Arc;
use std::sync::LazyLock;
use std::sync::atomic::{AtomicU64, Ordering};

use argon2::{Algorithm, Argon2, Params, Version};

use crate::error::AuthError;

// ANCHOR: argon2
/// argon2id with OWASP's minimum: 19 MiB of memory, 2 passes, 1 lane. Each guess an attacker makes
/// costs that much, which is the point; so does each login, which is why it runs off the async
/// workers. The parameters are stored in every hash, so raising them later still verifies old ones.
pub fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("OWASP's parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}
// ANCHOR_END: argon2

// ANCHOR: hash_password
/// `$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`: algorithm, parameters, a fresh random salt and
/// the hash, all in one string to store.
pub fn hash_password(password: &str) -> Result<String, AuthError> {
    // BEGIN EXERCISE 3.1
    use argon2::PasswordHasher;

    let hash = argon2()
        .hash_password(password.as_bytes())
        .map_err(|error| {
            tracing::error!(%error, "argon2 could not hash");
            AuthError::Internal
        })?;
    Ok(hash.to_string())
    // END EXERCISE 3.1
}
// ANCHOR_END: hash_password

// ANCHOR: verify_password
/// Whether `password` is the one `phc` was made from. A wrong password is `Ok(false)`; a `phc` that
/// is not a valid hash is an error (it came from our own store, so something is broken).
pub fn verify_password(password: &str, phc: &str) -> Result<bool, AuthError> {
    // BEGIN EXERCISE 3.2
    use argon2::PasswordVerifier;

    match argon2().verify_password(password.as_bytes(), phc) {
        Ok(()) => Ok(true),
        Err(argon2::password_hash::Error::PasswordInvalid) => Ok(false),
        Err(error) => {
            tracing::error!(%error, "a stored password hash is unusable");
            Err(AuthError::Internal)
        }
    }
    // END EXERCISE 3.2
}
// ANCHOR_END: verify_password

// ANCHOR: in_background
/// [`hash_password`] on tokio's blocking thread pool. A hash takes tens of milliseconds of pure
/// CPU; run on an async worker, it would stall every other request that worker serves.
pub async fn hash_in_background(password: String) -> Result<String, AuthError> {
    // BEGIN EXERCISE 3.3
    tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|_| AuthError::Internal)?
    // END EXERCISE 3.3
}

/// [`verify_password`] on the blocking thread pool.
pub async fn verify_in_background(password: String, phc: String) -> Result<bool, AuthError> {
    // BEGIN EXERCISE 3.3
    tokio::task::spawn_blocking(move || verify_password(&password, &phc))
        .await
        .map_err(|_| AuthError::Internal)?
    // END EXERCISE 3.3
}
// ANCHOR_END: in_background

// ANCHOR: dummy_hash
/// A hash of no one's password. Verifying against it when the email is unknown makes a failed
/// login take as long whether or not the account exists, so timing does not reveal who has one.
pub fn dummy_hash() -> String {
    // Hashing a constant fails only if the OS has no randomness for the salt; then every login
    // fails with an internal error anyway, which is the safe way to fail.
    static DUMMY: LazyLock<String> =
        LazyLock::new(|| hash_password("no account has this password").unwrap_or_default());
    DUMMY.clone()
}
// ANCHOR_END: dummy_hash

/// The handlers' way to hash and verify, counting verifications: a number worth exporting as a
/// metric (a spike is a credential-stuffing attack), and how the tests see that a login for an
/// unknown email still verifies a hash.
#[derive(Debug, Clone, Default)]
pub struct Passwords {
    verifications: Arc<AtomicU64>,
}

impl Passwords {
    pub async fn hash(&self, password: String) -> Result<String, AuthError> {
        hash_in_background(password).await
    }

    pub async fn verify(&self, password: String, phc: String) -> Result<bool, AuthError> {
        self.verifications.fetch_add(1, Ordering::Relaxed);
        verify_in_background(password, phc).await
    }

    pub fn verifications(&self) -> u64 {
        self.verifications.load(Ordering::Relaxed)
    }
}
