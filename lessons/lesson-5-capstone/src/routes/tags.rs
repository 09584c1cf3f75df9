//! `GET /api/tags`

use axum::extract::State;
use serde::Serialize;

use crate::error::AppError;
use crate::extract::Json;
use crate::state::AppState;

#[derive(Debug, Serialize)]
pub struct TagsResponse {
    pub tags: Vec<String>,
}

/// Every tag in use, most used first.
pub async fn list(State(state): State<AppState>) -> Result<Json<TagsResponse>, AppError> {
    let tags = sqlx::query_scalar!(
        "SELECT tag FROM article_tags GROUP BY tag ORDER BY count(*) DESC, tag LIMIT 100"
    )
    .fetch_all(&state.pool)
    .await?;
    Ok(Json(TagsResponse { tags }))
}
