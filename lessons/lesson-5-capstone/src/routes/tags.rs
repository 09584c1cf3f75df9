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

/// The tags in use, most used first: read from the counts the database keeps (migration
/// `0003_counts`), through their index, instead of grouping every use of every tag.
pub async fn list(State(state): State<AppState>) -> Result<Json<TagsResponse>, AppError> {
    let tags = sqlx::query_scalar!("SELECT tag FROM tag_counts ORDER BY uses DESC, tag LIMIT 100")
        .fetch_all(&state.pool)
        .await?;
    Ok(Json(TagsResponse { tags }))
}
