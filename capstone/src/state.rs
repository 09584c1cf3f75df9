//! What every handler can reach. No per-instance state: everything shared lives in PostgreSQL, so
//! any number of copies can serve behind a load balancer.

use std::sync::Arc;

use sqlx::PgPool;

use crate::auth::Keys;

#[derive(Clone)]
pub struct AppState {
    pub pool: PgPool,
    pub keys: Arc<Keys>,
}
