//! Lesson 4: the bookmarks in PostgreSQL, through SQLx.
//!
//! [`db`] configures the pool and holds the migrations; [`repo`] is every query, checked against
//! the schema at compile time; [`error`] maps database errors to HTTP answers; [`extract`] hands a
//! handler a pooled connection; [`bookmarks`] is the HTTP API; [`auth_store`] is Lesson 3's store
//! in PostgreSQL.

pub mod auth_store;
pub mod bookmarks;
pub mod db;
pub mod error;
pub mod extract;
pub mod primer;
pub mod repo;

use sqlx::PgPool;

pub use bookmarks::app;
pub use error::DbError;

/// A `PgPool` is already a cheap, shared handle: cloning the state clones an `Arc`.
#[derive(Clone)]
pub struct AppState {
    pub pool: PgPool,
}
