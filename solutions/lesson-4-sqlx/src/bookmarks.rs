//! The HTTP API over the repository.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::error::DbError;
use crate::extract::DbConn;
use crate::repo::{self, Bookmark, NewBookmark, Page, TaggedBookmark};

pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/bookmarks", post(create).get(page))
        .route("/bookmarks/feed", get(feed))
        .route("/bookmarks/tagged", get(tagged))
        .route("/bookmarks/{id}", get(show))
        .with_state(state)
}

pub async fn create(
    State(state): State<AppState>,
    Json(new): Json<NewBookmark>,
) -> Result<(StatusCode, Json<TaggedBookmark>), DbError> {
    let created = repo::create_with_tags(&state.pool, &new).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

pub async fn show(
    DbConn(mut conn): DbConn,
    Path(id): Path<i64>,
) -> Result<Json<Bookmark>, DbError> {
    Ok(Json(repo::find(&mut *conn, id).await?))
}

#[derive(Debug, Deserialize)]
pub struct PageParams {
    #[serde(default = "default_limit")]
    pub limit: i64,
    #[serde(default)]
    pub offset: i64,
}

#[derive(Debug, Deserialize)]
pub struct FeedParams {
    pub before: Option<i64>,
    #[serde(default = "default_limit")]
    pub limit: i64,
}

fn default_limit() -> i64 {
    20
}

/// Limits come from the client: bound them, or one request can ask for the whole table.
fn bounded(limit: i64) -> i64 {
    limit.clamp(1, 100)
}

pub async fn page(
    State(state): State<AppState>,
    Query(params): Query<PageParams>,
) -> Result<Json<Page>, DbError> {
    let page = repo::page(&state.pool, bounded(params.limit), params.offset.max(0)).await?;
    Ok(Json(page))
}

/// A page of the feed and the cursor for the next one (`null` on the last page).
#[derive(Debug, Serialize)]
pub struct Feed {
    pub items: Vec<Bookmark>,
    pub next: Option<i64>,
}

pub async fn feed(
    State(state): State<AppState>,
    Query(params): Query<FeedParams>,
) -> Result<Json<Feed>, DbError> {
    let limit = bounded(params.limit);
    let items = repo::after(&state.pool, params.before, limit).await?;
    let next = (items.len() as i64 == limit)
        .then(|| items.last().map(|b| b.id))
        .flatten();
    Ok(Json(Feed { items, next }))
}

pub async fn tagged(
    State(state): State<AppState>,
    Query(params): Query<PageParams>,
) -> Result<Json<Vec<TaggedBookmark>>, DbError> {
    Ok(Json(
        repo::with_tags(&state.pool, bounded(params.limit)).await?,
    ))
}
