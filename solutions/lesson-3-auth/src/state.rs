//! The application state: storage, token keys, password hashing, configuration.

use std::sync::Arc;

use crate::config::AuthConfig;
use crate::jwt::Keys;
use crate::password::Passwords;
use crate::store::{AuthStore, MemoryStore};

#[derive(Clone)]
pub struct AppState {
    /// Behind a trait object so Lesson 4 can swap the in-memory store for PostgreSQL without
    /// touching a handler.
    pub store: Arc<dyn AuthStore>,
    pub keys: Arc<Keys>,
    pub passwords: Passwords,
    pub config: Arc<AuthConfig>,
}

impl AppState {
    pub fn new(config: AuthConfig, store: Arc<dyn AuthStore>) -> Self {
        Self {
            keys: Arc::new(Keys::new(&config)),
            store,
            passwords: Passwords::default(),
            config: Arc::new(config),
        }
    }

    /// An empty in-memory store.
    pub fn in_memory(config: AuthConfig) -> Self {
        Self::new(config, Arc::new(MemoryStore::default()))
    }
}
