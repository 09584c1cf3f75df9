//! A pooled connection as a handler argument.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use sqlx::Postgres;
use sqlx::pool::PoolConnection;

use crate::AppState;
use crate::error::DbError;

// ANCHOR: db_conn
/// A connection from the pool, held for the rest of the request and returned when the handler is
/// done. When none comes free within the pool's acquire timeout, the request is answered 503
/// before the handler runs: the database is the bottleneck, and queueing more work on it helps no
/// one.
pub struct DbConn(pub PoolConnection<Postgres>);

impl FromRequestParts<AppState> for DbConn {
    type Rejection = DbError;

    async fn from_request_parts(_parts: &mut Parts, state: &AppState) -> Result<Self, DbError> {
        // BEGIN EXERCISE 4.6
        let _ = state;
        todo!("exercise 4.6: acquire a connection from the pool")
        // END EXERCISE 4.6
    }
}
// ANCHOR_END: db_conn
