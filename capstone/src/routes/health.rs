//! `/health/live` (the process answers) and `/health/ready` (it can do its job: the database
//! answers, and it is not shutting down). A load balancer sends traffic only to ready instances;
//! an orchestrator restarts the ones that are not live.

use std::sync::atomic::Ordering;

use axum::extract::State;
use axum::http::StatusCode;
use serde_json::{Value, json};
use sqlx::PgPool;

use crate::extract::Json;
use crate::openapi::ErrorBody;
use crate::state::AppState;

/// `GET /health/live`: 200 whenever the process answers at all. It checks nothing else: a
/// database outage should make instances unready, not have them restarted, which would not bring
/// the database back.
#[utoipa::path(
    get,
    operation_id = "Live",
    path = "/health/live",
    tag = "Health",
    responses(
        (status = 200, description = "The process answers", content_type = "application/json", example = json!({"status": "ok"})),
        (status = "default", description = "Any other failure: a 413 for a body over the limit, a 429 on the auth routes, a 503 when the database is out of reach, a 500", body = ErrorBody),
    ),
)]
pub async fn live() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

/// 503 from the moment the server is asked to stop (see `server::Application::run_until`): the
/// load balancer stops sending requests while the server still serves them.
#[utoipa::path(
    get,
    operation_id = "Ready",
    path = "/health/ready",
    tag = "Health",
    responses(
        (status = 200, description = "Ready: the database answers", content_type = "application/json", example = json!({"status": "ok", "database": "ok"})),
        (status = 503, description = "Not ready: the database does not answer, or the server is stopping", content_type = "application/json", example = json!({"status": "unavailable", "database": "error"})),
        (status = "default", description = "Any other failure: a 413 for a body over the limit, a 429 on the auth routes, a 503 when the database is out of reach, a 500", body = ErrorBody),
    ),
)]
pub async fn ready(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    if state.draining.load(Ordering::Relaxed) {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({ "status": "draining" })),
        );
    }
    database_ready(&state.pool).await
}

/// Whether the database can serve a request now: 200, or a 503 whose body says what is wrong.
async fn database_ready(pool: &PgPool) -> (StatusCode, Json<Value>) {
    // BEGIN EXERCISE 5.9
    use sqlx::{Connection, PgConnection};
    use std::time::Duration;

    // On a connection of its own, not the pool's: the pool retries a refused connection until its
    // acquire timeout, so through it a database that is down looks like one that hangs; and an
    // instance whose pool is busy serving is loaded, not unready.
    let ping = tokio::time::timeout(Duration::from_secs(1), async {
        let mut connection = PgConnection::connect_with(&pool.connect_options()).await?;
        sqlx::query_scalar!("SELECT 1 AS \"one!\"")
            .fetch_one(&mut connection)
            .await?;
        connection.close().await
    })
    .await;
    match ping {
        Ok(Ok(_)) => (
            StatusCode::OK,
            Json(json!({ "status": "ok", "database": "ok" })),
        ),
        Ok(Err(error)) => {
            tracing::warn!(%error, "readiness: the database failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "status": "unavailable", "database": "error" })),
            )
        }
        Err(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({ "status": "unavailable", "database": "timeout" })),
        ),
    }
    // END EXERCISE 5.9
}
