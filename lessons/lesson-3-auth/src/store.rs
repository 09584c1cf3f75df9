//! The storage authentication needs, as a trait: [`MemoryStore`] here, PostgreSQL in Lesson 4.

use std::collections::HashMap;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use tokio::sync::Mutex;

pub type UserId = u64;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    User,
    Admin,
}

#[derive(Debug, Clone)]
pub struct User {
    pub id: UserId,
    pub email: String,
    pub password_hash: String,
    pub role: Role,
}

#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: String,
    pub password_hash: String,
    pub role: Role,
}

// ANCHOR: refresh_token
/// A refresh token as stored: its hash, never the token itself. Tokens rotated from one login share
/// a `family`, so a stolen one can take the whole chain down with it.
#[derive(Debug, Clone)]
pub struct RefreshToken {
    pub hash: String,
    pub user_id: UserId,
    pub family: String,
    pub expires_at: u64,
    /// Exchanged for a newer token already: presenting it again means it was copied.
    pub used: bool,
    pub revoked: bool,
}
// ANCHOR_END: refresh_token

#[derive(Debug, Clone)]
pub struct Session {
    pub hash: String,
    pub user_id: UserId,
    pub expires_at: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("already exists")]
    Conflict,
    #[error("the store is unavailable: {0}")]
    Unavailable(String),
}

// ANCHOR: auth_store
#[async_trait]
pub trait AuthStore: Send + Sync + 'static {
    /// `Err(StoreError::Conflict)` when the email is taken.
    async fn create_user(&self, new: NewUser) -> Result<User, StoreError>;
    async fn user_by_email(&self, email: &str) -> Result<Option<User>, StoreError>;
    async fn user_by_id(&self, id: UserId) -> Result<Option<User>, StoreError>;

    async fn save_refresh_token(&self, token: RefreshToken) -> Result<(), StoreError>;
    /// The token as it was, marking it used in the same step, so two requests racing with one
    /// token cannot both see it unused.
    async fn use_refresh_token(&self, hash: &str) -> Result<Option<RefreshToken>, StoreError>;
    async fn revoke_family(&self, family: &str) -> Result<(), StoreError>;

    async fn save_session(&self, session: Session) -> Result<(), StoreError>;
    async fn session(&self, hash: &str) -> Result<Option<Session>, StoreError>;
    async fn delete_session(&self, hash: &str) -> Result<(), StoreError>;
}
// ANCHOR_END: auth_store

#[derive(Debug, Default)]
pub struct MemoryStore {
    inner: Mutex<Tables>,
}

#[derive(Debug, Default)]
struct Tables {
    users: Vec<User>,
    refresh_tokens: HashMap<String, RefreshToken>,
    sessions: HashMap<String, Session>,
}

#[async_trait]
impl AuthStore for MemoryStore {
    async fn create_user(&self, new: NewUser) -> Result<User, StoreError> {
        let mut tables = self.inner.lock().await;
        if tables.users.iter().any(|user| user.email == new.email) {
            return Err(StoreError::Conflict);
        }
        let user = User {
            id: tables.users.len() as UserId + 1,
            email: new.email,
            password_hash: new.password_hash,
            role: new.role,
        };
        tables.users.push(user.clone());
        Ok(user)
    }

    async fn user_by_email(&self, email: &str) -> Result<Option<User>, StoreError> {
        let tables = self.inner.lock().await;
        Ok(tables
            .users
            .iter()
            .find(|user| user.email == email)
            .cloned())
    }

    async fn user_by_id(&self, id: UserId) -> Result<Option<User>, StoreError> {
        let tables = self.inner.lock().await;
        Ok(tables.users.iter().find(|user| user.id == id).cloned())
    }

    async fn save_refresh_token(&self, token: RefreshToken) -> Result<(), StoreError> {
        let mut tables = self.inner.lock().await;
        tables.refresh_tokens.insert(token.hash.clone(), token);
        Ok(())
    }

    async fn use_refresh_token(&self, hash: &str) -> Result<Option<RefreshToken>, StoreError> {
        let mut tables = self.inner.lock().await;
        Ok(tables.refresh_tokens.get_mut(hash).map(|token| {
            let before = token.clone();
            token.used = true;
            before
        }))
    }

    async fn revoke_family(&self, family: &str) -> Result<(), StoreError> {
        let mut tables = self.inner.lock().await;
        for token in tables.refresh_tokens.values_mut() {
            if token.family == family {
                token.revoked = true;
            }
        }
        Ok(())
    }

    async fn save_session(&self, session: Session) -> Result<(), StoreError> {
        let mut tables = self.inner.lock().await;
        tables.sessions.insert(session.hash.clone(), session);
        Ok(())
    }

    async fn session(&self, hash: &str) -> Result<Option<Session>, StoreError> {
        let tables = self.inner.lock().await;
        Ok(tables.sessions.get(hash).cloned())
    }

    async fn delete_session(&self, hash: &str) -> Result<(), StoreError> {
        let mut tables = self.inner.lock().await;
        tables.sessions.remove(hash);
        Ok(())
    }
}
