//! `/health/live` (the process answers) and `/health/ready` (it can do its job: the database
//! answers). A load balancer sends traffic only to ready instances; an orchestrator restarts the
//! ones that are not live.

use axum::extract::State;
use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::extract::Json;
use crate::state::AppState;

pub async fn live() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

/// 503 when the database does not answer within a second.
pub async fn ready(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    // BEGIN EXERCISE 5.9
    use std::time::Duration;

    let ping = tokio::time::timeout(
        Duration::from_secs(1),
        sqlx::query_scalar!("SELECT 1 AS \"one!\"").fetch_one(&state.pool),
    )
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
