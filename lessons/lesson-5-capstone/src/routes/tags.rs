//! `GET /api/tags`

use axum::extract::State;
use serde::Serialize;

use crate::error::AppError;
use crate::extract::Json;
use crate::state::AppState;

/// `{"tags": ["rust", "axum"]}`: what a front end shows as its list of popular tags.
#[derive(Debug, Serialize)]
pub struct TagsResponse {
    /// At most 100 tags, the most used first.
    pub tags: Vec<String>,
}

/// The tags in use, most used first: read from the counts the database keeps (migration
/// `0003_counts`), through their index, instead of grouping every use of every tag. They come back
/// as one array in one row, not a row per tag: SQLx decodes each row on its own and re-enters the
/// request's span for each (see `middleware::request_span`): with 50 tags, counted in a loop of
/// requests, that was half of the instructions a request took.
pub async fn list(State(state): State<AppState>) -> Result<Json<TagsResponse>, AppError> {
    let tags = sqlx::query_scalar!(
        r#"SELECT ARRAY(SELECT tag FROM tag_counts ORDER BY uses DESC, tag LIMIT 100) AS "tags!""#
    )
    .fetch_one(&state.pool)
    .await?;
    Ok(Json(TagsResponse { tags }))
}
