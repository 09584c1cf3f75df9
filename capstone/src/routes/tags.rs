//! `GET /api/tags`

use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::AppError;
use crate::extract::Json;
use crate::openapi::ErrorBody;
use crate::state::AppState;

/// `{"tags": ["rust", "axum"]}`: what a front end shows as its list of popular tags.
#[derive(Debug, Serialize, ToSchema)]
pub struct TagsResponse {
    /// At most 100 tags, the most used first.
    pub tags: Vec<String>,
}

/// `GET /api/tags`: the tags in use, the most used first.
#[utoipa::path(
    get,
    operation_id = "GetTags",
    path = "/tags",
    tag = "Tags",
    responses(
        (status = 200, description = "The tags in use, the most used first", body = TagsResponse),
        (status = 422, description = "A field or parameter breaks a rule: each is named with its problem", body = ErrorBody),
        (status = "default", description = "Any other failure: a 413 for a body over the limit, a 429 on the auth routes, a 503 when the database is out of reach, a 500", body = ErrorBody),
    ),
)]
pub async fn list(State(state): State<AppState>) -> Result<Json<TagsResponse>, AppError> {
    // Read from the counts the database keeps (migration `0003_counts`), through their index,
    // instead of grouping every use of every tag. They come back as one array in one row, not a
    // row per tag: SQLx decodes each row on its own and re-enters the request's span for each
    // (see `middleware::request_span`): with 50 tags, counted in a loop of requests, that was half
    // of the instructions a request took.
    let tags = sqlx::query_scalar!(
        r#"SELECT ARRAY(SELECT tag FROM tag_counts ORDER BY uses DESC, tag LIMIT 100) AS "tags!""#
    )
    .fetch_one(&state.pool)
    .await?;
    Ok(Json(TagsResponse { tags }))
}
