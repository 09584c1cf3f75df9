//! Lesson 3's `AuthStore`, in PostgreSQL. The handlers of Lesson 3 run unchanged on top of it:
//! `AppState::new(config, Arc::new(PgAuthStore::new(pool)))`.

use async_trait::async_trait;
use auth::store::{AuthStore, NewUser, RefreshToken, Role, Session, StoreError, User, UserId};
use sqlx::PgPool;

pub struct PgAuthStore {
    pool: PgPool,
}

impl PgAuthStore {
    pub fn new(pool: PgPool) -> Self {
        Self { pool }
    }
}

fn unavailable(error: sqlx::Error) -> StoreError {
    StoreError::Unavailable(error.to_string())
}

/// Lesson 3 counts users with `u64`; PostgreSQL's `BIGSERIAL` is an `i64` that is never negative.
fn db_id(id: UserId) -> Result<i64, StoreError> {
    i64::try_from(id).map_err(|_| StoreError::Unavailable(format!("user id {id} is out of range")))
}

fn user(id: i64, email: String, password_hash: String, role: &str) -> User {
    User {
        id: id.unsigned_abs(),
        email,
        password_hash,
        role: if role == "admin" {
            Role::Admin
        } else {
            Role::User
        },
    }
}

fn role_name(role: Role) -> &'static str {
    match role {
        Role::User => "user",
        Role::Admin => "admin",
    }
}

#[async_trait]
impl AuthStore for PgAuthStore {
    async fn create_user(&self, new: NewUser) -> Result<User, StoreError> {
        let row = sqlx::query!(
            "INSERT INTO users (email, password_hash, role) VALUES ($1, $2, $3)
             RETURNING id, email, password_hash, role",
            new.email,
            new.password_hash,
            role_name(new.role),
        )
        .fetch_one(&self.pool)
        .await
        .map_err(|error| match &error {
            sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict,
            _ => unavailable(error),
        })?;
        Ok(user(row.id, row.email, row.password_hash, &row.role))
    }

    async fn user_by_email(&self, email: &str) -> Result<Option<User>, StoreError> {
        let row = sqlx::query!(
            "SELECT id, email, password_hash, role FROM users WHERE email = $1",
            email
        )
        .fetch_optional(&self.pool)
        .await
        .map_err(unavailable)?;
        Ok(row.map(|row| user(row.id, row.email, row.password_hash, &row.role)))
    }

    async fn user_by_id(&self, id: UserId) -> Result<Option<User>, StoreError> {
        let row = sqlx::query!(
            "SELECT id, email, password_hash, role FROM users WHERE id = $1",
            db_id(id)?
        )
        .fetch_optional(&self.pool)
        .await
        .map_err(unavailable)?;
        Ok(row.map(|row| user(row.id, row.email, row.password_hash, &row.role)))
    }

    async fn save_refresh_token(&self, token: RefreshToken) -> Result<(), StoreError> {
        sqlx::query!(
            "INSERT INTO refresh_tokens (hash, user_id, family, expires_at, used, revoked)
             VALUES ($1, $2, $3, $4, $5, $6)",
            token.hash,
            db_id(token.user_id)?,
            token.family,
            i64::try_from(token.expires_at).unwrap_or(i64::MAX),
            token.used,
            token.revoked,
        )
        .execute(&self.pool)
        .await
        .map_err(unavailable)?;
        Ok(())
    }

    // ANCHOR: use_refresh_token
    /// One statement, so two requests racing with the same token cannot both see it unused: the
    /// row lock taken by `FOR UPDATE` makes the second wait, and it then sees `used = true`.
    async fn use_refresh_token(&self, hash: &str) -> Result<Option<RefreshToken>, StoreError> {
        // BEGIN EXERCISE 4.10
        let row = sqlx::query!(
            "WITH before AS (
                 SELECT hash, user_id, family, expires_at, used, revoked
                 FROM refresh_tokens WHERE hash = $1 FOR UPDATE
             )
             UPDATE refresh_tokens SET used = true FROM before
             WHERE refresh_tokens.hash = before.hash
             RETURNING before.hash, before.user_id, before.family, before.expires_at,
                       before.used, before.revoked",
            hash
        )
        .fetch_optional(&self.pool)
        .await
        .map_err(unavailable)?;
        Ok(row.map(|row| RefreshToken {
            hash: row.hash,
            user_id: row.user_id.unsigned_abs(),
            family: row.family,
            expires_at: row.expires_at.unsigned_abs(),
            used: row.used,
            revoked: row.revoked,
        }))
        // END EXERCISE 4.10
    }
    // ANCHOR_END: use_refresh_token

    async fn revoke_family(&self, family: &str) -> Result<(), StoreError> {
        sqlx::query!(
            "UPDATE refresh_tokens SET revoked = true WHERE family = $1",
            family
        )
        .execute(&self.pool)
        .await
        .map_err(unavailable)?;
        Ok(())
    }

    async fn save_session(&self, session: Session) -> Result<(), StoreError> {
        sqlx::query!(
            "INSERT INTO sessions (hash, user_id, expires_at) VALUES ($1, $2, $3)",
            session.hash,
            db_id(session.user_id)?,
            i64::try_from(session.expires_at).unwrap_or(i64::MAX),
        )
        .execute(&self.pool)
        .await
        .map_err(unavailable)?;
        Ok(())
    }

    async fn session(&self, hash: &str) -> Result<Option<Session>, StoreError> {
        let row = sqlx::query!(
            "SELECT hash, user_id, expires_at FROM sessions WHERE hash = $1",
            hash
        )
        .fetch_optional(&self.pool)
        .await
        .map_err(unavailable)?;
        Ok(row.map(|row| Session {
            hash: row.hash,
            user_id: row.user_id.unsigned_abs(),
            expires_at: row.expires_at.unsigned_abs(),
        }))
    }

    async fn delete_session(&self, hash: &str) -> Result<(), StoreError> {
        sqlx::query!("DELETE FROM sessions WHERE hash = $1", hash)
            .execute(&self.pool)
            .await
            .map_err(unavailable)?;
        Ok(())
    }
}
