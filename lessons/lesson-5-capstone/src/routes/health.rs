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
    let _ = state;
    todo!("exercise 5.9: 200 when the database answers within a second, 503 otherwise")
    // END EXERCISE 5.9
}
